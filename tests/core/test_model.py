"""Domain values validate themselves and carry their units."""

from __future__ import annotations

from datetime import datetime

import pytest

from builders import NOW
from runready.core.errors import InvalidInput
from runready.core.model import (
    RUNNING_MUSCLES,
    CheckIn,
    ExerciseSet,
    Intensity,
    RunKind,
    Session,
    SessionType,
)


def test_intensities_are_ordered_as_the_contract_says():
    assert (
        Intensity.NONE < Intensity.RECOVERY < Intensity.EASY < Intensity.MODERATE < Intensity.HARD
    )


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        (RunKind.STEADY, Intensity.MODERATE),
        (RunKind.LONG, Intensity.MODERATE),
        (RunKind.HILLS, Intensity.HARD),
        (RunKind.RECOVERY, Intensity.RECOVERY),
    ],
)
def test_run_kinds_map_onto_intensities(kind, level):
    assert kind.intensity is level


def test_a_naive_datetime_is_refused():
    with pytest.raises(InvalidInput, match="UTC offset"):
        Session(SessionType.RUN, datetime(2026, 1, 1, 10), 30)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"duration_min": -1}, "duration_min"),
        ({"rpe": 11}, "rpe"),
        ({"kind": RunKind.EASY, "type": SessionType.WALK}, "kind"),
    ],
)
def test_sessions_refuse_impossible_values(kwargs, field):
    values = {"type": SessionType.RUN, "start": NOW, "duration_min": 30}
    values.update(kwargs)
    with pytest.raises(InvalidInput) as error:
        Session(**values)
    assert error.value.field == field


def test_a_plain_soreness_number_means_the_running_muscles():
    checkin = CheckIn.of(NOW, 5)
    assert all(checkin.soreness_of(region) == 5 for region in RUNNING_MUSCLES)
    assert checkin.running_soreness == 5


def test_a_set_refuses_an_rpe_above_10():
    with pytest.raises(InvalidInput):
        ExerciseSet(reps=5, rpe=10.5)
