"""Sessions and check-ins: list, log, delete."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from fastapi import APIRouter, HTTPException, Query

from runready import fields, scenario
from runready.api import schemas
from runready.clock import zone
from runready.core.errors import InvalidInput
from runready.core.model import CheckIn
from runready.http.access import Level, allow
from runready.http.deps import DbDep, OwnedDep, SeenDep, local_now
from runready.http.params import Day
from runready.services import journal
from runready.services.access import AthleteView

router = APIRouter(tags=["journal"])


def _day_start(day: date, found: AthleteView) -> datetime:
    return datetime.combine(day, datetime.min.time(), zone(found.timezone))


def checkin_out(report: CheckIn) -> schemas.CheckInOut:
    """Return the JSON shape of a check-in."""
    return schemas.CheckInOut(
        at=report.at.isoformat(timespec="seconds"),
        soreness={region.value: value for region, value in report.soreness},
        sleep_h=report.sleep_h,
        feel=report.feel,
        pain=report.pain,
    )


@router.get("/athletes/{athlete_id}/sessions", **allow(Level.ATHLETE))
def list_sessions(
    db: DbDep,
    found: SeenDep,
    since: Day | None = None,
    until: Day | None = None,
    limit: int = Query(500, ge=1, le=5000),
) -> list[schemas.SessionOut]:
    """Stored sessions between two days (the athlete's time zone), newest last."""
    start = _day_start(since, found) if since else None
    end = _day_start(until, found) + timedelta(days=1) if until else None
    stored = journal.sessions(db, found.id, start, end)[-limit:]
    return [schemas.SessionOut.model_validate(item.as_dict()) for item in stored]


@router.post("/athletes/{athlete_id}/sessions", status_code=201, **allow(Level.OWNER))
def log_session(body: schemas.SessionIn, db: DbDep, found: OwnedDep) -> schemas.SessionOut:
    """Log a session by hand (the scenario format's history item)."""
    session = fields.session(body.model_dump(exclude_none=True), "session")
    stored = journal.log_session(db, found.id, session, local_now(found))
    return schemas.SessionOut.model_validate(stored.as_dict())


@router.delete(
    "/athletes/{athlete_id}/sessions/{session_id}", status_code=204, **allow(Level.OWNER)
)
def delete_session(session_id: uuid.UUID, db: DbDep, found: OwnedDep) -> None:
    """Delete one session."""
    if not journal.delete(db, found.id, str(session_id)):
        raise HTTPException(404, "no such session")


@router.get("/athletes/{athlete_id}/checkins", **allow(Level.ATHLETE))
def list_checkins(
    db: DbDep, found: SeenDep, days: int = Query(14, ge=1, le=366)
) -> list[schemas.CheckInOut]:
    """Check-ins of the last ``days`` days, oldest first."""
    now = local_now(found)
    return [checkin_out(c) for c in journal.checkins(db, found.id, now - timedelta(days=days), now)]


@router.post("/athletes/{athlete_id}/checkins", status_code=201, **allow(Level.OWNER))
def check_in(body: schemas.CheckInIn, db: DbDep, found: OwnedDep) -> schemas.CheckInOut:
    """Check in: soreness (overall or per muscle), sleep, how you feel, pain."""
    data = body.model_dump(exclude_none=True, mode="python")
    now = local_now(found).replace(microsecond=0)
    data.setdefault("at", now)
    if data["at"] > now + timedelta(minutes=5):
        raise InvalidInput("at", "is in the future; check in about how you feel now")
    report = scenario.checkin(data, "checkin")
    journal.check_in(db, found.id, report)
    return checkin_out(report)
