"""Words and numbers for the pages: verdict labels, countdowns, readable names."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from runready.render import reading_text

VERDICTS = {
    "go": ("Go", "Any run is fine now, up to hard."),
    "easy": ("Easy only", "You may run now, but keep it easy."),
    "wait": ("Wait", "No run yet: later today an easy run is fine."),
    "alternative": ("Not today", "No run today: do something else instead."),
    "rest": ("Rest", "No training now: rest and recover."),
}
#: The one-tap check-in: the soreness (0-10) each button stands for, in the athlete's words.
SORENESS = ((0, "Fresh"), (3, "A bit sore"), (5, "Sore"), (8, "Very sore"))
WORDS = {
    "cycle_easy": "easy cycling",
    "swim_easy": "easy swimming",
    "upper_body": "upper-body strength",
    "treadmill_walk": "treadmill walk",
    "active_recovery": "active recovery (easy movement)",
    "cold_water_immersion": "cold-water immersion",
    "hip_flexors": "hip flexors",
    "lower_back": "lower back",
}


def words(code: str) -> str:
    """Return a code like "cycle_easy" in words."""
    return WORDS.get(code, code.replace("_", " "))


def duration(minutes: float) -> str:
    """Return "2 h 05 min", "45 min" or "now"."""
    total = max(0, round(minutes))
    if total == 0:
        return "now"
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins:02d} min"
    return f"{mins} min"


def countdown(moment: str | datetime | None, now: datetime) -> str:
    """Return how long until ``moment``: "now", "in 3 h 10 min", "tomorrow", "in 2 days".

    A gate that opens at midnight ("no running today") is told in days, not as a run at
    00:00; None means "not within 7 days".
    """
    if moment is None:
        return "not within 7 days"
    at = _local(moment, now)
    if at <= now:
        return "now"
    if _at_midnight(at):
        days = (at.date() - now.date()).days
        return "tomorrow" if days == 1 else f"in {days} days"
    return f"in {duration((at - now).total_seconds() / 60)}"


def clock(moment: str | datetime | None, now: datetime) -> str:
    """Return "today 18:00", "Sun 22 Nov 09:00", "from Sun 22 Nov" or "" (past or unknown)."""
    if moment is None:
        return ""
    at = _local(moment, now)
    if at <= now:
        return ""
    if _at_midnight(at):
        return f"from {at:%a %d %b}"
    if at.date() == now.date():
        return f"today {at:%H:%M}"
    return f"{at:%a %d %b %H:%M}"


def ticking(moment: str | datetime | None, now: datetime) -> bool:
    """Return whether the page should count down to ``moment`` live (minutes, not days)."""
    if moment is None:
        return False
    at = _local(moment, now)
    return at > now and not _at_midnight(at)


def _local(moment: str | datetime, now: datetime | None) -> datetime:
    """Return ``moment`` on the clock of ``now`` (the athlete's zone), as is without one."""
    at = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return at if now is None else at.astimezone(now.tzinfo)


def _at_midnight(at: datetime) -> bool:
    return (at.hour, at.minute, at.second) == (0, 0, 0)


def day_label(moment: str | datetime, now: datetime | None = None) -> str:
    """Return "Mon 23 Nov", on the clock of ``now`` when given (the athlete's zone)."""
    return f"{_local(moment, now):%a %d %b}"


def time_label(moment: str | datetime, now: datetime | None = None) -> str:
    """Return "18:30", on the clock of ``now`` when given (the athlete's zone)."""
    return f"{_local(moment, now):%H:%M}"


FILTERS: dict[str, Any] = {
    "words": words,
    "reading": lambda pair: reading_text(*pair),
    "countdown": countdown,
    "clock": clock,
    "ticking": ticking,
    "day_label": day_label,
    "time_label": time_label,
    "duration": duration,
}
