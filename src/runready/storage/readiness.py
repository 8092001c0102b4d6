"""The readiness store: each athlete's outlook, kept current by the unit of work that changes
the athlete's data, and read for a whole squad in one query."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as DbSession

from runready.core.findings import Level
from runready.core.model import Intensity
from runready.core.outlook import Notice, Outlook
from runready.core.validation import Tally
from runready.core.vocabulary import Verdict, WarningCode
from runready.storage.athletes import record_of
from runready.storage.records import AthleteRecord
from runready.storage.tables import AthleteRow, CoachLinkRow, ReadinessRow

_EDGES = (Intensity.RECOVERY, Intensity.EASY, Intensity.MODERATE, Intensity.HARD)


class ReadinessStore:
    """Stored outlooks in one unit of work."""

    def __init__(self, session: DbSession) -> None:
        self._s = session

    def put(self, athlete_id: uuid.UUID, data_version: int, outlook: Outlook) -> None:
        """Store the athlete's outlook as made from data version ``data_version``: one upsert,
        so concurrent writers never collide, and never over an outlook of a newer version."""
        earliest = dict(outlook.earliest)
        values = {
            "data_version": data_version,
            "computed_at": outlook.at,
            "verdict": outlook.verdict.value,
            "max_intensity": outlook.max_intensity.label,
            "max_duration_min": outlook.max_duration_min,
            "earliest_recovery": earliest.get(Intensity.RECOVERY),
            "earliest_easy": earliest.get(Intensity.EASY),
            "earliest_moderate": earliest.get(Intensity.MODERATE),
            "earliest_hard": earliest.get(Intensity.HARD),
            "warnings": [notice.as_dict() for notice in outlook.warnings],
            "until": outlook.until,
            "multiplier": outlook.multiplier,
            "held": outlook.record.held,
            "too_loose": outlook.record.too_loose,
            "too_strict": outlook.record.too_strict,
        }
        dialect = self._s.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(ReadinessRow).values(athlete_id=athlete_id, **values)
        self._s.execute(
            statement.on_conflict_do_update(
                index_elements=[ReadinessRow.athlete_id],
                set_={name: statement.excluded[name] for name in values},
                where=ReadinessRow.data_version <= statement.excluded.data_version,
            )
        )

    def drop(self, athlete_id: uuid.UUID) -> None:
        """Forget the athlete's outlook (it is made afresh when next asked for)."""
        self._s.execute(delete(ReadinessRow).where(ReadinessRow.athlete_id == athlete_id))

    def board(self, user_id: uuid.UUID) -> list[tuple[AthleteRecord, Outlook | None, int | None]]:
        """Return the athletes an account owns, then those it coaches, by name, each with its
        stored outlook (in UTC) and the data version it was made from: one query, read as plain
        rows (a squad's worth of tracked objects would cost more than the query)."""
        athletes, stored = AthleteRow.__table__, ReadinessRow.__table__
        coached = select(CoachLinkRow.athlete_id).where(CoachLinkRow.coach_id == user_id)
        owned = athletes.c.user_id == user_id
        rows = self._s.execute(
            select(athletes, *(column.label(_PREFIX + column.name) for column in stored.c))
            .outerjoin(stored, stored.c.athlete_id == athletes.c.id)
            .where(or_(owned, athletes.c.id.in_(coached)))
            .order_by(case((owned, 0), else_=1), athletes.c.is_demo, athletes.c.name)
        )
        found: list[tuple[AthleteRecord, Outlook | None, int | None]] = []
        for row in rows:
            values = row._mapping
            if values[_PREFIX + "athlete_id"] is None:
                found.append((record_of(row), None, None))
            else:
                mine = {column.name: values[_PREFIX + column.name] for column in stored.c}
                found.append((record_of(row), _outlook(mine), mine["data_version"]))
        return found

    def of(self, athlete_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[Outlook, int]]:
        """Return the stored outlooks of some athletes, with their data versions."""
        stored = ReadinessRow.__table__
        rows = self._s.execute(select(stored).where(stored.c.athlete_id.in_(athlete_ids)))
        return {row.athlete_id: (_outlook(row._mapping), row.data_version) for row in rows}


#: Readiness columns are read beside the athlete's under this prefix (both have data_version).
_PREFIX = "readiness_"


def _outlook(row: Mapping[Any, Any]) -> Outlook:
    moments: tuple[datetime | None, ...] = (
        row["earliest_recovery"],
        row["earliest_easy"],
        row["earliest_moderate"],
        row["earliest_hard"],
    )
    return Outlook(
        at=row["computed_at"],
        verdict=Verdict(row["verdict"]),
        max_intensity=Intensity.parse(row["max_intensity"]),
        max_duration_min=row["max_duration_min"],
        earliest=tuple(zip(_EDGES, moments, strict=True)),
        warnings=tuple(
            Notice(WarningCode(w["code"]), Level(w["level"]), w["message"]) for w in row["warnings"]
        ),
        until=row["until"],
        multiplier=row["multiplier"],
        record=Tally(row["held"], row["too_loose"], row["too_strict"]),
    )
