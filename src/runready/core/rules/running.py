"""Running load: distance spikes (R12) and the weekly ramp (R13)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from runready.core.fatigue import longest_run_km, run_km, runs, spike_ratio
from runready.core.findings import Level, Warning
from runready.core.model import IntentItem, Session, SessionType
from runready.core.rules.registry import because
from runready.core.vocabulary import WarningCode

SPIKE_LEVELS = ((1.00, Level.STRONG), (0.30, Level.WARNING), (0.10, Level.CAUTION))  # R12
SPIKE_WINDOW_DAYS = 30  # frandsen2025
RECENT_RUN = timedelta(days=7)  # a last run older than this is not checked for a spike
RAMP_LIMIT = 1.30  # R13 (nielsen2014)


def distance_spike(
    history: Sequence[Session], intent: Sequence[IntentItem], now: datetime
) -> Warning | None:
    """Return a warning when the planned (or last) run is over 1.10x the 30-day longest (R12)."""
    planned = next(
        (item for item in intent if item.type is SessionType.RUN and item.distance_km), None
    )
    if planned is not None:
        moment = max(planned.start or now, now)
        distance, what = planned.distance_km or 0.0, "planned run"
    else:
        recent = [
            r
            for r in runs(history)
            if r.distance_km and r.start <= now and now - r.start <= RECENT_RUN
        ]
        if not recent:
            return None
        last = max(recent, key=lambda r: r.start)
        distance, moment, what = last.distance_km or 0.0, last.start, "last run"
    longest = longest_run_km(history, moment, SPIKE_WINDOW_DAYS)
    if not longest:
        return None
    spike = spike_ratio(distance, longest)
    level = next((lvl for limit, lvl in SPIKE_LEVELS if spike > limit), None)
    if level is None:
        return None
    advice = {
        Level.CAUTION: "keep the pace easy",
        Level.WARNING: "consider shortening it",
        Level.STRONG: "shorten it: the injury risk more than doubles",
    }[level]
    reason = because(
        "R12",
        f"The {what} ({distance:g} km) is {spike:.0%} longer than your "
        f"longest run of the previous 30 days ({longest:g} km): {advice}.",
        distance_km=distance,
        longest_30d_km=longest,
        spike=round(spike, 3),
    )
    return Warning(WarningCode.DISTANCE_SPIKE, level, reason)


def weekly_ramp(history: Sequence[Session], now: datetime) -> Warning | None:
    """Return a warning when the last 7 days ran over 1.30x the 7 days two weeks before (R13)."""
    recent = run_km(history, now - timedelta(days=7), now)
    before = run_km(history, now - timedelta(days=21), now - timedelta(days=14))
    if before <= 0 or recent <= RAMP_LIMIT * before + 1e-9:
        return None
    ratio = recent / before
    reason = because(
        "R13",
        f"You ran {recent:.1f} km in the last 7 days, {ratio - 1:.0%} more "
        f"than the 7 days two weeks earlier ({before:.1f} km): hold the volume "
        "for a week.",
        last_7d_km=round(recent, 2),
        two_weeks_before_km=round(before, 2),
        ratio=round(ratio, 3),
    )
    return Warning(WarningCode.WEEKLY_RAMP, Level.CAUTION, reason)
