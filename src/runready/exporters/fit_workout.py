"""A workout → a FIT workout file (file_id type workout, one workout, its workout_steps).

Durations are timed steps (milliseconds); each target is a heart-rate zone; a repeat is a
``repeat_until_steps_cmplt`` step pointing back at the first step it repeats (FIT profile).
"""

from __future__ import annotations

from datetime import datetime

from runready.core.workout import Repeat, Step, StepKind, Workout
from runready.exporters.fit_encoder import Encoder, fit_time
from runready.importers.fit_profile import FILE_ID, FILE_TYPES, SPORTS

WORKOUT_FILE = next(number for number, name in FILE_TYPES.items() if name == "workout")
WORKOUT, WORKOUT_STEP = 26, 27
DURATION_TIME, REPEAT_UNTIL_STEPS_COMPLETE = 0, 6
TARGET_HEART_RATE = 1
INTENSITY = {
    StepKind.ACTIVE: 0,
    StepKind.WARMUP: 2,
    StepKind.COOLDOWN: 3,
    StepKind.RECOVERY: 4,
    StepKind.INTERVAL: 5,
}
NAME_BYTES = 32  # watches show short names; longer ones are cut
DEVELOPMENT = 255  # manufacturer: development


def _name(text: str) -> bytes:
    """Return ``text`` as UTF-8 that fits the field with its NUL, never cut inside a letter."""
    return text.encode()[: NAME_BYTES - 1].decode(errors="ignore").encode()


def workout_file(workout: Workout, created: datetime) -> bytes:
    """Return the FIT workout file of ``workout``."""
    steps: list[tuple[object, ...]] = []
    for part in workout.parts:
        if isinstance(part, Step):
            steps.append(_timed(part))
            continue
        first = len(steps)
        steps.extend(_timed(step) for step in part.steps)
        steps.append(_repeat(part, first))
    enc = Encoder()
    enc.define(0, FILE_ID, "0:enum 1:uint16 2:uint16 3:uint32z 4:uint32")
    enc.write(0, WORKOUT_FILE, DEVELOPMENT, 1, 1, fit_time(created))
    enc.define(1, WORKOUT, f"4:enum 6:uint16 8:string[{NAME_BYTES}]")
    enc.write(1, SPORTS.index("running"), len(steps), _name(workout.name))
    enc.define(
        2,
        WORKOUT_STEP,
        f"254:uint16 0:string[{NAME_BYTES}] 1:enum 2:uint32 3:enum 4:uint32 7:enum",
    )
    for index, values in enumerate(steps):
        enc.write(2, index, *values)
    return enc.finish()


def _timed(step: Step) -> tuple[object, ...]:
    return (
        _name(step.name),
        DURATION_TIME,
        step.duration_min * 60_000,
        TARGET_HEART_RATE,
        step.hr_zone,
        INTENSITY[step.kind],
    )


def _repeat(part: Repeat, first: int) -> tuple[object, ...]:
    return (None, REPEAT_UNTIL_STEPS_COMPLETE, first, None, part.times, None)
