"""Real processes on PostgreSQL: two `runready worker` and two `runready import` at once lose
nothing and double nothing; a worker whose database connections are cut, or a worker killed
outright, does not lose the job it was running.

Waiting is bounded by polling against a generous deadline, never by timing assertions.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest
from bench.history import write
from sqlalchemy import func, select, text

from runready.services import jobs
from runready.services.queue import JobQueue, open_queue
from runready.storage.blobs import FolderBlobStore
from runready.storage.database import Database
from runready.storage.tables import SessionRow, SourceRow
from store_support import me

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

DEADLINE_S = 240.0


def _gpx(day: int, creator: str = "watch", pad: str = "") -> bytes:
    """Return a real 36-minute run; ``creator`` and ``pad`` change the bytes, not the run."""
    points = "".join(
        f'<trkpt lat="{52.5 + i * 0.0004:.6f}" lon="13.4">'
        f"<time>2026-03-{day:02d}T08:{i:02d}:00Z</time></trkpt>{pad}"
        for i in range(0, 37, 2)
    )
    return (
        f'<?xml version="1.0"?><gpx version="1.1" creator="{creator}" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        f"{points}</trkseg></trk></gpx>"
    ).encode()


def _until(done: Callable[[], bool], what: str, deadline_s: float = DEADLINE_S) -> None:
    """Poll until ``done()``; fail naming ``what`` if the generous deadline passes first."""
    deadline = time.monotonic() + deadline_s
    while not done():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what} after {deadline_s:.0f} s")
        time.sleep(0.2)


@dataclass
class Rig:
    """The database, the data folder the processes share, and the processes started."""

    db: Database
    queue: JobQueue
    url: str
    home: Path
    logs: Path
    started: list[subprocess.Popen[str]] = field(default_factory=list)
    files: list[IO[str]] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "RUNREADY_DATABASE_URL": self.url, "RUNREADY_HOME": str(self.home)}

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start ``runready ARGS`` with its output in files (a full pipe would block it)."""
        number = len(self.started)
        out, err = (self.logs / f"{number}.out").open("w"), (self.logs / f"{number}.err").open("w")
        self.files += [out, err]
        process = subprocess.Popen(
            [sys.executable, "-m", "runready", *args], env=self.env, stdout=out, stderr=err
        )
        self.started.append(process)
        return process

    def output(self, process: subprocess.Popen[str]) -> tuple[str, str]:
        """Return what a started process printed, (stdout, stderr)."""
        number = self.started.index(process)
        return (self.logs / f"{number}.out").read_text(), (self.logs / f"{number}.err").read_text()

    def job(self, job_id: uuid.UUID) -> dict[str, Any]:
        found = jobs.status(self.db, me(self.db), job_id)
        assert found is not None
        return found

    def settled(self, *job_ids: uuid.UUID) -> bool:
        return all(self.job(j)["status"] in (jobs.DONE, jobs.FAILED) for j in job_ids)

    def backends_of(self, process: subprocess.Popen[str]) -> int:
        """Return how many database connections the worker process holds now."""
        with self.db.read() as connection:
            return int(
                connection.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"),
                    {"name": f"runready-worker-{process.pid}"},
                ).scalar_one()
            )

    def cut_off(self, process: subprocess.Popen[str]) -> int:
        """Terminate every database backend of the worker process; return how many."""
        with self.db.read() as connection:
            cut = connection.execute(
                text(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                    "FROM pg_stat_activity WHERE application_name = :name"
                ),
                {"name": f"runready-worker-{process.pid}"},
            ).scalar_one()
            connection.commit()
        return int(cut)

    def sessions(self) -> list[Any]:
        with self.db.read() as connection:
            return list(connection.execute(select(SessionRow.start_utc, SessionRow.source_id)))


@pytest.fixture
def rig(database_url: str, tmp_path: Path) -> Iterator[Rig]:
    home = tmp_path / "home"
    db = Database(database_url, blobs=FolderBlobStore(home / "originals"))
    me(db)  # the default athlete, the one `runready import` uses
    logs = tmp_path / "logs"
    logs.mkdir()
    found = Rig(db, open_queue(db), database_url, home, logs)
    try:
        yield found
    finally:
        for process in found.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in found.started:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for handle in found.files:
            handle.close()
        found.queue.close()
        db.close()


def test_two_workers_and_two_imports_at_once_store_everything_once_and_fail_nothing(
    rig: Rig, tmp_path: Path
) -> None:
    folder = write(tmp_path / "export", 16, minutes=(20, 35))
    twice = ("run-3.gpx", _gpx(3))
    variants = [("run-5-watch.gpx", _gpx(5, "watch")), ("run-5-phone.gpx", _gpx(5, "phone", " "))]
    uploads = [(p.name, p.read_bytes()) for p in folder.files]
    workers = [rig.start("worker") for _ in range(2)]
    athlete = me(rig.db)
    queued = [
        jobs.enqueue_import(rig.db, rig.queue, athlete, [twice, variants[0]]),
        jobs.enqueue_import(rig.db, rig.queue, athlete, [twice, variants[1]]),
        jobs.enqueue_import(rig.db, rig.queue, athlete, uploads),
    ]
    imports = [rig.start("import", str(tmp_path / "export"), "--json") for _ in range(2)]

    _until(lambda: all(p.poll() is not None for p in imports), "both imports to end")
    _until(lambda: rig.settled(*queued), "the three jobs to end")
    assert all(w.poll() is None for w in workers), "both workers are still running"

    for process in imports:
        out, err = rig.output(process)
        assert process.returncode == 0, err
    reports = [json.loads(rig.output(p)[0])["files"] for p in imports]
    states = [rig.job(j) for j in queued]
    assert [s["status"] for s in states] == ["done"] * 3, [s["error"] for s in states]
    assert [len(s["files"]) for s in states] == [2, 2, 16], "every uploaded file is reported"
    assert [len(r) for r in reports] == [16, 16]

    every = [f for s in states for f in s["files"]] + [f for r in reports for f in r]
    assert {f["outcome"] for f in every} == {"imported", "duplicate"}
    imported = Counter(Path(f["name"]).name for f in every if f["outcome"] == "imported")
    assert imported == dict.fromkeys([twice[0], *(p.name for p in folder.files)], 1) | {
        next(n for n, _ in variants if imported[n]): 1
    }
    variant_reports = [f for s in states[:2] for f in s["files"] if f["name"].startswith("run-5")]
    assert sorted(f["sessions_added"] for f in variant_reports) == [0, 1]

    sessions = rig.sessions()
    assert len(sessions) == 16 + 1 + 1, "one session per activity, whoever imported it"
    assert len({s.start_utc for s in sessions}) == len(sessions)
    with rig.db.read() as connection:
        sources = connection.execute(select(func.count()).select_from(SourceRow)).scalar()
    assert sources == 16 + 1 + 2, "each distinct file kept once (both variants' bytes)"


def test_a_worker_whose_database_connections_are_cut_mid_job_completes_the_job(
    rig: Rig, tmp_path: Path
) -> None:
    folder = write(tmp_path / "export", 40, minutes=(20, 35))
    worker = rig.start("worker")
    job = jobs.enqueue_import(
        rig.db, rig.queue, me(rig.db), [(p.name, p.read_bytes()) for p in folder.files]
    )
    _until(lambda: rig.job(job)["done"] >= 5, "the job to be under way")
    assert rig.job(job)["status"] == "running"
    assert rig.cut_off(worker) >= 1, "the worker held connections to cut"
    at_cut = rig.job(job)["done"]
    _until(lambda: at_cut < rig.job(job)["done"] < 40, "the job to go on after the cut")
    _until(lambda: rig.cut_off(worker) >= 1, "connections to cut once more, mid-job")

    _until(lambda: rig.settled(job), "the job to end")
    state = rig.job(job)
    assert state["status"] == "done", state["error"]
    assert state["done"] == state["total"] == 40
    assert Counter(f["outcome"] for f in state["files"]) == {"imported": 40}
    assert len(rig.sessions()) == 40
    assert worker.poll() is None, "the worker survived losing its connections"
    _until(lambda: rig.backends_of(worker) >= 1, "the worker to be connected again")


def test_a_job_of_a_worker_killed_outright_is_finished_by_the_other_worker(
    rig: Rig, tmp_path: Path
) -> None:
    folder = write(tmp_path / "export", 40, minutes=(20, 35))
    workers = [rig.start("worker") for _ in range(2)]
    job = jobs.enqueue_import(
        rig.db, rig.queue, me(rig.db), [(p.name, p.read_bytes()) for p in folder.files]
    )
    _until(lambda: rig.job(job)["done"] >= 5, "the job to be under way")
    running = rig.job(job)
    with rig.db.read() as connection:
        holder = connection.execute(
            text("SELECT worker FROM jobs WHERE id = :id"), {"id": job}
        ).scalar_one()
    [doomed] = [w for w in workers if holder.endswith(f":{w.pid}")]
    [survivor] = [w for w in workers if w is not doomed]
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait()

    _until(lambda: rig.settled(job), "the other worker to finish the job")
    state = rig.job(job)
    assert state["status"] == "done", state["error"]
    assert running["done"] < state["done"] == state["total"] == 40
    assert Counter(f["outcome"] for f in state["files"]) == {"imported": 40}
    sessions = rig.sessions()
    assert len(sessions) == 40 and len({s.start_utc for s in sessions}) == 40
    with rig.db.read() as connection:
        finisher = connection.execute(
            text("SELECT worker FROM jobs WHERE id = :id"), {"id": job}
        ).scalar_one()
    assert finisher.endswith(f":{survivor.pid}")
    assert survivor.poll() is None
