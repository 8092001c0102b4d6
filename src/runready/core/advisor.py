"""The advisor: a scenario (state + policy + intent) in, explained advice out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from runready.core.exercises import resolve
from runready.core.fatigue import LOAD_HISTORY
from runready.core.findings import Conflict, Gate, Level, Reason, Warning, numbers
from runready.core.model import (
    RUN_INTENSITIES,
    CheckIn,
    Feel,
    Intensity,
    IntentItem,
    Pain,
    Scenario,
    Session,
    SessionType,
)
from runready.core.policies import policy as policy_named
from runready.core.rules.checkin import checkin_gates, end_of_day, latest
from runready.core.rules.chronic import acwr_note, high_strain, no_rest_day, performance_decline
from runready.core.rules.legs import LegHistory, leg_gates
from runready.core.rules.recovery import Context, options
from runready.core.rules.registry import sources_of
from runready.core.rules.running import distance_spike, quality_run_gates, weekly_ramp
from runready.core.rules.sequencing import SameDay, same_day
from runready.core.state import State, compute_state
from runready.core.timeline import Timeline

HORIZON = timedelta(days=7)  # scenario-format.md: earliest times further away are null
RECENT_LEGS = timedelta(hours=72)  # recovery options offered this long (R8; runready_heuristic)


@dataclass(frozen=True, slots=True)
class IntentCheck:
    """Whether a planned run fits: allowed at its start, or from when."""

    item: IntentItem
    start: datetime
    allowed: bool
    allowed_from: datetime | None
    max_intensity: Intensity
    max_duration_min: float | None

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape."""
        return {
            "type": self.item.type.value,
            "kind": self.item.kind.value if self.item.kind else None,
            "intensity": self.item.intensity.label,
            "start": _iso(self.start),
            "allowed": self.allowed,
            "allowed_from": _iso(self.allowed_from),
            "max_intensity": self.max_intensity.label,
            "max_duration_min": self.max_duration_min,
        }


@dataclass(frozen=True, slots=True)
class Advice:
    """The advisor's answer (scenario-format.md, output)."""

    at: datetime
    policy: str
    verdict: str
    max_intensity: Intensity
    max_duration_min: float | None
    earliest: tuple[tuple[Intensity, datetime | None], ...]
    order: SameDay | None
    alternatives: tuple[str, ...]
    recovery: tuple[str, ...]
    avoid: tuple[str, ...]
    warnings: tuple[Warning, ...]
    reasons: tuple[Reason, ...]
    conflicts: tuple[Conflict, ...]
    state: State
    intent: tuple[IntentCheck, ...]

    def earliest_at(self, level: Intensity) -> datetime | None:
        """Return the earliest advised time for a run of ``level``."""
        return dict(self.earliest)[level]

    def as_dict(self) -> dict[str, object]:
        """Return the JSON contract of ``runready advise --json``."""
        return {
            "at": _iso(self.at),
            "policy": self.policy,
            "verdict": self.verdict,
            "run": {
                "max_intensity": self.max_intensity.label,
                "max_duration_min": self.max_duration_min,
            },
            "earliest": {level.label: _iso(moment) for level, moment in self.earliest},
            "order": (
                {"first": self.order.first, "min_gap_h": self.order.min_gap_h}
                if self.order
                else None
            ),
            "alternatives": list(self.alternatives),
            "recovery": list(self.recovery),
            "avoid": list(self.avoid),
            "warnings": [w.as_dict() for w in self.warnings],
            "reasons": [r.as_dict() for r in self.reasons],
            "conflicts": [c.as_dict() for c in self.conflicts],
            "state": self.state.as_dict(),
            "intent": [check.as_dict() for check in self.intent],
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def _ceil_minute(moment: datetime) -> datetime:
    if moment.second or moment.microsecond:
        return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return moment


class Limits:
    """The run caps over time that a set of gates defines."""

    def __init__(self, gates: Sequence[Gate], now: datetime) -> None:
        self.gates = tuple(gates)
        self.now = now
        points = {now}
        for gate in self.gates:
            for moment in (gate.start, gate.end):
                if moment is not None and now < moment <= now + HORIZON:
                    points.add(moment)
        self.points = sorted(points)

    def at(self, moment: datetime) -> tuple[Intensity, float | None, list[Gate]]:
        """Return the cap, the duration cap and the binding gates at ``moment``."""
        level = Intensity.HARD
        duration: float | None = None
        downgraded = False
        active = [gate for gate in self.gates if gate.active_at(moment)]
        for gate in active:
            if gate.downgrade:
                downgraded = True
                continue
            level = min(level, gate.cap)
            if gate.duration_cap_min is not None:
                duration = min(duration or gate.duration_cap_min, gate.duration_cap_min)
        if downgraded:
            level = level.lower()
        binding = [g for g in active if g.downgrade or g.cap <= level or g.duration_cap_min]
        return level, (duration if level > Intensity.NONE else None), binding

    def earliest(self, level: Intensity, after: datetime) -> tuple[datetime | None, list[Gate]]:
        """Return the first moment at or after ``after`` allowing ``level``, and what held it."""
        blockers: list[Gate] = []
        for moment in [after] + [p for p in self.points if p > after]:
            cap, _, binding = self.at(moment)
            if cap >= level:
                return moment, blockers
            blockers = binding
        return None, blockers


def advise(scenario: Scenario) -> Advice:
    """Return the advice for ``scenario``: verdict, limits, earliest times and every reason."""
    now = scenario.now
    athlete = scenario.athlete
    policy = policy_named(athlete.policy)
    timeline = Timeline(scenario.history, now)
    legs = LegHistory(timeline.sessions, athlete)
    checkin = latest(scenario.checkins, now)

    gates: list[Gate] = []
    reasons: list[Reason] = []
    warnings: list[Warning] = []
    conflicts: list[Conflict] = []

    hard_legs = legs.recent_hard(now)
    for leg in hard_legs:
        leg_gate_list, notes = leg_gates(policy, athlete, leg, checkin, now)
        gates += leg_gate_list
        reasons += notes
        if leg.novel and any(g.end is None or g.end > now for g in leg_gate_list):
            reason = next((n for n in notes if n.rule == "R6"), None) or Reason(
                "R6",
                f"The leg session of {leg.session.start:%a %d %b} was novel "
                f"({leg.novel_because}); recovery takes longer.",
                sources_of("R6"),
            )
            warnings.append(Warning("novel_leg_session", Level.CAUTION, reason.message, reason))
    pending_legs = [g for g in gates if g.end is not None and g.end > now]
    if pending_legs:
        conflicts.append(
            Conflict("run_after_legs", "A6", "B1", policy.resolution("run_after_legs"))
        )
        if any(g.cap is Intensity.MODERATE for g in pending_legs) or policy.fresh is None:
            conflicts.append(
                Conflict("quality_after_legs", "A3", "B9", policy.resolution("quality_after_legs"))
            )

    more_gates, checkin_warnings = checkin_gates(policy, scenario.checkins, now)
    gates += more_gates + quality_run_gates(timeline.runs_in(RECENT_LEGS), now)
    warnings += checkin_warnings

    order = same_day(policy, athlete, scenario.intent, now)
    plan_gates = list(gates)
    if order is not None:
        if order.gate is not None:
            plan_gates.append(order.gate)
            if order.applies_now:
                gates.append(order.gate)
        reasons += order.reasons
        conflicts.append(order.conflict)

    limits = Limits(gates, now)
    plan_limits = Limits(plan_gates, now)
    cap_now, duration_now, binding_now = limits.at(now)
    earliest: list[tuple[Intensity, datetime | None]] = []
    for level in RUN_INTENSITIES:
        moment, blockers = limits.earliest(level, now)
        earliest.append((level, _ceil_minute(moment) if moment and moment != now else moment))
        reasons += [gate.reason for gate in blockers]
    reasons = [gate.reason for gate in binding_now] + reasons

    state = compute_state(timeline, legs)
    warnings += _load_warnings(scenario, timeline, state)
    recent_hard = any(now - leg.session.end <= RECENT_LEGS for leg in hard_legs)
    sharp = checkin is not None and checkin.pain is Pain.SHARP
    soreness = checkin.running_soreness if checkin is not None else 0.0
    today = checkin is not None and end_of_day(checkin.at, now) > now
    band = policy.soreness_band(soreness) if today else None
    opts = options(
        policy,
        Context(
            goal=athlete.goal,
            cap_now=cap_now,
            recent_hard_legs=recent_hard,
            soreness=soreness,
            no_run_soreness=band is not None and band.cap is Intensity.NONE,
            sharp_pain=sharp,
            muscles=state.muscles,
            runs_7d=state.runs_7d,
            run_min_7d=state.run_min_7d,
        ),
    )
    reasons += opts.reasons
    note = acwr_note(state.acwr)
    if note is not None:
        reasons.append(note)
    reasons += [w.reason for w in warnings]

    verdict = _verdict(cap_now, dict(earliest)[Intensity.RECOVERY], now, checkin, soreness)
    checks = tuple(
        _check(item, plan_limits, now) for item in scenario.intent if item.type is SessionType.RUN
    )
    for check in checks:
        reasons.append(_intent_reason(check))
    return Advice(
        at=now,
        policy=policy.name.value,
        verdict=verdict,
        max_intensity=cap_now,
        max_duration_min=duration_now,
        earliest=tuple(earliest),
        order=order,
        alternatives=opts.alternatives,
        recovery=opts.recovery,
        avoid=opts.avoid,
        warnings=tuple(_unique_warnings(warnings)),
        reasons=tuple(_unique(reasons)),
        conflicts=tuple(conflicts),
        state=state,
        intent=checks,
    )


def _verdict(
    cap: Intensity,
    first_run: datetime | None,
    now: datetime,
    checkin: CheckIn | None,
    soreness: float,
) -> str:
    if cap >= Intensity.HARD:
        return "go"
    if cap > Intensity.NONE:
        return "easy"
    if (
        checkin is not None
        and checkin.feel is Feel.EXHAUSTED
        and (checkin.pain is Pain.SHARP or soreness >= 7)
    ):
        return "rest"
    if first_run is not None and first_run.astimezone(now.tzinfo).date() == now.date():
        return "wait"
    return "alternative"


def _load_warnings(scenario: Scenario, timeline: Timeline, state: State) -> list[Warning]:
    now = scenario.now
    found: list[Warning | None] = [
        distance_spike(timeline.runs_in(timedelta(days=40)), scenario.intent, now),
        weekly_ramp(timeline.runs_in(timedelta(days=22)), now),
        no_rest_day(timeline.last(LOAD_HISTORY), now),
        high_strain(state.series),
        performance_decline(timeline.runs_in(timedelta(days=57)), state.series, now),
    ]
    unknown = _unknown_exercises(timeline.last(HORIZON), scenario.intent, now)
    if unknown:
        names = ", ".join(unknown)
        reason = Reason(
            "LOAD",
            f"Not in the exercise catalogue: {names}. Their sets count by the session's focus.",
            sources_of("LOAD"),
            numbers(count=len(unknown)),
        )
        found.append(Warning("unknown_exercise", Level.INFO, reason.message, reason))
    return [w for w in found if w is not None]


def _unknown_exercises(
    history: Sequence[Session], intent: Sequence[IntentItem], now: datetime
) -> list[str]:
    names: list[str] = []
    recent = [s for s in history if now - s.start <= HORIZON]
    for exercises in [s.exercises for s in recent] + [i.exercises for i in intent]:
        names += [e.name for e in exercises if resolve(e.name) is None]
    return list(dict.fromkeys(names))


def _check(item: IntentItem, limits: Limits, now: datetime) -> IntentCheck:
    start = max(item.start or now, now)
    cap, duration, _ = limits.at(start)
    allowed_from, _ = limits.earliest(item.intensity, start)
    allowed = cap >= item.intensity and (
        duration is None or item.duration_min is None or item.duration_min <= duration
    )
    return IntentCheck(
        item, start, allowed, _ceil_minute(allowed_from) if allowed_from else None, cap, duration
    )


def _intent_reason(check: IntentCheck) -> Reason:
    what = check.item.kind.value if check.item.kind else "run"
    if check.allowed:
        message = f"Your planned {what} run fits at {check.start:%H:%M}."
    elif check.max_intensity < check.item.intensity:
        when = f"{check.allowed_from:%a %d %b %H:%M}" if check.allowed_from else "this week"
        message = (
            f"Your planned {what} run ({check.item.intensity.label}) is not advised at "
            f"{check.start:%H:%M}: {check.max_intensity.label} at most; "
            f"{check.item.intensity.label} from {when}."
        )
    else:
        message = (
            f"Your planned {what} run should be at most {check.max_duration_min:g} min "
            f"at {check.start:%H:%M}."
        )
    return Reason("INTENT", message, sources_of("INTENT"), numbers(allowed=check.allowed))


def _unique(reasons: Iterable[Reason]) -> list[Reason]:
    seen: set[tuple[str, str]] = set()
    result = []
    for reason in reasons:
        key = (reason.rule, reason.message)
        if key not in seen:
            seen.add(key)
            result.append(reason)
    return result


def _unique_warnings(warnings: Iterable[Warning]) -> list[Warning]:
    best: dict[str, Warning] = {}
    order = list(Level)
    for warning in warnings:
        kept = best.get(warning.code)
        if kept is None or order.index(warning.level) > order.index(kept.level):
            best[warning.code] = warning
    return sorted(best.values(), key=lambda w: w.code)
