"""Policy conservative (Article B): no running for 48 h after hard legs, low-impact instead."""

from __future__ import annotations

import pytest

from builders import accustomed, advice_for, athlete, checkin, legs
from runready.core.model import Goal, Intensity, IntentItem, PolicyName, RunKind, SessionType


def conservative(goal: Goal = Goal.HYPERTROPHY):
    return athlete(goal=goal, policy=PolicyName.CONSERVATIVE)


@pytest.mark.parametrize(
    ("hours", "cap"),
    [(6, Intensity.NONE), (30, Intensity.NONE), (47.9, Intensity.NONE), (48, Intensity.HARD)],
)
def test_conservative_allows_no_run_until_48_hours_then_any(hours, cap):
    advice = advice_for(legs(hours), *accustomed(), who=conservative())
    assert advice.max_intensity is cap


def test_conservative_offers_walking_upper_body_and_yoga():
    advice = advice_for(
        legs(22), *accustomed(), who=conservative(), checkins=(checkin(soreness=2),)
    )
    assert advice.verdict == "alternative"
    assert {"walk", "upper_body", "yoga"} <= set(advice.alternatives)


def test_very_sore_legs_walk_on_a_treadmill():
    advice = advice_for(
        legs(60), *accustomed(), who=conservative(), checkins=(checkin(soreness=8),)
    )
    assert advice.max_intensity is Intensity.NONE
    assert "treadmill_walk" in advice.alternatives


def test_conservative_lists_cold_exposure_as_article_b_does():
    advice = advice_for(legs(20), *accustomed(), who=conservative())
    assert {"massage", "stretching", "yoga", "cold_water_immersion", "compression"} == set(
        advice.recovery
    )
    assert any(r.rule == "B8" and "R16" in r.message for r in advice.reasons)


@pytest.mark.parametrize(
    ("goal", "first"),
    [(Goal.HYPERTROPHY, "run"), (Goal.STRENGTH, "run"), (Goal.RUNNING, "strength")],
)
def test_conservative_orders_the_day_as_article_b_and_lists_the_conflict(goal, first):
    intent = (
        IntentItem(SessionType.STRENGTH, rpe=8),
        IntentItem(SessionType.RUN, kind=RunKind.TEMPO),
    )
    advice = advice_for(*accustomed(), who=conservative(goal), intent=intent)
    assert advice.order is not None and advice.order.first == first
    conflict = next(c for c in advice.conflicts if c.topic == "same_day_order")
    assert "reverses" in conflict.resolution
