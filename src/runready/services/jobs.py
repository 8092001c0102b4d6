"""Background import jobs: queue uploads, run a job to the end, report its progress.

A job's row, its uploads and its per-file report live in runready's own tables; the queue
(``services.queue``) only carries the job's ids to a worker. Running a job is idempotent: an
upload is deleted once every file in it is stored, so a job run again (after a dead worker, a
lost connection or a retry by the user) imports only the uploads it had not finished.
"""

from __future__ import annotations

import itertools
import logging
import tempfile
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from runready.core.errors import InvalidInput
from runready.services import importing, readiness
from runready.services.retrying import retrying
from runready.storage.database import Database
from runready.storage.errors import StorageUnavailable
from runready.storage.jobs import DONE, FAILED, QUEUED, RUNNING
from runready.storage.records import AthleteId, FileReport, JobRecord

if TYPE_CHECKING:
    from runready.services.queue import JobQueue

__all__ = [
    "DONE",
    "FAILED",
    "QUEUED",
    "RUNNING",
    "enqueue_import",
    "recent",
    "retry",
    "run",
    "status",
]
log = logging.getLogger(__name__)

#: What a person reads when a job stopped on a fault of ours; the traceback goes to the log.
INTERNAL_ERROR = (
    "the import stopped on an unexpected error; the files not yet imported are kept, "
    "so the import can be retried"
)
#: What a person reads when the database stayed away through every try.
UNAVAILABLE = (
    "the database could not be reached; the files not yet imported are kept, "
    "so the import can be retried"
)


def _now() -> datetime:
    return datetime.now(UTC)


def enqueue_import(
    db: Database, queue: JobQueue, athlete_id: AthleteId, files: Sequence[tuple[str, bytes]]
) -> uuid.UUID:
    """Queue an import of uploaded files for an athlete; return the job id.

    When the queue cannot take it, the job is marked failed with its uploads kept (a retry
    queues it again) and StorageUnavailable is raised.
    """
    if not files:
        raise InvalidInput("files", "choose at least one file")
    with db.unit() as uow:
        job_id = uow.jobs.add(athlete_id, "import", files, _now())
    _hand_over(db, queue, athlete_id, job_id)
    return job_id


def _hand_over(db: Database, queue: JobQueue, athlete_id: AthleteId, job_id: uuid.UUID) -> None:
    try:
        queue.defer_import(athlete_id, job_id)
    except StorageUnavailable:
        give_up(db, athlete_id, job_id)
        raise


def retry(db: Database, queue: JobQueue, athlete_id: AthleteId, job_id: uuid.UUID) -> bool:
    """Queue a failed job again with the uploads it kept; return False if it had not failed."""
    with db.unit() as uow:
        again = uow.jobs.retry(athlete_id, job_id, _now())
    if again:
        _hand_over(db, queue, athlete_id, job_id)
    return again


def requeue_waiting(db: Database, queue: JobQueue, untouched: timedelta) -> int:
    """Hand the queue again every job queued but untouched for ``untouched``; return how many.

    A process that stopped between committing a job and handing it to the queue left it
    waiting with no worker told; a job the queue still holds is not queued twice.
    """
    with db.unit() as uow:
        waiting = uow.jobs.queued_before(_now() - untouched)
    for athlete_id, job_id in waiting:
        queue.defer_import(athlete_id, job_id)
    return len(waiting)


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


def _safe_name(name: str) -> str:
    """Return the uploaded file's own name, made safe to write (no folders, no odd signs)."""
    base = PurePosixPath(name.replace("\\", "/")).name
    return "".join(c for c in base if c.isalnum() or c in "._- ")[:120].strip(" .") or "upload"


@dataclass(frozen=True, slots=True)
class _Upload:
    """An upload written to a private temporary folder for the importers."""

    position: int
    path: Path


def run(db: Database, athlete_id: AthleteId, job_id: uuid.UUID, worker: str) -> None:
    """Run one import job to the end, recording each file's outcome as it goes.

    A job that breaks ends ``failed`` with words a person can read, keeping the uploads it
    had not finished. StorageUnavailable (the database stayed away through every try) is
    raised for the queue to run the job again later.
    """
    try:
        _run(db, athlete_id, job_id, worker)
    except StorageUnavailable:
        raise
    except InvalidInput as exc:
        _end(db, athlete_id, job_id, FAILED, str(exc))
    except Exception:  # a job must end, whatever went wrong; the log keeps the traceback
        log.exception("import job %s of athlete %s failed", job_id, athlete_id)
        _end(db, athlete_id, job_id, FAILED, INTERNAL_ERROR)


def give_up(db: Database, athlete_id: AthleteId, job_id: uuid.UUID) -> None:
    """End a job the database kept breaking off as failed, if the database lets us say so."""
    log.error("import job %s of athlete %s: the database stayed unavailable", job_id, athlete_id)
    try:
        _end(db, athlete_id, job_id, FAILED, UNAVAILABLE)
    except StorageUnavailable:
        log.exception("import job %s stays unfinished: the database is unavailable", job_id)


def _run(db: Database, athlete_id: AthleteId, job_id: uuid.UUID, worker: str) -> None:
    with db.unit() as uow:
        job = uow.jobs.get(athlete_id, job_id)
        if job is None or job.status == DONE:
            return  # deleted with its athlete, or a second delivery of a job already done
        files = uow.jobs.files(athlete_id, job_id)
    with tempfile.TemporaryDirectory(prefix="runready-import-") as folder:
        uploads = []
        for position, original, content in files:
            path = Path(folder) / f"{position:04d}" / _safe_name(original)
            path.parent.mkdir()
            path.write_bytes(content)
            uploads.append(_Upload(position, path))
        first = retrying(partial(_start, db, athlete_id, job_id, worker, uploads))
        changed = False
        try:
            for upload in uploads:
                slot = importing.JobSlot(job_id, upload.position, first)
                progress = _counter(db, athlete_id, job_id, first)
                summary = importing.import_paths(
                    db, athlete_id, [upload.path], _now(), progress, slot
                )
                changed = changed or summary.changed
                first += len(summary.files)
                retrying(partial(_drop, db, athlete_id, job_id, upload.position))
        finally:
            if changed:  # once per job, also when it stopped halfway
                retrying(partial(readiness.refresh_athlete, db, athlete_id, _now()))
    retrying(partial(_end, db, athlete_id, job_id, DONE, None))


def _start(
    db: Database, athlete_id: AthleteId, job_id: uuid.UUID, worker: str, uploads: list[_Upload]
) -> int:
    """Mark the job running; return where its report goes on (after the finished uploads)."""
    estimate = importing.estimate_files(u.path for u in uploads) or 0
    with db.unit() as uow:
        first = uow.imports.resume_at(athlete_id, job_id, [u.position for u in uploads])
        uow.jobs.start(athlete_id, job_id, worker, first, first + estimate or None, _now())
    return first


def _counter(
    db: Database, athlete_id: AthleteId, job_id: uuid.UUID, first: int
) -> importing.Progress:
    """Return a progress callback counting the job's files on from ``first``."""
    done = itertools.count(first + 1)

    def progress(_report: FileReport) -> None:
        retrying(partial(_count, db, athlete_id, job_id, next(done)))

    return progress


def _count(db: Database, athlete_id: AthleteId, job_id: uuid.UUID, done: int) -> None:
    with db.unit() as uow:
        uow.jobs.count_done(athlete_id, job_id, done, _now())


def _drop(db: Database, athlete_id: AthleteId, job_id: uuid.UUID, position: int) -> None:
    with db.unit() as uow:
        uow.jobs.drop_file(athlete_id, job_id, position)


def _end(
    db: Database, athlete_id: AthleteId, job_id: uuid.UUID, state: str, error: str | None
) -> None:
    with db.unit() as uow:
        uow.jobs.finish(athlete_id, job_id, state, error, _now())
