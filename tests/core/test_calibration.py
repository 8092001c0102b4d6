"""The personal recovery rate: learned from outcomes, bounded, and never past the floors."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import trained_scenarios

from builders import TZ
from runready.core.advisor import Advice, advise, calibration_of
from runready.core.calibration import (
    MIN_EACH_WAY,
    Calibration,
    Direction,
    calibrate,
    observations,
)
from runready.core.dose import STANDARD_SESSION
from runready.core.errors import InvalidInput
from runready.core.model import (
    RUN_INTENSITIES,
    Athlete,
    CheckIn,
    Feel,
    Intensity,
    LegsFelt,
    Pain,
    PolicyName,
    RunFeedback,
    RunKind,
    Scenario,
    Session,
    SessionType,
)

H = timedelta(hours=1)
MONDAY = datetime(2026, 5, 4, 18, 0, tzinfo=TZ)


def standard(start: datetime) -> Session:
    """Return the standard hard leg session (5x5 squat + 3x8 RDL at RPE 8), 60 min."""
    return replace(STANDARD_SESSION, start=start)


def intervals(start: datetime) -> Session:
    return Session(SessionType.RUN, start, 50, kind=RunKind.INTERVALS)


def block(
    weeks: int, soreness_36h: float | None, legs_on_intervals: LegsFelt | None, run_after_h: float
) -> tuple[list[Session], list[CheckIn], list[RunFeedback]]:
    """Return weeks of Monday and Thursday standard sessions, each followed by a check-in
    36 h after it ended and intervals ``run_after_h`` after it, with their outcomes."""
    history, told, said = [], [], []
    for week in range(weeks):
        for day in (0, 3):
            lift = standard(MONDAY + timedelta(days=7 * week + day))
            history.append(lift)
            if soreness_36h is not None:
                told.append(CheckIn.of(lift.end + 36 * H, soreness_36h, feel=Feel.NORMAL))
            run = intervals(lift.end + run_after_h * H)
            history.append(run)
            if legs_on_intervals is not None:
                said.append(RunFeedback(run.start, legs_on_intervals))
    return history, told, said


def after_block(
    soreness_36h: float | None,
    legs: LegsFelt | None,
    run_after_h: float,
    hours_after: float = 20,
    athlete: Athlete | None = None,
) -> tuple[Scenario, Session]:
    """Return a scenario ``hours_after`` a fresh standard session that follows 4 weeks of
    outcomes, and that session."""
    history, told, said = block(4, soreness_36h, legs, run_after_h)
    last = standard(MONDAY + timedelta(days=28))
    scenario = Scenario(
        now=last.end + hours_after * H,
        athlete=athlete or Athlete(),
        history=(*history, last),
        checkins=tuple(told),
        feedback=tuple(said),
    )
    return scenario, last


def quality_opens(advice: Advice, session: Session) -> timedelta:
    moment = advice.earliest_at(Intensity.HARD)
    assert moment is not None
    return moment - session.end


def test_no_outcomes_leave_the_default_rate_and_the_familiar_48_hours():
    scenario, last = after_block(None, None, 40)
    advice = advise(scenario)
    assert advice.calibration.multiplier == 1.0
    assert advice.calibration.observations == 0
    assert not advice.calibration.active
    assert quality_opens(advice, last) == 48 * H


def test_fast_recoveries_open_quality_earlier_than_48_hours_but_not_before_36():
    scenario, last = after_block(0, LegsFelt.FINE, 40)
    advice = advise(scenario)
    assert advice.calibration.active
    assert advice.calibration.multiplier < 0.85
    assert 36 * H <= quality_opens(advice, last) < 48 * H


def test_slow_recoveries_push_quality_later_than_48_hours_and_at_most_72():
    scenario, last = after_block(5, LegsFelt.HEAVY, 50)
    advice = advise(scenario)
    assert advice.calibration.multiplier > 1.2
    assert 48 * H < quality_opens(advice, last) <= 72 * H


def test_outcomes_that_match_the_default_keep_it_close():
    scenario, last = after_block(3, None, 60)  # 2-3 is what the default expects at 36 h
    calibration = advise(scenario).calibration
    assert 0.9 < calibration.estimate < 1.1
    assert abs(quality_opens(advise(scenario), last) - 48 * H) <= 5 * H


def test_the_rate_stays_at_the_default_until_three_outcomes_point_the_same_way():
    history, told, said = block(1, 0, LegsFelt.FINE, 40)
    now = history[-1].end + H
    two = calibrate(history, told[:1], said[:1], Athlete(), now)
    assert two.faster == 2 and two.multiplier == 1.0 and not two.active
    assert two.estimate < 1.0, "the posterior moves; the engine waits for enough outcomes"
    three = calibrate(history, told, said[:1], Athlete(), now)
    assert three.faster == MIN_EACH_WAY.value and three.active
    assert three.multiplier == three.estimate < 1.0


def test_a_fast_rate_never_opens_quality_before_the_fresh_check_in_window():
    scenario, last = after_block(0, LegsFelt.FINE, 40, hours_after=30)
    fresh = CheckIn.of(scenario.now, 0, feel=Feel.FRESH, sleep_h=8)
    advice = advise(replace(scenario, checkins=(*scenario.checkins, fresh)))
    assert advice.calibration.multiplier < 1.0
    assert quality_opens(advice, last) == 36 * H
    held = [r for r in advice.reasons if dict(r.numbers).get("floor") is True]
    assert held and "cannot open it sooner" in held[0].message


def test_a_fast_rate_keeps_the_policy_minimums_no_run_for_6_hours():
    scenario, last = after_block(0, LegsFelt.FINE, 40, hours_after=1)
    advice = advise(scenario)
    assert advice.calibration.multiplier < 1.0
    assert advice.earliest_at(Intensity.RECOVERY) == last.end + 6 * H


def test_a_fast_rate_keeps_a_day_between_quality_runs():
    scenario, _ = after_block(0, LegsFelt.FINE, 40)
    race = Session(SessionType.RUN, scenario.now - 2 * H, 40, kind=RunKind.TEMPO)
    tempo = replace(scenario, history=scenario.history[:-1] + (race,))
    advice = advise(tempo)
    assert advice.calibration.multiplier < 1.0
    assert advice.earliest_at(Intensity.HARD) >= race.end + 24 * H


def test_the_conservative_policy_keeps_its_48_hours_with_a_fast_rate():
    scenario, last = after_block(
        0, LegsFelt.FINE, 40, athlete=Athlete(policy=PolicyName.CONSERVATIVE)
    )
    advice = advise(scenario)
    assert advice.calibration.multiplier < 1.0
    assert quality_opens(advice, last) == 48 * H


def test_switching_calibration_off_keeps_the_default_but_still_shows_the_estimate():
    scenario, last = after_block(0, LegsFelt.FINE, 40, athlete=Athlete(calibrate=False))
    advice = advise(scenario)
    assert advice.calibration.multiplier == 1.0 and not advice.calibration.active
    assert advice.calibration.estimate < 0.85
    assert quality_opens(advice, last) == 48 * H


def test_reasons_cite_the_rate_when_it_moves_a_time():
    scenario, _ = after_block(5, LegsFelt.HEAVY, 50)
    advice = advise(scenario)
    rate = next(r for r in advice.reasons if r.rule == "R27")
    assert "slower than the default, from 16 outcomes" in rate.message
    assert "nosaka_clarkson1996" in rate.sources
    gate = next(r for r in advice.reasons if r.rule == "R5")
    assert dict(gate.numbers)["multiplier"] == round(advice.calibration.multiplier, 3)
    assert "Scaled by your recovery rate" in gate.message


def test_the_json_gives_the_rate_in_the_state():
    scenario, _ = after_block(5, LegsFelt.HEAVY, 50)
    data = advise(scenario).as_dict()
    assert data["state"]["recovery_multiplier"] == round(advise(scenario).calibration.multiplier, 3)


def test_an_outcome_far_from_any_session_says_nothing():
    lift = standard(MONDAY)
    late = CheckIn.of(lift.end + 5 * 24 * H, 0)
    early = CheckIn.of(lift.end + 2 * H, 8)
    assert observations([lift], [late, early], [], Athlete(), lift.end + 6 * 24 * H) == []


def test_each_outcome_is_read_against_what_the_default_expected():
    lift = standard(MONDAY)
    told = [
        CheckIn.of(lift.end + 36 * H, 0),  # default expects 2-3 at 36 h
        CheckIn.of(lift.end + 37 * H, 2),
        CheckIn.of(lift.end + 38 * H, 5),
    ]
    found = observations([lift], told, [], Athlete(), lift.end + 40 * H)
    assert [o.direction for o in found] == [
        Direction.FASTER,
        Direction.EXPECTED,
        Direction.SLOWER,
    ]


def test_older_outcomes_weigh_less():
    history, told, said = block(1, 0, LegsFelt.FINE, 40)
    soon = calibrate(history, told, said, Athlete(), history[-1].end + H)
    later = calibrate(history, told, said, Athlete(), history[-1].end + 120 * 24 * H)
    assert soon.estimate < later.estimate < 1.0


def test_the_prior_comes_from_age_and_alone_never_moves_the_engine():
    young, older = Athlete(age_years=30), Athlete(age_years=60)
    assert calibrate([], [], [], young, MONDAY).prior == 1.0
    from_55 = calibrate([], [], [], older, MONDAY)
    assert from_55.prior > 1.1 and from_55.estimate > 1.1
    assert from_55.multiplier == 1.0


def test_feedback_on_a_run_missing_from_the_history_is_refused_by_name():
    with pytest.raises(InvalidInput, match=r"feedback\[0\]\.run"):
        Scenario(now=MONDAY, athlete=Athlete(), feedback=(RunFeedback(MONDAY, LegsFelt.FINE),))


def test_a_sharp_pain_report_tightens_and_a_fast_rate_does_not_open_it():
    scenario, _ = after_block(0, LegsFelt.FINE, 40, hours_after=60)
    calm = advise(scenario)
    assert calm.max_intensity is Intensity.HARD
    hurt = CheckIn.of(scenario.now - H, 0, pain=Pain.SHARP)
    advice = advise(replace(scenario, checkins=(*scenario.checkins, hurt)))
    assert advice.max_intensity is Intensity.NONE
    assert advice.earliest_at(Intensity.RECOVERY) is None


# -- invariants ------------------------------------------------------------------------------


@given(trained_scenarios())
def test_the_rate_stays_within_its_bounds(scenario: Scenario):
    calibration = calibration_of(scenario)
    assert 0.75 <= calibration.estimate <= 1.5
    assert 0.75 <= calibration.multiplier <= 1.5
    low, high = calibration.interval
    assert 0.75 <= low <= calibration.estimate <= high <= 1.5


def _with(scenario: Scenario, legs: LegsFelt, data: st.DataObject) -> Scenario:
    told = {f.run_start for f in scenario.feedback}
    runs = [
        s
        for s in scenario.history
        if s.type is SessionType.RUN and s.end <= scenario.now and s.start not in told
    ]
    assume(runs)
    run = data.draw(st.sampled_from(runs))
    return replace(scenario, feedback=(*scenario.feedback, RunFeedback(run.start, legs)))


def _later_or_equal(first: Advice, second: Advice) -> bool:
    """Return True when every level opens in ``second`` no sooner than in ``first``."""
    for level in RUN_INTENSITIES:
        a, b = first.earliest_at(level), second.earliest_at(level)
        if a is None:
            if b is not None:
                return False
        elif b is not None and b < a:
            return False
    return second.max_intensity <= first.max_intensity


def _rates(before: Calibration, after: Calibration) -> tuple[float, float]:
    return before.multiplier, after.multiplier


@given(trained_scenarios(), st.data())
def test_adding_a_fine_outcome_never_delays_a_gate(scenario: Scenario, data: st.DataObject):
    fine = _with(scenario, LegsFelt.FINE, data)
    before, after = advise(scenario), advise(fine)
    assert after.calibration.estimate <= before.calibration.estimate + 1e-12
    assert after.calibration.multiplier <= before.calibration.multiplier + 1e-12
    assert _later_or_equal(after, before)


@given(trained_scenarios(), st.data())
def test_adding_a_heavy_outcome_never_hastens_a_gate(scenario: Scenario, data: st.DataObject):
    heavy = _with(
        scenario, data.draw(st.sampled_from([LegsFelt.HEAVY, LegsFelt.HAD_TO_STOP])), data
    )
    before, after = advise(scenario), advise(heavy)
    assert after.calibration.estimate >= before.calibration.estimate - 1e-12
    assert after.calibration.multiplier >= before.calibration.multiplier - 1e-12
    assert _later_or_equal(before, after)
