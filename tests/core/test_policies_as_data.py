"""Policies are data: what differs between them is read from their fields, not their names."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from runready.core.model import Athlete, Focus, Goal, Intensity, IntentItem, SessionType
from runready.core.policies import ACTIVE, BALANCED, CONSERVATIVE, Policy
from runready.core.rules.recovery import Context, options
from runready.core.rules.sequencing import same_day

NOW = datetime(2026, 6, 10, 8, 0, tzinfo=timezone(timedelta(hours=2)))
LEGS_THEN_RUN = (
    IntentItem(SessionType.STRENGTH, focus=Focus.LEGS),
    IntentItem(SessionType.RUN),
)


def sore_reason_rule(policy: Policy) -> str:
    ctx = Context(
        goal=Goal.GENERAL,
        cap_now=Intensity.NONE,
        recent_hard_legs=False,
        soreness=8,
        no_run_soreness=True,
        sharp_pain=False,
        muscles={},
        runs_7d=0,
        run_min_7d=0.0,
    )
    (reason,) = [r for r in options(policy, ctx).reasons if r.message.startswith("Very sore")]
    return reason.rule


@pytest.mark.parametrize(
    ("policy", "rule"), [(BALANCED, "R7"), (ACTIVE, "R7"), (CONSERVATIVE, "B7")]
)
def test_very_sore_legs_cite_the_policys_own_sore_rule(policy: Policy, rule: str):
    assert policy.sore_rule == rule
    assert sore_reason_rule(policy) == rule


def test_a_policy_with_another_sore_rule_cites_that_rule_whatever_its_name():
    assert sore_reason_rule(replace(BALANCED, sore_rule="B7")) == "B7"


@pytest.mark.parametrize(
    ("policy", "cap"), [(BALANCED, 40.0), (ACTIVE, None), (CONSERVATIVE, None)]
)
def test_the_run_after_a_same_day_lift_is_capped_by_the_policys_minutes(
    policy: Policy, cap: float | None
):
    order = same_day(policy, Athlete(goal=Goal.GENERAL), LEGS_THEN_RUN, NOW)
    assert order is not None and order.gate is not None
    assert order.gate.duration_cap_min == cap


def test_a_policy_with_another_same_day_cap_applies_its_own_minutes():
    order = same_day(replace(BALANCED, same_day_run_max_min=25.0), Athlete(), LEGS_THEN_RUN, NOW)
    assert order is not None and order.gate is not None
    assert order.gate.duration_cap_min == 25.0
