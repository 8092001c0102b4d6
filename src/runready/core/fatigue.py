"""Load over time: fitness/fatigue/form, ACWR, monotony/strain, run loads.

Per-muscle residual fatigue is the readiness engine's (``core.readiness``)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from runready.core.load import srpe_load
from runready.core.model import Session, SessionType

#: Fitness and fatigue time constants in days (clarke_skiba2013; the 42/7 PMC convention).
CTL_DAYS = 42.0
ATL_DAYS = 7.0
#: EWMA spans for ACWR (williams2017): lambda = 2 / (N + 1).
ACWR_ACUTE_DAYS = 7
ACWR_CHRONIC_DAYS = 28
#: Days of history needed before ACWR is reported (evidence §3.7).
ACWR_MIN_DAYS = 28  # williams2017
#: Load older than this is left out of fitness, fatigue and strain: after 420 days a session
#: weighs less than e^-10 of its load in the 42-day fitness, and strain looks back 52 weeks.
LOAD_HISTORY = timedelta(days=420)


def daily_loads(sessions: Iterable[Session], at: datetime) -> dict[date, float]:
    """Return session-RPE load per local calendar day (in ``at``'s offset), up to ``at``."""
    tz = at.tzinfo
    loads: dict[date, float] = {}
    for session in sessions:
        if session.start > at:
            continue
        day = session.start.astimezone(tz).date()
        loads[day] = loads.get(day, 0.0) + srpe_load(session)
    return loads


def day_series(loads: dict[date, float], first: date, last: date) -> list[float]:
    """Return one load per day from ``first`` to ``last`` inclusive, rest days as 0."""
    days = (last - first).days + 1
    return [loads.get(first + timedelta(days=i), 0.0) for i in range(max(days, 0))]


@dataclass(frozen=True, slots=True)
class Form:
    """Fitness (CTL), fatigue (ATL) and form (TSB), in daily session-RPE load units."""

    ctl: float
    atl: float
    tsb: float


def fitness_fatigue(series: Sequence[float]) -> Form:
    """Return CTL/ATL after the last day of ``series`` and TSB from the day before.

    The recursion of ``fitness_fatigue_series`` without keeping every day: advice runs it on
    years of history at every ask, where building a Form per day costs ten times as much."""
    fit_decay = math.exp(-1.0 / CTL_DAYS)
    fat_decay = math.exp(-1.0 / ATL_DAYS)
    ctl = atl = prev_ctl = prev_atl = 0.0
    for load in series:
        prev_ctl, prev_atl = ctl, atl
        ctl = ctl * fit_decay + load * (1.0 - fit_decay)
        atl = atl * fat_decay + load * (1.0 - fat_decay)
    return Form(ctl=ctl, atl=atl, tsb=prev_ctl - prev_atl)


def acwr(series: Sequence[float]) -> float | None:
    """Return the EWMA acute:chronic workload ratio, or None with under 28 days or no load."""
    if len(series) < ACWR_MIN_DAYS:
        return None
    acute_l = 2.0 / (ACWR_ACUTE_DAYS + 1)
    chronic_l = 2.0 / (ACWR_CHRONIC_DAYS + 1)
    acute = chronic = series[0]
    for load in series[1:]:
        acute = acute_l * load + (1 - acute_l) * acute
        chronic = chronic_l * load + (1 - chronic_l) * chronic
    if chronic <= 0:
        return None
    return acute / chronic


def monotony_strain(week: Sequence[float]) -> tuple[float | None, float]:
    """Return Foster's monotony (mean/SD, None when SD is 0) and strain (load x monotony)."""
    count = len(week)
    if count < 2:
        return None, 0.0
    total = math.fsum(week)
    mean = total / count
    # Population SD, computed directly: statistics.pstdev works in exact fractions and this
    # runs once a week of history.
    spread = math.sqrt(math.fsum((load - mean) ** 2 for load in week) / count)
    if spread <= 1e-9 * max(1.0, mean):
        return None, 0.0
    monotony = mean / spread
    return monotony, total * monotony


def weekly_strains(series: Sequence[float], weeks: int) -> list[float]:
    """Return strain of the ``weeks`` whole 7-day blocks before the last 7 days, newest first."""
    strains = []
    for index in range(1, weeks + 1):
        end = len(series) - 7 * index
        if end - 7 < 0:
            break
        strains.append(monotony_strain(series[end - 7 : end])[1])
    return strains


def runs(sessions: Iterable[Session]) -> list[Session]:
    """Return the runs among ``sessions``."""
    return [s for s in sessions if s.type is SessionType.RUN]


def run_km(sessions: Iterable[Session], start: datetime, end: datetime) -> float:
    """Return the running distance of runs starting in ``(start, end]``."""
    return sum(s.distance_km or 0.0 for s in runs(sessions) if start < s.start <= end)


def longest_run_km(sessions: Iterable[Session], before: datetime, days: int = 30) -> float | None:
    """Return the longest run in the ``days`` before ``before``, or None without runs."""
    start = before - timedelta(days=days)
    distances = [
        s.distance_km for s in runs(sessions) if s.distance_km and start <= s.start < before
    ]
    return max(distances) if distances else None


def spike_ratio(distance_km: float, longest_km: float) -> float:
    """Return the single-run spike, distance / longest - 1 (frandsen2025), rounded to 1e-9."""
    return round(distance_km / longest_km - 1.0, 9)


def training_streak(sessions: Iterable[Session], at: datetime) -> int:
    """Return how many consecutive days up to today or yesterday each held a counted session.

    A session counts when its RPE is at least 3, or when its RPE is unknown and it is not a walk
    or yoga (rules.md, no_rest_day)."""
    tz = at.tzinfo
    today = at.astimezone(tz).date()
    days: set[date] = set()
    for session in sessions:
        if session.start > at:
            continue
        counted = (
            (session.rpe >= 3)
            if session.rpe is not None
            else session.type not in (SessionType.WALK, SessionType.YOGA)
        )
        if counted:
            days.add(session.start.astimezone(tz).date())
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def efficiency(session: Session) -> float | None:
    """Return metres per minute per beat of a run with distance and heart rate (pace at HR)."""
    if not (session.distance_km and session.avg_hr_bpm and session.duration_min):
        return None
    return session.distance_km * 1000.0 / session.duration_min / session.avg_hr_bpm


def fitness_fatigue_series(series: Sequence[float]) -> list[Form]:
    """Return CTL, ATL and TSB for every day of ``series``.

    Recursive exponential form: X_t = X_(t-1) e^(-1/tau) + w_t (1 - e^(-1/tau)), so both read in
    daily-load units (clarke_skiba2013; 42/7-day convention); TSB is yesterday's CTL - ATL."""
    fit_decay = math.exp(-1.0 / CTL_DAYS)
    fat_decay = math.exp(-1.0 / ATL_DAYS)
    ctl = atl = 0.0
    days = []
    for load in series:
        tsb = ctl - atl
        ctl = ctl * fit_decay + load * (1.0 - fit_decay)
        atl = atl * fat_decay + load * (1.0 - fat_decay)
        days.append(Form(ctl=ctl, atl=atl, tsb=tsb))
    return days
