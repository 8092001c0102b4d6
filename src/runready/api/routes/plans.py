"""Plans: the stored week, planning and re-planning, availability, template, calendar feed."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from runready import plan_format
from runready.api import schemas
from runready.clock import now as clock_now
from runready.core.plan_values import WEEKDAYS, Plan
from runready.http.access import Level, allow
from runready.http.deps import (
    NO_BASE_URL,
    DbDep,
    OwnedDep,
    SeenDep,
    feed_link,
    local_now,
    monday_of,
)
from runready.http.params import Day
from runready.render import calendar_moment, plan_json
from runready.services import athletes, calendar_feed, intervals, planning, workouts

router = APIRouter(tags=["plans"])
FEED_WEEKS_BACK = 4
ICS = "text/calendar"


def plan_out(result: Plan) -> schemas.PlanOut:
    """Return the JSON shape of a plan."""
    return schemas.PlanOut.model_validate(plan_json(result))


def _template(found: planning.Settings) -> schemas.TemplateIO:
    return schemas.TemplateIO.model_validate(
        {"sessions": found.template, "rest_days_min": found.rest_days_min}
    )


@router.get("/athletes/{athlete_id}/plan", **allow(Level.ATHLETE))
def get_plan(
    db: DbDep,
    found: SeenDep,
    start: Day | None = None,
    weeks: int = Query(1, ge=1, le=12),
) -> schemas.StoredPlanOut:
    """The stored plan from a Monday (default: this week)."""
    first = monday_of(found, start)
    days = 7 * weeks
    sessions = planning.stored(db, found.id, first, days)
    return schemas.StoredPlanOut.model_validate(
        {"start": first, "days": days, "sessions": [s.as_dict(calendar_moment) for s in sessions]}
    )


@router.post("/athletes/{athlete_id}/plan", **allow(Level.ATHLETE))
def make_plan(body: schemas.PlanIn, db: DbDep, found: SeenDep) -> schemas.PlanOut:
    """Plan whole weeks from availability and template, around leg day; the plan is stored."""
    first = monday_of(found, body.start)
    return plan_out(planning.plan_weeks(db, found.id, first, body.weeks, local_now(found)))


@router.post("/athletes/{athlete_id}/plan/replan", **allow(Level.ATHLETE))
def replan(body: schemas.ReplanIn, db: DbDep, found: SeenDep) -> schemas.PlanOut:
    """Re-plan from now after a missed, moved or extra session, moving as little as possible."""
    return plan_out(planning.replan(db, found.id, local_now(found), body.weeks))


FIT = "application/vnd.ant.fit"


@router.get("/athletes/{athlete_id}/plan/workouts", **allow(Level.ATHLETE))
def list_workouts(
    request: Request,
    db: DbDep,
    found: SeenDep,
    start: Day | None = None,
    weeks: int = Query(1, ge=1, le=12),
) -> list[schemas.WorkoutOut]:
    """The planned runs from a Monday (default: this week), each with its FIT workout link."""
    runs = planning.planned_runs(db, found.id, monday_of(found, start), 7 * weeks)
    link = request.app.url_path_for
    return [
        schemas.WorkoutOut(
            id=row.id,
            start=run.start,
            kind=row.kind,
            duration_min=run.duration_min,
            path=str(link("workout_file", athlete_id=str(found.id), planned_id=str(row.id))),
        )
        for row, run in runs
    ]


@router.get(
    "/athletes/{athlete_id}/plan/workouts/{planned_id}.fit",
    name="workout_file",
    response_class=Response,
    responses={200: {"content": {FIT: {}}, "description": "A FIT workout file"}},
    **allow(Level.ATHLETE),
)
def workout_download(planned_id: uuid.UUID, db: DbDep, found: SeenDep) -> Response:
    """One planned run as a FIT workout (warm-up, work with target zones, cool-down)."""
    made = workouts.run_file(db, found.id, planned_id, local_now(found))
    if made is None:
        raise HTTPException(404, "no such planned run")
    return Response(
        made.data,
        media_type=FIT,
        headers={"Content-Disposition": f'attachment; filename="{made.name}"'},
    )


@router.put("/athletes/{athlete_id}/intervals", status_code=204, **allow(Level.OWNER))
def link_intervals(body: schemas.IntervalsLinkIn, db: DbDep, found: OwnedDep) -> None:
    """Link the athlete to intervals.icu (the API key is stored encrypted, never returned)."""
    intervals.link(db, found.id, body.base_url, body.athlete, body.api_key, local_now(found))


@router.post("/athletes/{athlete_id}/intervals/push", **allow(Level.OWNER))
def push_intervals(
    body: schemas.IntervalsPushIn, db: DbDep, found: OwnedDep
) -> schemas.IntervalsPushOut:
    """Push the planned week to intervals.icu; events no longer planned are deleted there."""
    pushed = intervals.push_week(db, found.id, monday_of(found, body.start), 7, local_now(found))
    return schemas.IntervalsPushOut(upserted=pushed.upserted, deleted=pushed.deleted)


@router.get("/athletes/{athlete_id}/availability", **allow(Level.ATHLETE))
def get_availability(db: DbDep, found: SeenDep) -> schemas.AvailabilityIO:
    """Free windows per weekday."""
    return schemas.AvailabilityIO.model_validate(
        planning.settings(db, found.id, local_now(found)).availability
    )


@router.put("/athletes/{athlete_id}/availability", **allow(Level.OWNER))
def put_availability(
    body: schemas.AvailabilityIO, db: DbDep, found: OwnedDep
) -> schemas.AvailabilityIO:
    """Replace the free windows of the whole week."""
    week = {day: getattr(body, day) for day in WEEKDAYS}
    saved = planning.replace_availability(db, found.id, week, local_now(found))
    return schemas.AvailabilityIO.model_validate(saved.availability)


@router.get("/athletes/{athlete_id}/template", **allow(Level.ATHLETE))
def get_template(db: DbDep, found: SeenDep) -> schemas.TemplateIO:
    """The weekly sessions to place, and the minimum rest days."""
    return _template(planning.settings(db, found.id, local_now(found)))


@router.put("/athletes/{athlete_id}/template", **allow(Level.ATHLETE))
def put_template(body: schemas.TemplateIO, db: DbDep, found: SeenDep) -> schemas.TemplateIO:
    """Replace the weekly template (a linked coach may prescribe it)."""
    specs = [
        plan_format.spec_of(item.model_dump(exclude_none=True), f"sessions[{i}]")
        for i, item in enumerate(body.sessions)
    ]
    saved = planning.set_template(db, found.id, specs, body.rest_days_min, local_now(found))
    return _template(saved)


def _calendar(request: Request, saved: planning.Settings) -> schemas.CalendarOut:
    link = feed_link(request, saved.feed_token)
    return schemas.CalendarOut(
        url=link.url,
        path=link.path,
        note=NO_BASE_URL if link.url is None else None,
        alarms_min=saved.alarms_min,
    )


@router.get("/athletes/{athlete_id}/calendar", **allow(Level.OWNER))
def calendar_link(request: Request, db: DbDep, found: OwnedDep) -> schemas.CalendarOut:
    """The secret subscription link of the athlete's plan, for any calendar app."""
    return _calendar(request, planning.settings(db, found.id, local_now(found)))


@router.post("/athletes/{athlete_id}/calendar/rotate", **allow(Level.OWNER))
def rotate_calendar(request: Request, db: DbDep, found: OwnedDep) -> schemas.CalendarOut:
    """Replace the subscription link; the old one stops working at once."""
    return _calendar(request, planning.rotate_feed(db, found.id, local_now(found)))


@router.put("/athletes/{athlete_id}/calendar/alarms", **allow(Level.OWNER))
def put_alarms(
    body: schemas.AlarmsIn, request: Request, db: DbDep, found: OwnedDep
) -> schemas.CalendarOut:
    """Replace the reminders every calendar event carries (minutes before it)."""
    return _calendar(request, planning.set_alarms(db, found.id, body.alarms_min, local_now(found)))


@router.get(
    "/calendar/{token}.ics",
    name="calendar_feed",
    response_class=Response,
    responses={200: {"content": {ICS: {}}, "description": "An iCalendar file"}},
    **allow(Level.PUBLIC),
)
def ics_feed(token: str, db: DbDep) -> Response:
    """The plan as iCalendar, for calendar subscriptions (the token is the secret)."""
    name = planning.feed_athlete(db, token) if len(token) <= 64 else None
    if name is None:
        raise HTTPException(404, "no such calendar")
    profile = athletes.get(db, name)
    moment = clock_now(profile.tz)
    body, _ = calendar_feed.ics_file(db, profile, moment - timedelta(weeks=FEED_WEEKS_BACK), moment)
    return Response(
        body,
        media_type=ICS,
        headers={
            "Content-Disposition": 'attachment; filename="runready-plan.ics"',
            "Cache-Control": "private, max-age=300",
        },
    )
