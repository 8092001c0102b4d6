"""Fatigue models: per muscle, fitness/fatigue/form, ACWR, monotony/strain, spikes, streaks."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import NOW, legs, run, squats
from runready.core.exercises import resolve
from runready.core.fatigue import (
    MUSCLE_REFERENCE_SETS,
    acwr,
    fitness_fatigue,
    fitness_fatigue_series,
    monotony_strain,
    muscle_fatigue,
    muscle_stimulus,
    spike_ratio,
    training_streak,
)
from runready.core.model import Exercise, ExerciseSet, Region, RunKind, Session


def residual(value: float) -> float:
    return -MUSCLE_REFERENCE_SETS * math.log(1 - value)


def test_muscle_fatigue_decays_with_a_24_hour_time_constant():
    session = legs(0, exercises=(squats(rpe=8),))
    at_end = muscle_fatigue([session], NOW, lambda s: False)[Region.QUADS]
    a_day_later = muscle_fatigue([session], NOW + timedelta(hours=24), lambda s: False)
    assert residual(a_day_later[Region.QUADS]) == pytest.approx(residual(at_end) / math.e)


def test_eccentric_work_and_novelty_leave_more_fatigue():
    eccentric = legs(0, exercises=(squats(rpe=8),))
    machine = legs(0, exercises=(Exercise("Leg Extension", (ExerciseSet(5, 80, 8),) * 5),))
    assert resolve("Leg Extension") is not None
    quads = Region.QUADS
    assert muscle_stimulus(eccentric)[quads] > muscle_stimulus(machine)[quads]
    assert muscle_stimulus(eccentric, novel=True)[quads] > muscle_stimulus(eccentric)[quads]


def test_runs_load_the_legs_and_downhill_loads_the_quads_more():
    flat = run(1, km=10, minutes=60)
    downhill = Session(
        flat.type, flat.start, 60, rpe=3, kind=RunKind.EASY, distance_km=10, elevation_loss_m=300
    )
    assert muscle_stimulus(flat)[Region.CALVES] > 0
    assert muscle_stimulus(downhill)[Region.QUADS] > muscle_stimulus(flat)[Region.QUADS]
    assert Region.CHEST not in muscle_stimulus(flat)


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
