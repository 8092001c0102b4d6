"""The planner's values: what a plan request asks for, the plan it gets, and the candidates the
planner weighs on the way. They hold no solving logic (``planner`` does), so the explanation of
a plan can use them without depending on the planner."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from runready.core.dose import loads_legs
from runready.core.findings import Reason, TimeFormat, iso_minutes
from runready.core.model import Athlete, Focus, RunKind, Session, SessionType
from runready.core.plan_rules import Slot

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Planned leg sessions count as standard hard leg sessions (readiness.md, Plans): a set-less
#: leg session at RPE 8 is exactly that to the engine.
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

    @property
    def leg(self) -> bool:
        """Return True for a leg (or full-body) strength session."""
        return self.type is SessionType.STRENGTH and loads_legs(self.focus, ())

    def session(self, start: datetime) -> Session:
        """Return this session as if done at ``start`` (leg sessions as standard: RPE 8)."""
        return Session(
            self.type,
            start,
            float(self.duration_min),
            rpe=PLANNED_LEG_RPE if self.leg else None,
            focus=self.focus,
            kind=self.kind if self.type is SessionType.RUN else None,
        )

    def slot(self, start: datetime) -> Slot:
        """Return this session placed at ``start``."""
        return Slot.of(self.session(start), self.label)


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """A session in the plan."""

    type: SessionType
    start: datetime
    duration_min: int
    kind: RunKind | None = None
    focus: Focus | None = None
    reasons: tuple[Reason, ...] = ()
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
        """Return the session as if done as planned (leg sessions as standard: RPE 8)."""
        return self.spec.session(self.start)

    def as_dict(self, fmt: TimeFormat = iso_minutes) -> dict[str, object]:
        """Return the JSON shape of plan-format.md (``fmt`` renders moments in reasons)."""
        data: dict[str, object] = {"type": self.type.value}
        if self.focus is not None:
            data["focus"] = self.focus.value
        if self.kind is not None:
            data["kind"] = self.kind.value
        data.update(
            start=self.start.isoformat(timespec="minutes"),
            duration_min=self.duration_min,
            reasons=[reason.text(fmt) for reason in self.reasons],
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

    def as_dict(self, fmt: TimeFormat = iso_minutes) -> dict[str, object]:
        """Return the JSON contract of ``runready plan --json``."""
        return {
            "sessions": [s.as_dict(fmt) for s in self.sessions],
            "unplaced": [u.as_dict() for u in self.unplaced],
            "violations": list(self.violations),
            "objective": self.objective,
            "optimal": self.optimal,
        }


@dataclass(slots=True)
class Candidate:
    """A place a requested session could go: which session, week, day and slot."""

    spec_index: int
    week: int
    day: int
    slot: Slot
    session: Session

    @property
    def start(self) -> datetime:
        return self.slot.start


@dataclass(slots=True)
class Layout:
    """The candidates of one week and what the engine and the calendar rules say of them."""

    candidates: list[Candidate] = field(default_factory=list)
    blocked: dict[tuple[int, int], Counter[str]] = field(default_factory=dict)
    context: list[Slot] = field(default_factory=list)
    #: (trigger, banned): the engine refuses each banned candidate after the trigger.
    exclusions: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    #: Why each pair of candidates was excluded, by (trigger label, banned label).
    pair_rules: Counter[tuple[int, int]] = field(default_factory=Counter)
