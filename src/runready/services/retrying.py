"""Another try for work the database broke off: a lost connection, a deadlock, a conflict.

Each try runs a whole unit of work again from the start; the unit that failed was rolled back,
so a retry never half-repeats anything.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from runready.storage.errors import StorageUnavailable

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Backoff:
    """How often to try, and how long to wait between tries (doubling each time)."""

    attempts: int = 6
    first_wait_s: float = 0.2
    factor: float = 2.0
    longest_wait_s: float = 5.0

    def wait_s(self, attempt: int) -> float:
        """Return the wait after the ``attempt``-th failed try (counting from 0)."""
        return min(self.first_wait_s * self.factor**attempt, self.longest_wait_s)


#: About 10 s of tries: long enough for a database restart or a dropped connection.
DEFAULT = Backoff()


def retrying(
    action: Callable[[], T],
    backoff: Backoff = DEFAULT,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Return ``action()``, trying again while the database says a retry may work."""
    for attempt in range(backoff.attempts):
        try:
            return action()
        except StorageUnavailable as exc:
            if attempt + 1 == backoff.attempts:
                raise
            wait = backoff.wait_s(attempt)
            log.warning("database unavailable (%s); trying again in %.1f s", exc, wait)
            sleep(wait)
    raise AssertionError("unreachable: the last attempt returns or raises")
