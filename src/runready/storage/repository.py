"""Queries and writes, one function per use; callers own the transaction."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row, delete, event, func, select, update
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import SessionTransaction

from runready.core.errors import RunreadyError
from runready.core.model import CheckIn, Session, SessionType
from runready.storage import mapping
from runready.storage.tables import (
    AthleteRow,
    CheckInRow,
    ImportRow,
    SessionRow,
    SetRow,
    SourceRow,
)

DEFAULT_ATHLETE = "me"
#: Two sessions of one family are the same activity when their starts are within
#: max(60 s, 5 % of the duration), capped at 5 min, and their durations within max(1 min, 10 %).
DUPLICATE_START_MIN = timedelta(seconds=60)
DUPLICATE_START_MAX = timedelta(minutes=5)
DUPLICATE_START_SHARE = 0.05
DUPLICATE_DURATION_SHARE = 0.10
DUPLICATE_DURATION_MIN = 1.0
#: Session types that describe the same activity across sources (a GPX "run" vs a FIT "run").
_FAMILY = {SessionType.WALK.value: "foot", SessionType.RUN.value: "foot"}


class UnknownAthlete(RunreadyError):
    """No athlete by that name exists in this database."""


def athlete(db: DbSession, name: str | None) -> AthleteRow:
    """Return the athlete called ``name``, or the default one when ``name`` is None."""
    if name is None:
        row = db.scalars(select(AthleteRow).where(AthleteRow.is_default)).first()
        if row is None:
            row = db.scalars(select(AthleteRow).order_by(AthleteRow.created_at)).first()
        if row is None:
            raise UnknownAthlete("no athlete yet: create one with `runready athlete --name NAME`")
        return row
    row = db.scalars(select(AthleteRow).where(AthleteRow.name == name)).first()
    if row is None:
        known = ", ".join(db.scalars(select(AthleteRow.name).order_by(AthleteRow.name))) or "none"
        raise UnknownAthlete(f"no athlete named {name!r} (known: {known})")
    return row


def athlete_by_id(db: DbSession, athlete_id: uuid.UUID) -> AthleteRow:
    """Return the athlete with this id."""
    row = db.get(AthleteRow, athlete_id)
    if row is None:
        raise UnknownAthlete("no such athlete")
    return row


def athletes(db: DbSession) -> list[AthleteRow]:
    """Return every athlete, default first."""
    return list(
        db.scalars(select(AthleteRow).order_by(AthleteRow.is_default.desc(), AthleteRow.name))
    )


def add_athlete(db: DbSession, row: AthleteRow) -> AthleteRow:
    """Add an athlete; the first one becomes the default."""
    if db.scalar(select(func.count()).select_from(AthleteRow)) == 0:
        row.is_default = True
    db.add(row)
    db.flush()
    return row


def make_default(db: DbSession, row: AthleteRow) -> None:
    """Make ``row`` the only default athlete."""
    db.execute(update(AthleteRow).values(is_default=False))
    row.is_default = True


def source_by_sha(db: DbSession, athlete_id: uuid.UUID, sha256: str) -> SourceRow | None:
    """Return the already-imported source with this content hash, if any."""
    return db.scalars(
        select(SourceRow).where(SourceRow.athlete_id == athlete_id, SourceRow.sha256 == sha256)
    ).first()


def _family(kind: str) -> str:
    return _FAMILY.get(kind, kind)


def duplicate_of(db: DbSession, athlete_id: uuid.UUID, session: Session) -> SessionRow | None:
    """Return a stored session that is the same activity as ``session`` (from any source)."""
    start = session.start.astimezone(UTC)
    rows = db.scalars(
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
            return row
    return None


def merge_missing(row: SessionRow, session: Session, name: str | None = None) -> bool:
    """Fill the stored session's empty fields from another copy; return True if any changed."""
    changed = False
    values = {
        "distance_km": session.distance_km,
        "avg_hr_bpm": session.avg_hr_bpm,
        "max_hr_bpm": session.max_hr_bpm,
        "elevation_loss_m": session.elevation_loss_m,
        "moving_min": session.moving_min,
        "rpe": session.rpe,
        "kind": session.kind.value if session.kind else None,
        "name": name or session.name,
        "hr_histogram": {str(b): s for b, s in session.hr_histogram} or None,
    }
    for field, value in values.items():
        if value is not None and getattr(row, field) is None:
            setattr(row, field, value)
            changed = True
    if row.type == SessionType.OTHER.value and session.type is not SessionType.OTHER:
        row.type = session.type.value
        changed = True
    return changed


def add_session(
    db: DbSession,
    athlete_id: uuid.UUID,
    session: Session,
    *,
    source_format: str,
    now: datetime,
    source_id: uuid.UUID | None = None,
    sport: str | None = None,
    external_id: str | None = None,
) -> SessionRow:
    """Store a session with its strength sets."""
    row = mapping.session_row(
        athlete_id,
        session,
        source_format=source_format,
        source_id=source_id,
        sport=sport,
        external_id=external_id,
        now=now,
    )
    db.add(row)
    db.add_all(mapping.set_rows(athlete_id, row.id, session))
    bump_version(db, athlete_id)
    return row


def delete_session(db: DbSession, athlete_id: uuid.UUID, session_id: uuid.UUID) -> bool:
    """Delete one session (and its sets); return False when there was none."""
    db.execute(
        delete(SetRow).where(SetRow.athlete_id == athlete_id, SetRow.session_id == session_id)
    )
    result = db.execute(
        delete(SessionRow).where(SessionRow.athlete_id == athlete_id, SessionRow.id == session_id)
    )
    bump_version(db, athlete_id)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def history(
    db: DbSession,
    athlete_id: uuid.UUID,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[tuple[Row[Any], Session]]:
    """Return stored sessions started in [since, until] as (row, core session with its sets).

    Plain rows, not ORM objects: advice reads years of sessions and their sets on every new
    minute, and building tracked objects for each would cost several times the reading.
    """
    table = SessionRow.__table__
    query = select(table).where(table.c.athlete_id == athlete_id)
    if since is not None:
        query = query.where(table.c.start_utc >= since.astimezone(UTC))
    if until is not None:
        query = query.where(table.c.start_utc <= until.astimezone(UTC))
    rows = list(db.execute(query.order_by(table.c.start_utc)))
    strength_ids = [r.id for r in rows if r.type == SessionType.STRENGTH.value]
    sets: dict[uuid.UUID, list[Row[Any]]] = defaultdict(list)
    columns = SetRow.__table__.c
    for chunk in _chunks(strength_ids, 500):
        for set_row in db.execute(
            select(SetRow.__table__)
            .where(columns.athlete_id == athlete_id, columns.session_id.in_(chunk))
            .order_by(columns.session_id, columns.position)
        ):
            sets[set_row.session_id].append(set_row)
    return [(row, mapping.session_of(row, sets.get(row.id))) for row in rows]


def _chunks(items: Sequence[uuid.UUID], size: int) -> list[Sequence[uuid.UUID]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def add_checkin(db: DbSession, athlete_id: uuid.UUID, checkin: CheckIn) -> CheckInRow:
    """Store a check-in."""
    row = mapping.checkin_row(athlete_id, checkin)
    db.add(row)
    bump_version(db, athlete_id)
    return row


def checkins(
    db: DbSession, athlete_id: uuid.UUID, since: datetime, until: datetime
) -> list[CheckIn]:
    """Return check-ins made in [since, until], oldest first."""
    rows = db.scalars(
        select(CheckInRow)
        .where(
            CheckInRow.athlete_id == athlete_id,
            CheckInRow.at_utc >= since.astimezone(UTC),
            CheckInRow.at_utc <= until.astimezone(UTC),
        )
        .order_by(CheckInRow.at_utc)
    )
    return [mapping.checkin_of(row) for row in rows]


@dataclass(frozen=True, slots=True)
class Counts:
    """How many rows an athlete owns, per table."""

    sessions: int
    sets: int
    checkins: int
    sources: int
    imports: int


def counts(db: DbSession, athlete_id: uuid.UUID) -> Counts:
    """Return the row counts of one athlete."""

    def count(
        table: type[SessionRow]
        | type[SetRow]
        | type[CheckInRow]
        | type[SourceRow]
        | type[ImportRow],
    ) -> int:
        return int(
            db.scalar(select(func.count()).select_from(table).where(table.athlete_id == athlete_id))
            or 0
        )

    return Counts(
        count(SessionRow), count(SetRow), count(CheckInRow), count(SourceRow), count(ImportRow)
    )


#: Session.info key: the athletes whose data this transaction changed.
_CHANGED = "runready.changed_athletes"


def bump_version(db: DbSession, athlete_id: uuid.UUID) -> None:
    """Mark the athlete's data as changed, so cached advice is recomputed.

    The version goes up once, when the transaction commits: an import storing thousands of
    sessions updates the athlete row once, not once per session.
    """
    db.info.setdefault(_CHANGED, set()).add(athlete_id)


@event.listens_for(DbSession, "before_commit")
def _bump_changed(db: DbSession) -> None:
    """Bump the data version of every athlete marked as changed in this transaction."""
    changed = db.info.pop(_CHANGED, None)
    if changed:
        db.execute(
            update(AthleteRow)
            .where(AthleteRow.id.in_(sorted(changed)))
            .values(data_version=AthleteRow.data_version + 1)
        )


@event.listens_for(DbSession, "after_soft_rollback")
def _forget_changed(db: DbSession, transaction: SessionTransaction) -> None:
    """Forget the marks of a transaction that was rolled back (a savepoint's are kept)."""
    if transaction.parent is None:
        db.info.pop(_CHANGED, None)
