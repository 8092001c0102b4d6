"""The queue in runready's own jobs table, for SQLite: one process, jobs run on a thread.

Claiming is a conditional UPDATE, so two threads (or processes) never run the same job; a job
left running by a worker that died is queued again once it has been silent for ``STALE``.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from datetime import UTC, datetime, timedelta

from runready.services import jobs
from runready.storage.database import Database
from runready.storage.errors import StorageUnavailable
from runready.storage.records import AthleteId

STALE = timedelta(minutes=10)  # a running job not heard from this long is run again
POLL_S = 0.5


class TableQueue:
    """Jobs claimed from the jobs table."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._queued = threading.Event()

    def defer_import(self, _athlete_id: AthleteId, _job_id: uuid.UUID) -> None:
        """Wake the waiting worker: the job's row is the queue entry."""
        self._queued.set()

    def work(self, stop: threading.Event, once: bool = False) -> int:
        """Claim and run jobs until ``stop`` is set (or the queue is empty, with ``once``)."""
        worker = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
        requeue_stale(self._db)
        ran = 0
        while not stop.is_set():
            claimed = claim(self._db, worker)
            if claimed is None:
                if once:
                    break
                self._queued.wait(POLL_S)
                self._queued.clear()
                continue
            try:
                jobs.run(self._db, *claimed, worker)
            except StorageUnavailable:
                jobs.give_up(self._db, *claimed)
            ran += 1
        return ran

    def close(self) -> None:
        """Nothing to release: the jobs table shares the app's connections."""


def _now() -> datetime:
    return datetime.now(UTC)


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
