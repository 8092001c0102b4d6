"""A synthetic but realistic multi-year history of a hybrid athlete, deterministic by seed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

TZ = timezone(timedelta(hours=1))
LEG_DAY = [
    ("Squat (Barbell)", 5, 100),
    ("Romanian Deadlift (Barbell)", 8, 80),
    ("Bulgarian Split Squat", 10, 20),
    ("Leg Press", 12, 180),
    ("Lying Leg Curl (Machine)", 12, 40),
    ("Standing Calf Raise", 15, 60),
]
UPPER_DAY = [
    ("Bench Press (Barbell)", 6, 70),
    ("Pull Up", 8, 0),
    ("Overhead Press (Barbell)", 8, 40),
    ("Bent Over Row (Barbell)", 8, 60),
    ("Lateral Raise (Dumbbell)", 15, 8),
    ("Triceps Pushdown (Cable)", 12, 25),
]
RUNS = [
    ("easy", 8.0, 5.8, 3),
    ("tempo", 10.0, 4.9, 7),
    ("easy", 6.0, 6.0, 3),
    ("long", 16.0, 6.0, 5),
]


def _strength(
    rng: random.Random,
    start: datetime,
    plan: list[tuple[str, int, int]],
) -> dict[str, Any]:
    exercises = []
    for name, reps, weight in rng.sample(plan, k=rng.randint(4, len(plan))):
        sets = [
            {"reps": reps, "weight_kg": float(weight), "rpe": float(rng.choice([6, 7, 7, 8, 8, 9]))}
            for _ in range(rng.randint(3, 5))
        ]
        exercises.append({"name": name, "sets": sets})
    return {
        "type": "strength",
        "start": start.isoformat(),
        "duration_min": rng.randint(50, 80),
        "rpe": float(rng.choice([6, 7, 8])),
        "exercises": exercises,
    }


def history(years: float = 5.0, end: datetime | None = None, seed: int = 7) -> list[dict[str, Any]]:
    """Return about 7.5 sessions a week for ``years`` before ``end``, as scenario-file dicts."""
    rng = random.Random(seed)
    end = end or datetime(2026, 11, 21, 6, 0, tzinfo=TZ)
    day = end - timedelta(days=int(365 * years))
    sessions: list[dict[str, Any]] = []
    while day < end - timedelta(days=1):
        weekday = day.weekday()
        at = day.replace(hour=rng.choice([7, 12, 18]), minute=rng.choice([0, 15, 30]))
        if weekday in (0, 3):
            sessions.append(_strength(rng, at, LEG_DAY))
        elif weekday in (1, 4) or (weekday == 6 and rng.random() < 0.5):
            sessions.append(_strength(rng, at, UPPER_DAY))
        if weekday in (1, 2, 5, 6) or (weekday == 4 and rng.random() < 0.5):
            kind, km, pace, rpe = RUNS[(weekday + rng.randint(0, 3)) % len(RUNS)]
            km = round(km * rng.uniform(0.8, 1.2), 1)
            run_at = at + timedelta(hours=8) if weekday in (0, 3) else at
            sessions.append(
                {
                    "type": "run",
                    "start": run_at.isoformat(),
                    "kind": kind,
                    "distance_km": km,
                    "duration_min": round(km * pace),
                    "rpe": float(rpe),
                    "avg_hr": rng.randint(135, 170),
                    "elevation_loss_m": rng.randint(0, 120),
                }
            )
        day += timedelta(days=1)
    return sessions


def scenario_dict(years: float = 5.0, seed: int = 7) -> dict[str, Any]:
    """Return a whole scenario: the history plus a check-in and a planned run."""
    now = datetime(2026, 11, 21, 18, 0, tzinfo=TZ)
    return {
        "now": now.isoformat(),
        "athlete": {
            "goal": "hypertrophy",
            "sex": "female",
            "age": 34,
            "hr_max": 188,
            "hr_rest": 52,
            "lifting_experience_months": 40,
        },
        "history": history(years, now - timedelta(hours=12), seed),
        "checkins": [
            {
                "at": (now - timedelta(minutes=20)).isoformat(),
                "soreness": {"quads": 3},
                "sleep_h": 7.0,
                "feel": "normal",
            }
        ],
        "intent": {"type": "run", "kind": "intervals", "duration_min": 45, "distance_km": 9},
    }
