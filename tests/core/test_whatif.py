"""What would change the answer: the largest leg session that keeps a run, the earliest slot."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from builders import NOW, accustomed, legs, reaching_back, scenario, squats
from runready.core.advisor import advise
from runready.core.errors import InvalidInput
from runready.core.model import Intensity, IntentItem, RunKind, SessionType
from runready.core.whatif import keep, largest, probe, when

HOUR = timedelta(hours=1)


def intervals(at_h: float, minutes: float = 45) -> IntentItem:
    return IntentItem(
        SessionType.RUN, start=NOW + at_h * HOUR, kind=RunKind.INTERVALS, duration_min=minutes
    )


def allowed_after(sets: int, target: IntentItem) -> bool:
    base = scenario(*accustomed(), reaching_back())
    trial = replace(base, history=(*base.history, *probe(sets, NOW)), intent=(target,))
    return advise(trial).intent[0].allowed


@pytest.mark.parametrize("hours_ahead", [30, 47, 49, 60, 100])
def test_the_largest_session_keeps_the_run_and_one_more_set_would_not(hours_ahead):
    target = intervals(hours_ahead)
    answer = keep(scenario(*accustomed(), reaching_back()), target)
    assert answer.max_hard_sets is not None
    assert allowed_after(answer.max_hard_sets, target)
    if answer.max_hard_sets < 40:
        assert not allowed_after(answer.max_hard_sets + 1, target)


def test_a_run_two_days_after_a_lift_now_allows_a_whole_standard_session_but_not_a_heavy_one():
    answer = keep(scenario(*accustomed(), reaching_back()), intervals(49))
    assert answer.max_hard_sets == 12


def test_a_run_tomorrow_allows_only_a_session_below_the_standard_band():
    answer = keep(scenario(*accustomed(), reaching_back()), intervals(30))
    assert answer.max_hard_sets is not None and 0 < answer.max_hard_sets < 5


def test_a_run_that_is_refused_anyway_says_so():
    answer = keep(scenario(legs(2), *accustomed(), reaching_back()), intervals(10))
    assert answer.max_hard_sets is None
    assert "even without a leg session" in answer.reasons[0].message


def test_the_athletes_typical_session_is_tried_as_logged():
    typical = legs(24 * 3, exercises=(squats(rpe=8, sets=8),))
    answer = keep(scenario(typical, *accustomed(), reaching_back()), intervals(30))
    assert answer.typical is not None and answer.typical_sets == 8
    assert answer.typical_sets_kept is not None and answer.typical_sets_kept < 8


def test_the_run_to_keep_needs_a_start_after_the_lift():
    with pytest.raises(InvalidInput, match="needs a start"):
        keep(scenario(), replace(intervals(10), start=None))


def test_the_earliest_slot_is_the_advice_edge_for_that_run():
    base = scenario(legs(3), *accustomed(), reaching_back())
    slot = when(base, IntentItem(SessionType.RUN, kind=RunKind.INTERVALS, duration_min=45))
    assert slot.at == advise(base).earliest_at(Intensity.HARD)
    easy_long = when(base, IntentItem(SessionType.RUN, kind=RunKind.EASY, duration_min=50))
    assert easy_long.at == NOW + 21 * HOUR  # easy is capped at 40 min until 24 h


def test_bisection_finds_the_last_true_value():
    assert largest(40, lambda n: n <= 17) == 17
    assert largest(40, lambda n: True) == 40
    assert largest(40, lambda n: n == 0) == 0
