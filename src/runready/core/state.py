"""The athlete's training state at a moment: fatigue per muscle, load trends, recent volume."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from runready.core.dose import Doses
from runready.core.fatigue import (
    LOAD_HISTORY,
    acwr,
    daily_loads,
    day_series,
    fitness_fatigue,
    monotony_strain,
    run_km,
)
from runready.core.load import strength_profile
from runready.core.model import Region, Session, SessionType
from runready.core.readiness import LOOKBACK, Readiness, muscle_fatigue
from runready.core.timeline import Timeline


@dataclass(frozen=True, slots=True)
class State:
    """Numbers that describe the athlete now; shown, and used by the warning rules."""

    muscles: dict[Region, float]
    ctl: float
    atl: float
    tsb: float
    acwr: float | None
    monotony: float | None
    strain: float
    run_km_7d: float
    run_km_28d: float
    runs_7d: int
    run_min_7d: float
    strength_sets_7d: float
    strength_sets_28d: float
    hours_since_hard_legs: float | None
    series: tuple[float, ...]
    #: The personal recovery rate the engine used (1.0: the default).
    recovery_multiplier: float = 1.0

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape (rounded for reading)."""
        return {
            "muscles": {region.value: round(value, 2) for region, value in self.muscles.items()},
            "atl": round(self.atl, 1),
            "ctl": round(self.ctl, 1),
            "tsb": round(self.tsb, 1),
            "acwr": round(self.acwr, 2) if self.acwr is not None else None,
            "monotony": round(self.monotony, 2) if self.monotony is not None else None,
            "strain": round(self.strain),
            "run_km_7d": round(self.run_km_7d, 1),
            "run_km_28d": round(self.run_km_28d, 1),
            "strength_sets_7d": round(self.strength_sets_7d, 1),
            "strength_sets_28d": round(self.strength_sets_28d, 1),
            "hours_since_hard_legs": self.hours_since_hard_legs,
            "recovery_multiplier": round(self.recovery_multiplier, 3),
        }


def compute_state(timeline: Timeline, doses: Doses, ready: Readiness) -> State:
    """Return the training state at the timeline's ``now``."""
    now = timeline.now
    loads = daily_loads(timeline.last(LOAD_HISTORY), now)
    today = now.date()
    first = min(loads, default=today)
    series = day_series(loads, first, today)
    form = fitness_fatigue(series)
    monotony, strain = monotony_strain(series[-7:]) if series else (None, 0.0)
    month = timeline.runs_in(timedelta(days=29))
    week = timeline.runs_in(timedelta(days=7))
    strength = [s for s in timeline.last(timedelta(days=29)) if s.type is SessionType.STRENGTH]
    last_hard = max((d.session.end for d in ready.leg_doses), default=None)
    recent = [doses.of(s) for s in timeline.last(LOOKBACK)]
    return State(
        muscles=muscle_fatigue(recent, now, ready.multiplier),
        ctl=form.ctl,
        atl=form.atl,
        tsb=form.tsb,
        acwr=acwr(series),
        monotony=monotony,
        strain=strain,
        run_km_7d=run_km(week, now - timedelta(days=7), now),
        run_km_28d=run_km(month, now - timedelta(days=28), now),
        runs_7d=len(week),
        run_min_7d=sum(s.duration_min for s in week),
        strength_sets_7d=_sets(strength, now, 7),
        strength_sets_28d=_sets(strength, now, 28),
        hours_since_hard_legs=(
            round((now - last_hard).total_seconds() / 3600, 1)
            if last_hard and last_hard <= now
            else None
        ),
        series=tuple(series),
        recovery_multiplier=ready.multiplier,
    )


def _sets(strength: Sequence[Session], now: datetime, days: int) -> float:
    start = now - timedelta(days=days)
    return sum(strength_profile(s).sets for s in strength if start < s.start <= now)
