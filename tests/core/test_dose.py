"""Session doses: standard units, what moves them, and the constant register behind them."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import NOW, legs, run, squats
from runready.core import dose as dose_model
from runready.core import readiness
from runready.core.dose import (
    STANDARD_SESSION,
    DoseClass,
    lift_dose,
    race_km,
    run_dose,
)
from runready.core.evidence import Constant, Table, Tag
from runready.core.model import Exercise, ExerciseSet, Region, RunKind, Session, SessionType
from runready.core.readiness import MUSCLE_REFERENCE_SETS, muscle_fatigue, standard_residual
from runready.core.sources import SOURCES

REGISTER: tuple[Constant | Table, ...] = dose_model.REGISTER + readiness.REGISTER


def test_the_standard_session_is_one_standard_dose():
    found = lift_dose(STANDARD_SESSION)
    assert (found.dose, found.klass, found.hard_sets) == (1.0, DoseClass.STANDARD, 8)


def test_the_thresholds_are_what_the_standard_session_leaves_at_24_and_48_hours():
    assert standard_residual(24) == pytest.approx(0.9 * math.exp(-1.2) + 0.1 * math.exp(-0.3))
    assert standard_residual(48) == pytest.approx(0.9 * math.exp(-2.4) + 0.1 * math.exp(-0.6))
    assert standard_residual(72, multiplier=1.5) == pytest.approx(standard_residual(48))


def test_kilograms_never_enter_the_dose():
    light = lift_dose(legs(0, exercises=(squats(rpe=8, sets=3, weight_kg=20),)))
    heavy = lift_dose(legs(0, exercises=(squats(rpe=8, sets=3, weight_kg=220),)))
    assert light.dose == heavy.dose


def test_sets_closer_to_failure_and_more_eccentric_exercises_cost_more():
    def one(name: str, rir: float) -> float:
        sets = tuple(ExerciseSet(reps=8, rir=rir) for _ in range(3))
        return lift_dose(legs(0, exercises=(Exercise(name, sets),))).ratio

    assert one("Back Squat", 0) > one("Back Squat", 2) > one("Back Squat", 4)
    assert one("Romanian Deadlift", 2) > one("Back Squat", 2) > one("Leg Press", 2)
    assert one("Leg Press", 2) > one("Leg Extension", 2) > one("Seated Calf Raise", 2)
    assert one("Nordic Hamstring Curl", 2) > one("Romanian Deadlift", 2)


@given(st.integers(1, 30), st.integers(0, 6), st.sampled_from(["Back Squat", "Leg Extension"]))
def test_one_more_set_never_lowers_a_lifts_dose(count: int, rir: int, name: str):
    """(An exercise logged without sets counts as one set of unknown effort, so counting
    starts at one logged set.)"""

    def session(n: int) -> Session:
        sets = tuple(ExerciseSet(8, rir=rir) for _ in range(n))
        return legs(0, exercises=(Exercise(name, sets),))

    assert lift_dose(session(count + 1)).dose >= lift_dose(session(count)).dose


def test_a_race_costs_by_distance_and_a_gps_marathon_is_still_a_marathon():
    def race(km: float) -> float:
        return run_dose(Session(SessionType.RUN, NOW, 200, kind=RunKind.RACE, distance_km=km)).dose

    assert race(5) == pytest.approx(1.0)
    assert race(5) < race(10) < race(21.1) < race(42.2)
    assert race(42.6) == race(42.195)
    assert race_km(30) == 30


def test_an_ultra_race_is_capped_with_a_note():
    ultra = run_dose(Session(SessionType.RUN, NOW, 900, kind=RunKind.RACE, distance_km=100))
    assert ultra.dose == dose_model.RACE_DOSE_CAP.value
    assert ultra.note and "individual" in ultra.note


def test_per_muscle_fatigue_decays_like_the_sessions_own_residual():
    session = legs(0, exercises=(squats(rpe=8),))
    found = lift_dose(session)

    def sets_left(at_h: float) -> float:
        value = muscle_fatigue([found], NOW + timedelta(hours=at_h))[Region.QUADS]
        return -MUSCLE_REFERENCE_SETS * math.log(1 - value)

    assert sets_left(24) / sets_left(0) == pytest.approx(standard_residual(24))


def test_runs_load_the_legs_and_downhill_loads_them_more():
    flat = run(1, km=10, minutes=60)
    downhill = Session(
        flat.type, flat.start, 60, rpe=3, kind=RunKind.EASY, distance_km=10, elevation_loss_m=300
    )
    assert run_dose(downhill).dose > run_dose(flat).dose > 0
    assert Region.CHEST not in dict(run_dose(flat).muscles)


@pytest.mark.parametrize("entry", REGISTER, ids=lambda e: e.name)
def test_every_model_constant_names_known_sources_and_an_evidence_tag(entry: Constant | Table):
    assert entry.sources and all(key in SOURCES for key in entry.sources)
    assert entry.tag in Tag
    assert entry.anchor and entry.unit is not None
