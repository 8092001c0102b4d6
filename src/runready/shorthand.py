"""Small text languages shared by the command line and the web forms: times, intents, exercises."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from runready.core.errors import InvalidInput
from runready.core.model import (
    Exercise,
    ExerciseSet,
    Focus,
    IntentItem,
    RunKind,
    SessionType,
    check_year,
)
from runready.core.plan_values import SessionSpec

_RELATIVE = re.compile(r"^-(\d+(?:\.\d+)?)\s*(m|min|h|d)$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_EXERCISE = re.compile(
    r"^(?P<name>.+?)\s+(?P<sets>\d+)\s*x\s*(?P<reps>\d+)"
    r"(?:\s*@\s*(?P<weight>\d+(?:\.\d+)?)\s*(?P<unit>kg|kgs|lb|lbs)?)?"
    r"(?:\s+rpe\s*(?P<rpe>\d+(?:\.\d+)?))?$",
    re.IGNORECASE,
)
LB_TO_KG = 0.45359237


def moment(text: str, now: datetime, tz: tzinfo, field: str = "--at") -> datetime:
    """Read a moment: ISO 8601 (offset optional), HH:MM today, or -90m / -2h / -1d ago."""
    value = text.strip()
    relative = _RELATIVE.match(value)
    if relative:
        amount, unit = float(relative.group(1)), relative.group(2)
        minutes = amount * {"m": 1, "min": 1, "h": 60, "d": 1440}[unit]
        return now - timedelta(minutes=minutes)
    clock = _CLOCK.match(value)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour > 23 or minute > 59:
            raise InvalidInput(field, f"not a time of day: {text!r}")
        return datetime.combine(now.astimezone(tz).date(), time(hour, minute), tz)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            field, f"not a time: {text!r} (use 2026-11-21T18:00, 18:00 or -2h)"
        ) from None
    check_year(parsed, field)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=tz)


def day(text: str, tz: tzinfo, field: str = "--since") -> datetime:
    """Read a date (start of that day) or a date-time."""
    try:
        parsed = datetime.combine(date.fromisoformat(text.strip()), time(0), tz)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(text.strip())
        except ValueError:
            raise InvalidInput(field, f"not a date: {text!r} (use 2026-11-01)") from None
    check_year(parsed, field)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=tz)


def intent(text: str, now: datetime, tz: tzinfo) -> IntentItem:
    """Read an intent: KIND[:MINUTES[:KM]][@TIME], KIND a run kind, run, strength or a focus."""
    body, _, when = text.strip().lower().partition("@")
    start = moment(when, now, tz, "--intent") if when else None
    parts = body.split(":")
    head = parts[0].strip()
    try:
        minutes = float(parts[1]) if len(parts) > 1 and parts[1] else None
        km = float(parts[2]) if len(parts) > 2 and parts[2] else None
    except ValueError:
        raise InvalidInput("--intent", f"minutes and km must be numbers in {text!r}") from None
    if len(parts) > 3:
        raise InvalidInput("--intent", f"too many parts in {text!r} (KIND:MINUTES:KM)")
    kinds = {kind.value: kind for kind in RunKind}
    if head in kinds or head == "run":
        return IntentItem(
            SessionType.RUN, start=start, kind=kinds.get(head), duration_min=minutes, distance_km=km
        )
    focuses = {focus.value: focus for focus in Focus}
    if head in focuses or head == "strength":
        return IntentItem(
            SessionType.STRENGTH, start=start, focus=focuses.get(head), duration_min=minutes
        )
    types = {t.value: t for t in SessionType}
    if head in types:
        return IntentItem(types[head], start=start, duration_min=minutes, distance_km=km)
    choices = ", ".join([*kinds, "run", *focuses, "strength", "walk", "cycle", "swim", "yoga"])
    raise InvalidInput("--intent", f"unknown {head!r}; use one of: {choices}")


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def run(text: str, now: datetime, tz: tzinfo, field: str) -> IntentItem:
    """Read a run to ask about: "[DAY] [HH:MM] KIND [MINUTES]", e.g. "thu 18:00 intervals 45"
    or "intervals 45"; DAY is a weekday (the next one, today included), today or tomorrow."""
    words = text.strip().lower().split()
    local = now.astimezone(tz)
    day = None
    if words and (words[0] in _WEEKDAYS or words[0] in ("today", "tomorrow")):
        head = words.pop(0)
        ahead = {"today": 0, "tomorrow": 1}.get(head)
        if ahead is None:
            ahead = (_WEEKDAYS.index(head) - local.weekday()) % 7
        day = local.date() + timedelta(days=ahead)
    clock = _CLOCK.match(words[0]) if words else None
    at = None
    if clock:
        words.pop(0)
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour > 23 or minute > 59:
            raise InvalidInput(field, f"not a time of day in {text!r}")
        at = datetime.combine(day or local.date(), time(hour, minute), tz)
        if day is None and at <= local:
            at += timedelta(days=1)
        elif day is not None and at <= local:
            at += timedelta(days=7)
    elif day is not None:
        raise InvalidInput(field, f"give the time after the day, as in 'thu 18:00', in {text!r}")
    kinds = {kind.value: kind for kind in RunKind}
    if not words or words[0] not in kinds:
        raise InvalidInput(
            field, f"name the run in {text!r}: one of {', '.join(kinds)} (e.g. intervals 45)"
        )
    kind = kinds[words.pop(0)]
    minutes = None
    if words:
        try:
            minutes = float(words.pop(0).removesuffix("min"))
        except ValueError:
            raise InvalidInput(field, f"the minutes must be a number in {text!r}") from None
    if words:
        raise InvalidInput(field, f"unexpected {' '.join(words)!r} in {text!r}")
    return IntentItem(SessionType.RUN, start=at, kind=kind, duration_min=minutes)


def exercise(text: str, default_unit: str = "kg", field: str = "--exercise") -> Exercise:
    """Read exercise shorthand like "Squat 5x5@100", "Bench Press 3x8@135lb rpe 8"."""
    match = _EXERCISE.match(text.strip())
    if match is None:
        raise InvalidInput(
            field,
            f"cannot read {text!r}; write NAME SETSxREPS[@WEIGHT]"
            "[kg|lb][ rpe N], e.g. 'Squat 5x5@100'",
        )
    unit = (match.group("unit") or default_unit).lower()
    weight = float(match.group("weight")) if match.group("weight") else None
    if weight is not None and unit.startswith("lb"):
        weight = round(weight * LB_TO_KG, 2)
    rpe = float(match.group("rpe")) if match.group("rpe") else None
    count = int(match.group("sets"))
    if not 1 <= count <= 50:
        raise InvalidInput(field, f"{count} sets is not plausible in {text!r}")
    item = ExerciseSet(reps=int(match.group("reps")), weight_kg=weight, rpe=rpe)
    return Exercise(match.group("name").strip(), (item,) * count)


_TEMPLATE = re.compile(r"^(?P<what>[a-z_]+):(?P<count>\d+)x(?P<minutes>\d+)$")


def template_item(text: str) -> SessionSpec:
    """Read a template item like "legs:2x60", "intervals:1x45", "long:1x90" or "walk:2x30"."""
    match = _TEMPLATE.match(text.strip().lower())
    if match is None:
        raise InvalidInput(
            "template", f"cannot read {text!r}; write KIND:COUNTxMINUTES, e.g. legs:2x60"
        )
    what, count, minutes = (
        match.group("what"),
        int(match.group("count")),
        int(match.group("minutes")),
    )
    if not 0 <= count <= 14 or not 5 <= minutes <= 720:
        raise InvalidInput("template", f"{text!r}: count 0-14 and 5-720 minutes")
    kinds = {kind.value: kind for kind in RunKind}
    focuses = {focus.value: focus for focus in Focus}
    if what in kinds or what == "run":
        return SessionSpec(SessionType.RUN, count, minutes, kind=kinds.get(what, RunKind.EASY))
    if what in focuses or what == "strength":
        return SessionSpec(
            SessionType.STRENGTH, count, minutes, focus=focuses.get(what, Focus.FULL)
        )
    types = {t.value: t for t in SessionType}
    if what in types:
        return SessionSpec(types[what], count, minutes)
    raise InvalidInput("template", f"unknown kind {what!r} in {text!r}")
