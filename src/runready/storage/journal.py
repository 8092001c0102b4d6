"""The journal store: sessions with their sets, check-ins, and the same activity from two
sources recognised as one."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row, delete, func, select
from sqlalchemy.orm import Session as DbSession

from runready.core.model import CheckIn, Session, SessionType
from runready.storage import mapping
from runready.storage.records import StoredSession
from runready.storage.tables import CheckInRow, ImportRow, SessionRow, SetRow, SourceRow

#: Two sessions of one family are the same activity when their starts are within
#: max(60 s, 5 % of the duration), capped at 5 min, and their durations within max(1 min, 10 %).
DUPLICATE_START_MIN = timedelta(seconds=60)
DUPLICATE_START_MAX = timedelta(minutes=5)
DUPLICATE_START_SHARE = 0.05
DUPLICATE_DURATION_SHARE = 0.10
DUPLICATE_DURATION_MIN = 1.0
#: Session types that describe the same activity across sources (a GPX "run" vs a FIT "run").
_FAMILY = {SessionType.WALK.value: "foot", SessionType.RUN.value: "foot"}


@dataclass(frozen=True, slots=True)
class Counts:
    """How many rows an athlete owns, per table."""

    sessions: int
    sets: int
    checkins: int
    sources: int
    imports: int


def _family(kind: str) -> str:
    return _FAMILY.get(kind, kind)


class JournalStore:
    """Sessions and check-ins in one unit of work; ``changed`` marks the athlete's data as
    changed, so the unit of work bumps its version once at commit."""

    def __init__(self, session: DbSession, changed: Callable[[uuid.UUID, bool], None]) -> None:
        self._s = session
        self._changed = changed

    def add_session(
        self,
        athlete_id: uuid.UUID,
        session: Session,
        *,
        source_format: str,
        now: datetime,
        source_id: uuid.UUID | None = None,
        sport: str | None = None,
        external_id: str | None = None,
    ) -> uuid.UUID:
        """Store a session with its strength sets; return its id."""
        row = mapping.session_row(
            athlete_id,
            session,
            source_format=source_format,
            source_id=source_id,
            sport=sport,
            external_id=external_id,
            now=now,
        )
        self._s.add(row)
        self._s.add_all(mapping.set_rows(athlete_id, row.id, session))
        self._changed(athlete_id, True)
        return row.id

    def delete_session(self, athlete_id: uuid.UUID, session_id: uuid.UUID) -> bool:
        """Delete one session (and its sets); return False when there was none."""
        self._s.execute(
            delete(SetRow).where(SetRow.athlete_id == athlete_id, SetRow.session_id == session_id)
        )
        result = self._s.execute(
            delete(SessionRow).where(
                SessionRow.athlete_id == athlete_id, SessionRow.id == session_id
            )
        )
        self._changed(athlete_id, True)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def duplicate_of(self, athlete_id: uuid.UUID, session: Session) -> uuid.UUID | None:
        """Return the id of a stored session that is the same activity (from any source)."""
        start = session.start.astimezone(UTC)
        rows = self._s.scalars(
            select(SessionRow).where(
                SessionRow.athlete_id == athlete_id,
                SessionRow.start_utc >= start - DUPLICATE_START_MAX,
                SessionRow.start_utc <= start + DUPLICATE_START_MAX,
            )
        )
        family = _family(session.type.value)
        mine = [session.duration_min] + ([session.moving_min] if session.moving_min else [])
        for row in rows:
            if _family(row.type) != family and SessionType.OTHER.value not in (
                row.type,
                session.type.value,
            ):
                continue
            theirs = [row.duration_min] + ([row.moving_min] if row.moving_min else [])
            longest = max(mine + theirs)
            window = min(
                DUPLICATE_START_MAX,
                max(DUPLICATE_START_MIN, timedelta(minutes=DUPLICATE_START_SHARE * longest)),
            )
            if abs(row.start_utc - start) > window:
                continue
            tolerance = max(DUPLICATE_DURATION_MIN, DUPLICATE_DURATION_SHARE * longest)
            if any(abs(a - b) <= tolerance for a in mine for b in theirs):
                return row.id
        return None

    def merge_missing(self, athlete_id: uuid.UUID, session_id: uuid.UUID, session: Session) -> bool:
        """Fill the stored session's empty fields from another copy; return True if any
        changed."""
        row = self._s.get(SessionRow, (athlete_id, session_id))
        if row is None:
            return False
        changed = False
        values = {
            "distance_km": session.distance_km,
            "avg_hr_bpm": session.avg_hr_bpm,
            "max_hr_bpm": session.max_hr_bpm,
            "elevation_loss_m": session.elevation_loss_m,
            "moving_min": session.moving_min,
            "rpe": session.rpe,
            "kind": session.kind.value if session.kind else None,
            "name": session.name,
            "hr_histogram": {str(b): s for b, s in session.hr_histogram} or None,
        }
        for field, value in values.items():
            if value is not None and getattr(row, field) is None:
                setattr(row, field, value)
                changed = True
        if row.type == SessionType.OTHER.value and session.type is not SessionType.OTHER:
            row.type = session.type.value
            changed = True
        if changed:
            self._changed(athlete_id, True)
        return changed

    def history(
        self,
        athlete_id: uuid.UUID,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[StoredSession]:
        """Return stored sessions started in [since, until], oldest first, with their sets.

        Plain rows, not ORM objects: advice reads years of sessions and their sets, and
        building tracked objects for each would cost several times the reading.
        """
        table = SessionRow.__table__
        query = select(table).where(table.c.athlete_id == athlete_id)
        if since is not None:
            query = query.where(table.c.start_utc >= since.astimezone(UTC))
        if until is not None:
            query = query.where(table.c.start_utc <= until.astimezone(UTC))
        rows = list(self._s.execute(query.order_by(table.c.start_utc)))
        strength_ids = [r.id for r in rows if r.type == SessionType.STRENGTH.value]
        sets: dict[uuid.UUID, list[Row[Any]]] = defaultdict(list)
        columns = SetRow.__table__.c
        for chunk in _chunks(strength_ids, 500):
            for set_row in self._s.execute(
                select(SetRow.__table__)
                .where(columns.athlete_id == athlete_id, columns.session_id.in_(chunk))
                .order_by(columns.session_id, columns.position)
            ):
                sets[set_row.session_id].append(set_row)
        return [
            StoredSession(
                row.id, mapping.session_of(row, sets.get(row.id)), row.source_format, row.sport
            )
            for row in rows
        ]

    def add_checkin(self, athlete_id: uuid.UUID, checkin: CheckIn) -> None:
        """Store a check-in."""
        self._s.add(mapping.checkin_row(athlete_id, checkin))
        self._changed(athlete_id, False)

    def checkins(self, athlete_id: uuid.UUID, since: datetime, until: datetime) -> list[CheckIn]:
        """Return check-ins made in [since, until], oldest first."""
        rows = self._s.scalars(
            select(CheckInRow)
            .where(
                CheckInRow.athlete_id == athlete_id,
                CheckInRow.at_utc >= since.astimezone(UTC),
                CheckInRow.at_utc <= until.astimezone(UTC),
            )
            .order_by(CheckInRow.at_utc)
        )
        return [mapping.checkin_of(row) for row in rows]

    def counts(self, athlete_id: uuid.UUID) -> Counts:
        """Return the row counts of one athlete."""

        def count(
            table: type[SessionRow]
            | type[SetRow]
            | type[CheckInRow]
            | type[SourceRow]
            | type[ImportRow],
        ) -> int:
            return int(
                self._s.scalar(
                    select(func.count()).select_from(table).where(table.athlete_id == athlete_id)
                )
                or 0
            )

        return Counts(
            count(SessionRow), count(SetRow), count(CheckInRow), count(SourceRow), count(ImportRow)
        )


def _chunks(items: Sequence[uuid.UUID], size: int) -> list[Sequence[uuid.UUID]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
