"""The calendar feed: ready events at the stored gate edges, reminders, stable UIDs and a
SEQUENCE that follows every move (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from builders import legs, squats
from runready.core.errors import InvalidInput
from runready.core.model import CheckIn, Intensity, RunKind, SessionType
from runready.core.plan_values import SessionSpec
from runready.services import Database, calendar_feed, journal, open_database, planning
from runready.services.athletes import Profile, get
from runready.services.calendar_feed import Feed
from runready.storage.records import AthleteId

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime.now(UTC).replace(second=0, microsecond=0).astimezone(BERLIN)
H = timedelta(hours=1)
EVERY_DAY = {day: ["06:00-21:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture
def followed(database_url: str) -> Iterator[Database]:
    """A database opened as the app opens it: the stored readiness follows every write."""
    db = open_database(database_url)
    try:
        yield db
    finally:
        db.close()


def athlete(db: Database, zone: str = "Europe/Berlin") -> Profile:
    with db.unit() as uow:
        found = uow.athletes.add("ana", zone, NOW - 400 * 24 * H).id
    return get(db, AthleteId(found))


def heavy_legs(db: Database, who: Profile, ended_h_ago: float = 1) -> None:
    """Log a hard leg session: hard running waits about two days after its end."""
    ended = NOW - ended_h_ago * H
    session = legs(0, now=ended, exercises=(squats(rpe=9, sets=6), squats(rpe=9, name="RDL")))
    journal.log_session(db, who.id, session, NOW)


def zone_where_it_is_one_in_the_night() -> str:
    """Return a fixed-offset zone whose clock reads 01:xx now: a gate edge a few hours ahead
    then falls on the same local day as a check-in made now."""
    offset = (1 - NOW.astimezone(UTC).hour) % 24
    offset = offset - 24 if offset > 14 else offset
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"


def plan_intervals_in_three_days(db: Database, who: Profile) -> None:
    planning.replace_availability(db, who.id, EVERY_DAY, NOW)
    intervals = SessionSpec(SessionType.RUN, 1, 45, kind=RunKind.INTERVALS)
    planning.set_template(db, who.id, [intervals], 0, NOW)
    planning.plan_weeks(db, who.id, (NOW + 3 * 24 * H).date(), 1, NOW)


def feed(db: Database, who: Profile, at: datetime = NOW) -> Feed:
    return calendar_feed.feed(db, who.id, at - 7 * 24 * H, at, BERLIN)


def ready(found: Feed) -> planning.CalendarEvent:
    (event,) = [e for e in found.events if e.uid.startswith("ready-")]
    return event


def hard_edge(db: Database, who: Profile) -> datetime:
    with db.unit() as uow:
        outlook, _ = uow.readiness.of([who.id])[who.id]
    edge = dict(outlook.earliest)[Intensity.HARD]
    assert edge is not None
    return edge


def test_the_next_quality_run_gets_a_ready_event_at_the_hard_gate_edge(followed: Database):
    ana = athlete(followed)
    heavy_legs(followed, ana)
    plan_intervals_in_three_days(followed, ana)
    event = ready(feed(followed, ana))
    edge = hard_edge(followed, ana)
    (run,) = [e for e in feed(followed, ana).events if not e.uid.startswith("ready-")]
    assert event.uid == "ready-" + run.uid
    assert event.start == edge
    assert event.summary == f"Hard run OK from {edge.astimezone(BERLIN):%H:%M}"
    assert "For the planned intervals run" in event.description
    assert not event.busy


def test_with_no_quality_run_planned_the_feed_says_when_hard_running_opens(followed: Database):
    ana = athlete(followed)
    heavy_legs(followed, ana)
    event = ready(feed(followed, ana))
    assert event.uid == f"ready-hard-{ana.id}@runready"
    assert event.start == hard_edge(followed, ana)
    assert "no quality run is planned" in event.description


def test_an_open_gate_publishes_no_ready_event(followed: Database):
    ana = athlete(followed)
    plan_intervals_in_three_days(followed, ana)
    assert [e for e in feed(followed, ana).events if e.uid.startswith("ready-")] == []


def test_the_feed_parses_in_two_parsers_with_the_reminders_the_athlete_set(followed: Database):
    from ical.calendar_stream import IcsCalendarStream
    from icalendar import Calendar

    ana = athlete(followed)
    heavy_legs(followed, ana)
    plan_intervals_in_three_days(followed, ana)
    planning.set_alarms(followed, ana.id, [30, 600], NOW)
    body, count = calendar_feed.ics_file(followed, ana, NOW - 7 * 24 * H, NOW)
    parsed = Calendar.from_ical(body)
    events = list(parsed.walk("VEVENT"))
    assert count == len(events) == 2
    for event in events:
        triggers = sorted(a.decoded("TRIGGER") for a in event.walk("VALARM"))
        assert triggers == [timedelta(minutes=-600), timedelta(minutes=-30)]
    (marker,) = [e for e in events if str(e["UID"]).startswith("ready-")]
    assert str(marker["TRANSP"]) == "TRANSPARENT"
    other = IcsCalendarStream.calendar_from_ics(body.decode())
    assert sorted(e.uid for e in other.events) == sorted(str(e["UID"]) for e in events)
    for event in other.events:
        assert sorted(a.trigger for a in event.alarm) == [  # type: ignore[attr-defined]
            timedelta(minutes=-600),
            timedelta(minutes=-30),
        ]
    assert any(e.summary.startswith("Hard run OK from ") for e in other.events)


def test_a_check_in_that_moves_the_hard_gate_moves_the_ready_event_with_sequence_plus_one(
    followed: Database,
):
    ana = athlete(followed, zone_where_it_is_one_in_the_night())
    heavy_legs(followed, ana, ended_h_ago=45)  # hard running opens in about three hours
    plan_intervals_in_three_days(followed, ana)
    before = ready(feed(followed, ana))
    assert NOW < before.start < NOW + 6 * H
    assert ready(feed(followed, ana)).sequence == before.sequence  # nothing moved, no bump
    journal.check_in(followed, ana.id, CheckIn.of(NOW, 7.0))  # sore: no hard running today
    after = ready(feed(followed, ana, NOW + H))
    assert after.uid == before.uid
    assert after.start.astimezone(ana.tz).date() > before.start.astimezone(ana.tz).date()
    assert after.sequence == before.sequence + 1
    assert ready(feed(followed, ana, NOW + H)).sequence == after.sequence


def test_a_planned_session_published_after_a_move_keeps_counting_from_its_stored_sequence(
    followed: Database,
):
    ana = athlete(followed)
    plan_intervals_in_three_days(followed, ana)
    (first,) = feed(followed, ana).events
    early = {day: ["06:00-07:00"] for day in EVERY_DAY}
    planning.replace_availability(followed, ana.id, early, NOW)
    planning.plan_weeks(followed, ana.id, (NOW + 3 * 24 * H).date(), 1, NOW)
    (moved,) = feed(followed, ana).events
    assert moved.uid == first.uid and moved.start != first.start
    assert moved.sequence == first.sequence + 1


def test_reminders_outside_a_week_or_too_many_are_refused_and_nothing_is_saved(db: Database):
    from store_support import me

    planning.set_alarms(db, me(db), [15], NOW)
    with pytest.raises(InvalidInput, match="between 0 and 10080") as wrong:
        planning.set_alarms(db, me(db), [15, 20000], NOW)
    assert wrong.value.field == "alarms_min"
    with pytest.raises(InvalidInput, match="at most 5"):
        planning.set_alarms(db, me(db), [1, 2, 3, 4, 5, 6], NOW)
    assert planning.settings(db, me(db), NOW).alarms_min == [15]
