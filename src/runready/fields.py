"""Strict readers for hand-written input files: every error names the field and the problem.

Shared by the scenario format (scenario.py) and the plan request format (plan_format.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from runready.core import limits
from runready.core.errors import InvalidInput
from runready.core.model import (
    Athlete,
    Exercise,
    ExerciseSet,
    Focus,
    Goal,
    PolicyName,
    RunKind,
    Session,
    SessionType,
    Sex,
    check_year,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
E = TypeVar("E", bound=Enum)
T = TypeVar("T")

ATHLETE_KEYS = {
    "goal",
    "policy",
    "sex",
    "age",
    "hr_max",
    "hr_rest",
    "lifting_experience_months",
    "calibrate",
}
SESSION_KEYS = {
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


def read_text(path: Path) -> str:
    """Read a UTF-8 input file of at most MAX_FILE_BYTES, or fail naming the problem."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidInput(str(path), f"cannot read the file ({exc.strerror})") from exc
    if size > MAX_FILE_BYTES:
        raise InvalidInput(str(path), f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(str(path), f"cannot read the file as UTF-8 text ({exc})") from exc


def load_text(text: str, json_only: bool) -> Any:
    """Parse YAML (which includes JSON), or strict JSON when ``json_only``."""
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


def built(path: str, build: Callable[[], T]) -> T:
    """Build a core value; prefix its own validation errors with the field path."""
    try:
        return build()
    except InvalidInput as exc:
        if path and not exc.field.startswith(path):
            raise InvalidInput(f"{path}.{exc.field}", exc.problem) from exc
        raise


def mapping(value: Any, path: str, allowed: set[str]) -> dict[str, Any]:
    """Return ``value`` as a dict, refusing keys outside ``allowed``."""
    if not isinstance(value, Mapping):
        raise InvalidInput(path or "scenario", f"must be a mapping, got {_kind(value)}")
    for key in value:
        if not isinstance(key, str) or key not in allowed:
            where = f"{path}.{key}" if path else str(key)
            raise InvalidInput(
                where, f"unknown field; expected one of: {', '.join(sorted(allowed))}"
            )
    return dict(value)


def list_of(value: Any, path: str) -> list[Any]:
    """Return ``value`` as a list (None is an empty list)."""
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


def number(
    value: Any,
    path: str,
    low: float | None = None,
    high: float | None = None,
    integer: bool = False,
) -> float | None:
    """Read an optional finite number within [low, high]."""
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


def integer(value: Any, path: str, low: float, high: float) -> int | None:
    """Read an optional whole number within [low, high]."""
    found = number(value, path, low, high, integer=True)
    return int(found) if found is not None else None


def boolean(value: Any, path: str, default: bool) -> bool:
    """Read an optional true/false (``default`` when absent)."""
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidInput(path, f"must be true or false, got {_kind(value)}")
    return value


def enum_value(cls: type[E], value: Any, path: str) -> E | None:
    """Read an optional member of ``cls`` by its value."""
    if value is None:
        return None
    try:
        return cls(value)
    except ValueError:
        choices = " | ".join(member.value for member in cls)
        raise InvalidInput(path, f"unknown value {value!r}; expected {choices}") from None


def moment(value: Any, path: str) -> datetime:
    """Read an ISO 8601 date-time that carries a UTC offset."""
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
    return plausible(moment, path)


def plausible(moment: datetime, path: str) -> datetime:
    """Return ``moment`` when its year is one training could happen in (``check_year``)."""
    check_year(moment, path)
    return moment


def athlete(value: Any) -> Athlete:
    """Read the athlete block."""
    obj = mapping(value, "athlete", ATHLETE_KEYS)
    return built(
        "athlete",
        lambda: Athlete(
            goal=enum_value(Goal, obj.get("goal"), "athlete.goal") or Goal.GENERAL,
            policy=enum_value(PolicyName, obj.get("policy"), "athlete.policy")
            or PolicyName.BALANCED,
            sex=enum_value(Sex, obj.get("sex"), "athlete.sex"),
            age_years=integer(obj.get("age"), "athlete.age", *limits.AGE_YEARS),
            hr_max_bpm=integer(obj.get("hr_max"), "athlete.hr_max", *limits.HR_MAX_BPM),
            hr_rest_bpm=integer(obj.get("hr_rest"), "athlete.hr_rest", *limits.HR_REST_BPM),
            lifting_experience_months=number(
                obj.get("lifting_experience_months"),
                "athlete.lifting_experience_months",
                *limits.LIFTING_EXPERIENCE_MONTHS,
            ),
            calibrate=boolean(obj.get("calibrate"), "athlete.calibrate", True),
        ),
    )


def exercises(value: Any, path: str) -> tuple[Exercise, ...]:
    """Read a list of exercises with their sets."""
    result = []
    for i, item in enumerate(list_of(value, path)):
        where = f"{path}[{i}]"
        obj = mapping(item, where, _EXERCISE)
        name = obj.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput(f"{where}.name", "is required and must be text")
        sets = []
        for j, raw in enumerate(list_of(obj.get("sets"), f"{where}.sets")):
            at = f"{where}.sets[{j}]"
            row = mapping(raw, at, _SET)
            sets.append(
                built(
                    at,
                    partial(
                        ExerciseSet,
                        reps=integer(row.get("reps"), f"{at}.reps", 0, 1000),
                        weight_kg=number(row.get("weight_kg"), f"{at}.weight_kg", 0, 1000),
                        rpe=number(row.get("rpe"), f"{at}.rpe", 0, 10),
                        rir=number(row.get("rir"), f"{at}.rir", 0, 50),
                        duration_s=number(row.get("duration_s"), f"{at}.duration_s", 0, 86400),
                    ),
                )
            )
        result.append(Exercise(name=name.strip(), sets=tuple(sets)))
    return tuple(result)


def session(value: Any, path: str) -> Session:
    """Read one past session."""
    obj = mapping(value, path, SESSION_KEYS)
    for key in ("type", "start", "duration_min"):
        if key not in obj:
            raise InvalidInput(f"{path}.{key}", "is required")
    kind = enum_value(SessionType, obj["type"], f"{path}.type")
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
    return built(
        path,
        lambda: Session(
            type=kind,
            start=moment(obj["start"], f"{path}.start"),
            duration_min=number(obj["duration_min"], f"{path}.duration_min", 0, 10080) or 0.0,
            rpe=number(obj.get("rpe"), f"{path}.rpe", *limits.RPE),
            focus=enum_value(Focus, obj.get("focus"), f"{path}.focus"),
            exercises=exercises(obj.get("exercises"), f"{path}.exercises"),
            kind=enum_value(RunKind, obj.get("kind"), f"{path}.kind"),
            distance_km=number(obj.get("distance_km"), f"{path}.distance_km", *limits.DISTANCE_KM),
            avg_hr_bpm=number(obj.get("avg_hr"), f"{path}.avg_hr", *limits.SESSION_HR_BPM),
            elevation_loss_m=number(
                obj.get("elevation_loss_m"), f"{path}.elevation_loss_m", *limits.ELEVATION_LOSS_M
            ),
            name=name,
        ),
    )
