"""What to do instead of running, and how to recover (R8, R9, R16, R17; B7, B8)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from runready.core.findings import Reason
from runready.core.model import UPPER_BODY, Goal, Intensity, Region
from runready.core.policies import Policy
from runready.core.rules.registry import because
from runready.core.vocabulary import Activity

COLD = Activity.COLD_WATER_IMMERSION
PAIN_ALTERNATIVES = (Activity.UPPER_BODY, Activity.MOBILITY)
UPPER_TIRED = 0.6  # upper-body fatigue above which it is not suggested (runready_heuristic)
HEAVY_RUNNING_SESSIONS = 3  # R9
HEAVY_RUNNING_MIN = 150.0  # R9


@dataclass(frozen=True, slots=True)
class Context:
    """The facts the recovery rules need."""

    goal: Goal
    cap_now: Intensity
    recent_hard_legs: bool
    soreness: float
    no_run_soreness: bool
    sharp_pain: bool
    muscles: Mapping[Region, float]
    runs_7d: int
    run_min_7d: float


@dataclass(frozen=True, slots=True)
class Options:
    """Alternatives to running, recovery options and things to avoid, with their reasons."""

    alternatives: tuple[Activity, ...]
    recovery: tuple[Activity, ...]
    avoid: tuple[Activity, ...]
    reasons: tuple[Reason, ...]


def options(policy: Policy, ctx: Context) -> Options:
    """Return the alternatives, recovery options and avoid list for this situation."""
    reasons: list[Reason] = []
    alternatives = _alternatives(policy, ctx, reasons)
    recovery: list[Activity] = []
    avoid: list[Activity] = []
    if ctx.recent_hard_legs or ctx.soreness >= 4:
        recovery = list(policy.recovery)
        if Activity.ACTIVE_RECOVERY in recovery:
            reasons.append(
                because(
                    "R8",
                    "Optional active recovery: 10-30 min of very easy "
                    "cycling or walking can ease soreness for a while; it does not "
                    "speed recovery.",
                )
            )
        if policy.cold_water_by_goal:
            reasons.append(
                because(
                    "R17",
                    "Massage may ease soreness a little; compression is "
                    "optional (mixed evidence); stretching helps mobility, not "
                    "soreness.",
                )
            )
        else:
            reasons.append(
                because(
                    "B8",
                    "Article B's recovery list: massage, stretching, yoga, "
                    "cold exposure, compression.",
                )
            )
    if policy.cold_water_by_goal and (recovery or ctx.recent_hard_legs):
        if ctx.goal.lifts_first:
            avoid.append(COLD)
            reasons.append(
                because(
                    "R16",
                    f"Goal {ctx.goal.value}: skip ice baths after lifting; "
                    "regular cold-water immersion blunts strength and size gains.",
                )
            )
        elif ctx.goal is Goal.RUNNING and recovery:
            recovery.append(COLD)
            reasons.append(
                because(
                    "R16",
                    "Goal running: cold-water immersion is optional for "
                    "soreness; it does not hurt endurance adaptations.",
                )
            )
    elif not policy.cold_water_by_goal and ctx.goal.lifts_first and COLD in recovery:
        reasons.append(
            because(
                "B8",
                "Policy conservative lists cold exposure as Article B does; "
                "the evidence (R16) finds it blunts strength and size gains.",
            )
        )
    return Options(tuple(alternatives), tuple(recovery), tuple(avoid), tuple(reasons))


def _alternatives(policy: Policy, ctx: Context, reasons: list[Reason]) -> list[Activity]:
    if ctx.cap_now >= Intensity.HARD:
        return []
    if ctx.sharp_pain:
        return list(PAIN_ALTERNATIVES)
    chosen = list(policy.sore_alternatives if ctx.no_run_soreness else policy.alternatives)
    if ctx.no_run_soreness:
        reasons.append(
            because(
                policy.sore_rule,
                "Very sore legs: walk (a treadmill is gentler), cycle easy, "
                "train the upper body or do yoga instead.",
            )
        )
    upper = [ctx.muscles.get(region, 0.0) for region in UPPER_BODY]
    if upper and sum(upper) / len(upper) >= UPPER_TIRED and Activity.UPPER_BODY in chosen:
        chosen.remove(Activity.UPPER_BODY)
    heavy = ctx.runs_7d >= HEAVY_RUNNING_SESSIONS or ctx.run_min_7d >= HEAVY_RUNNING_MIN
    if ctx.goal.lifts_first and heavy and Activity.CYCLE_EASY in chosen:
        chosen.remove(Activity.CYCLE_EASY)
        chosen.insert(0, Activity.CYCLE_EASY)
        reasons.append(
            because(
                "R9",
                f"{ctx.runs_7d} runs and {ctx.run_min_7d:.0f} min of running "
                "this week with a size or strength goal: swap some runs for "
                "cycling, which interferes less.",
                runs_7d=ctx.runs_7d,
                run_min_7d=round(ctx.run_min_7d),
            )
        )
    return chosen
