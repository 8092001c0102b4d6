"""Plan the stored athlete's weeks: availability, a weekly template, plans kept and re-planned."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from runready.core.dose import is_leg_session
from runready.core.errors import InvalidInput
from runready.core.findings import Reason
from runready.core.model import Focus, RunKind, Session, SessionType
from runready.core.planner import WEEKDAYS, Plan, PlannedSession, PlanRequest, SessionSpec
from runready.plan_format import day_windows, parse_window
from runready.render import moment_in
from runready.services.athletes import Profile, get
from runready.services.solving import solve
from runready.storage import repository
from runready.storage.database import Database
from runready.storage.mapping import aware, new_id, offset_min
from runready.storage.tables import PlannedRow, PlanSettingsRow

HISTORY_DAYS = 14
MATCH_WINDOW = timedelta(hours=12)  # a done session this close to a planned one fulfils it
CANCELLED, PLANNED = "cancelled", "planned"


@dataclass(frozen=True, slots=True)
class Settings:
    """What the planner needs besides the history."""

    availability: dict[str, list[str]]
    template: list[dict[str, object]]
    rest_days_min: int
    feed_token: str

    @property
    def specs(self) -> tuple[SessionSpec, ...]:
        """Return the weekly template as session specs."""
        return tuple(_spec(item) for item in self.template)


def _spec(item: dict[str, object]) -> SessionSpec:
    kind = item.get("kind")
    focus = item.get("focus")
    return SessionSpec(
        SessionType(str(item["type"])),
        int(str(item["count"])),
        int(str(item["duration_min"])),
        RunKind(str(kind)) if kind else None,
        Focus(str(focus)) if focus else None,
    )


def spec_dict(spec: SessionSpec) -> dict[str, object]:
    """Return a spec as stored in the template."""
    return {
        "type": spec.type.value,
        "kind": spec.kind.value if spec.kind else None,
        "focus": spec.focus.value if spec.focus else None,
        "count": spec.count,
        "duration_min": spec.duration_min,
    }


def _settings_row(s: DbSession, athlete_id: uuid.UUID, now: datetime) -> PlanSettingsRow:
    row = s.get(PlanSettingsRow, athlete_id)
    if row is None:
        row = PlanSettingsRow(
            athlete_id=athlete_id,
            availability={},
            template={"sessions": []},
            rest_days_min=1,
            feed_token=secrets.token_urlsafe(24),
            updated_at=now.astimezone(UTC),
        )
        s.add(row)
    return row


def _settings_of(row: PlanSettingsRow) -> Settings:
    return Settings(
        dict(row.availability),
        list(row.template.get("sessions", [])),
        row.rest_days_min,
        row.feed_token,
    )


def settings(db: Database, athlete_name: str | None, now: datetime) -> Settings:
    """Return the athlete's planning settings (empty ones on first use)."""
    return _change(db, athlete_name, now, None)


def _change(
    db: Database,
    athlete_name: str | None,
    now: datetime,
    change: Callable[[PlanSettingsRow], None] | None,
) -> Settings:
    """Apply ``change`` to the settings (when given) and return them, in one transaction."""
    profile = get(db, athlete_name)
    with db.transaction() as s:
        row = _settings_row(s, repository.athlete(s, profile.name).id, now)
        if change is not None:
            change(row)
            row.updated_at = now.astimezone(UTC)
        return _settings_of(row)


def _day(day: str, windows: list[str]) -> tuple[str, list[str]]:
    key = day.strip().lower()[:3]
    if key not in WEEKDAYS:
        raise InvalidInput("day", f"unknown weekday {day!r}; use mon, tue, ... sun")
    return key, [str(w) for w in day_windows(windows, f"availability.{key}")]


def _week(days: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: days[key] for key in WEEKDAYS if days.get(key)}


def set_availability(
    db: Database, athlete_name: str | None, day: str, windows: list[str], now: datetime
) -> Settings:
    """Replace one weekday's free windows (an empty list clears the day)."""
    key, checked = _day(day, windows)

    def change(row: PlanSettingsRow) -> None:
        row.availability = _week({**row.availability, key: checked})

    return _change(db, athlete_name, now, change)


def replace_availability(
    db: Database, athlete_name: str | None, week: dict[str, list[str]], now: datetime
) -> Settings:
    """Replace the free windows of every weekday at once (days left out are not free)."""
    checked = _week(dict(_day(day, windows) for day, windows in week.items()))

    def change(row: PlanSettingsRow) -> None:
        row.availability = checked

    return _change(db, athlete_name, now, change)


def set_template(
    db: Database,
    athlete_name: str | None,
    specs: list[SessionSpec],
    rest_days_min: int | None,
    now: datetime,
) -> Settings:
    """Replace the weekly template (and, when given, the minimum rest days)."""
    if rest_days_min is not None and not 0 <= rest_days_min <= 7:
        raise InvalidInput("--rest", "must be between 0 and 7")

    def change(row: PlanSettingsRow) -> None:
        row.template = {"sessions": [spec_dict(spec) for spec in specs]}
        if rest_days_min is not None:
            row.rest_days_min = rest_days_min

    return _change(db, athlete_name, now, change)


def _planned(row: PlannedRow) -> PlannedSession:
    return PlannedSession(
        SessionType(row.type),
        aware(row.start_utc, row.utc_offset_min),
        row.duration_min,
        RunKind(row.kind) if row.kind else None,
        Focus(row.focus) if row.focus else None,
        tuple(Reason.from_data(item) for item in row.reasons.get("reasons", [])),
    )


def _category(session: Session) -> tuple[str, str]:
    """Return what a session counts as against the weekly template: a quality or an easy run,
    a leg or an upper-body lift (by the one definition of each)."""
    if session.type is SessionType.RUN:
        return session.type.value, "quality" if session.is_quality_run else "easy"
    if session.type is SessionType.STRENGTH:
        return session.type.value, "legs" if is_leg_session(session) else "upper"
    return session.type.value, ""


def _remaining(specs: tuple[SessionSpec, ...], done: list[Session]) -> tuple[SessionSpec, ...]:
    """Return the template minus what was already done this week."""
    counts = [spec.count for spec in specs]
    for session in done:
        got = _category(session)
        for index, spec in enumerate(specs):
            if counts[index] > 0 and _category(spec.session(session.start)) == got:
                counts[index] -= 1
                break
    return tuple(replace(spec, count=count) for spec, count in zip(specs, counts, strict=True))


def _check(found: Settings) -> None:
    if not found.availability:
        raise InvalidInput(
            "availability",
            "none yet: set free windows first, e.g. `runready availability mon 17:30-21:00`",
        )
    if not any(spec.count for spec in found.specs):
        raise InvalidInput(
            "template",
            "empty: set the weekly sessions first, e.g. "
            "`runready template legs:2x60 easy:2x40 long:1x90`",
        )


def _request(
    profile: Profile,
    found: Settings,
    begin: datetime,
    days: int,
    now: datetime,
    previous: tuple[PlannedSession, ...],
    history: list[Session],
) -> PlanRequest:
    specs = found.specs
    if begin <= now:
        specs = _remaining(specs, [h for h in history if h.start >= begin])
    availability = tuple(
        tuple(parse_window(w, f"availability.{d}") for w in found.availability.get(d, []))
        for d in WEEKDAYS
    )
    return PlanRequest(
        start=begin.date(),
        tz=profile.tz,
        athlete=profile.athlete,
        availability=availability,
        sessions=specs,
        days=days,
        rest_days_min=found.rest_days_min,
        history=tuple(history),
        previous=previous,
        not_before=now if begin <= now else None,
    )


def _midnight(day: date, profile: Profile) -> datetime:
    return datetime.combine(day, datetime.min.time(), profile.tz)


def plan_weeks(
    db: Database, athlete_name: str | None, start: date, weeks: int, now: datetime
) -> Plan:
    """Plan ``weeks`` weeks from ``start`` for the stored athlete and store the plan."""
    return _plan(db, get(db, athlete_name), start, 7 * weeks, now)


def _plan(db: Database, profile: Profile, start: date, days: int, now: datetime) -> Plan:
    begin = _midnight(start, profile)
    end = begin + timedelta(days=days)
    with db.transaction() as s:
        athlete_id = repository.athlete(s, profile.name).id
        found = _settings_of(_settings_row(s, athlete_id, now))
        _check(found)
        previous = tuple(_planned(row) for row in _planned_rows(s, athlete_id, begin, end))
        history = [
            session
            for _, session in repository.history(
                s, athlete_id, begin - timedelta(days=HISTORY_DAYS), max(begin, now)
            )
        ]
    result = solve(_request(profile, found, begin, days, now, previous, history))
    _save(db, athlete_id, begin, end, result, now)
    return result


def replan(db: Database, athlete_name: str | None, now: datetime, weeks: int = 1) -> Plan:
    """Re-plan from now to the end of the current week(s), moving as little as possible."""
    profile = get(db, athlete_name)
    today = now.astimezone(profile.tz).date()
    return _plan(db, profile, today - timedelta(days=today.weekday()), 7 * weeks, now)


def stored(db: Database, athlete_name: str | None, start: date, days: int) -> list[PlannedSession]:
    """Return the stored plan from ``start`` for ``days`` days (cancelled sessions left out)."""
    profile = get(db, athlete_name)
    begin = _midnight(start, profile)
    with db.transaction() as s:
        athlete_id = repository.athlete(s, profile.name).id
        rows = _planned_rows(s, athlete_id, begin, begin + timedelta(days=days))
        return [_planned(row) for row in rows]


def feed_athlete(db: Database, token: str) -> str | None:
    """Return the name of the athlete whose calendar feed secret is ``token``."""
    with db.transaction() as s:
        row = s.scalars(select(PlanSettingsRow).where(PlanSettingsRow.feed_token == token)).first()
        return repository.athlete_by_id(s, row.athlete_id).name if row is not None else None


def new_feed_token(db: Database, athlete_name: str | None, now: datetime) -> Settings:
    """Replace the calendar feed secret: the old subscription link stops working."""

    def change(row: PlanSettingsRow) -> None:
        row.feed_token = secrets.token_urlsafe(24)

    return _change(db, athlete_name, now, change)


def _planned_rows(
    s: DbSession,
    athlete_id: uuid.UUID,
    since: datetime,
    until: datetime | None = None,
    cancelled: bool = False,
) -> list[PlannedRow]:
    """Return planned sessions starting in [since, until), by start; cancelled ones on request."""
    query = select(PlannedRow).where(
        PlannedRow.athlete_id == athlete_id, PlannedRow.start_utc >= since.astimezone(UTC)
    )
    if until is not None:
        query = query.where(PlannedRow.start_utc < until.astimezone(UTC))
    if not cancelled:
        query = query.where(PlannedRow.status == PLANNED)
    return list(s.scalars(query.order_by(PlannedRow.start_utc)))


def _save(
    db: Database,
    athlete_id: uuid.UUID,
    begin: datetime,
    end: datetime,
    result: Plan,
    now: datetime,
) -> None:
    """Store the plan: matched sessions keep their id (calendar UID) and bump SEQUENCE if moved.

    The stored plan is read again here, under a lock on the athlete's settings, so two re-plans
    at once match against each other's result instead of both adding sessions.
    """
    with db.transaction() as s:
        s.get(PlanSettingsRow, athlete_id, with_for_update=True)
        free = {row.id: row for row in _planned_rows(s, athlete_id, begin, end)}
        for session in result.sessions:
            if session.fixed:
                continue
            row = _match(list(free.values()), session)
            if row is None:
                s.add(_new_row(athlete_id, session, now))
                continue
            del free[row.id]
            if row.start_utc != session.start.astimezone(UTC) or (
                row.duration_min != session.duration_min
            ):
                row.start_utc = session.start.astimezone(UTC)
                row.utc_offset_min = offset_min(session.start)
                row.duration_min = session.duration_min
                row.sequence += 1
            row.reasons = {"reasons": [reason.to_data() for reason in session.reasons]}
            row.updated_at = now.astimezone(UTC)
        for row in free.values():
            if row.start_utc >= now.astimezone(UTC):
                row.status = CANCELLED
                row.sequence += 1
                row.updated_at = now.astimezone(UTC)


def _match(rows: list[PlannedRow], session: PlannedSession) -> PlannedRow | None:
    same = [
        r
        for r in rows
        if (r.type, r.kind, r.focus)
        == (
            session.type.value,
            session.kind.value if session.kind else None,
            session.focus.value if session.focus else None,
        )
    ]
    if not same:
        return None
    target = session.start.astimezone(UTC)
    return min(same, key=lambda r: abs(r.start_utc.replace(tzinfo=UTC) - target))


def _new_row(athlete_id: uuid.UUID, session: PlannedSession, now: datetime) -> PlannedRow:
    return PlannedRow(
        athlete_id=athlete_id,
        id=new_id(),
        type=session.type.value,
        kind=session.kind.value if session.kind else None,
        focus=session.focus.value if session.focus else None,
        start_utc=session.start.astimezone(UTC),
        utc_offset_min=offset_min(session.start),
        duration_min=session.duration_min,
        reasons={"reasons": [reason.to_data() for reason in session.reasons]},
        status=PLANNED,
        sequence=0,
        created_at=now.astimezone(UTC),
        updated_at=now.astimezone(UTC),
    )


def calendar_rows(db: Database, athlete_name: str | None, since: datetime) -> list[PlannedRow]:
    """Return planned (and cancelled) sessions from ``since`` on, for the calendar."""
    profile = get(db, athlete_name)
    with db.transaction() as s:
        athlete_id = repository.athlete(s, profile.name).id
        return _planned_rows(s, athlete_id, since, cancelled=True)


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One planned session as a calendar event."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str
    sequence: int
    cancelled: bool
    stamp: datetime


PURPOSE = {
    ("strength", "legs"): "Leg strength. A hard leg session: quality runs wait 48 h after it "
    "(R5), easy runs 6 h (R3/R4); the readiness engine decides each by dose.",
    ("strength", "full"): "Full-body strength; counts as a leg session for spacing (R5).",
    ("strength", "upper"): "Upper-body strength; it never restricts running.",
    ("run", "quality"): "Quality run: placed where the advice allows it: 48 h after a standard "
    "leg session (R5), 24 h after the last quality run (R10).",
    ("run", "easy"): "Easy run: aerobic base; fine 6 h after legs (R3/R4).",
}


def _purpose_key(session: PlannedSession) -> tuple[str, str]:
    """Return the key of the session's text in PURPOSE."""
    if session.type is SessionType.STRENGTH:  # by its own focus: full body is not "legs"
        return session.type.value, session.focus.value if session.focus else ""
    return _category(session.as_session())


def events(
    db: Database, athlete_name: str | None, since: datetime, host: str = "runready"
) -> list[CalendarEvent]:
    """Return the athlete's planned sessions as calendar events (cancelled ones included)."""
    found = []
    for row in calendar_rows(db, athlete_name, since):
        session = _planned(row)
        kind = (
            session.kind.value
            if session.kind
            else (session.focus.value if session.focus else session.type.value)
        )
        label = session.spec.label
        purpose = PURPOSE.get(_purpose_key(session), f"{label.capitalize()}.")
        show = moment_in(session.start)
        rules = "\n".join(f"- {reason.text(show)}" for reason in session.reasons)
        found.append(
            CalendarEvent(
                uid=f"{row.id}@{host}",
                start=session.start,
                end=session.start + timedelta(minutes=session.duration_min),
                summary=f"{label.capitalize()} ({session.duration_min} min)",
                description=f"{purpose}\n{rules}".strip() + f"\n(runready: {kind})",
                sequence=row.sequence,
                cancelled=row.status == CANCELLED,
                stamp=aware(row.updated_at, 0),
            )
        )
    return found
