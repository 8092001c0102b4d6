"""The plan and the advice are one truth: asked at each planned session's own start, given the
history, the fixed sessions and the plan before it, the advice allows that session, at its
intensity and for its whole duration (readiness.md rule 5)."""

from __future__ import annotations

import dataclasses
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from test_planner_properties import requests

from runready.core.advisor import advise
from runready.core.model import Athlete, Focus, IntentItem, RunKind, Scenario, SessionType
from runready.core.plan_values import Plan, PlannedSession, PlanRequest
from runready.core.planner import plan
from runready.plan_format import load_request
from runready.solvers.cpsat import CpSatSolver
from store_support import SHARED

REQUESTS = sorted((SHARED / "plans").glob("*.yaml")) + sorted(
    (Path(__file__).parents[1] / "plans").glob("*.yaml")
)
EXAMPLES = 150 if os.environ.get("CI") else 30


def disagreements(request: PlanRequest, result: Plan) -> tuple[list[str], int]:
    """Return every planned session the advice refuses at its start, and how many were asked."""
    found = []
    asked = 0
    done = [*request.history]
    for planned in sorted(result.sessions, key=lambda s: s.start):
        session = planned.as_session()
        if not planned.fixed:
            item = IntentItem(
                session.type,
                start=session.start,
                kind=session.kind,
                duration_min=session.duration_min,
                focus=session.focus,
            )
            scenario = Scenario(
                now=session.start, athlete=request.athlete, history=tuple(done), intent=(item,)
            )
            checks = advise(scenario).intent
            if checks:
                asked += 1
                check = checks[0]
                fits = check.max_duration_min is None or (
                    session.type is not SessionType.RUN
                    or session.duration_min <= check.max_duration_min
                )
                if not (check.allowed and fits):
                    found.append(f"{planned.as_dict()} refused: {check.as_dict()}")
        done.append(session)
    return found, asked


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.name)
@pytest.mark.parametrize("weeks", [1, 4])
def test_the_advice_allows_every_planned_session_at_its_own_start(path: Path, weeks: int):
    request, _ = load_request(path)
    request = dataclasses.replace(request, days=7 * weeks)
    result = plan(request, CpSatSolver())
    found, asked = disagreements(request, result)
    assert found == []
    assert asked >= sum(1 for s in result.sessions if s.type is SessionType.RUN and not s.fixed)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(requests())
def test_the_advice_allows_every_session_of_a_random_plan(request: PlanRequest):
    result = plan(request, CpSatSolver())
    found, _ = disagreements(request, result)
    assert found == []


def test_a_planned_run_the_advice_refuses_counts_as_a_disagreement():
    tz = timezone(timedelta(hours=1))
    monday = datetime(2026, 11, 23, 7, 0, tzinfo=tz)
    request = PlanRequest(
        start=monday.date(),
        tz=tz,
        athlete=Athlete(lifting_experience_months=24),
        availability=((),) * 7,
        sessions=(),
    )
    lift = PlannedSession(SessionType.STRENGTH, monday, 60, focus=Focus.LEGS)
    run_now = PlannedSession(SessionType.RUN, monday + timedelta(hours=1), 30, kind=RunKind.EASY)
    found, asked = disagreements(request, Plan((lift, run_now), (), (), 0.0, True))
    assert asked == 2
    assert len(found) == 1 and "easy" in found[0]
