"""The closed vocabularies of the advice contract (scenario-format.md), defined once."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """The one-word answer: may the athlete run now?"""

    GO = "go"  # any run, up to hard, is fine now
    EASY = "easy"  # a run is fine now, capped below hard
    WAIT = "wait"  # no run now; a run is advised later today
    ALTERNATIVE = "alternative"  # no run today; do an alternative
    REST = "rest"  # no training now


class Activity(StrEnum):
    """What to do instead of running, and how to recover."""

    WALK = "walk"
    TREADMILL_WALK = "treadmill_walk"
    CYCLE_EASY = "cycle_easy"
    SWIM_EASY = "swim_easy"
    UPPER_BODY = "upper_body"
    YOGA = "yoga"
    MOBILITY = "mobility"
    MASSAGE = "massage"
    STRETCHING = "stretching"
    COLD_WATER_IMMERSION = "cold_water_immersion"
    COMPRESSION = "compression"
    SLEEP = "sleep"
    ACTIVE_RECOVERY = "active_recovery"
    FOAM_ROLLING = "foam_rolling"


class ConflictTopic(StrEnum):
    """Where the two source articles disagree."""

    RUN_AFTER_LEGS = "run_after_legs"
    QUALITY_AFTER_LEGS = "quality_after_legs"
    SAME_DAY_ORDER = "same_day_order"


class WarningCode(StrEnum):
    """What a warning is about."""

    DISTANCE_SPIKE = "distance_spike"
    WEEKLY_RAMP = "weekly_ramp"
    NO_REST_DAY = "no_rest_day"
    HIGH_STRAIN = "high_strain"
    PERFORMANCE_DECLINE = "performance_decline"
    SHORT_SLEEP = "short_sleep"
    PAIN = "pain"
    NOVEL_LEG_SESSION = "novel_leg_session"
    UNKNOWN_EXERCISE = "unknown_exercise"


class SignalName(StrEnum):
    """What the day's answer is read from, side by side (in order of precedence on a tie:
    pain and the athlete's own worse report, then the legs, then the whole-body signals)."""

    DECLARED = "declared"  # feel and pain, as the athlete told them
    SORENESS = "soreness"
    LEG_MODEL = "leg_model"
    HRV = "hrv"
    RESTING_HR = "resting_hr"
    SLEEP = "sleep"
