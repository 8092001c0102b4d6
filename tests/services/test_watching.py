"""A watched folder: real files in tmp_path, a real watcher thread, a real database."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from bench import fitwriter
from hypothesis import given
from hypothesis import strategies as st

from runready.services import journal
from runready.services.watching import Look, Seen, settle, wanted, watch_folder
from runready.storage.records import FileReport
from store_support import me

START = datetime(2026, 11, 21, 7, 0, tzinfo=UTC)
#: Generous: the bar is 5 s, a loaded test machine gets three times that before failing.
DEADLINE_S = 15.0


def run_fit(minutes: int = 30) -> bytes:
    return fitwriter.activity(START, "running", minutes * 60, minutes * 200.0, hr_at=None)


def wait_for(done: Callable[[], bool]) -> bool:
    end = time.monotonic() + DEADLINE_S
    while time.monotonic() < end:
        if done():
            return True
        time.sleep(0.05)
    return done()


@pytest.fixture
def watched(db: Any, tmp_path: Path) -> Iterator[tuple[Path, list[FileReport]]]:
    """Run a watcher on a fresh folder in a thread; yield the folder and the reports so far."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    reports: list[FileReport] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=watch_folder,
        args=(db, me(db), folder, lambda: START, reports.append, stop),
        daemon=True,
    )
    thread.start()
    time.sleep(1.0)  # let the watcher register the folder before anything is written
    try:
        yield folder, reports
    finally:
        stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive()


def test_a_new_fit_in_the_watched_folder_is_imported_within_five_seconds(watched, db):
    folder, reports = watched
    began = time.monotonic()
    (folder / "morning.fit").write_bytes(run_fit())
    assert wait_for(lambda: bool(reports))
    waited = time.monotonic() - began
    assert waited < DEADLINE_S
    assert [(r.name, r.outcome, r.sessions_added) for r in reports] == [
        ("morning.fit", "imported", 1)
    ]
    assert len(journal.sessions(db, me(db))) == 1


def test_a_file_written_in_two_halves_with_a_pause_is_imported_once_and_complete(watched, db):
    folder, reports = watched
    data = run_fit(45)
    target = folder / "slow.fit"
    with target.open("wb") as fp:
        fp.write(data[: len(data) // 2])
        fp.flush()
        time.sleep(1.0)  # shorter than the settle time: the writer is still busy
        assert reports == []
        fp.write(data[len(data) // 2 :])
    assert wait_for(lambda: bool(reports))
    time.sleep(2.5)  # a second import would have happened by now
    assert [(r.outcome, r.sessions_added) for r in reports] == [("imported", 1)]
    (stored,) = journal.sessions(db, me(db))
    assert stored.session.duration_min == pytest.approx(45.0)


def test_the_same_file_copied_again_adds_nothing(watched, db, tmp_path):
    folder, reports = watched
    original = tmp_path / "run.fit"
    original.write_bytes(run_fit())
    shutil.copy(original, folder / "run.fit")
    assert wait_for(lambda: len(reports) == 1)
    shutil.copy(original, folder / "run (copy).fit")
    assert wait_for(lambda: len(reports) == 2)
    assert [r.outcome for r in reports] == ["imported", "duplicate"]
    assert len(journal.sessions(db, me(db))) == 1


def test_only_visible_training_files_are_watched():
    assert wanted("/x/Activity/2026-11-21.FIT")
    assert wanted("workouts.csv") and wanted("a.gpx") and wanted("b.tcx")
    assert not wanted(".syncthing.run.fit.tmp")
    assert not wanted(".hidden.fit")
    assert not wanted("notes.txt")


looks = st.builds(Look, st.integers(1, 10), st.integers(0, 3))


@given(st.lists(st.tuples(looks, st.floats(0, 5)), min_size=1, max_size=30))
def test_a_file_is_ready_only_after_one_look_held_for_the_settle_time(steps):
    path = Path("f.fit")
    waiting: dict[Path, Seen] = {}
    clock = 0.0
    held_since = 0.0
    previous: Look | None = None
    for current, gap in steps:
        clock += gap
        if current != previous:
            held_since = clock
        waiting, ready = settle(waiting, {path: current}, clock, settle_s=2.0)
        assert (ready == [path]) == (previous == current and clock - held_since >= 2.0)
        if ready:
            break
        previous = current


def test_a_file_gone_or_emptied_stops_waiting():
    seen = {Path("a.fit"): Seen(Look(5, 1), 0.0)}
    assert settle(seen, {Path("a.fit"): None}, 10.0) == ({}, [])


def test_watch_prints_one_line_per_import_and_ctrl_c_stops_cleanly(database_url, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    env = {
        "RUNREADY_DATABASE_URL": database_url,
        "RUNREADY_HOME": str(tmp_path / "home"),
        "PATH": "/usr/bin:/bin",
        "TZ": "Europe/Berlin",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "runready", "watch", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith(f"watching {folder}")
        time.sleep(1.0)  # the watcher registers the folder after printing
        (folder / "run.fit").write_bytes(run_fit())
        line = proc.stdout.readline()
        assert "imported" in line and "run.fit (1 sessions)" in line
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert out.strip() == "stopped watching"
