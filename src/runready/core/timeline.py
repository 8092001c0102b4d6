"""A history sorted by start time, so that rules read only the window they need."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import datetime, timedelta

from runready.core.model import Session, SessionType


class Timeline:
    """Past sessions (those started at or before ``now``) in start order."""

    def __init__(self, sessions: Iterable[Session], now: datetime) -> None:
        self.now = now
        self.sessions = tuple(
            sorted((s for s in sessions if s.start <= now), key=lambda s: s.start)
        )
        self._starts = [s.start for s in self.sessions]
        self.runs = tuple(s for s in self.sessions if s.type is SessionType.RUN)
        self._run_starts = [s.start for s in self.runs]

    def __len__(self) -> int:
        return len(self.sessions)

    def last(self, span: timedelta) -> list[Session]:
        """Return the sessions that started within ``span`` before now."""
        return list(self.sessions[bisect.bisect_left(self._starts, self.now - span) :])

    def runs_in(self, span: timedelta) -> list[Session]:
        """Return the runs that started within ``span`` before now."""
        return list(self.runs[bisect.bisect_left(self._run_starts, self.now - span) :])
