"""A stored outlook answers later moments as the engine would, until new data arrives."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from strategies import scenarios

from runready.core.advisor import advise
from runready.core.model import Scenario
from runready.core.outlook import Outlook


@given(scenarios(), st.integers(min_value=0, max_value=7 * 24 * 60))
def test_an_outlook_gives_the_engines_level_at_every_later_minute_of_the_week(
    scenario: Scenario, minutes: int
):
    quiet = replace(scenario, checkins=(), intent=())  # nothing but time passes
    outlook = Outlook.of(advise(quiet))
    later = quiet.now + timedelta(minutes=minutes)
    then = advise(replace(quiet, now=later))
    assert outlook.level_at(later) == then.max_intensity


@given(scenarios(), st.integers(min_value=0, max_value=7 * 24 * 60))
def test_an_outlook_gives_the_engines_verdict_at_every_later_minute_of_the_week(
    scenario: Scenario, minutes: int
):
    quiet = replace(scenario, checkins=(), intent=())
    outlook = Outlook.of(advise(quiet))
    later = quiet.now + timedelta(minutes=minutes)
    assert outlook.verdict_at(later) == advise(replace(quiet, now=later)).verdict


@given(scenarios())
def test_an_outlook_reads_exactly_as_its_advice_until_it_may_first_differ(scenario: Scenario):
    advice = advise(scenario)
    outlook = Outlook.of(advice)
    answer = outlook.as_dict(scenario.now)
    assert answer["verdict"] == advice.verdict.value
    assert answer["max_intensity"] == advice.max_intensity.label
    assert answer["max_duration_min"] == advice.max_duration_min
    assert answer["earliest"] == advice.as_dict()["earliest"]
    assert outlook.current(scenario.now)
    assert outlook.until > scenario.now
