"""The scenario file format (YAML or JSON) ↔ core objects, with strict, path-named errors.

See shared/design/scenario-format.md, and docs/scenario-outcomes.md for the optional run
feedback, wellness readings and ``athlete.calibrate``. Every unknown key is an error except the
top-level ``expect`` block, which holds test expectations and is checked by
:func:`unmet_expectations`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from runready import fields
from runready.core.errors import InvalidInput
from runready.core.model import (
    CheckIn,
    Feel,
    Focus,
    Intensity,
    IntentItem,
    LegsFelt,
    Pain,
    Region,
    RunFeedback,
    RunKind,
    Scenario,
    SessionType,
    Wellness,
)

_TOP = {"now", "athlete", "history", "checkins", "intent", "feedback", "wellness", "expect"}
_CHECKIN = {"at", "soreness", "sleep_h", "feel", "pain"}
_FEEDBACK = {"run", "legs", "rpe"}
_WELLNESS = {"at", "hrv_rmssd_ms", "hrv_sdnn_ms", "resting_hr", "sleep_h"}
_INTENT = {"type", "start", "kind", "duration_min", "distance_km", "focus", "rpe", "exercises"}
_EARLIEST_KEY = re.compile(r"earliest_(recovery|easy|moderate|hard)_not_(before|after)")


def load_scenario(path: Path) -> tuple[Scenario, dict[str, Any]]:
    """Read a scenario file; return the scenario and its ``expect`` block (empty if none)."""
    return parse_scenario(fields.read_text(path), json_only=path.suffix.lower() == ".json")


def parse_scenario(text: str, json_only: bool = False) -> tuple[Scenario, dict[str, Any]]:
    """Parse scenario text (YAML, which includes JSON); return the scenario and ``expect``."""
    data = fields.load_text(text, json_only)
    obj = fields.mapping(data, "", _TOP)
    expect = obj.get("expect") or {}
    if not isinstance(expect, Mapping):
        raise InvalidInput("expect", "must be a mapping")
    if "now" not in obj:
        raise InvalidInput("now", "is required")
    now = fields.moment(obj["now"], "now")
    scenario = fields.built(
        "",
        lambda: Scenario(
            now=now,
            athlete=fields.athlete(obj.get("athlete") or {}),
            history=tuple(
                fields.session(item, f"history[{i}]")
                for i, item in enumerate(fields.list_of(obj.get("history"), "history"))
            ),
            checkins=tuple(
                checkin(item, f"checkins[{i}]")
                for i, item in enumerate(fields.list_of(obj.get("checkins"), "checkins"))
            ),
            intent=intent_items(obj.get("intent")),
            feedback=tuple(
                feedback(item, f"feedback[{i}]")
                for i, item in enumerate(fields.list_of(obj.get("feedback"), "feedback"))
            ),
            wellness=tuple(
                wellness(item, f"wellness[{i}]")
                for i, item in enumerate(fields.list_of(obj.get("wellness"), "wellness"))
            ),
        ),
    )
    return scenario, dict(expect)


def _soreness(value: Any, path: str) -> dict[Region, float] | float | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        result = {}
        for key, level in value.items():
            region = fields.enum_value(Region, key, f"{path}.{key}")
            assert region is not None
            result[region] = fields.number(level, f"{path}.{key}", 0, 10) or 0.0
        return result
    return fields.number(value, path, 0, 10)


def checkin(value: Any, path: str) -> CheckIn:
    """Read one check-in."""
    obj = fields.mapping(value, path, _CHECKIN)
    if "at" not in obj:
        raise InvalidInput(f"{path}.at", "is required")
    return fields.built(
        path,
        lambda: CheckIn.of(
            at=fields.moment(obj["at"], f"{path}.at"),
            soreness=_soreness(obj.get("soreness"), f"{path}.soreness"),
            sleep_h=fields.number(obj.get("sleep_h"), f"{path}.sleep_h", 0, 24),
            feel=fields.enum_value(Feel, obj.get("feel"), f"{path}.feel"),
            pain=fields.enum_value(Pain, obj.get("pain"), f"{path}.pain") or Pain.NONE,
        ),
    )


def feedback(value: Any, path: str) -> RunFeedback:
    """Read the word after one past run: the run's start, how the legs felt, its RPE."""
    obj = fields.mapping(value, path, _FEEDBACK)
    for key in ("run", "legs"):
        if key not in obj:
            raise InvalidInput(f"{path}.{key}", "is required")
    legs = fields.enum_value(LegsFelt, obj["legs"], f"{path}.legs")
    assert legs is not None
    return fields.built(
        path,
        lambda: RunFeedback(
            run_start=fields.moment(obj["run"], f"{path}.run"),
            legs=legs,
            rpe=fields.number(obj.get("rpe"), f"{path}.rpe", 0, 10),
        ),
    )


def wellness(value: Any, path: str) -> Wellness:
    """Read one morning's whole-body readings."""
    obj = fields.mapping(value, path, _WELLNESS)
    if "at" not in obj:
        raise InvalidInput(f"{path}.at", "is required")
    return fields.built(
        path,
        lambda: Wellness(
            at=fields.moment(obj["at"], f"{path}.at"),
            hrv_rmssd_ms=fields.number(obj.get("hrv_rmssd_ms"), f"{path}.hrv_rmssd_ms", 1, 500),
            hrv_sdnn_ms=fields.number(obj.get("hrv_sdnn_ms"), f"{path}.hrv_sdnn_ms", 1, 500),
            resting_hr_bpm=fields.number(obj.get("resting_hr"), f"{path}.resting_hr", 20, 150),
            sleep_h=fields.number(obj.get("sleep_h"), f"{path}.sleep_h", 0, 24),
        ),
    )


def intent_items(value: Any) -> tuple[IntentItem, ...]:
    """Read the intent: one item or a list of them."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    result = []
    for i, item in enumerate(items):
        path = f"intent[{i}]" if isinstance(value, list) else "intent"
        obj = fields.mapping(item, path, _INTENT)
        if "type" not in obj:
            raise InvalidInput(f"{path}.type", "is required")
        kind = fields.enum_value(SessionType, obj["type"], f"{path}.type")
        assert kind is not None
        result.append(
            fields.built(
                path,
                partial(
                    IntentItem,
                    type=kind,
                    start=fields.moment(obj["start"], f"{path}.start") if "start" in obj else None,
                    kind=fields.enum_value(RunKind, obj.get("kind"), f"{path}.kind"),
                    duration_min=fields.number(
                        obj.get("duration_min"), f"{path}.duration_min", 0, 10080
                    ),
                    distance_km=fields.number(
                        obj.get("distance_km"), f"{path}.distance_km", 0, 2000
                    ),
                    focus=fields.enum_value(Focus, obj.get("focus"), f"{path}.focus"),
                    rpe=fields.number(obj.get("rpe"), f"{path}.rpe", 0, 10),
                    exercises=fields.exercises(obj.get("exercises"), f"{path}.exercises"),
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
    limit = fields.moment(wanted, f"expect.{key}")
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
