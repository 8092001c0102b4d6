"""The readiness engine: one dose-aware answer to "from when may I run, how hard, how long?".

Every session leaves a residual that decays in two compartments (neuromuscular fatigue and
structural damage, evidence-dose.md 7.1). Residuals of sessions still gating add up; a
session whose own residual no longer holds back quality work is background and stops
counting, so the windows of an ordinary leg day do not drift with last week's training.

Gates are thresholds on that sum, each *derived* from the standard hard leg session at the
policy's hours (readiness.md), so the standard session reproduces them to the minute and
every other dose scales from it. Earliest times are solved exactly (bisection to the second
on a residual that only falls). Every time constant scales with the athlete's recovery
multiplier (1.0 by default).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from runready.core.dose import (
    RACE_EXPONENT,
    RACE_REFERENCE_KM,
    SLOW_SHARE_LIFT,
    DoseClass,
    Doses,
    SessionDose,
    race_slow_share,
)
from runready.core.errors import InvalidInput
from runready.core.evidence import Constant, Tag
from runready.core.findings import Gate, Number, Reason
from runready.core.model import (
    Athlete,
    CheckIn,
    Intensity,
    PolicyName,
    Region,
    RunKind,
    Session,
    SessionType,
)
from runready.core.policies import FreshUpgrade, Order, Policy
from runready.core.policies import policy as policy_named
from runready.core.rules.checkin import end_of_day
from runready.core.rules.registry import because

_V, _P, _H = Tag.VERIFIED, Tag.PARTLY, Tag.HEURISTIC

TAU_FAST = Constant(
    "tau_fast_h",
    20.0,
    "h",
    _H,
    ("moran_navarro2017", "pareja_blanco2019", "refalo2023"),
    "neuromuscular recovery after resistance training within 24-48 h",
)
TAU_SLOW = Constant(
    "tau_slow_h",
    80.0,
    "h",
    _H,
    ("takayama2017", "petersen2007", "paulsen2012"),
    "between the ~40 h soreness and the ~7 d jump-power e-folding after a marathon; damage "
    "from ordinary training recovers within a few days",
)
MULTIPLIER_LOW = Constant(
    "recovery_multiplier_low",
    0.75,
    "x every time constant",
    _H,
    ("nosaka_clarkson1996", "kolossa2017"),
    "people differ several-fold; 0.75 reproduces fresh recoverers (quality 36 h after a "
    "standard session), 1.5 today's age rule (72 h)",
)
MULTIPLIER_HIGH = 1.5
HARD_EASY_H = Constant(
    "hard_easy_h",
    24.0,
    "h",
    _P,
    ("pfitzinger_douglas", "nuuttila2021", "sporer_wenger2003"),
    "R10: a quality run is followed by 24 h without quality running or hard legs",
)
LEGS_FROM_H = Constant(
    "legs_from_h",
    24.0,
    "h after the standard session",
    _H,
    ("sporer_wenger2003", "doma2019"),
    "the next hard leg session waits until the legs are as clear as 24 h after a standard "
    "session (keeps 24 h after a race-sized run)",
)
REFERENCE_MARATHON_KM = 42.195  # the marathon of STANDARD_RACES
RECOVERY_ONLY_H = Constant(
    "recovery_only_h",
    48.0,
    "h after a marathon",
    _V,
    ("martinez_navarro2021", "takayama2017"),
    "no training for 48 h after a marathon, then easy running helped recovery",
)
RECOVERY_JOG_MIN = Constant(
    "recovery_jog_min",
    30.0,
    "min",
    _H,
    ("sherman1984", "martinez_navarro2021"),
    "daily running from day 1 slowed strength recovery; a short jog at most",
)
MASTERS_AGE = 40  # R19
#: A run of this dose or more still gating keeps the fresh upgrade off: a leg check-in speaks
#: for the lift, not for a race (evidence-dose.md 7.6).
FRESH_BLOCKING_RUN = 0.5
OLDER_AGE = 65  # R19
#: Sessions older than this never gate any more (a 6x race at the slowest multiplier is
#: below every threshold after 32 days).
LOOKBACK = timedelta(days=32)
#: Earliest times are searched this far ahead; the advice reports up to 7 days.
SEARCH = timedelta(days=30)
HORIZON = timedelta(days=7)  # scenario-format.md: earliest times further away are null
_TOLERANCE = 1e-9  # a residual equal to its threshold, up to rounding, opens the gate

REGISTER = (
    TAU_FAST,
    TAU_SLOW,
    HARD_EASY_H,
    LEGS_FROM_H,
    RECOVERY_ONLY_H,
    RECOVERY_JOG_MIN,
    MULTIPLIER_LOW,
)


def standard_residual(hours: float, multiplier: float = 1.0) -> float:
    """Return what the standard hard leg session leaves ``hours`` after it ended."""
    return _decay(1.0, SLOW_SHARE_LIFT.value, max(0.0, hours), multiplier)[0]


def _decay(dose: float, slow_share: float, hours: float, multiplier: float) -> tuple[float, float]:
    fast = (1.0 - slow_share) * math.exp(-hours / (TAU_FAST.value * multiplier))
    slow = slow_share * math.exp(-hours / (TAU_SLOW.value * multiplier))
    return dose * (fast + slow), dose * slow


def residual(dose: SessionDose, at: datetime, multiplier: float = 1.0) -> tuple[float, float]:
    """Return a session's residual (total, slow part) at ``at``; in full while it lasts."""
    session = dose.session
    if at < session.start:
        return 0.0, 0.0
    return decayed(dose, (at - session.end).total_seconds() / 3600.0, multiplier)


def decayed(dose: SessionDose, hours: float, multiplier: float = 1.0) -> tuple[float, float]:
    """Return a session's residual (total, slow part) ``hours`` after it ended; a novel
    session's recovery starts after its onset, which scales with the multiplier too."""
    hours = max(0.0, hours - dose.onset_h * multiplier)
    return _decay(dose.dose, dose.slow_share, hours, multiplier)


def decay_curve(dose: SessionDose, hours: float, multipliers: Sequence[float]) -> list[float]:
    """Return a session's residual ``hours`` after it ended at each of ``multipliers``."""
    return [
        _decay(dose.dose, dose.slow_share, max(0.0, hours - dose.onset_h * m), m)[0]
        for m in multipliers
    ]


#: Residual effective sets that read as a fatigue of 1 - 1/e on the body map (display only).
MUSCLE_REFERENCE_SETS = 8.0


def muscle_fatigue(
    doses: Iterable[SessionDose], at: datetime, multiplier: float = 1.0
) -> dict[Region, float]:
    """Return residual fatigue per muscle at ``at``, from 0 (fresh) towards 1 (heavily loaded),
    decaying like the sessions' own residuals."""
    totals = dict.fromkeys(Region, 0.0)
    for dose in doses:
        if not dose.muscles or at < dose.session.end:
            continue
        hours = max(0.0, (at - dose.session.end).total_seconds() / 3600.0 - dose.onset_h)
        share = _decay(1.0, dose.slow_share, hours, multiplier)[0]
        for region, sets in dose.muscles:
            totals[region] += sets * share
    return {
        region: 1.0 - math.exp(-value / MUSCLE_REFERENCE_SETS) for region, value in totals.items()
    }


def _marathon_slow_at_recovery_end() -> float:
    share = race_slow_share(REFERENCE_MARATHON_KM)
    dose = (REFERENCE_MARATHON_KM / RACE_REFERENCE_KM.value) ** RACE_EXPONENT.value
    return _decay(dose, share, RECOVERY_ONLY_H.value, 1.0)[1]


#: Structural residual above which only a recovery jog is advised: what a marathon leaves
#: after 48 h (readiness.md: a marathon allows a recovery jog at most before 48 h).
RECOVERY_ONLY_SLOW = _marathon_slow_at_recovery_end()


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Residual levels at or below which each thing is allowed, for one athlete and policy."""

    moderate: float
    quality: float
    clear: float
    legs: float
    moderate_h: float
    quality_h: float


def thresholds(policy: Policy, athlete: Athlete, fresh: FreshUpgrade | None = None) -> Thresholds:
    """Return the thresholds of ``policy`` for ``athlete`` (with the fresh upgrade, if any)."""
    windows = policy.legs
    shift = age_shift_h(policy, athlete)
    moderate_h = windows.moderate_from_h
    quality_h = windows.quality_from_h + shift
    clear = standard_residual(quality_h)
    if fresh is not None:
        moderate_h = min(moderate_h, fresh.moderate_from_h)
        quality_h = min(quality_h, fresh.hard_from_h + shift)
    return Thresholds(
        moderate=standard_residual(moderate_h),
        quality=standard_residual(quality_h),
        clear=clear,
        legs=standard_residual(LEGS_FROM_H.value),
        moderate_h=moderate_h,
        quality_h=quality_h,
    )


def age_shift_h(policy: Policy, athlete: Athlete) -> float:
    """Return the hours an athlete's age adds before quality running (R19)."""
    age = athlete.age_years
    return policy.legs.age_shift_h if age is not None and age >= MASTERS_AGE else 0.0


Scale = Callable[[SessionDose], float]


class Pool:
    """The residual of the sessions still gating, as a function of time.

    Each session counts against a level of its own kind (``scale``): a lift against the
    policy's threshold, a run against the evidence's (the articles speak of leg day only), so
    a gate opens when the sum of the sessions' shares of their thresholds reaches 1."""

    def __init__(self, doses: Iterable[SessionDose], clear: Scale, multiplier: float) -> None:
        self.doses = tuple(doses)
        self.clear = clear
        self.multiplier = multiplier

    def contributions(self, at: datetime) -> list[tuple[SessionDose, float, float]]:
        """Return (dose, residual, slow part) of each session still counting at ``at``."""
        found = []
        for dose in self.doses:
            total, slow = residual(dose, at, self.multiplier)
            if total > self.clear(dose) * (1.0 + _TOLERANCE):
                found.append((dose, total, slow))
        return found

    def load(self, at: datetime, scale: Scale, slow: bool = False) -> float:
        """Return the sum of each counting session's residual (its slow part, when ``slow``)
        as a share of its own threshold ``scale``."""
        return sum((p[2] if slow else p[1]) / scale(p[0]) for p in self.contributions(at))

    def opens(self, after: datetime, scale: Scale, slow: bool = False) -> datetime:
        """Return the first whole minute at or after ``after`` with the load at most 1; the
        residual never rises after the last session started, so bisection finds the edge
        exactly (to the second, then up to the minute)."""

        def ok(at: datetime) -> bool:
            return self.load(at, scale, slow) <= 1.0 + _TOLERANCE

        if ok(after):
            return after
        start = after.replace(microsecond=0)
        low, high = 0, int(SEARCH.total_seconds())
        if not ok(start + timedelta(seconds=high)):
            return start + timedelta(seconds=high)
        while high - low > 1:
            middle = (low + high) // 2
            if ok(start + timedelta(seconds=middle)):
                high = middle
            else:
                low = middle
        return _ceil_minute(start + timedelta(seconds=high))


def clearing(policy: Policy, athlete: Athlete) -> Scale:
    """Return each session's background level: at or below it, a session no longer holds
    quality back and stops counting (a lift against the policy's quality threshold, a run
    against the evidence's)."""
    lifts = thresholds(policy, athlete).clear
    runs = thresholds(policy_named(PolicyName.BALANCED), Athlete()).clear
    return lambda dose: lifts if dose.is_lift else runs


def gates_at(dose: SessionDose, at: datetime, multiplier: float, clear: Scale) -> bool:
    """Return True when ``dose`` still counts at ``at``: above its background level."""
    return dose.gates and residual(dose, at, multiplier)[0] > clear(dose) * (1.0 + _TOLERANCE)


@dataclass(frozen=True, slots=True)
class Gauge:
    """A pool read against one set of thresholds: the athlete's own, or the floor under them
    (``floor``: the policy's windows after a fresh check-in at the default rate, which a
    faster personal rate never undercuts)."""

    pool: Pool
    lifts: Thresholds
    evidence: Thresholds
    floor: bool = False

    def scale(self, level: str) -> Scale:
        """Return each session's threshold for ``level`` (a lift's policy, a run's evidence)."""
        return lambda d: float(getattr(self.lifts if d.is_lift else self.evidence, level))


def _opens(
    gauges: Sequence[Gauge], now: datetime, level: str | None, slow: bool = False
) -> tuple[datetime, Gauge]:
    """Return when ``level`` opens on every gauge (the latest), and the gauge that holds it;
    ``level`` None reads the recovery-only residual."""
    found: tuple[datetime, Gauge] | None = None
    for gauge in gauges:
        scale = gauge.scale(level) if level else (lambda _: RECOVERY_ONLY_SLOW)
        at = gauge.pool.opens(now, scale, slow)
        if found is None or at > found[0]:
            found = (at, gauge)
    assert found is not None
    return found


@dataclass(frozen=True, slots=True)
class Readiness:
    """What the athlete's sessions allow over time: run gates, leg-session gates, and notes."""

    run_gates: tuple[Gate, ...]
    leg_gates: tuple[Gate, ...]
    notes: tuple[Reason, ...]
    doses: tuple[SessionDose, ...]
    multiplier: float

    @property
    def leg_doses(self) -> tuple[SessionDose, ...]:
        """Return the doses of strength sessions that still gate."""
        return tuple(d for d in self.doses if d.is_lift and d.gates)


def assess(
    doses: Doses,
    sessions: Sequence[Session],
    athlete: Athlete,
    policy: Policy,
    checkin: CheckIn | None,
    now: datetime,
    multiplier: float = 1.0,
    shared_day: bool = True,
) -> Readiness:
    """Return the gates that ``sessions`` (all started by ``now``) put on what comes next.

    ``shared_day`` False leaves out the one calendar gate (legs wait for tomorrow after a
    run), so that the answer depends on elapsed time alone."""
    if not MULTIPLIER_LOW.value <= multiplier <= MULTIPLIER_HIGH:
        raise InvalidInput(
            "recovery_multiplier",
            f"must be between {MULTIPLIER_LOW.value:g} and {MULTIPLIER_HIGH:g}, got {multiplier:g}",
        )
    balanced = policy_named(PolicyName.BALANCED)
    evidence = thresholds(balanced, Athlete())
    clear = clearing(policy, athlete)
    recent = [doses.of(s) for s in sessions if now - LOOKBACK <= s.start <= now]

    def gating(rate: float) -> list[SessionDose]:
        return [d for d in recent if gates_at(d, now, rate, clear)]

    active = gating(multiplier)
    notes: list[Reason] = [
        because(
            "R5",
            "Not a leg gate: {what} leaves too little to hold running back.",
            what=d.describe(),
        )
        for d in recent
        if d.klass is DoseClass.LIGHT and now - d.session.end < timedelta(hours=48)
    ]
    fresh, fresh_notes = _fresh(policy, active, checkin, now)
    notes += fresh_notes
    lifts = thresholds(policy, athlete, fresh)
    gauges = [Gauge(Pool(active, clear, multiplier), lifts, evidence)]
    if multiplier < 1.0:
        gauges.append(
            Gauge(
                Pool(gating(1.0), clear, 1.0),
                thresholds(policy, athlete, policy.fresh),
                thresholds(balanced, Athlete(), balanced.fresh),
                floor=True,
            )
        )
    # The policy's fixed minimums (the no-run window, R10's day) never shrink below the
    # default; they grow with a slower rate like every time constant.
    at_least_default = max(1.0, multiplier)
    gates: list[Gate] = []
    for dose in active:
        gates += _acute(policy, dose, now, at_least_default)
    gates += _pool_gates(policy, gauges, fresh, now)
    quality_runs = [
        s
        for s in sessions
        if s.is_quality_run
        and s.start <= now < s.end + _hours(HARD_EASY_H.value * at_least_default)
    ]
    gates += [_hard_easy(run, at_least_default) for run in quality_runs]
    legs = _leg_gates(gauges, quality_runs, now, at_least_default)
    if shared_day:
        legs += _shared_day(policy, athlete, sessions, now)
    notes += _modifier_notes(policy, athlete, active)
    return Readiness(tuple(gates), tuple(legs), tuple(notes), tuple(active), multiplier)


def _ceil_minute(moment: datetime) -> datetime:
    if moment.second or moment.microsecond:
        return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return moment


def _hours(value: float) -> timedelta:
    return timedelta(hours=value)


def _acute(policy: Policy, dose: SessionDose, now: datetime, multiplier: float) -> list[Gate]:
    """Return the no-run window right after a lift (R3, A5, B1), shorter for smaller doses."""
    windows = policy.legs
    if not dose.is_lift or (windows.wait_needs_eccentric and not dose.eccentric):
        return []
    session = dose.session
    cap = session.end + _hours(windows.no_run_h * multiplier)
    own = Pool((dose,), lambda _: 0.0, multiplier)
    level = standard_residual(windows.no_run_h)
    until = min(cap, own.opens(max(now, session.start), lambda _: level))
    if until <= now:
        return []
    reason = because(
        windows.wait_rule,
        "No run until {until}: {what} ended {ended}.",
        until=until,
        what=dose.describe(),
        ended=session.end,
        dose=round(dose.dose, 2),
        threshold_h=windows.no_run_h,
    )
    return [Gate(Intensity.NONE, session.start, until, reason)]


def _drivers(parts: Sequence[tuple[SessionDose, float, float]]) -> tuple[str, dict[str, object]]:
    """Return the driving sessions in words (largest first) with their end times as values."""
    ordered = sorted(parts, key=lambda p: -p[1])
    words = []
    values: dict[str, object] = {}
    for index, (dose, _, _) in enumerate(ordered[:3]):
        key = f"ended_{index}"
        values[key] = dose.session.end
        words.append(f"{dose.describe()}, ended {{{key}}}")
    if len(ordered) > 3:
        words.append(f"{len(ordered) - 3} more")
    text = words[0] if len(words) == 1 else "; ".join(words[:-1]) + " and " + words[-1]
    return text, values


def _pool_rule(
    policy: Policy, parts: Sequence[tuple[SessionDose, float, float]], level: str
) -> str:
    main = max(parts, key=lambda p: p[1])[0]
    if not main.is_lift:
        return "R26" if main.session.kind is RunKind.RACE else "R10"
    if main.novel and policy.legs.novelty_delays:
        return "R6"
    return policy.legs.easy_rule if level == "easy" else policy.legs.moderate_rule


#: What a gate reason adds when the personal rate moved its time, or when the floor held it.
RATE_NOTE = " Scaled by your recovery rate ({multiplier}x the default's times)."
FLOOR_NOTE = (
    " Your faster recovery cannot open it sooner: the policy's windows after a fresh check-in "
    "are the floor."
)


def _rated(text: str, gauge: Gauge, multiplier: float) -> str:
    """Return a gate's text with the personal rate cited when it moved the time."""
    if gauge.floor:
        return text + FLOOR_NOTE
    return text + RATE_NOTE if multiplier != 1.0 else text


def _rate_numbers(gauge: Gauge, multiplier: float) -> dict[str, Number]:
    if multiplier == 1.0:
        return {}
    return {"multiplier": round(multiplier, 3), "floor": gauge.floor}


def _pool_gates(
    policy: Policy, gauges: Sequence[Gauge], fresh: FreshUpgrade | None, now: datetime
) -> list[Gate]:
    """Return the caps the summed residual sets: recovery only, easy only, no quality."""
    if not any(g.pool.contributions(now) for g in gauges):
        return []
    multiplier = gauges[0].pool.multiplier
    windows = policy.legs
    gates = []
    recovery_until, gauge = _opens(gauges, now, None, slow=True)
    if recovery_until > now:
        what, values = _drivers([p for p in gauge.pool.contributions(now) if p[2] > 0])
        reason = because(
            "R26",
            _rated(
                "A recovery jog at most (up to {minutes} min) until {until}: {what}.",
                gauge,
                multiplier,
            ),
            until=recovery_until,
            minutes=RECOVERY_JOG_MIN.value,
            what=what,
            **values,  # type: ignore[arg-type]
            **_rate_numbers(gauge, multiplier),
        )
        gates.append(
            Gate(
                Intensity.RECOVERY,
                _first_start(gauge, now),
                recovery_until,
                reason,
                duration_cap_min=RECOVERY_JOG_MIN.value,
            )
        )
    moderate_at, gauge = _opens(gauges, now, "moderate")
    if moderate_at > now:
        parts = gauge.pool.contributions(now)
        what, values = _drivers(parts)
        reason = because(
            _pool_rule(policy, parts, "easy"),
            _rated(
                "Easy running only until {until}: {what}."
                if windows.easy_duration_min is None
                else "Easy running only until {until} (up to {minutes} min): {what}.",
                gauge,
                multiplier,
            ),
            until=moderate_at,
            minutes=windows.easy_duration_min,
            what=what,
            load=round(gauge.pool.load(now, gauge.scale("moderate")), 3),
            **values,  # type: ignore[arg-type]
            **_rate_numbers(gauge, multiplier),
        )
        gates.append(
            Gate(
                Intensity.EASY,
                _first_start(gauge, now),
                moderate_at,
                reason,
                duration_cap_min=windows.easy_duration_min,
            )
        )
    quality_at, gauge = _opens(gauges, now, "quality")
    parts = gauge.pool.contributions(now)
    if fresh is not None and fresh.hard_not_before_next_day and parts:
        latest = max(p[0].session.end for p in parts)
        quality_at = max(quality_at, end_of_day(latest, now))
    if quality_at > now:
        what, values = _drivers(parts)
        reason = because(
            _pool_rule(policy, parts, "quality"),
            _rated(
                "No quality run (intervals, tempo, hills, race, long) until {until}: {what}.",
                gauge,
                multiplier,
            ),
            until=quality_at,
            what=what,
            load=round(gauge.pool.load(now, gauge.scale("quality")), 3),
            **values,  # type: ignore[arg-type]
            **_rate_numbers(gauge, multiplier),
        )
        gates.append(
            Gate(
                Intensity.MODERATE,
                _first_start(gauge, now),
                quality_at,
                reason,
                duration_cap_min=windows.moderate_duration_min,
            )
        )
    return gates


def _first_start(gauge: Gauge, now: datetime) -> datetime:
    return min(p[0].session.start for p in gauge.pool.contributions(now))


def _hard_easy(run: Session, multiplier: float) -> Gate:
    """Return R10's cap below quality for a day after a quality run."""
    until = run.end + _hours(HARD_EASY_H.value * multiplier)
    label = run.kind.value if run.kind else f"{run.duration_min:g}-min"
    reason = because(
        "R10",
        "The {label} run that ended {ended} was quality work: the next quality run waits "
        "until {until}.",
        label=label,
        ended=run.end,
        until=until,
        threshold_h=round(HARD_EASY_H.value * multiplier, 1),
    )
    return Gate(Intensity.MODERATE, run.start, until, reason)


def _leg_gates(
    gauges: Sequence[Gauge],
    quality_runs: Sequence[Session],
    now: datetime,
    multiplier: float,
) -> list[Gate]:
    """Return when the next hard leg session is advised (R10)."""
    gates = []
    legs_at, gauge = _opens(gauges, now, "legs")
    parts = gauge.pool.contributions(now)
    if parts and legs_at > now:
        what, values = _drivers(parts)
        rate = gauges[0].pool.multiplier
        gates.append(
            Gate(
                Intensity.NONE,
                min(p[0].session.start for p in parts),
                legs_at,
                because(
                    "R10",
                    _rated("The next hard leg session waits until {until}: {what}.", gauge, rate),
                    until=legs_at,
                    what=what,
                    **values,  # type: ignore[arg-type]
                    **_rate_numbers(gauge, rate),
                ),
            )
        )
    for run in quality_runs:
        until = run.end + _hours(HARD_EASY_H.value * multiplier)
        gates.append(
            Gate(
                Intensity.NONE,
                run.start,
                until,
                because(
                    "R10",
                    "A hard leg session waits until {until}, {hours} h after the quality run.",
                    until=until,
                    hours=round(HARD_EASY_H.value * multiplier, 1),
                ),
            )
        )
    return gates


def _shared_day(
    policy: Policy, athlete: Athlete, sessions: Sequence[Session], now: datetime
) -> list[Gate]:
    """Return the calendar gate: after a run, legs wait for tomorrow when the lift comes
    first on a shared day (R1, A4, B6)."""
    if not lift_first_on_shared_day(policy, athlete):
        return []
    return [
        Gate(
            Intensity.NONE,
            run.start,
            end_of_day(run.start, now),
            because(
                policy.same_day_rule,
                "You ran today: on a day with both, the lift comes first, so legs wait until "
                "tomorrow.",
            ),
        )
        for run in sessions
        if run.type is SessionType.RUN and run.start <= now < end_of_day(run.start, now)
    ]


def lift_first_on_shared_day(policy: Policy, athlete: Athlete) -> bool:
    """Return True when the policy puts a leg lift before a run on a shared day (R1, A4, B6)."""
    if policy.order is Order.BY_ARTICLE_B:
        return not athlete.goal.lifts_first
    return True


def _fresh(
    policy: Policy, active: Sequence[SessionDose], checkin: CheckIn | None, now: datetime
) -> tuple[FreshUpgrade | None, list[Reason]]:
    """Return the fresh upgrade when a check-in after every gating lift unlocks it (R15, A3)."""
    upgrade = policy.fresh
    lifts = [d for d in active if d.is_lift]
    if upgrade is None or not lifts:
        return None, []
    problems = []
    if any(not d.is_lift and d.dose >= FRESH_BLOCKING_RUN for d in active):
        problems.append("a race or a long run still gates")
    latest = max(d.session.end for d in lifts)
    if checkin is None or checkin.at < latest or checkin.at > now:
        return None, [because(upgrade.rule, "No fresh upgrade: no check-in since the session.")]
    soreness = checkin.running_soreness
    if soreness > upgrade.max_soreness:
        problems.append(f"soreness {soreness:g} > {upgrade.max_soreness:g}")
    if checkin.feel not in upgrade.feels:
        problems.append(f"feel is {checkin.feel.value if checkin.feel else 'not reported'}")
    if (
        upgrade.min_sleep_h is not None
        and checkin.sleep_h is not None
        and checkin.sleep_h < upgrade.min_sleep_h
    ):
        problems.append(f"sleep {checkin.sleep_h:g} h < {upgrade.min_sleep_h:g} h")
    if upgrade.excludes_novel and any(d.novel for d in lifts):
        problems.append("the session was novel")
    if problems:
        return None, [because(upgrade.rule, f"No fresh upgrade: {'; '.join(problems)}.")]
    feel = checkin.feel.value if checkin.feel else "-"
    note = because(
        upgrade.rule,
        f"Fresh check-in after the session (soreness {soreness:g}, feel {feel}): moderate from "
        f"{upgrade.moderate_from_h:g} h, hard from {upgrade.hard_from_h:g} h after a standard "
        "session, scaled by dose.",
        soreness=soreness,
    )
    return upgrade, [note]


def _modifier_notes(
    policy: Policy, athlete: Athlete, active: Sequence[SessionDose]
) -> list[Reason]:
    notes = []
    lifts = [d for d in active if d.is_lift]
    for dose in lifts:
        if dose.novel and policy.legs.novelty_delays:
            notes.append(
                because(
                    "R6",
                    "The leg session that ended {ended} was novel ({why}): its recovery "
                    "starts {onset} h later (easy only to 48 h, quality from 72 h after a "
                    "standard session).",
                    ended=dose.session.end,
                    why=dose.novel_because,
                    onset=dose.onset_h,
                )
            )
    age = athlete.age_years
    shift = age_shift_h(policy, athlete)
    if lifts and shift:
        notes.append(
            because(
                "R19",
                f"At {age} (40 or over), quality running waits {shift:g} h longer after a "
                "standard leg session, and proportionally after others.",
                age=age,
                shift_h=shift,
            )
        )
    if lifts and age is not None and age >= OLDER_AGE:
        notes.append(
            because(
                "R19",
                f"At {age}, evidence on recovery is thin; the advice keeps the conservative "
                "defaults.",
                age=age,
            )
        )
    notes += [because("R26", f"{d.describe()}: {d.note}.") for d in active if d.note is not None]
    return notes


class Limits:
    """The caps over time that a set of gates defines."""

    def __init__(self, gates: Sequence[Gate], now: datetime) -> None:
        self.gates = tuple(gates)
        self.now = now
        points = {now}
        for gate in self.gates:
            for moment in (gate.start, gate.end):
                if moment is not None and now < moment <= now + HORIZON:
                    points.add(moment)
        self.points = sorted(points)

    def at(self, moment: datetime) -> tuple[Intensity, float | None, list[Gate]]:
        """Return the cap, the duration cap and the binding gates at ``moment``."""
        level = Intensity.HARD
        duration: float | None = None
        downgraded = False
        active = [gate for gate in self.gates if gate.active_at(moment)]
        for gate in active:
            if gate.downgrade:
                downgraded = True
                continue
            level = min(level, gate.cap)
            if gate.duration_cap_min is not None:
                duration = min(duration or gate.duration_cap_min, gate.duration_cap_min)
        if downgraded:
            level = level.lower()
        binding = [g for g in active if g.downgrade or g.cap <= level or g.duration_cap_min]
        return level, (duration if level > Intensity.NONE else None), binding

    def fits(self, moment: datetime, level: Intensity, minutes: float | None) -> bool:
        """Return True when a run of ``level`` lasting ``minutes`` is allowed at ``moment``."""
        cap, duration, _ = self.at(moment)
        return cap >= level and (duration is None or minutes is None or minutes <= duration)

    def earliest(
        self, level: Intensity, after: datetime, minutes: float | None = None
    ) -> tuple[datetime | None, list[Gate]]:
        """Return the first moment at or after ``after`` allowing ``level`` (for ``minutes``),
        and what held it back."""
        blockers: list[Gate] = []
        for moment in [after] + [p for p in self.points if p > after]:
            if self.fits(moment, level, minutes):
                return moment, blockers
            blockers = self.at(moment)[2]
        return None, blockers
