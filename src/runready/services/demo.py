"""A demo athlete with ten weeks of realistic training, clearly marked and removable in one go."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from runready.core.errors import InvalidInput
from runready.core.model import (
    CheckIn,
    Exercise,
    ExerciseSet,
    Focus,
    RunKind,
    Session,
    SessionType,
)
from runready.services.accounts import AuthError, Principal, check_zone, home_zone
from runready.storage.database import Database
from runready.storage.records import AthleteId

WEEKS = 10
LEGS = [
    ("Squat (Barbell)", 5, 100.0),
    ("Romanian Deadlift (Barbell)", 8, 80.0),
    ("Bulgarian Split Squat", 10, 20.0),
    ("Leg Press", 12, 160.0),
]
UPPER = [
    ("Bench Press (Barbell)", 6, 70.0),
    ("Pull Up", 8, 0.0),
    ("Overhead Press (Barbell)", 8, 42.5),
    ("Bent Over Row (Barbell)", 8, 60.0),
]
AVAILABILITY = {
    "mon": ["06:30-08:00", "17:30-21:00"],
    "tue": ["17:30-21:00"],
    "wed": ["06:30-08:00", "17:30-21:00"],
    "thu": ["17:30-21:00"],
    "sat": ["08:00-12:00"],
    "sun": ["09:00-12:00"],
}
TEMPLATE = [
    {"type": "strength", "focus": "legs", "kind": None, "count": 2, "duration_min": 60},
    {"type": "strength", "focus": "upper", "kind": None, "count": 1, "duration_min": 50},
    {"type": "run", "kind": "intervals", "focus": None, "count": 1, "duration_min": 45},
    {"type": "run", "kind": "long", "focus": None, "count": 1, "duration_min": 90},
    {"type": "run", "kind": "easy", "focus": None, "count": 2, "duration_min": 40},
]


def _strength(
    rng: random.Random,
    start: datetime,
    plan: list[tuple[str, int, float]],
    focus: Focus,
    rpe: float,
    progress: float,
) -> Session:
    exercises = tuple(
        Exercise(
            name,
            tuple(
                ExerciseSet(
                    reps=reps,
                    weight_kg=round(weight * progress / 2.5) * 2.5,
                    rpe=rng.choice([7.0, 7.5, 8.0, 8.5]),
                )
                for _ in range(rng.choice([3, 4, 4, 5]))
            ),
        )
        for name, reps, weight in plan
    )
    minutes = rng.choice([50, 55, 60, 65, 70])
    return Session(
        SessionType.STRENGTH,
        start,
        minutes,
        rpe=rpe,
        focus=focus,
        exercises=exercises,
        name=f"{focus.value} day",
    )


#: weekday -> (hour, what): legs Mon/Thu, upper Wed, runs Tue/Fri/Sun, Saturday off
WEEK: dict[int, tuple[int, Focus | RunKind]] = {
    0: (7, Focus.LEGS),
    1: (18, RunKind.EASY),
    2: (18, Focus.UPPER),
    3: (7, Focus.LEGS),
    4: (18, RunKind.INTERVALS),
    6: (9, RunKind.LONG),
}
RUNS = {
    RunKind.EASY: (8.0, 6.0, 3.0),
    RunKind.INTERVALS: (9.0, 5.0, 8.0),
    RunKind.LONG: (16.0, 6.2, 5.0),
}


def history(now: datetime, seed: int = 3) -> list[Session]:
    """Return ten weeks of a hybrid athlete's sessions up to now, about one in twelve missed."""
    rng = random.Random(seed)
    today = now.date()
    sessions = []
    for back in range(WEEKS * 7, -1, -1):
        day = today - timedelta(days=back)
        planned = WEEK.get(day.weekday())
        if planned is None or rng.random() < 0.08:
            continue
        hour, what = planned
        at = datetime.combine(day, datetime.min.time(), now.tzinfo) + timedelta(hours=hour)
        if at + timedelta(hours=2) > now:
            continue
        progress = 0.9 + 0.1 * (WEEKS * 7 - back) / (WEEKS * 7)
        if isinstance(what, Focus):
            plan, rpe = (LEGS, 8.0) if what is Focus.LEGS else (UPPER, 7.0)
            sessions.append(_strength(rng, at, plan, what, rpe, progress))
            continue
        base_km, pace, rpe = RUNS[what]
        km = round(base_km * rng.uniform(0.9, 1.1) * progress, 1)
        sessions.append(
            Session(
                SessionType.RUN,
                at,
                round(km * pace),
                rpe=rpe,
                kind=what,
                distance_km=km,
                avg_hr_bpm=rng.randint(138, 150) if what is not RunKind.INTERVALS else 163,
            )
        )
    return sessions


def create(db: Database, user: Principal, now: datetime, timezone: str | None = None) -> AthleteId:
    """Create the user's demo athlete (one per account) and return its id.

    It lives in ``timezone``, by default that of the user's own athlete.
    """
    timezone = timezone or home_zone(db, user)
    check_zone(timezone)
    local_now = now.astimezone(ZoneInfo(timezone))
    with db.unit() as uow:
        name = f"Demo ({user.username})"
        if uow.athletes.exists(name):
            raise InvalidInput("demo", "the demo athlete exists already")
        athlete_id = uow.athletes.add(
            name,
            timezone,
            now,
            user_id=user.id,
            is_demo=True,
            goal="hypertrophy",
            sex="female",
            age_years=31,
            lifting_experience_months=30,
        ).id
        for session in history(local_now):
            uow.journal.add_session(athlete_id, session, source_format="demo", now=now)
        uow.journal.add_checkin(
            athlete_id, CheckIn.of(local_now - timedelta(hours=1), 3, sleep_h=7.5)
        )
        uow.plans.change_settings(
            athlete_id, now, availability=AVAILABILITY, template=TEMPLATE, rest_days_min=1
        )
        return athlete_id


def remove(db: Database, user: Principal, athlete_id: AthleteId) -> None:
    """Delete the user's demo athlete with everything it holds."""
    with db.unit() as uow:
        found = uow.athletes.find(athlete_id)
        if found is None or found.user_id != user.id:
            raise AuthError("no such demo athlete")
        if not found.is_demo:
            raise InvalidInput("athlete", "only the demo athlete can be removed this way")
        uow.athletes.delete_with_data(athlete_id)
