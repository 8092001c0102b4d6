"""The engine explained by example: standard sessions, their doses and the gates they yield.

``runready explain DOSE`` prints this table; it is computed by the advisor itself, so the
documentation cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from runready.core.advisor import advise
from runready.core.dose import STANDARD_SESSION, Doses
from runready.core.model import (
    Athlete,
    Exercise,
    ExerciseSet,
    Intensity,
    PolicyName,
    RunKind,
    Scenario,
    Session,
    SessionType,
)

#: Examples end here (an arbitrary, fixed moment: the table never depends on the clock).
END = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Example:
    """One standard example: its dose and the hours after it ended when each level opens."""

    name: str
    dose: float
    described: str
    hours: tuple[tuple[Intensity, float | None], ...]

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape (hours null: not within 7 days)."""
        return {
            "name": self.name,
            "dose": round(self.dose, 2),
            "described": self.described,
            "hours": {level.label: value for level, value in self.hours},
        }


def _sets(name: str, count: int, rpe: float | None = 8, rir: float | None = None) -> Exercise:
    return Exercise(name, tuple(ExerciseSet(reps=8, rpe=rpe, rir=rir) for _ in range(count)))


def _lift(minutes: float, *exercises: Exercise) -> Session:
    return Session(
        SessionType.STRENGTH, END - timedelta(minutes=minutes), minutes, exercises=exercises
    )


def _run(
    minutes: float, kind: RunKind, km: float | None = None, descent_m: float | None = None
) -> Session:
    return Session(
        SessionType.RUN,
        END - timedelta(minutes=minutes),
        minutes,
        kind=kind,
        distance_km=km,
        elevation_loss_m=descent_m,
    )


def _standard() -> Session:
    minutes = STANDARD_SESSION.duration_min
    return Session(
        SessionType.STRENGTH,
        END - timedelta(minutes=minutes),
        minutes,
        rpe=STANDARD_SESSION.rpe,
        exercises=STANDARD_SESSION.exercises,
    )


SESSIONS: tuple[tuple[str, Session], ...] = (
    (
        "light: 2 leg curls + 2 calf raises at 5 RIR",
        _lift(20, _sets("Lying Leg Curl", 2, None, 5), _sets("Seated Calf Raise", 2, None, 5)),
    ),
    ("below the band: 3 sets of back squats at RPE 8", _lift(25, _sets("Back Squat", 3))),
    ("standard: 5x5 back squat + 3x8 RDL at RPE 8", _standard()),
    (
        "high volume: 22 hard sets, 6 within 1 RIR",
        _lift(
            110,
            _sets("Hack Squat", 6, 9),
            _sets("Bulgarian Split Squat", 6, 9),
            _sets("Romanian Deadlift", 4),
            _sets("Leg Extension", 3, 9.5),
            _sets("Lying Leg Curl", 3, 9.5),
        ),
    ),
    ("intervals, 45 min", _run(45, RunKind.INTERVALS)),
    ("5 km race, 22 min", _run(22, RunKind.RACE, 5)),
    ("half marathon race, 1 h 45", _run(105, RunKind.RACE, 21.1)),
    ("marathon race, 3 h 45", _run(225, RunKind.RACE, 42.2)),
    ("long run, 100 min, 35 m/km downhill", _run(100, RunKind.LONG, 16, 16 * 35)),
)


def examples(policy: PolicyName = PolicyName.BALANCED) -> tuple[Example, ...]:
    """Return every example with its dose and its gate times under ``policy``."""
    athlete = Athlete(policy=policy, lifting_experience_months=36)
    familiar = tuple(
        Session(SessionType.STRENGTH, END - timedelta(days=days), 60, rpe=6, exercises=())
        for days in (8, 15)
    )
    known = Session(SessionType.RUN, END - timedelta(days=30), 40, kind=RunKind.EASY)
    found = []
    for name, session in SESSIONS:
        history = (session, *familiar, known)
        advice = advise(Scenario(now=session.end, athlete=athlete, history=history))
        hours = tuple(
            (level, _hours(advice.earliest_at(level), session.end))
            for level in (Intensity.RECOVERY, Intensity.EASY, Intensity.MODERATE, Intensity.HARD)
        )
        dose = Doses(history, athlete).of(session)
        found.append(Example(name, dose.dose, dose.describe(), hours))
    return tuple(found)


def _hours(moment: datetime | None, end: datetime) -> float | None:
    if moment is None:
        return None
    return round((moment - end).total_seconds() / 3600, 1)
