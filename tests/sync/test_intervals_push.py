"""Pushing the planned week to intervals.icu, verified against a local contract server."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))

from intervals_contract import Calendar, serving

from runready.core.errors import InvalidInput
from runready.core.model import Focus, RunKind, SessionType
from runready.core.plan_values import SessionSpec
from runready.services import athletes, intervals, planning
from runready.storage.database import Database
from runready.sync.intervals_icu import IntervalsError
from store_support import me

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 30)
BEFORE = datetime(2026, 11, 27, 12, 0, tzinfo=BERLIN)
KEY = "k3y-that-must-stay-secret"
TEMPLATE = [
    SessionSpec(SessionType.STRENGTH, 1, 60, focus=Focus.LEGS),
    SessionSpec(SessionType.RUN, 1, 45, kind=RunKind.INTERVALS),
    SessionSpec(SessionType.RUN, 2, 40, kind=RunKind.EASY),
]


@pytest.fixture
def athlete(db: Database) -> Database:
    athletes.update(db, me(db), {"timezone": "Europe/Berlin"})
    for day in ("mon", "tue", "wed", "thu", "sat"):
        planning.set_availability(db, me(db), day, ["17:30-21:00"], BEFORE)
    planning.set_template(db, me(db), TEMPLATE, 1, BEFORE)
    planning.plan_weeks(db, me(db), MONDAY, 1, BEFORE)
    return db


def test_the_planned_week_arrives_as_events_keyed_by_external_id(athlete: Database):
    calendar = Calendar("i42", KEY)
    with serving(calendar) as url:
        intervals.link(athlete, me(athlete), url, "i42", KEY, BEFORE)
        result = intervals.push_week(athlete, me(athlete), MONDAY, 7, BEFORE)
        again = intervals.push_week(athlete, me(athlete), MONDAY, 7, BEFORE)
    planned = planning.planned_between(athlete, me(athlete), MONDAY, 7)
    assert result.upserted == again.upserted == len(planned) == 4
    events = calendar.by_external()
    assert len(calendar.events) == 4  # the second push updated, it did not add
    for row, session in planned:
        event = events[f"runready-{row.id}"]
        assert event["start_date_local"] == session.start.strftime("%Y-%m-%dT%H:%M:%S")
        assert event["type"] == ("Run" if session.type is SessionType.RUN else "WeightTraining")
        assert event["moving_time"] == session.duration_min * 60
        assert event["category"] == "WORKOUT"


def test_a_session_no_longer_planned_is_deleted_there(athlete: Database):
    calendar = Calendar("i42", KEY)
    with serving(calendar) as url:
        intervals.link(athlete, me(athlete), url, "i42", KEY, BEFORE)
        intervals.push_week(athlete, me(athlete), MONDAY, 7, BEFORE)
        fewer = [SessionSpec(SessionType.RUN, 1, 40, kind=RunKind.EASY)]
        planning.set_template(athlete, me(athlete), fewer, 1, BEFORE)
        planning.plan_weeks(athlete, me(athlete), MONDAY, 1, BEFORE)
        result = intervals.push_week(athlete, me(athlete), MONDAY, 7, BEFORE)
    ((row, _),) = planning.planned_between(athlete, me(athlete), MONDAY, 7)
    assert result.deleted == 3
    assert list(calendar.by_external()) == [f"runready-{row.id}"]
    assert sum(method == "DELETE" for method, _ in calendar.seen) == 3


def test_a_wrong_key_is_refused_clearly_and_nothing_counts_as_pushed(athlete: Database):
    calendar = Calendar("i42", KEY)
    with serving(calendar) as url:
        intervals.link(athlete, me(athlete), url, "i42", "not-the-key", BEFORE)
        with pytest.raises(IntervalsError, match="refused the API key"):
            intervals.push_week(athlete, me(athlete), MONDAY, 7, BEFORE)
    assert calendar.events == {}
    with athlete.unit() as uow:
        link = uow.intervals.link(me(athlete))
    assert link is not None and link.pushed == {}


def test_the_api_key_is_stored_sealed_never_in_clear(athlete: Database):
    intervals.link(athlete, me(athlete), "https://intervals.example", "i42", KEY, BEFORE)
    with athlete.engine.connect() as conn:
        stored = conn.execute(text("select sealed_key from intervals_links")).scalar_one()
    assert KEY not in stored and len(stored) > len(KEY)


def test_pushing_without_a_link_or_with_a_bad_address_says_what_to_set(athlete: Database):
    with pytest.raises(intervals.NotLinked, match="no intervals.icu link yet"):
        intervals.push_week(athlete, me(athlete), MONDAY, 7, BEFORE)
    with pytest.raises(InvalidInput, match="not an http") as bad:
        intervals.link(athlete, me(athlete), "ftp://x", "i42", KEY, BEFORE)
    assert bad.value.field == "base_url"
