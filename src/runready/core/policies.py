"""The three advice policies as data: thresholds and rule choices, not code paths.

``balanced`` is the evidence (rules R1-R25), ``active`` is Article A's stance and
``conservative`` is Article B's. Where an article is silent, its policy keeps the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from runready.core.model import Feel, Intensity, PolicyName
from runready.core.vocabulary import Activity, ConflictTopic


class Order(StrEnum):
    """How a policy orders strength and running on one day."""

    EVIDENCE = "evidence"  # R1/R2: lift first for size/strength, run first for a quality run
    LIFT_FIRST = "lift_first"  # A4: always lift first
    BY_ARTICLE_B = "article_b"  # B6: run first for size/strength, lift first for running


@dataclass(frozen=True, slots=True)
class FreshUpgrade:
    """When a fresh check-in after hard legs unlocks more (R15 / A3)."""

    rule: str
    max_soreness: float
    feels: frozenset[Feel | None]
    min_sleep_h: float | None
    excludes_novel: bool
    moderate_from_h: float
    hard_from_h: float
    hard_not_before_next_day: bool


@dataclass(frozen=True, slots=True)
class SorenessBand:
    """A cap that applies for the rest of the day when running-muscle soreness reaches a level."""

    at_least: float
    cap: Intensity
    duration_cap_min: float | None
    rule: str


@dataclass(frozen=True, slots=True)
class LegGates:
    """The windows the standard hard leg session opens, in hours from its end (readiness.md).

    The readiness engine gates every other dose by the residual the standard session leaves
    at these hours, so these numbers hold to the minute for every session in the band."""

    wait_rule: str
    easy_rule: str
    moderate_rule: str
    #: No run this long after a lift of a standard dose or more (less after smaller ones).
    no_run_h: float
    moderate_from_h: float
    quality_from_h: float
    wait_needs_eccentric: bool
    easy_duration_min: float | None
    moderate_duration_min: float | None
    #: Whether a novel session's recovery starts later (R6); the articles ignore novelty.
    novelty_delays: bool
    age_shift_h: float


@dataclass(frozen=True, slots=True)
class Policy:
    """Everything that differs between the policies."""

    name: PolicyName
    summary: str
    legs: LegGates
    fresh: FreshUpgrade | None
    soreness: tuple[SorenessBand, ...]
    order: Order
    same_day_cap: Intensity
    same_day_rule: str
    #: The longest run after a leg lift the same day, minutes (None: no cap).
    same_day_run_max_min: float | None
    alternatives: tuple[Activity, ...]
    sore_alternatives: tuple[Activity, ...]
    #: The rule that offers ``sore_alternatives`` when soreness rules out running.
    sore_rule: str
    recovery: tuple[Activity, ...]
    cold_water_by_goal: bool
    resolutions: tuple[tuple[ConflictTopic, str], ...]
    #: Planning: leg sessions start at least this far apart (readiness.md, Plans).
    leg_gap_h: float = 48.0
    #: Planning: calendar days between two quality runs (2 = never on consecutive days).
    quality_days_apart: int = 1

    def resolution(self, topic: ConflictTopic) -> str:
        """Return how this policy resolves the articles' conflict on ``topic``."""
        return dict(self.resolutions)[topic]

    def soreness_band(self, soreness: float) -> SorenessBand | None:
        """Return the strictest band reached by ``soreness``, if any."""
        reached = [band for band in self.soreness if soreness >= band.at_least]
        return max(reached, key=lambda band: band.at_least) if reached else None


_EVIDENCE_SORENESS = (
    SorenessBand(4, Intensity.EASY, 30, "R7"),
    SorenessBand(7, Intensity.NONE, None, "R7"),
)

BALANCED = Policy(
    name=PolicyName.BALANCED,
    summary="The evidence: easy running from 6 h after hard legs, quality after 48 h.",
    legs=LegGates(
        wait_rule="R3",
        easy_rule="R4",
        moderate_rule="R5",
        no_run_h=6,
        moderate_from_h=24,
        quality_from_h=48,
        wait_needs_eccentric=False,
        easy_duration_min=40,
        moderate_duration_min=60,
        novelty_delays=True,
        age_shift_h=24,
    ),
    fresh=FreshUpgrade(
        rule="R15",
        max_soreness=2,
        feels=frozenset({Feel.FRESH, Feel.NORMAL}),
        min_sleep_h=7,
        excludes_novel=True,
        moderate_from_h=6,
        hard_from_h=36,
        hard_not_before_next_day=False,
    ),
    soreness=_EVIDENCE_SORENESS,
    order=Order.EVIDENCE,
    same_day_cap=Intensity.EASY,
    same_day_rule="R3",
    same_day_run_max_min=40.0,  # R3: an easy run of at most 40 min (rules.md)
    quality_days_apart=2,  # plan-format.md: no two quality runs on consecutive days (R10)
    alternatives=(
        Activity.WALK,
        Activity.CYCLE_EASY,
        Activity.SWIM_EASY,
        Activity.UPPER_BODY,
        Activity.YOGA,
        Activity.MOBILITY,
    ),
    sore_alternatives=(
        Activity.WALK,
        Activity.TREADMILL_WALK,
        Activity.CYCLE_EASY,
        Activity.UPPER_BODY,
        Activity.YOGA,
    ),
    sore_rule="R7",
    recovery=(Activity.ACTIVE_RECOVERY, Activity.MASSAGE, Activity.COMPRESSION, Activity.SLEEP),
    cold_water_by_goal=True,
    resolutions=(
        (
            ConflictTopic.RUN_AFTER_LEGS,
            "Evidence (R4, R5): easy running from 6 h after hard legs and on the "
            "next day; quality running waits 48 h.",
        ),
        (
            ConflictTopic.QUALITY_AFTER_LEGS,
            "Evidence (R5, R15): quality running waits 48 h; a fresh "
            "check-in after the session brings it to 36 h.",
        ),
        (
            ConflictTopic.SAME_DAY_ORDER,
            "Evidence (R1, R2): lift first for size, strength or general "
            "fitness; run first when the run is a running goal's quality "
            "session.",
        ),
    ),
)

ACTIVE = Policy(
    name=PolicyName.ACTIVE,
    summary="Article A: gentle running after 6 h, the day after encouraged, harder when fresh.",
    legs=LegGates(
        wait_rule="A5",
        easy_rule="A5",
        moderate_rule="A6",
        no_run_h=6,
        moderate_from_h=6,
        quality_from_h=48,
        wait_needs_eccentric=True,
        easy_duration_min=None,
        moderate_duration_min=None,
        novelty_delays=False,
        age_shift_h=0,
    ),
    fresh=FreshUpgrade(
        rule="A3",
        max_soreness=3,
        feels=frozenset({Feel.FRESH, Feel.NORMAL, None}),
        min_sleep_h=None,
        excludes_novel=False,
        moderate_from_h=6,
        hard_from_h=6,
        hard_not_before_next_day=True,
    ),
    soreness=(
        SorenessBand(4, Intensity.EASY, None, "A2"),
        SorenessBand(7, Intensity.RECOVERY, 30, "A2"),
    ),
    order=Order.LIFT_FIRST,
    same_day_cap=Intensity.MODERATE,
    same_day_rule="A4",
    same_day_run_max_min=None,
    alternatives=(
        Activity.WALK,
        Activity.CYCLE_EASY,
        Activity.YOGA,
        Activity.UPPER_BODY,
        Activity.MOBILITY,
    ),
    sore_alternatives=(Activity.WALK, Activity.CYCLE_EASY, Activity.YOGA, Activity.UPPER_BODY),
    sore_rule="R7",
    recovery=(Activity.ACTIVE_RECOVERY, Activity.MASSAGE, Activity.COMPRESSION, Activity.SLEEP),
    cold_water_by_goal=True,
    resolutions=(
        (
            ConflictTopic.RUN_AFTER_LEGS,
            "Policy active follows Article A: gentle running from 6 h, the next "
            "day encouraged. The evidence agrees for easy running only.",
        ),
        (
            ConflictTopic.QUALITY_AFTER_LEGS,
            "Policy active follows Article A: hard running from the next day "
            "when soreness is 3 or less. The evidence asks for 48 h (36 h "
            "when fresh).",
        ),
        (
            ConflictTopic.SAME_DAY_ORDER,
            "Policy active follows Article A: lift first, then run; the evidence "
            "agrees for size and strength goals.",
        ),
    ),
)

CONSERVATIVE = Policy(
    name=PolicyName.CONSERVATIVE,
    summary="Article B: no running for 48 h after hard legs; low-impact alternatives instead.",
    legs=LegGates(
        wait_rule="B1",
        easy_rule="B1",
        moderate_rule="B9",
        no_run_h=48,
        moderate_from_h=48,
        quality_from_h=48,
        wait_needs_eccentric=False,
        easy_duration_min=None,
        moderate_duration_min=None,
        novelty_delays=False,
        age_shift_h=0,
    ),
    fresh=None,
    soreness=_EVIDENCE_SORENESS,
    order=Order.BY_ARTICLE_B,
    same_day_cap=Intensity.EASY,
    same_day_rule="B1",
    same_day_run_max_min=None,
    alternatives=(Activity.WALK, Activity.UPPER_BODY, Activity.YOGA),
    sore_alternatives=(Activity.TREADMILL_WALK, Activity.UPPER_BODY, Activity.YOGA),
    sore_rule="B7",
    recovery=(
        Activity.MASSAGE,
        Activity.STRETCHING,
        Activity.YOGA,
        Activity.COLD_WATER_IMMERSION,
        Activity.COMPRESSION,
    ),
    cold_water_by_goal=False,
    resolutions=(
        (
            ConflictTopic.RUN_AFTER_LEGS,
            "Policy conservative follows Article B: no running for 48 h after "
            "hard legs. The evidence allows easy running from 6 h.",
        ),
        (
            ConflictTopic.QUALITY_AFTER_LEGS,
            "Policy conservative follows Article B: 48 h before "
            "high-intensity running, which the evidence supports for run "
            "quality.",
        ),
        (
            ConflictTopic.SAME_DAY_ORDER,
            "Policy conservative follows Article B's order, which the evidence reverses (R1, R2).",
        ),
    ),
)

POLICIES: dict[PolicyName, Policy] = {p.name: p for p in (BALANCED, ACTIVE, CONSERVATIVE)}


def policy(name: PolicyName) -> Policy:
    """Return the policy called ``name``."""
    return POLICIES[name]


#: Rules every policy applies, whatever its stance (safety floors and load monitoring).
COMMON_RULES = frozenset(
    {
        "R7",
        "R9",
        "R10",
        "R12",
        "R13",
        "R14",
        "R20",
        "R21",
        "R22",
        "R23",
        "R26",
        "R27",
        "R28",
        "R29",
        "B10",
        "DOSE",
        "LOAD",
        "INTENT",
    }
)
_ORDER_RULES = {
    Order.EVIDENCE: {"R1", "R2", "R3"},
    Order.LIFT_FIRST: {"A4"},
    Order.BY_ARTICLE_B: {"B6"},
}


def rules_used(p: Policy) -> frozenset[str]:
    """Return the ids of every rule that policy ``p`` can apply."""
    used = set(COMMON_RULES) | _ORDER_RULES[p.order] | {p.same_day_rule, p.sore_rule}
    used |= {p.legs.wait_rule, p.legs.easy_rule, p.legs.moderate_rule}
    used |= {band.rule for band in p.soreness}
    if p.fresh is not None:
        used.add(p.fresh.rule)
    if p.legs.novelty_delays:
        used |= {"R6", "R18"}
    if p.legs.age_shift_h:
        used.add("R19")
    used |= {"R8", "R16", "R17"} if p.cold_water_by_goal else {"B8", "B7"}
    return frozenset(used)
