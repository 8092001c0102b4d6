"""A planned run as a structured workout: warm-up, the work (steps or repeats), cool-down.

Each step carries a duration and a target heart-rate zone (five zones), taken from the run's
kind: the zone of its intensity (scenario-format.md). The shapes are data, one per kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from runready.core.model import RunKind

#: A run shorter than its warm-up, cool-down and this much work is one plain step.
MIN_MAIN_MIN = 5


class StepKind(StrEnum):
    """What a step is for, as watches show it."""

    WARMUP = "warmup"
    ACTIVE = "active"
    INTERVAL = "interval"
    RECOVERY = "recovery"
    COOLDOWN = "cooldown"


@dataclass(frozen=True, slots=True)
class Step:
    """One timed step with its target heart-rate zone (1-5)."""

    name: str
    kind: StepKind
    duration_min: int
    hr_zone: int


@dataclass(frozen=True, slots=True)
class Repeat:
    """Steps done ``times`` times in a row."""

    steps: tuple[Step, ...]
    times: int


@dataclass(frozen=True, slots=True)
class Workout:
    """A named workout: steps and repeats in order."""

    name: str
    parts: tuple[Step | Repeat, ...]

    @property
    def duration_min(self) -> int:
        """Return the workout's total time, repeats counted in full."""
        return sum(
            part.duration_min
            if isinstance(part, Step)
            else part.times * sum(s.duration_min for s in part.steps)
            for part in self.parts
        )


@dataclass(frozen=True, slots=True)
class Shape:
    """How a kind of run is built: warm-up and cool-down minutes, the zone of the work and,
    for repeats, the minutes of each effort and each recovery jog."""

    warmup_min: int
    cooldown_min: int
    zone: int
    effort_min: int | None = None
    recovery_min: int | None = None


SHAPES: dict[RunKind, Shape] = {
    RunKind.RECOVERY: Shape(0, 0, 1),
    RunKind.EASY: Shape(10, 5, 2),
    RunKind.STEADY: Shape(10, 5, 3),
    RunKind.LONG: Shape(10, 5, 2),
    RunKind.TEMPO: Shape(15, 10, 4),
    RunKind.INTERVALS: Shape(15, 10, 5, effort_min=3, recovery_min=2),
    RunKind.HILLS: Shape(15, 10, 5, effort_min=1, recovery_min=2),
    RunKind.RACE: Shape(15, 5, 4),
}
WARMUP_ZONE = COOLDOWN_ZONE = RECOVERY_ZONE = 1


def workout_for(kind: RunKind, duration_min: int, name: str) -> Workout:
    """Return the workout of a planned run of ``kind`` lasting ``duration_min`` minutes."""
    shape = SHAPES[kind]
    main_min = duration_min - shape.warmup_min - shape.cooldown_min
    if main_min < MIN_MAIN_MIN:
        return Workout(name, (Step(kind.value, StepKind.ACTIVE, duration_min, shape.zone),))
    cooldown_min = shape.cooldown_min
    if shape.effort_min is not None and shape.recovery_min is not None:
        block_min = shape.effort_min + shape.recovery_min
        times = max(1, main_min // block_min)
        cooldown_min += main_min - times * block_min
        work: Step | Repeat = Repeat(
            (
                Step(kind.value, StepKind.INTERVAL, shape.effort_min, shape.zone),
                Step("jog", StepKind.RECOVERY, shape.recovery_min, RECOVERY_ZONE),
            ),
            times,
        )
    else:
        work = Step(kind.value, StepKind.ACTIVE, main_min, shape.zone)
    parts: list[Step | Repeat] = []
    if shape.warmup_min:
        parts.append(Step("warm-up", StepKind.WARMUP, shape.warmup_min, WARMUP_ZONE))
    parts.append(work)
    if cooldown_min:
        parts.append(Step("cool-down", StepKind.COOLDOWN, cooldown_min, COOLDOWN_ZONE))
    return Workout(name, tuple(parts))
