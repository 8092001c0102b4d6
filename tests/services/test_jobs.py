"""Import jobs: every job runs once, dead workers' jobs run again, failures are kept in safe
words with the uploads not yet imported, and `runready worker` drains the queue (the jobs table
on SQLite, procrastinate on PostgreSQL)."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, update

from runready.services import athletes, jobs, journal, table_queue
from runready.services.athletes import AthleteId
from runready.services.queue import JobQueue, open_queue
from runready.storage.blobs import FolderBlobStore
from runready.storage.database import Database
from runready.storage.tables import ImportRow, JobFileRow, JobRow


@pytest.fixture
def queue(db: Database) -> Iterator[JobQueue]:
    """Yield the database's own queue: procrastinate on PostgreSQL, the jobs table on SQLite."""
    found = open_queue(db)
    try:
        yield found
    finally:
        found.close()


def _drain(queue: JobQueue) -> int:
    return queue.work(threading.Event(), once=True)


def _run_file(day: int) -> tuple[str, bytes]:
    body = "".join(
        f'<trkpt lat="52.5{i:02d}" lon="13.4"><time>2026-03-{day:02d}T08:{i:02d}:00Z</time></trkpt>'
        for i in range(0, 40, 4)
    )
    text = (
        '<?xml version="1.0"?><gpx version="1.1" creator="t" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        f"{body}</trkseg></trk></gpx>"
    )
    return f"run-{day}.gpx", text.encode()


def _athlete(db: Database) -> tuple[AthleteId, AthleteId]:
    """Return the test athlete's id twice: for the queue, and for reading what it stored."""
    profile = athletes.save(db, "ana", {}, create=True)
    return profile.id, profile.id


def test_two_workers_run_every_queued_job_exactly_once(db: Database, queue: JobQueue) -> None:
    athlete_id, name = _athlete(db)
    queued = [jobs.enqueue_import(db, queue, athlete_id, [_run_file(day)]) for day in range(1, 13)]
    stop = threading.Event()
    counts: list[int] = []
    workers = [
        threading.Thread(target=lambda: counts.append(open_queue(db).work(stop, once=True)))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert sum(counts) == len(queued)
    states = [jobs.status(db, athlete_id, job) for job in queued]  # type: ignore[arg-type]
    assert all(state is not None and state["status"] == "done" for state in states), [
        s.get("error") or s for s in states if s and s["status"] != "done"
    ]
    assert len(journal.sessions(db, name)) == 12
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(JobFileRow)) == 0


def test_a_job_left_running_by_a_dead_table_worker_is_run_again(db: Database) -> None:
    athlete_id, name = _athlete(db)
    queue = table_queue.TableQueue(db)
    job = jobs.enqueue_import(db, queue, athlete_id, [_run_file(3)])
    assert table_queue.claim(db, "worker-that-dies") == (athlete_id, job)
    assert table_queue.claim(db, "another") is None
    stale = datetime.now(UTC) - table_queue.STALE - timedelta(minutes=1)
    with db.transaction() as s:
        s.execute(update(JobRow).values(updated_at=stale))
    assert _drain(queue) == 1
    assert jobs.status(db, athlete_id, job)["status"] == "done"  # type: ignore[index]
    assert len(journal.sessions(db, name)) == 1


def test_a_job_that_breaks_ends_failed_in_safe_words_with_the_traceback_in_the_log(
    db: Database, queue: JobQueue, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    athlete_id, _name = _athlete(db)
    job = jobs.enqueue_import(db, queue, athlete_id, [_run_file(4)])

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full at /srv/secret/path")

    monkeypatch.setattr(jobs.importing, "import_paths", broken)
    with caplog.at_level(logging.ERROR, logger="runready.services.jobs"):
        assert _drain(queue) == 1
    state = jobs.status(db, athlete_id, job)
    assert state is not None
    assert state["status"] == "failed" and state["error"] == jobs.INTERNAL_ERROR
    assert "/srv/secret" not in str(state)
    logged = [r for r in caplog.records if r.name == "runready.services.jobs"]
    assert logged and logged[0].exc_info is not None
    assert "disk full at /srv/secret/path" in caplog.text
    with db.transaction() as s:  # the upload it could not import is kept for a retry
        assert s.scalar(select(func.count()).select_from(JobFileRow)) == 1


def test_a_failed_job_retried_imports_the_uploads_it_had_not_finished(
    db: Database, queue: JobQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    athlete_id, name = _athlete(db)
    job = jobs.enqueue_import(db, queue, athlete_id, [_run_file(15), _run_file(16), _run_file(17)])
    real = jobs.importing.import_paths
    calls: list[Path] = []

    def breaks_on_the_second_upload(*args: object, **kwargs: object) -> object:
        calls.append(args[2][0])  # type: ignore[index]
        if len(calls) == 2:
            raise OSError("the disk went away")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as broken:
        broken.setattr(jobs.importing, "import_paths", breaks_on_the_second_upload)
        assert _drain(queue) == 1
    failed = jobs.status(db, athlete_id, job)
    assert failed is not None and failed["status"] == "failed" and failed["done"] == 1
    with db.transaction() as s:
        kept = s.scalars(select(JobFileRow.name).order_by(JobFileRow.position)).all()
    assert kept == ["run-16.gpx", "run-17.gpx"]
    assert jobs.retry(db, queue, athlete_id, job)
    assert not jobs.retry(db, queue, athlete_id, job), "only a failed job is queued again"
    assert _drain(queue) == 1
    state = jobs.status(db, athlete_id, job)
    assert state is not None and state["status"] == "done" and state["error"] is None
    assert [(f["name"], f["outcome"]) for f in state["files"]] == [  # type: ignore[attr-defined, index]
        ("run-15.gpx", "imported"),
        ("run-16.gpx", "imported"),
        ("run-17.gpx", "imported"),
    ]
    assert state["done"] == state["total"] == 3
    assert len(journal.sessions(db, name)) == 3
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(JobFileRow)) == 0


def test_the_worker_command_drains_the_queue_and_stops(database_url: str, tmp_path: Path) -> None:
    blobs = FolderBlobStore(tmp_path / "originals")
    db = Database(database_url, blobs=blobs)
    queue = open_queue(db)
    try:
        athlete_id, name = _athlete(db)
        job = jobs.enqueue_import(db, queue, athlete_id, [_run_file(5), _run_file(6)])
    finally:
        queue.close()
        db.close()
    result = subprocess.run(
        [sys.executable, "-m", "runready", "worker", "--once"],
        capture_output=True,
        text=True,
        env={
            "RUNREADY_DATABASE_URL": database_url,
            "RUNREADY_HOME": str(tmp_path),
            "PATH": "/usr/bin:/bin",
        },
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "stopped after 1 jobs" in result.stdout
    db = Database(database_url, blobs=blobs)
    try:
        state = jobs.status(db, athlete_id, job)
        assert state is not None and state["status"] == "done" and state["done"] == 2
        assert len(journal.sessions(db, name)) == 2
    finally:
        db.close()


def test_a_jobs_report_lists_every_file_in_order_from_its_import_rows(
    db: Database, queue: JobQueue
) -> None:
    athlete_id, _name = _athlete(db)
    files = [_run_file(7), ("notes.txt", b"nothing to import"), _run_file(8), _run_file(7)]
    job = jobs.enqueue_import(db, queue, athlete_id, files)
    assert _drain(queue) == 1
    state = jobs.status(db, athlete_id, job)
    assert state is not None and state["status"] == "done"
    assert state["done"] == state["total"] == 4
    reports = state["files"]
    assert isinstance(reports, list)
    assert [(f["name"], f["outcome"]) for f in reports] == [
        ("run-7.gpx", "imported"),
        ("notes.txt", "skipped"),
        ("run-8.gpx", "imported"),
        ("run-7.gpx", "duplicate"),
    ]
    assert reports[0]["sessions_added"] == 1 and reports[0]["sessions_merged"] == 0
    assert state["counts"] == {"imported": 2, "skipped": 1, "duplicate": 1}
    with db.transaction() as s:
        stored = s.get(JobRow, (athlete_id, job))
        assert stored is not None and "files" not in stored.results
        linked = select(func.count()).select_from(ImportRow).where(ImportRow.job_id == job)
        assert s.scalar(linked) == 4


def test_a_job_run_again_after_its_worker_died_reports_each_file_once(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    athlete_id, name = _athlete(db)
    queue = table_queue.TableQueue(db)
    job = jobs.enqueue_import(db, queue, athlete_id, [_run_file(9), _run_file(10)])
    with monkeypatch.context() as dying:
        dying.setattr(jobs, "_end", lambda *_args: None)  # dies before it can finish
        dying.setattr(jobs, "_drop", lambda *_args: None)  # and before dropping an upload
        jobs.run(db, athlete_id, job, "worker-that-dies")
    jobs.run(db, athlete_id, job, "another")
    state = jobs.status(db, athlete_id, job)
    assert state is not None and state["status"] == "done" and state["done"] == 2
    reports = state["files"]
    assert [f["outcome"] for f in reports] == ["imported", "imported"]  # type: ignore[attr-defined, index]
    assert len(journal.sessions(db, name)) == 2


def test_a_job_from_before_import_rows_named_their_job_still_shows_its_files(
    db: Database,
) -> None:
    athlete_id, _name = _athlete(db)
    job = jobs.enqueue_import(db, table_queue.TableQueue(db), athlete_id, [_run_file(11)])
    kept = {"name": "old.fit", "outcome": "imported", "reason": None, "format": "fit"}
    kept |= {"sessions_added": 1, "sessions_merged": 0}
    with db.transaction() as s:
        s.execute(
            update(JobRow).values(
                status=jobs.DONE, done=1, results={"files": [kept], "counts": {"imported": 1}}
            )
        )
    state = jobs.status(db, athlete_id, job)
    assert state is not None
    assert state["files"] == [kept] and state["counts"] == {"imported": 1}


def test_the_latest_jobs_are_read_in_two_queries_however_many_there_are(
    db: Database, queue: JobQueue
) -> None:
    athlete_id, _name = _athlete(db)
    for day in (12, 13, 14):
        jobs.enqueue_import(db, queue, athlete_id, [_run_file(day)])
    assert _drain(queue) == 3
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        found = jobs.recent(db, athlete_id)  # type: ignore[arg-type]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(found) == 3 and all(len(job["files"]) == 1 for job in found)  # type: ignore[arg-type]
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2


def test_a_job_committed_but_never_handed_to_the_queue_is_run_when_a_worker_starts(
    db: Database, queue: JobQueue
) -> None:
    athlete_id, name = _athlete(db)
    untold = table_queue.TableQueue(db)  # commits the job and tells no worker on PostgreSQL
    job = jobs.enqueue_import(db, untold, athlete_id, [_run_file(18)])
    told = jobs.enqueue_import(db, queue, athlete_id, [_run_file(19)])
    with db.transaction() as s:
        s.execute(update(JobRow).values(updated_at=datetime.now(UTC) - timedelta(minutes=5)))
    assert _drain(queue) == 2, "the untold job runs, and the told one is not run twice"
    assert jobs.status(db, athlete_id, job)["status"] == "done"  # type: ignore[index]
    assert jobs.status(db, athlete_id, told)["status"] == "done"  # type: ignore[index]
    assert len(journal.sessions(db, name)) == 2
