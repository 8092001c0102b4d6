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
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath

from sqlalchemy import case, delete, select, update
from sqlalchemy.orm import Session as DbSession

from runready.core.errors import InvalidInput
from runready.services import importing
from runready.storage.database import Database
from runready.storage.mapping import new_id
from runready.storage.tables import AthleteRow, ImportRow, JobFileRow, JobRow

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
        results={},
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
        return _view(job, _files(s, athlete_id, [job_id])[job_id])


def recent(db: Database, athlete_id: uuid.UUID, limit: int = 10) -> list[dict[str, object]]:
    """Return the athlete's latest jobs, newest first."""
    with db.transaction() as s:
        found = list(
            s.scalars(
                select(JobRow)
                .where(JobRow.athlete_id == athlete_id)
                .order_by(JobRow.created_at.desc())
                .limit(limit)
            )
        )
        files = _files(s, athlete_id, [job.id for job in found])
        return [_view(job, files[job.id]) for job in found]


def _files(
    s: DbSession, athlete_id: uuid.UUID, job_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[importing.FileReport]]:
    """Return each job's file reports in the order the files were imported."""
    found: dict[uuid.UUID, list[importing.FileReport]] = defaultdict(list)
    if job_ids:
        rows = s.scalars(
            select(ImportRow)
            .where(ImportRow.athlete_id == athlete_id, ImportRow.job_id.in_(job_ids))
            .order_by(ImportRow.job_id, ImportRow.position)
        )
        for row in rows:
            assert row.job_id is not None
            found[row.job_id].append(importing.FileReport.of(row))
    return found


def _view(job: JobRow, files: list[importing.FileReport]) -> dict[str, object]:
    """Return the JSON shape of a job (jobs from before 0004 kept their files in ``results``)."""
    counts = dict(Counter(f.outcome for f in files)) if files else job.results.get("counts", {})
    return {
        "id": str(job.id),
        "kind": job.kind,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "counts": counts,
        "files": [f.as_dict() for f in files] if files else job.results.get("files", []),
        "error": job.error,
        "created_at": job.created_at.isoformat(),
    }


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
            _start(db, athlete_id, job_id, importing.estimate_files(paths))

            def progress(_report: importing.FileReport) -> None:
                _record(db, athlete_id, job_id)

            importing.import_paths(db, name, paths, datetime.now(UTC), progress, job_id)
        _finish(db, athlete_id, job_id, DONE, None)
    except Exception as exc:  # a job must end, whatever went wrong, with the reason kept
        _finish(db, athlete_id, job_id, FAILED, f"{type(exc).__name__}: {exc}")


def _start(db: Database, athlete_id: uuid.UUID, job_id: uuid.UUID, total: int | None) -> None:
    """Set the expected total and start counting afresh (a re-run after a dead worker)."""
    with db.transaction() as s:
        # An earlier attempt's rows stay in the import log but leave this job's report.
        s.execute(
            update(ImportRow)
            .where(ImportRow.athlete_id == athlete_id, ImportRow.job_id == job_id)
            .values(job_id=None, position=None)
        )
        s.execute(
            update(JobRow)
            .where(JobRow.athlete_id == athlete_id, JobRow.id == job_id)
            .values(total=total, done=0, results={}, updated_at=_now())
        )


def _record(db: Database, athlete_id: uuid.UUID, job_id: uuid.UUID) -> None:
    """Count one more file done: a small write of fixed size, however long the job is."""
    done = JobRow.done + 1
    with db.transaction() as s:
        s.execute(
            update(JobRow)
            .where(JobRow.athlete_id == athlete_id, JobRow.id == job_id)
            .values(
                done=done,
                total=case((JobRow.total < done, done), else_=JobRow.total),
                updated_at=_now(),
            )
        )


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
