"""The job queue port: how queued work reaches a worker.

Two adapters: on PostgreSQL, procrastinate (``services.pg_queue``), with any number of
`runready worker` processes; on SQLite, runready's own jobs table claimed by a thread of the
app (``services.table_queue``). Either way a job carries only ids: its row, uploads and report
stay in runready's tables, and ``jobs.run`` does the work.
"""

from __future__ import annotations

import threading
import uuid
from typing import Protocol

from runready.storage.database import Database
from runready.storage.records import AthleteId

__all__ = ["JobQueue", "open_queue", "start_thread"]


class JobQueue(Protocol):
    """Where queued jobs wait for a worker."""

    def defer_import(self, athlete_id: AthleteId, job_id: uuid.UUID) -> None:
        """Hand a queued import (its row and uploads committed) to the workers."""

    def work(self, stop: threading.Event, once: bool = False) -> int:
        """Run jobs until ``stop`` is set (or none is left, with ``once``); return how many."""

    def close(self) -> None:
        """Release the queue's connections."""


def open_queue(db: Database) -> JobQueue:
    """Return the queue for the database: procrastinate on PostgreSQL, the jobs table else."""
    if db.dialect == "postgresql":
        from runready.services.pg_queue import ProcrastinateQueue

        return ProcrastinateQueue(db)
    from runready.services.table_queue import TableQueue

    return TableQueue(db)


def start_thread(queue: JobQueue) -> threading.Event:
    """Run the queue's jobs on a daemon thread of this process; set the event to stop it."""
    stop = threading.Event()
    threading.Thread(target=queue.work, args=(stop,), name="runready-jobs", daemon=True).start()
    return stop
