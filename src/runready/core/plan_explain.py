"""Turn a solver's choice into a plan: reasons for each session, explained gaps, unmet wishes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from runready.core.model import PolicyName, RunKind
from runready.core.plan_model import Solution
from runready.core.plan_rules import Slot, conflict
from runready.core.policies import policy

if TYPE_CHECKING:
    from runready.core.planner import Plan, PlannedSession, PlanRequest, _Candidate

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _when(slot: Slot) -> str:
    return f"{DAY_NAMES[slot.day.weekday()]} {slot.start:%H:%M}"


def _hours(delta: timedelta) -> str:
    return f"{delta.total_seconds() / 3600:.0f} h"


def _reasons(slot: Slot, others: Sequence[Slot], request: PlanRequest) -> tuple[str, ...]:
    reasons = []
    window = next(
        (
            w
            for w in request.availability[slot.day.weekday()]
            if w.start_min <= slot.start.hour * 60 + slot.start.minute
            and slot.end.hour * 60 + slot.end.minute <= w.end_min
        ),
        None,
    )
    if window is not None:
        reasons.append(f"in the {DAY_NAMES[slot.day.weekday()]} {window} window")
    legs_before = [o for o in others if o.leg and o.end <= slot.start]
    if slot.is_run and legs_before:
        last = max(legs_before, key=lambda o: o.end)
        gap = slot.start - last.end
        gates = policy(request.athlete.policy).legs
        rule = {
            PolicyName.BALANCED: (
                f"quality runs wait {gates.hard_from_h:g} h, R5" if slot.quality else ""
            ),
            PolicyName.ACTIVE: f"runs wait {gates.easy_from_h:g} h, A5",
            PolicyName.CONSERVATIVE: f"runs wait {gates.easy_from_h:g} h, B1",
        }[request.athlete.policy]
        if rule:
            reasons.append(f"{_hours(gap)} after the leg session of {_when(last)} ({rule})")
        elif slot.day == last.day:
            reasons.append(f"{_hours(gap)} after the lift the same day (R3)")
    if slot.leg:
        quality_after = [o for o in others if o.quality and o.start >= slot.end]
        if quality_after:
            first = min(quality_after, key=lambda o: o.start)
            reasons.append(
                f"the next quality run ({_when(first)}) comes "
                f"{_hours(first.start - slot.end)} later (R5)"
            )
        legs_other = [o for o in others if o.leg and o is not slot]
        if legs_other:
            nearest = min(legs_other, key=lambda o: abs(o.start - slot.start))
            reasons.append(
                f"{_hours(abs(nearest.start - slot.start))} from the leg session "
                f"of {_when(nearest)} (48 h apart)"
            )
    if slot.kind is RunKind.LONG and slot.day.weekday() >= 5:
        reasons.append("long run on the weekend")
    return tuple(reasons)


def _why(
    request: PlanRequest,
    index: int,
    week: int,
    cands: Sequence[_Candidate],
    chosen: Sequence[Slot],
    blocked: Counter[str],
    rest_full: set[int],
) -> str:
    spec = request.sessions[index]
    policy = request.athlete.policy
    counts: Counter[str] = Counter(blocked)
    for cand in cands:
        if cand.spec_index != index or cand.week != week:
            continue
        rule = next((r for other in chosen if (r := conflict(cand.slot, other, policy))), None)
        if rule is None and cand.day in rest_full:
            rule = f"keeps the minimum of {request.rest_days_min} rest days"
        counts[rule or "the solver's time limit ran out"] += 1
    if not counts:
        return f"no free window fits {spec.duration_min} min"
    top = ", ".join(f"{reason} ({n} {_unit(reason, n)})" for reason, n in counts.most_common(3))
    return f"every free slot this week breaks a rule: {top}"


def _unit(reason: str, count: int) -> str:
    unit = "day" if reason.startswith("no free window") else "slot"
    return unit if count == 1 else unit + "s"


def _violations(request: PlanRequest, placed: Sequence[tuple[int, Slot]]) -> list[str]:
    found = []
    for index, spec in enumerate(request.sessions):
        days = sorted(slot.day for i, slot in placed if i == index)
        for a, b in zip(days, days[1:], strict=False):
            if (b - a).days == 1:
                found.append(f"two {spec.label}s on consecutive days ({a:%a %d %b}, {b:%a %d %b})")
        if spec.kind is RunKind.LONG:
            for i, slot in placed:
                if i == index and slot.day.weekday() < 5:
                    found.append(
                        f"long run on {slot.day:%a %d %b}: no weekend window was free for it"
                    )
    return found


def describe(
    request: PlanRequest,
    cands: Sequence[_Candidate],
    blocked: dict[tuple[int, int], Counter[str]],
    context: Sequence[Slot],
    solution: Solution,
) -> Plan:
    """Return the plan a solution stands for."""
    from runready.core.planner import Plan, PlannedSession, Unplaced

    picked = sorted((cands[i] for i in solution.chosen), key=lambda c: c.slot.start)
    slots = [c.slot for c in picked]
    everything = sorted(slots + list(context), key=lambda s: s.start)
    previous = {(p.type, p.kind, p.focus, p.start) for p in request.previous}
    sessions: list[PlannedSession] = []
    for cand in picked:
        spec = request.sessions[cand.spec_index]
        reasons = list(_reasons(cand.slot, everything, request))
        if request.previous:
            moved = (spec.type, spec.kind, spec.focus, cand.slot.start) not in previous
            reasons.append("moved in the re-plan" if moved else "kept from the previous plan")
        sessions.append(
            PlannedSession(
                spec.type, cand.slot.start, spec.duration_min, spec.kind, spec.focus, tuple(reasons)
            )
        )
    first, last = request.start, request.day(request.days - 1)
    sessions += [f for f in request.fixed if first <= f.start.astimezone(request.tz).date() <= last]
    sessions.sort(key=lambda s: s.start)
    busy = {c.day for c in picked} | {(s.day - request.start).days for s in context}
    unplaced = []
    for week in range(request.weeks):
        days = [7 * week + o for o in range(request.week_length(week))]
        free = [d for d in days if d not in busy]
        rest_full = set(free) if len(free) <= request.rest_days(week) else set()
        for index, spec in enumerate(request.sessions):
            missing = request.count(spec, week) - sum(
                1 for c in picked if c.spec_index == index and c.week == week
            )
            if missing <= 0:
                continue
            reason = _why(
                request,
                index,
                week,
                cands,
                everything,
                blocked.get((index, week), Counter()),
                rest_full,
            )
            unplaced += [Unplaced(spec, week, reason)] * missing
    violations = tuple(_violations(request, [(c.spec_index, c.slot) for c in picked]))
    return Plan(tuple(sessions), tuple(unplaced), violations, solution.objective, solution.optimal)
