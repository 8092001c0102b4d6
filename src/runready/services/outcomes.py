"""Outcomes: the word after a run, whole-body mornings; both teach the personal recovery rate."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from runready.core.errors import InvalidInput
from runready.core.model import LegsFelt, SessionType, Wellness
from runready.storage.database import Database
from runready.storage.records import AthleteId, StoredFeedback, StoredSession

__all__ = ["StoredFeedback", "awaiting", "feedback", "readings", "tell", "wellness"]

#: A run asks for a word on Today for this long after it started.
ASK_WITHIN = timedelta(hours=36)


def tell(
    db: Database,
    athlete_id: AthleteId,
    legs: LegsFelt,
    now: datetime,
    run_id: str | None = None,
    rpe: float | None = None,
) -> StoredFeedback:
    """Store how the legs felt on a run: the one with ``run_id``, or the latest one."""
    if rpe is not None and not 0 <= rpe <= 10:
        raise InvalidInput("rpe", f"must be between 0 and 10, got {rpe:g}")
    with db.unit() as uow:
        if run_id is None:
            found = uow.outcomes.latest_run(athlete_id, now)
            if found is None:
                raise InvalidInput("run", "no run logged yet: log or import the run first")
        else:
            try:
                found = uuid.UUID(run_id)
            except ValueError:
                raise InvalidInput("run", f"not a session id: {run_id!r}") from None
        told = uow.outcomes.tell(athlete_id, found, legs, rpe, now)
    return StoredFeedback(found, told, now)


def feedback(
    db: Database, athlete_id: AthleteId, since: datetime, until: datetime
) -> list[StoredFeedback]:
    """Return the word after each run started in [since, until], oldest first."""
    with db.unit() as uow:
        return uow.outcomes.feedback(athlete_id, since, until)


def wellness(db: Database, athlete_id: AthleteId, reading: Wellness, now: datetime) -> Wellness:
    """Store a morning's readings (HRV, resting HR, sleep), typed in or synced."""
    if reading.at > now:
        raise InvalidInput("at", "is in the future; record readings once they are taken")
    if all(
        value is None
        for value in (
            reading.hrv_rmssd_ms,
            reading.hrv_sdnn_ms,
            reading.resting_hr_bpm,
            reading.sleep_h,
        )
    ):
        raise InvalidInput("wellness", "give at least one reading (HRV, resting HR or sleep)")
    with db.unit() as uow:
        uow.outcomes.add_wellness(athlete_id, reading)
    return reading


def readings(
    db: Database, athlete_id: AthleteId, since: datetime, until: datetime
) -> list[Wellness]:
    """Return the whole-body readings taken in [since, until], oldest first."""
    with db.unit() as uow:
        return uow.outcomes.wellness(athlete_id, since, until)


def awaiting(db: Database, athlete_id: AthleteId, now: datetime) -> StoredSession | None:
    """Return the latest run of the last 36 hours that has no word yet (Today asks for one)."""
    since = now - ASK_WITHIN
    with db.unit() as uow:
        told = {item.run_id for item in uow.outcomes.feedback(athlete_id, since, now)}
        runs = [
            stored
            for stored in uow.journal.history(athlete_id, since, now)
            if stored.session.type is SessionType.RUN and stored.session.end <= now
        ]
    return runs[-1] if runs and runs[-1].id not in told else None
