"""Check a finished plan against every validity rule of plan-format.md.

Rule 3 is asked of the readiness engine itself: every planned session must be allowed by the
advice at its own start, given the request's history, its fixed sessions and the plan before
it (a fixed session that the history alone already rules out is the athlete's booking)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from itertools import combinations

from runready.core.model import Session
from runready.core.plan_rules import conflict
from runready.core.plan_values import Plan, PlanRequest, SessionSpec
from runready.core.planner import context_slots, gatekeeper
from runready.core.policies import policy as policy_named


def problems(request: PlanRequest, plan: Plan) -> list[str]:
    """Return every broken validity rule (an empty list means the plan is valid)."""
    found: list[str] = []
    context = context_slots(request)
    planned = [s for s in plan.sessions if not s.fixed]
    for session in planned:
        local = session.start.astimezone(request.tz)
        start = local.hour * 60 + local.minute
        end = start + session.duration_min
        windows = request.availability[local.weekday()]
        if not any(w.start_min <= start and end <= w.end_min for w in windows):
            found.append(f"{session.type.value} at {local:%Y-%m-%d %H:%M} is outside every window")
        offset = (local.date() - request.start).days
        if not 0 <= offset < request.days:
            found.append(f"{session.type.value} at {local:%Y-%m-%d} is outside the plan's days")
    for week in range(request.weeks):
        wanted: Counter[tuple[object, ...]] = Counter()
        for spec in request.sessions:
            wanted[_key(spec)] += request.count(spec, week)
        for key, count in wanted.items():
            placed = sum(
                1 for s in planned if _week(request, s.start) == week and _key(s.spec) == key
            )
            missing = sum(1 for u in plan.unplaced if u.week == week and _key(u.spec) == key)
            if placed + missing < count:
                found.append(
                    f"week {week + 1}: {key} placed {placed}, listed unplaced "
                    f"{missing}, requested {count}"
                )
            if placed > count:
                found.append(f"week {week + 1}: {key} placed {placed} > {count}")
        busy = {_offset(request, s.start) for s in plan.sessions}
        busy |= {_offset(request, s.start) for s in context}
        days = range(7 * week, 7 * week + request.week_length(week))
        rest = sum(1 for d in days if d not in busy)
        if rest < request.rest_days(week):
            found.append(
                f"week {week + 1}: {rest} rest days, at least {request.rest_days(week)} required"
            )
    planned_slots = [s.slot.local(request.tz) for s in planned]
    others = [s.slot.local(request.tz) for s in plan.sessions if s.fixed]
    others += [c for c in context if c not in others]
    pairs = list(combinations(planned_slots, 2)) + [(a, b) for a in planned_slots for b in others]
    policy = policy_named(request.athlete.policy)
    for a, b in pairs:
        rule = conflict(a, b, policy)
        if rule is not None:
            found.append(
                f"{a.label} {a.start:%Y-%m-%d %H:%M} and {b.label} {b.start:%Y-%m-%d %H:%M}: {rule}"
            )
    gate = gatekeeper(request)
    done: list[Session] = []
    for item in sorted(plan.sessions, key=lambda s: s.start):
        asked = item.as_session()
        refusal = gate.refusal(asked, done)
        if refusal is not None and not (item.fixed and gate.refusal(asked) is not None):
            local = asked.start.astimezone(request.tz)
            found.append(f"{item.spec.label} at {local:%Y-%m-%d %H:%M}: {refusal}")
        if not item.fixed:
            done.append(asked)
    return found


def _offset(request: PlanRequest, moment: datetime) -> int:
    return (moment.astimezone(request.tz).date() - request.start).days


def _week(request: PlanRequest, moment: datetime) -> int:
    return _offset(request, moment) // 7


def _key(spec: SessionSpec) -> tuple[object, ...]:
    return (spec.type.value, spec.kind, spec.focus, spec.duration_min)
