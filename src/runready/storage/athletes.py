"""The athletes store: profiles, the default athlete, owners and the coaches who see them."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, delete, func, select, update
from sqlalchemy.orm import Session as DbSession

from runready.core.errors import RunreadyError
from runready.storage.mapping import athlete_of, new_id
from runready.storage.records import AthleteId, AthleteRecord
from runready.storage.tables import (
    AthleteRow,
    Base,
    CheckInRow,
    CoachLinkRow,
    FeedbackRow,
    ImportRow,
    IntervalsLinkRow,
    JobFileRow,
    JobRow,
    PlannedRow,
    PlanSettingsRow,
    PredictionRow,
    PublishedEventRow,
    ReadinessRow,
    SessionRow,
    SetRow,
    SourceRow,
    WellnessRow,
)

DEFAULT_ATHLETE = "me"
#: The first key of the advisory lock that serialises one athlete's imports ("rrim").
IMPORT_LOCK_CLASS = 0x7272696D
#: Athlete-owned tables, children before parents, so deletes never trip a foreign key.
OWNED_TABLES: tuple[type[Base], ...] = (
    ReadinessRow,
    PublishedEventRow,
    IntervalsLinkRow,
    JobFileRow,
    JobRow,
    PlannedRow,
    PlanSettingsRow,
    CoachLinkRow,
    CheckInRow,
    FeedbackRow,
    WellnessRow,
    PredictionRow,
    SetRow,
    SessionRow,
    ImportRow,
    SourceRow,
)
#: Profile fields a change may set (the store maps enums to their values).
PROFILE_FIELDS = frozenset(
    {
        "name",
        "goal",
        "policy",
        "sex",
        "age_years",
        "hr_max_bpm",
        "hr_rest_bpm",
        "lifting_experience_months",
        "weight_unit",
        "timezone",
        "calibrate",
    }
)


class UnknownAthlete(RunreadyError):
    """No athlete by that name (or id) exists in this database."""


def record_of(row: AthleteRow | Row[Any]) -> AthleteRecord:
    """Return the record of an athlete row (a mapped object or a plain row of the table)."""
    return AthleteRecord(
        id=AthleteId(row.id),
        name=row.name,
        is_default=row.is_default,
        athlete=athlete_of(row),
        weight_unit=row.weight_unit,
        timezone=row.timezone,
        user_id=row.user_id,
        is_demo=row.is_demo,
        data_version=row.data_version,
        created_at=row.created_at,
        sessions_version=row.sessions_version,
    )


class AthleteStore:
    """Athletes in one unit of work."""

    def __init__(
        self, session: DbSession, deleted: Callable[[uuid.UUID], None] = lambda _id: None
    ) -> None:
        self._s = session
        self._deleted = deleted

    def _row(self, athlete_id: uuid.UUID) -> AthleteRow:
        row = self._s.get(AthleteRow, athlete_id)
        if row is None:
            raise UnknownAthlete("no such athlete")
        return row

    def get(self, athlete_id: uuid.UUID) -> AthleteRecord:
        """Return the athlete with this id."""
        return record_of(self._row(athlete_id))

    def find(self, athlete_id: uuid.UUID) -> AthleteRecord | None:
        """Return the athlete with this id, or None."""
        row = self._s.get(AthleteRow, athlete_id)
        return record_of(row) if row is not None else None

    def named(self, name: str | None) -> AthleteRecord:
        """Return the athlete called ``name``, or the default one when ``name`` is None."""
        if name is None:
            row = self._s.scalars(select(AthleteRow).where(AthleteRow.is_default)).first()
            if row is None:
                row = self._s.scalars(select(AthleteRow).order_by(AthleteRow.created_at)).first()
            if row is None:
                raise UnknownAthlete(
                    "no athlete yet: create one with `runready athlete --name NAME`"
                )
            return record_of(row)
        row = self._s.scalars(select(AthleteRow).where(AthleteRow.name == name)).first()
        if row is None:
            known = ", ".join(self._s.scalars(select(AthleteRow.name).order_by(AthleteRow.name)))
            raise UnknownAthlete(f"no athlete named {name!r} (known: {known or 'none'})")
        return record_of(row)

    def exists(self, name: str) -> bool:
        """Return True when an athlete has this name."""
        return self._s.scalar(select(AthleteRow.id).where(AthleteRow.name == name)) is not None

    def all(self) -> list[AthleteRecord]:
        """Return every athlete, the default first."""
        rows = self._s.scalars(
            select(AthleteRow).order_by(AthleteRow.is_default.desc(), AthleteRow.name)
        )
        return [record_of(row) for row in rows]

    def count(self) -> int:
        """Return how many athletes there are."""
        return int(self._s.scalar(select(func.count()).select_from(AthleteRow)) or 0)

    def add(
        self,
        name: str,
        timezone: str,
        now: datetime,
        user_id: uuid.UUID | None = None,
        is_demo: bool = False,
        **profile: Any,
    ) -> AthleteRecord:
        """Add an athlete (general goal, balanced policy unless given); the first is default."""
        values: dict[str, Any] = {"goal": "general", "policy": "balanced", "weight_unit": "kg"}
        values.update({k: _plain(v) for k, v in profile.items()})
        row = AthleteRow(
            id=new_id(),
            name=name,
            is_default=self.count() == 0,
            timezone=timezone,
            created_at=now.astimezone(UTC),
            user_id=user_id,
            is_demo=is_demo,
            **values,
        )
        athlete_of(row)  # the core refuses impossible profiles before anything is written
        self._s.add(row)
        self._s.flush()
        return record_of(row)

    def change(self, athlete_id: uuid.UUID, changes: dict[str, Any]) -> AthleteRecord:
        """Apply profile changes (the core checks the result) and return the athlete."""
        unknown = set(changes) - PROFILE_FIELDS
        if unknown:
            raise ValueError(f"not profile fields: {sorted(unknown)}")
        row = self._row(athlete_id)
        for field, value in changes.items():
            setattr(row, field, _plain(value))
        athlete_of(row)
        self._s.flush()
        return record_of(row)

    def make_default(self, athlete_id: uuid.UUID) -> None:
        """Make this athlete the only default one."""
        self._s.execute(update(AthleteRow).values(is_default=False))
        self._row(athlete_id).is_default = True

    def adopt(self, user_id: uuid.UUID) -> AthleteRecord | None:
        """Give the first athlete without an owner (the command line's) to ``user_id``."""
        row = self._s.scalars(
            select(AthleteRow)
            .where(AthleteRow.user_id.is_(None))
            .order_by(AthleteRow.is_default.desc())
        ).first()
        if row is None:
            return None
        row.user_id = user_id
        return record_of(row)

    def free_name(self, wanted: str) -> str:
        """Return ``wanted``, or ``wanted (2)``, ``(3)``…: the first name nobody has."""
        taken = set(
            self._s.scalars(select(AthleteRow.name).where(AthleteRow.name.startswith(wanted)))
        )
        name, n = wanted, 1
        while name in taken:
            n += 1
            name = f"{wanted} ({n})"
        return name

    def owned_by(self, user_id: uuid.UUID) -> list[AthleteRecord]:
        """Return the account's own athletes, demo last."""
        rows = self._s.scalars(
            select(AthleteRow)
            .where(AthleteRow.user_id == user_id)
            .order_by(AthleteRow.is_demo, AthleteRow.name)
        )
        return [record_of(row) for row in rows]

    def coached_by(self, coach_id: uuid.UUID) -> list[AthleteRecord]:
        """Return the athletes linked to a coach, by name."""
        rows = self._s.scalars(
            select(AthleteRow)
            .join(CoachLinkRow, CoachLinkRow.athlete_id == AthleteRow.id)
            .where(CoachLinkRow.coach_id == coach_id)
            .order_by(AthleteRow.name)
        )
        return [record_of(row) for row in rows]

    def view(self, athlete_id: uuid.UUID, user_id: uuid.UUID) -> tuple[AthleteRecord, bool] | None:
        """Return the athlete and whether ``user_id`` coaches it, or None when it is missing.

        Two plain queries, the second only when the athlete is not the user's own: cheaper per
        request than one with a join."""
        row = self._s.get(AthleteRow, athlete_id)
        if row is None:
            return None
        coached = row.user_id != user_id and (
            self._s.get(CoachLinkRow, (athlete_id, user_id)) is not None
        )
        return record_of(row), coached

    def delete_with_data(self, athlete_id: uuid.UUID) -> None:
        """Delete the athlete and every row it owns."""
        for table in OWNED_TABLES:
            self._s.execute(delete(table).where(table.__table__.c.athlete_id == athlete_id))
        self._s.delete(self._row(athlete_id))
        self._s.flush()
        self._deleted(athlete_id)

    def hold_imports(self, athlete_id: uuid.UUID) -> None:
        """Wait until no other transaction stores an import for the athlete, then hold them off.

        Call it first in the unit of work: it lasts until the commit. PostgreSQL takes a
        transaction-scoped advisory lock on the athlete. SQLite has one writer at a time, but a
        transaction that read first cannot become the writer once another has committed, so
        the no-op write takes the write lock before anything is read.
        """
        if self._s.get_bind().dialect.name == "postgresql":
            key = int.from_bytes(hashlib.blake2b(athlete_id.bytes, digest_size=4).digest(), "big")
            self._s.execute(select(func.pg_advisory_xact_lock(IMPORT_LOCK_CLASS, key - 2**31)))
            return
        self._s.execute(
            update(AthleteRow)
            .where(AthleteRow.id == athlete_id)
            .values(data_version=AthleteRow.data_version)
        )


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value
