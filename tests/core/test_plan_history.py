"""Past sessions constrain the plan by the model's own definitions."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from runready.core.model import Athlete, PolicyName, RunKind, Session, SessionType
from runready.core.plan_check import problems
from runready.core.plan_rules import conflict
from runready.core.plan_values import PlanRequest, SessionSpec, Window
from runready.core.planner import history_slot, plan
from runready.core.policies import policy as policy_named
from runready.solvers.cpsat import CpSatSolver

TZ = timezone(timedelta(hours=1))
MONDAY = date(2026, 11, 23)
SUNDAY_EVENING = datetime(2026, 11, 22, 18, 0, tzinfo=TZ)
INTERVALS = SessionSpec(SessionType.RUN, 1, 40, kind=RunKind.INTERVALS)


def past_run(minutes: float, rpe: float | None = None, kind: RunKind | None = None) -> Session:
    return Session(SessionType.RUN, SUNDAY_EVENING, minutes, rpe=rpe, kind=kind)


@pytest.mark.parametrize(
    ("session", "quality"),
    [
        (past_run(40, rpe=8), True),
        (past_run(40, rpe=3), False),
        (past_run(40), False),
        (past_run(70), True),
        (past_run(70, kind=RunKind.EASY), True),
        (past_run(40, kind=RunKind.TEMPO), True),
        (past_run(50, kind=RunKind.LONG), True),
    ],
)
def test_a_past_run_is_quality_work_as_the_model_defines_it(session: Session, quality: bool):
    assert history_slot(session, TZ).quality is quality
    if not session.kind:
        assert session.is_quality_run is quality


def test_a_past_run_hard_only_by_rpe_keeps_the_next_days_quality_run_away_in_balanced():
    hard = history_slot(past_run(40, rpe=8), TZ)
    monday = INTERVALS.slot(datetime(2026, 11, 23, 18, 0, tzinfo=TZ))
    assert (
        conflict(monday, hard, policy_named(PolicyName.BALANCED))
        == "no quality runs on consecutive days (R10)"
    )
    request = PlanRequest(
        start=MONDAY,
        tz=TZ,
        athlete=Athlete(policy=PolicyName.BALANCED),
        availability=tuple((Window(17 * 60, 21 * 60),) if d in (0, 1) else () for d in range(7)),
        sessions=(INTERVALS,),
        history=(past_run(40, rpe=8),),
    )
    result = plan(request, CpSatSolver())
    assert problems(request, result) == []
    (run,) = result.sessions
    assert run.start.date() == MONDAY + timedelta(days=1)
