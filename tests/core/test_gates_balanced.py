"""Policy balanced: every gate of rules.md at and around its threshold."""

from __future__ import annotations

import pytest

from builders import (
    NOW,
    accustomed,
    advice_for,
    athlete,
    checkin,
    hours_ago,
    legs,
    reaching_back,
    run,
    squats,
    upper,
)
from runready.core.model import Exercise, ExerciseSet, Feel, Goal, Intensity, Pain, RunKind, Sex

EASY, MODERATE, HARD, NONE = Intensity.EASY, Intensity.MODERATE, Intensity.HARD, Intensity.NONE


@pytest.mark.parametrize(
    ("hours", "cap", "minutes"),
    [
        (5.9, NONE, None),
        (6.0, EASY, 40),
        (23.9, EASY, 40),
        (24.0, MODERATE, 60),
        (47.9, MODERATE, 60),
        (48.0, HARD, None),
    ],
)
def test_run_gates_step_up_at_6_24_and_48_hours_after_hard_legs(hours, cap, minutes):
    advice = advice_for(legs(hours), *accustomed())
    assert advice.max_intensity is cap
    assert advice.max_duration_min == minutes


def test_earliest_times_are_the_gate_edges_to_the_minute():
    advice = advice_for(legs(3), *accustomed())
    assert advice.earliest_at(Intensity.RECOVERY) == hours_ago(-3)
    assert advice.earliest_at(EASY) == hours_ago(-3)
    assert advice.earliest_at(MODERATE) == hours_ago(-21)
    assert advice.earliest_at(HARD) == hours_ago(-45)


def test_a_run_waits_later_today_when_six_hours_still_fall_today():
    advice = advice_for(legs(3), *accustomed())
    assert advice.verdict == "wait"


def test_no_run_tonight_when_six_hours_fall_after_midnight():
    late = NOW.replace(hour=22, minute=30)
    advice = advice_for(legs(2.5, now=late), *accustomed(late), now=late)
    assert advice.verdict == "alternative"
    assert "walk" in advice.alternatives


@pytest.mark.parametrize(
    ("hours", "cap"),
    [(47.9, EASY), (48.0, MODERATE), (71.9, MODERATE), (72.0, HARD)],
)
def test_a_novice_is_easy_only_to_48_hours_and_waits_72_for_quality(hours, cap):
    advice = advice_for(legs(hours), *accustomed(), who=athlete(lifting_experience_months=5))
    assert advice.max_intensity is cap
    assert "novel_leg_session" in {w.code for w in advice.warnings} or cap is HARD


@pytest.mark.parametrize(("months", "cap"), [(5.9, MODERATE), (6, HARD)])
def test_six_months_of_lifting_ends_the_novice_windows(months, cap):
    advice = advice_for(legs(60), *accustomed(), who=athlete(lifting_experience_months=months))
    assert advice.max_intensity is cap


@pytest.mark.parametrize(("previous", "cap"), [(1, EASY), (2, MODERATE)])
def test_fewer_than_two_leg_sessions_in_21_days_make_a_session_novel(previous, cap):
    history = [legs(30)] + [legs(24 * (7 * k + 2), rpe=6) for k in range(1, previous + 1)]
    advice = advice_for(*history, reaching_back())
    assert advice.max_intensity is cap


def test_a_history_too_short_to_show_the_last_21_days_is_not_evidence_of_novelty():
    advice = advice_for(legs(30))
    assert advice.max_intensity is MODERATE
    assert "novel_leg_session" not in {w.code for w in advice.warnings}


@pytest.mark.parametrize(
    ("age", "hours", "cap"),
    [(39, 48, HARD), (40, 48, MODERATE), (40, 71.9, MODERATE), (40, 72, HARD)],
)
def test_from_age_40_quality_waits_a_day_longer(age, hours, cap):
    advice = advice_for(legs(hours), *accustomed(), who=athlete(age_years=age))
    assert advice.max_intensity is cap


def test_age_65_says_the_evidence_is_thin():
    advice = advice_for(legs(30), *accustomed(), who=athlete(age_years=66))
    assert any(r.rule == "R19" and "thin" in r.message for r in advice.reasons)


def fresh(**kwargs):
    values = {"soreness": 1, "feel": Feel.FRESH, "sleep_h": 8.0}
    values.update(kwargs)
    return (checkin(0.1, **values),)


@pytest.mark.parametrize(
    ("hours", "cap"), [(5.9, NONE), (6, MODERATE), (35.9, MODERATE), (36, HARD)]
)
def test_a_fresh_check_in_allows_moderate_from_6_and_hard_from_36_hours(hours, cap):
    advice = advice_for(legs(hours), *accustomed(), checkins=fresh())
    assert advice.max_intensity is cap


@pytest.mark.parametrize(
    "spoiler",
    [{"soreness": 3}, {"feel": Feel.TIRED}, {"feel": None}, {"sleep_h": 6.9}],
)
def test_the_fresh_upgrade_needs_every_condition(spoiler):
    advice = advice_for(legs(12), *accustomed(), checkins=fresh(**spoiler))
    assert advice.max_intensity is EASY


def test_unknown_sleep_does_not_block_the_fresh_upgrade():
    advice = advice_for(legs(12), *accustomed(), checkins=fresh(sleep_h=None))
    assert advice.max_intensity is MODERATE


def test_a_novel_session_gets_no_fresh_upgrade():
    advice = advice_for(legs(12), reaching_back(), checkins=fresh())
    assert advice.max_intensity is EASY


def test_a_check_in_from_before_the_session_does_not_count_as_fresh():
    advice = advice_for(
        legs(12), *accustomed(), checkins=(checkin(14, soreness=0, feel=Feel.FRESH),)
    )
    assert advice.max_intensity is EASY


def test_no_check_in_no_upgrade():
    assert advice_for(legs(40), *accustomed()).max_intensity is MODERATE


@pytest.mark.parametrize(
    ("soreness", "cap", "minutes"), [(3, HARD, None), (4, EASY, 30), (6, EASY, 30), (7, NONE, None)]
)
def test_soreness_bands_cap_the_day(soreness, cap, minutes):
    advice = advice_for(legs(60), *accustomed(), checkins=(checkin(soreness=soreness),))
    assert advice.max_intensity is cap
    assert advice.max_duration_min == minutes


def test_soreness_of_seven_means_an_alternative_today_and_running_tomorrow():
    sore = advice_for(legs(60), *accustomed(), checkins=(checkin(soreness=7),))
    assert sore.verdict == "alternative"
    assert {"walk", "treadmill_walk", "cycle_easy", "upper_body", "yoga"} <= set(sore.alternatives)
    tomorrow = sore.earliest_at(HARD)
    assert tomorrow is not None and tomorrow.date() > NOW.date()


def test_soreness_outside_the_running_muscles_does_not_gate_running():
    from runready.core.model import Region

    advice = advice_for(
        legs(60), *accustomed(), checkins=(checkin(soreness={Region.CHEST: 9, Region.ARMS: 8}),)
    )
    assert advice.max_intensity is HARD


def test_sharp_pain_stops_running_until_a_new_check_in():
    advice = advice_for(legs(60), *accustomed(), checkins=(checkin(pain=Pain.SHARP),))
    assert advice.max_intensity is NONE
    assert advice.verdict in ("alternative", "rest")
    assert advice.earliest_at(Intensity.RECOVERY) is None
    pain = next(w for w in advice.warnings if w.code == "pain")
    assert "72 h" in pain.message


def test_sharp_pain_over_72_hours_asks_for_a_professional():
    reports = (
        checkin(80, pain=Pain.SHARP),
        checkin(30, pain=Pain.SHARP),
        checkin(1, pain=Pain.SHARP),
    )
    advice = advice_for(*accustomed(), checkins=reports)
    pain = next(w for w in advice.warnings if w.code == "pain")
    assert pain.level.value == "strong"
    assert "professional" in pain.message


def test_sharp_pain_and_exhaustion_mean_rest():
    advice = advice_for(*accustomed(), checkins=(checkin(pain=Pain.SHARP, feel=Feel.EXHAUSTED),))
    assert advice.verdict == "rest"


@pytest.mark.parametrize(("sleep", "cap"), [(6.0, MODERATE), (6.1, HARD)])
def test_six_hours_of_sleep_or_less_lowers_the_ceiling_one_level(sleep, cap):
    advice = advice_for(legs(60), *accustomed(), checkins=(checkin(sleep_h=sleep),))
    assert advice.max_intensity is cap
    assert ("short_sleep" in {w.code for w in advice.warnings}) == (cap is MODERATE)


def test_two_short_nights_lower_the_ceiling_too():
    reports = (checkin(24, sleep_h=6.5), checkin(0.5, sleep_h=6.5))
    assert advice_for(*accustomed(), checkins=reports).max_intensity is MODERATE


def test_feeling_exhausted_caps_the_day_at_an_easy_half_hour():
    advice = advice_for(*accustomed(), checkins=(checkin(feel=Feel.EXHAUSTED),))
    assert (advice.max_intensity, advice.max_duration_min) == (EASY, 30)


@pytest.mark.parametrize(("rpe", "cap"), [(6.9, EASY), (7.0, NONE)])
def test_a_leg_session_without_sets_counts_as_standard_from_session_rpe_7(rpe, cap):
    session = legs(3, rpe=rpe, exercises=(), duration_min=40)
    assert advice_for(session, *accustomed()).max_intensity is cap


def test_a_leg_session_without_any_effort_logged_counts_its_sets_as_hard():
    session = legs(3, rpe=None, exercises=(squats(rpe=None),))
    advice = advice_for(session, *accustomed())
    assert advice.max_intensity is NONE
    assert any("a standard hard leg session (5 hard sets)" in r.message for r in advice.reasons)


def test_kilograms_never_change_the_gates():
    light = legs(30, exercises=(squats(rpe=8, weight_kg=40),))
    heavy = legs(30, exercises=(squats(rpe=8, weight_kg=240),))
    assert advice_for(light, *accustomed()).earliest == advice_for(heavy, *accustomed()).earliest


def test_upper_body_sessions_never_restrict_running():
    advice = advice_for(upper(1, rpe=10), *accustomed())
    assert advice.verdict == "go"


def test_squats_inside_a_mixed_session_make_it_a_leg_session():
    session = legs(
        3,
        rpe=8,
        exercises=(
            squats(rpe=7, sets=6),
            Exercise("Bench Press", (ExerciseSet(5, 80, 7),) * 6),
            Exercise("Barbell Row", (ExerciseSet(5, 70, 7),) * 6),
        ),
    )
    assert advice_for(session, *accustomed()).max_intensity is NONE


@pytest.mark.parametrize(("hours", "cap"), [(23.9, MODERATE), (24.0, HARD)])
def test_a_quality_run_holds_the_next_quality_run_for_24_hours(hours, cap):
    intervals = run(hours + 0.75, km=10, kind=RunKind.INTERVALS, minutes=45)
    assert advice_for(intervals, *accustomed()).max_intensity is cap


def test_a_long_run_counts_as_quality():
    long_run = run(10, km=14, kind=RunKind.EASY, minutes=85)
    assert advice_for(long_run, *accustomed()).max_intensity is MODERATE


def test_hypertrophy_goal_avoids_ice_baths_and_running_goal_may_use_them():
    lifter = advice_for(legs(10), *accustomed(), who=athlete(goal=Goal.HYPERTROPHY))
    runner = advice_for(legs(10), *accustomed(), who=athlete(goal=Goal.RUNNING))
    general = advice_for(legs(10), *accustomed(), who=athlete(goal=Goal.GENERAL))
    assert "cold_water_immersion" in lifter.avoid
    assert "cold_water_immersion" not in lifter.recovery
    assert "cold_water_immersion" in runner.recovery
    assert "cold_water_immersion" not in general.recovery + general.avoid
    assert {"massage", "compression", "sleep", "active_recovery"} <= set(lifter.recovery)
    assert "stretching" not in lifter.recovery


def test_acwr_is_shown_but_never_changes_the_advice():
    steady = [run(24 * d + 2, km=5) for d in range(2, 45)]
    burst = [run(24 * d + 4, km=12, rpe=6) for d in range(2, 7)]
    calm = advice_for(legs(30), *accustomed(), *steady)
    spiky = advice_for(legs(30), *accustomed(), *steady, *burst)
    assert calm.state.acwr is not None and spiky.state.acwr is not None
    assert spiky.state.acwr > calm.state.acwr + 0.2
    assert (calm.max_intensity, calm.earliest) == (spiky.max_intensity, spiky.earliest)
    assert any(r.rule == "R14" for r in spiky.reasons)


def test_trained_men_with_a_strength_goal_hear_about_separating_sessions():
    from runready.core.model import IntentItem, SessionType

    who = athlete(goal=Goal.STRENGTH, sex=Sex.MALE)
    intent = (IntentItem(SessionType.STRENGTH, focus=None), IntentItem(SessionType.RUN))
    advice = advice_for(*accustomed(), who=who, intent=intent)
    assert any(r.rule == "R21" for r in advice.reasons)
