"""Parsing on every core: a folder's files go to parser processes, results come back in order.

Parsing is pure CPU and each file stands alone, so a folder of activities parses on all cores
while the caller stores what is done. At most a few files per process are in flight, so memory
stays bounded however large the folder. One worker parses in this process, as before.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import tzinfo
from pathlib import Path
from types import TracebackType

from runready.importers.results import FileResult

#: Files in flight per parser process: enough to keep each busy while results are stored.
IN_FLIGHT_PER_WORKER = 4

Reader = Callable[[Path, str, tzinfo, str], list[FileResult]]
#: The result for a file whose parser process failed (it died, or its answer did not arrive).
Failed = Callable[[str, Path, Exception], FileResult]


class Parsers:
    """Parse files in ``workers`` processes (spawned, so safe beside threads), in order."""

    def __init__(self, workers: int, failed: Failed) -> None:
        self._workers = workers
        self._failed = failed
        self._pool: ProcessPoolExecutor | None = None
        self._pending: deque[tuple[Future[list[FileResult]], str, Path]] = deque()

    def __enter__(self) -> Parsers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def read(
        self, reader: Reader, path: Path, name: str, tz: tzinfo, weight_unit: str
    ) -> Iterator[FileResult]:
        """Parse one file: at once with one worker, else queued, yielding what is done first."""
        if self._workers <= 1:
            yield from reader(path, name, tz, weight_unit)
            return
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self._workers, context, initializer=_leave_with, initargs=(os.getpid(),)
            )
        job = self._pool.submit(reader, path, name, tz, weight_unit)
        self._pending.append((job, name, path))
        while len(self._pending) > self._workers * IN_FLIGHT_PER_WORKER:
            yield from self._next()

    def drain(self) -> Iterator[FileResult]:
        """Yield the results of every file still in flight, in the order they were given."""
        while self._pending:
            yield from self._next()

    def _next(self) -> list[FileResult]:
        job, name, path = self._pending.popleft()
        try:
            return job.result()
        except Exception as exc:  # a parser process died: this file is reported, the rest go on
            return [self._failed(name, path, exc)]


#: How often a parser process checks that the process it parses for is still there.
PARENT_CHECK_S = 0.2


def _leave_with(parent: int) -> None:
    """Make this parser process end when ``parent`` does (killed outright, it cannot say so)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="leave-with-parent", daemon=True).start()
