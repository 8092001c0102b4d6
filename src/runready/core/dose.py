"""Session doses: what a lift or a run costs the legs, in standard leg sessions.

A dose of 1.0 is the *standard hard leg session* of readiness.md (5x5 back squat + 3x8 RDL at
RPE 8, and every session in the 5-12 hard-set band). A lift's dose comes from its hard sets,
their proximity to failure, the exercise type and its eccentric emphasis; a run's from its
duration, intensity, race effort and descent. Kilograms never enter: volume load is not
comparable across exercises (evidence-dose.md section 1). Novelty does not scale the dose; it
delays the session's recovery (``onset_h``), which is what the novel rows of readiness.md ask.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from runready.core.evidence import Constant, Table, Tag
from runready.core.exercises import LEG_COMPOUND_PATTERNS, CatalogueEntry, Damage, resolve
from runready.core.model import (
    LOWER_BODY,
    Athlete,
    Exercise,
    ExerciseSet,
    Focus,
    Intensity,
    Region,
    RunKind,
    Session,
    SessionType,
)

_V, _P, _H = Tag.VERIFIED, Tag.PARTLY, Tag.HEURISTIC

# -- lifting -------------------------------------------------------------------------------

EFFORT = Table(
    "effort_by_rir",
    (("0", 1.25), ("1", 1.125), ("2", 1.0), ("3", 0.75), ("4", 0.5), ("5", 0.25), ("6", 0.125)),
    "x a set at 2 RIR",
    _H,
    ("refalo2023", "moran_navarro2017", "gonzalez_badillo2016", "pareja_blanco2019"),
    "sets to failure slow recovery to 24-48 h; stopping far from failure recovers in hours",
)
TYPE_FACTOR = Table(
    "type_factor",
    (
        (Damage.FREE, 1.0),
        (Damage.ECCENTRIC, 1.0),
        (Damage.MACHINE, 0.8),
        (Damage.NORDIC, 1.0),
        (Damage.ISOLATION, 0.5),
        (Damage.CALF, 0.4),
        (Damage.HEEL_DROP, 0.4),
        (Damage.PLYOMETRIC, 0.6),
        (Damage.DROP_JUMP, 0.6),
        (Damage.CONCENTRIC, 1.0),
        (Damage.CONDITIONING, 0.3),
        (Damage.NONE, 0.0),
    ),
    "x a free-weight multi-joint set",
    _H,
    ("dourado2023", "chen2011", "takayama2017", "petersen2007"),
    "leg press impairs torque and jumps to 48 h, knee extension to 24 h; calves recover first",
)
ECCENTRIC_FACTOR = Table(
    "eccentric_factor",
    (
        (Damage.FREE, 1.0),
        (Damage.ECCENTRIC, 1.2),
        (Damage.MACHINE, 1.0),
        (Damage.NORDIC, 1.5),
        (Damage.ISOLATION, 1.0),
        (Damage.CALF, 1.0),
        (Damage.HEEL_DROP, 1.5),
        (Damage.PLYOMETRIC, 1.0),
        (Damage.DROP_JUMP, 1.5),
        (Damage.CONCENTRIC, 0.3),
        (Damage.CONDITIONING, 1.0),
        (Damage.NONE, 0.0),
    ),
    "x a normal-tempo set",
    _H,
    ("chen2011", "vasenina2025", "marcora2007", "clarkson_hubal2002"),
    "knee flexors damage more than knee extensors; heavy eccentric heel drops and drop jumps "
    "damage most; concentric-only work hardly at all",
)
#: Exercise classes whose hard sets count fully towards the standard band (readiness.md).
MULTI_JOINT = frozenset({Damage.FREE, Damage.ECCENTRIC, Damage.MACHINE, Damage.NORDIC})
#: Classes that make up "light accessory work" when nothing comes within 3 RIR.
ACCESSORY = frozenset({Damage.ISOLATION, Damage.CALF})
HARD_SET_MAX_RIR = Constant(
    "hard_set_max_rir",
    3.0,
    "RIR",
    _V,
    ("zourdos2016",),
    "a hard set is RPE 7 or more, i.e. 3 or fewer reps in reserve (RPE = 10 - RIR)",
)
NEAR_FAILURE_RIR = 1.0  # sets named "within 1 RIR" in explanations
UNKNOWN_SET_RIR = Constant(
    "unknown_set_rir",
    2.0,
    "RIR",
    _H,
    ("refalo2023",),
    "a working set with no effort logged counts as 2 reps in reserve (conservative)",
)
BAND = Constant(
    "standard_band_sets",
    5.0,
    "hard sets (up to 12)",
    _H,
    ("doma2015", "doma2019", "marcora2007"),
    "every session of 5-12 hard multi-joint sets gates exactly like the standard session",
)
BAND_TOP = 12.0  # readiness.md: the band is 5 to 12 hard sets
BAND_SESSION_RPE = Constant(
    "band_session_rpe",
    7.0,
    "session RPE",
    _V,
    ("foster2001",),
    "a leg session with unknown sets counts as standard at session RPE 7 (hard) or unknown",
)
SETLESS_STANDARD_LOAD = Constant(
    "setless_standard_load",
    400.0,
    "AU (RPE x min)",
    _H,
    ("foster2001",),
    "a set-less leg session below RPE 7 is scaled by its session-RPE load; 400 AU is RPE 8 "
    "for 50 min, the standard session",
)
LIGHT_MAX_SETS = Constant(
    "light_max_sets",
    6.0,
    "sets",
    _H,
    ("dourado2023", "refalo2023"),
    "isolation or calf work, at most 6 sets, nothing within 3 RIR: no leg gate",
)
SATURATION_SETS = Constant(
    "saturation_sets",
    8.0,
    "effective sets",
    _H,
    ("chen_nosaka2006", "sets_7_14_21_2026", "bartolomei2017"),
    "damage grows with eccentric volume but flattens at high set counts",
)
HEAVY_STEP = Constant(
    "heavy_dose_per_set",
    0.0625,
    "standard sessions per hard set above 12",
    _H,
    ("bartolomei2017", "sets_7_14_21_2026"),
    "20 hard sets near failure hold quality running to at least 60 h (readiness.md)",
)
HEAVY_RAMP_SETS = 4.0  # above the band, effort and type weigh in fully from 16 hard sets
VERY_HEAVY_AT = 1.5  # a dose this many standard sessions or more is named "very heavy"
NOVEL_ONSET_H = Constant(
    "novel_onset_h",
    24.0,
    "h",
    _H,
    ("doma2015", "doma2017", "clarkson_hubal2002", "nosaka2005"),
    "an unaccustomed session's damage peaks later; recovery starts a day later (R6); "
    "protection from earlier bouts fades over weeks",
)
NOVEL_WINDOW = timedelta(days=21)  # doma2015, doma2017
NOVEL_MIN_SESSIONS = 2  # doma2017: protection needs 2 bouts
NOVICE_MONTHS = 6.0  # ratamess2009
#: A mixed session with this many squat/hinge/lunge sets is a leg session too.
LEG_COMPOUND_MIN_SETS = 6

# -- running -------------------------------------------------------------------------------

RUN_WEIGHT = Table(
    "run_weight_per_min",
    (
        (RunKind.RECOVERY, 0.02),
        (RunKind.EASY, 0.04),
        (RunKind.LONG, 0.05),
        (RunKind.STEADY, 0.08),
        (RunKind.TEMPO, 0.11),
        (RunKind.INTERVALS, 0.11),
        (RunKind.HILLS, 0.12),
    ),
    "equivalent minutes per minute",
    _H,
    ("nuuttila2021", "chen2009", "assumpcao2013"),
    "a typical interval or tempo session of up to 60 min stays under the moderate threshold; "
    "neuromuscular markers are back by 24 h after HIIT",
)
RUN_REFERENCE_MIN = Constant(
    "run_reference_min",
    36.0,
    "equivalent min",
    _H,
    ("bosak2009",),
    "solved with the exponent from two anchors: a 5 km race and a marathon",
)
RUN_EXPONENT = Constant(
    "run_exponent", 0.7, "", _H, ("bosak2009", "petersen2007"), "see run_reference_min"
)
RACE_REFERENCE_KM = Constant(
    "race_reference_km",
    5.0,
    "km",
    _V,
    ("bosak2009",),
    "a 5 km race costs one standard session: slower 24 h later, not 72 h later",
)
RACE_EXPONENT = Constant(
    "race_exponent",
    0.6,
    "",
    _H,
    ("petersen2007", "sherman1984", "takayama2017"),
    "a marathon costs about 3.6 standard sessions (quality after 7-9 days)",
)
RACE_PACE_MIN_PER_KM = 5.0  # distance assumed for a race logged without one [H]
STANDARD_RACES = Table(
    "standard_race_km",
    (("5 km", 5.0), ("10 km", 10.0), ("half marathon", 21.0975), ("marathon", 42.195)),
    "km; a race within 5 % of one counts as it",
    _H,
    ("bosak2009", "petersen2007"),
    "a GPS track of a marathon reads 42.2-42.8 km; it is still a marathon, with its gates",
)
RACE_SNAP = 0.05
RACE_DOSE_CAP = Constant(
    "race_dose_cap",
    6.0,
    "standard sessions",
    _H,
    ("petersen2007",),
    "ultra races are capped, not extrapolated; recovery after them is highly individual",
)
SLOW_SHARE_LIFT = Constant(
    "slow_share_lift",
    0.10,
    "",
    _H,
    ("moran_navarro2017", "pareja_blanco2019"),
    "with the two time constants it gives the standard session's 24 h and 48 h exactly",
)
RACE_SLOW_SHARE = Table(
    "race_slow_share",
    (("10 km", 0.10), ("42.195 km", 0.47)),
    "share of the dose, linear between",
    _H,
    ("petersen2007", "sherman1984", "martinez_navarro2021"),
    "long races damage structurally: after a marathon only a recovery jog for 48 h",
)
RUN_SLOW_SHARE_PER_H = Constant(
    "run_slow_share_per_h",
    0.125,
    "per hour over 30 min (from 0.10, at most 0.60)",
    _H,
    ("takayama2017", "petersen2007"),
    "time on feet moves recovery towards the slow, structural compartment",
)
DOWNHILL_FROM_M_PER_KM = Constant(
    "downhill_from_m_per_km",
    5.0,
    "m/km",
    _H,
    ("chen2007", "bontemps2020"),
    "descent beyond 5 m/km adds dose: 1 + (m/km - 5)/50",
)
DOWNHILL_PER_M_PER_KM = 1.0 / 50.0
STEEP_DOWNHILL_M_PER_KM = Constant(
    "steep_downhill_m_per_km",
    20.0,
    "m/km",
    _H,
    ("chen2007", "bontemps2020", "khassetarash2021"),
    "steep downhill running adds slow share (+0.10) and, unaccustomed, 1.5x the dose",
)
DOWNHILL_NOVELTY = 1.5
DOWNHILL_WINDOW = timedelta(days=28)
MAX_SLOW_SHARE = 0.6

#: How other sessions load the muscles, per 20 minutes at RPE 4 (display only).
OTHER_SHARES = {
    SessionType.CYCLE: {Region.QUADS: 0.5, Region.GLUTES: 0.3, Region.CALVES: 0.2},
    SessionType.SWIM: {Region.BACK: 0.5, Region.SHOULDERS: 0.5, Region.ARMS: 0.3},
    SessionType.WALK: {Region.CALVES: 0.1, Region.QUADS: 0.1},
}
#: Minutes per set assumed when a strength session lists no sets (display only).
SETLESS_MINUTES_PER_SET = 3.0

#: How a run spreads over the legs (display only; quads 1 = the standard session's quads).
RUN_SHARES = {
    Region.QUADS: 1.0,
    Region.CALVES: 1.0,
    Region.HAMSTRINGS: 0.6,
    Region.GLUTES: 0.5,
    Region.SHINS: 0.4,
    Region.FEET: 0.4,
}

#: How unknown exercises count, by the session's focus (scenario-format.md: "by the focus").
FOCUS_SHARES: dict[Focus, dict[Region, float]] = {
    Focus.LEGS: {
        Region.QUADS: 0.35,
        Region.GLUTES: 0.25,
        Region.HAMSTRINGS: 0.2,
        Region.ADDUCTORS: 0.1,
        Region.CALVES: 0.1,
    },
    Focus.UPPER: {Region.CHEST: 0.25, Region.BACK: 0.3, Region.SHOULDERS: 0.25, Region.ARMS: 0.2},
    Focus.FULL: {
        Region.QUADS: 0.2,
        Region.GLUTES: 0.15,
        Region.HAMSTRINGS: 0.1,
        Region.CHEST: 0.15,
        Region.BACK: 0.2,
        Region.SHOULDERS: 0.1,
        Region.ARMS: 0.1,
    },
}


class DoseClass(StrEnum):
    """How a session's dose reads next to the standard hard leg session."""

    NONE = "none"  # no leg load: upper body, mobility, an alternative activity
    LIGHT = "light"  # accessory leg work far from failure: no gate
    BELOW = "below standard"
    STANDARD = "standard"
    HEAVY = "heavy"
    VERY_HEAVY = "very heavy"
    RUN = "run"


@dataclass(frozen=True, slots=True)
class SessionDose:
    """What one session costs the legs, in standard leg sessions, and how it decays.

    ``dose`` is 1.0 for the standard hard leg session; ``slow_share`` is the part that decays
    like structural damage; ``onset_h`` delays recovery after a novel session."""

    session: Session
    dose: float
    klass: DoseClass
    slow_share: float
    onset_h: float = 0.0
    #: Hard sets of leg work (RIR 3 or less) as logged, and within 1 RIR; None: not logged.
    hard_sets: int | None = None
    near_failure_sets: int = 0
    #: Leg sets in all, hard or not (light work is named by them).
    leg_sets: int = 0
    ratio: float = 0.0
    novel_because: str | None = None
    eccentric: bool = False
    muscles: tuple[tuple[Region, float], ...] = ()
    note: str | None = None

    @property
    def is_lift(self) -> bool:
        """Return True for a strength session."""
        return self.session.type is SessionType.STRENGTH

    @property
    def gates(self) -> bool:
        """Return True when the session can hold running back at all."""
        return self.dose > 0.0

    @property
    def novel(self) -> bool:
        """Return True when the repeated-bout effect had not built up (R6, R18)."""
        return self.novel_because is not None

    def describe(self) -> str:
        """Return the session's dose in words, with the numbers behind it."""
        if self.session.type is SessionType.RUN:
            what = _run_label(self.session)
            return f"{what} ({self.dose:.2g}x a standard leg session)"
        sets = self.hard_sets
        if self.klass is DoseClass.LIGHT:
            return f"light accessory leg work ({self.leg_sets} sets, none within 3 RIR)"
        if sets is None:
            return f"a {self.klass.value} leg session (sets not logged)"
        count = f"{sets} hard set{'s' if sets != 1 else ''}"
        if self.near_failure_sets == sets and sets > 1:
            count += ", all within 1 RIR"
        elif self.near_failure_sets:
            count += f", {self.near_failure_sets} within 1 RIR"
        if self.klass is DoseClass.STANDARD:
            return f"a standard hard leg session ({count})"
        return f"a {self.klass.value} leg session, {self.dose:.2g}x a standard one ({count})"


def _run_label(session: Session) -> str:
    distance = f"{session.distance_km:g} km " if session.distance_km else ""
    kind = session.kind.value if session.kind else "run"
    if session.kind is RunKind.RACE:
        return f"a {distance}race"
    minutes = f"{session.duration_min:g}-min "
    return f"a {distance or minutes}{kind} run" if kind != "run" else f"a {minutes}run"


def effort(rir: float) -> float:
    """Return a set's damage factor for its reps in reserve, interpolated between whole RIR."""
    table = EFFORT.values
    if rir <= 0:
        return table["0"]
    if rir >= 6:
        return table["6"]
    low = math.floor(rir)
    high = low + 1
    share = rir - low
    return table[str(low)] * (1 - share) + table[str(high)] * share


def set_rir(item: ExerciseSet | None, session_rpe: float | None) -> float:
    """Return a set's reps in reserve: logged, from the session RPE, or the default (2)."""
    if item is not None:
        if item.rir is not None:
            return item.rir
        if item.rpe is not None:
            return max(0.0, 10.0 - item.rpe)
    if session_rpe is not None:
        return max(0.0, 10.0 - session_rpe)
    return UNKNOWN_SET_RIR.value


@dataclass(frozen=True, slots=True)
class _Reading:
    effective_sets: float
    band_sets: float
    hard: int
    near_failure: int
    lower_sets: int
    accessory_only: bool
    eccentric: bool
    muscles: dict[Region, float]


def _entry_damage(entry: CatalogueEntry | None) -> Damage:
    return entry.damage if entry is not None else Damage.FREE


def _lower_share(entry: CatalogueEntry | None, focus: Focus) -> float:
    if entry is None:
        return sum(v for r, v in FOCUS_SHARES[focus].items() if r in LOWER_BODY)
    return entry.lower_body_share if entry.loads_muscles else 0.0


def _weights(entry: CatalogueEntry | None, focus: Focus) -> Mapping[Region, float]:
    if entry is None:
        return FOCUS_SHARES[focus]
    return entry.set_weights if entry.loads_muscles else {}


def _read(exercises: Iterable[Exercise], focus: Focus, session_rpe: float | None) -> _Reading:
    effective = band = 0.0
    hard = near = lower_sets = 0
    accessory_only = True
    eccentric = False
    muscles: dict[Region, float] = {}
    for exercise in exercises:
        entry = resolve(exercise.name)
        damage = _entry_damage(entry)
        share = _lower_share(entry, focus)
        factor = TYPE_FACTOR[damage] * ECCENTRIC_FACTOR[damage]
        weights = _weights(entry, focus)
        for item in exercise.sets or (None,):
            rir = set_rir(item, session_rpe)
            per_set = effort(rir) * factor
            for region, weight in weights.items():
                muscles[region] = muscles.get(region, 0.0) + per_set * weight
            if share <= 0:
                continue
            if share < 0.5:
                effective += per_set * share  # a mixed exercise counts by its leg share
                continue
            effective += per_set
            lower_sets += 1
            accessory_only = accessory_only and damage in ACCESSORY
            eccentric = eccentric or (entry is not None and entry.eccentric)
            if rir <= HARD_SET_MAX_RIR.value:
                band += 1.0 if damage in MULTI_JOINT else TYPE_FACTOR[damage]
                hard += 1
                near += rir <= NEAR_FAILURE_RIR
    return _Reading(effective, band, hard, near, lower_sets, accessory_only, eccentric, muscles)


def _saturated(effective_sets: float) -> float:
    k = SATURATION_SETS.value
    return k * math.log1p(effective_sets / k)


def _standard_session() -> Session:
    from runready.core.model import Exercise as Ex

    return Session(
        SessionType.STRENGTH,
        datetime(2026, 1, 5, 7, 0).astimezone(),
        60.0,
        rpe=8,
        exercises=(
            Ex("Back Squat", tuple(ExerciseSet(reps=5, rpe=8) for _ in range(5))),
            Ex("Romanian Deadlift", tuple(ExerciseSet(reps=8, rpe=8) for _ in range(3))),
        ),
    )


STANDARD_SESSION = _standard_session()
_STANDARD = _saturated(_read(STANDARD_SESSION.exercises, Focus.LEGS, 8.0).effective_sets)


def lift_dose(session: Session, novel_because: str | None = None) -> SessionDose:
    """Return a strength session's leg dose (readiness.md: the band, below and above it)."""
    focus = session.focus or (Focus.FULL if not session.exercises else Focus.LEGS)
    onset = NOVEL_ONSET_H.value if novel_because else 0.0
    if not session.exercises:
        if focus is Focus.UPPER:
            return SessionDose(session, 0.0, DoseClass.NONE, SLOW_SHARE_LIFT.value)
        shares = FOCUS_SHARES[focus]
        sets = session.duration_min / SETLESS_MINUTES_PER_SET
        muscles = tuple((r, v * sets) for r, v in shares.items())
        if session.rpe is None or session.rpe >= BAND_SESSION_RPE.value:
            return SessionDose(
                session, 1.0, DoseClass.STANDARD, SLOW_SHARE_LIFT.value, onset,
                ratio=1.0, novel_because=novel_because, eccentric=True, muscles=muscles,
            )  # fmt: skip
        dose = min(1.0, session.rpe * session.duration_min / SETLESS_STANDARD_LOAD.value)
        return SessionDose(
            session, dose, DoseClass.BELOW, SLOW_SHARE_LIFT.value, onset,
            ratio=dose, novel_because=novel_because, eccentric=True, muscles=muscles,
        )  # fmt: skip
    reading = _read(session.exercises, focus, session.rpe)
    muscles = tuple(sorted(reading.muscles.items(), key=lambda item: item[0].value))
    ratio = _saturated(reading.effective_sets) / _STANDARD
    n = reading.band_sets
    if reading.lower_sets == 0:
        klass, dose = DoseClass.NONE, 0.0
    elif n == 0 and reading.accessory_only and reading.lower_sets <= LIGHT_MAX_SETS.value:
        klass, dose = DoseClass.LIGHT, 0.0
    elif n < BAND.value:
        klass, dose = DoseClass.BELOW, min(1.0, ratio)
    elif n <= BAND_TOP:
        klass, dose = DoseClass.STANDARD, 1.0
    else:
        ramp = min(1.0, (n - BAND_TOP) / HEAVY_RAMP_SETS)
        floor = 1.0 + HEAVY_STEP.value * (n - BAND_TOP)
        dose = max(floor, 1.0 + (ratio - 1.0) * ramp)
        klass = DoseClass.VERY_HEAVY if dose >= VERY_HEAVY_AT else DoseClass.HEAVY
    return SessionDose(
        session,
        dose,
        klass,
        SLOW_SHARE_LIFT.value,
        onset if dose > 0 else 0.0,
        hard_sets=reading.hard,
        near_failure_sets=reading.near_failure,
        leg_sets=reading.lower_sets,
        ratio=ratio,
        novel_because=novel_because if dose > 0 else None,
        eccentric=reading.eccentric,
        muscles=muscles,
    )


def _run_weight(session: Session) -> float:
    if session.kind is not None and session.kind is not RunKind.RACE:
        return RUN_WEIGHT[session.kind]
    by_level = {
        Intensity.RECOVERY: RunKind.RECOVERY,
        Intensity.EASY: RunKind.EASY,
        Intensity.MODERATE: RunKind.STEADY,
        Intensity.HARD: RunKind.TEMPO,
    }
    return RUN_WEIGHT[by_level[session.run_intensity]]


def race_km(distance_km: float) -> float:
    """Return a race's distance, a standard race's when it is within 5 % of one."""
    for _, standard in STANDARD_RACES.entries:
        if abs(distance_km - standard) <= RACE_SNAP * standard:
            return standard
    return distance_km


def race_slow_share(distance_km: float) -> float:
    """Return a race's slow share: 0.10 up to 10 km, rising to 0.47 at the marathon."""
    (short_key, short), (long_key, long) = RACE_SLOW_SHARE.entries
    low, high = float(short_key.split()[0]), float(long_key.split()[0])
    share = (distance_km - low) / (high - low)
    return short + (long - short) * min(1.0, max(0.0, share))


def run_dose(session: Session, downhill_novel: bool = False) -> SessionDose:
    """Return a run's leg dose: by distance for races, by weighted minutes otherwise."""
    descent = session.downhill_m_per_km
    factor = 1.0 + max(0.0, descent - DOWNHILL_FROM_M_PER_KM.value) * DOWNHILL_PER_M_PER_KM
    steep = descent >= STEEP_DOWNHILL_M_PER_KM.value
    if steep and downhill_novel:
        factor *= DOWNHILL_NOVELTY
    note = None
    if session.kind is RunKind.RACE:
        km = race_km(session.distance_km or session.duration_min / RACE_PACE_MIN_PER_KM)
        dose = (km / RACE_REFERENCE_KM.value) ** RACE_EXPONENT.value * factor
        slow = race_slow_share(km)
        if dose >= RACE_DOSE_CAP.value:
            dose, slow = RACE_DOSE_CAP.value, MAX_SLOW_SHARE
            note = "recovery after ultra events is highly individual: follow your race plan"
    else:
        equivalent = session.duration_min * _run_weight(session)
        dose = (equivalent / RUN_REFERENCE_MIN.value) ** RUN_EXPONENT.value * factor
        hours = session.duration_min / 60.0
        slow = SLOW_SHARE_LIFT.value + RUN_SLOW_SHARE_PER_H.value * max(0.0, hours - 0.5)
    if steep:
        slow += 0.10
    slow = min(MAX_SLOW_SHARE, slow)
    sets = dose * _STANDARD_EFFECTIVE
    muscles = tuple((region, share * sets) for region, share in RUN_SHARES.items())
    return SessionDose(session, dose, DoseClass.RUN, slow, muscles=muscles, note=note)


_STANDARD_EFFECTIVE = _read(STANDARD_SESSION.exercises, Focus.LEGS, 8.0).effective_sets


def is_leg_session(session: Session) -> bool:
    """Return True for a strength session whose load falls mostly on the legs (rules.md)."""
    return session.type is SessionType.STRENGTH and loads_legs(session.focus, session.exercises)


def loads_legs(focus: Focus | None, exercises: Sequence[Exercise]) -> bool:
    """Return True when a lift of this focus and these exercises is leg work: focus legs or
    full body (or no exercises and no focus), most sets on the lower body, or 6+ sets of
    squats, hinges and lunges."""
    if not exercises:
        return focus is not Focus.UPPER
    if focus in (Focus.LEGS, Focus.FULL):
        return True
    reading = focus or Focus.LEGS
    total = lower = 0.0
    compound = 0
    for exercise in exercises:
        entry = resolve(exercise.name)
        if entry is not None and not entry.loads_muscles:
            continue
        share = _lower_share(entry, reading)
        sets = max(1, len(exercise.sets))
        total += sets
        lower += share * sets
        if entry is not None and entry.pattern in LEG_COMPOUND_PATTERNS:
            compound += sets
    return total > 0 and (lower / total >= 0.5 or compound >= LEG_COMPOUND_MIN_SETS)


class Doses:
    """The doses of an athlete's sessions, with the history that novelty needs read once.

    ``known_from`` is where the athlete's known history starts (default: the first of
    ``sessions``). Sessions from ``planned_from`` on are hypothetical: their novelty comes from
    lifting experience alone, never from a count of sessions that may not happen."""

    def __init__(
        self,
        sessions: Sequence[Session],
        athlete: Athlete,
        known_from: datetime | None = None,
        planned_from: datetime | None = None,
    ) -> None:
        self.athlete = athlete
        ordered = sorted(sessions, key=lambda s: s.start)
        self.known_from = known_from or (ordered[0].start if ordered else None)
        self.planned_from = planned_from
        self._legs = [s for s in ordered if is_leg_session(s)]
        self._leg_starts = [s.start for s in self._legs]
        self._steep = [s.start for s in ordered if _steep_run(s)]
        self._cache: dict[int, SessionDose] = {}

    def of(self, session: Session) -> SessionDose:
        """Return the dose of ``session`` (cached by identity).

        A cached dose holds its session, so the identity it is keyed by cannot be reused by
        another object while the entry lives."""
        found = self._cache.get(id(session))
        if found is None or found.session is not session:
            found = self._cache[id(session)] = self._dose(session)
        return found

    def _dose(self, session: Session) -> SessionDose:
        if session.type is SessionType.STRENGTH:
            plain = lift_dose(session)
            # Any leg dose starts late after a novel bout, however many upper-body sets the
            # session also held.
            reason = self.novel_because(session) if plain.dose > 0 else None
            return lift_dose(session, reason) if reason else plain
        if session.type is SessionType.RUN:
            return run_dose(session, self._downhill_novel(session))
        blocks = session.duration_min / 20.0 * (session.rpe or 3.0) / 4.0
        shares = OTHER_SHARES.get(session.type, {})
        muscles = tuple((region, share * blocks) for region, share in shares.items())
        return SessionDose(session, 0.0, DoseClass.NONE, SLOW_SHARE_LIFT.value, muscles=muscles)

    def novel_because(self, session: Session) -> str | None:
        """Return why a leg session is novel (R6, R18), or None.

        Absence of data is not evidence: the count of earlier leg sessions only counts when
        the known history reaches back the whole window (readiness.md rule 2)."""
        if session.type is not SessionType.STRENGTH:
            return None
        months = self.athlete.lifting_experience_months
        if months is not None and months < NOVICE_MONTHS:
            return f"{months:g} months of lifting experience (under {NOVICE_MONTHS:g})"
        if self.known_from is None or self.known_from > session.start - NOVEL_WINDOW:
            return None
        if self.planned_from is not None and session.start >= self.planned_from:
            return None
        count = self.legs_between(session.start - NOVEL_WINDOW, session.start)
        if count < NOVEL_MIN_SESSIONS:
            return f"{count} leg session(s) in the 21 days before it (under {NOVEL_MIN_SESSIONS})"
        return None

    def legs_between(self, start: datetime, end: datetime) -> int:
        """Return how many leg sessions started in ``[start, end)``."""
        return bisect.bisect_left(self._leg_starts, end) - bisect.bisect_left(
            self._leg_starts, start
        )

    def _downhill_novel(self, session: Session) -> bool:
        low = bisect.bisect_left(self._steep, session.start - DOWNHILL_WINDOW)
        return bisect.bisect_left(self._steep, session.start) == low


def _steep_run(session: Session) -> bool:
    return (
        session.type is SessionType.RUN
        and session.downhill_m_per_km >= STEEP_DOWNHILL_M_PER_KM.value
    )


REGISTER: tuple[Constant | Table, ...] = (
    EFFORT,
    TYPE_FACTOR,
    ECCENTRIC_FACTOR,
    HARD_SET_MAX_RIR,
    UNKNOWN_SET_RIR,
    BAND,
    BAND_SESSION_RPE,
    SETLESS_STANDARD_LOAD,
    LIGHT_MAX_SETS,
    SATURATION_SETS,
    HEAVY_STEP,
    NOVEL_ONSET_H,
    RUN_WEIGHT,
    RUN_REFERENCE_MIN,
    RUN_EXPONENT,
    RACE_REFERENCE_KM,
    RACE_EXPONENT,
    RACE_DOSE_CAP,
    STANDARD_RACES,
    SLOW_SHARE_LIFT,
    RACE_SLOW_SHARE,
    RUN_SLOW_SHARE_PER_H,
    DOWNHILL_FROM_M_PER_KM,
    STEEP_DOWNHILL_M_PER_KM,
)
