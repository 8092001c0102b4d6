"""Plan the week around leg day: requests in, valid plans out, every gap explained.

The planner lays every requested session over the athlete's free windows on a 15-minute grid,
states the calendar rules and the readiness engine's answers as a 0/1 problem
(``plan_model.Problem``), lets a solver pick the placements (most sessions first, then the soft
preferences), then asks the engine about every chosen session in order, given the plan before
it. A combination the engine refuses is cut away (lifted to every combination at least as
demanding) and the problem solved again, so every planned session is allowed by the advice at
its own start (readiness.md rule 5), and no valid placement is lost.
"""

from __future__ import annotations

import bisect
import time as clock
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta, tzinfo

from runready.core.model import RunKind, Session, SessionType
from runready.core.plan_explain import describe
from runready.core.plan_gates import Gatekeeper, Need
from runready.core.plan_model import Problem, Solution, Solver
from runready.core.plan_rules import Slot, conflict
from runready.core.plan_values import (
    WEEKDAYS,
    Candidate,
    Layout,
    Plan,
    PlannedSession,
    PlanRequest,
    Window,
)
from runready.core.policies import Policy
from runready.core.policies import policy as policy_named
from runready.core.readiness import LOOKBACK

WEEKEND = (5, 6)
STEP_MIN = 15
MAX_DAYS = 84
#: Objective weights: placing a session outweighs every preference it could cost.
PLACE = 1000
KEEP = 100  # re-planning: a session left where it was
WEEKEND_LONG = 20
ROUND_TIME = 2  # a start on the hour or half hour, when nothing else decides
SPREAD = {1: 30, 2: 8}  # same kind on days this far apart
LEGS_NEAR_QUALITY = {0: 40, 1: 25, 2: 12, 3: 4}  # leg day and quality-run day this far apart
QUALITY_BACK_TO_BACK = 25  # quality runs on consecutive days (a rule only in balanced)
CONTEXT = timedelta(days=4)  # calendar rules reach no further than this
#: At most this many rounds of solving and cutting refused combinations.
MAX_ROUNDS = 60


def history_slot(session: Session, tz: tzinfo) -> Slot:
    """Return a past session as a slot in the plan's time zone ``tz``."""
    return Slot.of(session).local(tz)


def _starts(window: Window, duration: int) -> list[int]:
    last = window.end_min - duration
    starts = list(range(window.start_min, last + 1, STEP_MIN))
    if last >= window.start_min and (not starts or starts[-1] != last):
        starts.append(last)
    return starts


def background(request: PlanRequest) -> list[Session]:
    """Return what the plan builds on: history, fixed sessions and earlier weeks, as sessions."""
    sessions = list(request.history)
    sessions += [f.as_session() for f in request.fixed + request.context]
    return sorted(sessions, key=lambda s: s.start)


def gatekeeper(request: PlanRequest, known_from: datetime | None = None) -> Gatekeeper:
    """Return the engine's gatekeeper for ``request``'s athlete over its background."""
    first = datetime.combine(request.start, time(), request.tz)
    horizon = first - LOOKBACK - timedelta(days=21)
    sessions = [s for s in background(request) if s.start >= horizon]
    if known_from is None and request.history:
        known_from = min(s.start for s in request.history)
    return Gatekeeper(request.athlete, sessions, known_from, planned_from=first)


def _noisy(spans: Sequence[tuple[datetime, datetime]], moment: datetime) -> bool:
    return any(start <= moment < end for start, end in spans)


def _layout(
    request: PlanRequest,
    context: list[Slot],
    gate: Gatekeeper,
    spans: list[tuple[datetime, datetime]],
) -> Layout:
    policy = policy_named(request.athlete.policy)
    layout = Layout(context=context)
    for week in range(request.weeks):
        for index, spec in enumerate(request.sessions):
            blocked = layout.blocked.setdefault((index, week), Counter())
            if request.count(spec, week) == 0:
                continue
            for offset in range(request.week_length(week)):
                day_index = 7 * week + offset
                day = request.day(day_index)
                windows = request.availability[day.weekday()]
                if not any(_starts(w, spec.duration_min) for w in windows):
                    blocked[
                        f"no free window on {WEEKDAYS[day.weekday()]} fits {spec.duration_min} min"
                    ] += 1
                for window in windows:
                    for minute in _starts(window, spec.duration_min):
                        start = datetime.combine(day, time(minute // 60, minute % 60), request.tz)
                        if request.not_before is not None and start < request.not_before:
                            continue
                        session = spec.session(start)
                        slot = Slot.of(session, spec.label)
                        rule = next(
                            (
                                r
                                for c in context
                                if abs(c.start - start) < CONTEXT
                                if (r := conflict(slot, c, policy))
                            ),
                            None,
                        )
                        if rule is None and _noisy(spans, start):
                            rule = gate.refusal(session)
                        if rule is not None:
                            blocked[rule] += 1
                            continue
                        layout.candidates.append(Candidate(index, week, day_index, slot, session))
    return layout


def _engine_pairs(
    request: PlanRequest,
    layout: Layout,
    gate: Gatekeeper,
    spans: list[tuple[datetime, datetime]],
) -> None:
    """Exclude every pair the engine refuses: a later candidate that an earlier one blocks,
    and any candidate that would block a fixed session after it."""
    cands = layout.candidates
    needs = [Need.of(c.session) for c in cands]
    by_need: dict[Need, list[int]] = defaultdict(list)
    for i in sorted(range(len(cands)), key=lambda i: cands[i].start):
        if needs[i].gated:
            by_need[needs[i]].append(i)
    starts = {need: [cands[i].start for i in members] for need, members in by_need.items()}
    fixed = [f.as_session() for f in request.fixed]
    fixed_needs = [Need.of(f) for f in fixed]
    wanted = list(by_need) + [n for n in fixed_needs if n.gated and n not in by_need]
    for i, cand in enumerate(cands):
        if not _gates_others(cand.session):
            continue
        opens = gate.opens(cand.session, wanted, exact=_noisy(spans, cand.start))
        banned: list[int] = []
        for need, members in by_need.items():
            first = bisect.bisect_right(starts[need], cand.start)
            last = bisect.bisect_left(starts[need], opens[need])
            banned += members[first:last]
        if any(
            cand.start < f.start < opens[n] and gate.refusal(f) is None
            for f, n in zip(fixed, fixed_needs, strict=True)
            if n.gated
        ):
            banned.append(i)
        if banned:
            layout.exclusions.append((i, tuple(banned)))
            for j in banned:
                layout.pair_rules[(cand.spec_index, cands[j].spec_index)] += 1


def _gates_others(session: Session) -> bool:
    """Return True for a session that can hold anything after it back (a lift or a run)."""
    return session.type in (SessionType.RUN, SessionType.STRENGTH)


def _problem(
    request: PlanRequest, layout: Layout, no_goods: Sequence[tuple[tuple[int, ...], ...]]
) -> Problem:
    policy = policy_named(request.athlete.policy)
    cands = layout.candidates
    weights = []
    previous = {(p.type, p.kind, p.focus, p.start) for p in request.previous}
    for cand in cands:
        slot = cand.slot
        weight = PLACE + (ROUND_TIME if slot.start.minute % 30 == 0 else 0)
        weight -= _near_context(slot, layout.context)
        if slot.kind is RunKind.LONG and slot.day.weekday() in WEEKEND:
            weight += WEEKEND_LONG
        spec = request.sessions[cand.spec_index]
        if (spec.type, spec.kind, spec.focus, slot.start) in previous:
            weight += KEEP
        weights.append(weight)
    caps = []
    for index, week in sorted(layout.blocked):
        members = tuple(i for i, c in enumerate(cands) if c.spec_index == index and c.week == week)
        caps.append((members, request.count(request.sessions[index], week)))
    by_day: dict[int, list[int]] = defaultdict(list)
    same_type: dict[tuple[SessionType, int], list[int]] = defaultdict(list)
    for i, cand in enumerate(cands):
        by_day[cand.day].append(i)
        same_type[(cand.slot.type, cand.day)].append(i)
    groups: list[tuple[int, ...]] = [tuple(g) for g in same_type.values() if len(g) > 1]
    for on_day in by_day.values():
        for point in sorted({cands[i].slot.start for i in on_day}):
            covering = tuple(i for i in on_day if cands[i].slot.start <= point < cands[i].slot.end)
            if len(covering) > 1:
                groups.append(covering)
    rest = []
    busy = {s.day for s in layout.context}
    for week in range(request.weeks):
        days: list[tuple[int, ...] | None] = []
        for offset in range(request.week_length(week)):
            day_index = 7 * week + offset
            if request.day(day_index) in busy:
                days.append(None)
            else:
                days.append(tuple(by_day.get(day_index, ())))
        rest.append((tuple(days), request.rest_days(week)))
    return Problem(
        size=len(cands),
        weights=tuple(weights),
        at_most_one=tuple(groups + _spacing(cands, policy)),
        caps=tuple(caps),
        exclusions=tuple(layout.exclusions),
        rest=tuple(rest),
        pair_penalties=tuple(_penalties(request, cands)),
        no_goods=tuple(no_goods),
    )


def _spacing(cands: list[Candidate], policy: Policy) -> list[tuple[int, ...]]:
    """Return the calendar spacing rules as cliques: leg sessions apart, quality runs apart."""
    order = sorted(range(len(cands)), key=lambda i: cands[i].slot.start)
    legs = [i for i in order if cands[i].slot.leg]
    gap = timedelta(hours=policy.leg_gap_h)
    cliques = []
    for position, i in enumerate(legs):
        start = cands[i].slot.start
        window = [j for j in legs[position:] if cands[j].slot.start - start < gap]
        if len(window) > 1:
            cliques.append(tuple(window))
    if policy.quality_days_apart > 1:
        quality_days: dict[int, list[int]] = defaultdict(list)
        for i in order:
            if cands[i].slot.quality:
                quality_days[cands[i].day].append(i)
        for day, members in sorted(quality_days.items()):
            near = list(members)
            for ahead in range(1, policy.quality_days_apart):
                near += quality_days.get(day + ahead, [])
            if len(near) > len(members):
                cliques.append(tuple(near))
    return cliques


Penalty = tuple[tuple[int, ...], tuple[int, ...], int]


def _penalties(request: PlanRequest, cands: list[Candidate]) -> Iterable[Penalty]:
    spec_days: dict[tuple[int, int], list[int]] = defaultdict(list)
    leg_days: dict[int, list[int]] = defaultdict(list)
    quality_days: dict[int, list[int]] = defaultdict(list)
    for i, cand in enumerate(cands):
        spec_days[(cand.spec_index, cand.day)].append(i)
        if cand.slot.leg:
            leg_days[cand.day].append(i)
        if cand.slot.quality:
            quality_days[cand.day].append(i)
    for index, spec in enumerate(request.sessions):
        if spec.count < 2:
            continue
        for day in range(request.days):
            for gap, penalty in SPREAD.items():
                a, b = spec_days.get((index, day)), spec_days.get((index, day + gap))
                if a and b and day // 7 == (day + gap) // 7:
                    yield tuple(a), tuple(b), penalty
    for day, legs in sorted(leg_days.items()):
        for gap, penalty in LEGS_NEAR_QUALITY.items():
            for other in sorted({day - gap, day + gap}):
                if quality_days.get(other):
                    yield tuple(legs), tuple(quality_days[other]), penalty
    for day, quality in sorted(quality_days.items()):
        if quality_days.get(day + 1):
            yield tuple(quality), tuple(quality_days[day + 1]), QUALITY_BACK_TO_BACK


def _near_context(slot: Slot, context: Sequence[Slot]) -> int:
    """Return the preference cost of a slot near booked or past sessions (legs vs quality)."""
    cost = 0
    for other in context:
        gap = abs((slot.day - other.day).days)
        if (slot.leg and other.quality) or (slot.quality and other.leg):
            cost += LEGS_NEAR_QUALITY.get(gap, 0)
        if slot.quality and other.quality and gap == 1:
            cost += QUALITY_BACK_TO_BACK
    return cost


def context_slots(request: PlanRequest) -> list[Slot]:
    """Return history and fixed sessions as slots in the plan's time zone."""
    tz = request.tz
    slots = [history_slot(s, tz) for s in request.history]
    slots += [f.slot.local(tz) for f in request.fixed + request.context]
    return sorted(slots, key=lambda s: s.start)


def _refused(
    request: PlanRequest, gate: Gatekeeper, cands: Sequence[Candidate], chosen: Iterable[int]
) -> list[tuple[tuple[int, ...], ...]]:
    """Return a cut for every chosen session (or fixed one) the engine refuses given the plan
    before it: the smallest set of earlier choices it refuses it after, lifted to later starts
    of those and earlier starts of the refused one (at least as demanding)."""
    picked = sorted(chosen, key=lambda i: cands[i].start)
    cuts = []
    items: list[tuple[Session, int | None]] = [(cands[i].session, i) for i in picked]
    first = datetime.combine(request.start, time(), request.tz)
    last = first + timedelta(days=request.days)
    items += [(f.as_session(), None) for f in request.fixed if first <= f.start < last]
    items.sort(key=lambda item: item[0].start)
    for session, index in items:
        before = [i for i in picked if cands[i].start < session.start]
        if gate.refusal(session, [cands[i].session for i in before]) is None:
            continue
        if index is None and gate.refusal(session) is not None:
            continue  # a fixed session the background alone refuses: nothing to move
        involved = _minimal(gate, session, cands, before)
        cuts.append(_lift(cands, involved, index, session.start))
    return cuts


def _minimal(
    gate: Gatekeeper, session: Session, cands: Sequence[Candidate], before: list[int]
) -> list[int]:
    """Return a subset of ``before`` after which the engine still refuses ``session``, with
    no member that could go (deletion filter)."""
    kept = [i for i in before if session.start - cands[i].start <= LOOKBACK]
    for i in list(reversed(kept)):
        trial = [j for j in kept if j != i]
        if gate.refusal(session, [cands[j].session for j in trial]) is not None:
            kept = trial
    return kept


def _lift(
    cands: Sequence[Candidate], involved: list[int], refused: int | None, at: datetime
) -> tuple[tuple[int, ...], ...]:
    groups = []
    latest_end = max((cands[i].slot.end for i in involved), default=at)
    for i in involved:
        cand = cands[i]
        group = [
            j
            for j, other in enumerate(cands)
            if other.spec_index == cand.spec_index
            and other.day == cand.day
            and cand.start <= other.start
            and other.slot.end <= (at if refused is None else cands[refused].start)
        ]
        groups.append(tuple(sorted(set(group) | {i})))
    if refused is not None:
        ref = cands[refused]
        group = [
            j
            for j, other in enumerate(cands)
            if other.spec_index == ref.spec_index
            and other.day == ref.day
            and latest_end <= other.start <= ref.start
        ]
        groups.append(tuple(sorted(set(group) | {refused})))
    return tuple(groups)


def plan(request: PlanRequest, solver: Solver, time_limit_s: float = 10.0) -> Plan:
    """Return the best valid plan, with reasons and explained gaps.

    A one-week request is solved as a whole, to proven optimality within the time limit.
    Longer blocks are solved one week at a time, each week optimal given the weeks before it
    (the weeks only meet at their edges, and a coach plans that way too)."""
    plans = []
    earlier: list[PlannedSession] = []
    budget = time_limit_s / request.weeks
    known_from = min((s.start for s in request.history), default=None)
    for week in range(request.weeks):
        part = replace(
            request,
            start=request.day(7 * week),
            days=request.week_length(week),
            context=request.context + tuple(earlier),
        )
        result = _plan_week(part, solver, budget, known_from)
        earlier += [s for s in result.sessions if not s.fixed]
        plans.append((week, result))
    return Plan(
        sessions=tuple(s for _, p in plans for s in p.sessions),
        unplaced=tuple(replace(u, week=week) for week, p in plans for u in p.unplaced),
        violations=tuple(v for _, p in plans for v in p.violations),
        objective=sum(p.objective for _, p in plans),
        optimal=all(p.optimal for _, p in plans),
    )


def _plan_week(
    request: PlanRequest, solver: Solver, budget: float, known_from: datetime | None
) -> Plan:
    deadline = clock.monotonic() + budget
    context = context_slots(request)
    gate = gatekeeper(request, known_from)
    first = datetime.combine(request.start, time(), request.tz)
    spans = gate.noisy(first)
    layout = _layout(request, context, gate, spans)
    _engine_pairs(request, layout, gate, spans)
    no_goods: list[tuple[tuple[int, ...], ...]] = []
    solution = Solution(frozenset(), 0.0, False)
    for _ in range(MAX_ROUNDS):
        left = max(0.05, deadline - clock.monotonic())
        solution = solver.solve(_problem(request, layout, no_goods), left)
        cuts = _refused(request, gate, layout.candidates, solution.chosen)
        if not cuts:
            break
        no_goods += cuts
    else:
        kept = _drop_refused(gate, layout.candidates, solution.chosen)
        solution = replace(solution, chosen=frozenset(kept), optimal=False)
    return describe(request, layout, context, solution, gate)


def _drop_refused(gate: Gatekeeper, cands: Sequence[Candidate], chosen: Iterable[int]) -> list[int]:
    """Return the chosen sessions minus any the engine refuses (the last resort)."""
    kept: list[int] = []
    for i in sorted(chosen, key=lambda i: cands[i].start):
        if gate.refusal(cands[i].session, [cands[j].session for j in kept]) is None:
            kept.append(i)
    return kept
