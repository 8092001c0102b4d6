"""The advisor agrees with the planner: asked at each planned run, it never says no run today."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import SHARED
from runready.core.advisor import advise
from runready.core.model import IntentItem, Scenario, SessionType
from runready.core.planner import plan
from runready.plan_format import load_request
from runready.solvers.cpsat import CpSatSolver

REQUESTS = sorted((SHARED / "plans").glob("*.yaml")) + sorted(
    (Path(__file__).parents[1] / "plans").glob("*.yaml")
)


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.name)
@pytest.mark.parametrize("weeks", [1, 4])
def test_the_advisor_never_says_alternative_or_rest_for_a_planned_run(path: Path, weeks: int):
    request, _ = load_request(path)
    request = dataclasses.replace(request, days=7 * weeks)
    result = plan(request, CpSatSolver())
    done = list(request.history)
    checked = 0
    for session in result.sessions:
        if session.type is SessionType.RUN:
            intent = (
                IntentItem(
                    SessionType.RUN,
                    start=session.start,
                    kind=session.kind,
                    duration_min=float(session.duration_min),
                ),
            )
            scenario = Scenario(
                now=session.start, athlete=request.athlete, history=tuple(done), intent=intent
            )
            verdict = advise(scenario).verdict
            assert verdict not in ("alternative", "rest"), (session, verdict)
            checked += 1
        done.append(session.as_session())
    assert checked or not any(s.type is SessionType.RUN for s in request.sessions)
