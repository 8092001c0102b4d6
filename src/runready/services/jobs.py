"""Background jobs in the database: any process may queue, claim and run them.

SQLite (one person, one process) runs them on a thread inside the web app; PostgreSQL
deployments run `runready worker` processes next to stateless web workers. Claiming is a
conditional UPDATE, so two workers never run the same job.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath

from sqlalchemy import delete, select, update

from runready.core.errors import InvalidInput
from runready.services import importing
from runready.storage import repository
from runready.storage.database import Database
from runready.storage.mapping import new_id
from runready.storage.tables import AthleteRow, JobFileRow, JobRow

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STALE = timedelta(minutes=10)  # a running job not heard from this long is run again
POLL_S = 0.5


def _now() -> datetime:
    return datetime.now(UTC)


def enqueue_import(
    db: Database, athlete_id: uuid.UUID, files: Sequence[tuple[str, bytes]]
) -> uuid.UUID:
    """Queue an import of uploaded files for an athlete; return the job id."""
    if not files:
        raise InvalidInput("files", "choose at least one file")
    job = JobRow(
        athlete_id=athlete_id,
        id=new_id(),
        kind="import",
        status=QUEUED,
        total=None,
        done=0,
        results={"files": [], "counts": {}},
        error=None,
        worker=None,
        created_at=_now(),
        updated_at=_now(),
    )
    with db.transaction() as s:
        s.add(job)
        s.flush()
        for position, (name, content) in enumerate(files):
            s.add(
                JobFileRow(
                    athlete_id=athlete_id,
                    job_id=job.id,
                    position=position,
                    name=name[:500],
                    content=content,
                )
            )
    return job.id


def status(db: Database, athlete_id: uuid.UUID, job_id: uuid.UUID) -> dict[str, object] | None:
    """Return a job's progress and per-file results, or None when there is no such job."""
    with db.transaction() as s:
        job = s.get(JobRow, (athlete_id, job_id))
        if job is None:
            return None
        return {
            "id": str(job.id),
            "kind": job.kind,
            "status": job.status,
            "total": job.total,
            "done": job.done,
            "counts": job.results.get("counts", {}),
            "files": job.results.get("files", []),
            "error": job.error,
            "created_at": job.created_at.isoformat(),
        }


def recent(db: Database, athlete_id: uuid.UUID, limit: int = 10) -> list[dict[str, object]]:
    """Return the athlete's latest jobs, newest first."""
    with db.transaction() as s:
        ids = list(
            s.scalars(
                select(JobRow.id)
                .where(JobRow.athlete_id == athlete_id)
                .order_by(JobRow.created_at.desc())
                .limit(limit)
            )
        )
    return [found for job_id in ids if (found := status(db, athlete_id, job_id)) is not None]


def claim(db: Database, worker: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    """Take the oldest queued job; return (athlete id, job id), or None when there is none."""
    for _ in range(5):
        with db.transaction() as s:
            job = s.scalars(
                select(JobRow).where(JobRow.status == QUEUED).order_by(JobRow.created_at).limit(1)
            ).first()
            if job is None:
                return None
            won = s.execute(
                update(JobRow)
                .where(
                    JobRow.athlete_id == job.athlete_id,
                    JobRow.id == job.id,
                    JobRow.status == QUEUED,
                )
                .values(status=RUNNING, worker=worker, updated_at=_now())
            )
            if won.rowcount == 1:  # type: ignore[attr-defined]
                return job.athlete_id, job.id
    return None


def requeue_stale(db: Database) -> int:
    """Queue again the running jobs whose worker went silent (it died mid-job)."""
    with db.transaction() as s:
        result = s.execute(
            update(JobRow)
            .where(JobRow.status == RUNNING, JobRow.updated_at < _now() - STALE)
            .values(status=QUEUED, worker=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def _safe_name(name: str) -> str:
    """Return the uploaded file's own name, made safe to write (no folders, no odd signs)."""
    base = PurePosixPath(name.replace("\\", "/")).name
    return "".join(c for c in base if c.isalnum() or c in "._- ")[:120].strip(" .") or "upload"


def run(db: Database, athlete_id: uuid.UUID, job_id: uuid.UUID) -> None:
    """Run one claimed import job to the end, recording each file's outcome as it goes."""
    with db.transaction() as s:
        athlete = s.get(AthleteRow, athlete_id)
        files = [
            (f.position, f.name, f.content)
            for f in s.scalars(
                select(JobFileRow)
                .where(JobFileRow.athlete_id == athlete_id, JobFileRow.job_id == job_id)
                .order_by(JobFileRow.position)
            )
        ]
        name = athlete.name if athlete is not None else None
    try:
        if name is None:
            raise InvalidInput("athlete", "the athlete no longer exists")
        with tempfile.TemporaryDirectory(prefix="runready-import-") as folder:
            paths = []
            for position, original, content in files:
                path = Path(folder) / f"{position:04d}" / _safe_name(original)
                path.parent.mkdir()
                path.write_bytes(content)
                paths.append(path)
            total = importing.estimate_files(paths)
            _update(db, athlete_id, job_id, total=total)

            def progress(report: importing.FileReport) -> None:
                _record(db, athlete_id, job_id, report)

            importing.import_paths(db, name, paths, datetime.now(UTC), progress)
        _finish(db, athlete_id, job_id, DONE, None)
    except Exception as exc:  # a job must end, whatever went wrong, with the reason kept
        _finish(db, athlete_id, job_id, FAILED, f"{type(exc).__name__}: {exc}")


def _update(db: Database, athlete_id: uuid.UUID, job_id: uuid.UUID, total: int | None) -> None:
    with db.transaction() as s:
        job = s.get(JobRow, (athlete_id, job_id))
        if job is not None:
            job.total = total
            job.updated_at = _now()


def _record(
    db: Database, athlete_id: uuid.UUID, job_id: uuid.UUID, report: importing.FileReport
) -> None:
    with db.transaction() as s:
        job = s.get(JobRow, (athlete_id, job_id))
        if job is None:
            return
        results = dict(job.results)
        files = list(results.get("files", []))
        files.append(report.as_dict())
        counts = dict(results.get("counts", {}))
        counts[report.outcome] = counts.get(report.outcome, 0) + 1
        job.results = {"files": files, "counts": counts}
        job.done += 1
        if job.total is not None and job.done > job.total:
            job.total = job.done
        job.updated_at = _now()
        repository.bump_version(s, athlete_id)


def _finish(
    db: Database, athlete_id: uuid.UUID, job_id: uuid.UUID, state: str, error: str | None
) -> None:
    with db.transaction() as s:
        s.execute(
            delete(JobFileRow).where(
                JobFileRow.athlete_id == athlete_id, JobFileRow.job_id == job_id
            )
        )
        job = s.get(JobRow, (athlete_id, job_id))
        if job is not None:
            job.status, job.error, job.updated_at = state, error, _now()
            if state == DONE:
                job.total = job.done


def work(db: Database, stop: threading.Event, once: bool = False) -> int:
    """Claim and run jobs until ``stop`` is set (or the queue is empty, with ``once``)."""
    worker = f"{socket.gethostname()}:{threading.get_ident()}"
    requeue_stale(db)
    ran = 0
    while not stop.is_set():
        claimed = claim(db, worker)
        if claimed is None:
            if once:
                break
            stop.wait(POLL_S)
            continue
        run(db, *claimed)
        ran += 1
    return ran


def start_thread(db: Database) -> threading.Event:
    """Run jobs on a daemon thread of this process; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=work, args=(db, stop), name="runready-jobs", daemon=True).start()
    return stop
