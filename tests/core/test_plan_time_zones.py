"""The planner counts days in the plan's time zone, whatever offset a session was stored in.

Recovery counts elapsed hours (the readiness engine); the calendar rules (one lift a day, legs
wait for tomorrow after a run) count local days, which is where a stored offset could mislead."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from runready.core.model import Athlete, Focus, PolicyName, RunKind, Session, SessionType
from runready.core.plan_check import problems
from runready.core.plan_rules import conflict
from runready.core.plan_values import Plan, PlannedSession, PlanRequest, SessionSpec, Window
from runready.core.planner import context_slots, plan
from runready.core.policies import policy as policy_named
from runready.solvers.cpsat import CpSatSolver

NEW_YORK = ZoneInfo("America/New_York")
TUESDAY = date(2026, 6, 2)
EVENING = Window(17 * 60, 21 * 60)
TEMPO = SessionSpec(SessionType.RUN, 1, 40, kind=RunKind.TEMPO)
#: Monday 20:00 in New York (EDT), as an importer stores it: Tuesday 00:00 UTC.
MONDAY_EVENING_LEGS = Session(
    SessionType.STRENGTH, datetime(2026, 6, 2, 0, 0, tzinfo=UTC), 60, rpe=8, focus=Focus.LEGS
)


def active_request(**kwargs: object) -> PlanRequest:
    tue_wed = tuple((EVENING,) if day in (1, 2) else () for day in range(7))
    values: dict[str, object] = {"availability": tue_wed, "history": (MONDAY_EVENING_LEGS,)}
    return PlanRequest(
        start=TUESDAY,
        tz=NEW_YORK,
        athlete=Athlete(policy=PolicyName.ACTIVE, lifting_experience_months=30),
        sessions=(TEMPO,),
        **(values | kwargs),  # type: ignore[arg-type]
    )


def local(day: int, hour: int) -> datetime:
    return datetime(2026, 6, day, hour, 0, tzinfo=NEW_YORK)


def test_a_utc_stored_monday_evening_leg_session_counts_on_monday_for_the_calendar():
    request = active_request()
    (legs,) = context_slots(request)
    upper = SessionSpec(SessionType.STRENGTH, 1, 45, focus=Focus.UPPER)
    monday, tuesday = upper.slot(local(1, 7)), upper.slot(local(2, 18))
    assert legs.day == date(2026, 6, 1)
    assert conflict(monday, legs, policy_named(PolicyName.ACTIVE)) == (
        "at most one strength session a day"
    )
    assert conflict(tuesday, legs, policy_named(PolicyName.ACTIVE)) is None


def test_plan_check_finds_a_quality_run_the_local_day_after_a_utc_stored_leg_session():
    request = active_request()
    run = PlannedSession(SessionType.RUN, local(2, 18), 40, kind=RunKind.TEMPO)
    found = problems(request, Plan((run,), (), (), 0.0, True))
    assert any("(A6)" in problem for problem in found)


def test_the_planner_puts_the_quality_run_48_hours_after_monday_evening_legs():
    wed_thu = tuple((EVENING,) if day in (2, 3) else () for day in range(7))
    request = active_request(availability=wed_thu)
    result = plan(request, CpSatSolver())
    assert problems(request, result) == []
    (run,) = result.sessions
    assert run.start.astimezone(NEW_YORK).date() == date(2026, 6, 4)
    assert run.start - MONDAY_EVENING_LEGS.end >= timedelta(hours=48)


def test_a_fixed_session_stored_in_utc_counts_on_its_local_day():
    legs = PlannedSession(
        SessionType.STRENGTH, datetime(2026, 6, 2, 0, 0, tzinfo=UTC), 60, focus=Focus.LEGS
    )
    request = active_request(history=(), context=(legs,))
    (slot,) = context_slots(request)
    assert slot.day == date(2026, 6, 1)
    assert slot.start == legs.start
