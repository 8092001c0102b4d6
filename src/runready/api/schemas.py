"""The JSON shapes of the API, as OpenAPI shows them. The core's readers still check meaning."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from runready.core import limits
from runready.core.model import (
    Feel,
    Focus,
    Goal,
    LegsFelt,
    Pain,
    PolicyName,
    Region,
    RunKind,
    Sex,
)
from runready.core.model import SessionType as Kind
from runready.core.text_limits import EXERCISE_NAME_MAX_CHARS, SESSION_NAME_MAX_CHARS
from runready.http.params import Day


def _within(bounds: limits.Range) -> Any:  # a FieldInfo, as Field() is typed
    """Return the pydantic bounds of a core range."""
    return Field(ge=bounds.low, le=bounds.high)


Level = Literal["none", "recovery", "easy", "moderate", "hard"]
Score = Annotated[float, Field(ge=0, le=10)]
Username = Annotated[str, Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
Password = Annotated[str, Field(min_length=1, max_length=1024)]
NewPassword = Annotated[str, Field(min_length=10, max_length=1024)]
Timezone = Annotated[str, Field(min_length=1, max_length=64, examples=["Europe/Berlin"])]
Role = Literal["athlete", "coach"]


class In(BaseModel):
    """A request body: unknown fields are refused, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid")


class Problem(BaseModel):
    """An error (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str
    field: str | None = None


# Accounts


class SetupIn(In):
    """The first account: it becomes the admin."""

    username: Username
    password: NewPassword
    role: Role = "athlete"
    timezone: Timezone = "UTC"


class LoginIn(In):
    """User name and password."""

    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Password


class UserOut(BaseModel):
    """An account."""

    id: uuid.UUID
    username: str
    role: Role
    admin: bool


class LoginOut(BaseModel):
    """A new browser session: the cookie is set; send this token as X-CSRF-Token on writes."""

    user: UserOut
    csrf_token: str


class SetupState(BaseModel):
    """Whether the first account still has to be created."""

    needed: bool


class PasswordIn(In):
    """A password change."""

    current_password: Password
    new_password: NewPassword


class EraseIn(In):
    """Erasure is confirmed with the password."""

    password: Password


class NewUserIn(SetupIn):
    """An account made by the admin."""


class KeyIn(In):
    """A name for a new API key."""

    name: Annotated[str, Field(min_length=1, max_length=100)]


class KeyOut(BaseModel):
    """An API key as listed (the key itself is shown only once)."""

    id: uuid.UUID
    name: str
    prefix: str
    created_at: str


class NewKeyOut(BaseModel):
    """A new API key: store it now, it is not shown again."""

    id: uuid.UUID
    name: str
    key: str


# Athletes


class AthleteOut(BaseModel):
    """An athlete as the caller sees it."""

    id: uuid.UUID
    name: str
    timezone: str
    demo: bool
    access: Literal["owner", "coach"]


class MeOut(BaseModel):
    """The caller and the athletes they can see."""

    user: UserOut
    athletes: list[AthleteOut]


class ProfileOut(BaseModel):
    """An athlete's profile."""

    id: uuid.UUID
    name: str
    goal: Goal
    policy: PolicyName
    sex: Sex | None
    age: int | None
    hr_max: int | None
    hr_rest: int | None
    lifting_experience_months: float | None
    weight_unit: Literal["kg", "lb"]
    timezone: str
    calibrate: bool
    demo: bool
    access: Literal["owner", "coach"]


class ProfilePatch(In):
    """Fields to change; those left out stay as they are."""

    name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    goal: Goal | None = None
    policy: PolicyName | None = None
    sex: Sex | None = None
    age: Annotated[int, _within(limits.AGE_YEARS)] | None = None
    hr_max: Annotated[int, _within(limits.HR_MAX_BPM)] | None = None
    hr_rest: Annotated[int, _within(limits.HR_REST_BPM)] | None = None
    lifting_experience_months: (
        Annotated[float, _within(limits.LIFTING_EXPERIENCE_MONTHS)] | None
    ) = None
    weight_unit: Literal["kg", "lb"] | None = None
    timezone: Timezone | None = None
    calibrate: bool | None = None


class CoachIn(In):
    """The user name of a coach account."""

    coach: Username


class CoachesOut(BaseModel):
    """The coaches who can see an athlete."""

    coaches: list[str]


# Sessions and check-ins


class SetIn(In):
    """One set."""

    reps: Annotated[int, Field(ge=0, le=1000)] | None = None
    weight_kg: Annotated[float, Field(ge=0, le=1000)] | None = None
    rpe: Score | None = None
    rir: Annotated[float, Field(ge=0, le=50)] | None = None
    duration_s: Annotated[float, Field(ge=0, le=86400)] | None = None


class ExerciseIn(In):
    """An exercise and its sets."""

    name: Annotated[str, Field(min_length=1, max_length=EXERCISE_NAME_MAX_CHARS)]
    sets: Annotated[list[SetIn], Field(max_length=200)] = []


class SessionIn(In):
    """A past session (the scenario format's history item)."""

    type: Kind
    start: AwareDatetime
    duration_min: Annotated[float, Field(ge=0, le=10080)]
    rpe: Score | None = None
    focus: Focus | None = None
    exercises: Annotated[list[ExerciseIn], Field(max_length=100)] | None = None
    kind: RunKind | None = None
    distance_km: Annotated[float, Field(ge=0, le=2000)] | None = None
    avg_hr: Annotated[float, _within(limits.SESSION_HR_BPM)] | None = None
    elevation_loss_m: Annotated[float, Field(ge=0, le=20000)] | None = None
    name: Annotated[str, Field(max_length=SESSION_NAME_MAX_CHARS)] | None = None


class SessionOut(BaseModel):
    """A stored session."""

    id: uuid.UUID
    type: Kind
    start: str
    duration_min: float
    distance_km: float | None
    source: str
    name: str | None
    kind: RunKind | None
    focus: Focus | None
    rpe: float | None
    avg_hr: float | None
    sets: int


class CheckInIn(In):
    """How the athlete feels; ``at`` defaults to now."""

    at: AwareDatetime | None = None
    soreness: Score | dict[Region, Score] | None = None
    sleep_h: Annotated[float, Field(ge=0, le=24)] | None = None
    feel: Feel | None = None
    pain: Pain = Pain.NONE


class CheckInOut(BaseModel):
    """A stored check-in."""

    at: str
    soreness: dict[str, float]
    sleep_h: float | None
    feel: Feel | None
    pain: Pain


class FeedbackIn(In):
    """How the legs felt on a run: the one with ``run_id``, or the latest."""

    legs: LegsFelt
    run_id: uuid.UUID | None = None
    rpe: Annotated[float, Field(ge=0, le=10)] | None = None


class FeedbackOut(BaseModel):
    """The word after a stored run."""

    run_id: uuid.UUID
    run_start: str
    legs: LegsFelt
    rpe: float | None
    told_at: str


class WellnessIn(In):
    """A morning's readings; ``at`` defaults to now."""

    at: AwareDatetime | None = None
    hrv_rmssd_ms: Annotated[float, Field(ge=1, le=500)] | None = None
    hrv_sdnn_ms: Annotated[float, Field(ge=1, le=500)] | None = None
    resting_hr: Annotated[float, Field(ge=20, le=150)] | None = None
    sleep_h: Annotated[float, Field(ge=0, le=24)] | None = None


class WellnessOut(BaseModel):
    """A stored morning's readings."""

    at: str
    hrv_rmssd_ms: float | None
    hrv_sdnn_ms: float | None
    resting_hr: float | None
    sleep_h: float | None


class TallyOut(BaseModel):
    """How often the advice held, and how it missed."""

    held: int
    runs: int
    too_loose: int
    too_strict: int


class HeldOutOut(BaseModel):
    """The learned rate against the default, each run judged by advice that had not seen it."""

    learned: TallyOut
    default: TallyOut


class RecordOut(BaseModel):
    """The advice's own record: answers shown matched to how the legs felt."""

    means: str
    sentence: str
    shown: TallyOut
    default_rate: TallyOut
    held_out: HeldOutOut


class CalibrationOut(BaseModel):
    """The personal recovery rate (``multiplier`` is what the engine uses) and the record."""

    multiplier: float
    observations: int
    interval: list[float]
    active: bool
    enabled: bool
    estimate: float
    prior: float
    faster: int
    slower: int
    sentence: str
    record: RecordOut


# Imports


class FileResult(BaseModel):
    """What happened to one uploaded file."""

    name: str
    outcome: Literal["imported", "duplicate", "skipped", "rejected"]
    reason: str | None
    format: str | None
    sessions_added: int
    sessions_merged: int


class JobOut(BaseModel):
    """An import job: progress while it runs, every file's outcome when done."""

    id: uuid.UUID
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    total: int | None
    done: int
    counts: dict[str, int]
    files: list[FileResult]
    error: str | None
    created_at: str


# Advice


class IntentIn(In):
    """Something the athlete would like to do."""

    type: Kind
    start: AwareDatetime | None = None
    kind: RunKind | None = None
    duration_min: Annotated[float, Field(ge=0, le=10080)] | None = None
    distance_km: Annotated[float, Field(ge=0, le=2000)] | None = None
    focus: Focus | None = None
    rpe: Score | None = None
    exercises: Annotated[list[ExerciseIn], Field(max_length=100)] | None = None


class WhatIfRun(In):
    """A run to ask about: the largest leg session that keeps it (with its start), or the
    earliest moment it is allowed."""

    kind: RunKind
    duration_min: Annotated[float, Field(gt=0, le=1440)] | None = None
    start: AwareDatetime | None = None


class AdviceIn(In):
    """Ask at a moment (default now), optionally about planned sessions and what-ifs."""

    at: AwareDatetime | None = None
    intent: Annotated[list[IntentIn], Field(max_length=10)] = []
    keep: WhatIfRun | None = None
    when: WhatIfRun | None = None


class RunLimit(BaseModel):
    """How hard and how long a run may be now."""

    max_intensity: Level
    max_duration_min: float | None


class Order(BaseModel):
    """Which of a day's strength session and run comes first."""

    first: str
    min_gap_h: float


class WarningOut(BaseModel):
    """Something worth knowing."""

    code: str
    level: Literal["info", "caution", "warning", "strong"]
    message: str


class ReasonOut(BaseModel):
    """A rule that shaped the advice, with its numbers and sources."""

    rule: str
    message: str
    sources: list[str]
    numbers: dict[str, float | int | str | bool | None]


class ConflictOut(BaseModel):
    """Where the source articles disagree, and how the policy resolved it."""

    topic: str
    a: str
    b: str
    resolution: str


class StateOut(BaseModel):
    """Per-muscle fatigue (0-1), fitness/fatigue/form and recent volume."""

    muscles: dict[str, float]
    atl: float
    ctl: float
    tsb: float
    acwr: float | None
    monotony: float | None
    strain: float
    run_km_7d: float
    run_km_28d: float
    strength_sets_7d: float
    strength_sets_28d: float
    hours_since_hard_legs: float | None
    recovery_multiplier: float = 1.0


class IntentCheckOut(BaseModel):
    """The answer about one intended session."""

    type: Kind
    kind: RunKind | None
    intensity: Level
    start: str | None
    allowed: bool
    allowed_from: str | None
    max_intensity: Level
    max_duration_min: float | None


class WhatIfRunOut(BaseModel):
    """The run a what-if was about."""

    kind: RunKind | None
    duration_min: float | None
    start: str | None


class TypicalOut(BaseModel):
    """How much of the athlete's typical leg session keeps the run."""

    start: str
    sets: int
    sets_kept: int | None
    fits: bool


class KeepOut(BaseModel):
    """The largest leg session from now that keeps a planned run allowed."""

    run: WhatIfRunOut
    lift_start: str
    rpe: float
    max_hard_sets: int | None
    typical: TypicalOut | None
    reasons: list[ReasonOut]


class WhenOut(BaseModel):
    """The earliest moment a run is allowed (null: not within 7 days)."""

    run: WhatIfRunOut
    at: str | None
    reasons: list[ReasonOut]


class SignalOut(BaseModel):
    """What one signal says now, side by side with the others."""

    signal: Literal["declared", "soreness", "leg_model", "hrv", "resting_hr", "sleep"]
    says: Level | None
    rules: list[str]
    reading: dict[str, float | int | str | None]
    messages: list[str]


class SignalsOut(BaseModel):
    """Every signal, the ceiling they leave and the one that settled it."""

    items: list[SignalOut]
    ceiling: Level
    settled_by: str | None
    rule: str | None


class AdviceOut(BaseModel):
    """The advice (scenario-format.md, output)."""

    at: str
    policy: PolicyName
    verdict: Literal["go", "easy", "wait", "alternative", "rest"]
    run: RunLimit
    earliest: dict[str, str | None]
    order: Order | None
    alternatives: list[str]
    recovery: list[str]
    avoid: list[str]
    warnings: list[WarningOut]
    reasons: list[ReasonOut]
    conflicts: list[ConflictOut]
    state: StateOut
    intent: list[IntentCheckOut]
    sooner: list[ReasonOut] = []
    signals: SignalsOut | None = None
    keep: KeepOut | None = None
    when: WhenOut | None = None


class StatusOut(StateOut):
    """The training state at a moment."""

    at: str
    athlete: str


class SeriesOut(BaseModel):
    """Daily fitness/fatigue/form and load; weekly km, lifting sets and load."""

    days: list[date]
    load: list[float]
    ctl: list[float]
    atl: list[float]
    tsb: list[float]
    weeks: list[date]
    run_km: list[float]
    sets: list[float]
    weekly_load: list[float]


class CoachRow(BaseModel):
    """A coached athlete with today's answer."""

    athlete: AthleteOut
    verdict: str
    max_intensity: Level
    max_duration_min: float | None = None
    earliest: dict[str, str | None]
    warnings: list[WarningOut]
    recovery_multiplier: float
    held: int
    runs: int


# Plans


class PlannedOut(BaseModel):
    """A planned session (plan-format.md)."""

    type: Kind
    focus: Focus | None = None
    kind: RunKind | None = None
    start: str
    duration_min: int
    reasons: list[str]
    fixed: bool = False


class UnplacedOut(BaseModel):
    """A session the planner could not place, and why."""

    type: Kind
    focus: Focus | None = None
    kind: RunKind | None = None
    duration_min: int
    week: int
    reason: str


class PlanOut(BaseModel):
    """A plan from the planner."""

    sessions: list[PlannedOut]
    unplaced: list[UnplacedOut]
    violations: list[str]
    objective: float | None
    optimal: bool


class StoredPlanOut(BaseModel):
    """The stored plan for some weeks."""

    start: date
    days: int
    sessions: list[PlannedOut]


class WorkoutOut(BaseModel):
    """A planned run's FIT workout, ready for a watch."""

    id: uuid.UUID = Field(description="The planned run (its calendar UID without the host)")
    start: datetime
    kind: str | None
    duration_min: int
    path: str = Field(description="Where to download the .fit file")


class IntervalsLinkIn(BaseModel):
    """Where to push the plan on intervals.icu; the key is stored encrypted, never shown."""

    model_config = ConfigDict(extra="forbid")

    base_url: str = Field(max_length=200, description="The intervals.icu address")
    athlete: str = Field(max_length=64, description="The intervals.icu athlete id, e.g. i12345")
    api_key: str = Field(max_length=200, description="The intervals.icu API key (write-only)")


class IntervalsPushIn(BaseModel):
    """Which week to push (default: this week)."""

    model_config = ConfigDict(extra="forbid")

    start: Day | None = None


class IntervalsPushOut(BaseModel):
    """What a push changed on intervals.icu."""

    upserted: int
    deleted: int


class PlanIn(In):
    """Plan whole weeks from a Monday (default: this week)."""

    start: Day | None = None
    weeks: Annotated[int, Field(ge=1, le=12)] = 1


class ReplanIn(In):
    """Re-plan the rest of this week (and the following ones)."""

    weeks: Annotated[int, Field(ge=1, le=12)] = 1


Window = Annotated[str, Field(pattern=r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$", examples=["17:30-21:00"])]
Windows = Annotated[list[Window], Field(max_length=12)]


class AvailabilityIO(BaseModel):
    """Free windows per weekday, e.g. {"mon": ["17:30-21:00"]}."""

    model_config = ConfigDict(extra="forbid")

    mon: Windows = []
    tue: Windows = []
    wed: Windows = []
    thu: Windows = []
    fri: Windows = []
    sat: Windows = []
    sun: Windows = []


class SpecIO(BaseModel):
    """A kind of session and how many per week."""

    model_config = ConfigDict(extra="forbid")

    type: Kind
    kind: RunKind | None = None
    focus: Focus | None = None
    count: Annotated[int, Field(ge=0, le=14)]
    duration_min: Annotated[int, Field(ge=5, le=720)]


class TemplateIO(BaseModel):
    """The weekly template and the minimum rest days."""

    model_config = ConfigDict(extra="forbid")

    sessions: Annotated[list[SpecIO], Field(max_length=20)]
    rest_days_min: Annotated[int, Field(ge=0, le=7)] = 1


class CalendarOut(BaseModel):
    """The secret subscription link of the athlete's plan."""

    url: str | None = Field(
        description="The link to subscribe to; null until the server's public address "
        "(RUNREADY_BASE_URL) is configured"
    )
    path: str = Field(description="The feed's path on this server (for a download from it)")
    note: str | None = Field(default=None, description="Why there is no link, when there is none")
    alarms_min: list[int] = Field(
        default_factory=list, description="Reminders on every event, in minutes before it"
    )


class AlarmsIn(BaseModel):
    """The calendar reminders: minutes before each event (an empty list: none)."""

    model_config = ConfigDict(extra="forbid")

    alarms_min: list[int] = Field(max_length=5, description="Minutes before each event, 0-10080")


class DemoOut(BaseModel):
    """The demo athlete."""

    athlete: AthleteOut


class Health(BaseModel):
    """The app is up and reaches its database."""

    status: Literal["ok"]
    database: Literal["sqlite", "postgresql"]
