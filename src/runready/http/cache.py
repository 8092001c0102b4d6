"""A small per-process cache of computed answers, keyed by the athlete's data version.

Every change to an athlete's data bumps its version in the database, so a cached answer is
never stale and processes need not share anything: each may hold its own copy. Requests that
miss the same key at once wait for one computation instead of each starting their own.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Hashable

from starlette.concurrency import run_in_threadpool


class AnswerCache:
    """An LRU of encoded answers, computed off the event loop, once per key."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._pending: dict[Hashable, asyncio.Future[bytes]] = {}

    async def get(self, key: Hashable, compute: Callable[[], bytes]) -> bytes:
        """Return the answer for ``key``, computing it in a worker thread on a miss."""
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
            return found
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        pending = asyncio.ensure_future(run_in_threadpool(compute))
        self._pending[key] = pending
        try:
            value = await pending
        finally:
            del self._pending[key]
        self._items[key] = value
        if len(self._items) > self._size:
            self._items.popitem(last=False)
        return value
