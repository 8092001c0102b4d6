"""A small per-process cache of computed answers, keyed by the athlete's data version.

Every change to an athlete's data bumps its version in the database, so a cached answer is
never stale and processes need not share anything: each may hold its own copy.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class AnswerCache:
    """A thread-safe LRU of encoded answers."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], bytes]) -> bytes:
        """Return the cached answer for ``key``, computing and keeping it on a miss."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        value = compute()
        with self._lock:
            self._items[key] = value
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        return value
