"""The three advice policies as data: thresholds and rule choices, not code paths.

``balanced`` is the evidence (rules R1-R25), ``active`` is Article A's stance and
``conservative`` is Article B's. Where an article is silent, its policy keeps the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from runready.core.model import Feel, Intensity, PolicyName


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
    """How long after a hard leg session each run intensity waits (hours from its end)."""

    wait_rule: str
    easy_rule: str
    moderate_rule: str
    easy_from_h: float
    moderate_from_h: float
    hard_from_h: float
    wait_needs_eccentric: bool
    easy_duration_min: float | None
    moderate_duration_min: float | None
    novel_shift_h: float
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
    alternatives: tuple[str, ...]
    sore_alternatives: tuple[str, ...]
    #: The rule that offers ``sore_alternatives`` when soreness rules out running.
    sore_rule: str
    recovery: tuple[str, ...]
    cold_water_by_goal: bool
    resolutions: tuple[tuple[str, str], ...]

    def resolution(self, topic: str) -> str:
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
        easy_from_h=6,
        moderate_from_h=24,
        hard_from_h=48,
        wait_needs_eccentric=False,
        easy_duration_min=40,
        moderate_duration_min=60,
        novel_shift_h=24,
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
    alternatives=("walk", "cycle_easy", "swim_easy", "upper_body", "yoga", "mobility"),
    sore_alternatives=("walk", "treadmill_walk", "cycle_easy", "upper_body", "yoga"),
    sore_rule="R7",
    recovery=("active_recovery", "massage", "compression", "sleep"),
    cold_water_by_goal=True,
    resolutions=(
        (
            "run_after_legs",
            "Evidence (R4, R5): easy running from 6 h after hard legs and on the "
            "next day; quality running waits 48 h.",
        ),
        (
            "quality_after_legs",
            "Evidence (R5, R15): quality running waits 48 h; a fresh "
            "check-in after the session brings it to 36 h.",
        ),
        (
            "same_day_order",
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
        easy_from_h=6,
        moderate_from_h=6,
        hard_from_h=48,
        wait_needs_eccentric=True,
        easy_duration_min=None,
        moderate_duration_min=None,
        novel_shift_h=0,
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
    alternatives=("walk", "cycle_easy", "yoga", "upper_body", "mobility"),
    sore_alternatives=("walk", "cycle_easy", "yoga", "upper_body"),
    sore_rule="R7",
    recovery=("active_recovery", "massage", "compression", "sleep"),
    cold_water_by_goal=True,
    resolutions=(
        (
            "run_after_legs",
            "Policy active follows Article A: gentle running from 6 h, the next "
            "day encouraged. The evidence agrees for easy running only.",
        ),
        (
            "quality_after_legs",
            "Policy active follows Article A: hard running from the next day "
            "when soreness is 3 or less. The evidence asks for 48 h (36 h "
            "when fresh).",
        ),
        (
            "same_day_order",
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
        easy_from_h=48,
        moderate_from_h=48,
        hard_from_h=48,
        wait_needs_eccentric=False,
        easy_duration_min=None,
        moderate_duration_min=None,
        novel_shift_h=0,
        age_shift_h=0,
    ),
    fresh=None,
    soreness=_EVIDENCE_SORENESS,
    order=Order.BY_ARTICLE_B,
    same_day_cap=Intensity.EASY,
    same_day_rule="B1",
    same_day_run_max_min=None,
    alternatives=("walk", "upper_body", "yoga"),
    sore_alternatives=("treadmill_walk", "upper_body", "yoga"),
    sore_rule="B7",
    recovery=("massage", "stretching", "yoga", "cold_water_immersion", "compression"),
    cold_water_by_goal=False,
    resolutions=(
        (
            "run_after_legs",
            "Policy conservative follows Article B: no running for 48 h after "
            "hard legs. The evidence allows easy running from 6 h.",
        ),
        (
            "quality_after_legs",
            "Policy conservative follows Article B: 48 h before "
            "high-intensity running, which the evidence supports for run "
            "quality.",
        ),
        (
            "same_day_order",
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
    {"R7", "R9", "R10", "R12", "R13", "R14", "R20", "R21", "R22", "R23", "B10", "LOAD", "INTENT"}
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
    if p.legs.novel_shift_h:
        used |= {"R6", "R18"}
    if p.legs.age_shift_h:
        used.add("R19")
    used |= {"R8", "R16", "R17"} if p.cold_water_by_goal else {"B8", "B7"}
    return frozenset(used)
