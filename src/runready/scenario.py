"""The scenario file format (YAML or JSON) ↔ core objects, with strict, path-named errors.

See shared/design/scenario-format.md. Every unknown key is an error except the top-level
``expect`` block, which holds test expectations and is checked by :func:`unmet_expectations`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from runready.core.errors import InvalidInput
from runready.core.model import (
    Athlete,
    CheckIn,
    Exercise,
    ExerciseSet,
    Feel,
    Focus,
    Goal,
    Intensity,
    IntentItem,
    Pain,
    PolicyName,
    Region,
    RunKind,
    Scenario,
    Session,
    SessionType,
    Sex,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
E = TypeVar("E", bound=Enum)
T = TypeVar("T")

_TOP = {"now", "athlete", "history", "checkins", "intent", "expect"}
_ATHLETE = {"goal", "policy", "sex", "age", "hr_max", "hr_rest", "lifting_experience_months"}
_SESSION = {
    "type",
    "start",
    "duration_min",
    "rpe",
    "focus",
    "exercises",
    "kind",
    "distance_km",
    "avg_hr",
    "elevation_loss_m",
    "name",
}
_EXERCISE = {"name", "sets"}
_SET = {"reps", "weight_kg", "rpe", "rir", "duration_s"}
_CHECKIN = {"at", "soreness", "sleep_h", "feel", "pain"}
_INTENT = {"type", "start", "kind", "duration_min", "distance_km", "focus", "rpe", "exercises"}
_EARLIEST_KEY = re.compile(r"earliest_(recovery|easy|moderate|hard)_not_(before|after)")


def load_scenario(path: Path) -> tuple[Scenario, dict[str, Any]]:
    """Read a scenario file; return the scenario and its ``expect`` block (empty if none)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidInput(str(path), f"cannot read the file ({exc.strerror})") from exc
    if size > MAX_FILE_BYTES:
        raise InvalidInput(str(path), f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(str(path), f"cannot read the file as UTF-8 text ({exc})") from exc
    return parse_scenario(text, json_only=path.suffix.lower() == ".json")


def parse_scenario(text: str, json_only: bool = False) -> tuple[Scenario, dict[str, Any]]:
    """Parse scenario text (YAML, which includes JSON); return the scenario and ``expect``."""
    data = _load_text(text, json_only)
    obj = _mapping(data, "", _TOP)
    expect = obj.get("expect") or {}
    if not isinstance(expect, Mapping):
        raise InvalidInput("expect", "must be a mapping")
    if "now" not in obj:
        raise InvalidInput("now", "is required")
    now = _datetime(obj["now"], "now")
    scenario = _wrap(
        "",
        lambda: Scenario(
            now=now,
            athlete=_athlete(obj.get("athlete") or {}),
            history=tuple(
                _session(item, f"history[{i}]")
                for i, item in enumerate(_list(obj.get("history"), "history"))
            ),
            checkins=tuple(
                _checkin(item, f"checkins[{i}]")
                for i, item in enumerate(_list(obj.get("checkins"), "checkins"))
            ),
            intent=_intent(obj.get("intent")),
        ),
    )
    return scenario, dict(expect)


def _load_text(text: str, json_only: bool) -> Any:
    if json_only:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                "", f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from exc
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "cannot parse"
        raise InvalidInput("", f"not valid YAML{where}: {problem}") from exc


def _wrap(path: str, build: Callable[[], T]) -> T:
    """Build a core value; prefix its own validation errors with the field path."""
    try:
        return build()
    except InvalidInput as exc:
        if path and not exc.field.startswith(path):
            raise InvalidInput(f"{path}.{exc.field}", exc.problem) from exc
        raise


def _mapping(value: Any, path: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput(path or "scenario", f"must be a mapping, got {_kind(value)}")
    for key in value:
        if not isinstance(key, str) or key not in allowed:
            where = f"{path}.{key}" if path else str(key)
            raise InvalidInput(
                where, f"unknown field; expected one of: {', '.join(sorted(allowed))}"
            )
    return dict(value)


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInput(path, f"must be a list, got {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


def _number(
    value: Any,
    path: str,
    low: float | None = None,
    high: float | None = None,
    integer: bool = False,
) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(path, f"must be a number, got {_kind(value)} {value!r}")
    if not math.isfinite(value):
        raise InvalidInput(path, f"must be a finite number, got {value}")
    if integer and value != int(value):
        raise InvalidInput(path, f"must be a whole number, got {value}")
    if low is not None and value < low:
        raise InvalidInput(path, f"must be at least {low:g}, got {value:g}")
    if high is not None and value > high:
        raise InvalidInput(path, f"must be at most {high:g}, got {value:g}")
    return float(value)


def _int(value: Any, path: str, low: float, high: float) -> int | None:
    number = _number(value, path, low, high, integer=True)
    return int(number) if number is not None else None


def _enum(cls: type[E], value: Any, path: str) -> E | None:
    if value is None:
        return None
    try:
        return cls(value)
    except ValueError:
        choices = " | ".join(member.value for member in cls)
        raise InvalidInput(path, f"unknown value {value!r}; expected {choices}") from None


def _datetime(value: Any, path: str) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        raise InvalidInput(path, "needs a time and a UTC offset, e.g. 2026-11-21T18:00+01:00")
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(path, f"not an ISO 8601 date-time: {value!r}") from None
    else:
        raise InvalidInput(path, f"must be an ISO 8601 date-time, got {_kind(value)}")
    if moment.utcoffset() is None:
        raise InvalidInput(path, "needs a UTC offset, e.g. 2026-11-21T18:00+01:00")
    return moment


def _athlete(value: Any) -> Athlete:
    obj = _mapping(value, "athlete", _ATHLETE)
    return _wrap(
        "athlete",
        lambda: Athlete(
            goal=_enum(Goal, obj.get("goal"), "athlete.goal") or Goal.GENERAL,
            policy=_enum(PolicyName, obj.get("policy"), "athlete.policy") or PolicyName.BALANCED,
            sex=_enum(Sex, obj.get("sex"), "athlete.sex"),
            age_years=_int(obj.get("age"), "athlete.age", 5, 120),
            hr_max_bpm=_int(obj.get("hr_max"), "athlete.hr_max", 80, 250),
            hr_rest_bpm=_int(obj.get("hr_rest"), "athlete.hr_rest", 20, 150),
            lifting_experience_months=_number(
                obj.get("lifting_experience_months"), "athlete.lifting_experience_months", 0, 1200
            ),
        ),
    )


def _exercises(value: Any, path: str) -> tuple[Exercise, ...]:
    result = []
    for i, item in enumerate(_list(value, path)):
        where = f"{path}[{i}]"
        obj = _mapping(item, where, _EXERCISE)
        name = obj.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput(f"{where}.name", "is required and must be text")
        sets = []
        for j, raw in enumerate(_list(obj.get("sets"), f"{where}.sets")):
            at = f"{where}.sets[{j}]"
            row = _mapping(raw, at, _SET)
            sets.append(
                _wrap(
                    at,
                    partial(
                        ExerciseSet,
                        reps=_int(row.get("reps"), f"{at}.reps", 0, 1000),
                        weight_kg=_number(row.get("weight_kg"), f"{at}.weight_kg", 0, 1000),
                        rpe=_number(row.get("rpe"), f"{at}.rpe", 0, 10),
                        rir=_number(row.get("rir"), f"{at}.rir", 0, 50),
                        duration_s=_number(row.get("duration_s"), f"{at}.duration_s", 0, 86400),
                    ),
                )
            )
        result.append(Exercise(name=name.strip(), sets=tuple(sets)))
    return tuple(result)


def _session(value: Any, path: str) -> Session:
    obj = _mapping(value, path, _SESSION)
    for key in ("type", "start", "duration_min"):
        if key not in obj:
            raise InvalidInput(f"{path}.{key}", "is required")
    kind = _enum(SessionType, obj["type"], f"{path}.type")
    assert kind is not None
    if kind is not SessionType.STRENGTH:
        for key in ("exercises", "focus"):
            if key in obj:
                raise InvalidInput(
                    f"{path}.{key}", f"is only valid for strength sessions, not {kind.value}"
                )
    if kind is not SessionType.RUN and "kind" in obj:
        raise InvalidInput(f"{path}.kind", f"is only valid for runs, not {kind.value}")
    name = obj.get("name")
    if name is not None and not isinstance(name, str):
        raise InvalidInput(f"{path}.name", "must be text")
    return _wrap(
        path,
        lambda: Session(
            type=kind,
            start=_datetime(obj["start"], f"{path}.start"),
            duration_min=_number(obj["duration_min"], f"{path}.duration_min", 0, 10080) or 0.0,
            rpe=_number(obj.get("rpe"), f"{path}.rpe", 0, 10),
            focus=_enum(Focus, obj.get("focus"), f"{path}.focus"),
            exercises=_exercises(obj.get("exercises"), f"{path}.exercises"),
            kind=_enum(RunKind, obj.get("kind"), f"{path}.kind"),
            distance_km=_number(obj.get("distance_km"), f"{path}.distance_km", 0, 2000),
            avg_hr_bpm=_number(obj.get("avg_hr"), f"{path}.avg_hr", 20, 250),
            elevation_loss_m=_number(
                obj.get("elevation_loss_m"), f"{path}.elevation_loss_m", 0, 20000
            ),
            name=name,
        ),
    )


def _soreness(value: Any, path: str) -> dict[Region, float] | float | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        result = {}
        for key, level in value.items():
            region = _enum(Region, key, f"{path}.{key}")
            assert region is not None
            result[region] = _number(level, f"{path}.{key}", 0, 10) or 0.0
        return result
    return _number(value, path, 0, 10)


def _checkin(value: Any, path: str) -> CheckIn:
    obj = _mapping(value, path, _CHECKIN)
    if "at" not in obj:
        raise InvalidInput(f"{path}.at", "is required")
    return _wrap(
        path,
        lambda: CheckIn.of(
            at=_datetime(obj["at"], f"{path}.at"),
            soreness=_soreness(obj.get("soreness"), f"{path}.soreness"),
            sleep_h=_number(obj.get("sleep_h"), f"{path}.sleep_h", 0, 24),
            feel=_enum(Feel, obj.get("feel"), f"{path}.feel"),
            pain=_enum(Pain, obj.get("pain"), f"{path}.pain") or Pain.NONE,
        ),
    )


def _intent(value: Any) -> tuple[IntentItem, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    result = []
    for i, item in enumerate(items):
        path = f"intent[{i}]" if isinstance(value, list) else "intent"
        obj = _mapping(item, path, _INTENT)
        if "type" not in obj:
            raise InvalidInput(f"{path}.type", "is required")
        kind = _enum(SessionType, obj["type"], f"{path}.type")
        assert kind is not None
        result.append(
            _wrap(
                path,
                partial(
                    IntentItem,
                    type=kind,
                    start=_datetime(obj["start"], f"{path}.start") if "start" in obj else None,
                    kind=_enum(RunKind, obj.get("kind"), f"{path}.kind"),
                    duration_min=_number(obj.get("duration_min"), f"{path}.duration_min", 0, 10080),
                    distance_km=_number(obj.get("distance_km"), f"{path}.distance_km", 0, 2000),
                    focus=_enum(Focus, obj.get("focus"), f"{path}.focus"),
                    rpe=_number(obj.get("rpe"), f"{path}.rpe", 0, 10),
                    exercises=_exercises(obj.get("exercises"), f"{path}.exercises"),
                ),
            )
        )
    return tuple(result)


def unmet_expectations(advice: Mapping[str, Any], expect: Mapping[str, Any]) -> list[str]:
    """Return a line per ``expect`` key that the advice does not satisfy (empty: all hold)."""
    problems: list[str] = []
    run = advice.get("run") or {}
    level = Intensity.parse(run.get("max_intensity", "none"))
    for key, wanted in expect.items():
        if key == "error":
            problems.append(f"expected an error containing {wanted!r}, got advice")
        elif key == "verdict":
            if advice.get("verdict") not in wanted:
                problems.append(f"verdict {advice.get('verdict')!r} not in {wanted}")
        elif key == "max_intensity_at_most":
            if level > Intensity.parse(wanted):
                problems.append(f"max intensity {level.label} above {wanted}")
        elif key == "max_intensity_at_least":
            if level < Intensity.parse(wanted):
                problems.append(f"max intensity {level.label} below {wanted}")
        elif key == "order_first":
            first = (advice.get("order") or {}).get("first")
            if first != wanted:
                problems.append(f"order.first {first!r}, expected {wanted!r}")
        elif key.startswith("earliest_"):
            problems += _earliest_problem(advice, key, wanted)
        elif key.endswith(("_include", "_exclude")):
            problems += _membership_problem(advice, key, wanted)
        else:
            problems.append(f"unknown expectation {key!r}")
    return problems


def _earliest_problem(advice: Mapping[str, Any], key: str, wanted: Any) -> list[str]:
    match = _EARLIEST_KEY.fullmatch(key)
    if match is None:
        return [f"unknown expectation {key!r}"]
    level = match.group(1)
    limit = _datetime(wanted, f"expect.{key}")
    raw = (advice.get("earliest") or {}).get(level)
    if raw is None:
        return [f"earliest {level} is null, expected a time ({key} {limit.isoformat()})"]
    moment = datetime.fromisoformat(raw)
    if key.endswith("not_before") and moment < limit:
        return [f"earliest {level} {raw} is before {limit.isoformat()}"]
    if key.endswith("not_after") and moment > limit:
        return [f"earliest {level} {raw} is after {limit.isoformat()}"]
    return []


def _membership_problem(advice: Mapping[str, Any], key: str, wanted: Any) -> list[str]:
    field, mode = key.rsplit("_", 1)
    values = advice.get(field)
    if values is None:
        return [f"unknown expectation {key!r}"]
    codes = {v["code"] if isinstance(v, Mapping) else v for v in values}
    if mode == "include":
        missing = [w for w in wanted if w not in codes]
        return [f"{field} lacks {missing} (has {sorted(codes)})"] if missing else []
    present = [w for w in wanted if w in codes]
    return [f"{field} has {present}, expected none of them"] if present else []
