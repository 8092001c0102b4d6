"""Every anchor row of readiness.md, at and around its thresholds, for all three policies."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from builders import NOW, accustomed, athlete, reaching_back, scenario
from runready.core.advisor import Advice, advise
from runready.core.model import (
    Exercise,
    ExerciseSet,
    Focus,
    Intensity,
    PolicyName,
    RunKind,
    Session,
    SessionType,
)

NONE, RECOVERY, EASY, MODERATE, HARD = (
    Intensity.NONE,
    Intensity.RECOVERY,
    Intensity.EASY,
    Intensity.MODERATE,
    Intensity.HARD,
)
H = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
#: The contract reports no earliest time beyond 7 days; such a level opens later than this.
BEYOND = timedelta(days=7, minutes=1)


def sets(name: str, count: int, rpe: float | None = 8, reps: int = 8, **effort: float) -> Exercise:
    return Exercise(
        name, tuple(ExerciseSet(reps=reps, weight_kg=80, rpe=rpe, **effort) for _ in range(count))
    )


def lift(*exercises: Exercise, end: datetime = NOW, rpe: float | None = 8, focus=None) -> Session:
    return Session(
        SessionType.STRENGTH, end - 70 * MINUTE, 70, rpe=rpe, focus=focus, exercises=exercises
    )


def race(km: float, minutes: float, end: datetime = NOW, descent_m: float | None = None) -> Session:
    return Session(
        SessionType.RUN, end - minutes * MINUTE, minutes, rpe=9, kind=RunKind.RACE,
        distance_km=km, elevation_loss_m=descent_m,
    )  # fmt: skip


def at(session: Session, hours: float, policy=PolicyName.BALANCED, **who: object) -> Advice:
    """Return the advice ``hours`` after ``session`` ended (history reaching back, accustomed)."""
    now = session.end + timedelta(hours=hours)
    history = (session, *accustomed(now), reaching_back(now))
    return advise(scenario(*history, who=athlete(policy=policy, **who), now=now))


def edges(
    session: Session, policy=PolicyName.BALANCED, **who: object
) -> dict[Intensity, timedelta]:
    """Return each level's earliest time after the session ended, as elapsed time (a level
    further away than the 7 days the contract reports counts as just beyond them)."""
    advice = at(session, 0, policy, **who)
    found = {}
    for level in (EASY, MODERATE, HARD):
        moment = advice.earliest_at(level)
        found[level] = moment - session.end if moment is not None else BEYOND
    return found


STANDARD_BAND = {
    "5x5 back squat + 3x8 RDL": (sets("Back Squat", 5, reps=5), sets("Romanian Deadlift", 3)),
    "leg press + Bulgarian split squats": (sets("Leg Press", 4), sets("Bulgarian Split Squat", 4)),
    "high-bar squat + Nordic curls": (sets("High Bar Squat", 4), sets("Nordic Hamstring Curl", 3)),
    "5 hard sets at RPE 7": (sets("Front Squat", 5, rpe=7),),
    "12 hard sets to failure": (sets("Hack Squat", 6, rpe=10), sets("Walking Lunge", 6, rpe=10)),
    "8 sets with RIR logged": (
        sets("Deadlift", 4, rpe=None, rir=2),
        sets("Step Up", 4, rpe=None, rir=1),
    ),
    "squats, RDL and accessories": (
        sets("Back Squat", 5, reps=5),
        sets("Romanian Deadlift", 3),
        sets("Leg Extension", 3),
        sets("Standing Calf Raise", 3),
    ),
}
BAND_SESSIONS = {name: lift(*mix) for name, mix in STANDARD_BAND.items()}
BAND_SESSIONS["sets unknown, session RPE 7"] = lift(rpe=7, focus=Focus.LEGS)
BAND_SESSIONS["sets unknown, session RPE unknown"] = lift(rpe=None, focus=Focus.LEGS)
BAND_SESSIONS["full body, sets unknown, RPE 8"] = lift(rpe=8, focus=Focus.FULL)


@pytest.mark.parametrize("session", BAND_SESSIONS.values(), ids=BAND_SESSIONS.keys())
def test_every_session_in_the_standard_band_gives_the_standard_windows_to_the_minute(session):
    assert edges(session) == {EASY: 6 * H, MODERATE: 24 * H, HARD: 48 * H}


@pytest.mark.parametrize("session", BAND_SESSIONS.values(), ids=BAND_SESSIONS.keys())
@pytest.mark.parametrize(
    ("hours", "cap", "minutes"),
    [
        (5.5, NONE, None),
        (6.5, EASY, 40),
        (23.5, EASY, 40),
        (24.5, MODERATE, 60),
        (47.5, MODERATE, 60),
        (48.5, HARD, None),
    ],
)
def test_the_standard_band_probed_half_an_hour_around_each_edge(session, hours, cap, minutes):
    advice = at(session, hours)
    assert (advice.max_intensity, advice.max_duration_min) == (cap, minutes)


@pytest.mark.parametrize("session", list(BAND_SESSIONS.values())[:3], ids=list(BAND_SESSIONS)[:3])
def test_a_novel_band_session_is_easy_only_to_48_hours_and_waits_72_for_quality(session):
    assert edges(session, lifting_experience_months=3) == {
        EASY: 6 * H,
        MODERATE: 48 * H,
        HARD: 72 * H,
    }


def test_a_band_session_novel_by_history_is_known_only_when_history_reaches_back():
    session = BAND_SESSIONS["5x5 back squat + 3x8 RDL"]
    known = advise(scenario(session, reaching_back(session.end), now=session.end))
    unknown = advise(scenario(session, now=session.end))
    assert known.earliest_at(HARD) == session.end + 72 * H
    assert unknown.earliest_at(HARD) == session.end + 48 * H


@pytest.mark.parametrize("session", list(BAND_SESSIONS.values())[:3], ids=list(BAND_SESSIONS)[:3])
def test_a_band_session_at_40_waits_72_hours_for_quality_and_the_modifiers_stack(session):
    assert edges(session, age_years=40) == {EASY: 6 * H, MODERATE: 24 * H, HARD: 72 * H}
    both = edges(session, age_years=45, lifting_experience_months=4)
    assert both == {EASY: 6 * H, MODERATE: 48 * H, HARD: 96 * H}


LIGHT = {
    "2 leg curls + 2 calf raises at 5 RIR": (
        sets("Lying Leg Curl", 2, rpe=None, rir=5),
        sets("Seated Calf Raise", 2, rpe=None, rir=5),
    ),
    "6 leg extensions at 4 RIR": (sets("Leg Extension", 6, rpe=6),),
    "calf raises and upper body": (sets("Calf Raise", 3, rpe=5), sets("Bench Press", 4, rpe=9)),
}


@pytest.mark.parametrize("mix", LIGHT.values(), ids=LIGHT.keys())
@pytest.mark.parametrize("policy", list(PolicyName))
def test_light_accessory_leg_work_does_not_gate_running(mix, policy):
    advice = at(lift(*mix, rpe=4), 0, policy)
    assert advice.max_intensity is HARD
    assert advice.verdict == "go"
    assert any(r.message.startswith("Not a leg gate: light") for r in advice.reasons)


HIGH_VOLUME = {
    "20 hack squat sets at 2 RIR": (sets("Hack Squat", 20),),
    "20 leg press sets at 2 RIR": (sets("Leg Press", 20),),
    "squat, leg press, RDL, extensions, curls": (
        sets("Back Squat", 5, rpe=9),
        sets("Leg Press", 5, rpe=9),
        sets("Romanian Deadlift", 4),
        sets("Leg Extension", 3, rpe=9),
        sets("Lying Leg Curl", 3, rpe=9),
    ),
    "24 sets near failure": (
        sets("Hack Squat", 6, rpe=9.5),
        sets("Bulgarian Split Squat", 6, rpe=9.5),
        sets("Stiff Leg Deadlift", 6, rpe=9),
        sets("Leg Extension", 4, rpe=9.5),
        sets("Lying Leg Curl", 2, rpe=9),
    ),
}


@pytest.mark.parametrize("mix", HIGH_VOLUME.values(), ids=HIGH_VOLUME.keys())
def test_high_volume_legs_hold_moderate_past_30_hours_and_quality_past_60(mix):
    found = edges(lift(*mix))
    assert found[EASY] == 6 * H
    assert found[MODERATE] >= 30 * H
    assert found[HARD] >= 60 * H


def test_three_hard_sets_of_squats_gate_less_than_the_standard_session():
    below = edges(lift(sets("Back Squat", 3, reps=5)))
    assert below[EASY] <= 6 * H
    assert below[MODERATE] <= 24 * H
    assert below[HARD] < 48 * H


@pytest.mark.parametrize(
    ("kind", "minutes"),
    [(RunKind.INTERVALS, 30), (RunKind.INTERVALS, 45), (RunKind.TEMPO, 60), (RunKind.HILLS, 50)],
)
def test_a_typical_interval_or_tempo_session_holds_quality_for_24_hours_only(kind, minutes):
    session = Session(SessionType.RUN, NOW - minutes * MINUTE, minutes, rpe=8, kind=kind)
    found = edges(session)
    assert found[EASY] == found[MODERATE] == timedelta(0)
    assert found[HARD] == 24 * H


@pytest.mark.parametrize(
    ("km", "minutes"), [(5, 16), (5, 25), (5, 38), (10, 33), (10, 50), (10, 70)]
)
def test_a_5_or_10_km_race_allows_easy_now_moderate_from_12_hours_quality_in_36_to_72(km, minutes):
    found = edges(race(km, minutes))
    assert found[EASY] == timedelta(0)
    assert found[MODERATE] >= 12 * H
    assert 36 * H <= found[HARD] <= 72 * H


@pytest.mark.parametrize("minutes", [70, 95, 120, 150, 180])
def test_a_half_marathon_allows_easy_by_48_hours_moderate_from_48_quality_from_72(minutes):
    found = edges(race(21.1, minutes))
    assert found[EASY] <= 48 * H
    assert found[MODERATE] >= 48 * H
    assert found[HARD] >= 72 * H


@pytest.mark.parametrize("minutes", [150, 200, 240, 330])
def test_after_a_marathon_a_recovery_jog_at_most_for_48_hours_then_easy(minutes):
    session = race(42.2, minutes)
    found = edges(session)
    assert found[EASY] == 48 * H
    assert found[MODERATE] >= 96 * H
    assert found[HARD] >= 7 * 24 * H
    assert at(session, 7 * 24).max_intensity < HARD
    before = at(session, 47.5)
    assert (before.max_intensity, before.max_duration_min) == (RECOVERY, 30)
    assert at(session, 48.5).max_intensity is EASY


def test_a_long_downhill_run_gates_moderate_and_quality_longer_than_the_same_run_on_the_flat():
    def long_run(descent: float | None) -> Session:
        return Session(
            SessionType.RUN, NOW - 100 * MINUTE, 100, rpe=4, kind=RunKind.LONG,
            distance_km=16, elevation_loss_m=descent,
        )  # fmt: skip

    flat, downhill = edges(long_run(None)), edges(long_run(16 * 35))
    assert downhill[MODERATE] > flat[MODERATE]
    assert downhill[HARD] > flat[HARD]


STANDARD = BAND_SESSIONS["5x5 back squat + 3x8 RDL"]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (PolicyName.BALANCED, {EASY: 6 * H, MODERATE: 24 * H, HARD: 48 * H}),
        (PolicyName.ACTIVE, {EASY: 6 * H, MODERATE: 6 * H, HARD: 48 * H}),
        (PolicyName.CONSERVATIVE, {EASY: 48 * H, MODERATE: 48 * H, HARD: 48 * H}),
    ],
)
def test_each_policy_keeps_its_windows_for_the_standard_session(policy, expected):
    assert edges(STANDARD, policy) == expected


@pytest.mark.parametrize("policy", list(PolicyName))
def test_each_policy_scales_its_windows_with_dose(policy):
    standard = edges(STANDARD, policy)
    below = edges(lift(sets("Back Squat", 3, reps=5)), policy)
    heavy = edges(lift(*HIGH_VOLUME["24 sets near failure"]), policy)
    assert all(below[level] <= standard[level] <= heavy[level] for level in standard)
    assert below[HARD] < standard[HARD] < heavy[HARD]


@pytest.mark.parametrize(("hours", "cap"), [(35.9, MODERATE), (36.0, HARD)])
def test_a_fresh_check_in_brings_quality_to_36_hours_after_a_standard_session(hours, cap):
    from runready.core.model import CheckIn, Feel

    now = STANDARD.end + timedelta(hours=hours)
    fresh = CheckIn.of(now - MINUTE, 1, feel=Feel.FRESH, sleep_h=8.0)
    advice = advise(
        scenario(STANDARD, *accustomed(now), reaching_back(now), now=now, checkins=(fresh,))
    )
    assert advice.max_intensity is cap


#: One session per anchor row, with who it happened to (the novel and age rows modify the athlete).
ANCHOR_ROWS: dict[str, tuple[Session, dict[str, object]]] = {
    "standard band": (STANDARD, {}),
    "standard band, novel": (STANDARD, {"lifting_experience_months": 3}),
    "standard band, age 40": (STANDARD, {"age_years": 40}),
    "light accessory work": (lift(*LIGHT["6 leg extensions at 4 RIR"], rpe=4), {}),
    "high volume": (lift(*HIGH_VOLUME["24 sets near failure"]), {}),
    "below the band": (lift(sets("Back Squat", 3, reps=5)), {}),
    "interval session": (
        Session(SessionType.RUN, NOW - 45 * MINUTE, 45, rpe=8, kind=RunKind.INTERVALS),
        {},
    ),
    "10 km race": (race(10, 50), {}),
    "half-marathon race": (race(21.1, 120), {}),
    "marathon race": (race(42.2, 240), {}),
    "long downhill run": (race(16, 100, descent_m=16 * 35), {}),
}


@pytest.mark.parametrize("policy", list(PolicyName))
@pytest.mark.parametrize(("session", "who"), ANCHOR_ROWS.values(), ids=ANCHOR_ROWS.keys())
def test_every_anchor_row_opens_each_level_exactly_at_its_edge_under_every_policy(
    session, who, policy
):
    found = edges(session, policy, **who)
    for level, edge in found.items():
        if timedelta(0) < edge < BEYOND:
            hours = edge / H
            assert at(session, hours - 1 / 60, policy, **who).max_intensity < level
            assert at(session, hours, policy, **who).max_intensity >= level


@pytest.mark.parametrize("policy", list(PolicyName))
def test_under_every_policy_the_rows_around_the_standard_session_keep_their_order(policy):
    from runready.core.policies import policy as policy_data

    legs = policy_data(policy).legs
    standard = edges(STANDARD, policy)
    modified = {  # novelty raises the dose under every policy; age shifts only where a policy says
        "standard band, novel": True,
        "standard band, age 40": legs.age_shift_h > 0,
        "high volume": True,
    }
    for row, delays in modified.items():
        session, who = ANCHOR_ROWS[row]
        longer = edges(session, policy, **who)
        assert all(longer[level] >= standard[level] for level in standard), row
        assert (longer[HARD] > standard[HARD]) is delays, row
    for row in ("light accessory work", "below the band"):
        session, who = ANCHOR_ROWS[row]
        shorter = edges(session, policy, **who)
        assert all(shorter[level] <= standard[level] for level in standard), row
        assert shorter[HARD] < standard[HARD], row


@pytest.mark.parametrize("policy", list(PolicyName))
def test_under_every_policy_longer_races_gate_quality_longer(policy):
    races = ((10, 50), (21.1, 120), (42.2, 240))
    quality = [edges(race(km, minutes), policy)[HARD] for km, minutes in races]
    assert quality == sorted(quality)
    assert quality[0] < quality[-1]
