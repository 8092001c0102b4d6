"""Whole-body readings: HRV (R28), resting heart rate (R29) and a synced night's sleep (R20).

They describe systemic state, not the legs: after heavy lifting lnRMSSD was back by 24 h while
jump power and perceived recovery were not (flatt2019). So they can only lower the day's
ceiling, never shorten a leg gate (evidence-dose.md 5.3). Each reading is judged against the
athlete's own baseline, in the way the HRV-guided training studies did (kiviniemi2007,
vesterinen2016, plews2014): a 7-day rolling mean of ln rMSSD against the 60-day mean, with the
smallest worthwhile change (half an SD) as the band. SDNN is a different measure and is never
compared with an rMSSD baseline; it is shown on its own.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from runready.core.evidence import Constant, Tag
from runready.core.findings import Gate, Reason, downgrade
from runready.core.model import CheckIn, Intensity, Wellness
from runready.core.rules.checkin import SHORT_NIGHT_H, end_of_day, latest
from runready.core.rules.registry import because

_V, _P, _H = Tag.VERIFIED, Tag.PARTLY, Tag.HEURISTIC

BASELINE_DAYS = 60
BASELINE_RECENT_DAYS = 28
BASELINE_MIN_VALUES = Constant(
    "baseline_min_values",
    14.0,
    "daily values in the last 28 days",
    _H,
    ("buchheit2014", "plews2014"),
    "a baseline (mean and SD of the last 60 days) needs at least 14 mornings in the last 28",
)
WEEK_DAYS = 7
WEEK_MIN_VALUES = Constant(
    "week_min_values",
    3.0,
    "values in 7 days",
    _V,
    ("plews2014",),
    "a 7-day mean of lnRMSSD from 3 or more mornings matched the full 7-day mean",
)
SWC_SD = Constant(
    "hrv_swc_sd",
    0.5,
    "baseline SD",
    _P,
    ("vesterinen2016", "buchheit2014"),
    "the smallest worthwhile change: moderate or hard sessions only while HRV is within it",
)
DAILY_DAYS = 10
DAILY_MIN_VALUES = 5
DAILY_CUT_SD = Constant(
    "hrv_daily_cut_sd",
    1.0,
    "SD of the last 10 days",
    _V,
    ("kiviniemi2007",),
    "easy or rest when the morning value fell below the 10-day mean minus one SD",
)
RESTING_HR_MIN_RISE = Constant(
    "resting_hr_min_rise",
    5.0,
    "bpm (or one SD, the larger)",
    _H,
    ("buchheit2014", "nuuttila2022_nocturnal"),
    "nocturnal HR is highly reliable (ICC 0.97-0.98); a rise of several beats flags illness "
    "or strain",
)

REGISTER = (BASELINE_MIN_VALUES, WEEK_MIN_VALUES, SWC_SD, DAILY_CUT_SD, RESTING_HR_MIN_RISE)


@dataclass(frozen=True, slots=True)
class Trend:
    """A reading today against the athlete's own: the 7-day mean, the usual level (mean and SD
    of the 60 days before) and the band the rule allows around it."""

    at: datetime
    today: float
    week: float | None = None
    usual: tuple[float, float] | None = None
    band: tuple[float | None, float | None] = (None, None)


@dataclass(frozen=True, slots=True)
class Reading:
    """What one whole-body signal says today: its trend, and the gate it sets (if any)."""

    trend: Trend | None
    gate: Gate | None


def _daily(
    wellness: Sequence[Wellness], value: Callable[[Wellness], float | None], now: datetime
) -> dict[date, tuple[datetime, float]]:
    """Return each day's last reading (in now's offset) up to ``now``."""
    days: dict[date, tuple[datetime, float]] = {}
    for item in sorted(wellness, key=lambda w: w.at):
        number = value(item)
        if number is None or item.at > now:
            continue
        days[item.at.astimezone(now.tzinfo).date()] = (item.at, number)
    return days


def _trend(days: dict[date, tuple[datetime, float]], now: datetime) -> Trend | None:
    today = now.date()
    if today not in days:
        return None
    at, value = days[today]

    def window(first: int, last: int) -> list[float]:
        return [
            days[d][1]
            for offset in range(first, last + 1)
            if (d := today - timedelta(days=offset)) in days
        ]

    week = window(0, WEEK_DAYS - 1)
    base = window(1, BASELINE_DAYS)
    recent = window(1, BASELINE_RECENT_DAYS)
    weekly = statistics.fmean(week) if len(week) >= WEEK_MIN_VALUES.value else None
    if len(recent) < BASELINE_MIN_VALUES.value:
        return Trend(at, value, weekly)
    return Trend(at, value, weekly, (statistics.fmean(base), statistics.stdev(base)))


def hrv(wellness: Sequence[Wellness], now: datetime) -> Reading:
    """Return what HRV says today: quality waits below the band; easy only when today's
    value also fell below the 10-day mean minus one SD (R28)."""
    days = _daily(wellness, lambda w: math.log(w.hrv_rmssd_ms) if w.hrv_rmssd_ms else None, now)
    trend = _trend(days, now)
    if trend is None or trend.week is None or trend.usual is None:
        return Reading(trend, None)
    week, (mean, sd) = trend.week, trend.usual
    low = mean - SWC_SD.value * sd
    trend = replace(trend, band=(low, mean + SWC_SD.value * sd))
    if week >= low:
        return Reading(trend, None)
    today = now.date()
    last = [
        days[d][1]
        for offset in range(1, DAILY_DAYS + 1)
        if (d := today - timedelta(days=offset)) in days
    ]
    cut = None
    if len(last) >= DAILY_MIN_VALUES:
        cut = statistics.fmean(last) - DAILY_CUT_SD.value * statistics.stdev(last)
    values = {
        "rmssd_7d_ms": round(math.exp(week), 1),
        "band_low_ms": round(math.exp(low), 1),
        "rmssd_today_ms": round(math.exp(trend.today), 1),
    }
    if cut is not None and trend.today < cut:
        reason = because(
            "R28",
            "HRV is below your usual range this week ({rmssd_7d_ms} ms against at least "
            "{band_low_ms} ms) and this morning's {rmssd_today_ms} ms is low too: easy running "
            "only today.",
            **values,
        )
        cap = Intensity.EASY
    else:
        reason = because(
            "R28",
            "HRV is below your usual range this week ({rmssd_7d_ms} ms against at least "
            "{band_low_ms} ms): no quality running today.",
            **values,
        )
        cap = Intensity.MODERATE
    return Reading(trend, Gate(cap, trend.at, end_of_day(trend.at, now), reason))


def resting_hr(wellness: Sequence[Wellness], now: datetime) -> Reading:
    """Return what resting HR says today: above baseline + max(1 SD, 5 bpm) over the week,
    no quality running (R29)."""
    trend = _trend(_daily(wellness, lambda w: w.resting_hr_bpm, now), now)
    if trend is None or trend.week is None or trend.usual is None:
        return Reading(trend, None)
    week, (mean, sd) = trend.week, trend.usual
    high = mean + max(sd, RESTING_HR_MIN_RISE.value)
    trend = replace(trend, band=(None, high))
    if week <= high:
        return Reading(trend, None)
    reason = because(
        "R29",
        "Resting heart rate is up this week ({bpm_7d} bpm against your usual {bpm_usual}): no "
        "quality running today; if you feel unwell, rest.",
        bpm_7d=round(week, 1),
        bpm_usual=round(mean, 1),
    )
    return Reading(trend, Gate(Intensity.MODERATE, trend.at, end_of_day(trend.at, now), reason))


def synced_sleep(
    wellness: Sequence[Wellness], checkins: Sequence[CheckIn], now: datetime
) -> tuple[float | None, Gate | None]:
    """Return last night's sleep and, when it was short and no check-in today told it, the
    R20 downgrade (a check-in's own sleep is judged with the check-in: rules/checkin.py)."""
    days = _daily(wellness, lambda w: w.sleep_h, now)
    current = latest(checkins, now)
    told = (
        current is not None
        and current.sleep_h is not None
        and current.at.astimezone(now.tzinfo).date() == now.date()
    )
    if told:
        assert current is not None
        return current.sleep_h, None
    if now.date() not in days:
        return None, None
    at, hours = days[now.date()]
    if hours > SHORT_NIGHT_H:
        return hours, None
    reason: Reason = because(
        "R20",
        f"Your watch recorded {hours:g} h of sleep (6 h or less): today's hardest run is one "
        "level lower.",
        sleep_h=hours,
    )
    return hours, downgrade(at, end_of_day(at, now), reason)
