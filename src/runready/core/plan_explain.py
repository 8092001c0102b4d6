"""Turn a solver's choice into a plan: reasons for each session, explained gaps, unmet wishes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from runready.core.findings import Reason
from runready.core.model import RunKind, Session
from runready.core.plan_model import Solution
from runready.core.plan_rules import Slot, conflict
from runready.core.plan_values import Layout, Plan, PlannedSession, PlanRequest, Unplaced
from runready.core.policies import policy as policy_named
from runready.core.rules.registry import because

if TYPE_CHECKING:
    from runready.core.plan_gates import Gatekeeper


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600)


def _reasons(slot: Slot, others: Sequence[Slot], request: PlanRequest) -> tuple[Reason, ...]:
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
        reasons.append(because("PLAN", "inside the free window {window}", window=str(window)))
    legs_before = [o for o in others if o.leg and o.end <= slot.start]
    if slot.is_run and legs_before:
        last = max(legs_before, key=lambda o: o.end)
        gap = slot.start - last.end
        if gap < timedelta(days=4):
            rule = "R5" if slot.quality else "R3"
            reasons.append(
                because(
                    rule,
                    "{gap_h} h after the leg session of {legs_at}: the advice allows this run then",
                    gap_h=_hours(gap),
                    legs_at=last.start,
                )
            )
    if slot.leg:
        quality_after = [o for o in others if o.quality and o.start >= slot.end]
        if quality_after:
            first = min(quality_after, key=lambda o: o.start)
            reasons.append(
                because(
                    "R5",
                    "the next quality run ({quality_at}) comes {gap_h} h later",
                    quality_at=first.start,
                    gap_h=_hours(first.start - slot.end),
                )
            )
        legs_other = [o for o in others if o.leg and o is not slot]
        if legs_other:
            nearest = min(legs_other, key=lambda o: abs(o.start - slot.start))
            reasons.append(
                because(
                    "PLAN",
                    "{gap_h} h from the leg session of {legs_at} (at least {apart_h} h apart)",
                    gap_h=_hours(abs(nearest.start - slot.start)),
                    legs_at=nearest.start,
                    apart_h=policy_named(request.athlete.policy).leg_gap_h,
                )
            )
    if slot.kind is RunKind.LONG and slot.day.weekday() >= 5:
        reasons.append(because("PLAN", "long run on the weekend"))
    return tuple(reasons)


def _why(
    request: PlanRequest,
    index: int,
    week: int,
    layout: Layout,
    chosen: Sequence[Slot],
    chosen_sessions: Sequence[Session],
    rest_full: set[int],
    gate: Gatekeeper,
) -> str:
    spec = request.sessions[index]
    policy = policy_named(request.athlete.policy)
    counts: Counter[str] = Counter(layout.blocked.get((index, week), Counter()))
    for cand in layout.candidates:
        if cand.spec_index != index or cand.week != week:
            continue
        rule = next((r for other in chosen if (r := conflict(cand.slot, other, policy))), None)
        if rule is None:
            rule = gate.refusal(cand.session, chosen_sessions)
        if rule is None:
            rule = _spoils(gate, cand.session, chosen_sessions, request)
        if rule is None and cand.day in rest_full:
            rule = f"keeps the minimum of {request.rest_days_min} rest days"
        counts[rule or "the solver's time limit ran out"] += 1
    if not counts:
        return f"no free window fits {spec.duration_min} min"
    top = ", ".join(f"{reason} ({n} {_unit(reason, n)})" for reason, n in counts.most_common(3))
    return f"every free slot this week breaks a rule: {top}"


def _spoils(
    gate: Gatekeeper, session: Session, chosen: Sequence[Session], request: PlanRequest
) -> str | None:
    """Return which later session (planned or fixed) the advice would refuse after this one."""
    later = [s for s in chosen if s.start > session.start]
    later += [f.as_session() for f in request.fixed if f.start > session.start]
    for other in sorted(later, key=lambda s: s.start):
        if (
            gate.refusal(other, [*chosen, session]) is not None
            and gate.refusal(other, chosen) is None
        ):
            what = other.kind.value + " run" if other.kind else other.type.value
            return f"the advice would then refuse a later {what}"
    return None


def _unit(reason: str, count: int) -> str:
    unit = "day" if reason.startswith("no free window") else "slot"
    return unit if count == 1 else unit + "s"


def _violations(request: PlanRequest, placed: Sequence[tuple[int, Slot]]) -> list[str]:
    found = []
    for index, spec in enumerate(request.sessions):
        days = sorted(slot.day for i, slot in placed if i == index)
        for a, b in zip(days, days[1:], strict=False):
            if (b - a).days == 1:
                found.append(f"two {spec.label}s on consecutive days ({a}, {b})")
        if spec.kind is RunKind.LONG:
            for i, slot in placed:
                if i == index and slot.day.weekday() < 5:
                    found.append(f"long run on {slot.day}: no weekend window was free for it")
    return found


def describe(
    request: PlanRequest,
    layout: Layout,
    context: Sequence[Slot],
    solution: Solution,
    gate: Gatekeeper,
) -> Plan:
    """Return the plan a solution stands for."""
    cands = layout.candidates
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
            text = "moved in the re-plan" if moved else "kept from the previous plan"
            reasons.append(because("PLAN", text))
        sessions.append(
            PlannedSession(
                spec.type, cand.slot.start, spec.duration_min, spec.kind, spec.focus, tuple(reasons)
            )
        )
    first, last = request.start, request.day(request.days - 1)
    sessions += [f for f in request.fixed if first <= f.start.astimezone(request.tz).date() <= last]
    sessions.sort(key=lambda s: s.start)
    busy = {c.day for c in picked} | {(s.day - request.start).days for s in context}
    chosen_sessions = [c.session for c in picked]
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
                request, index, week, layout, everything, chosen_sessions, rest_full, gate
            )
            unplaced += [Unplaced(spec, week, reason)] * missing
    violations = tuple(_violations(request, [(c.spec_index, c.slot) for c in picked]))
    return Plan(tuple(sessions), tuple(unplaced), violations, solution.objective, solution.optimal)
