"""Plan the week around leg day: requests in, valid plans out, every gap explained.

The planner lays every requested session over the athlete's free windows on a 15-minute grid,
states the rules of plan-format.md as a 0/1 problem (``plan_model.Problem``), lets a solver pick
the placements (most sessions first, then the soft preferences), and explains in plain words
each session it could not place.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo

from runready.core.model import Athlete, Focus, PolicyName, RunKind, Session, SessionType
from runready.core.plan_model import Problem, Solution, Solver
from runready.core.plan_rules import LEG_GAP, Slot, conflict, is_leg_focus

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
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
CONTEXT = timedelta(days=4)  # history and fixed sessions this close to a slot can constrain it
#: Planned leg sessions count as hard leg sessions (plan-format.md); RPE 8 says so to the advisor.
PLANNED_LEG_RPE = 8.0


@dataclass(frozen=True, slots=True)
class Window:
    """A free time window of a weekday, in minutes from midnight."""

    start_min: int
    end_min: int

    def __str__(self) -> str:
        return (
            f"{self.start_min // 60:02d}:{self.start_min % 60:02d}-"
            f"{self.end_min // 60:02d}:{self.end_min % 60:02d}"
        )


@dataclass(frozen=True, slots=True)
class SessionSpec:
    """Sessions of one kind to place each week."""

    type: SessionType
    count: int
    duration_min: int
    kind: RunKind | None = None
    focus: Focus | None = None

    @property
    def label(self) -> str:
        """Return a short human name ("legs", "intervals run", "walk")."""
        if self.type is SessionType.STRENGTH:
            focus = self.focus or Focus.FULL
            return {Focus.LEGS: "leg", Focus.UPPER: "upper-body"}.get(focus, "full-body") + (
                " strength"
            )
        if self.type is SessionType.RUN:
            return f"{(self.kind or RunKind.EASY).value} run"
        return self.type.value

    def slot(self, start: datetime) -> Slot:
        """Return this session placed at ``start``."""
        return Slot(
            self.type,
            start,
            start + timedelta(minutes=self.duration_min),
            kind=self.kind if self.type is SessionType.RUN else None,
            focus=self.focus,
            leg=self.type is SessionType.STRENGTH and is_leg_focus(self.focus),
            label=self.label,
        )


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """A session in the plan."""

    type: SessionType
    start: datetime
    duration_min: int
    kind: RunKind | None = None
    focus: Focus | None = None
    reasons: tuple[str, ...] = ()
    fixed: bool = False

    @property
    def spec(self) -> SessionSpec:
        """Return the session's kind as a spec of one."""
        return SessionSpec(self.type, 1, self.duration_min, self.kind, self.focus)

    @property
    def slot(self) -> Slot:
        """Return the session as a slot for the spacing rules."""
        return self.spec.slot(self.start)

    def as_session(self) -> Session:
        """Return the session as if done as planned (leg sessions count as hard: RPE 8)."""
        rpe = PLANNED_LEG_RPE if self.slot.leg else None
        return Session(
            self.type,
            self.start,
            float(self.duration_min),
            rpe=rpe,
            focus=self.focus,
            kind=self.kind,
        )

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape of plan-format.md."""
        data: dict[str, object] = {"type": self.type.value}
        if self.focus is not None:
            data["focus"] = self.focus.value
        if self.kind is not None:
            data["kind"] = self.kind.value
        data.update(
            start=self.start.isoformat(timespec="minutes"),
            duration_min=self.duration_min,
            reasons=list(self.reasons),
        )
        if self.fixed:
            data["fixed"] = True
        return data


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A requested session that no valid plan could hold, and why."""

    spec: SessionSpec
    week: int
    reason: str

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape of plan-format.md."""
        data: dict[str, object] = {"type": self.spec.type.value}
        if self.spec.focus is not None:
            data["focus"] = self.spec.focus.value
        if self.spec.kind is not None:
            data["kind"] = self.spec.kind.value
        data.update(duration_min=self.spec.duration_min, week=self.week + 1, reason=self.reason)
        return data


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """Everything the planner needs (plan-format.md, request)."""

    start: date
    tz: tzinfo
    athlete: Athlete
    availability: tuple[tuple[Window, ...], ...]
    sessions: tuple[SessionSpec, ...]
    days: int = 7
    rest_days_min: int = 0
    history: tuple[Session, ...] = ()
    fixed: tuple[PlannedSession, ...] = ()
    previous: tuple[PlannedSession, ...] = ()
    not_before: datetime | None = None
    #: Sessions already decided (earlier weeks of a block) that constrain but are not output.
    context: tuple[PlannedSession, ...] = ()

    @property
    def weeks(self) -> int:
        """Return how many (possibly partial) weeks the request spans."""
        return math.ceil(self.days / 7)

    def week_length(self, week: int) -> int:
        """Return the number of days in ``week``."""
        return min(7, self.days - 7 * week)

    def count(self, spec: SessionSpec, week: int) -> int:
        """Return how many of ``spec`` go into ``week`` (partial weeks get their share)."""
        return math.floor(spec.count * self.week_length(week) / 7 + 0.5)

    def rest_days(self, week: int) -> int:
        """Return the minimum rest days of ``week`` (partial weeks get their share)."""
        return math.floor(self.rest_days_min * self.week_length(week) / 7)

    def day(self, index: int) -> date:
        """Return the date of day ``index`` of the plan."""
        return self.start + timedelta(days=index)


@dataclass(frozen=True, slots=True)
class Plan:
    """The planner's answer (plan-format.md, plan)."""

    sessions: tuple[PlannedSession, ...]
    unplaced: tuple[Unplaced, ...]
    violations: tuple[str, ...]
    objective: float
    optimal: bool

    def as_dict(self) -> dict[str, object]:
        """Return the JSON contract of ``runready plan --json``."""
        return {
            "sessions": [s.as_dict() for s in self.sessions],
            "unplaced": [u.as_dict() for u in self.unplaced],
            "violations": list(self.violations),
            "objective": self.objective,
            "optimal": self.optimal,
        }


@dataclass(slots=True)
class _Candidate:
    spec_index: int
    week: int
    day: int
    slot: Slot


@dataclass(slots=True)
class _Layout:
    candidates: list[_Candidate] = field(default_factory=list)
    blocked: dict[tuple[int, int], Counter[str]] = field(default_factory=dict)
    context: list[Slot] = field(default_factory=list)


def history_slot(session: Session, leg: bool, tz: tzinfo) -> Slot:
    """Return a past session as a slot in the plan's time zone ``tz``.

    A run is quality work by the model's definition (``Session.is_quality_run``): hard by its
    kind or RPE, or longer than ``LONG_RUN_MIN``."""
    return Slot(
        session.type,
        session.start.astimezone(tz),
        session.end.astimezone(tz),
        kind=session.kind,
        focus=session.focus,
        leg=leg,
        label=session.type.value,
        quality_run=session.is_quality_run,
    )


def _starts(window: Window, duration: int) -> list[int]:
    last = window.end_min - duration
    starts = list(range(window.start_min, last + 1, STEP_MIN))
    if last >= window.start_min and (not starts or starts[-1] != last):
        starts.append(last)
    return starts


def _layout(request: PlanRequest, context: list[Slot]) -> _Layout:
    policy = request.athlete.policy
    layout = _Layout(context=context)
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
                        slot = spec.slot(start)
                        rule = next(
                            (
                                r
                                for c in context
                                if abs(c.start - start) < CONTEXT
                                if (r := conflict(slot, c, policy))
                            ),
                            None,
                        )
                        if rule is not None:
                            blocked[rule] += 1
                            continue
                        layout.candidates.append(_Candidate(index, week, day_index, slot))
    return layout


def _problem(request: PlanRequest, layout: _Layout) -> Problem:
    policy = request.athlete.policy
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
    cliques, exclusions = _spacing(cands, policy)
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
        at_most_one=tuple(groups + cliques),
        caps=tuple(caps),
        exclusions=tuple(exclusions),
        rest=tuple(rest),
        pair_penalties=tuple(_penalties(request, cands)),
    )


def _spacing(
    cands: list[_Candidate], policy: PolicyName
) -> tuple[list[tuple[int, ...]], list[tuple[int, tuple[int, ...]]]]:
    """Return the spacing rules as cliques (legs 48 h apart, quality runs on adjacent days) and
    as exclusions from each leg session (the runs it rules out)."""
    order = sorted(range(len(cands)), key=lambda i: cands[i].slot.start)
    legs = [i for i in order if cands[i].slot.leg]
    runs = [i for i in order if cands[i].slot.is_run]
    cliques = []
    for position, i in enumerate(legs):
        start = cands[i].slot.start
        window = [j for j in legs[position:] if cands[j].slot.start - start < LEG_GAP]
        if len(window) > 1:
            cliques.append(tuple(window))
    if policy is PolicyName.BALANCED:
        quality_days: dict[int, list[int]] = defaultdict(list)
        for i in runs:
            if cands[i].slot.quality:
                quality_days[cands[i].day].append(i)
        for day, members in sorted(quality_days.items()):
            both = members + quality_days.get(day + 1, [])
            if len(both) > 1:
                cliques.append(tuple(both))
    exclusions = []
    for i in legs:
        leg = cands[i].slot
        banned = tuple(
            j
            for j in runs
            if abs(cands[j].slot.start - leg.start) < CONTEXT
            and conflict(leg, cands[j].slot, policy) is not None
        )
        if banned:
            exclusions.append((i, banned))
    return cliques, exclusions


Penalty = tuple[tuple[int, ...], tuple[int, ...], int]


def _penalties(request: PlanRequest, cands: list[_Candidate]) -> Iterable[Penalty]:
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
    """Return history and fixed sessions as slots in the plan's time zone (history legs by the
    catalogue)."""
    from runready.core.rules.legs import LegHistory

    legs = LegHistory(request.history, request.athlete)
    tz = request.tz
    slots = [
        history_slot(s, s.type is SessionType.STRENGTH and legs.is_leg(s), tz)
        for s in request.history
    ]
    slots += [f.slot.local(tz) for f in request.fixed + request.context]
    return sorted(slots, key=lambda s: s.start)


def plan(request: PlanRequest, solver: Solver, time_limit_s: float = 10.0) -> Plan:
    """Return the best valid plan, with reasons and explained gaps.

    A one-week request is solved as a whole, to proven optimality within the time limit.
    Longer blocks are solved one week at a time, each week optimal given the weeks before it
    (the weeks only meet at their edges, and a coach plans that way too)."""
    from runready.core.plan_explain import describe

    plans = []
    earlier: list[PlannedSession] = []
    budget = time_limit_s / request.weeks
    for week in range(request.weeks):
        part = replace(
            request,
            start=request.day(7 * week),
            days=request.week_length(week),
            context=request.context + tuple(earlier),
        )
        context = context_slots(part)
        layout = _layout(part, context)
        solution = solver.solve(_problem(part, layout), budget)
        result = describe(part, layout.candidates, layout.blocked, context, solution)
        earlier += [s for s in result.sessions if not s.fixed]
        plans.append((week, result))
    return Plan(
        sessions=tuple(s for _, p in plans for s in p.sessions),
        unplaced=tuple(replace(u, week=week) for week, p in plans for u in p.unplaced),
        violations=tuple(v for _, p in plans for v in p.violations),
        objective=sum(p.objective for _, p in plans),
        optimal=all(p.optimal for _, p in plans),
    )


__all__ = [
    "Plan",
    "PlanRequest",
    "PlannedSession",
    "SessionSpec",
    "Solution",
    "Unplaced",
    "Window",
    "plan",
]
