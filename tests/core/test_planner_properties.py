"""Random requests: every plan is valid, and every unplaced session says why."""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runready.core.model import Athlete, Focus, PolicyName, RunKind, Session, SessionType
from runready.core.plan_check import problems
from runready.core.plan_rules import conflict
from runready.core.plan_values import PlannedSession, PlanRequest, SessionSpec, Window
from runready.core.planner import plan
from runready.core.policies import policy as policy_named
from runready.solvers.cpsat import CpSatSolver

EXAMPLES = 150 if os.environ.get("CI") else 30
START = date(2026, 11, 23)


@st.composite
def windows(draw: st.DrawFn) -> tuple[Window, ...]:
    found: list[Window] = []
    at = draw(st.integers(5 * 4, 12 * 4)) * 15
    for _ in range(draw(st.integers(0, 2))):
        length = draw(st.integers(2, 16)) * 15
        if at + length > 23 * 60:
            break
        found.append(Window(at, at + length))
        at += length + draw(st.integers(1, 24)) * 15
    return tuple(found)


specs = st.one_of(
    st.builds(
        lambda c, d, f: SessionSpec(SessionType.STRENGTH, c, d, focus=f),
        st.integers(0, 3),
        st.sampled_from([40, 50, 60, 75]),
        st.sampled_from(Focus),
    ),
    st.builds(
        lambda c, d, k: SessionSpec(SessionType.RUN, c, d, kind=k),
        st.integers(0, 3),
        st.sampled_from([30, 45, 60, 90]),
        st.sampled_from(RunKind),
    ),
    st.builds(
        lambda c, d: SessionSpec(SessionType.WALK, c, d),
        st.integers(0, 2),
        st.sampled_from([30, 60]),
    ),
)


@st.composite
def requests(draw: st.DrawFn) -> PlanRequest:
    tz = timezone(timedelta(hours=draw(st.integers(-5, 5))))
    policy = draw(st.sampled_from(PolicyName))
    history = []
    for _ in range(draw(st.integers(0, 2))):
        start = datetime.combine(
            START - timedelta(days=draw(st.integers(1, 3))), time(draw(st.integers(6, 20))), tz
        )
        if draw(st.booleans()):
            history.append(Session(SessionType.STRENGTH, start, 60, rpe=8, focus=Focus.LEGS))
        else:
            history.append(Session(SessionType.RUN, start, 50, kind=RunKind.INTERVALS))
    fixed: list[PlannedSession] = []
    for _ in range(draw(st.integers(0, 2))):
        start = datetime.combine(
            START + timedelta(days=draw(st.integers(0, 6))), time(draw(st.integers(6, 20))), tz
        )
        candidate = PlannedSession(
            SessionType.RUN, start, 60, kind=draw(st.sampled_from(RunKind)), fixed=True
        )
        slots = [f.slot for f in fixed] + [
            PlannedSession(s.type, s.start, int(s.duration_min), s.kind, s.focus).slot
            for s in history
        ]
        if all(conflict(candidate.slot, other, policy_named(policy)) is None for other in slots):
            fixed.append(candidate)
    return PlanRequest(
        start=START,
        tz=tz,
        athlete=Athlete(policy=policy, lifting_experience_months=24),
        availability=tuple(draw(windows()) for _ in range(7)),
        sessions=tuple(draw(st.lists(specs, min_size=1, max_size=6))),
        rest_days_min=draw(st.integers(0, 3)),
        history=tuple(history),
        fixed=tuple(fixed),
    )


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(requests())
def test_every_plan_for_a_random_request_is_valid_and_explains_its_gaps(req: PlanRequest):
    result = plan(req, CpSatSolver())
    assert problems(req, result) == []
    assert result.optimal
    assert all(u.reason and "time limit" not in u.reason for u in result.unplaced)
