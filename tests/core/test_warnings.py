"""Warnings of rules.md at and around their thresholds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from builders import (
    NOW,
    accustomed,
    advice_for,
    athlete,
    checkin,
    legs,
    reaching_back,
    run,
    upper,
)
from runready.core.model import (
    Exercise,
    ExerciseSet,
    Intensity,
    IntentItem,
    RunKind,
    Session,
    SessionType,
)


def codes(advice):
    return {w.code: w.level.value for w in advice.warnings}


def planned(km: float) -> tuple[IntentItem, ...]:
    return (IntentItem(SessionType.RUN, kind=RunKind.LONG, distance_km=km, duration_min=km * 6),)


@pytest.mark.parametrize(
    ("km", "level"),
    [
        (11.0, None),
        (11.01, "caution"),
        (13.0, "caution"),
        (13.01, "warning"),
        (20.0, "warning"),
        (20.01, "strong"),
    ],
)
def test_distance_spike_levels_follow_the_30_day_longest_run(km, level):
    history = [run(24 * 3, km=10), run(24 * 10, km=8), run(24 * 40, km=30)]
    advice = advice_for(*history, intent=planned(km))
    assert codes(advice).get("distance_spike") == level


def test_without_a_plan_the_last_run_is_checked_for_a_spike():
    advice = advice_for(run(20, km=15), run(24 * 5, km=10))
    assert codes(advice).get("distance_spike") == "warning"


def test_no_runs_in_30_days_means_no_spike_to_measure():
    assert "distance_spike" not in codes(advice_for(run(24 * 31, km=5), intent=planned(21)))


def ramp(recent_km: float, older_km: float = 10.0):
    return advice_for(run(24 * 2, km=recent_km), run(24 * 16, km=older_km))


@pytest.mark.parametrize(("recent", "flagged"), [(13.0, False), (13.01, True)])
def test_weekly_ramp_flags_over_130_percent_of_two_weeks_before(recent, flagged):
    assert ("weekly_ramp" in codes(ramp(recent))) is flagged


def test_weekly_ramp_needs_running_two_weeks_before():
    assert "weekly_ramp" not in codes(advice_for(run(24 * 2, km=20)))


def streak(days: int, start_h: float = 0, **kwargs) -> list[Session]:
    return [
        Session(SessionType.OTHER, NOW - timedelta(hours=start_h + 24 * d), 40, **kwargs)
        for d in range(days)
    ]


@pytest.mark.parametrize(("days", "flagged"), [(9, False), (10, True)])
def test_ten_consecutive_training_days_ask_for_a_rest_day(days, flagged):
    assert ("no_rest_day" in codes(advice_for(*streak(days, rpe=5)))) is flagged


def test_a_streak_ending_yesterday_still_counts():
    assert "no_rest_day" in codes(advice_for(*streak(10, start_h=24, rpe=5)))


@pytest.mark.parametrize(
    ("kwargs", "flagged"), [({"rpe": 2}, False), ({"rpe": 3}, True), ({}, True)]
)
def test_only_sessions_of_rpe_3_or_unknown_rpe_count_towards_the_streak(kwargs, flagged):
    assert ("no_rest_day" in codes(advice_for(*streak(12, **kwargs)))) is flagged


def test_walks_and_yoga_of_unknown_rpe_do_not_count_towards_the_streak():
    walks = [Session(SessionType.WALK, NOW - timedelta(days=d), 40) for d in range(12)]
    assert "no_rest_day" not in codes(advice_for(*walks))


def weeks_of_load(weeks: int, last_week_minutes: float) -> list[Session]:
    history = []
    for week in range(1, weeks + 1):
        for day, minutes in ((1, 40), (3, 50), (5, 45)):
            history.append(run(24 * (7 * week + day), km=minutes / 6, minutes=minutes, rpe=4))
    for day in range(0, 6):
        history.append(run(24 * day + 1, km=8, minutes=last_week_minutes, rpe=7))
    return history


def test_strain_above_the_athletes_own_90th_percentile_is_flagged():
    assert "high_strain" in codes(advice_for(*weeks_of_load(10, 90)))


def test_strain_needs_eight_weeks_of_history():
    assert "high_strain" not in codes(advice_for(*weeks_of_load(6, 90)))


def test_an_ordinary_week_is_not_high_strain():
    assert "high_strain" not in codes(advice_for(*weeks_of_load(10, 0.1)[:-6]))


def paced(days_ago: float, hr: float) -> Session:
    return run(24 * days_ago, km=10, minutes=50, rpe=4, avg_hr=hr)


@pytest.mark.parametrize(("hr", "flagged"), [(150 * 1.04, False), (150 * 1.06, True)])
def test_pace_at_heart_rate_5_percent_worse_over_two_weeks_is_flagged(hr, flagged):
    history = [paced(d, 150) for d in (20, 25, 30, 35)] + [paced(d, hr) for d in (2, 6, 10, 13)]
    assert ("performance_decline" in codes(advice_for(*history))) is flagged


def test_slower_pace_after_less_training_is_not_a_decline():
    history = [paced(d, 150) for d in (16, 18, 20, 22, 25, 30, 35)] + [
        paced(d, 160) for d in (2, 10)
    ]
    assert "performance_decline" not in codes(advice_for(*history))


def test_a_novel_hard_leg_session_warns():
    assert "novel_leg_session" in codes(advice_for(legs(10), reaching_back()))
    assert "novel_leg_session" not in codes(advice_for(legs(10), *accustomed()))


def test_an_unknown_exercise_warns_and_its_sets_count_by_focus():
    odd = Exercise("Zorblax Quantum Press", (ExerciseSet(10, 20, 8),) * 4)
    session = legs(10, exercises=(odd,), rpe=8)
    advice = advice_for(session, *accustomed())
    assert "unknown_exercise" in codes(advice)
    assert advice.max_intensity is Intensity.EASY


def test_short_sleep_and_pain_warn():
    from runready.core.model import Pain

    advice = advice_for(upper(30), checkins=(checkin(sleep_h=5, pain=Pain.DULL),))
    assert {"short_sleep", "pain"} <= set(codes(advice))


def test_warnings_use_only_the_contract_codes():
    allowed = {
        "distance_spike",
        "weekly_ramp",
        "no_rest_day",
        "high_strain",
        "performance_decline",
        "short_sleep",
        "pain",
        "novel_leg_session",
        "unknown_exercise",
    }
    advice = advice_for(
        legs(10),
        *streak(12, rpe=5),
        run(2, km=30),
        run(24 * 16, km=5),
        checkins=(checkin(sleep_h=4),),
        who=athlete(lifting_experience_months=2),
    )
    assert set(codes(advice)) <= allowed
    assert len(codes(advice)) >= 5
