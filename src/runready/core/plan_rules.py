"""The calendar rules of a weekly plan (plan-format.md, rules 1 and 3), as pure functions.

Recovery is not decided here: whether a session may start after others is the readiness
engine's answer (``plan_gates``). What stays are the rules of the calendar itself: one time,
one session; one run and one lift a day; leg sessions apart; quality runs apart (policy data).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from runready.core.dose import is_leg_session
from runready.core.model import Focus, RunKind, Session, SessionType
from runready.core.policies import Policy


@dataclass(frozen=True, slots=True)
class Slot:
    """A session in time, as far as the calendar rules care."""

    type: SessionType
    start: datetime
    end: datetime
    kind: RunKind | None = None
    focus: Focus | None = None
    leg: bool = False
    quality: bool = False
    label: str = ""

    @classmethod
    def of(cls, session: Session, label: str = "") -> Slot:
        """Return a session as a slot: its leg-ness and quality by the one definition each."""
        return cls(
            session.type,
            session.start,
            session.end,
            kind=session.kind,
            focus=session.focus,
            leg=is_leg_session(session),
            quality=session.is_quality_run,
            label=label or session.type.value,
        )

    @property
    def is_run(self) -> bool:
        """Return True for a run."""
        return self.type is SessionType.RUN

    @property
    def is_strength(self) -> bool:
        """Return True for a strength session."""
        return self.type is SessionType.STRENGTH

    @property
    def day(self) -> date:
        """Return the date the session starts on, in the offset of its start (see ``local``)."""
        return self.start.date()

    def local(self, tz: tzinfo) -> Slot:
        """Return the same slot with its times in ``tz``, so that ``day`` is the plan's day."""
        return replace(self, start=self.start.astimezone(tz), end=self.end.astimezone(tz))


def conflict(a: Slot, b: Slot, policy: Policy) -> str | None:
    """Return the calendar rule two sessions break together, or None when they may both be."""
    if a.start < b.end and b.start < a.end:
        return "another session already takes that time"
    if a.day == b.day:
        if a.is_run and b.is_run:
            return "at most one run a day"
        if a.is_strength and b.is_strength:
            return "at most one strength session a day"
        if a.type is b.type:
            return f"at most one {a.type.value} a day"
    if a.leg and b.leg and abs(a.start - b.start) < timedelta(hours=policy.leg_gap_h):
        return f"leg sessions start at least {policy.leg_gap_h:g} h apart"
    if a.quality and b.quality and 0 < abs((a.day - b.day).days) < policy.quality_days_apart:
        return "no quality runs on consecutive days (R10)"
    return None
