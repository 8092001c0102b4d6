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
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath

from runready.core.errors import InvalidInput
from runready.services import importing
from runready.storage.database import Database
from runready.storage.jobs import DONE, FAILED, QUEUED, RUNNING
from runready.storage.records import AthleteId, FileReport, JobRecord

STALE = timedelta(minutes=10)  # a running job not heard from this long is run again
POLL_S = 0.5
__all__ = ["DONE", "FAILED", "QUEUED", "RUNNING", "enqueue_import", "recent", "status", "work"]


def _now() -> datetime:
    return datetime.now(UTC)


def enqueue_import(
    db: Database, athlete_id: AthleteId, files: Sequence[tuple[str, bytes]]
) -> uuid.UUID:
    """Queue an import of uploaded files for an athlete; return the job id."""
    if not files:
        raise InvalidInput("files", "choose at least one file")
    with db.unit() as uow:
        return uow.jobs.add(athlete_id, "import", files, _now())


def status(db: Database, athlete_id: AthleteId, job_id: uuid.UUID) -> dict[str, object] | None:
    """Return a job's progress and per-file results, or None when there is no such job."""
    with db.unit() as uow:
        job = uow.jobs.get(athlete_id, job_id)
        if job is None:
            return None
        return _view(job, uow.imports.of_jobs(athlete_id, [job_id])[job_id])


def recent(db: Database, athlete_id: AthleteId, limit: int = 10) -> list[dict[str, object]]:
    """Return the athlete's latest jobs, newest first."""
    with db.unit() as uow:
        found = uow.jobs.recent(athlete_id, limit)
        files = uow.imports.of_jobs(athlete_id, [job.id for job in found])
        return [_view(job, files[job.id]) for job in found]


def _view(job: JobRecord, files: list[FileReport]) -> dict[str, object]:
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


def claim(db: Database, worker: str) -> tuple[AthleteId, uuid.UUID] | None:
    """Take the oldest queued job; return (athlete id, job id), or None when there is none."""
    for _ in range(5):
        with db.unit() as uow:
            job = uow.jobs.oldest_queued()
            if job is None:
                return None
            if uow.jobs.claim(job.athlete_id, job.id, worker, _now()):
                return job.athlete_id, job.id
    return None


def requeue_stale(db: Database) -> int:
    """Queue again the running jobs whose worker went silent (it died mid-job)."""
    with db.unit() as uow:
        return uow.jobs.requeue_stale(_now(), STALE)


def _safe_name(name: str) -> str:
    """Return the uploaded file's own name, made safe to write (no folders, no odd signs)."""
    base = PurePosixPath(name.replace("\\", "/")).name
    return "".join(c for c in base if c.isalnum() or c in "._- ")[:120].strip(" .") or "upload"


def run(db: Database, athlete_id: AthleteId, job_id: uuid.UUID) -> None:
    """Run one claimed import job to the end, recording each file's outcome as it goes."""
    with db.unit() as uow:
        exists = uow.athletes.find(athlete_id) is not None
        files = uow.jobs.files(athlete_id, job_id)
    try:
        if not exists:
            raise InvalidInput("athlete", "the athlete no longer exists")
        with tempfile.TemporaryDirectory(prefix="runready-import-") as folder:
            paths = []
            for position, original, content in files:
                path = Path(folder) / f"{position:04d}" / _safe_name(original)
                path.parent.mkdir()
                path.write_bytes(content)
                paths.append(path)
            with db.unit() as uow:
                # An earlier attempt's rows stay in the import log but leave this job's report.
                uow.imports.detach(athlete_id, job_id)
                uow.jobs.restart(athlete_id, job_id, importing.estimate_files(paths), _now())

            def progress(_report: FileReport) -> None:
                with db.unit() as uow:
                    uow.jobs.count_done(athlete_id, job_id, _now())

            importing.import_paths(db, athlete_id, paths, datetime.now(UTC), progress, job_id)
        _finish(db, athlete_id, job_id, DONE, None)
    except Exception as exc:  # a job must end, whatever went wrong, with the reason kept
        _finish(db, athlete_id, job_id, FAILED, f"{type(exc).__name__}: {exc}")


def _finish(
    db: Database, athlete_id: AthleteId, job_id: uuid.UUID, state: str, error: str | None
) -> None:
    with db.unit() as uow:
        uow.jobs.finish(athlete_id, job_id, state, error, _now())


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
