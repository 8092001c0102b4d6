"""The calendar feed: planned sessions and "ready" events, each published with a stable UID
and a SEQUENCE that rises by one whenever what a calendar shows of it moves.

A ready event marks the gate edge of the stored outlook (readiness.md rule 3): for the next
planned quality run, the moment its level opens ("Hard run OK from 08:10"); with no quality run
planned, the moment hard running opens. It is published while the gate is still closed when
the outlook was made; a check-in or a session that moves the edge moves the event.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo

from runready.core.model import Intensity, required_intensity
from runready.core.outlook import Outlook
from runready.core.plan_values import PlannedSession
from runready.render import moment_in
from runready.services import calendar_ics, planning, readiness
from runready.services.athletes import Profile
from runready.services.planning import CalendarEvent
from runready.storage.database import Database
from runready.storage.records import AthleteId

#: How long a ready event lasts in the calendar: a marker, not busy time.
READY_EVENT_MIN = 15


@dataclass(frozen=True, slots=True)
class Feed:
    """What the calendar file carries: its events and the athlete's reminders."""

    events: tuple[CalendarEvent, ...]
    alarms_min: tuple[int, ...]


def ready_event(
    outlook: Outlook,
    planned: tuple[str, PlannedSession] | None,
    athlete_id: AthleteId,
    tz: tzinfo,
    host: str,
) -> CalendarEvent | None:
    """Return the ready event for the next planned quality run (its stored id and session), or
    for hard running when none is planned; None while no closed gate has a known edge."""
    level = Intensity.HARD
    if planned is not None:
        stored_id, session = planned
        level = required_intensity(
            session.type, session.as_session().run_intensity, session.kind, session.duration_min
        )
        uid = f"ready-{stored_id}@{host}"
    else:
        uid = f"ready-{level.label}-{athlete_id}@{host}"
    edge = dict(outlook.earliest).get(level)
    if edge is None or edge <= outlook.at:
        return None
    local = edge.astimezone(tz)
    summary = f"{level.label.capitalize()} run OK from {local:%H:%M}"
    show = moment_in(local)
    if planned is None:
        description = (
            f"The readiness engine allows a {level.label} run from {show(edge)} "
            "(readiness.md rule 3); no quality run is planned."
        )
    else:
        _, session = planned
        start = session.start
        description = (
            f"For the planned {session.spec.label} on {show(start)}: the readiness engine "
            f"allows a {level.label} run from {show(edge)} (readiness.md rule 3)."
        )
        if edge > start:
            description += " That is after the planned start: re-plan or run easier."
    return CalendarEvent(
        uid=uid,
        start=edge,
        end=edge + timedelta(minutes=READY_EVENT_MIN),
        summary=summary,
        description=description + "\n(runready: ready)",
        sequence=0,
        cancelled=False,
        stamp=outlook.at.astimezone(UTC),
        busy=False,
    )


def ics_file(db: Database, profile: Profile, since: datetime, now: datetime) -> tuple[bytes, int]:
    """Return the athlete's .ics file from ``since`` and how many events it carries."""
    found = feed(db, profile.id, since, now, profile.tz)
    body = calendar_ics.render(found.events, profile.name, profile.tz, now, found.alarms_min)
    return body, len(found.events)


def feed(
    db: Database,
    athlete_id: AthleteId,
    since: datetime,
    now: datetime,
    tz: tzinfo,
    host: str = "runready",
) -> Feed:
    """Return the athlete's feed from ``since`` and record what it publishes under each UID,
    so a moved or reworded event goes out with SEQUENCE + 1."""
    found = list(planning.events(db, athlete_id, since, host))
    upcoming = planning.next_quality_run(db, athlete_id, now)
    planned = (str(upcoming[0].id), upcoming[1]) if upcoming else None
    ready = ready_event(readiness.current(db, athlete_id, now), planned, athlete_id, tz, host)
    if ready is not None:
        found.append(ready)
    with db.unit() as uow:
        uow.plans.lock(athlete_id, now)  # one publisher at once: each move counted once
        alarms = tuple(uow.plans.settings(athlete_id, now).alarms_min)
        published = tuple(
            replace(
                event,
                sequence=uow.plans.publish(
                    athlete_id, event.uid, event.fingerprint, event.sequence, now
                ),
            )
            for event in found
        )
    return Feed(published, alarms)
