"""Session load: session-RPE, Banister TRIMP, volume load and per-muscle stimulus."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from runready.core.dose import FOCUS_SHARES, HARD_SET_MAX_RIR
from runready.core.exercises import LEG_COMPOUND_PATTERNS, CatalogueEntry, resolve
from runready.core.model import (
    LOWER_BODY,
    UPPER_BODY,
    Focus,
    Intensity,
    Region,
    RunKind,
    Session,
    SessionType,
    Sex,
)

#: Banister TRIMP weighting (a, b) by sex: TRIMP = D x dHR x a x e^(b x dHR). Source: banister1991,
#: morton1990. Unknown sex uses the male constants of the original model.
TRIMP_CONSTANTS = {Sex.MALE: (0.64, 1.92), Sex.FEMALE: (0.86, 1.67), None: (0.64, 1.92)}

#: Session RPE assumed when none was logged, by session type / run intensity (CR-10).
#: Source: runready_heuristic, anchored on foster2001's RPE anchors.
DEFAULT_RPE = {
    SessionType.STRENGTH: 6.0,
    SessionType.WALK: 2.0,
    SessionType.CYCLE: 4.0,
    SessionType.SWIM: 4.0,
    SessionType.YOGA: 2.0,
    SessionType.OTHER: 4.0,
}
DEFAULT_RUN_RPE = {
    Intensity.RECOVERY: 2.0,
    Intensity.EASY: 3.0,
    Intensity.MODERATE: 5.0,
    Intensity.HARD: 8.0,
}

#: Minutes per set assumed when a strength session lists no sets. Source: runready_heuristic.
MINUTES_PER_SET = 3.0


def session_rpe(session: Session) -> tuple[float, bool]:
    """Return the session's RPE and whether it was estimated rather than logged."""
    if session.rpe is not None:
        return session.rpe, False
    if session.type is SessionType.RUN:
        return DEFAULT_RUN_RPE[session.run_intensity], True
    if session.type is SessionType.STRENGTH:
        efforts = [s.effort_rpe for e in session.exercises for s in e.sets]
        known = [value for value in efforts if value is not None]
        if known:
            return sum(known) / len(known), True
    return DEFAULT_RPE[session.type], True


def srpe_load(session: Session) -> float:
    """Return the session-RPE load in AU: RPE (CR-10) x minutes (foster2001, day2004)."""
    rpe, _ = session_rpe(session)
    return rpe * session.duration_min


def banister_trimp(
    duration_min: float, avg_hr_bpm: float, hr_rest_bpm: float, hr_max_bpm: float, sex: Sex | None
) -> float:
    """Return Banister's TRIMP from a session-average heart rate (banister1991, morton1990)."""
    a, b = TRIMP_CONSTANTS[sex]
    reserve = _reserve_fraction(avg_hr_bpm, hr_rest_bpm, hr_max_bpm)
    return duration_min * reserve * a * math.exp(b * reserve)


def trimp_from_stream(
    hr_bpm: Sequence[float],
    seconds: Sequence[float],
    hr_rest_bpm: float,
    hr_max_bpm: float,
    sex: Sex | None,
) -> float:
    """Return Banister's TRIMP summed over a heart-rate stream with per-sample durations."""
    a, b = TRIMP_CONSTANTS[sex]
    total = 0.0
    for hr, dt in zip(hr_bpm, seconds, strict=True):
        reserve = _reserve_fraction(hr, hr_rest_bpm, hr_max_bpm)
        total += (dt / 60.0) * reserve * a * math.exp(b * reserve)
    return total


#: Edwards' summated heart-rate zones: (lower bound as a fraction of HRmax, weight). Source:
#: edwards1993 (the weights are arbitrary and unvalidated; kept for comparison with peers).
EDWARDS_ZONES = ((0.9, 5), (0.8, 4), (0.7, 3), (0.6, 2), (0.5, 1))


def edwards_trimp(hr_bpm: Sequence[float], seconds: Sequence[float], hr_max_bpm: float) -> float:
    """Return Edwards' TRIMP: minutes in each %HRmax zone times the zone's weight (1-5)."""
    total = 0.0
    for hr, dt in zip(hr_bpm, seconds, strict=True):
        share = hr / hr_max_bpm
        weight = next((w for bound, w in EDWARDS_ZONES if share >= bound), 0)
        total += weight * dt / 60.0
    return total


def _reserve_fraction(hr: float, hr_rest: float, hr_max: float) -> float:
    return min(1.0, max(0.0, (hr - hr_rest) / (hr_max - hr_rest)))


@dataclass(frozen=True, slots=True)
class StrengthProfile:
    """What a strength session did to the body, as read through the exercise catalogue."""

    focus: Focus | None
    sets: float
    lower_body_share: float
    leg_compound_sets: int
    hardest_leg_compound_rpe: float | None
    eccentric_sets: int
    lower_volume_kg: float
    has_effort: bool
    unknown: tuple[str, ...]
    muscle_sets: tuple[tuple[Region, float], ...]

    @property
    def upper_body_sets(self) -> float:
        """Return fractional hard sets on upper-body muscles."""
        return sum(value for region, value in self.muscle_sets if region in UPPER_BODY)


def _per_set(
    entry: CatalogueEntry | None, focus: Focus | None
) -> tuple[dict[Region, float], dict[Region, float]]:
    """Return how one set spreads over the muscles (shares summing to 1) and the fractional
    sets it counts for per muscle; an unknown exercise counts by the session's focus."""
    if entry is None:
        shares = FOCUS_SHARES[focus or Focus.FULL]
        return shares, shares
    if not entry.loads_muscles:
        return {}, {}
    return entry.muscle_shares, entry.set_weights


def _inferred_focus(entries: Iterable[CatalogueEntry]) -> Focus | None:
    shares = [entry.lower_body_share for entry in entries if entry.loads_muscles]
    if not shares:
        return None
    mean = sum(shares) / len(shares)
    if mean >= 0.6:
        return Focus.LEGS
    if mean <= 0.2:
        return Focus.UPPER
    return Focus.FULL


def strength_profile(session: Session) -> StrengthProfile:
    """Return the muscle-level picture of a strength session."""
    resolved = [(exercise, resolve(exercise.name)) for exercise in session.exercises]
    known = [entry for _, entry in resolved if entry is not None]
    # Without a focus or any known exercise, assume the whole body was trained (legs included).
    focus = session.focus or (_inferred_focus(known) if known else Focus.FULL)
    muscle_sets: dict[Region, float] = {}
    lower_weight = total_weight = lower_volume = 0.0
    leg_compound = eccentric = 0
    hardest: float | None = None
    has_effort = session.rpe is not None
    set_count = 0.0
    unknown: list[str] = []
    for exercise, entry in resolved:
        if entry is None:
            unknown.append(exercise.name)
        shares, fractional = _per_set(entry, focus)
        lower = sum(share for region, share in shares.items() if region in LOWER_BODY)
        for item in exercise.sets or (None,):
            effort = item.effort_rpe if item is not None else None
            has_effort = has_effort or effort is not None
            set_count += 1
            if shares:
                total_weight += 1
                lower_weight += lower
                if item is not None and lower > 0.5:
                    lower_volume += item.volume_kg
            if entry is not None and entry.pattern in LEG_COMPOUND_PATTERNS:
                leg_compound += 1
                if effort is not None:
                    hardest = effort if hardest is None else max(hardest, effort)
            if entry is not None and entry.eccentric:
                eccentric += 1
            if effort is None or 10.0 - effort <= HARD_SET_MAX_RIR.value:
                for region, value in fractional.items():
                    muscle_sets[region] = muscle_sets.get(region, 0.0) + value
    if not session.exercises:
        set_count = session.duration_min / MINUTES_PER_SET
        shares = FOCUS_SHARES[focus or Focus.FULL]
        total_weight = 1.0
        lower_weight = sum(v for r, v in shares.items() if r in LOWER_BODY)
        muscle_sets = {region: share * set_count for region, share in shares.items()}
    return StrengthProfile(
        focus=session.focus or (None if known else Focus.FULL),
        sets=set_count,
        lower_body_share=lower_weight / total_weight if total_weight else 0.0,
        leg_compound_sets=leg_compound,
        hardest_leg_compound_rpe=hardest,
        eccentric_sets=eccentric,
        lower_volume_kg=lower_volume,
        has_effort=has_effort,
        unknown=tuple(dict.fromkeys(unknown)),
        muscle_sets=tuple(sorted(muscle_sets.items(), key=lambda item: item[0].value)),
    )


#: Heart-rate-reserve bands that name a run's kind when neither kind nor RPE was logged
#: (Karvonen %HRR zones; runready_heuristic). Upper bounds, in order.
HRR_KINDS = ((0.55, "recovery"), (0.72, "easy"), (0.82, "steady"))
#: Resting heart rate assumed when the athlete has not given one (runready_heuristic).
DEFAULT_HR_REST = 60
#: Runs with a recorded maximum needed before the highest one stands in for HR max.
OBSERVED_MAX_MIN_RUNS = 5


def heart_profile(
    athlete_hr_rest: int | None, athlete_hr_max: int | None, sessions: Iterable[Session]
) -> tuple[float, float] | None:
    """Return (rest, max) heart rate: the athlete's own, else the highest seen over 5+ runs."""
    hr_max: float | None = athlete_hr_max
    if hr_max is None:
        peaks = [
            s.max_hr_bpm for s in sessions if s.type is SessionType.RUN and s.max_hr_bpm is not None
        ]
        if len(peaks) >= OBSERVED_MAX_MIN_RUNS:
            hr_max = max(peaks)
    if hr_max is None:
        return None
    rest = float(athlete_hr_rest if athlete_hr_rest is not None else DEFAULT_HR_REST)
    return (rest, float(hr_max)) if rest < hr_max else None


def inferred_kind(session: Session, profile: tuple[float, float] | None) -> Session:
    """Return the run with a kind read from its average heart rate when none was logged."""
    if (
        session.type is not SessionType.RUN
        or session.kind is not None
        or session.rpe is not None
        or session.avg_hr_bpm is None
        or profile is None
    ):
        return session
    reserve = _reserve_fraction(session.avg_hr_bpm, *profile)
    name = next((kind for bound, kind in HRR_KINDS if reserve < bound), "tempo")
    return replace(session, kind=RunKind(name))
