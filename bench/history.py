"""A synthetic training history written as real FIT files: runs, rides and strength sessions."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import fitwriter

LIFTS = [
    ("squat", 6),
    ("deadlift", 4),
    ("lunge", 11),
    ("bench_press", 1),
    ("row", 0),
    ("pull_up", 9),
    ("shoulder_press", 8),
    ("curl", 0),
    ("calf_raise", 0),
]


@dataclass(frozen=True, slots=True)
class Written:
    """What was written: file paths and how many strength sets each strength file holds."""

    files: list[Path]
    sets: dict[str, int]
    total_bytes: int


def _heart(rng: random.Random, base: int) -> Callable[[int], int]:
    drift = rng.uniform(0.0, 0.004)
    return lambda s: min(200, int(base + 12 * math.sin(s / 300) + drift * s))


def write(
    folder: Path,
    count: int,
    seed: int = 11,
    start: datetime | None = None,
    minutes: tuple[int, int] = (30, 75),
) -> Written:
    """Write ``count`` FIT activities, one every ~20 h back from ``start``, into ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    moment = start or datetime(2026, 11, 20, 7, 0, tzinfo=UTC)
    files: list[Path] = []
    sets: dict[str, int] = {}
    total = 0
    for index in range(count):
        moment -= timedelta(hours=rng.choice([20, 22, 24, 26]))
        if index % 4 == 3:
            plan = []
            for category, subtype in rng.sample(LIFTS, k=5):
                weight = float(rng.choice([20, 40, 60, 80, 100, 120]))
                for _ in range(rng.randint(3, 5)):
                    plan.append((category, subtype, rng.randint(5, 12), weight, 40))
            data = fitwriter.strength(moment, plan)
            name = f"{index:05d}-strength.fit"
            sets[name] = len(plan)
        else:
            sport = "running" if index % 4 != 1 else "cycling"
            seconds = 60 * rng.randint(*minutes)
            speed = 2.9 if sport == "running" else 7.5
            data = fitwriter.activity(
                moment,
                sport,
                seconds,
                seconds * speed * rng.uniform(0.9, 1.1),
                hr_at=_heart(rng, rng.randint(125, 150)),
                altitude_at=lambda s: 100 + 20 * math.sin(s / 600),
            )
            name = f"{index:05d}-{sport}.fit"
        path = folder / name
        path.write_bytes(data)
        files.append(path)
        total += len(data)
    return Written(files, sets, total)
