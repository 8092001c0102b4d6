"""The plan request file format (shared/design/plan-format.md) ↔ core planner values."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta, timezone
from itertools import pairwise
from pathlib import Path
from typing import Any

from runready import fields
from runready.core.errors import InvalidInput
from runready.core.model import Focus, RunKind, SessionType, check_year
from runready.core.plan_values import WEEKDAYS, PlannedSession, PlanRequest, SessionSpec, Window
from runready.core.planner import MAX_DAYS
from runready.core.rules.registry import because

_TOP = {
    "start",
    "days",
    "utc_offset",
    "athlete",
    "history",
    "availability",
    "sessions",
    "rest_days_min",
    "fixed",
    "expect",
}
_SPEC = {"type", "kind", "focus", "count", "duration_min"}
_FIXED = {"type", "kind", "focus", "start", "duration_min"}
_WINDOW = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")
_DASH = re.compile(r"\s*[-\u2013\u2014]\s*")  # "17:30 - 21:00" and "17:30–21:00" are one window
_BETWEEN_WINDOWS = re.compile(r"[,;\s]+")


def load_request(path: Path) -> tuple[PlanRequest, dict[str, Any]]:
    """Read a plan request file; return the request and its ``expect`` block."""
    return parse_request(fields.read_text(path), json_only=path.suffix.lower() == ".json")


def parse_request(text: str, json_only: bool = False) -> tuple[PlanRequest, dict[str, Any]]:
    """Parse request text (YAML or JSON); return the request and its ``expect`` block."""
    obj = fields.mapping(fields.load_text(text, json_only), "", _TOP)
    for key in ("start", "availability", "sessions"):
        if key not in obj:
            raise InvalidInput(key, "is required")
    tz = _offset(obj.get("utc_offset", "+00:00"))
    days = fields.integer(obj.get("days", 7), "days", 1, MAX_DAYS) or 7
    request = fields.built(
        "",
        lambda: PlanRequest(
            start=_date(obj["start"]),
            tz=tz,
            athlete=fields.athlete(obj.get("athlete") or {}),
            availability=_availability(obj["availability"]),
            sessions=tuple(
                spec_of(item, f"sessions[{i}]")
                for i, item in enumerate(fields.list_of(obj["sessions"], "sessions"))
            ),
            days=days,
            rest_days_min=fields.integer(obj.get("rest_days_min", 0), "rest_days_min", 0, 7) or 0,
            history=tuple(
                fields.session(item, f"history[{i}]")
                for i, item in enumerate(fields.list_of(obj.get("history"), "history"))
            ),
            fixed=tuple(
                _fixed(item, f"fixed[{i}]", tz)
                for i, item in enumerate(fields.list_of(obj.get("fixed"), "fixed"))
            ),
        ),
    )
    expect = obj.get("expect") or {}
    if not isinstance(expect, dict):
        raise InvalidInput("expect", "must be a mapping")
    return request, expect


def _date(value: Any) -> date:
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise InvalidInput("start", f"not a date: {value!r} (use 2026-11-23)") from None
    check_year(day, "start")
    return day


def _offset(value: Any) -> timezone:
    match = _OFFSET.match(str(value).strip())
    if match is None:
        raise InvalidInput("utc_offset", f"not an offset: {value!r} (use +01:00)")
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    if delta > timedelta(hours=14) or int(minutes) >= 60:
        raise InvalidInput("utc_offset", f"out of range: {value!r}")
    return timezone(-delta if sign == "-" else delta)


def parse_window(text: Any, path: str) -> Window:
    """Read a free window like "17:30-21:00" (24:00 allowed as an end)."""
    match = _WINDOW.match(str(text).strip())
    if match is None:
        raise InvalidInput(path, f"not a window: {text!r} (use 17:30-21:00)")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if h1 > 23 or m1 > 59 or m2 > 59 or end > 24 * 60:
        raise InvalidInput(path, f"not a time of day in {text!r}")
    if end <= start:
        raise InvalidInput(path, f"the window {text!r} ends before it starts")
    return Window(start, end)


def typed_windows(text: str) -> list[str]:
    """Split one day's free windows as typed: "06:30-08:00 17:30-21:00", or with commas."""
    return [w for w in _BETWEEN_WINDOWS.split(_DASH.sub("-", text.strip())) if w]


def alarm_minutes(text: str) -> list[int]:
    """Return the reminders typed as minutes before an event ("30, 600"); blank means none."""
    parts = [part.strip() for part in re.split(r"[,\s]+", text) if part.strip()]
    try:
        return [int(part) for part in parts]
    except ValueError:
        raise InvalidInput(
            "alarms_min", f"{text!r} is not a list of whole minutes, e.g. 30, 600"
        ) from None


def day_windows(texts: Iterable[Any], path: str) -> tuple[Window, ...]:
    """Read one day's free windows, sorted by start; refuse windows that overlap."""
    windows = sorted(
        (parse_window(text, f"{path}[{i}]") for i, text in enumerate(texts)),
        key=lambda w: w.start_min,
    )
    for a, b in pairwise(windows):
        if b.start_min < a.end_min:
            raise InvalidInput(path, f"windows {a} and {b} overlap")
    return tuple(windows)


def _availability(value: Any) -> tuple[tuple[Window, ...], ...]:
    obj = fields.mapping(value, "availability", set(WEEKDAYS))
    return tuple(
        day_windows(fields.list_of(obj.get(name), f"availability.{name}"), f"availability.{name}")
        for name in WEEKDAYS
    )


def _kind_and_focus(
    obj: dict[str, Any], path: str, kind: SessionType
) -> tuple[RunKind | None, Focus | None]:
    run_kind = fields.enum_value(RunKind, obj.get("kind"), f"{path}.kind")
    focus = fields.enum_value(Focus, obj.get("focus"), f"{path}.focus")
    if run_kind is not None and kind is not SessionType.RUN:
        raise InvalidInput(f"{path}.kind", "is only valid for runs")
    if focus is not None and kind is not SessionType.STRENGTH:
        raise InvalidInput(f"{path}.focus", "is only valid for strength sessions")
    if kind is SessionType.RUN and run_kind is None:
        run_kind = RunKind.EASY
    if kind is SessionType.STRENGTH and focus is None:
        focus = Focus.FULL
    return run_kind, focus


def _type(obj: dict[str, Any], path: str) -> SessionType:
    if "type" not in obj:
        raise InvalidInput(f"{path}.type", "is required")
    found = fields.enum_value(SessionType, obj["type"], f"{path}.type")
    assert found is not None
    return found


def spec_of(value: Any, path: str) -> SessionSpec:
    """Read one weekly template item."""
    obj = fields.mapping(value, path, _SPEC)
    kind = _type(obj, path)
    run_kind, focus = _kind_and_focus(obj, path, kind)
    for key in ("count", "duration_min"):
        if key not in obj:
            raise InvalidInput(f"{path}.{key}", "is required")
    count = fields.integer(obj["count"], f"{path}.count", 0, 14)
    duration = fields.integer(obj["duration_min"], f"{path}.duration_min", 5, 720)
    assert count is not None and duration is not None
    return SessionSpec(kind, count, duration, run_kind, focus)


def _fixed(value: Any, path: str, tz: timezone) -> PlannedSession:
    obj = fields.mapping(value, path, _FIXED)
    kind = _type(obj, path)
    run_kind, focus = _kind_and_focus(obj, path, kind)
    if "start" not in obj:
        raise InvalidInput(f"{path}.start", "is required")
    start = fields.moment(obj["start"], f"{path}.start")
    duration = fields.integer(obj.get("duration_min"), f"{path}.duration_min", 5, 1440)
    if duration is None:
        raise InvalidInput(f"{path}.duration_min", "is required")
    return PlannedSession(
        kind,
        start.astimezone(tz),
        duration,
        run_kind,
        focus,
        (because("PLAN", "booked: fixed in the request"),),
        fixed=True,
    )
