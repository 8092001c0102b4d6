"""Domain values validate themselves and carry their units."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import NOW
from runready.core.errors import InvalidInput
from runready.core.model import (
    FIRST_YEAR,
    LAST_YEAR,
    RUNNING_MUSCLES,
    CheckIn,
    ExerciseSet,
    Intensity,
    IntentItem,
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


_ANY_ZONE = st.timezones() | st.just(UTC)


@given(st.datetimes(timezones=_ANY_ZONE), st.sampled_from(["session", "check_in", "intent"]))
def test_a_moment_is_accepted_exactly_when_its_year_is_from_1900_to_2200(
    moment: datetime, kind: str
) -> None:
    build = {
        "session": lambda: Session(SessionType.RUN, moment, 30.0),
        "check_in": lambda: CheckIn(moment),
        "intent": lambda: IntentItem(SessionType.RUN, start=moment),
    }[kind]
    if FIRST_YEAR <= moment.year <= LAST_YEAR:
        build()
        return
    with pytest.raises(InvalidInput, match=f"the year {moment.year} is out of range") as caught:
        build()
    assert caught.value.field in ("start", "at")


@pytest.mark.parametrize("year", [1, 9999])
def test_a_session_at_the_edge_of_the_calendar_is_refused_before_its_end_overflows(
    year: int,
) -> None:
    moment = datetime(year, 12 if year > 1 else 1, 31 if year > 1 else 1, tzinfo=UTC)
    with pytest.raises(InvalidInput, match=f"start: the year {year} is out of range"):
        Session(SessionType.RUN, moment, 10080.0)
