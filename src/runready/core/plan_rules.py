"""The rules a weekly plan must keep (plan-format.md, validity rule 3), as pure functions.

A ``Slot`` is any session with a time: planned, fixed, or from the athlete's history. The same
``conflict`` function builds the solver's constraints, checks finished plans and explains why a
session could not be placed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from runready.core.model import Focus, PolicyName, RunKind, SessionType
from runready.core.policies import policy

LEG_GAP = timedelta(hours=48)  # plan-format.md rule 3; R6/R10 spacing of leg sessions
LEGS_AFTER_QUALITY = timedelta(hours=24)  # R10
QUALITY_KINDS = frozenset(
    {RunKind.TEMPO, RunKind.INTERVALS, RunKind.HILLS, RunKind.RACE, RunKind.LONG}
)


@dataclass(frozen=True, slots=True)
class Slot:
    """A session in time, as far as the spacing rules care."""

    type: SessionType
    start: datetime
    end: datetime
    kind: RunKind | None = None
    focus: Focus | None = None
    leg: bool = False
    label: str = ""
    #: A run that is quality work whatever its kind (a past run hard by RPE or over 60 min).
    quality_run: bool = False

    @property
    def is_run(self) -> bool:
        """Return True for a run."""
        return self.type is SessionType.RUN

    @property
    def is_strength(self) -> bool:
        """Return True for a strength session."""
        return self.type is SessionType.STRENGTH

    @property
    def quality(self) -> bool:
        """Return True for a quality run (tempo, intervals, hills, race, long, or marked so)."""
        return self.is_run and (self.quality_run or self.kind in QUALITY_KINDS)

    @property
    def day(self) -> date:
        """Return the date the session starts on, in the offset of its start (see ``local``)."""
        return self.start.date()

    def local(self, tz: tzinfo) -> Slot:
        """Return the same slot with its times in ``tz``, so that ``day`` is the plan's day."""
        return replace(self, start=self.start.astimezone(tz), end=self.end.astimezone(tz))


def is_leg_focus(focus: Focus | None) -> bool:
    """Return True when a strength focus counts as a leg session (legs or full body)."""
    return focus in (Focus.LEGS, Focus.FULL)


def conflict(a: Slot, b: Slot, policy: PolicyName) -> str | None:
    """Return the rule two sessions break together, or None when they may both happen."""
    if a.start < b.end and b.start < a.end:
        return "another session already takes that time"
    if a.day == b.day:
        if a.is_run and b.is_run:
            return "at most one run a day"
        if a.is_strength and b.is_strength:
            return "at most one strength session a day"
        if a.type is b.type:
            return f"at most one {a.type.value} a day"
    if a.leg and b.leg and abs(a.start - b.start) < LEG_GAP:
        return "leg sessions start at least 48 h apart"
    if a.leg and b.is_run:
        return _after_legs(a, b, policy)
    if b.leg and a.is_run:
        return _after_legs(b, a, policy)
    if policy is PolicyName.BALANCED and a.quality and b.quality and abs((a.day - b.day).days) == 1:
        return "no quality runs on consecutive days (R10)"
    return None


def _after_legs(legs: Slot, run: Slot, name: PolicyName) -> str | None:
    # The three gates differ in shape, not only in hours; the hours come from Policy.legs.
    gates = policy(name).legs
    easy = timedelta(hours=gates.easy_from_h)
    if name is PolicyName.BALANCED:
        if run.quality:
            hard = timedelta(hours=gates.hard_from_h)
            if run.start >= legs.end + hard or legs.start >= run.end + LEGS_AFTER_QUALITY:
                return None
            if run.start >= legs.start:
                return f"a quality run starts {gates.hard_from_h:g} h after a leg session ends (R5)"
            return "a leg session starts 24 h after a quality run ends (R10)"
        if run.day == legs.day and run.start < legs.end + easy:
            return f"an easy run on a leg day comes {gates.easy_from_h:g} h after the lift (R3)"
        return None
    if name is PolicyName.CONSERVATIVE:
        if legs.end <= run.start < legs.end + easy:
            return f"no running within {gates.easy_from_h:g} h after a leg session (B1)"
        return None
    if run.start >= legs.start and run.start < legs.end + easy:
        return f"runs start {gates.easy_from_h:g} h after a leg session ends (A5)"
    if run.quality and run.day == legs.day + timedelta(days=1):
        return "no quality run on the day after a leg session (A6)"
    return None
