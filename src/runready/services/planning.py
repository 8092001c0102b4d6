"""Plan the stored athlete's weeks: availability, a weekly template, plans kept and re-planned."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from runready.core.dose import is_leg_session
from runready.core.errors import InvalidInput
from runready.core.findings import Reason
from runready.core.model import Focus, RunKind, Session, SessionType
from runready.core.plan_values import WEEKDAYS, Plan, PlannedSession, PlanRequest, SessionSpec
from runready.plan_format import day_windows, parse_window
from runready.render import moment_in
from runready.services.athletes import Profile, get
from runready.services.solving import solve
from runready.storage.database import Database
from runready.storage.plans import CANCELLED, new_feed_token
from runready.storage.records import AthleteId, PlannedRecord, PlanSettingsRecord

HISTORY_DAYS = 14
MATCH_WINDOW = timedelta(hours=12)  # a done session this close to a planned one fulfils it


@dataclass(frozen=True, slots=True)
class Settings:
    """What the planner needs besides the history."""

    availability: dict[str, list[str]]
    template: list[dict[str, object]]
    rest_days_min: int
    feed_token: str
    alarms_min: list[int]

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


def _settings_of(record: PlanSettingsRecord) -> Settings:
    return Settings(
        record.availability,
        record.template,
        record.rest_days_min,
        record.feed_token,
        record.alarms_min,
    )


def settings(db: Database, athlete_id: AthleteId, now: datetime) -> Settings:
    """Return the athlete's planning settings (empty ones on first use)."""
    with db.unit() as uow:
        return _settings_of(uow.plans.settings(athlete_id, now))


def _change(db: Database, athlete_id: AthleteId, now: datetime, **changes: Any) -> Settings:
    """Apply ``changes`` to the settings and return them, in one unit of work."""
    with db.unit() as uow:
        return _settings_of(uow.plans.change_settings(athlete_id, now, **changes))


def _day(day: str, windows: list[str]) -> tuple[str, list[str]]:
    key = day.strip().lower()[:3]
    if key not in WEEKDAYS:
        raise InvalidInput("day", f"unknown weekday {day!r}; use mon, tue, ... sun")
    return key, [str(w) for w in day_windows(windows, f"availability.{key}")]


def _week(days: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: days[key] for key in WEEKDAYS if days.get(key)}


def set_availability(
    db: Database, athlete_id: AthleteId, day: str, windows: list[str], now: datetime
) -> Settings:
    """Replace one weekday's free windows (an empty list clears the day)."""
    key, checked = _day(day, windows)
    with db.unit() as uow:
        current = uow.plans.settings(athlete_id, now).availability
        week = _week({**current, key: checked})
        return _settings_of(uow.plans.change_settings(athlete_id, now, availability=week))


def replace_availability(
    db: Database, athlete_id: AthleteId, week: dict[str, list[str]], now: datetime
) -> Settings:
    """Replace the free windows of every weekday at once (days left out are not free)."""
    checked = _week(dict(_day(day, windows) for day, windows in week.items()))
    return _change(db, athlete_id, now, availability=checked)


def set_template(
    db: Database,
    athlete_id: AthleteId,
    specs: list[SessionSpec],
    rest_days_min: int | None,
    now: datetime,
) -> Settings:
    """Replace the weekly template (and, when given, the minimum rest days)."""
    if rest_days_min is not None and not 0 <= rest_days_min <= 7:
        raise InvalidInput("--rest", "must be between 0 and 7")
    changes: dict[str, Any] = {"template": [spec_dict(spec) for spec in specs]}
    if rest_days_min is not None:
        changes["rest_days_min"] = rest_days_min
    return _change(db, athlete_id, now, **changes)


def _planned(record: PlannedRecord) -> PlannedSession:
    return PlannedSession(
        SessionType(record.type),
        record.start,
        record.duration_min,
        RunKind(record.kind) if record.kind else None,
        Focus(record.focus) if record.focus else None,
        tuple(Reason.from_data(item) for item in record.reasons),
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


class SettingsMissing(InvalidInput):
    """Planning needs a setting the athlete has not made yet (its field names it)."""


def _check(found: Settings) -> None:
    if not found.availability:
        raise SettingsMissing("availability", "no free times yet: set them first")
    if not any(spec.count for spec in found.specs):
        raise SettingsMissing("template", "no weekly sessions yet: set them first")


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


def plan_weeks(db: Database, athlete_id: AthleteId, start: date, weeks: int, now: datetime) -> Plan:
    """Plan ``weeks`` weeks from ``start`` for the stored athlete and store the plan."""
    return _plan(db, get(db, athlete_id), start, 7 * weeks, now)


def _plan(db: Database, profile: Profile, start: date, days: int, now: datetime) -> Plan:
    begin = _midnight(start, profile)
    end = begin + timedelta(days=days)
    with db.unit() as uow:
        found = _settings_of(uow.plans.settings(profile.id, now))
        _check(found)
        previous = tuple(_planned(r) for r in uow.plans.planned(profile.id, begin, end))
        history = [
            stored.session
            for stored in uow.journal.history(
                profile.id, begin - timedelta(days=HISTORY_DAYS), max(begin, now)
            )
        ]
    result = solve(_request(profile, found, begin, days, now, previous, history))
    _save(db, profile.id, begin, end, result, now)
    return result


def replan(db: Database, athlete_id: AthleteId, now: datetime, weeks: int = 1) -> Plan:
    """Re-plan from now to the end of the current week(s), moving as little as possible."""
    profile = get(db, athlete_id)
    today = now.astimezone(profile.tz).date()
    return _plan(db, profile, today - timedelta(days=today.weekday()), 7 * weeks, now)


def stored(db: Database, athlete_id: AthleteId, start: date, days: int) -> list[PlannedSession]:
    """Return the stored plan from ``start`` for ``days`` days (cancelled sessions left out)."""
    begin = _midnight(start, get(db, athlete_id))
    with db.unit() as uow:
        return [
            _planned(r) for r in uow.plans.planned(athlete_id, begin, begin + timedelta(days=days))
        ]


def feed_athlete(db: Database, token: str) -> AthleteId | None:
    """Return the athlete whose calendar feed secret is ``token``."""
    with db.unit() as uow:
        return uow.plans.athlete_of_feed(token)


#: The most reminders per event, and the furthest ahead one may ring (a week, in minutes).
ALARMS_MAX = 5
ALARM_MAX_MIN = 7 * 24 * 60


def set_alarms(db: Database, athlete_id: AthleteId, minutes: list[int], now: datetime) -> Settings:
    """Replace the calendar reminders: minutes before each event (an empty list: none)."""
    if len(minutes) > ALARMS_MAX:
        raise InvalidInput("alarms_min", f"at most {ALARMS_MAX} reminders")
    for value in minutes:
        if not 0 <= value <= ALARM_MAX_MIN:
            raise InvalidInput(
                "alarms_min", f"{value} is not between 0 and {ALARM_MAX_MIN} minutes before"
            )
    return _change(db, athlete_id, now, alarms_min=sorted(set(minutes), reverse=True))


def rotate_feed(db: Database, athlete_id: AthleteId, now: datetime) -> Settings:
    """Replace the calendar feed secret: the old subscription link stops working."""
    return _change(db, athlete_id, now, feed_token=new_feed_token())


def _save(
    db: Database,
    athlete_id: AthleteId,
    begin: datetime,
    end: datetime,
    result: Plan,
    now: datetime,
) -> None:
    """Store the plan: matched sessions keep their id (calendar UID) and bump SEQUENCE if moved.

    The stored plan is read again here, under a lock on the athlete's settings, so two re-plans
    at once match against each other's result instead of both adding sessions.
    """
    with db.unit() as uow:
        uow.plans.lock(athlete_id, now)
        free = {r.id: r for r in uow.plans.planned(athlete_id, begin, end)}
        for session in result.sessions:
            if session.fixed:
                continue
            reasons: list[object] = [reason.to_data() for reason in session.reasons]
            found = _match(list(free.values()), session)
            if found is None:
                kind = (
                    session.type.value,
                    session.kind.value if session.kind else None,
                    session.focus.value if session.focus else None,
                )
                uow.plans.add_planned(
                    athlete_id, kind, session.start, session.duration_min, reasons, now
                )
                continue
            del free[found.id]
            uow.plans.update_planned(
                athlete_id,
                found.id,
                now,
                start=session.start,
                duration_min=session.duration_min,
                reasons=reasons,
            )
        for record in free.values():
            if record.start >= now:
                uow.plans.update_planned(athlete_id, record.id, now, cancel=True)


def _match(records: list[PlannedRecord], session: PlannedSession) -> PlannedRecord | None:
    same = [
        r
        for r in records
        if (r.type, r.kind, r.focus)
        == (
            session.type.value,
            session.kind.value if session.kind else None,
            session.focus.value if session.focus else None,
        )
    ]
    if not same:
        return None
    return min(same, key=lambda r: abs(r.start - session.start))


def calendar_records(db: Database, athlete_id: AthleteId, since: datetime) -> list[PlannedRecord]:
    """Return planned (and cancelled) sessions from ``since`` on, for the calendar."""
    with db.unit() as uow:
        return uow.plans.planned(athlete_id, since, cancelled=True)


def next_quality_run(
    db: Database, athlete_id: AthleteId, after: datetime
) -> tuple[PlannedRecord, PlannedSession] | None:
    """Return the first planned quality run starting after ``after`` and its stored record."""
    with db.unit() as uow:
        for row in uow.plans.planned(athlete_id, after):
            session = _planned(row)
            if session.type is SessionType.RUN and session.as_session().is_quality_run:
                return row, session
    return None


def planned_between(
    db: Database, athlete_id: AthleteId, start: date, days: int
) -> list[tuple[PlannedRecord, PlannedSession]]:
    """Return the sessions planned from ``start`` for ``days`` days, with their stored records."""
    begin = _midnight(start, get(db, athlete_id))
    with db.unit() as uow:
        rows = uow.plans.planned(athlete_id, begin, begin + timedelta(days=days))
    return [(row, _planned(row)) for row in rows]


def planned_runs(
    db: Database, athlete_id: AthleteId, start: date, days: int
) -> list[tuple[PlannedRecord, PlannedSession]]:
    """Return the planned runs from ``start`` for ``days`` days, with their stored records."""
    found = planned_between(db, athlete_id, start, days)
    return [(row, session) for row, session in found if session.type is SessionType.RUN]


def still_planned(
    db: Database, athlete_id: AthleteId, planned_ids: list[uuid.UUID]
) -> set[uuid.UUID]:
    """Return which of ``planned_ids`` are planned sessions that still stand."""
    with db.unit() as uow:
        found = [uow.plans.planned_one(athlete_id, planned_id) for planned_id in planned_ids]
    return {row.id for row in found if row is not None and row.status != CANCELLED}


def planned_run(
    db: Database, athlete_id: AthleteId, planned_id: uuid.UUID
) -> tuple[PlannedRecord, PlannedSession] | None:
    """Return one planned run that still stands, with its stored record; None otherwise."""
    with db.unit() as uow:
        row = uow.plans.planned_one(athlete_id, planned_id)
    if row is None or row.type != SessionType.RUN.value or row.status == CANCELLED:
        return None
    return row, _planned(row)


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One calendar event: a planned session, or the moment a gate opens (not busy time)."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str
    sequence: int
    cancelled: bool
    stamp: datetime
    busy: bool = True

    @property
    def fingerprint(self) -> str:
        """Return a digest of what a calendar shows: a change means SEQUENCE + 1."""
        shown = "\x1f".join(
            (
                self.start.astimezone(UTC).isoformat(),
                self.end.astimezone(UTC).isoformat(),
                self.summary,
                self.description,
                str(self.cancelled),
            )
        )
        return hashlib.sha256(shown.encode()).hexdigest()


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
    db: Database, athlete_id: AthleteId, since: datetime, host: str = "runready"
) -> list[CalendarEvent]:
    """Return the athlete's planned sessions as calendar events (cancelled ones included)."""
    found = []
    for row in calendar_records(db, athlete_id, since):
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
                stamp=row.updated_at.astimezone(UTC),
            )
        )
    return found
