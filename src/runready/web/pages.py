"""The athlete's pages: Today, Log, Import, Trends, Body; the coach's overview; the sources."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from runready import fields, scenario, shorthand
from runready import render as texts
from runready.clock import zone
from runready.core import limits
from runready.core.errors import InvalidInput
from runready.core.model import (
    RUNNING_MUSCLES,
    Focus,
    Intensity,
    LegsFelt,
    RunKind,
    Session,
    SessionType,
)
from runready.http.access import Level, allow
from runready.http.deps import DbDep, advice_at, local_now, read_uploads
from runready.services import (
    Database,
    access,
    accounts,
    advising,
    athletes,
    calibrating,
    jobs,
    journal,
    outcomes,
    readiness,
    series,
)
from runready.services.access import AthleteView
from runready.services.accounts import Principal, Role
from runready.web import bodymap, flash, views
from runready.web.common import (
    OwnedAthlete,
    PageAthlete,
    PageUser,
    back_to,
    error_fragment,
    is_htmx,
    maybe_user,
    number,
    render,
)
from runready.web.flash import Flash

router = APIRouter(include_in_schema=False)
T = TypeVar("T")
MAX_EXERCISES_CHARS = 5000
CLOCK_SLACK = timedelta(minutes=5)  # a device's clock a little ahead is not an error
KEPT_OFFLINE_AT_MOST = timedelta(days=7)


@router.get("/", **allow(Level.PUBLIC))
async def home(request: Request, db: DbDep) -> Response:
    """Send the browser where it belongs: setup, sign-in, Today or the coach's overview."""
    user = await maybe_user(request, db)
    if user is None:
        return back_to("/setup" if accounts.needs_setup(db) else "/login")
    visible = access.athletes_of(db, user)
    own = [a for a in visible if a.access.value == "owner" and not a.is_demo]
    if user.role is Role.COACH and not own:
        return back_to("/coach")
    first = own[0] if own else (visible[0] if visible else None)
    return back_to(f"/a/{first.id}/today" if first else "/account")


def _advice_context(db: DbDep, found: AthleteView) -> dict[str, Any]:
    advice = advice_at(db, found, None, [], shown=True)
    now = advice.at
    data = texts.advice_json(advice)
    recent = journal.checkins(db, found.id, now - timedelta(hours=36), now)
    last = recent[-1] if recent else None
    owner = found.access is access.Access.OWNER
    edges = [moment for _level, moment in advice.earliest if moment is not None and moment > now]
    return {
        "refresh_in_s": math.ceil((min(edges) - now).total_seconds()) if edges else None,
        "advice": data,
        "signals": advice.signals,
        "rate": advice.calibration,
        "awaiting": outcomes.awaiting(db, found.id, now) if owner else None,
        "now": now,
        "found": found,
        "checkin": last,
        "legs": max((v for r, v in last.soreness if r in RUNNING_MUSCLES), default=None)
        if last
        else None,
        "levels": [
            (level.label, moment.isoformat(timespec="seconds") if moment else None)
            for level, moment in advice.earliest
            if level >= Intensity.EASY
        ],
    }


@router.get("/a/{athlete_id}/today", **allow(Level.ATHLETE))
def today(request: Request, db: DbDep, user: PageUser, found: PageAthlete) -> HTMLResponse:
    """Today: the verdict, countdowns, reasons with sources, alternatives, one-tap check-in.

    htmx asks for the advice card alone: when a gate opens, and when the page is seen again.
    """
    if is_htmx(request):
        return render(request, "_advice.html", db, user, **_advice_context(db, found))
    return render(
        request,
        "today.html",
        db,
        user,
        page="today",
        kinds=[kind.value for kind in RunKind],
        **_advice_context(db, found),
    )


@router.get("/a/{athlete_id}/whatif", **allow(Level.ATHLETE))
def what_if(
    request: Request,
    db: DbDep,
    user: PageUser,
    found: PageAthlete,
    ask: Annotated[str, Query(pattern="^(keep|when)$")] = "keep",
    day: Annotated[str, Query(max_length=10)] = "",
    at: Annotated[str, Query(max_length=5)] = "",
    kind: Annotated[str, Query(max_length=12)] = "intervals",
    minutes: Annotated[str, Query(max_length=5)] = "",
) -> HTMLResponse:
    """What would change the answer: the largest leg session now that keeps a run, or the
    earliest slot for one (the fragment for htmx, the Today page without it)."""
    now = local_now(found).replace(microsecond=0)
    words = [day, at, kind, minutes] if ask == "keep" else [kind, minutes]
    text = " ".join(word.strip() for word in words if word.strip())
    entered = {"ask": ask, "day": day, "at": at, "kind": kind, "minutes": minutes}
    context: dict[str, Any] = {
        "ask": ask,
        "asked": text,
        "found": found,
        "now": now,
        "entered": entered,
    }
    try:
        item = shorthand.run(text, now, now.tzinfo or UTC, ask)
        found_answer = advising.answer_at(
            db,
            found.id,
            now,
            keep=item if ask == "keep" else None,
            when=item if ask == "when" else None,
        )
    except InvalidInput as exc:
        context["error"] = str(exc)
    else:
        show = texts.moment_in(now)
        answer = found_answer.keep or found_answer.when
        context["answer"] = answer.as_dict(show) if answer is not None else None
    if is_htmx(request):
        return render(request, "_whatif.html", db, user, **context)
    return render(
        request,
        "today.html",
        db,
        user,
        page="today",
        whatif=context,
        kinds=[kind.value for kind in RunKind],
        **_advice_context(db, found),
    )


@router.post("/a/{athlete_id}/feedback", **allow(Level.OWNER))
def run_feedback(
    request: Request,
    db: DbDep,
    user: PageUser,
    found: OwnedAthlete,
    run_id: Annotated[str, Form(max_length=40)],
    legs: Annotated[LegsFelt, Form()],
) -> Response:
    """Store how the legs felt on a run (one tap); htmx gets the refreshed advice."""
    told = outcomes.tell(db, found.id, legs, local_now(found), run_id)
    if not is_htmx(request):
        return back_to(f"/a/{found.id}/today")
    return render(request, "_advice.html", db, user, told=told, **_advice_context(db, found))


@router.post("/a/{athlete_id}/checkin", **allow(Level.OWNER))
def check_in(
    request: Request,
    db: DbDep,
    user: PageUser,
    found: OwnedAthlete,
    soreness: Annotated[float, Form(ge=0, le=10)],
    sleep_h: Annotated[str, Form()] = "",
    feel: Annotated[str, Form()] = "",
    pain: Annotated[str, Form()] = "none",
    at: Annotated[str, Form()] = "",
) -> Response:
    """Store a check-in; htmx gets the refreshed advice, a plain form the Today page.

    A check-in that cannot be read answers where it was made, with the answers kept. ``at``
    is when it was made, for one kept on the device while offline and sent later.
    """
    entered = {"sleep_h": sleep_h, "feel": feel, "pain": pain}
    try:
        answers = {
            "at": _checked_in_at(at, local_now(found).replace(microsecond=0)),
            "soreness": soreness,
            "sleep_h": number(sleep_h, "Slept (h)", 0, 24),
            "feel": feel or None,
            "pain": pain,
        }
        journal.check_in(db, found.id, scenario.checkin(answers, "Check-in"))
    except InvalidInput as exc:
        if is_htmx(request):
            return error_fragment(request, 422, str(exc))
        return render(
            request,
            "today.html",
            db,
            user,
            status_code=422,
            page="today",
            checkin_error=str(exc),
            entered=entered,
            kinds=[kind.value for kind in RunKind],
            **_advice_context(db, found),
        )
    if not is_htmx(request):
        said = dict(views.SORENESS).get(round(soreness), f"soreness {soreness:g}/10")
        return flash.redirect(
            request, f"/a/{found.id}/today", Flash(f"Checked in: {said.lower()}.")
        )
    return render(request, "_advice.html", db, user, checked_in=True, **_advice_context(db, found))


def _checked_in_at(text: str, now: datetime) -> datetime:
    """Return when a check-in was made: now, or the moment a device kept it offline."""
    if not text.strip():
        return now
    made = fields.moment(text, "Check-in time")
    if made > now + CLOCK_SLACK:
        raise InvalidInput("Check-in time", "is in the future: check the device's clock")
    if made < now - KEPT_OFFLINE_AT_MOST:
        raise InvalidInput("Check-in time", "is more than 7 days ago: too old to count")
    return min(made, now).astimezone(now.tzinfo).replace(microsecond=0)


@router.get("/a/{athlete_id}/log", **allow(Level.ATHLETE))
def log_page(request: Request, db: DbDep, user: PageUser, found: PageAthlete) -> HTMLResponse:
    """Log: a session in a few taps, and the last two weeks."""
    return render(request, "log.html", db, user, page="log", **_log_context(db, found))


def _log_context(db: DbDep, found: AthleteView) -> dict[str, Any]:
    now = local_now(found)
    recent = journal.sessions(db, found.id, now - timedelta(days=14), None)
    return {
        "found": found,
        "now": now,
        "recent": [item.as_dict() for item in reversed(recent)],
        "types": [t.value for t in SessionType],
        "kinds": [k.value for k in RunKind],
        "focuses": [f.value for f in Focus],
        "entered": {"type": SessionType.RUN.value},
    }


def _typed(text: str, field: str, read: Callable[[str], T], example: str) -> T:
    """Return a date or time typed into a form field, or say what to type."""
    if not text.strip():
        raise InvalidInput(field, f"is missing (e.g. {example})")
    try:
        return read(text.strip())
    except ValueError:
        raise InvalidInput(field, f"cannot read {text!r} (e.g. {example})") from None


def _logged_session(entered: dict[str, str], tz: tzinfo, unit: str) -> Session:
    """Return the session typed into the Log form; errors name the field as the form does."""
    kind = fields.enum_value(SessionType, entered["type"] or None, "Type")
    if kind is None:
        raise InvalidInput("Type", "choose run, strength or another type")
    start = datetime.combine(
        _typed(entered["day"], "Day", date.fromisoformat, "2026-01-05"),
        _typed(entered["at"], "Start", time.fromisoformat, "07:30"),
        tz,
    )
    minutes = number(entered["duration_min"], "Minutes", 1, 1440)
    if minutes is None:
        raise InvalidInput("Minutes", "how long was the session? (e.g. 45)")
    rpe = number(entered["rpe"], "Effort (RPE)", 0, 10)
    session = Session(kind, fields.plausible(start, "Day"), minutes, rpe=rpe)
    if kind is SessionType.RUN:
        return replace(
            session,
            kind=fields.enum_value(RunKind, entered["kind"] or None, "Kind"),
            distance_km=number(entered["distance_km"], "Distance (km)", 0, 2000),
            avg_hr_bpm=number(entered["avg_hr"], "Average heart rate", *limits.SESSION_HR_BPM),
        )
    if kind is not SessionType.STRENGTH:
        return session
    typed = entered["exercises"]
    if len(typed) > MAX_EXERCISES_CHARS:
        raise InvalidInput("Exercises", f"longer than {MAX_EXERCISES_CHARS} characters")
    lines = [(n, line) for n, line in enumerate(typed.splitlines(), 1) if line.strip()]
    return replace(
        session,
        focus=fields.enum_value(Focus, entered["focus"] or None, "Focus"),
        exercises=tuple(shorthand.exercise(t, unit, f"Exercise line {n}") for n, t in lines),
    )


@router.post("/a/{athlete_id}/log", **allow(Level.OWNER))
def log_session(
    request: Request,
    db: DbDep,
    user: PageUser,
    found: OwnedAthlete,
    type: Annotated[str, Form()] = "",
    day: Annotated[str, Form()] = "",
    at: Annotated[str, Form()] = "",
    duration_min: Annotated[str, Form()] = "",
    rpe: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    distance_km: Annotated[str, Form()] = "",
    avg_hr: Annotated[str, Form()] = "",
    focus: Annotated[str, Form()] = "",
    exercises: Annotated[str, Form()] = "",
) -> Response:
    """Store a session typed into the Log form; on a mistake, show the form as it was typed."""
    entered = {
        "type": type,
        "day": day,
        "at": at,
        "duration_min": duration_min,
        "rpe": rpe,
        "kind": kind,
        "distance_km": distance_km,
        "avg_hr": avg_hr,
        "focus": focus,
        "exercises": exercises,
    }
    try:
        unit = athletes.get(db, found.id).weight_unit
        session = _logged_session(entered, zone(found.timezone) or UTC, unit)
        journal.log_session(db, found.id, session, local_now(found))
    except InvalidInput as exc:
        context = {**_log_context(db, found), "entered": entered}
        return render(
            request, "log.html", db, user, status_code=422, page="log", error=str(exc), **context
        )
    return flash.redirect(request, f"/a/{found.id}/log", Flash(f"Logged: {_summary(session)}."))


def _summary(session: Session) -> str:
    what = session.type.value
    detail = session.kind or session.focus
    sets = sum(len(e.sets) for e in session.exercises)
    parts = [f"{what} · {detail.value}" if detail else what, f"{session.duration_min:g} min"]
    return ", ".join(parts + ([f"{sets} sets"] if sets else []))


@router.post("/a/{athlete_id}/sessions/{session_id}/delete", **allow(Level.OWNER))
def delete_session(
    session_id: uuid.UUID, request: Request, db: DbDep, found: OwnedAthlete
) -> Response:
    """Delete a session from the Log page."""
    if not journal.delete(db, found.id, str(session_id)):
        raise HTTPException(404, "no such session")
    return flash.redirect(request, f"/a/{found.id}/log", Flash("Session deleted."))


@router.get("/a/{athlete_id}/import", **allow(Level.OWNER))
def import_page(request: Request, db: DbDep, user: PageUser, found: OwnedAthlete) -> HTMLResponse:
    """Import: upload files or whole exports; live progress and per-file results."""
    return _import_page(request, db, user, found, None)


def _import_page(
    request: Request, db: DbDep, user: PageUser, found: OwnedAthlete, job: dict[str, object] | None
) -> HTMLResponse:
    recent = jobs.recent(db, found.id)
    page = "import"
    return render(request, "import.html", db, user, page=page, found=found, job=job, recent=recent)


@router.post("/a/{athlete_id}/import", **allow(Level.OWNER))
async def upload(
    request: Request,
    db: DbDep,
    user: PageUser,
    found: OwnedAthlete,
    files: Annotated[list[UploadFile], File()],
) -> Response:
    """Queue the uploaded files; htmx gets the job panel, which polls until done."""
    uploads = [item for item in await read_uploads(files) if item[1] or item[0] != "upload"]
    queue = request.app.state.queue
    job_id = await run_in_threadpool(jobs.enqueue_import, db, queue, found.id, uploads)
    return _job_answer(request, db, user, found, job_id)


def _job_answer(
    request: Request, db: Database, user: Principal, found: AthleteView, job_id: uuid.UUID
) -> Response:
    """Answer a sent import: the job panel for htmx (it polls until done), else its page."""
    if not is_htmx(request):
        return back_to(f"/a/{found.id}/import/{job_id}")
    job = jobs.status(db, found.id, job_id)
    return render(request, "_job.html", db, user, found=found, job=job)


@router.post("/a/{athlete_id}/import/{job_id}/retry", **allow(Level.OWNER))
def retry_import(
    job_id: uuid.UUID, request: Request, db: DbDep, user: PageUser, found: OwnedAthlete
) -> Response:
    """Queue a failed import again; it goes on with the files it had not imported."""
    if jobs.status(db, found.id, job_id) is None:
        raise HTTPException(404, "no such import")
    jobs.retry(db, request.app.state.queue, found.id, job_id)
    return _job_answer(request, db, user, found, job_id)


@router.get("/a/{athlete_id}/import/{job_id}", **allow(Level.OWNER))
def job_panel(
    job_id: uuid.UUID, request: Request, db: DbDep, user: PageUser, found: OwnedAthlete
) -> HTMLResponse:
    """An import's progress (a fragment for htmx polling, else the Import page around it)."""
    job = jobs.status(db, found.id, job_id)
    if job is None:
        raise HTTPException(404, "no such import")
    if is_htmx(request):
        return render(request, "_job.html", db, user, found=found, job=job)
    return _import_page(request, db, user, found, job)


@router.get("/a/{athlete_id}/trends", **allow(Level.ATHLETE))
def trends(request: Request, db: DbDep, user: PageUser, found: PageAthlete) -> HTMLResponse:
    """Trends: fitness, fatigue and form; weekly load, running km and lifting sets (uPlot)."""
    now = local_now(found)
    data = series.series(db, found.id, now)
    weeks = [
        {"week": week, "run_km": km, "sets": sets, "load": load}
        for week, km, sets, load in zip(
            data["weeks"], data["run_km"], data["sets"], data["weekly_load"], strict=True
        )
    ][::-1][:12]
    return render(
        request,
        "trends.html",
        db,
        user,
        page="trends",
        found=found,
        series=data,
        weeks=weeks,
        rate=advising.calibration_at(db, found.id, now),
        record=calibrating.record_at(db, found.id, now),
    )


@router.get("/a/{athlete_id}/body", **allow(Level.ATHLETE))
def body(request: Request, db: DbDep, user: PageUser, found: PageAthlete) -> HTMLResponse:
    """Body: per-muscle fatigue on a body map, with the numbers beside the colours."""
    advice = advice_at(db, found, None, [])
    fatigue = dict(advice.state.muscles)
    return render(
        request,
        "body.html",
        db,
        user,
        page="body",
        found=found,
        now=advice.at,
        svg=bodymap.svg(fatigue),
        rows=bodymap.rows(fatigue),
    )


@router.get("/coach", **allow(Level.USER))
def coach(request: Request, db: DbDep, user: PageUser) -> HTMLResponse:
    """Coach: every visible athlete with the answer now, from the stored readiness."""
    board = readiness.board(db, user.id, datetime.now(UTC))
    rows = [{"found": row.athlete, "answer": row.as_dict(), "now": row.at} for row in board]
    return render(
        request,
        "coach.html",
        db,
        user,
        page="coach",
        rows=rows,
        athletes=[r.athlete for r in board],
    )


@router.get("/sources", **allow(Level.PUBLIC))
async def sources(request: Request, db: DbDep) -> HTMLResponse:
    """The two articles' claims, the rules that use them, and the sources."""
    user = await maybe_user(request, db)
    return render(request, "sources.html", db, user, page="sources", data=texts.sources_as_dict())
