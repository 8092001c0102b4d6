"""Strength and a run on one day: which comes first and what the run may be (R1-R3, R21;
A4; B6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from runready.core.dose import loads_legs
from runready.core.findings import Conflict, Gate, Reason
from runready.core.model import Athlete, Goal, IntentItem, SessionType, Sex
from runready.core.policies import Order, Policy
from runready.core.rules.registry import because
from runready.core.vocabulary import ConflictTopic

MIN_GAP_H = 6.0  # R3
TRAINED_MONTHS = 6.0  # R18 / R21


@dataclass(frozen=True, slots=True)
class SameDay:
    """The order of a day's strength and run, with the cap the run gets.

    ``applies_now`` is True when neither item has its own start: the athlete means "today,
    from now", so the cap also limits a run now. A plan with fixed times only limits the
    planned run itself."""

    first: str
    min_gap_h: float
    gate: Gate | None
    reasons: tuple[Reason, ...]
    conflict: Conflict
    applies_now: bool


def _day(item: IntentItem, now: datetime) -> date:
    return (item.start or now).astimezone(now.tzinfo).date()


def same_day(
    policy: Policy, athlete: Athlete, intent: Sequence[IntentItem], now: datetime
) -> SameDay | None:
    """Return the order for a day that holds both a leg lift and a run, if the intent has one."""
    lifts = [
        i for i in intent if i.type is SessionType.STRENGTH and loads_legs(i.focus, i.exercises)
    ]
    run_items = [i for i in intent if i.type is SessionType.RUN]
    for lift in lifts:
        for run in run_items:
            if _day(lift, now) == _day(run, now):
                floating = lift.start is None and run.start is None
                return _order(policy, athlete, run, _day(run, now), now, floating)
    return None


def _order(
    policy: Policy, athlete: Athlete, run: IntentItem, day: date, now: datetime, floating: bool
) -> SameDay:
    goal = athlete.goal
    quality = run.is_quality_run
    reasons: list[Reason] = []
    if policy.order is Order.EVIDENCE:
        if goal is Goal.RUNNING and quality:
            first = "run"
            reasons.append(
                because(
                    "R2",
                    "Running goal with a quality run: run first (or move "
                    "the lift); after lifting the run costs more and ends sooner.",
                )
            )
            reasons.append(
                because(
                    "R10",
                    "A hard leg session within 24 h after the quality run "
                    "blunts it less if it comes after at least 6 h; better still, "
                    "lift legs on another day.",
                )
            )
        else:
            first = "strength"
            reasons.append(
                because(
                    "R1",
                    f"Goal {goal.value}: lift first, then run; the lift "
                    "keeps more strength that way and aerobic fitness is unchanged.",
                )
            )
    elif policy.order is Order.LIFT_FIRST:
        first = "strength"
        reasons.append(because("A4", "Article A: lift first, then run, and not hard."))
    else:
        first = "run" if goal.lifts_first else "strength"
        reasons.append(
            because(
                "B6",
                "Article B: run before legs for size or strength, after legs "
                "for running. The evidence points the other way (R1, R2).",
            )
        )
    if (
        athlete.sex is Sex.MALE
        and goal is Goal.STRENGTH
        and (athlete.lifting_experience_months or 0) >= TRAINED_MONTHS
    ):
        reasons.append(
            because(
                "R21",
                "Trained men with a strength goal lose more leg strength to "
                "running in the same session: keep 6 h or a day between them.",
            )
        )
    gate = None
    if first == "strength":
        start = datetime.combine(day, datetime.min.time(), now.tzinfo)
        cap = policy.same_day_cap
        gate = Gate(
            cap,
            start,
            start + timedelta(days=1),
            because(
                policy.same_day_rule,
                f"Lifting legs first today: the run after it is {cap.label} at "
                f"most, ideally {MIN_GAP_H:g} h later.",
                min_gap_h=MIN_GAP_H,
            ),
            duration_cap_min=policy.same_day_run_max_min,
        )
    return SameDay(
        first,
        MIN_GAP_H,
        gate,
        tuple(reasons),
        Conflict(
            ConflictTopic.SAME_DAY_ORDER,
            "A4",
            "B6",
            policy.resolution(ConflictTopic.SAME_DAY_ORDER),
        ),
        floating,
    )
