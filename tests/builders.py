"""Scenario builders for tests: readable sessions relative to a fixed 'now'."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from runready.core.advisor import Advice, advise
from runready.core.model import (
    Athlete,
    CheckIn,
    Exercise,
    ExerciseSet,
    Focus,
    Goal,
    IntentItem,
    PolicyName,
    Region,
    RunKind,
    Scenario,
    Session,
    SessionType,
)

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 6, 10, 18, 0, tzinfo=TZ)


def hours_ago(hours: float, now: datetime = NOW) -> datetime:
    """Return the moment ``hours`` before ``now``."""
    return now - timedelta(hours=hours)


def squats(
    rpe: float | None = 7, sets: int = 5, weight_kg: float = 100, name: str = "Squat (Barbell)"
) -> Exercise:
    """Return an exercise of ``sets`` sets of 5 at ``rpe``."""
    return Exercise(
        name, tuple(ExerciseSet(reps=5, weight_kg=weight_kg, rpe=rpe) for _ in range(sets))
    )


def legs(
    ended_h_ago: float,
    rpe: float | None = 8,
    now: datetime = NOW,
    exercises: tuple[Exercise, ...] | None = None,
    duration_min: float = 60,
    focus: Focus | None = None,
) -> Session:
    """Return a leg session that ended ``ended_h_ago`` hours before ``now``."""
    if exercises is None:
        exercises = (
            squats(rpe=min(rpe or 7, 7)),
            Exercise("Leg Press", tuple(ExerciseSet(10, 150, 7) for _ in range(3))),
        )
    start = hours_ago(ended_h_ago, now) - timedelta(minutes=duration_min)
    return Session(
        SessionType.STRENGTH, start, duration_min, rpe=rpe, focus=focus, exercises=exercises
    )


def upper(ended_h_ago: float, rpe: float = 8, now: datetime = NOW) -> Session:
    """Return an upper-body session that ended ``ended_h_ago`` hours before ``now``."""
    bench = Exercise("Bench Press (Barbell)", tuple(ExerciseSet(8, 60, rpe) for _ in range(4)))
    row = Exercise("Bent Over Row (Barbell)", tuple(ExerciseSet(8, 60, rpe) for _ in range(4)))
    start = hours_ago(ended_h_ago, now) - timedelta(minutes=55)
    return Session(SessionType.STRENGTH, start, 55, rpe=rpe, exercises=(bench, row))


def run(
    started_h_ago: float,
    km: float = 8.0,
    kind: RunKind = RunKind.EASY,
    minutes: float | None = None,
    now: datetime = NOW,
    rpe: float | None = 3,
    avg_hr: float | None = None,
) -> Session:
    """Return a run that started ``started_h_ago`` hours before ``now``."""
    return Session(
        SessionType.RUN,
        hours_ago(started_h_ago, now),
        minutes or km * 6,
        rpe=rpe,
        kind=kind,
        distance_km=km,
        avg_hr_bpm=avg_hr,
    )


def accustomed(now: datetime = NOW) -> tuple[Session, ...]:
    """Return two moderate leg sessions 8 and 15 days back: the repeated-bout effect is built."""
    return (legs(8 * 24, rpe=6, now=now), legs(15 * 24, rpe=6, now=now))


def reaching_back(now: datetime = NOW) -> Session:
    """Return an easy run 30 days back: the known history covers the 21-day novelty window,
    so a missing leg session there is evidence, not an absence of data (readiness.md)."""
    return run(24 * 30, now=now)


def checkin(
    at_h_ago: float = 0.1,
    now: datetime = NOW,
    soreness: float | dict[Region, float] | None = None,
    **kwargs: object,
) -> CheckIn:
    """Return a check-in made ``at_h_ago`` hours before ``now``."""
    return CheckIn.of(hours_ago(at_h_ago, now), soreness, **kwargs)


def athlete(
    goal: Goal = Goal.GENERAL, policy: PolicyName = PolicyName.BALANCED, **kwargs: object
) -> Athlete:
    """Return a trained athlete (36 months of lifting) unless told otherwise."""
    kwargs.setdefault("lifting_experience_months", 36)
    return Athlete(goal=goal, policy=policy, **kwargs)  # type: ignore[arg-type]


def scenario(
    *history: Session,
    who: Athlete | None = None,
    now: datetime = NOW,
    checkins: tuple[CheckIn, ...] = (),
    intent: tuple[IntentItem, ...] = (),
) -> Scenario:
    """Return a scenario from the given sessions."""
    return Scenario(
        now=now, athlete=who or athlete(), history=tuple(history), checkins=checkins, intent=intent
    )


def advice_for(*history: Session, **kwargs: object) -> Advice:
    """Return the advice for a scenario built from the arguments."""
    return advise(scenario(*history, **kwargs))  # type: ignore[arg-type]
