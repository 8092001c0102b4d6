"""Hypothesis strategies: random but valid athletes, histories, check-ins and intents."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from runready.core.model import (
    RUNNING_MUSCLES,
    Athlete,
    CheckIn,
    Exercise,
    ExerciseSet,
    Feel,
    Focus,
    Goal,
    IntentItem,
    LegsFelt,
    Pain,
    PolicyName,
    Region,
    RunFeedback,
    RunKind,
    Scenario,
    Session,
    SessionType,
    Sex,
)

EXERCISES = (
    "Squat (Barbell)",
    "Romanian Deadlift (Barbell)",
    "Bulgarian Split Squat",
    "Leg Press",
    "Leg Extension (Machine)",
    "Bench Press (Barbell)",
    "Pull Up",
    "Lat Pulldown (Cable)",
    "Box Jump",
    "Calf Raise",
    "Zorblax Quantum Press",
)
BASE = datetime(2026, 6, 10)

maybe = st.none
rpe = st.one_of(maybe(), st.integers(0, 10).map(float))


@st.composite
def now_values(draw: st.DrawFn) -> datetime:
    """Return an aware 'now' in a random UTC offset."""
    offset = timezone(timedelta(minutes=15 * draw(st.integers(-40, 48))))
    return BASE.replace(tzinfo=offset) + timedelta(minutes=draw(st.integers(0, 3 * 24 * 60)))


athletes = st.builds(
    Athlete,
    goal=st.sampled_from(Goal),
    policy=st.sampled_from(PolicyName),
    sex=st.one_of(maybe(), st.sampled_from(Sex)),
    age_years=st.one_of(maybe(), st.integers(16, 80)),
    lifting_experience_months=st.one_of(maybe(), st.integers(0, 120).map(float)),
)

sets = st.builds(
    ExerciseSet,
    reps=st.integers(1, 15),
    weight_kg=st.integers(0, 200).map(float),
    rpe=rpe,
    rir=st.one_of(maybe(), st.integers(0, 5).map(float)),
)
exercises = st.builds(
    Exercise,
    name=st.sampled_from(EXERCISES),
    sets=st.lists(sets, min_size=0, max_size=5).map(tuple),
)


@st.composite
def sessions(draw: st.DrawFn, now: datetime) -> Session:
    """Return a session that started before ``now`` (within about 25 days)."""
    start = now - timedelta(minutes=draw(st.integers(1, 25 * 24 * 60)))
    kind = draw(
        st.sampled_from(
            [
                SessionType.STRENGTH,
                SessionType.STRENGTH,
                SessionType.RUN,
                SessionType.RUN,
                SessionType.WALK,
                SessionType.CYCLE,
                SessionType.YOGA,
                SessionType.OTHER,
            ]
        )
    )
    duration = float(draw(st.integers(5, 150)))
    if kind is SessionType.STRENGTH:
        return Session(
            kind,
            start,
            duration,
            rpe=draw(rpe),
            focus=draw(st.one_of(maybe(), st.sampled_from(Focus))),
            exercises=tuple(draw(st.lists(exercises, max_size=4))),
        )
    if kind is SessionType.RUN:
        return Session(
            kind,
            start,
            duration,
            rpe=draw(rpe),
            kind=draw(st.one_of(maybe(), st.sampled_from(RunKind))),
            distance_km=draw(st.one_of(maybe(), st.integers(1, 45).map(float))),
            avg_hr_bpm=draw(st.one_of(maybe(), st.integers(100, 190).map(float))),
            elevation_loss_m=draw(st.one_of(maybe(), st.integers(0, 800).map(float))),
        )
    return Session(kind, start, duration, rpe=draw(rpe))


soreness_maps = st.dictionaries(st.sampled_from(Region), st.integers(0, 10).map(float), max_size=4)


@st.composite
def checkins(draw: st.DrawFn, now: datetime) -> CheckIn:
    """Return a check-in made before ``now`` (within 3 days)."""
    at = now - timedelta(minutes=draw(st.integers(0, 3 * 24 * 60)))
    soreness = draw(st.one_of(maybe(), st.integers(0, 10).map(float), soreness_maps))
    return CheckIn.of(
        at,
        soreness,
        sleep_h=draw(st.one_of(maybe(), st.integers(3, 10).map(float))),
        feel=draw(st.one_of(maybe(), st.sampled_from(Feel))),
        pain=draw(st.sampled_from(Pain)),
    )


@st.composite
def intents(draw: st.DrawFn, now: datetime) -> tuple[IntentItem, ...]:
    """Return zero to two planned items, with or without their own start."""
    items = []
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from([SessionType.RUN, SessionType.STRENGTH]))
        start = draw(
            st.one_of(maybe(), st.integers(0, 48 * 60).map(lambda m: now + timedelta(minutes=m)))
        )
        if kind is SessionType.RUN:
            items.append(
                IntentItem(
                    kind,
                    start=start,
                    kind=draw(st.sampled_from(RunKind)),
                    duration_min=float(draw(st.integers(10, 120))),
                    distance_km=draw(st.one_of(maybe(), st.integers(2, 30).map(float))),
                )
            )
        else:
            items.append(
                IntentItem(
                    kind,
                    start=start,
                    focus=draw(st.one_of(maybe(), st.sampled_from(Focus))),
                    rpe=draw(rpe),
                )
            )
    return tuple(items)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Return a random valid scenario; nothing in it happens after ``now``."""
    now = draw(now_values())
    return Scenario(
        now=now,
        athlete=draw(athletes),
        history=tuple(draw(st.lists(sessions(now), max_size=14))),
        checkins=tuple(draw(st.lists(checkins(now), max_size=3))),
        intent=draw(intents(now)),
    )


def sorer(checkin: CheckIn, extra: float, region: Region | None) -> CheckIn:
    """Return the check-in with more soreness in one running muscle (or all of them)."""
    regions = RUNNING_MUSCLES if region is None else (region,)
    values = {r: checkin.soreness_of(r) for r in Region}
    for r in regions:
        values[r] = min(10.0, values[r] + extra)
    return CheckIn.of(
        checkin.at,
        {r: v for r, v in values.items() if v},
        sleep_h=checkin.sleep_h,
        feel=checkin.feel,
        pain=checkin.pain,
    )


@st.composite
def trained_scenarios(draw: st.DrawFn) -> Scenario:
    """Return three to five weeks of leg sessions and runs with outcomes: morning soreness on
    some days and the word after some runs, as the calibration reads them."""
    now = draw(now_values())
    days = draw(st.integers(21, 35))
    history: list[Session] = []
    told: list[CheckIn] = []
    for day in range(days, 0, -1):
        evening = now.replace(hour=18, minute=0, second=0, microsecond=0) - timedelta(days=day)
        morning = evening.replace(hour=7)
        if draw(st.integers(0, 2)) == 0:
            count = draw(st.integers(3, 16))
            effort = float(draw(st.integers(6, 10)))
            squat = Exercise("Back Squat", tuple(ExerciseSet(5, 100, effort) for _ in range(count)))
            history.append(Session(SessionType.STRENGTH, evening, 3.0 * count, exercises=(squat,)))
        if draw(st.integers(0, 1)) == 0:
            kind = draw(
                st.sampled_from([RunKind.EASY, RunKind.STEADY, RunKind.INTERVALS, RunKind.TEMPO])
            )
            minutes = float(draw(st.integers(20, 80)))
            history.append(
                Session(SessionType.RUN, morning + timedelta(hours=4), minutes, kind=kind)
            )
        if draw(st.booleans()):
            told.append(CheckIn.of(morning, float(draw(st.integers(0, 9)))))
    runs = [s for s in history if s.type is SessionType.RUN and s.end <= now]
    feedback = tuple(
        RunFeedback(run.start, draw(st.sampled_from(LegsFelt)))
        for run in runs
        if draw(st.booleans())
    )
    athlete = Athlete(
        policy=draw(st.sampled_from(PolicyName)),
        age_years=draw(st.sampled_from([None, 30, 45, 60])),
    )
    return Scenario(
        now=now, athlete=athlete, history=tuple(history), checkins=tuple(told), feedback=feedback
    )
