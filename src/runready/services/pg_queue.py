"""The queue on PostgreSQL: procrastinate, with one `runready worker` process or many.

Each import job is deferred with its athlete's lock, so one athlete's jobs run one after
another whichever worker takes them (the store step holds the athlete's database lock too).
Workers beat a heartbeat; a job whose worker fell silent (killed, or cut off from the
database) goes back to the queue within ``STALLED_AFTER_S`` plus ``RESCUE_EVERY_S`` and
another worker runs it. A worker whose connection drops reconnects and goes on; a job the
database kept breaking off is tried again later, ``ATTEMPTS`` times in all.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import uuid
from contextlib import suppress
from datetime import timedelta
from typing import Any

from runready.services import jobs
from runready.storage.database import Database
from runready.storage.errors import StorageUnavailable
from runready.storage.records import AthleteId

log = logging.getLogger(__name__)

TASK = "runready.import"
#: Tries of one job when the database stays unavailable, waiting 2, 4, 8, 16 s between them.
ATTEMPTS = 5
RETRY_EXPONENTIAL_WAIT_S = 2
HEARTBEAT_S = 2.0
#: A worker silent this long is taken for dead, and its jobs are run again.
STALLED_AFTER_S = 10.0
RESCUE_EVERY_S = 2.0
#: Waits before starting a worker again after its connection to the database broke.
RESTART_WAITS_S = (0.5, 1.0, 2.0, 5.0)
#: How often a running worker checks whether it was asked to stop.
STOP_CHECK_S = 0.2
#: A job queued this long ago that no worker has touched was never handed to the queue.
UNTOUCHED = timedelta(minutes=2)


def _lock(athlete_id: AthleteId) -> str:
    return f"runready-athlete-{athlete_id}"


class ProcrastinateQueue:
    """Import jobs in procrastinate's tables, run by any number of workers."""

    def __init__(self, db: Database) -> None:
        from procrastinate import App, PsycopgConnector, SyncPsycopgConnector

        self._db = db
        self.name = f"{db.name}@{socket.gethostname()}:{os.getpid()}"
        pool: dict[str, Any] = {
            "conninfo": db.conninfo,
            "kwargs": {"application_name": db.name[:63]},
        }
        self._deferrer = App(connector=SyncPsycopgConnector(**pool, min_size=1, max_size=2))
        self._opened = False
        self._open_lock = threading.Lock()
        self._app = App(connector=PsycopgConnector(**pool, min_size=1, max_size=4))
        self._ran = 0
        self._register()

    def _register(self) -> None:
        from procrastinate import JobContext, RetryStrategy

        retry = RetryStrategy(
            max_attempts=ATTEMPTS,
            exponential_wait=RETRY_EXPONENTIAL_WAIT_S,
            retry_exceptions={StorageUnavailable},
        )

        def run_import(context: JobContext, athlete_id: str, job_id: str) -> None:
            athlete, job = AthleteId(uuid.UUID(athlete_id)), uuid.UUID(job_id)
            self._ran += 1
            try:
                jobs.run(self._db, athlete, job, self.name)
            except StorageUnavailable:
                if context.job.attempts + 1 >= ATTEMPTS:
                    jobs.give_up(self._db, athlete, job)
                    return
                raise

        self._app.task(name=TASK, pass_context=True, retry=retry)(run_import)

    def defer_import(self, athlete_id: AthleteId, job_id: uuid.UUID) -> None:
        """Queue the job under its athlete's lock (a job already waiting is not queued twice)."""
        from procrastinate.exceptions import AlreadyEnqueued, ConnectorException

        with self._open_lock:
            if not self._opened:
                self._deferrer.open()
                self._opened = True
        task = self._deferrer.configure_task(
            TASK, lock=_lock(athlete_id), queueing_lock=f"runready-job-{job_id}"
        )
        try:
            task.defer(athlete_id=str(athlete_id), job_id=str(job_id))
        except AlreadyEnqueued:
            pass
        except ConnectorException as exc:
            raise StorageUnavailable(f"the job queue cannot be reached: {exc}") from exc

    def work(self, stop: threading.Event, once: bool = False) -> int:
        """Run jobs until ``stop`` is set (or none is left, with ``once``); return how many."""
        self._ran = 0
        jobs.requeue_waiting(self._db, self, UNTOUCHED)
        asyncio.run(self._work(stop, once))
        return self._ran

    async def _work(self, stop: threading.Event, once: bool) -> None:
        failures = 0
        while not stop.is_set():
            wait = RESTART_WAITS_S[min(failures, len(RESTART_WAITS_S) - 1)]
            failures += 1
            try:
                async with self._app.open_async():
                    await self._run_worker(stop, once)
                if once or stop.is_set():
                    return
                # It stopped by itself: its heartbeat or listener lost the connection.
                log.warning("the worker lost the database; starting again in %.1f s", wait)
            except Exception:
                log.exception("the worker lost the database; starting again in %.1f s", wait)
            await asyncio.sleep(wait)

    async def _run_worker(self, stop: threading.Event, once: bool) -> None:
        worker = asyncio.create_task(
            self._app.run_worker_async(
                name=self.name,
                wait=not once,
                install_signal_handlers=False,
                update_heartbeat_interval=HEARTBEAT_S,
                stalled_worker_timeout=STALLED_AFTER_S,
                fetch_job_polling_interval=1.0,
                abort_job_polling_interval=5.0,
            )
        )
        helpers = [asyncio.create_task(self._rescue()), asyncio.create_task(_until(stop))]
        try:
            await asyncio.wait([worker, helpers[1]], return_when=asyncio.FIRST_COMPLETED)
            if not worker.done():
                worker.cancel()  # a graceful stop: the running job finishes first
                with suppress(asyncio.CancelledError):
                    await worker
            if not worker.cancelled():
                worker.result()  # a worker that broke raises here, and is started again
        finally:
            for helper in helpers:
                helper.cancel()
            await asyncio.gather(*helpers, return_exceptions=True)

    async def _rescue(self) -> None:
        """Queue again the jobs of workers that stopped beating (killed, or cut off)."""
        from procrastinate.exceptions import ProcrastinateException

        manager = self._app.job_manager
        while True:
            await asyncio.sleep(RESCUE_EVERY_S)
            try:
                stalled = await manager.get_stalled_jobs(
                    task_name=TASK, seconds_since_heartbeat=STALLED_AFTER_S
                )
                for job in stalled:
                    log.warning("job %s lost its worker; queueing it again", job.id)
                    with suppress(ProcrastinateException):  # another worker was quicker
                        await manager.retry_job(job)
            except Exception:
                log.exception("looking for jobs of dead workers failed; trying again")

    def close(self) -> None:
        """Close the deferring connections."""
        with self._open_lock:
            if self._opened:
                self._deferrer.close()
                self._opened = False


async def _until(stop: threading.Event) -> None:
    while not stop.is_set():
        await asyncio.sleep(STOP_CHECK_S)
