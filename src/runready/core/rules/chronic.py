"""Chronic load: rest days, strain (R22), declining performance (R23) and ACWR (R14)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import datetime, timedelta

from runready.core.fatigue import efficiency, monotony_strain, runs, training_streak, weekly_strains
from runready.core.findings import Level, Reason, Warning
from runready.core.model import Session
from runready.core.rules.registry import because
from runready.core.vocabulary import WarningCode

NO_REST_DAYS = 10  # rules.md, R22 (runready_heuristic)
STRAIN_MIN_WEEKS = 8  # R22: needs 8 weeks of data
STRAIN_WEEKS = 52  # foster1998: thresholds are individual; a year of weeks sets them
DECLINE = 0.05  # R23: pace at HR 5 % worse
DECLINE_WINDOW = timedelta(days=14)  # R23: over 2 weeks (meeusen2013)
DECLINE_BASELINE = timedelta(days=42)  # runready_heuristic
DECLINE_MIN_RUNS = 2  # runready_heuristic


def no_rest_day(history: Sequence[Session], now: datetime) -> Warning | None:
    """Return a warning after 10 or more consecutive training days."""
    streak = training_streak(history, now)
    if streak < NO_REST_DAYS:
        return None
    reason = because(
        "R22",
        f"{streak} days in a row with training: plan a rest day or a very easy one.",
        consecutive_days=streak,
        limit=NO_REST_DAYS,
    )
    return Warning(WarningCode.NO_REST_DAY, Level.CAUTION, reason)


def high_strain(series: Sequence[float]) -> Warning | None:
    """Return a warning when this week's strain is above the athlete's own 90th percentile."""
    past = weekly_strains(series, STRAIN_WEEKS)
    if len(past) < STRAIN_MIN_WEEKS:
        return None
    monotony, strain = monotony_strain(series[-7:])
    threshold = statistics.quantiles(past, n=10, method="inclusive")[-1]
    if strain <= threshold or strain <= 0:
        return None
    reason = because(
        "R22",
        f"This week's strain ({strain:.0f}) is above your own 90th "
        f"percentile ({threshold:.0f}) over the last {len(past)} weeks: add an easy "
        "or rest day.",
        strain=round(strain),
        p90=round(threshold),
        monotony=round(monotony, 2) if monotony else None,
        weeks=len(past),
    )
    return Warning(WarningCode.HIGH_STRAIN, Level.CAUTION, reason)


def performance_decline(
    history: Sequence[Session], series: Sequence[float], now: datetime
) -> Warning | None:
    """Return a warning when pace at heart rate fell 5 % over 2+ weeks without less load."""
    recent_start = now - DECLINE_WINDOW
    base_start = recent_start - DECLINE_BASELINE
    recent, base = [], []
    for run in runs(history):
        value = efficiency(run)
        if value is None or run.start > now:
            continue
        if run.start > recent_start:
            recent.append(value)
        elif run.start > base_start:
            base.append(value)
    if len(recent) < DECLINE_MIN_RUNS or len(base) < DECLINE_MIN_RUNS:
        return None
    change = statistics.fmean(recent) / statistics.fmean(base) - 1.0
    days_recent = int(DECLINE_WINDOW.days)
    days_base = int(DECLINE_BASELINE.days)
    load_recent = statistics.fmean(series[-days_recent:]) if len(series) >= days_recent else 0
    window = series[-(days_recent + days_base) : -days_recent]
    load_base = statistics.fmean(window) if window else 0.0
    if change > -DECLINE or load_recent < load_base:
        return None
    reason = because(
        "R23",
        f"Your pace at a given heart rate is {-change:.0%} worse over the last "
        "2 weeks while your load has not dropped: take an easier week; if mood, "
        "sleep or health also suffer, see a professional.",
        efficiency_change=round(change, 3),
        load_recent=round(load_recent),
        load_baseline=round(load_base),
    )
    return Warning(WarningCode.PERFORMANCE_DECLINE, Level.CAUTION, reason)


def acwr_note(value: float | None) -> Reason | None:
    """Return the display-only note on ACWR (R14)."""
    if value is None:
        return None
    return because(
        "R14",
        f"Acute:chronic workload ratio {value:.2f}, shown as a trend only: it "
        "never changes the advice.",
        acwr=round(value, 2),
    )
