"""Strength and a run on one day (R1-R3, R21): order and the cap on the run."""

from __future__ import annotations

from datetime import timedelta

import pytest

from builders import NOW, accustomed, advice_for, athlete
from runready.core.model import Focus, Goal, Intensity, IntentItem, RunKind, SessionType


def day(run_kind: RunKind, focus: Focus | None = Focus.LEGS, run_start=None):
    return (
        IntentItem(SessionType.STRENGTH, focus=focus, rpe=8, duration_min=60),
        IntentItem(SessionType.RUN, kind=run_kind, duration_min=40, start=run_start),
    )


@pytest.mark.parametrize("goal", [Goal.HYPERTROPHY, Goal.STRENGTH, Goal.GENERAL])
def test_lift_first_for_size_strength_and_general_goals_with_the_run_easy(goal):
    advice = advice_for(*accustomed(), who=athlete(goal=goal), intent=day(RunKind.INTERVALS))
    assert advice.order is not None
    assert (advice.order.first, advice.order.min_gap_h) == ("strength", 6)
    assert advice.max_intensity is Intensity.EASY


def test_a_running_goal_runs_its_quality_session_first():
    advice = advice_for(
        *accustomed(), who=athlete(goal=Goal.RUNNING), intent=day(RunKind.INTERVALS)
    )
    assert advice.order is not None and advice.order.first == "run"
    assert advice.max_intensity is Intensity.HARD


def test_a_running_goal_with_an_easy_run_lifts_first():
    advice = advice_for(*accustomed(), who=athlete(goal=Goal.RUNNING), intent=day(RunKind.EASY))
    assert advice.order is not None and advice.order.first == "strength"


def test_an_upper_body_lift_puts_no_order_on_the_day():
    advice = advice_for(
        *accustomed(),
        who=athlete(goal=Goal.HYPERTROPHY),
        intent=day(RunKind.INTERVALS, focus=Focus.UPPER),
    )
    assert advice.order is None
    assert advice.max_intensity is Intensity.HARD


def test_a_run_planned_for_another_day_puts_no_order_on_today():
    advice = advice_for(
        *accustomed(),
        who=athlete(goal=Goal.HYPERTROPHY),
        intent=day(RunKind.INTERVALS, run_start=NOW + timedelta(days=1)),
    )
    assert advice.order is None


def test_a_planned_run_is_checked_against_the_limits_at_its_start():
    from builders import legs

    later = NOW + timedelta(hours=4)
    intent = (IntentItem(SessionType.RUN, kind=RunKind.EASY, duration_min=30, start=later),)
    advice = advice_for(legs(3), *accustomed(), intent=intent)
    (check,) = advice.intent
    assert check.allowed and check.start == later
    assert advice.verdict == "wait"
