"""Countdowns and clock labels on the Today and Coach pages."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from runready.web import views

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 11, 21, 21, 56, tzinfo=OSLO)


def test_a_gate_that_opens_at_midnight_reads_as_tomorrow_not_as_a_run_at_midnight() -> None:
    midnight = datetime(2026, 11, 22, 0, 0, tzinfo=OSLO)
    assert views.countdown(midnight.isoformat(), NOW) == "tomorrow"
    assert views.clock(midnight.isoformat(), NOW) == "from Sun 22 Nov"
    assert not views.ticking(midnight.isoformat(), NOW)


def test_a_midnight_two_days_on_reads_in_days() -> None:
    later = datetime(2026, 11, 23, 0, 0, tzinfo=OSLO)
    assert views.countdown(later, NOW) == "in 2 days"


def test_midnight_is_judged_in_the_athletes_zone_not_in_utc() -> None:
    utc_midnight = datetime(2026, 11, 22, 0, 0, tzinfo=ZoneInfo("UTC"))  # 01:00 in Oslo
    assert views.countdown(utc_midnight, NOW) == "in 3 h 04 min"
    assert views.clock(utc_midnight, NOW) == "Sun 22 Nov 01:00"
    assert views.ticking(utc_midnight, NOW)


def test_a_time_later_today_counts_down_in_hours_and_minutes() -> None:
    at = NOW + timedelta(minutes=45)
    assert views.countdown(at, NOW) == "in 45 min"
    assert views.clock(at, NOW) == "today 22:41"


def test_the_past_is_now_and_unknown_is_beyond_the_week() -> None:
    assert views.countdown(NOW - timedelta(hours=1), NOW) == "now"
    assert views.clock(NOW - timedelta(hours=1), NOW) == ""
    assert views.countdown(None, NOW) == "not within 7 days"
    assert not views.ticking(None, NOW)


@given(st.integers(min_value=1, max_value=7 * 24 * 60))
def test_every_future_moment_gets_a_countdown_and_a_label(minutes: int) -> None:
    at = NOW + timedelta(minutes=minutes)
    text = views.countdown(at, NOW)
    assert text == "tomorrow" or text.startswith("in ")
    assert views.clock(at, NOW)
    assert views.ticking(at, NOW) == (at.astimezone(OSLO).time().isoformat() != "00:00:00")


def test_a_session_stored_in_utc_is_shown_on_the_athletes_clock() -> None:
    stored = datetime(2026, 11, 21, 23, 30, tzinfo=ZoneInfo("UTC"))  # Sunday 00:30 in Oslo
    assert (views.day_label(stored, NOW), views.time_label(stored, NOW)) == ("Sun 22 Nov", "00:30")
    assert (views.day_label(stored), views.time_label(stored)) == ("Sat 21 Nov", "23:30")
