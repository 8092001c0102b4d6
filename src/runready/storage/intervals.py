"""The intervals.icu link store: where each athlete's plan is pushed, and what was pushed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session as DbSession

from runready.storage.tables import IntervalsLinkRow


@dataclass(frozen=True, slots=True)
class IntervalsLinkRecord:
    """An athlete's intervals.icu link; the API key stays sealed here."""

    base_url: str
    remote_athlete: str
    sealed_key: str
    pushed: dict[str, int]


class IntervalsStore:
    """intervals.icu links in one unit of work."""

    def __init__(self, session: DbSession) -> None:
        self._s = session

    def link(self, athlete_id: uuid.UUID, lock: bool = False) -> IntervalsLinkRecord | None:
        """Return the athlete's link, None when there is none (``lock``: one push at once)."""
        row = self._s.get(IntervalsLinkRow, athlete_id, with_for_update=lock)
        if row is None:
            return None
        pushed = {str(k): int(v) for k, v in row.pushed.items()}
        return IntervalsLinkRecord(row.base_url, row.remote_athlete, row.sealed_key, pushed)

    def put_link(
        self,
        athlete_id: uuid.UUID,
        base_url: str,
        remote_athlete: str,
        sealed_key: str,
        now: datetime,
    ) -> None:
        """Make or replace the athlete's link (a new place forgets what was pushed before)."""
        row = self._s.get(IntervalsLinkRow, athlete_id)
        if row is None:
            row = IntervalsLinkRow(athlete_id=athlete_id, pushed={})
            self._s.add(row)
        if (row.base_url, row.remote_athlete) != (base_url, remote_athlete):
            row.pushed = {}
        row.base_url, row.remote_athlete, row.sealed_key = base_url, remote_athlete, sealed_key
        row.updated_at = now.astimezone(UTC)

    def set_pushed(self, athlete_id: uuid.UUID, pushed: dict[str, int], now: datetime) -> None:
        """Record the events now on intervals.icu (external id → its event id)."""
        row = self._s.get(IntervalsLinkRow, athlete_id)
        if row is not None:
            row.pushed = dict(pushed)
            row.updated_at = now.astimezone(UTC)
