"""What would change the answer: the largest leg session that keeps a run, the earliest slot.

Both questions are asked of the same engine as the advice (readiness.md rule 6). The largest
session is found by bisection on whole hard sets (the engine never lets more sets open a level
sooner, so the edge is exact); the athlete's own typical leg session is tried as logged, and if
it does not fit, by bisection on how many of its sets in logged order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from runready.core.advisor import calibration_of, dose_book, run_limits
from runready.core.dose import is_leg_session
from runready.core.errors import InvalidInput
from runready.core.findings import Reason, TimeFormat, iso_minutes
from runready.core.model import (
    Exercise,
    ExerciseSet,
    Focus,
    IntentItem,
    Scenario,
    Session,
    SessionType,
)
from runready.core.readiness import HORIZON
from runready.core.rules.registry import because
from runready.core.timeline import Timeline

#: The leg session the largest-session answer counts in (a free-weight multi-joint lift).
PROBE_EXERCISE = "Back Squat"
PROBE_RPE = 8.0
MINUTES_PER_SET = 3.0  # a hard set with its rest
MOST_SETS = 40
#: The athlete's typical leg session: the median dose of their leg sessions in this window.
TYPICAL_WINDOW = timedelta(weeks=8)


@dataclass(frozen=True, slots=True)
class Keep:
    """The largest leg session that keeps a planned run allowed."""

    target: IntentItem
    lift_start: datetime
    rpe: float
    max_hard_sets: int | None
    typical: Session | None
    typical_sets_kept: int | None
    typical_sets: int
    reasons: tuple[Reason, ...]

    def as_dict(self, fmt: TimeFormat = iso_minutes) -> dict[str, object]:
        """Return the JSON shape (``keep`` in the advice contract)."""
        return {
            "run": _item(self.target),
            "lift_start": self.lift_start.isoformat(timespec="seconds"),
            "rpe": self.rpe,
            "max_hard_sets": self.max_hard_sets,
            "typical": (
                None
                if self.typical is None
                else {
                    "start": self.typical.start.isoformat(timespec="seconds"),
                    "sets": self.typical_sets,
                    "sets_kept": self.typical_sets_kept,
                    "fits": self.typical_sets_kept == self.typical_sets,
                }
            ),
            "reasons": [r.as_dict(fmt) for r in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class When:
    """The earliest moment a run is allowed, and what holds it until then."""

    target: IntentItem
    at: datetime | None
    reasons: tuple[Reason, ...]

    def as_dict(self, fmt: TimeFormat = iso_minutes) -> dict[str, object]:
        """Return the JSON shape (``when`` in the advice contract)."""
        return {
            "run": _item(self.target),
            "at": self.at.isoformat(timespec="seconds") if self.at else None,
            "reasons": [r.as_dict(fmt) for r in self.reasons],
        }


def _item(item: IntentItem) -> dict[str, object]:
    return {
        "kind": item.kind.value if item.kind else None,
        "duration_min": item.duration_min,
        "start": item.start.isoformat(timespec="seconds") if item.start else None,
    }


def _fits(
    scenario: Scenario, extra: Sequence[Session], target: IntentItem, multiplier: float
) -> bool:
    trial = replace(scenario, history=(*scenario.history, *extra))
    start = target.start or scenario.now
    return run_limits(trial, multiplier).fits(start, target.required, target.duration_min)


def probe(hard_sets: int, start: datetime, rpe: float = PROBE_RPE) -> tuple[Session, ...]:
    """Return a leg session of ``hard_sets`` sets of back squats at ``rpe`` from ``start``
    (none for zero sets: a leg session without sets would count as a standard one)."""
    if hard_sets <= 0:
        return ()
    sets = tuple(ExerciseSet(reps=5, rpe=rpe) for _ in range(hard_sets))
    return (
        Session(
            SessionType.STRENGTH,
            start,
            hard_sets * MINUTES_PER_SET,
            rpe=rpe,
            focus=Focus.LEGS,
            exercises=(Exercise(PROBE_EXERCISE, sets),),
        ),
    )


def largest(count: int, fits_with: Callable[[int], bool]) -> int:
    """Return the largest n in [0, count] with ``fits_with(n)`` true, given that it is true
    for 0 and never turns true again once false (bisection)."""
    low, high = 0, count
    if fits_with(high):
        return high
    while high - low > 1:
        middle = (low + high) // 2
        if fits_with(middle):
            low = middle
        else:
            high = middle
    return low


def keep(
    scenario: Scenario,
    target: IntentItem,
    lift_start: datetime | None = None,
    rpe: float = PROBE_RPE,
    multiplier: float | None = None,
) -> Keep:
    """Return the largest leg session today that keeps ``target`` (a run with its start)
    allowed, in hard sets at ``rpe`` and as a share of the athlete's own typical session
    (``multiplier``: the recovery rate; by default learned from the scenario's outcomes)."""
    start = lift_start or scenario.now
    if target.start is None or target.start <= start:
        raise InvalidInput("keep", "the run to keep needs a start after the leg session")
    typical = typical_leg_session(scenario)
    rate = calibration_of(scenario).multiplier if multiplier is None else multiplier
    if not _fits(scenario, (), target, rate):
        reason = because(
            "INTENT",
            "Your {what} ({start}) is not allowed even without a leg session today.",
            what=_what(target),
            start=target.start,
        )
        return Keep(target, start, rpe, None, typical, None, _count(typical), (reason,))
    most = largest(MOST_SETS, lambda n: _fits(scenario, probe(n, start, rpe), target, rate))
    reasons = [
        because(
            "INTENT",
            (
                "Up to {sets} hard sets of leg work at RPE {rpe} from {lift} keep your {what} "
                "({start}) allowed."
                if most
                else "Any leg session from {lift} would rule out your {what} ({start})."
            ),
            sets=most,
            rpe=rpe,
            lift=start,
            what=_what(target),
            start=target.start,
        )
    ]
    kept = None
    if typical is not None:
        own = _as_of(typical, start)
        total = _count(typical)
        kept = largest(total, lambda n: _fits(scenario, _first_sets(own, n), target, rate))
        text = (
            "Your typical leg session ({sets} sets) fits."
            if kept == total
            else "Of your typical leg session, the first {kept} of its {sets} sets fit."
        )
        reasons.append(because("INTENT", text, sets=total, kept=kept))
    return Keep(target, start, rpe, most, typical, kept, _count(typical), tuple(reasons))


def when(scenario: Scenario, target: IntentItem, multiplier: float | None = None) -> When:
    """Return the earliest moment from now (within 7 days) at which ``target`` is allowed
    (``multiplier``: the recovery rate; by default learned from the scenario's outcomes)."""
    rate = calibration_of(scenario).multiplier if multiplier is None else multiplier
    limits = run_limits(scenario, rate)
    after = max(target.start or scenario.now, scenario.now)
    moment, blockers = limits.earliest(target.required, after, target.duration_min)
    if moment is not None and moment > scenario.now + HORIZON:
        moment = None
    return When(replace(target, start=None), moment, tuple(g.reason for g in blockers))


def typical_leg_session(scenario: Scenario) -> Session | None:
    """Return the athlete's median leg session (by dose) of the last 8 weeks, if any."""
    recent = [
        s
        for s in scenario.history
        if s.start <= scenario.now
        and scenario.now - s.start <= TYPICAL_WINDOW
        and is_leg_session(s)
        and s.exercises
    ]
    if not recent:
        return None
    doses = dose_book(Timeline(scenario.history, scenario.now), scenario.athlete)
    ranked = sorted(recent, key=lambda s: (doses.of(s).dose, s.start))
    return ranked[len(ranked) // 2]


def _count(session: Session | None) -> int:
    if session is None:
        return 0
    return sum(max(1, len(e.sets)) for e in session.exercises)


def _as_of(session: Session, start: datetime) -> Session:
    return replace(session, start=start)


def _first_sets(session: Session, count: int) -> tuple[Session, ...]:
    """Return ``session`` with only its first ``count`` sets in logged order (none for 0)."""
    if count <= 0:
        return ()
    kept: list[Exercise] = []
    left = count
    for exercise in session.exercises:
        sets = exercise.sets or (ExerciseSet(),)
        if left <= 0:
            break
        kept.append(replace(exercise, sets=tuple(sets[:left])))
        left -= len(sets)
    minutes = session.duration_min * (count / max(1, _count(session)))
    return (replace(session, exercises=tuple(kept), duration_min=max(1.0, minutes)),)


def _what(item: IntentItem) -> str:
    kind = item.kind.value if item.kind else "run"
    length = f" {item.duration_min:g} min" if item.duration_min else ""
    return f"{kind}{length}" if kind != "run" else f"run{length}"


__all__ = ["Keep", "When", "keep", "largest", "probe", "typical_leg_session", "when"]
