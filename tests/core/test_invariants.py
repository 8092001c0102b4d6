"""Invariants of the advisor, checked on random scenarios (1,000 examples each in CI)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from strategies import checkins, scenarios, sorer

from runready.core.advisor import advise
from runready.core.model import RUN_INTENSITIES, Region, Scenario
from runready.core.rules.checkin import latest as current


@given(scenarios(), st.data())
def test_more_soreness_never_raises_the_max_intensity(scenario: Scenario, data: st.DataObject):
    base = scenario.checkins or (data.draw(checkins(scenario.now)),)
    latest = current(base, scenario.now)
    extra = float(data.draw(st.integers(1, 10)))
    region = data.draw(st.one_of(st.none(), st.sampled_from(Region)))
    others = tuple(c for c in base if c is not latest)
    calm = replace(scenario, checkins=base)
    sore = replace(scenario, checkins=others + (sorer(latest, extra, region),))
    assert advise(sore).max_intensity <= advise(calm).max_intensity


@given(scenarios(), st.integers(1, 8 * 24 * 60))
def test_a_later_now_never_lowers_the_max_intensity(scenario: Scenario, minutes: int):
    later = replace(scenario, now=scenario.now + timedelta(minutes=minutes))
    assert advise(later).max_intensity >= advise(scenario).max_intensity


@given(scenarios())
def test_earliest_times_are_ordered_and_never_before_now(scenario: Scenario):
    advice = advise(scenario)
    times = [advice.earliest_at(level) for level in RUN_INTENSITIES]
    known = [t for t in times if t is not None]
    assert all(t >= scenario.now for t in known)
    assert known == sorted(known)
    assert times[: len(known)] == known, "a null earliest time is followed by a known one"
    if advice.max_intensity in RUN_INTENSITIES:
        assert advice.earliest_at(advice.max_intensity) is not None


@given(scenarios())
def test_the_same_input_always_gives_the_same_output(scenario: Scenario):
    first = json.dumps(advise(scenario).as_dict(), sort_keys=True)
    again = json.dumps(advise(scenario).as_dict(), sort_keys=True)
    assert first == again
