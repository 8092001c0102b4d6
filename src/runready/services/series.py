"""Time series for the trends page: fitness/fatigue/form per day, running and lifting per week."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from runready.core.fatigue import LOAD_HISTORY, daily_loads, day_series, fitness_fatigue_series
from runready.core.load import strength_profile
from runready.core.model import SessionType
from runready.services.advising import scenario_at
from runready.storage.database import Database
from runready.storage.records import AthleteId


def series(
    db: Database, athlete_id: AthleteId, at: datetime, days: int = 180
) -> dict[str, list[Any]]:
    """Return daily CTL/ATL/TSB/load and weekly km/sets over the last ``days`` days.

    ``days`` is at most the load history kept (420 days); fitness before the window still
    counts, as it builds up from the first stored session.
    """
    days = min(days, LOAD_HISTORY.days)
    scenario = scenario_at(db, athlete_id, at)
    history = scenario.history
    today = at.date()
    loads = daily_loads(history, at)
    start = today - timedelta(days=days - 1)
    first = min(min(loads, default=today), start)  # fitness builds up from the first session
    first = max(first, today - LOAD_HISTORY.days * timedelta(days=1))
    full = day_series(loads, first, today)
    forms = fitness_fatigue_series(full)
    skip = (start - first).days
    dates = [first + timedelta(days=i) for i in range(len(full))][skip:]
    weeks: dict[date, dict[str, float]] = {}
    monday = start - timedelta(days=start.weekday())
    week = monday
    while week <= today:
        weeks[week] = {"run_km": 0.0, "sets": 0.0, "load": 0.0}
        week += timedelta(days=7)
    for session in history:
        day = session.start.astimezone(at.tzinfo).date()
        key = day - timedelta(days=day.weekday())
        if day < start or key not in weeks:
            continue
        if session.type is SessionType.RUN:
            weeks[key]["run_km"] += session.distance_km or 0.0
        if session.type is SessionType.STRENGTH:
            weeks[key]["sets"] += strength_profile(session).sets
    for day, load in zip(dates, full[skip:], strict=True):
        weeks[day - timedelta(days=day.weekday())]["load"] += load
    return {
        "days": [d.isoformat() for d in dates],
        "load": [round(x, 1) for x in full[skip:]],
        "ctl": [round(f.ctl, 1) for f in forms[skip:]],
        "atl": [round(f.atl, 1) for f in forms[skip:]],
        "tsb": [round(f.tsb, 1) for f in forms[skip:]],
        "weeks": [w.isoformat() for w in weeks],
        "run_km": [round(v["run_km"], 1) for v in weeks.values()],
        "sets": [round(v["sets"], 1) for v in weeks.values()],
        "weekly_load": [round(v["load"]) for v in weeks.values()],
    }
