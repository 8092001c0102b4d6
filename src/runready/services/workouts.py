"""Planned runs as FIT workout files a watch accepts: steps with durations and target zones."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from runready.core.model import RunKind
from runready.core.plan_values import PlannedSession
from runready.core.workout import workout_for
from runready.exporters.fit_workout import workout_file
from runready.services import planning
from runready.storage.database import Database
from runready.storage.records import AthleteId, PlannedRecord


@dataclass(frozen=True, slots=True)
class WorkoutFile:
    """One planned run's FIT workout: a file name that sorts by start, and its bytes."""

    name: str
    data: bytes


def _file(record: PlannedRecord, session: PlannedSession, now: datetime) -> WorkoutFile:
    kind = session.kind or RunKind.EASY  # a run planned without a kind is an easy run
    title = f"{session.spec.label.capitalize()} {session.duration_min} min"
    name = f"{session.start:%Y-%m-%d-%H%M}-{kind.value}-{str(record.id)[-8:]}.fit"
    return WorkoutFile(name, workout_file(workout_for(kind, session.duration_min, title), now))


def week_files(
    db: Database, athlete_id: AthleteId, start: date, days: int, now: datetime
) -> list[WorkoutFile]:
    """Return a FIT workout for every run planned from ``start`` for ``days`` days."""
    return [_file(row, run, now) for row, run in planning.planned_runs(db, athlete_id, start, days)]


def run_file(
    db: Database, athlete_id: AthleteId, planned_id: uuid.UUID, now: datetime
) -> WorkoutFile | None:
    """Return the FIT workout of one planned run, None when no such run stands."""
    found = planning.planned_run(db, athlete_id, planned_id)
    return _file(*found, now) if found is not None else None
