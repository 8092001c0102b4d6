"""Policy active (Article A): gentle running after 6 h, the day after, harder when fresh."""

from __future__ import annotations

import pytest

from builders import NOW, accustomed, advice_for, athlete, checkin, legs
from runready.core.model import (
    Exercise,
    ExerciseSet,
    Goal,
    Intensity,
    IntentItem,
    PolicyName,
    RunKind,
    SessionType,
)

ACTIVE = athlete(goal=Goal.RUNNING, policy=PolicyName.ACTIVE)
MORNING = NOW.replace(hour=7)


@pytest.mark.parametrize(
    ("hours", "cap"),
    [
        (5.9, Intensity.NONE),
        (6.0, Intensity.MODERATE),
        (47.9, Intensity.MODERATE),
        (48.0, Intensity.HARD),
    ],
)
def test_active_waits_6_hours_then_allows_moderate_and_hard_after_48(hours, cap):
    advice = advice_for(legs(hours), *accustomed(), who=ACTIVE)
    assert advice.max_intensity is cap
    assert advice.max_duration_min is None


def test_active_does_not_wait_after_legs_without_eccentric_work():
    machines = (
        Exercise("Leg Extension (Machine)", (ExerciseSet(12, 60, 8),) * 4),
        Exercise("Seated Leg Curl (Machine)", (ExerciseSet(12, 50, 8),) * 4),
    )
    advice = advice_for(legs(1, exercises=machines), *accustomed(), who=ACTIVE)
    assert advice.max_intensity is Intensity.MODERATE


@pytest.mark.parametrize(("soreness", "cap"), [(3, Intensity.HARD), (4, Intensity.EASY)])
def test_active_allows_hard_the_next_day_when_soreness_is_3_or_less(soreness, cap):
    advice = advice_for(
        legs(22.5, now=MORNING),
        *accustomed(MORNING),
        now=MORNING,
        who=ACTIVE,
        checkins=(checkin(0.1, now=MORNING, soreness=soreness),),
    )
    assert advice.max_intensity is cap


def test_feeling_fresh_on_the_same_day_is_not_enough_for_hard():
    advice = advice_for(legs(8), *accustomed(), who=ACTIVE, checkins=(checkin(soreness=0),))
    assert advice.max_intensity is Intensity.MODERATE
    tomorrow = advice.earliest_at(Intensity.HARD)
    assert tomorrow is not None and tomorrow.date() > NOW.date()


def test_active_lets_very_sore_legs_jog_gently():
    advice = advice_for(legs(60), *accustomed(), who=ACTIVE, checkins=(checkin(soreness=8),))
    assert (advice.max_intensity, advice.max_duration_min) == (Intensity.RECOVERY, 30)
    assert advice.verdict == "easy"


def test_active_lifts_first_and_keeps_the_run_below_hard():
    intent = (
        IntentItem(SessionType.STRENGTH, rpe=8, duration_min=60),
        IntentItem(SessionType.RUN, kind=RunKind.INTERVALS),
    )
    advice = advice_for(*accustomed(), who=ACTIVE, intent=intent)
    assert advice.order is not None and advice.order.first == "strength"
    assert advice.max_intensity is Intensity.MODERATE
    assert any(c.topic == "same_day_order" for c in advice.conflicts)
