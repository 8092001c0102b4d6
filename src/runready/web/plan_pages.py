"""The Plan page: the week from the planner, re-plan, availability, template, calendar link."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from runready import plan_format
from runready.core.errors import InvalidInput
from runready.core.plan_values import WEEKDAYS, Plan
from runready.http.access import Level, allow
from runready.http.deps import NO_BASE_URL, DbDep, feed_link, local_now, monday_of
from runready.http.params import Day
from runready.plan_format import day_windows, typed_windows
from runready.render import calendar_moment, plan_json
from runready.services import intervals, journal, planning, workouts
from runready.services.access import Access, AthleteView
from runready.services.accounts import Principal
from runready.web import flash
from runready.web.common import OwnedAthlete, PageAthlete, PageUser, is_htmx, render
from runready.web.flash import Flash

router = APIRouter(include_in_schema=False)
TEMPLATE_KINDS = (
    ("strength", "legs", None),
    ("strength", "full", None),
    ("strength", "upper", None),
    ("run", None, "easy"),
    ("run", None, "long"),
    ("run", None, "tempo"),
    ("run", None, "intervals"),
    ("run", None, "hills"),
)


def _context(
    request: Request, db: DbDep, found: AthleteView, week: date, result: Plan | None = None
) -> dict[str, Any]:
    now = local_now(found)
    saved = planning.settings(db, found.id, now)
    sessions = planning.stored(db, found.id, week, 7)
    begin = datetime.combine(week, datetime.min.time(), now.tzinfo)
    done = journal.sessions(db, found.id, begin, begin + timedelta(days=7))
    days = []
    for offset in range(7):
        day = week + timedelta(days=offset)
        days.append(
            {
                "date": day,
                "today": day == now.date(),
                "sessions": [s.as_dict(calendar_moment) for s in sessions if s.start.date() == day],
                "done": [
                    d.as_dict()
                    for d in done
                    if d.session.start.astimezone(now.tzinfo).date() == day
                ],
            }
        )
    counts = {(str(t["type"]), t.get("focus"), t.get("kind")): t for t in saved.template if t}
    template = [
        {
            "type": kind,
            "focus": focus,
            "kind": run_kind,
            "count": counts.get((kind, focus, run_kind), {}).get("count", 0),
            "duration_min": counts.get((kind, focus, run_kind), {}).get("duration_min", 60),
        }
        for kind, focus, run_kind in TEMPLATE_KINDS
    ]
    feed = feed_link(request, saved.feed_token) if found.access is Access.OWNER else None
    runs = [
        {"id": row.id, "start": calendar_moment(run.start), "label": run.spec.label}
        for row, run in planning.planned_runs(db, found.id, week, 7)
    ]
    return {
        "found": found,
        "now": now,
        "week": week,
        "previous_week": week - timedelta(days=7),
        "next_week": week + timedelta(days=7),
        "this_week": monday_of(found),
        "days": days,
        "result": plan_json(result) if result is not None else None,
        "availability": {day: ", ".join(saved.availability.get(day, [])) for day in WEEKDAYS},
        "template_rows": template,
        "rest_days_min": saved.rest_days_min,
        "alarms": ", ".join(str(m) for m in saved.alarms_min),
        "feed": feed,
        "runs": runs,
        "intervals_linked": found.access is Access.OWNER and intervals.linked(db, found.id),
        "no_base_url": NO_BASE_URL,
        "weekdays": WEEKDAYS,
    }


#: What to do on this page when planning needs a setting first: the words, and where to go.
HOW_TO_SET = {
    "availability": (
        "No free times yet: fill in “When you are free” below (e.g. 17:30-21:00), save, "
        "then plan the week.",
        "#free-times",
    ),
    "template": (
        "No weekly sessions yet: fill in “Sessions per week” below, save, then plan the week.",
        "#sessions-per-week",
    ),
}


def _page(
    request: Request,
    db: DbDep,
    user: Principal,
    found: AthleteView,
    week: date,
    result: Plan | None = None,
    error: InvalidInput | None = None,
    **extra: Any,
) -> HTMLResponse:
    context = {**_context(request, db, found, week, result), **extra}
    template = "_plan.html" if is_htmx(request) else "plan.html"
    if isinstance(error, planning.SettingsMissing):
        words, anchor = HOW_TO_SET[error.field]
        context.update(error=words, error_link=anchor)
    elif error is not None:
        context["error"] = str(error)
    status = 422 if error else 200
    return render(request, template, db, user, status_code=status, page="plan", **context)


def _planned(request: Request, found: AthleteView, week: date, result: Plan) -> Response:
    """Send a full-page form to the planned week, with what was planned as a flash."""
    placed = sum(1 for s in result.sessions if not s.fixed)
    lines = [
        f"Could not place {u.spec.label} ({u.spec.duration_min} min): {u.reason}"
        for u in result.unplaced
    ] + [f"This plan bends a rule: {v}" for v in result.violations]
    done = Flash(f"Planned {placed} session{'s' if placed != 1 else ''}.", tuple(lines))
    return flash.redirect(request, f"/a/{found.id}/plan?week={week.isoformat()}", done)


@router.get("/a/{athlete_id}/plan", **allow(Level.ATHLETE))
def plan_page(
    request: Request, db: DbDep, user: PageUser, found: PageAthlete, week: Day | None = None
) -> HTMLResponse:
    """Plan: the stored week, with buttons to plan or re-plan it."""
    return _page(request, db, user, found, monday_of(found, week))


@router.post("/a/{athlete_id}/plan", **allow(Level.ATHLETE))
def plan_week(
    request: Request,
    db: DbDep,
    user: PageUser,
    found: PageAthlete,
    week: Annotated[Day, Form()],
) -> Response:
    """Plan the week from availability and template (keeping what was planned where it fits)."""
    monday = monday_of(found, week)
    try:
        result = planning.plan_weeks(db, found.id, monday, 1, local_now(found))
    except InvalidInput as exc:
        return _page(request, db, user, found, monday, error=exc)
    if not is_htmx(request):
        return _planned(request, found, monday, result)
    return _page(request, db, user, found, monday, result)


@router.post("/a/{athlete_id}/replan", **allow(Level.ATHLETE))
def replan(request: Request, db: DbDep, user: PageUser, found: PageAthlete) -> Response:
    """Re-plan the rest of this week after a missed, moved or extra session."""
    try:
        result = planning.replan(db, found.id, local_now(found))
    except InvalidInput as exc:
        return _page(request, db, user, found, monday_of(found), error=exc)
    if not is_htmx(request):
        return _planned(request, found, monday_of(found), result)
    return _page(request, db, user, found, monday_of(found), result)


@router.post("/a/{athlete_id}/availability", **allow(Level.OWNER))
async def availability(
    request: Request, db: DbDep, user: PageUser, found: OwnedAthlete
) -> Response:
    """Save the free windows typed per weekday ("06:30-08:00 17:30-21:00", commas welcome).

    A day that cannot be read is named beside its field, and every day keeps what was typed:
    nothing is saved until all seven read.
    """
    form = await request.form()
    typed = {day: str(form.get(day, "")) for day in WEEKDAYS}
    week: dict[str, list[str]] = {}
    problems: dict[str, str] = {}
    for day in WEEKDAYS:
        try:
            windows = day_windows(typed_windows(typed[day]), day)
        except InvalidInput as exc:
            problems[day] = exc.problem
        else:
            week[day] = [str(w) for w in windows]
    if problems:
        named = "; ".join(f"{day.capitalize()}: {problem}" for day, problem in problems.items())
        return _page(
            request,
            db,
            user,
            found,
            monday_of(found),
            error=InvalidInput("", f"Free times not saved. {named}"),
            typed=typed,
            problems=problems,
        )
    planning.replace_availability(db, found.id, week, local_now(found))
    lines = tuple(f"{d.capitalize()}: {', '.join(w)}" for d, w in week.items() if w)
    saved = Flash("Free times saved." if lines else "Free times cleared.", lines)
    return flash.redirect(request, f"/a/{found.id}/plan", saved)


def _value(member: Any) -> str | None:
    return member.value if member is not None else None


@router.post("/a/{athlete_id}/template", **allow(Level.ATHLETE))
async def template(request: Request, db: DbDep, user: PageUser, found: PageAthlete) -> Response:
    """Save the weekly template: how many sessions of each kind, and how long.

    Kinds the form does not show (walks, steady runs...) stay as they were.
    """
    form = await request.form()
    shown = set(TEMPLATE_KINDS)
    kept = [
        item
        for item in planning.settings(db, found.id, local_now(found)).specs
        if (item.type.value, _value(item.focus), _value(item.kind)) not in shown
    ]
    try:
        specs = list(kept)
        for index, (kind, focus, run_kind) in enumerate(TEMPLATE_KINDS):
            count = int(str(form.get(f"count_{index}") or 0))
            minutes = int(str(form.get(f"minutes_{index}") or 60))
            if count:
                item = {"type": kind, "count": count, "duration_min": minutes}
                item.update({k: v for k, v in (("focus", focus), ("kind", run_kind)) if v})
                specs.append(plan_format.spec_of(item, f"template[{index}]"))
        rest = int(str(form.get("rest_days_min") or 1))
        saved = planning.set_template(db, found.id, specs, rest, local_now(found))
    except InvalidInput as exc:
        return _page(request, db, user, found, monday_of(found), error=exc)
    except ValueError:
        return _page(
            request,
            db,
            user,
            found,
            monday_of(found),
            error=InvalidInput("Sessions per week", "give whole numbers"),
        )
    lines = tuple(f"{s.count} x {s.label}, {s.duration_min} min" for s in saved.specs)
    done = Flash("Sessions per week saved." if lines else "No sessions per week any more.", lines)
    return flash.redirect(request, f"/a/{found.id}/plan", done)


@router.post("/a/{athlete_id}/calendar/rotate", **allow(Level.OWNER))
def rotate(request: Request, db: DbDep, found: OwnedAthlete) -> Response:
    """Replace the calendar subscription link (the old one stops working)."""
    planning.rotate_feed(db, found.id, local_now(found))
    done = Flash("New calendar link made: the old one no longer works.")
    return flash.redirect(request, f"/a/{found.id}/plan#calendar", done)


@router.post("/a/{athlete_id}/calendar/alarms", **allow(Level.OWNER))
def alarms(
    request: Request,
    db: DbDep,
    user: PageUser,
    found: OwnedAthlete,
    minutes: Annotated[str, Form()] = "",
) -> Response:
    """Save the calendar reminders (minutes before each event)."""
    try:
        saved = planning.set_alarms(
            db, found.id, plan_format.alarm_minutes(minutes), local_now(found)
        )
    except InvalidInput as exc:
        return _page(request, db, user, found, monday_of(found), error=exc)
    lines = tuple(f"{m} min before" for m in saved.alarms_min)
    done = Flash("Reminders saved." if lines else "No reminders any more.", lines)
    return flash.redirect(request, f"/a/{found.id}/plan#calendar", done)


@router.get("/a/{athlete_id}/workouts/{planned_id}.fit", **allow(Level.ATHLETE))
def workout(planned_id: uuid.UUID, db: DbDep, found: PageAthlete) -> Response:
    """Download one planned run as a FIT workout for a watch."""
    made = workouts.run_file(db, found.id, planned_id, local_now(found))
    if made is None:
        raise HTTPException(404, "no such planned run")
    return Response(
        made.data,
        media_type="application/vnd.ant.fit",
        headers={"Content-Disposition": f'attachment; filename="{made.name}"'},
    )


@router.post("/a/{athlete_id}/intervals", **allow(Level.OWNER))
def link_intervals(
    request: Request,
    db: DbDep,
    user: PageUser,
    found: OwnedAthlete,
    base_url: Annotated[str, Form()] = "",
    remote: Annotated[str, Form()] = "",
    api_key: Annotated[str, Form()] = "",
) -> Response:
    """Link the athlete to intervals.icu (the key is stored encrypted and never shown)."""
    try:
        intervals.link(db, found.id, base_url, remote, api_key, local_now(found))
    except InvalidInput as exc:
        return _page(request, db, user, found, monday_of(found), error=exc)
    done = Flash(f"Linked to intervals.icu athlete {remote.strip()}.")
    return flash.redirect(request, f"/a/{found.id}/plan#intervals", done)


@router.post("/a/{athlete_id}/intervals/push", **allow(Level.OWNER))
def push_intervals(
    request: Request,
    db: DbDep,
    user: PageUser,
    found: OwnedAthlete,
    week: Annotated[Day | None, Form()] = None,
) -> Response:
    """Push the shown week to intervals.icu."""
    monday = monday_of(found, week)
    try:
        pushed = intervals.push_week(db, found.id, monday, 7, local_now(found))
    except (InvalidInput, intervals.IntervalsError) as exc:
        return _page(request, db, user, found, monday, error=InvalidInput("", str(exc)))
    sessions = "session" if pushed.upserted == 1 else "sessions"
    done = Flash(f"Sent {pushed.upserted} {sessions} to intervals.icu, removed {pushed.deleted}.")
    return flash.redirect(request, f"/a/{found.id}/plan?week={monday}#intervals", done)
