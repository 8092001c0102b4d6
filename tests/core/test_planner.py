"""The planner: valid plans for every request, every rule at work, gaps explained."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from runready.core.model import Athlete, Focus, PolicyName, RunKind, Session, SessionType
from runready.core.plan_check import problems
from runready.core.plan_values import Plan, PlannedSession, PlanRequest, SessionSpec, Window
from runready.core.planner import plan
from runready.plan_format import load_request
from runready.solvers.cpsat import CpSatSolver
from store_support import SHARED

TZ = timezone(timedelta(hours=1))
MONDAY = date(2026, 11, 23)
EVENINGS = tuple((Window(17 * 60 + 30, 21 * 60),) for _ in range(7))
SHARED_PLANS = sorted((SHARED / "plans").glob("*.yaml"))


def legs(count: int = 1, minutes: int = 60) -> SessionSpec:
    return SessionSpec(SessionType.STRENGTH, count, minutes, focus=Focus.LEGS)


def upper(count: int = 1) -> SessionSpec:
    return SessionSpec(SessionType.STRENGTH, count, 50, focus=Focus.UPPER)


def runs(kind: RunKind, count: int = 1, minutes: int = 40) -> SessionSpec:
    return SessionSpec(SessionType.RUN, count, minutes, kind=kind)


def request(
    *specs: SessionSpec,
    policy: PolicyName = PolicyName.BALANCED,
    availability: tuple[tuple[Window, ...], ...] = EVENINGS,
    **kwargs: object,
) -> PlanRequest:
    athlete = Athlete(policy=policy, lifting_experience_months=30)
    return PlanRequest(
        start=MONDAY, tz=TZ, athlete=athlete, availability=availability, sessions=specs, **kwargs
    )  # type: ignore[arg-type]


EVENING = Window(17 * 60, 21 * 60)


def only(*days: int, window: Window = EVENING) -> tuple[tuple[Window, ...], ...]:
    return tuple((window,) if d in days else () for d in range(7))


def solved(req: PlanRequest) -> Plan:
    result = plan(req, CpSatSolver())
    assert problems(req, result) == []
    assert result.optimal
    return result


def placed(result: Plan, label: str) -> list[PlannedSession]:
    return [s for s in result.sessions if s.spec.label == label and not s.fixed]


@pytest.mark.usefixtures("shared")
@pytest.mark.parametrize("path", SHARED_PLANS, ids=lambda p: p.name)
def test_every_shared_request_gets_a_valid_plan_placing_what_it_expects(path: Path):
    req, expect = load_request(path)
    result = solved(req)
    assert sum(1 for s in result.sessions if not s.fixed) >= expect["placed_at_least"]
    assert all(u.reason for u in result.unplaced)


def test_sessions_stay_inside_their_windows_and_a_too_long_session_is_explained():
    result = solved(request(runs(RunKind.LONG, minutes=300)))
    (gap,) = result.unplaced
    assert "fits 300 min" in gap.reason


def test_one_run_a_day_at_most():
    result = solved(request(runs(RunKind.EASY, 2), availability=only(0)))
    assert len(placed(result, "easy run")) == 1
    assert "one run a day" in result.unplaced[0].reason


def test_leg_sessions_start_48_hours_apart():
    result = solved(request(legs(2), availability=only(0, 1)))
    assert len(placed(result, "leg strength")) == 1
    assert "48 h apart" in result.unplaced[0].reason


def test_balanced_quality_runs_wait_48_hours_after_legs_and_legs_24_after_quality():
    result = solved(request(legs(), runs(RunKind.INTERVALS), availability=only(0, 1, 2, 3)))
    (lift,), (run,) = placed(result, "leg strength"), placed(result, "intervals run")
    lift_end = lift.start + timedelta(minutes=60)
    run_end = run.start + timedelta(minutes=40)
    assert run.start >= lift_end + timedelta(hours=48) or lift.start >= run_end + timedelta(
        hours=24
    )


def test_a_quality_run_that_cannot_keep_its_distance_from_legs_is_explained():
    short = only(0, 1, window=Window(17 * 60, 18 * 60 + 30))
    result = solved(request(legs(), runs(RunKind.INTERVALS), availability=short))
    assert len(result.unplaced) == 1
    assert "R5" in result.unplaced[0].reason or "R10" in result.unplaced[0].reason


def test_balanced_easy_run_on_leg_day_comes_six_hours_after_the_lift():
    day = only(2, window=Window(6 * 60, 21 * 60))
    result = solved(request(legs(), runs(RunKind.EASY), availability=day))
    (lift,), (run,) = placed(result, "leg strength"), placed(result, "easy run")
    assert run.start >= lift.start + timedelta(minutes=60 + 6 * 60)


def test_balanced_no_quality_runs_on_consecutive_days():
    result = solved(request(runs(RunKind.TEMPO), runs(RunKind.INTERVALS), availability=only(0, 1)))
    assert len(result.unplaced) == 1
    assert "consecutive days" in result.unplaced[0].reason


def test_conservative_keeps_every_run_48_hours_after_legs():
    result = solved(
        request(
            legs(),
            runs(RunKind.EASY, 3),
            policy=PolicyName.CONSERVATIVE,
            availability=only(0, 1, 2, 3),
        )
    )
    (lift,) = placed(result, "leg strength")
    for run in placed(result, "easy run"):
        assert not lift.start < run.start < lift.start + timedelta(hours=49)


def test_active_runs_start_six_hours_after_legs_and_no_quality_the_next_day():
    day = tuple((Window(6 * 60, 21 * 60),) for _ in range(2)) + ((),) * 5
    result = solved(
        request(
            legs(),
            runs(RunKind.EASY),
            runs(RunKind.TEMPO),
            policy=PolicyName.ACTIVE,
            availability=day,
        )
    )
    (lift,) = placed(result, "leg strength")
    for run in placed(result, "easy run") + placed(result, "tempo run"):
        if run.start > lift.start:
            assert run.start >= lift.start + timedelta(hours=7)
    for run in placed(result, "tempo run"):
        assert run.start.date() != lift.start.date() + timedelta(days=1)


def test_rest_days_are_kept_even_at_the_cost_of_a_session():
    result = solved(request(runs(RunKind.EASY, 7), rest_days_min=2))
    assert len(placed(result, "easy run")) == 5
    assert all("rest days" in u.reason for u in result.unplaced)


def test_history_constrains_day_one():
    yesterday = Session(
        SessionType.STRENGTH, datetime(2026, 11, 22, 18, 0, tzinfo=TZ), 75, rpe=9, focus=Focus.LEGS
    )
    result = solved(
        request(runs(RunKind.INTERVALS), availability=only(0, 1, 2), history=(yesterday,))
    )
    (run,) = placed(result, "intervals run")
    assert run.start >= yesterday.end + timedelta(hours=48)


def test_fixed_sessions_stay_put_and_others_respect_them():
    race = PlannedSession(
        SessionType.RUN, datetime(2026, 11, 29, 9, 0, tzinfo=TZ), 60, kind=RunKind.RACE, fixed=True
    )
    everyday = tuple((Window(8 * 60, 20 * 60),) for _ in range(7))
    result = solved(request(legs(), runs(RunKind.INTERVALS), availability=everyday, fixed=(race,)))
    assert race in result.sessions
    (lift,) = placed(result, "leg strength")
    assert lift.start + timedelta(hours=1 + 48) <= race.start or lift.start >= race.start


def test_the_long_run_goes_on_a_weekend_day_and_sessions_spread_out():
    result = solved(
        request(
            runs(RunKind.LONG, minutes=90),
            runs(RunKind.EASY, 3),
            availability=tuple((Window(7 * 60, 20 * 60),) for _ in range(7)),
        )
    )
    (long_run,) = placed(result, "long run")
    assert long_run.start.weekday() >= 5
    days = sorted(r.start.date() for r in placed(result, "easy run"))
    assert all((b - a).days >= 2 for a, b in zip(days, days[1:], strict=False))
    assert result.violations == ()


def test_re_planning_keeps_what_it_can():
    req = request(legs(2), runs(RunKind.EASY, 2), upper(2))
    first = solved(req)
    again = solved(PlanRequest(**{**_fields(req), "previous": first.sessions}))
    assert {s.start for s in again.sessions} == {s.start for s in first.sessions}
    assert all("kept" in s.reasons[-1].message for s in again.sessions)


def test_the_same_request_always_gives_the_same_plan():
    req = request(
        legs(2),
        upper(2),
        runs(RunKind.INTERVALS),
        runs(RunKind.EASY, 2),
        runs(RunKind.LONG, minutes=90),
        rest_days_min=1,
    )
    assert solved(req).as_dict() == solved(req).as_dict()


def _fields(req: PlanRequest) -> dict[str, object]:
    return {name: getattr(req, name) for name in req.__dataclass_fields__}
