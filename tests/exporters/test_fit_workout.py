"""FIT workout files decode in fitdecode (CRC checked) with the planned steps."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import fitdecode
from hypothesis import given, settings
from hypothesis import strategies as st

from runready.core.model import RunKind
from runready.core.workout import Repeat, workout_for
from runready.exporters.fit_workout import workout_file

CREATED = datetime(2026, 12, 3, 20, 0, tzinfo=UTC)


def decoded(data: bytes) -> list[tuple[str, dict[str, Any]]]:
    """Return every data message as (name, fields), reading with the CRC checked."""
    found = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                found.append((frame.name, {f.name: f.value for f in frame.fields}))
    return found


def test_an_intervals_workout_decodes_with_its_steps_zones_and_repeat():
    data = workout_file(workout_for(RunKind.INTERVALS, 45, "Intervals run 45 min"), CREATED)
    messages = decoded(data)
    (file_id,) = [m for n, m in messages if n == "file_id"]
    assert file_id["type"] == "workout" and file_id["time_created"] == CREATED
    (workout,) = [m for n, m in messages if n == "workout"]
    assert workout["sport"] == "running" and workout["wkt_name"] == "Intervals run 45 min"
    steps = [m for n, m in messages if n == "workout_step"]
    assert workout["num_valid_steps"] == len(steps) == 5
    shown = [
        (s["intensity"], s.get("duration_time"), s.get("target_hr_zone"))
        for s in steps
        if s["intensity"]
    ]
    assert shown == [
        ("warmup", 900.0, 1),
        ("interval", 180.0, 5),
        ("recovery", 120.0, 1),
        ("cooldown", 600.0, 1),
    ]
    repeat = steps[3]
    assert repeat["duration_type"] == "repeat_until_steps_cmplt"
    assert (repeat["duration_step"], repeat["repeat_steps"]) == (1, 4)


@settings(max_examples=40)
@given(st.sampled_from(list(RunKind)), st.integers(min_value=1, max_value=240))
def test_every_workout_file_adds_up_to_the_planned_minutes(kind: RunKind, minutes: int):
    workout = workout_for(kind, minutes, f"{kind.value} {minutes} min")
    steps = [m for n, m in decoded(workout_file(workout, CREATED)) if n == "workout_step"]
    total_s = 0.0
    for index, step in enumerate(steps):
        if step["duration_type"] == "repeat_until_steps_cmplt":
            block = steps[step["duration_step"] : index]
            total_s += (step["repeat_steps"] - 1) * sum(s["duration_time"] for s in block)
        else:
            total_s += step["duration_time"]
    assert total_s == minutes * 60
    repeats = [p for p in workout.parts if isinstance(p, Repeat)]
    assert len(repeats) == sum(s["duration_type"] == "repeat_until_steps_cmplt" for s in steps)


def test_a_long_name_is_cut_to_fit_without_breaking_a_letter():
    data = workout_file(workout_for(RunKind.EASY, 40, "Lauf " + "ä" * 40), CREATED)
    (workout,) = [m for n, m in decoded(data) if n == "workout"]
    assert workout["wkt_name"].startswith("Lauf ää") and len(workout["wkt_name"].encode()) <= 31
