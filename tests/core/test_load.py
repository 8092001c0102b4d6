"""Session load: session-RPE, TRIMP (Banister and Edwards), volume load, per-muscle sets."""

from __future__ import annotations

import math

import pytest

from builders import NOW, legs, run, squats
from runready.core.load import (
    banister_trimp,
    edwards_trimp,
    session_rpe,
    srpe_load,
    strength_profile,
    trimp_from_stream,
)
from runready.core.model import (
    Exercise,
    ExerciseSet,
    Focus,
    Region,
    RunKind,
    Session,
    SessionType,
    Sex,
)


def test_session_rpe_load_is_rpe_times_minutes():
    assert srpe_load(Session(SessionType.RUN, NOW, 45, rpe=4)) == 180


def test_missing_rpe_is_estimated_from_the_kind_of_run_and_flagged():
    assert session_rpe(run(2, kind=RunKind.INTERVALS, rpe=None)) == (8.0, True)
    assert session_rpe(run(2, kind=RunKind.RECOVERY, rpe=None)) == (2.0, True)


def test_missing_strength_rpe_comes_from_the_sets():
    session = legs(2, rpe=None, exercises=(squats(rpe=9),))
    assert session_rpe(session) == (9.0, True)


@pytest.mark.parametrize(
    ("sex", "expected"),
    [(Sex.MALE, 60 * 0.5 * 0.64 * math.exp(0.96)), (Sex.FEMALE, 60 * 0.5 * 0.86 * math.exp(0.835))],
)
def test_banister_trimp_uses_the_sex_constants(sex, expected):
    assert banister_trimp(60, 125, 50, 200, sex) == pytest.approx(expected)


def test_banister_trimp_per_minute_peaks_near_the_published_maxima():
    assert banister_trimp(1, 200, 50, 200, Sex.MALE) == pytest.approx(4.37, abs=0.01)
    assert banister_trimp(1, 200, 50, 200, Sex.FEMALE) == pytest.approx(4.56, abs=0.02)


def test_a_steady_heart_rate_stream_gives_the_same_trimp_as_its_average():
    stream = trimp_from_stream([140.0] * 3600, [1.0] * 3600, 50, 190, Sex.FEMALE)
    assert stream == pytest.approx(banister_trimp(60, 140, 50, 190, Sex.FEMALE))


def test_edwards_trimp_weights_minutes_by_zone():
    hr = [110.0] * 60 + [185.0] * 60 + [80.0] * 60
    assert edwards_trimp(hr, [60.0] * 180, 200) == pytest.approx(60 * 1 + 60 * 5)


def test_rir_converts_to_rpe_and_volume_is_reps_times_load():
    item = ExerciseSet(reps=5, weight_kg=100, rir=2)
    assert item.effort_rpe == 8
    assert item.volume_kg == 500


def test_hard_sets_count_fully_on_primary_and_half_on_secondary_muscles():
    session = legs(2, exercises=(squats(rpe=8, sets=4),))
    sets = dict(strength_profile(session).muscle_sets)
    assert sets[Region.QUADS] == 4
    assert sets[Region.LOWER_BACK] == 2


def test_easy_sets_do_not_count_as_hard_sets():
    session = legs(2, exercises=(squats(rpe=5, sets=4),))
    assert dict(strength_profile(session).muscle_sets) == {}


def test_a_session_without_exercises_counts_by_its_focus_and_duration():
    session = Session(SessionType.STRENGTH, NOW, 60, rpe=7, focus=Focus.LEGS)
    profile = strength_profile(session)
    assert profile.sets == 20
    assert profile.lower_body_share == pytest.approx(1.0)


def test_unknown_exercises_count_by_the_focus():
    odd = Exercise("Zorblax Quantum Press", (ExerciseSet(10, 20, 8),) * 3)
    upper = strength_profile(
        Session(SessionType.STRENGTH, NOW, 30, focus=Focus.UPPER, exercises=(odd,))
    )
    assert upper.lower_body_share == 0
    assert upper.unknown == ("Zorblax Quantum Press",)
