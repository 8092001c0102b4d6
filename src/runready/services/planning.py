"""Plan the stored athlete's weeks: availability, a weekly template, plans kept and re-planned."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from runready.core.errors import InvalidInput
from runready.core.model import Focus, RunKind, Session, SessionType
from runready.core.plan_rules import QUALITY_KINDS, is_leg_focus
from runready.core.planner import WEEKDAYS, Plan, PlannedSession, PlanRequest, SessionSpec, plan
from runready.core.rules.legs import LegHistory
from runready.plan_format import parse_window
from runready.services.athletes import Profile, get
from runready.storage import repository
from runready.storage.database import Database
from runready.storage.mapping import aware, new_id
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


def _settings_row(s: object, athlete_id: uuid.UUID, now: datetime) -> PlanSettingsRow:
    from sqlalchemy.orm import Session as DbSession

    assert isinstance(s, DbSession)
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


def settings(db: Database, athlete_name: str | None, now: datetime) -> Settings:
    """Return the athlete's planning settings (empty ones on first use)."""
    profile = get(db, athlete_name)
    with db.transaction() as s:
        row = _settings_row(s, repository.athlete(s, profile.name).id, now)
        return Settings(
            dict(row.availability),
            list(row.template.get("sessions", [])),
            row.rest_days_min,
            row.feed_token,
        )


def _windows(day: str, windows: list[str]) -> tuple[str, list[str]]:
    key = day.strip().lower()[:3]
    if key not in WEEKDAYS:
        raise InvalidInput("day", f"unknown weekday {day!r}; use mon, tue, ... sun")
    parsed = sorted(
        (parse_window(text, f"window {text!r}") for text in windows), key=lambda w: w.start_min
    )
    for a, b in zip(parsed, parsed[1:], strict=False):
        if b.start_min < a.end_min:
            raise InvalidInput("window", f"{a} and {b} overlap")
    return key, [str(w) for w in parsed]


def set_availability(
    db: Database, athlete_name: str | None, day: str, windows: list[str], now: datetime
) -> Settings:
    """Replace one weekday's free windows (an empty list clears the day)."""
    found = settings(db, athlete_name, now).availability
    key, checked = _windows(day, windows)
    return replace_availability(db, athlete_name, {**found, key: checked}, now)


def replace_availability(
    db: Database, athlete_name: str | None, week: dict[str, list[str]], now: datetime
) -> Settings:
    """Replace the free windows of every weekday at once (days left out are not free)."""
    checked = dict(_windows(day, windows) for day, windows in week.items())
    profile = get(db, athlete_name)
    with db.transaction() as s:
        row = _settings_row(s, repository.athlete(s, profile.name).id, now)
        row.availability = {k: checked[k] for k in WEEKDAYS if checked.get(k)}
        row.updated_at = now.astimezone(UTC)
    return settings(db, athlete_name, now)


def set_template(
    db: Database,
    athlete_name: str | None,
    specs: list[SessionSpec],
    rest_days_min: int | None,
    now: datetime,
) -> Settings:
    """Replace the weekly template (and, when given, the minimum rest days)."""
    profile = get(db, athlete_name)
    with db.transaction() as s:
        row = _settings_row(s, repository.athlete(s, profile.name).id, now)
        row.template = {"sessions": [spec_dict(spec) for spec in specs]}
        if rest_days_min is not None:
            if not 0 <= rest_days_min <= 7:
                raise InvalidInput("--rest", "must be between 0 and 7")
            row.rest_days_min = rest_days_min
        row.updated_at = now.astimezone(UTC)
    return settings(db, athlete_name, now)


def _planned(row: PlannedRow) -> PlannedSession:
    return PlannedSession(
        SessionType(row.type),
        aware(row.start_utc, row.utc_offset_min),
        row.duration_min,
        RunKind(row.kind) if row.kind else None,
        Focus(row.focus) if row.focus else None,
        tuple(row.reasons.get("reasons", [])),
    )


def _category(
    kind: SessionType, run_kind: RunKind | None, focus: Focus | None, leg: bool
) -> tuple[str, str]:
    if kind is SessionType.RUN:
        return kind.value, "quality" if run_kind in QUALITY_KINDS else "easy"
    if kind is SessionType.STRENGTH:
        return kind.value, "legs" if leg or is_leg_focus(focus) else "upper"
    return kind.value, ""


def _remaining(
    specs: tuple[SessionSpec, ...], done: list[Session], legs: LegHistory
) -> tuple[SessionSpec, ...]:
    """Return the template minus what was already done this week."""
    counts = [spec.count for spec in specs]
    for session in done:
        leg = session.type is SessionType.STRENGTH and legs.is_leg(session)
        got = _category(session.type, session.kind, session.focus, leg)
        for index, spec in enumerate(specs):
            if counts[index] > 0 and _category(spec.type, spec.kind, spec.focus, False) == got:
                counts[index] -= 1
                break
    return tuple(replace(spec, count=count) for spec, count in zip(specs, counts, strict=True))


def _request(
    db: Database,
    profile: Profile,
    found: Settings,
    start: date,
    days: int,
    now: datetime,
    previous: tuple[PlannedSession, ...],
) -> PlanRequest:
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
    tz = profile.tz
    begin = datetime.combine(start, datetime.min.time(), tz)
    with db.transaction() as s:
        athlete_id = repository.athlete(s, profile.name).id
        history = [
            sess
            for _, sess in repository.history(
                s, athlete_id, begin - timedelta(days=HISTORY_DAYS), max(begin, now)
            )
        ]
    specs = found.specs
    if begin <= now:
        legs = LegHistory(history, profile.athlete)
        specs = _remaining(specs, [h for h in history if h.start >= begin], legs)
    availability = tuple(
        tuple(parse_window(w, f"availability.{d}") for w in found.availability.get(d, []))
        for d in WEEKDAYS
    )
    return PlanRequest(
        start=start,
        tz=tz,
        athlete=profile.athlete,
        availability=availability,
        sessions=specs,
        days=days,
        rest_days_min=found.rest_days_min,
        history=tuple(history),
        previous=previous,
        not_before=now if begin <= now else None,
    )


def solve(request: PlanRequest) -> Plan:
    """Return the plan for a self-contained request (no database involved)."""
    from runready.solvers.cpsat import CpSatSolver

    return plan(request, CpSatSolver())


def plan_weeks(
    db: Database, athlete_name: str | None, start: date, weeks: int, now: datetime
) -> Plan:
    """Plan ``weeks`` weeks from ``start`` for the stored athlete and store the plan."""
    profile = get(db, athlete_name)
    found = settings(db, athlete_name, now)
    days = 7 * weeks
    previous = _stored(db, profile, start, days)
    request = _request(db, profile, found, start, days, now, tuple(_planned(r) for r in previous))
    result = solve(request)
    _save(db, profile, previous, result, now)
    return result


def replan(db: Database, athlete_name: str | None, now: datetime, weeks: int = 1) -> Plan:
    """Re-plan from now to the end of the current week(s), moving as little as possible."""
    profile = get(db, athlete_name)
    today = now.astimezone(profile.tz).date()
    monday = today - timedelta(days=today.weekday())
    return plan_weeks(db, athlete_name, monday, weeks, now)


def stored(db: Database, athlete_name: str | None, start: date, days: int) -> list[PlannedSession]:
    """Return the stored plan from ``start`` for ``days`` days (cancelled sessions left out)."""
    return [_planned(row) for row in _stored(db, get(db, athlete_name), start, days)]


def feed_athlete(db: Database, token: str) -> str | None:
    """Return the name of the athlete whose calendar feed secret is ``token``."""
    with db.transaction() as s:
        row = s.scalars(select(PlanSettingsRow).where(PlanSettingsRow.feed_token == token)).first()
        return repository.athlete_by_id(s, row.athlete_id).name if row is not None else None


def new_feed_token(db: Database, athlete_name: str | None, now: datetime) -> Settings:
    """Replace the calendar feed secret: the old subscription link stops working."""
    profile = get(db, athlete_name)
    with db.transaction() as s:
        row = _settings_row(s, repository.athlete(s, profile.name).id, now)
        row.feed_token = secrets.token_urlsafe(24)
        row.updated_at = now.astimezone(UTC)
    return settings(db, athlete_name, now)


def _stored(db: Database, profile: Profile, start: date, days: int) -> list[PlannedRow]:
    begin = datetime.combine(start, datetime.min.time(), profile.tz)
    end = begin + timedelta(days=days)
    with db.transaction() as s:
        athlete_id = repository.athlete(s, profile.name).id
        return list(
            s.scalars(
                select(PlannedRow)
                .where(
                    PlannedRow.athlete_id == athlete_id,
                    PlannedRow.status == PLANNED,
                    PlannedRow.start_utc >= begin.astimezone(UTC),
                    PlannedRow.start_utc < end.astimezone(UTC),
                )
                .order_by(PlannedRow.start_utc)
            )
        )


def _save(
    db: Database, profile: Profile, previous: list[PlannedRow], result: Plan, now: datetime
) -> None:
    """Store the plan: matched sessions keep their id (calendar UID) and bump SEQUENCE if moved."""
    with db.transaction() as s:
        athlete_id = repository.athlete(s, profile.name).id
        free = {row.id: s.merge(row) for row in previous}
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
                row.utc_offset_min = _offset_min(session.start)
                row.duration_min = session.duration_min
                row.sequence += 1
            row.reasons = {"reasons": list(session.reasons)}
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


def _offset_min(moment: datetime) -> int:
    offset = moment.utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)


def _new_row(athlete_id: uuid.UUID, session: PlannedSession, now: datetime) -> PlannedRow:
    return PlannedRow(
        athlete_id=athlete_id,
        id=new_id(),
        type=session.type.value,
        kind=session.kind.value if session.kind else None,
        focus=session.focus.value if session.focus else None,
        start_utc=session.start.astimezone(UTC),
        utc_offset_min=_offset_min(session.start),
        duration_min=session.duration_min,
        reasons={"reasons": list(session.reasons)},
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
        return list(
            s.scalars(
                select(PlannedRow)
                .where(
                    PlannedRow.athlete_id == athlete_id,
                    PlannedRow.start_utc >= since.astimezone(UTC),
                )
                .order_by(PlannedRow.start_utc)
            )
        )


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
    "(R5), easy runs 6 h (R3/R4).",
    ("strength", "full"): "Full-body strength; counts as a leg session for spacing (R5).",
    ("strength", "upper"): "Upper-body strength; it never restricts running.",
    ("run", "quality"): "Quality run: kept 48 h after leg sessions (R5) and 24 h before the next "
    "one (R10).",
    ("run", "easy"): "Easy run: aerobic base; fine 6 h after legs (R3/R4).",
}


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
        category = _category(session.type, session.kind, session.focus, False)
        purpose = PURPOSE.get(category, f"{label.capitalize()}.")
        rules = "\n".join(f"- {reason}" for reason in session.reasons)
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
