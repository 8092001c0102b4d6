"""Domain values: athletes, sessions, check-ins and intents, as frozen dataclasses."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import IntEnum, StrEnum

from runready.core import limits
from runready.core.errors import InvalidInput


class Goal(StrEnum):
    """What the athlete trains for."""

    HYPERTROPHY = "hypertrophy"
    STRENGTH = "strength"
    RUNNING = "running"
    GENERAL = "general"

    @property
    def lifts_first(self) -> bool:
        """Return True for goals where muscle size or strength is the priority."""
        return self in (Goal.HYPERTROPHY, Goal.STRENGTH)


class PolicyName(StrEnum):
    """The advice policies: the evidence, Article A's stance or Article B's stance."""

    BALANCED = "balanced"
    ACTIVE = "active"
    CONSERVATIVE = "conservative"


class Sex(StrEnum):
    """Sex, used for the Banister TRIMP constants."""

    FEMALE = "female"
    MALE = "male"


class Intensity(IntEnum):
    """Run intensity, ordered: none < recovery < easy < moderate < hard."""

    NONE = 0
    RECOVERY = 1
    EASY = 2
    MODERATE = 3
    HARD = 4

    @property
    def label(self) -> str:
        """Return the contract's lower-case name."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Intensity:
        """Return the intensity named ``text``."""
        return cls[text.upper()]

    def lower(self, levels: int = 1) -> Intensity:
        """Return this intensity lowered by ``levels``, never below recovery unless it was none."""
        if self is Intensity.NONE:
            return self
        return Intensity(max(Intensity.RECOVERY, self - levels))


RUN_INTENSITIES = (Intensity.RECOVERY, Intensity.EASY, Intensity.MODERATE, Intensity.HARD)


class SessionType(StrEnum):
    """The kind of training session."""

    STRENGTH = "strength"
    RUN = "run"
    WALK = "walk"
    CYCLE = "cycle"
    SWIM = "swim"
    YOGA = "yoga"
    OTHER = "other"


class RunKind(StrEnum):
    """The kind of run, which maps onto an intensity."""

    RECOVERY = "recovery"
    EASY = "easy"
    STEADY = "steady"
    LONG = "long"
    TEMPO = "tempo"
    INTERVALS = "intervals"
    HILLS = "hills"
    RACE = "race"

    @property
    def intensity(self) -> Intensity:
        """Return the intensity this kind of run counts as (scenario-format.md)."""
        return _KIND_INTENSITY[self]


_KIND_INTENSITY = {
    RunKind.RECOVERY: Intensity.RECOVERY,
    RunKind.EASY: Intensity.EASY,
    RunKind.STEADY: Intensity.MODERATE,
    RunKind.LONG: Intensity.MODERATE,
    RunKind.TEMPO: Intensity.HARD,
    RunKind.INTERVALS: Intensity.HARD,
    RunKind.HILLS: Intensity.HARD,
    RunKind.RACE: Intensity.HARD,
}

#: A run longer than this is quality work whatever its kind (rules.md, "quality run").
LONG_RUN_MIN = 60.0  # rules.md / evidence §4 (runready_heuristic)


def is_quality(
    type_: SessionType, intensity: Intensity, kind: RunKind | None, duration_min: float | None
) -> bool:
    """Return True for a quality run: tempo, intervals, hills, race, or a long run (the kind,
    or over 60 min). The one definition every rule and the planner use (readiness.md)."""
    return type_ is SessionType.RUN and (
        intensity is Intensity.HARD or kind is RunKind.LONG or (duration_min or 0) > LONG_RUN_MIN
    )


def required_intensity(
    type_: SessionType, intensity: Intensity, kind: RunKind | None, duration_min: float | None
) -> Intensity:
    """Return the level a run needs to be allowed: hard for quality work, else its intensity."""
    if is_quality(type_, intensity, kind, duration_min):
        return Intensity.HARD
    return intensity


class Focus(StrEnum):
    """Which half of the body a strength session trains."""

    LEGS = "legs"
    UPPER = "upper"
    FULL = "full"


class Feel(StrEnum):
    """How the athlete feels, self-reported."""

    FRESH = "fresh"
    NORMAL = "normal"
    TIRED = "tired"
    EXHAUSTED = "exhausted"


class Pain(StrEnum):
    """Pain, self-reported; sharp means localised or gait-changing."""

    NONE = "none"
    DULL = "dull"
    SHARP = "sharp"


class Region(StrEnum):
    """Body regions used for soreness reports and per-muscle fatigue."""

    QUADS = "quads"
    HAMSTRINGS = "hamstrings"
    GLUTES = "glutes"
    CALVES = "calves"
    ADDUCTORS = "adductors"
    HIP_FLEXORS = "hip_flexors"
    LOWER_BACK = "lower_back"
    SHINS = "shins"
    FEET = "feet"
    CHEST = "chest"
    BACK = "back"
    SHOULDERS = "shoulders"
    ARMS = "arms"
    CORE = "core"


LOWER_BODY = frozenset(
    {
        Region.QUADS,
        Region.HAMSTRINGS,
        Region.GLUTES,
        Region.CALVES,
        Region.ADDUCTORS,
        Region.HIP_FLEXORS,
        Region.SHINS,
        Region.FEET,
    }
)
UPPER_BODY = frozenset({Region.CHEST, Region.BACK, Region.SHOULDERS, Region.ARMS})
#: The muscles whose soreness gates running (rules.md, R7).
RUNNING_MUSCLES = (Region.QUADS, Region.HAMSTRINGS, Region.GLUTES, Region.CALVES)


def _require(condition: bool, name: str, problem: str) -> None:
    if not condition:
        raise InvalidInput(name, problem)


def _within(value: float | None, name: str, bounds: limits.Range) -> None:
    _check_range(value, name, *bounds)


def _check_range(value: float | None, name: str, low: float, high: float) -> None:
    if value is None:
        return
    _require(math.isfinite(value), name, f"must be a finite number, got {value}")
    _require(low <= value <= high, name, f"must be between {low:g} and {high:g}, got {value:g}")


#: The years a training date may fall in. Dates near year 1 or 9999 overflow the moment a day
#: or an offset is added to them, and nobody trained before 1900 or plans beyond 2200.
FIRST_YEAR, LAST_YEAR = 1900, 2200


def check_year(value: date, name: str) -> None:
    """Refuse a date or moment outside FIRST_YEAR-LAST_YEAR; the error names the field."""
    _require(
        FIRST_YEAR <= value.year <= LAST_YEAR,
        name,
        f"the year {value.year} is out of range ({FIRST_YEAR}-{LAST_YEAR})",
    )


def _check_aware(value: datetime, name: str) -> None:
    _require(value.utcoffset() is not None, name, "must carry a UTC offset")
    check_year(value, name)


@dataclass(frozen=True, slots=True)
class Athlete:
    """The person being advised: goal, policy and optional profile."""

    goal: Goal = Goal.GENERAL
    policy: PolicyName = PolicyName.BALANCED
    sex: Sex | None = None
    age_years: int | None = None
    hr_max_bpm: int | None = None
    hr_rest_bpm: int | None = None
    lifting_experience_months: float | None = None
    #: Whether the personal recovery rate is learned from outcomes and used (calibration.py).
    calibrate: bool = True

    def __post_init__(self) -> None:
        _within(self.age_years, "athlete.age", limits.AGE_YEARS)
        _within(self.hr_max_bpm, "athlete.hr_max", limits.HR_MAX_BPM)
        _within(self.hr_rest_bpm, "athlete.hr_rest", limits.HR_REST_BPM)
        _within(
            self.lifting_experience_months,
            "athlete.lifting_experience_months",
            limits.LIFTING_EXPERIENCE_MONTHS,
        )
        if self.hr_max_bpm is not None and self.hr_rest_bpm is not None:
            _require(
                self.hr_rest_bpm < self.hr_max_bpm,
                "athlete.hr_rest",
                "must be below hr_max",
            )


@dataclass(frozen=True, slots=True)
class ExerciseSet:
    """One set: reps and load, with optional effort as RPE or reps in reserve."""

    reps: int | None = None
    weight_kg: float | None = None
    rpe: float | None = None
    rir: float | None = None
    duration_s: float | None = None

    def __post_init__(self) -> None:
        _check_range(self.reps, "reps", 0, 1000)
        _check_range(self.weight_kg, "weight_kg", 0, 1000)
        _within(self.rpe, "rpe", limits.RPE)
        _check_range(self.rir, "rir", 0, 50)
        _check_range(self.duration_s, "duration_s", 0, 24 * 3600)

    @property
    def effort_rpe(self) -> float | None:
        """Return the set's RPE, derived from RIR when only that is known (Zourdos 2016)."""
        if self.rpe is not None:
            return self.rpe
        if self.rir is not None:
            return max(0.0, 10.0 - self.rir)
        return None

    @property
    def volume_kg(self) -> float:
        """Return reps times load, the set's volume load (McBride 2009)."""
        return float(self.reps or 0) * float(self.weight_kg or 0.0)


@dataclass(frozen=True, slots=True)
class Exercise:
    """An exercise as logged, by its name, with its sets."""

    name: str
    sets: tuple[ExerciseSet, ...] = ()

    def __post_init__(self) -> None:
        _require(bool(self.name.strip()), "name", "must not be empty")


@dataclass(frozen=True, slots=True)
class Session:
    """A training session that happened (or is planned), of any type."""

    type: SessionType
    start: datetime
    duration_min: float
    rpe: float | None = None
    focus: Focus | None = None
    exercises: tuple[Exercise, ...] = ()
    kind: RunKind | None = None
    distance_km: float | None = None
    avg_hr_bpm: float | None = None
    elevation_loss_m: float | None = None
    trimp: float | None = None
    name: str | None = None
    moving_min: float | None = None
    max_hr_bpm: float | None = None
    #: Seconds spent at each heart rate (bpm), so TRIMP can be recomputed for any HR profile.
    hr_histogram: tuple[tuple[int, float], ...] = ()

    def __post_init__(self) -> None:
        _check_aware(self.start, "start")
        _require(math.isfinite(self.duration_min), "duration_min", "must be a finite number")
        _require(
            0 <= self.duration_min <= 7 * 24 * 60,
            "duration_min",
            f"must be between 0 and 10080 minutes, got {self.duration_min:g}",
        )
        _within(self.rpe, "rpe", limits.RPE)
        _within(self.distance_km, "distance_km", limits.DISTANCE_KM)
        _within(self.avg_hr_bpm, "avg_hr", limits.SESSION_HR_BPM)
        _within(self.elevation_loss_m, "elevation_loss_m", limits.ELEVATION_LOSS_M)
        _check_range(self.trimp, "trimp", 0, 10000)
        _check_range(self.moving_min, "moving_min", 0, 7 * 24 * 60)
        _within(self.max_hr_bpm, "max_hr", limits.SESSION_HR_BPM)
        if self.kind is not None:
            _require(self.type is SessionType.RUN, "kind", "is only valid for runs")

    @property
    def end(self) -> datetime:
        """Return the moment the session ended."""
        return self.start + timedelta(minutes=self.duration_min)

    @property
    def run_intensity(self) -> Intensity:
        """Return the intensity of a run from its kind, or from its RPE when the kind is unknown."""
        if self.kind is not None:
            return self.kind.intensity
        if self.rpe is None:
            return Intensity.EASY
        if self.rpe <= 2:
            return Intensity.RECOVERY
        if self.rpe <= 4:
            return Intensity.EASY
        if self.rpe <= 6:
            return Intensity.MODERATE
        return Intensity.HARD

    @property
    def is_quality_run(self) -> bool:
        """Return True for quality running (``is_quality``)."""
        return is_quality(self.type, self.run_intensity, self.kind, self.duration_min)

    @property
    def downhill_m_per_km(self) -> float:
        """Return the elevation lost per kilometre, 0 when unknown."""
        if not self.elevation_loss_m or not self.distance_km:
            return 0.0
        return self.elevation_loss_m / self.distance_km


@dataclass(frozen=True, slots=True)
class CheckIn:
    """A self-report: soreness per region (0-10), last night's sleep, feel and pain."""

    at: datetime
    soreness: tuple[tuple[Region, float], ...] = ()
    sleep_h: float | None = None
    feel: Feel | None = None
    pain: Pain = Pain.NONE

    def __post_init__(self) -> None:
        _check_aware(self.at, "at")
        for region, value in self.soreness:
            _check_range(value, f"soreness.{region.value}", 0, 10)
        _check_range(self.sleep_h, "sleep_h", 0, 24)

    @classmethod
    def of(
        cls, at: datetime, soreness: Mapping[Region, float] | float | None = None, **kwargs: object
    ) -> CheckIn:
        """Build a check-in; a plain number for soreness means the running muscles overall."""
        if soreness is None:
            pairs: tuple[tuple[Region, float], ...] = ()
        elif isinstance(soreness, int | float):
            pairs = tuple((region, float(soreness)) for region in RUNNING_MUSCLES)
        else:
            pairs = tuple(sorted(soreness.items(), key=lambda item: item[0].value))
        return cls(at=at, soreness=pairs, **kwargs)  # type: ignore[arg-type]

    def soreness_of(self, region: Region) -> float:
        """Return the soreness reported for ``region``, 0 when not reported."""
        return max((value for reg, value in self.soreness if reg is region), default=0.0)

    @property
    def running_soreness(self) -> float:
        """Return the highest soreness over the running muscles (R7)."""
        return max(self.soreness_of(region) for region in RUNNING_MUSCLES)


class LegsFelt(StrEnum):
    """How the legs felt on a run, told after it (one tap)."""

    FINE = "fine"
    HEAVY = "heavy"
    HAD_TO_STOP = "had_to_stop"


@dataclass(frozen=True, slots=True)
class RunFeedback:
    """The athlete's word on one run of the history: how the legs felt, and its session RPE."""

    run_start: datetime
    legs: LegsFelt
    rpe: float | None = None

    def __post_init__(self) -> None:
        _check_aware(self.run_start, "feedback.run")
        _check_range(self.rpe, "feedback.rpe", 0, 10)


@dataclass(frozen=True, slots=True)
class Wellness:
    """A morning's whole-body readings, from a check-in or a synced wearable.

    rMSSD and SDNN are different HRV measures and are kept apart (users-and-peers.md (d)):
    the rules read rMSSD; SDNN is shown, never compared with an rMSSD baseline."""

    at: datetime
    hrv_rmssd_ms: float | None = None
    hrv_sdnn_ms: float | None = None
    resting_hr_bpm: float | None = None
    sleep_h: float | None = None

    def __post_init__(self) -> None:
        _check_aware(self.at, "wellness.at")
        _check_range(self.hrv_rmssd_ms, "wellness.hrv_rmssd_ms", 1, 500)
        _check_range(self.hrv_sdnn_ms, "wellness.hrv_sdnn_ms", 1, 500)
        _check_range(self.resting_hr_bpm, "wellness.resting_hr_bpm", 20, 150)
        _check_range(self.sleep_h, "wellness.sleep_h", 0, 24)


@dataclass(frozen=True, slots=True)
class IntentItem:
    """Something the athlete would like to do next."""

    type: SessionType
    start: datetime | None = None
    kind: RunKind | None = None
    duration_min: float | None = None
    distance_km: float | None = None
    focus: Focus | None = None
    rpe: float | None = None
    exercises: tuple[Exercise, ...] = ()

    def __post_init__(self) -> None:
        if self.start is not None:
            _check_aware(self.start, "start")
        if self.duration_min is not None:
            _check_range(self.duration_min, "duration_min", 0, 7 * 24 * 60)
        _within(self.distance_km, "distance_km", limits.DISTANCE_KM)
        _within(self.rpe, "rpe", limits.RPE)
        if self.kind is not None:
            _require(self.type is SessionType.RUN, "kind", "is only valid for runs")

    @property
    def intensity(self) -> Intensity:
        """Return the run intensity this item asks for (easy when the kind is not given)."""
        if self.kind is not None:
            return self.kind.intensity
        return Intensity.EASY

    @property
    def is_quality_run(self) -> bool:
        """Return True for quality running (``is_quality``)."""
        return is_quality(self.type, self.intensity, self.kind, self.duration_min)

    @property
    def required(self) -> Intensity:
        """Return the level this item needs to be allowed (hard for quality work)."""
        return required_intensity(self.type, self.intensity, self.kind, self.duration_min)


@dataclass(frozen=True, slots=True)
class Scenario:
    """One athlete's situation at one moment: everything the advisor needs."""

    now: datetime
    athlete: Athlete
    history: tuple[Session, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    intent: tuple[IntentItem, ...] = field(default=())
    #: Past outcomes and readings: what the athlete said after runs, and wellness mornings.
    feedback: tuple[RunFeedback, ...] = ()
    wellness: tuple[Wellness, ...] = ()

    def __post_init__(self) -> None:
        _check_aware(self.now, "now")
        runs = {s.start for s in self.history if s.type is SessionType.RUN}
        for index, item in enumerate(self.feedback):
            _require(
                item.run_start in runs,
                f"feedback[{index}].run",
                f"no run in the history starts at {item.run_start.isoformat()}",
            )
