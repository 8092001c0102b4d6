"""The personal recovery multiplier: learned from the athlete's own outcomes, within bounds.

People recover from the same session at very different rates (peak CK 236 to 25,244 IU/L after
one bout: nosaka_clarkson1996), so one multiplier m scales every time constant of the engine
(readiness.py). It is learned here from outcomes: the morning check-in's leg soreness and the
one-tap word after a run (fine, heavy, had to stop).

**Model.** An outcome at moment t is an interval-censored reading of the leg residual R(t; m)
that the engine computes from the athlete's own sessions: soreness 0-1 reads as "below the
quality threshold", 2-3 as "between quality and moderate", 4-6 as "between moderate and the end
of a standard session", 7+ as "above it" (the bands R7 already gates by); after a run, "fine"
reads as "below the threshold of the level that run needed", "heavy" as "above it" and "had to
stop" as "above the next level's". A run that went on says nothing about how far above the
threshold the legs were, so those two are one-sided. Each reading has log-normal error
(ordered probit), the error model of perceived ratings (saw2016), with a small lapse rate so that
one stray report cannot swing the estimate.

**Estimator.** The posterior of ln m on a fine grid over the bounds, from a normal prior
centred on the age group's default (fernandes2019 against gordon2017; see ``prior_multiplier``)
with SD 0.20. The Kalman update that evidence-dose.md 6.4 sketches (the method of kolossa2017)
needs one number per outcome, found by solving R(t; m) = r* for a point of the band; far from a
session every m predicts "fresh", and that inversion then returns an extreme m from a report
that carries no information. The grid reads each band as what it is, costs as little for one
parameter, and keeps what the filter is for: a prior that data update, and drift (older
outcomes weigh less, e-folding over 90 days; those older than 180 days are left out). The
residual at each outcome is exact at eight rates and read between them in logs (``_NODES``).
Only one parameter is learned, with a strong prior, because fitted fatigue parameters overfit
(marchal2025).

**Bounds and activation.** The estimate stays within 0.75-1.5 (the grid's span). It moves the
engine below the default only after ``MIN_EACH_WAY`` outcomes showed the legs ready before the
default expected them, and above it only after as many showed them not ready when it did; until
then the default holds. So a "fine" never delays a gate and a "heavy" never hastens one: each
moves the posterior only its own way (its likelihood is monotone in m) and can only unlock its
own side.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from runready.core.dose import Doses
from runready.core.evidence import Constant, Tag
from runready.core.findings import Reason
from runready.core.model import (
    Athlete,
    CheckIn,
    Intensity,
    LegsFelt,
    PolicyName,
    RunFeedback,
    Session,
    SessionType,
)
from runready.core.policies import policy as policy_named
from runready.core.readiness import (
    LOOKBACK,
    MULTIPLIER_HIGH,
    MULTIPLIER_LOW,
    decay_curve,
    standard_residual,
    thresholds,
)
from runready.core.rules.registry import because

_V, _P, _H = Tag.VERIFIED, Tag.PARTLY, Tag.HEURISTIC

PRIOR_SD = Constant(
    "multiplier_prior_sd",
    0.20,
    "ln m",
    _H,
    ("nosaka_clarkson1996", "marchal2025"),
    "a strong prior: four consistent outcomes move the estimate about half-way to the data",
)
OBSERVATION_SD = Constant(
    "multiplier_observation_sd",
    0.40,
    "ln m at 36 h after a standard session",
    _H,
    ("saw2016", "kolossa2017"),
    "self-reports are sensitive but noisy; read on the residual at 36 h (see RESIDUAL_SD)",
)
LAPSE = Constant(
    "outcome_lapse",
    0.05,
    "share of reports",
    _H,
    ("saw2016",),
    "a report unrelated to the legs (a tap by mistake, soreness from elsewhere) is allowed for",
)
FORGET_DAYS = Constant(
    "outcome_forget_days",
    90.0,
    "days (e-folding weight of an outcome)",
    _H,
    ("kolossa2017",),
    "lets m drift over a season (evidence-dose.md 6.4: about 0.1 in three months); outcomes "
    "over 180 days old are left out",
)
MIN_EACH_WAY = Constant(
    "multiplier_min_each_way",
    3.0,
    "outcomes",
    _H,
    ("marchal2025",),
    "the rate moves below (above) the default only after this many outcomes showed the legs "
    "ready earlier (later) than the default expected",
)
OLDER_PRIOR = Constant(
    "multiplier_prior_from_55",
    1.13,
    "x the age group's windows",
    _H,
    ("fernandes2019", "gordon2017", "hayes2023"),
    "evidence-dose.md 6.2 puts m0 at 1.15 from 40 and 1.3 from 55; R19 already delays 40+ "
    "(more than 1.15), so from 55 the prior adds the remaining 1.3/1.15",
)
OLDER_FROM_AGE = 55
#: Outcomes older than this are left out (their weight is below 14 %).
WINDOW = timedelta(days=180)
_GRID_POINTS = 61
#: Soreness (0-10) at or above each value reads as the next band up (R7's bands).
SORENESS_BANDS = (2.0, 4.0, 7.0)

REGISTER = (PRIOR_SD, OBSERVATION_SD, LAPSE, FORGET_DAYS, MIN_EACH_WAY, OLDER_PRIOR)


def _residual_sd() -> float:
    """Return the reading error on ln R: the observation SD on ln m times how steeply ln R
    rises with ln m 36 h after a standard session (the middle of the 18-72 h check-in window)."""
    step = 1e-4
    low = math.log(standard_residual(36.0, math.exp(-step)))
    high = math.log(standard_residual(36.0, math.exp(step)))
    return OBSERVATION_SD.value * (high - low) / (2 * step)


RESIDUAL_SD = _residual_sd()
_LN_LOW, _LN_HIGH = math.log(MULTIPLIER_LOW.value), math.log(MULTIPLIER_HIGH)
GRID = tuple(_LN_LOW + (_LN_HIGH - _LN_LOW) * k / (_GRID_POINTS - 1) for k in range(_GRID_POINTS))
_MULTIPLIERS = tuple(math.exp(x) for x in GRID)
#: The residual at an outcome is computed exactly at these rates (the bounds, the default and
#: five between) and read between them on a straight line in ln R against ln m: monotone like
#: the residual itself, and within 0.002 of it in ln R (the reading error is 0.56).
_NODES = tuple(sorted({*(GRID[k] for k in range(0, _GRID_POINTS, 10)), 0.0}))
_NODE_RATES = tuple(math.exp(x) for x in _NODES)
_DEFAULT = min(range(_GRID_POINTS), key=lambda k: abs(GRID[k]))  # the grid point nearest m = 1


class Direction(StrEnum):
    """Where an outcome fell against what the default multiplier expected."""

    FASTER = "faster"  # the legs were readier than the default expected
    EXPECTED = "expected"
    SLOWER = "slower"


class Source(StrEnum):
    """What an outcome came from."""

    CHECKIN = "checkin"
    RUN = "run"


@dataclass(frozen=True, slots=True)
class Observation:
    """One outcome read as a band of the leg residual at a moment, with its weight."""

    at: datetime
    source: Source
    label: str
    low: float
    high: float
    weight: float
    direction: Direction
    #: The leg residual expected at ``at`` with the default multiplier.
    expected: float


@dataclass(frozen=True, slots=True)
class Calibration:
    """An athlete's personal recovery rate: what the engine uses, and how sure it is.

    ``multiplier`` scales every time constant of the engine (1.0 while inactive or switched
    off); ``estimate`` and ``interval`` (80 % credible) are the posterior's, shown even while
    inactive."""

    multiplier: float
    estimate: float
    interval: tuple[float, float]
    observations: int
    faster: int
    slower: int
    prior: float
    enabled: bool = True

    @property
    def active(self) -> bool:
        """Return True when the learned rate moves the engine away from the default."""
        enough = MIN_EACH_WAY.value
        return self.enabled and (self.faster >= enough or self.slower >= enough)

    @property
    def percent_faster(self) -> int:
        """Return how much shorter than the default's the engine's recovery times are, in
        percent (negative: longer)."""
        return round((1.0 - self.multiplier) * 100)

    def sentence(self) -> str:
        """Return the rate in words, with what it rests on."""
        outcomes = f"{self.observations} outcome{'s' if self.observations != 1 else ''}"
        if not self.enabled:
            return "Personal rate switched off: the default recovery times apply."
        if not self.active:
            return (
                f"Still learning your recovery rate ({outcomes} so far): the default applies "
                f"until {MIN_EACH_WAY.value:g} outcomes point the same way."
            )
        percent = self.percent_faster
        if percent == 0:
            return f"Your legs recover like the default, from {outcomes}."
        way = "faster" if percent > 0 else "slower"
        return f"Your legs recover about {abs(percent)} % {way} than the default, from {outcomes}."

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape of ``runready calibration --json``."""
        return {
            "multiplier": round(self.multiplier, 3),
            "observations": self.observations,
            "interval": [round(self.interval[0], 3), round(self.interval[1], 3)],
            "active": self.active,
            "enabled": self.enabled,
            "estimate": round(self.estimate, 3),
            "prior": round(self.prior, 3),
            "faster": self.faster,
            "slower": self.slower,
            "sentence": self.sentence(),
        }


DEFAULT = Calibration(1.0, 1.0, (1.0, 1.0), 0, 0, 0, 1.0)


def prior_multiplier(athlete: Athlete) -> float:
    """Return the prior's centre for ``athlete``, relative to the windows of their age group."""
    age = athlete.age_years
    return OLDER_PRIOR.value if age is not None and age >= OLDER_FROM_AGE else 1.0


def unlearned(athlete: Athlete) -> Calibration:
    """Return the calibration of an athlete without outcomes: the prior, and the default rate."""
    return _estimate([], athlete)


def reason(calibration: Calibration) -> Reason:
    """Return why the engine's times are not the default's: the rate, and what it rests on."""
    low, high = calibration.interval
    return because(
        "R27",
        f"{calibration.sentence()[:-1]} (80 % interval {low:.2f}-{high:.2f}): recovery times "
        f"are scaled by {calibration.multiplier:.2f}, and none opens before the policy's "
        "windows after a fresh check-in.",
        multiplier=round(calibration.multiplier, 3),
        observations=calibration.observations,
        interval_low=round(low, 3),
        interval_high=round(high, 3),
    )


@dataclass(frozen=True, slots=True)
class Cuts:
    """Residual levels that separate the bands an outcome is read as, for one athlete (the
    balanced windows, with R19's age shift)."""

    quality: float
    moderate: float
    easy: float
    session_end: float

    def of_soreness(self, soreness: float) -> tuple[float, float, str]:
        """Return the residual band a morning's running-muscle soreness reads as."""
        edges = (0.0, self.quality, self.moderate, self.session_end, math.inf)
        band = sum(soreness >= cut for cut in SORENESS_BANDS)
        return edges[band], edges[band + 1], f"soreness {soreness:g}"

    def of_run(self, level: Intensity, legs: LegsFelt) -> tuple[float, float, str]:
        """Return the residual band the word after a run of ``level`` reads as."""
        ladder = {
            Intensity.HARD: (self.quality, self.moderate),
            Intensity.MODERATE: (self.moderate, self.easy),
        }
        first, second = ladder.get(level, (self.easy, self.session_end))
        if legs is LegsFelt.FINE:
            return 0.0, first, "fine"
        if legs is LegsFelt.HEAVY:
            return first, math.inf, "heavy"
        return second, math.inf, "had to stop"


def cuts(athlete: Athlete) -> Cuts:
    """Return the band edges for ``athlete``."""
    balanced = policy_named(PolicyName.BALANCED)
    levels = thresholds(balanced, athlete)
    return Cuts(
        quality=levels.quality,
        moderate=levels.moderate,
        easy=standard_residual(balanced.legs.no_run_h),
        session_end=standard_residual(0.0),
    )


class Legs:
    """The leg residual at past moments: every recent session's decay at the athlete's rate.

    This is what the legs carry, not what still gates: the engine leaves a session out once
    it no longer holds quality back (readiness.py), but what is left of it is still felt."""

    def __init__(
        self,
        sessions: Sequence[Session],
        doses: Doses,
        curves: MutableMapping[datetime, tuple[float, ...]] | None = None,
    ) -> None:
        self.sessions = sorted(sessions, key=lambda s: s.start)
        self._starts = [s.start for s in self.sessions]
        self.doses = doses
        self._curves = {} if curves is None else curves

    def at(self, moment: datetime, multipliers: Sequence[float]) -> tuple[float, ...]:
        """Return R(moment; m) for each m, from the sessions started before ``moment``."""
        first = bisect.bisect_left(self._starts, moment - LOOKBACK)
        last = bisect.bisect_left(self._starts, moment)
        totals = [0.0] * len(multipliers)
        for session in self.sessions[first:last]:
            dose = self.doses.of(session)
            if dose.gates:
                hours = (moment - session.end).total_seconds() / 3600.0
                for k, value in enumerate(decay_curve(dose, hours, multipliers)):
                    totals[k] += value
        return tuple(totals)

    def curve(self, moment: datetime) -> tuple[float, ...]:
        """Return R(moment; m) on the grid (``_NODES`` exact, straight in logs between them);
        kept in the memo given, which holds while the sessions stay the same."""
        found = self._curves.get(moment)
        if found is None:
            logs = [math.log(max(value, 1e-300)) for value in self.at(moment, _NODE_RATES)]
            found = self._curves[moment] = tuple(_between(_NODES, logs, x) for x in GRID)
        return found


def _between(xs: Sequence[float], ys: Sequence[float], x: float) -> float:
    """Return exp of ``ys`` read at ``x`` on straight lines between the points (xs ascending)."""
    k = min(max(bisect.bisect_right(xs, x) - 1, 0), len(xs) - 2)
    share = (x - xs[k]) / (xs[k + 1] - xs[k])
    return math.exp(ys[k] + (ys[k + 1] - ys[k]) * share)


def first_outcome(
    checkins: Sequence[CheckIn], feedback: Sequence[RunFeedback], now: datetime
) -> datetime | None:
    """Return the moment of the earliest outcome the calibration at ``now`` reads (None: no
    outcome), so that callers read only the history it needs."""
    moments = [c.at for c in checkins if c.soreness and now - WINDOW <= c.at <= now]
    moments += [f.run_start for f in feedback if now - WINDOW <= f.run_start <= now]
    return min(moments, default=None)


def _readings(
    history: Sequence[Session],
    checkins: Sequence[CheckIn],
    feedback: Sequence[RunFeedback],
    athlete: Athlete,
    now: datetime,
    legs: Legs,
) -> list[tuple[Observation, tuple[float, ...]]]:
    """Return each informative outcome with the residual it met on the grid."""
    edges = cuts(athlete)
    runs = {s.start: s for s in history if s.type is SessionType.RUN}
    raw: list[tuple[datetime, Source, tuple[float, float, str]]] = [
        (c.at, Source.CHECKIN, edges.of_soreness(c.running_soreness))
        for c in checkins
        if c.soreness and now - WINDOW <= c.at <= now
    ]
    for item in feedback:
        run = runs.get(item.run_start)
        if run is None or run.end > now or run.start < now - WINDOW:
            continue
        level = Intensity.HARD if run.is_quality_run else run.run_intensity
        raw.append((run.start, Source.RUN, edges.of_run(level, item.legs)))
    found = []
    for at, source, (low, high, label) in sorted(raw, key=lambda r: r[0]):
        grid = legs.curve(at)
        fastest, slowest = grid[0], grid[-1]
        if slowest < edges.quality / 2 or slowest < 1.5 * fastest:
            continue
        expected = grid[_DEFAULT]
        if expected < low:
            direction = Direction.SLOWER
        elif expected >= high:
            direction = Direction.FASTER
        else:
            direction = Direction.EXPECTED
        weight = math.exp(-(now - at).total_seconds() / 86400.0 / FORGET_DAYS.value)
        found.append((Observation(at, source, label, low, high, weight, direction, expected), grid))
    return found


def observations(
    history: Sequence[Session],
    checkins: Sequence[CheckIn],
    feedback: Sequence[RunFeedback],
    athlete: Athlete,
    now: datetime,
) -> list[Observation]:
    """Return the outcomes known at ``now`` that say something about the multiplier.

    An outcome counts when the bounds predict clearly different residuals at its moment (the
    slowest at least 1.5 times the fastest) and the slowest still holds something back (at
    least half the quality threshold): right after a session, or days later, every m agrees."""
    past = [s for s in history if s.start <= now]
    legs = Legs(past, Doses(past, athlete))
    return [
        observation for observation, _ in _readings(past, checkins, feedback, athlete, now, legs)
    ]


def _phi(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def _likelihood(residual: float, low: float, high: float, answers: int) -> float:
    """Return P(reading in [low, high) | residual) with log-normal error and a lapse rate."""
    centre = math.log(max(residual, 1e-12))
    upper = 1.0 if math.isinf(high) else _phi((math.log(high) - centre) / RESIDUAL_SD)
    lower = 0.0 if low <= 0.0 else _phi((math.log(low) - centre) / RESIDUAL_SD)
    return (1.0 - LAPSE.value) * (upper - lower) + LAPSE.value / answers


def calibrate(
    history: Sequence[Session],
    checkins: Sequence[CheckIn],
    feedback: Sequence[RunFeedback],
    athlete: Athlete,
    now: datetime,
    doses: Doses | None = None,
    curves: MutableMapping[datetime, tuple[float, ...]] | None = None,
) -> Calibration:
    """Return the athlete's recovery multiplier at ``now`` from the outcomes known by then.

    ``doses`` saves reading the history again when the caller has them; ``curves`` is a memo
    of the residual at each outcome's moment, which the caller may keep and pass again while
    the sessions stay the same (a new check-in then costs one curve, not all of them)."""
    past = [s for s in history if s.start <= now]
    legs = Legs(past, doses or Doses(past, athlete), curves)
    return _estimate(_readings(past, checkins, feedback, athlete, now, legs), athlete)


def _estimate(
    found: Sequence[tuple[Observation, tuple[float, ...]]], athlete: Athlete
) -> Calibration:
    """Return the posterior's estimate from the readings, and the rate the engine may use."""
    prior = prior_multiplier(athlete)
    centre = math.log(prior)
    log_post = [-((x - centre) ** 2) / (2 * PRIOR_SD.value**2) for x in GRID]
    for item, grid in found:
        answers = 4 if item.source is Source.CHECKIN else 3
        for k, level in enumerate(grid):
            chance = _likelihood(level, item.low, item.high, answers)
            log_post[k] += item.weight * math.log(chance)
    top = max(log_post)
    weights = [math.exp(value - top) for value in log_post]
    total = sum(weights)
    posterior = [w / total for w in weights]
    estimate = math.exp(sum(p * x for p, x in zip(posterior, GRID, strict=True)))
    faster = sum(o.direction is Direction.FASTER for o, _ in found)
    slower = sum(o.direction is Direction.SLOWER for o, _ in found)
    low = MULTIPLIER_LOW.value if faster >= MIN_EACH_WAY.value else 1.0
    high = MULTIPLIER_HIGH if slower >= MIN_EACH_WAY.value else 1.0
    return Calibration(
        multiplier=min(high, max(low, estimate)) if athlete.calibrate else 1.0,
        estimate=estimate,
        interval=(_quantile(posterior, 0.1), _quantile(posterior, 0.9)),
        observations=len(found),
        faster=faster,
        slower=slower,
        prior=prior,
        enabled=athlete.calibrate,
    )


def _quantile(posterior: Sequence[float], share: float) -> float:
    """Return the multiplier below which ``share`` of the posterior lies (interpolated)."""
    running = 0.0
    for k, p in enumerate(posterior):
        if running + p >= share:
            x = GRID[k - 1] + (GRID[k] - GRID[k - 1]) * (share - running) / p if k else GRID[0]
            return math.exp(x)
        running += p
    return math.exp(GRID[-1])
