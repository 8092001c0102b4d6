"""Planning the stored athlete: saved windows and template, stored plans, re-plans, calendars."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from runready.core.model import Focus, RunKind, Session, SessionType
from runready.core.plan_values import Plan, PlanRequest, SessionSpec
from runready.services import athletes, calendar_ics, journal, planning
from runready.storage.database import Database
from store_support import me

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 30)
BEFORE = datetime(2026, 11, 27, 12, 0, tzinfo=BERLIN)
TEMPLATE = [
    SessionSpec(SessionType.STRENGTH, 2, 60, focus=Focus.LEGS),
    SessionSpec(SessionType.STRENGTH, 1, 50, focus=Focus.UPPER),
    SessionSpec(SessionType.RUN, 1, 45, kind=RunKind.INTERVALS),
    SessionSpec(SessionType.RUN, 1, 90, kind=RunKind.LONG),
    SessionSpec(SessionType.RUN, 2, 40, kind=RunKind.EASY),
]


@pytest.fixture
def athlete(db: Database) -> Database:
    athletes.update(db, me(db), {"timezone": "Europe/Berlin", "lifting_experience_months": 30})
    for day in ("mon", "tue", "wed", "thu"):
        planning.set_availability(db, me(db), day, ["06:30-08:00", "17:30-21:00"], BEFORE)
    planning.set_availability(db, me(db), "sat", ["08:00-12:00"], BEFORE)
    planning.set_availability(db, me(db), "sun", ["09:00-12:00"], BEFORE)
    planning.set_template(db, me(db), TEMPLATE, 1, BEFORE)
    return db


def test_planning_without_windows_or_template_says_what_to_set(db: Database):
    with pytest.raises(planning.SettingsMissing, match="no free times yet") as missing:
        planning.plan_weeks(db, me(db), MONDAY, 1, BEFORE)
    assert missing.value.field == "availability"
    planning.set_availability(db, me(db), "mon", ["17:30-21:00"], BEFORE)
    with pytest.raises(planning.SettingsMissing, match="no weekly sessions yet") as missing:
        planning.plan_weeks(db, me(db), MONDAY, 1, BEFORE)
    assert missing.value.field == "template"


def test_a_planned_week_is_stored_inside_the_windows(athlete: Database):
    result = planning.plan_weeks(athlete, me(athlete), MONDAY, 1, BEFORE)
    assert len(result.sessions) == 7 and not result.unplaced
    stored = planning.calendar_records(athlete, me(athlete), BEFORE)
    assert len(stored) == 7
    for row in stored:
        local = row.start.astimezone(BERLIN)
        assert local.weekday() in (0, 1, 2, 3, 5, 6)


def test_planning_the_same_week_again_keeps_every_id_and_sequence(athlete: Database):
    planning.plan_weeks(athlete, me(athlete), MONDAY, 1, BEFORE)
    first = {r.id: r.sequence for r in planning.calendar_records(athlete, me(athlete), BEFORE)}
    planning.plan_weeks(athlete, me(athlete), MONDAY, 1, BEFORE + timedelta(hours=1))
    again = {r.id: r.sequence for r in planning.calendar_records(athlete, me(athlete), BEFORE)}
    assert again == first


def test_a_missed_session_is_replanned_later_in_the_week(athlete: Database):
    planning.plan_weeks(athlete, me(athlete), MONDAY, 1, BEFORE)
    rows = planning.calendar_records(athlete, me(athlete), BEFORE)
    missed = rows[0]
    wednesday = datetime(2026, 12, 2, 6, 0, tzinfo=BERLIN)
    for row in rows:
        start = row.start
        if start < wednesday and row.id != missed.id:
            journal.log_session(
                athlete,
                me(athlete),
                Session(
                    SessionType(row.type),
                    start.astimezone(BERLIN),
                    row.duration_min,
                    rpe=8 if row.focus == "legs" else 4,
                    kind=RunKind(row.kind) if row.kind else None,
                    focus=Focus(row.focus) if row.focus else None,
                ),
                wednesday,
            )
    result = planning.replan(athlete, me(athlete), wednesday)
    later = [s for s in result.sessions if s.start >= wednesday]
    kinds = [
        (s.type.value, s.kind.value if s.kind else None, s.focus.value if s.focus else None)
        for s in later
    ]
    assert (missed.type, missed.kind, missed.focus) in kinds or result.unplaced


def test_an_extra_leg_session_pushes_the_quality_run_back(athlete: Database):
    planning.plan_weeks(athlete, me(athlete), MONDAY, 1, BEFORE)
    tuesday = datetime(2026, 12, 1, 18, 0, tzinfo=BERLIN)
    journal.log_session(
        athlete,
        me(athlete),
        Session(SessionType.STRENGTH, tuesday, 60, rpe=9, focus=Focus.LEGS),
        tuesday + timedelta(hours=2),
    )
    result = planning.replan(athlete, me(athlete), tuesday + timedelta(hours=2))
    for session in result.sessions:
        if session.kind in (RunKind.INTERVALS, RunKind.LONG) and session.start > tuesday:
            assert session.start >= tuesday + timedelta(hours=49)


def test_the_calendar_parses_with_two_parsers_and_keeps_its_uids(athlete: Database):
    from ical.calendar_stream import IcsCalendarStream
    from icalendar import Calendar

    planning.plan_weeks(athlete, me(athlete), MONDAY, 1, BEFORE)
    events = planning.events(athlete, me(athlete), BEFORE)
    first = calendar_ics.render(events, "me", BERLIN, BEFORE)
    again = calendar_ics.render(planning.events(athlete, me(athlete), BEFORE), "me", BERLIN, BEFORE)
    parsed = Calendar.from_ical(first)
    uids = [str(e["UID"]) for e in parsed.walk("VEVENT")]
    assert len(uids) == 7 and len(set(uids)) == 7
    assert uids == [str(e["UID"]) for e in Calendar.from_ical(again).walk("VEVENT")]
    other = IcsCalendarStream.calendar_from_ics(first.decode())
    assert sorted(e.uid for e in other.events) == sorted(uids)
    assert all(e.dtstart.tzinfo is not None for e in other.events)
    assert all(e.description for e in other.events)
    assert any("(R5)" in (e.description or "") for e in other.events)


def test_a_moved_session_keeps_its_uid_and_bumps_its_sequence(athlete: Database):
    planning.plan_weeks(athlete, me(athlete), MONDAY, 1, BEFORE)
    before = {
        r.id: (r.start, r.sequence) for r in planning.calendar_records(athlete, me(athlete), BEFORE)
    }
    planning.set_availability(athlete, me(athlete), "mon", ["12:00-13:30"], BEFORE)
    planning.plan_weeks(athlete, me(athlete), MONDAY, 1, BEFORE)
    after = {
        r.id: (r.start, r.sequence, r.status)
        for r in planning.calendar_records(athlete, me(athlete), BEFORE)
    }
    moved = [i for i in before if i in after and after[i][0] != before[i][0]]
    assert moved
    assert all(after[i][1] == before[i][1] + 1 for i in moved)
    cal = calendar_ics.render(planning.events(athlete, me(athlete), BEFORE), "me", BERLIN, BEFORE)
    assert b"SEQUENCE:1" in cal


def test_a_full_body_session_is_described_as_full_body_in_the_calendar(athlete: Database):
    full_body = [SessionSpec(SessionType.STRENGTH, 1, 60, focus=Focus.FULL)]
    planning.set_template(athlete, me(athlete), full_body, 1, BEFORE)
    planning.plan_weeks(athlete, me(athlete), MONDAY, 1, BEFORE)
    (event,) = planning.events(athlete, me(athlete), BEFORE)
    assert event.summary.startswith("Full-body strength")
    assert event.description.startswith("Full-body strength; counts as a leg session")
    assert "Leg strength" not in event.description


def test_setting_one_day_keeps_the_other_days_in_weekday_order(athlete: Database):
    found = planning.set_availability(athlete, me(athlete), "Friday", ["18:00-19:00"], BEFORE)
    assert list(found.availability) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert found.availability["fri"] == ["18:00-19:00"]
    cleared = planning.set_availability(athlete, me(athlete), "fri", [], BEFORE)
    assert "fri" not in cleared.availability
    assert planning.settings(athlete, me(athlete), BEFORE) == cleared


def test_overlapping_windows_are_refused_naming_the_day(athlete: Database):
    from runready.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="availability.tue"):
        planning.set_availability(
            athlete, me(athlete), "tue", ["17:00-19:00", "18:00-20:00"], BEFORE
        )
    assert planning.settings(athlete, me(athlete), BEFORE).availability["tue"] == [
        "06:30-08:00",
        "17:30-21:00",
    ]


def test_two_plans_of_the_same_week_at_once_store_one_set_of_sessions(
    athlete: Database, monkeypatch: pytest.MonkeyPatch
):
    solve = planning.solve
    interrupted: list[bool] = []

    def slow_solve(request: PlanRequest) -> Plan:
        result = solve(request)
        if not interrupted:  # another re-plan of the same week saves while this one solves
            interrupted.append(True)
            planning.plan_weeks(athlete, me(athlete), MONDAY, 1, BEFORE)
        return result

    monkeypatch.setattr(planning, "solve", slow_solve)
    result = planning.plan_weeks(athlete, me(athlete), MONDAY, 1, BEFORE)
    assert interrupted and len(result.sessions) == 7
    assert len(planning.stored(athlete, me(athlete), MONDAY, 7)) == 7
