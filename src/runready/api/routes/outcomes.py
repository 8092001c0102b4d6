"""Outcomes: the word after a run, whole-body mornings, and the personal rate with its record."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Query

from runready.api import schemas
from runready.core.errors import InvalidInput
from runready.core.model import Wellness
from runready.http.access import Level, allow
from runready.http.deps import DbDep, OwnedDep, SeenDep, local_now
from runready.services import calibrating, outcomes

router = APIRouter(tags=["outcomes"])


@router.post("/athletes/{athlete_id}/feedback", status_code=201, **allow(Level.OWNER))
def give_feedback(body: schemas.FeedbackIn, db: DbDep, found: OwnedDep) -> schemas.FeedbackOut:
    """Say how the legs felt on a run (fine, heavy, had to stop): the latest run by default."""
    run = str(body.run_id) if body.run_id else None
    stored = outcomes.tell(db, found.id, body.legs, local_now(found), run, body.rpe)
    return schemas.FeedbackOut.model_validate(stored.as_dict())


@router.get("/athletes/{athlete_id}/feedback", **allow(Level.ATHLETE))
def list_feedback(
    db: DbDep, found: SeenDep, days: int = Query(30, ge=1, le=366)
) -> list[schemas.FeedbackOut]:
    """The word after each run of the last ``days`` days, oldest first."""
    now = local_now(found)
    stored = outcomes.feedback(db, found.id, now - timedelta(days=days), now)
    return [schemas.FeedbackOut.model_validate(item.as_dict()) for item in stored]


def _wellness_out(reading: Wellness) -> schemas.WellnessOut:
    return schemas.WellnessOut(
        at=reading.at.isoformat(timespec="seconds"),
        hrv_rmssd_ms=reading.hrv_rmssd_ms,
        hrv_sdnn_ms=reading.hrv_sdnn_ms,
        resting_hr=reading.resting_hr_bpm,
        sleep_h=reading.sleep_h,
    )


@router.post("/athletes/{athlete_id}/wellness", status_code=201, **allow(Level.OWNER))
def record_wellness(body: schemas.WellnessIn, db: DbDep, found: OwnedDep) -> schemas.WellnessOut:
    """Record a morning's HRV (rMSSD, SDNN), resting heart rate and sleep."""
    now = local_now(found).replace(microsecond=0)
    at = body.at or now
    if at > now + timedelta(minutes=5):
        raise InvalidInput("at", "is in the future; record readings once they are taken")
    reading = Wellness(at, body.hrv_rmssd_ms, body.hrv_sdnn_ms, body.resting_hr, body.sleep_h)
    return _wellness_out(outcomes.wellness(db, found.id, reading, max(now, at)))


@router.get("/athletes/{athlete_id}/wellness", **allow(Level.ATHLETE))
def list_wellness(
    db: DbDep, found: SeenDep, days: int = Query(14, ge=1, le=366)
) -> list[schemas.WellnessOut]:
    """The whole-body readings of the last ``days`` days, oldest first."""
    now = local_now(found)
    return [
        _wellness_out(r) for r in outcomes.readings(db, found.id, now - timedelta(days=days), now)
    ]


@router.get("/athletes/{athlete_id}/calibration", **allow(Level.ATHLETE))
def get_calibration(db: DbDep, found: SeenDep) -> schemas.CalibrationOut:
    """The personal recovery rate (multiplier, observations, interval, active) and how often
    the advice held, with the learned rate and the default compared on held-out runs."""
    report = calibrating.report_at(db, found.id, local_now(found))
    return schemas.CalibrationOut.model_validate(report.as_dict())
