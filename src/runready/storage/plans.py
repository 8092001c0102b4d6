"""The plans store: planning settings (windows, template, calendar token) and planned sessions."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from runready.storage.mapping import aware, new_id, offset_min
from runready.storage.records import AthleteId, PlannedRecord, PlanSettingsRecord
from runready.storage.tables import PlannedRow, PlanSettingsRow, PublishedEventRow

PLANNED, CANCELLED = "planned", "cancelled"


def new_feed_token() -> str:
    """Return a fresh calendar feed secret."""
    return secrets.token_urlsafe(24)


def _settings(row: PlanSettingsRow) -> PlanSettingsRecord:
    return PlanSettingsRecord(
        dict(row.availability),
        list(row.template.get("sessions", [])),
        row.rest_days_min,
        row.feed_token,
        [int(m) for m in (row.alarms or {}).get("minutes_before", [])],
    )


def _planned(row: PlannedRow) -> PlannedRecord:
    return PlannedRecord(
        row.id,
        row.type,
        row.kind,
        row.focus,
        aware(row.start_utc, row.utc_offset_min),
        row.duration_min,
        list(row.reasons.get("reasons", [])),
        row.status,
        row.sequence,
        row.updated_at,
    )


class PlanStore:
    """Planning settings and planned sessions in one unit of work."""

    def __init__(self, session: DbSession) -> None:
        self._s = session

    def _settings_row(
        self, athlete_id: uuid.UUID, now: datetime, lock: bool = False
    ) -> PlanSettingsRow:
        row = self._s.get(PlanSettingsRow, athlete_id, with_for_update=lock)
        if row is None:
            row = PlanSettingsRow(
                athlete_id=athlete_id,
                availability={},
                template={"sessions": []},
                rest_days_min=1,
                feed_token=new_feed_token(),
                alarms={"minutes_before": []},
                updated_at=now.astimezone(UTC),
            )
            self._s.add(row)
            self._s.flush()
        return row

    def settings(self, athlete_id: uuid.UUID, now: datetime) -> PlanSettingsRecord:
        """Return the athlete's planning settings (empty ones on first use)."""
        return _settings(self._settings_row(athlete_id, now))

    def change_settings(
        self, athlete_id: uuid.UUID, now: datetime, **changes: Any
    ) -> PlanSettingsRecord:
        """Change some of ``availability``, ``template``, ``rest_days_min``, ``feed_token``,
        ``alarms_min``."""
        row = self._settings_row(athlete_id, now)
        for field in ("availability", "rest_days_min", "feed_token"):
            if field in changes:
                setattr(row, field, changes[field])
        if "template" in changes:
            row.template = {"sessions": changes["template"]}
        if "alarms_min" in changes:
            row.alarms = {"minutes_before": changes["alarms_min"]}
        row.updated_at = now.astimezone(UTC)
        return _settings(row)

    def lock(self, athlete_id: uuid.UUID, now: datetime) -> None:
        """Hold the athlete's settings row until the unit of work ends (one re-plan at once)."""
        self._settings_row(athlete_id, now, lock=True)

    def athlete_of_feed(self, token: str) -> AthleteId | None:
        """Return the athlete whose calendar feed secret is ``token``."""
        found = self._s.scalar(
            select(PlanSettingsRow.athlete_id).where(PlanSettingsRow.feed_token == token)
        )
        return AthleteId(found) if found is not None else None

    def planned(
        self,
        athlete_id: uuid.UUID,
        since: datetime,
        until: datetime | None = None,
        cancelled: bool = False,
    ) -> list[PlannedRecord]:
        """Return planned sessions starting in [since, until), by start; cancelled on request."""
        query = select(PlannedRow).where(
            PlannedRow.athlete_id == athlete_id, PlannedRow.start_utc >= since.astimezone(UTC)
        )
        if until is not None:
            query = query.where(PlannedRow.start_utc < until.astimezone(UTC))
        if not cancelled:
            query = query.where(PlannedRow.status == PLANNED)
        return [_planned(row) for row in self._s.scalars(query.order_by(PlannedRow.start_utc))]

    def planned_one(self, athlete_id: uuid.UUID, planned_id: uuid.UUID) -> PlannedRecord | None:
        """Return one planned session of the athlete (cancelled or not), None if unknown."""
        row = self._s.get(PlannedRow, (athlete_id, planned_id))
        return _planned(row) if row is not None else None

    def add_planned(
        self,
        athlete_id: uuid.UUID,
        kind: tuple[str, str | None, str | None],
        start: datetime,
        duration_min: int,
        reasons: list[object],
        now: datetime,
    ) -> uuid.UUID:
        """Store a planned session (``kind`` is its type, run kind and focus)."""
        type_, run_kind, focus = kind
        row = PlannedRow(
            athlete_id=athlete_id,
            id=new_id(),
            type=type_,
            kind=run_kind,
            focus=focus,
            start_utc=start.astimezone(UTC),
            utc_offset_min=offset_min(start),
            duration_min=duration_min,
            reasons={"reasons": reasons},
            status=PLANNED,
            sequence=0,
            created_at=now.astimezone(UTC),
            updated_at=now.astimezone(UTC),
        )
        self._s.add(row)
        return row.id

    def update_planned(
        self,
        athlete_id: uuid.UUID,
        planned_id: uuid.UUID,
        now: datetime,
        *,
        start: datetime | None = None,
        duration_min: int | None = None,
        reasons: list[object] | None = None,
        cancel: bool = False,
    ) -> None:
        """Move, re-explain or cancel a planned session; a move or a cancel bumps SEQUENCE."""
        row = self._s.get(PlannedRow, (athlete_id, planned_id))
        if row is None:
            return
        moved = (start is not None and row.start_utc != start.astimezone(UTC)) or (
            duration_min is not None and row.duration_min != duration_min
        )
        if start is not None:
            row.start_utc = start.astimezone(UTC)
            row.utc_offset_min = offset_min(start)
        if duration_min is not None:
            row.duration_min = duration_min
        if reasons is not None:
            row.reasons = {"reasons": reasons}
        if cancel:
            row.status = CANCELLED
        if moved or cancel:
            row.sequence += 1
        row.updated_at = now.astimezone(UTC)

    def publish(
        self, athlete_id: uuid.UUID, uid: str, fingerprint: str, floor: int, now: datetime
    ) -> int:
        """Record that the feed publishes ``uid`` with ``fingerprint`` and return its SEQUENCE:
        one more than last time when the fingerprint moved, never less than ``floor``."""
        row = self._s.get(PublishedEventRow, (athlete_id, uid))
        if row is None:
            row = PublishedEventRow(
                athlete_id=athlete_id,
                uid=uid,
                sequence=floor,
                fingerprint=fingerprint,
                published_at=now.astimezone(UTC),
            )
            self._s.add(row)
            return floor
        if row.fingerprint != fingerprint:
            row.sequence += 1
            row.fingerprint = fingerprint
            row.published_at = now.astimezone(UTC)
        row.sequence = max(row.sequence, floor)
        return row.sequence
