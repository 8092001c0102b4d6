"""Load models: fitness/fatigue/form, ACWR, monotony/strain, spikes, streaks."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import NOW, run
from runready.core.fatigue import (
    acwr,
    fitness_fatigue,
    fitness_fatigue_series,
    monotony_strain,
    spike_ratio,
    training_streak,
)


def test_fitness_and_fatigue_follow_the_exponential_recursion():
    series = [100.0] + [0.0] * 9
    form = fitness_fatigue(series)
    fit = 100 * (1 - math.exp(-1 / 42)) * math.exp(-9 / 42)
    fat = 100 * (1 - math.exp(-1 / 7)) * math.exp(-9 / 7)
    assert form.ctl == pytest.approx(fit)
    assert form.atl == pytest.approx(fat)
    assert form.tsb == pytest.approx(fit * math.exp(1 / 42) - fat * math.exp(1 / 7))


def test_acwr_needs_28_days_and_is_1_for_a_steady_load():
    assert acwr([50.0] * 27) is None
    assert acwr([50.0] * 60) == pytest.approx(1.0)


def test_monotony_is_undefined_for_identical_days():
    assert monotony_strain([60.0] * 7) == (None, 0.0)
    monotony, strain = monotony_strain([0, 100, 0, 100, 0, 100, 0])
    assert monotony == pytest.approx((300 / 7) / 49.487165, rel=1e-4)
    assert strain == pytest.approx(300 * monotony)


def test_a_spike_of_exactly_10_percent_is_exactly_010():
    assert spike_ratio(11.0, 10.0) == 0.1


def test_the_training_streak_counts_back_from_today_or_yesterday():
    days = [run(24 * d + 1, rpe=4) for d in range(1, 5)]
    assert training_streak(days, NOW) == 4
    assert training_streak(days[1:], NOW) == 0


@given(st.lists(st.floats(min_value=0, max_value=2000), min_size=1, max_size=400))
def test_the_last_day_of_the_series_is_the_form_advice_uses(series: list[float]) -> None:
    last, every = fitness_fatigue(series), fitness_fatigue_series(series)[-1]
    assert (last.ctl, last.atl, last.tsb) == pytest.approx((every.ctl, every.atl, every.tsb))
