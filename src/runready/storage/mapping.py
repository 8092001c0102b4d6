"""Rows ↔ core values, in both directions, with nothing lost."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Row

from runready.core.model import (
    Athlete,
    CheckIn,
    Exercise,
    ExerciseSet,
    Feel,
    Focus,
    Goal,
    Pain,
    PolicyName,
    Region,
    RunKind,
    Session,
    SessionType,
    Sex,
    Wellness,
)
from runready.core.text_limits import EXERCISE_NAME_MAX_CHARS
from runready.storage.tables import (
    AthleteRow,
    CheckInRow,
    SessionRow,
    SetRow,
    WellnessRow,
)


def new_id() -> uuid.UUID:
    """Return a time-ordered UUID (version 7 layout), so new rows cluster at the index end."""
    millis = time.time_ns() // 1_000_000
    raw = bytearray(millis.to_bytes(6, "big") + os.urandom(10))
    raw[6] = (raw[6] & 0x0F) | 0x70
    raw[8] = (raw[8] & 0x3F) | 0x80
    return uuid.UUID(bytes=bytes(raw))


def offset_min(moment: datetime) -> int:
    """Return the moment's UTC offset in whole minutes (0 for a naive moment)."""
    offset = moment.utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)


def aware(moment: datetime, offset_min: int) -> datetime:
    return moment.astimezone(timezone(timedelta(minutes=offset_min)))


def athlete_of(row: AthleteRow | Row[Any]) -> Athlete:
    """Return the core athlete of a row (a mapped object or a plain row of the table)."""
    return Athlete(
        goal=Goal(row.goal),
        policy=PolicyName(row.policy),
        sex=Sex(row.sex) if row.sex else None,
        age_years=row.age_years,
        hr_max_bpm=row.hr_max_bpm,
        hr_rest_bpm=row.hr_rest_bpm,
        lifting_experience_months=row.lifting_experience_months,
        calibrate=row.calibrate,
    )


def session_row(
    athlete_id: uuid.UUID,
    session: Session,
    *,
    source_format: str,
    source_id: uuid.UUID | None = None,
    sport: str | None = None,
    external_id: str | None = None,
    now: datetime,
) -> SessionRow:
    """Return a new row for ``session``."""
    return SessionRow(
        athlete_id=athlete_id,
        id=new_id(),
        type=session.type.value,
        start_utc=session.start.astimezone(UTC),
        utc_offset_min=offset_min(session.start),
        duration_min=session.duration_min,
        moving_min=session.moving_min,
        rpe=session.rpe,
        focus=session.focus.value if session.focus else None,
        kind=session.kind.value if session.kind else None,
        distance_km=session.distance_km,
        avg_hr_bpm=session.avg_hr_bpm,
        max_hr_bpm=session.max_hr_bpm,
        elevation_loss_m=session.elevation_loss_m,
        hr_histogram={str(bpm): seconds for bpm, seconds in session.hr_histogram} or None,
        name=session.name,
        sport=sport,
        source_id=source_id,
        source_format=source_format,
        external_id=external_id,
        created_at=now.astimezone(UTC),
    )


def set_rows(athlete_id: uuid.UUID, session_id: uuid.UUID, session: Session) -> list[SetRow]:
    """Return the rows of a session's strength sets, in order."""
    rows: list[SetRow] = []
    for index, exercise in enumerate(session.exercises):
        for item in exercise.sets or (ExerciseSet(),):
            rows.append(
                SetRow(
                    athlete_id=athlete_id,
                    session_id=session_id,
                    position=len(rows),
                    exercise_index=index,
                    exercise_name=exercise.name[:EXERCISE_NAME_MAX_CHARS],
                    reps=item.reps,
                    weight_kg=item.weight_kg,
                    rpe=item.rpe,
                    rir=item.rir,
                    duration_s=item.duration_s,
                )
            )
    return rows


def _exercises(rows: Sequence[SetRow | Row[Any]]) -> tuple[Exercise, ...]:
    grouped: dict[int, tuple[str, list[ExerciseSet]]] = {}
    for row in sorted(rows, key=lambda r: int(r.position)):
        name, sets = grouped.setdefault(row.exercise_index, (row.exercise_name, []))
        item = ExerciseSet(row.reps, row.weight_kg, row.rpe, row.rir, row.duration_s)
        if item != ExerciseSet():
            sets.append(item)
    return tuple(Exercise(name, tuple(sets)) for name, sets in grouped.values())


def session_of(
    row: SessionRow | Row[Any], sets: Sequence[SetRow | Row[Any]] | None = None
) -> Session:
    """Return the core session of a row (and its set rows)."""
    histogram: dict[str, Any] = row.hr_histogram or {}
    return Session(
        type=SessionType(row.type),
        start=aware(row.start_utc, row.utc_offset_min),
        duration_min=row.duration_min,
        rpe=row.rpe,
        focus=Focus(row.focus) if row.focus else None,
        exercises=_exercises(sets or []),
        kind=RunKind(row.kind) if row.kind else None,
        distance_km=row.distance_km,
        avg_hr_bpm=row.avg_hr_bpm,
        elevation_loss_m=row.elevation_loss_m,
        name=row.name,
        moving_min=row.moving_min,
        max_hr_bpm=row.max_hr_bpm,
        hr_histogram=tuple(sorted((int(bpm), float(s)) for bpm, s in histogram.items())),
    )


def checkin_row(athlete_id: uuid.UUID, checkin: CheckIn) -> CheckInRow:
    """Return a new row for a check-in."""
    return CheckInRow(
        athlete_id=athlete_id,
        id=new_id(),
        at_utc=checkin.at.astimezone(UTC),
        utc_offset_min=offset_min(checkin.at),
        soreness={region.value: value for region, value in checkin.soreness},
        sleep_h=checkin.sleep_h,
        feel=checkin.feel.value if checkin.feel else None,
        pain=checkin.pain.value,
    )


def checkin_of(row: CheckInRow) -> CheckIn:
    """Return the core check-in of a row."""
    return CheckIn(
        at=aware(row.at_utc, row.utc_offset_min),
        soreness=tuple(
            sorted(
                ((Region(k), float(v)) for k, v in row.soreness.items()),
                key=lambda item: item[0].value,
            )
        ),
        sleep_h=row.sleep_h,
        feel=Feel(row.feel) if row.feel else None,
        pain=Pain(row.pain),
    )


def wellness_row(athlete_id: uuid.UUID, reading: Wellness) -> WellnessRow:
    """Return a new row for a morning's whole-body readings."""
    return WellnessRow(
        athlete_id=athlete_id,
        id=new_id(),
        at_utc=reading.at.astimezone(UTC),
        utc_offset_min=offset_min(reading.at),
        hrv_rmssd_ms=reading.hrv_rmssd_ms,
        hrv_sdnn_ms=reading.hrv_sdnn_ms,
        resting_hr_bpm=reading.resting_hr_bpm,
        sleep_h=reading.sleep_h,
    )


def wellness_of(row: WellnessRow) -> Wellness:
    """Return the core readings of a row."""
    return Wellness(
        at=aware(row.at_utc, row.utc_offset_min),
        hrv_rmssd_ms=row.hrv_rmssd_ms,
        hrv_sdnn_ms=row.hrv_sdnn_ms,
        resting_hr_bpm=row.resting_hr_bpm,
        sleep_h=row.sleep_h,
    )
