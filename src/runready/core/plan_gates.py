"""The planner's questions to the readiness engine: may this session start here, after those?

The planner has no spacing rules of its own for recovery: every candidate is asked of the same
engine the advice uses (readiness.md rule 5). Three kinds of question keep that fast:
- ``refusal``: is this session allowed at its start, after exactly these sessions? (exact)
- ``opens``: after this one session (and the quiet background), from when is each kind of
  session allowed? (pairs of candidates; translation-invariant, so cached by time of day)
- ``noisy``: while does the background itself still gate anything? (there, pairs are exact)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from runready.core.dose import Doses, is_leg_session
from runready.core.model import Athlete, Intensity, Session, SessionType, required_intensity
from runready.core.policies import policy as policy_named
from runready.core.readiness import (
    LOOKBACK,
    Limits,
    Readiness,
    assess,
    lift_first_on_shared_day,
)
from runready.core.rules.checkin import end_of_day

#: An answer further away than this means "not within the plan".
NEVER = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class Need:
    """What a session needs from the engine: a run level and length, or a free leg gate."""

    level: Intensity | None
    minutes: float | None
    legs: bool

    @classmethod
    def of(cls, session: Session) -> Need:
        """Return what ``session`` needs to be allowed at its start."""
        if session.type is SessionType.RUN:
            level = required_intensity(
                session.type, session.run_intensity, session.kind, session.duration_min
            )
            return cls(level, session.duration_min, False)
        return cls(None, None, is_leg_session(session))

    @property
    def gated(self) -> bool:
        """Return True when the engine has anything to say about such a session."""
        return self.level is not None or self.legs


class Gatekeeper:
    """One athlete's engine, asked about planned sessions over a fixed background."""

    def __init__(
        self,
        athlete: Athlete,
        background: Sequence[Session],
        known_from: datetime | None,
        planned_from: datetime,
        multiplier: float = 1.0,
    ) -> None:
        self.athlete = athlete
        self.policy = policy_named(athlete.policy)
        self.background = sorted(background, key=lambda s: s.start)
        self.known_from = known_from
        self.planned_from = planned_from
        self.multiplier = multiplier
        self._templates: dict[tuple[object, ...], dict[Need, timedelta]] = {}
        self.calls = 0

    def _ready(
        self, sessions: Sequence[Session], now: datetime, optimistic: bool, shared_day: bool = True
    ) -> Readiness:
        self.calls += 1
        recent = [s for s in sessions if now - LOOKBACK <= s.start <= now]
        doses = Doses(
            recent,
            self.athlete,
            known_from=self.known_from,
            planned_from=self.planned_from if optimistic else None,
        )
        return assess(
            doses, recent, self.athlete, self.policy, None, now, self.multiplier, shared_day
        )

    def _before(self, moment: datetime) -> list[Session]:
        return [s for s in self.background if s.start < moment]

    def refusal(self, session: Session, chosen: Sequence[Session] = ()) -> str | None:
        """Return why the engine refuses ``session`` at its start after the background and
        ``chosen`` (those that start before it count), or None when it is allowed."""
        need = Need.of(session)
        if not need.gated:
            return None
        now = session.start
        before = self._before(now) + [s for s in chosen if s.start < now]
        ready = self._ready(before, now, optimistic=False)
        return _refusal(ready, need, now)

    def opens(self, first: Session, needs: Sequence[Need], exact: bool) -> dict[Need, datetime]:
        """Return, for each need, the first moment from ``first``'s start on at which it is met
        after ``first`` (optimistic novelty: other planned sessions may make it familiar).

        With ``exact`` the background counts; otherwise the answer is a cached offset of the
        session alone, which is the same wherever the background is quiet, plus the one
        calendar gate (legs after a run wait for tomorrow)."""
        if exact:
            return self._opens(self._before(first.start) + [first], first.start, needs, True)
        key = (first.type, first.kind, first.focus, first.duration_min, first.rpe)
        offsets = self._templates.get(key)
        if offsets is None or any(n not in offsets for n in needs):
            found = self._opens([first], first.start, needs, False)
            offsets = {need: moment - first.start for need, moment in found.items()}
            self._templates[key] = {**self._templates.get(key, {}), **offsets}
        answer = {need: first.start + offsets[need] for need in needs}
        if first.type is SessionType.RUN and lift_first_on_shared_day(self.policy, self.athlete):
            tomorrow = end_of_day(first.start, first.start)
            for need in needs:
                if need.legs:
                    answer[need] = max(answer[need], tomorrow)
        return answer

    def _opens(
        self, sessions: Sequence[Session], now: datetime, needs: Sequence[Need], shared_day: bool
    ) -> dict[Need, datetime]:
        ready = self._ready(sessions, now, optimistic=True, shared_day=shared_day)
        runs = Limits(ready.run_gates, now)
        legs = Limits(ready.leg_gates, now)
        found = {}
        for need in needs:
            if need.legs:
                moment, _ = legs.earliest(Intensity.HARD, now)
            elif need.level is not None:
                moment, _ = runs.earliest(need.level, now, need.minutes)
            else:
                moment = now
            found[need] = moment if moment is not None else now + NEVER
        return found

    def noisy(self, start: datetime) -> list[tuple[datetime, datetime]]:
        """Return the intervals from ``start`` on in which the background still gates."""
        spans = []
        ready = self._ready(self._before(start), start, optimistic=False)
        end = _last_end(ready, start)
        if end > start:
            spans.append((start, end))
        for session in self.background:
            if session.start >= start:
                ready = self._ready(self._before(session.start) + [session], session.start, False)
                spans.append((session.start, max(session.end, _last_end(ready, session.start))))
        return spans


def _last_end(ready: Readiness, now: datetime) -> datetime:
    ends = [g.end or now + NEVER for g in ready.run_gates + ready.leg_gates]
    return max(ends, default=now)


def _refusal(ready: Readiness, need: Need, now: datetime) -> str | None:
    """Return the engine's refusal in words without moments, so the same reason counts once."""
    if need.legs:
        holding = [g for g in ready.leg_gates if g.active_at(now)]
        if not holding:
            return None
        return f"the advice holds hard leg sessions back here ({holding[0].reason.rule})"
    if need.level is None:
        return None
    limits = Limits(ready.run_gates, now)
    if limits.fits(now, need.level, need.minutes):
        return None
    cap, duration, binding = limits.at(now)
    rule = f" ({binding[0].reason.rule})" if binding else ""
    if cap is Intensity.NONE:
        return f"the advice allows no run here{rule}"
    limit = f", up to {duration:g} min" if duration else ""
    return f"the advice allows {cap.label} running at most{limit} here{rule}"
