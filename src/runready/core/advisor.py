"""The advisor: a scenario (state + policy + intent) in, explained advice out."""

from __future__ import annotations

import math
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from runready.core import calibration as calibration_
from runready.core.calibration import Calibration
from runready.core.dose import NOVEL_WINDOW, Doses, loads_legs
from runready.core.exercises import resolve
from runready.core.fatigue import LOAD_HISTORY
from runready.core.findings import (
    Conflict,
    Gate,
    Level,
    Number,
    Reason,
    TimeFormat,
    Warning,
    iso_minutes,
)
from runready.core.model import (
    RUN_INTENSITIES,
    Athlete,
    CheckIn,
    Feel,
    Intensity,
    IntentItem,
    Pain,
    Scenario,
    Session,
    SessionType,
)
from runready.core.policies import Policy
from runready.core.policies import policy as policy_named
from runready.core.readiness import HORIZON, LOOKBACK, Limits, Readiness, assess
from runready.core.rules import wellness
from runready.core.rules.checkin import checkin_signals, end_of_day, latest
from runready.core.rules.chronic import acwr_note, high_strain, no_rest_day, performance_decline
from runready.core.rules.recovery import Context, options
from runready.core.rules.registry import because
from runready.core.rules.running import distance_spike, weekly_ramp
from runready.core.rules.sequencing import SameDay, same_day
from runready.core.signals import Signals, side_by_side
from runready.core.state import State, compute_state
from runready.core.timeline import Timeline
from runready.core.vocabulary import Activity, ConflictTopic, SignalName, Verdict, WarningCode

RECENT_LEGS = timedelta(hours=72)  # recovery options offered this long (R8; runready_heuristic)
#: A lift of at least this dose counts as hard legs for recovery options and conflicts.
HARD_LEGS_DOSE = 0.5


@dataclass(frozen=True, slots=True)
class IntentCheck:
    """Whether a planned session fits: allowed at its start, or from when."""

    item: IntentItem
    start: datetime
    allowed: bool
    allowed_from: datetime | None
    max_intensity: Intensity
    max_duration_min: float | None

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape."""
        return {
            "type": self.item.type.value,
            "kind": self.item.kind.value if self.item.kind else None,
            "intensity": self.item.intensity.label,
            "start": _iso(self.start),
            "allowed": self.allowed,
            "allowed_from": _iso(self.allowed_from),
            "max_intensity": self.max_intensity.label,
            "max_duration_min": self.max_duration_min,
        }


@dataclass(frozen=True, slots=True)
class Advice:
    """The advisor's answer (scenario-format.md, output)."""

    at: datetime
    policy: str
    verdict: Verdict
    max_intensity: Intensity
    max_duration_min: float | None
    earliest: tuple[tuple[Intensity, datetime | None], ...]
    order: SameDay | None
    alternatives: tuple[Activity, ...]
    recovery: tuple[Activity, ...]
    avoid: tuple[Activity, ...]
    warnings: tuple[Warning, ...]
    reasons: tuple[Reason, ...]
    conflicts: tuple[Conflict, ...]
    state: State
    intent: tuple[IntentCheck, ...]
    #: What would open the next level sooner (readiness.md rule 6).
    sooner: tuple[Reason, ...] = ()
    #: The personal recovery rate the engine used, and every signal side by side.
    calibration: Calibration = calibration_.DEFAULT
    signals: Signals | None = None

    def earliest_at(self, level: Intensity) -> datetime | None:
        """Return the earliest advised time for a run of ``level``."""
        return dict(self.earliest)[level]

    def as_dict(self, fmt: TimeFormat = iso_minutes) -> dict[str, object]:
        """Return the JSON contract of ``runready advise --json`` (``fmt`` renders the
        moments inside messages; moments in fields are always ISO 8601)."""
        return {
            "at": _iso(self.at),
            "policy": self.policy,
            "verdict": self.verdict.value,
            "run": {
                "max_intensity": self.max_intensity.label,
                "max_duration_min": self.max_duration_min,
            },
            "earliest": {level.label: _iso(moment) for level, moment in self.earliest},
            "order": (
                {"first": self.order.first, "min_gap_h": self.order.min_gap_h}
                if self.order
                else None
            ),
            "alternatives": [a.value for a in self.alternatives],
            "recovery": [a.value for a in self.recovery],
            "avoid": [a.value for a in self.avoid],
            "warnings": [w.as_dict(fmt) for w in self.warnings],
            "reasons": [r.as_dict(fmt) for r in self.reasons],
            "conflicts": [c.as_dict() for c in self.conflicts],
            "state": self.state.as_dict(),
            "intent": [check.as_dict() for check in self.intent],
            "sooner": [r.as_dict(fmt) for r in self.sooner],
            "signals": self.signals.as_dict(fmt) if self.signals is not None else None,
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def ceil_minute(moment: datetime) -> datetime:
    """Return ``moment`` rounded up to the whole minute (earliest times are to the minute)."""
    if moment.second or moment.microsecond:
        return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return moment


def advise(scenario: Scenario, calibration: Calibration | None = None) -> Advice:
    """Return the advice for ``scenario``: verdict, limits, earliest times and every reason.

    ``calibration`` is the athlete's recovery rate; by default it is learned from the
    scenario's own outcomes (its check-ins and run feedback)."""
    now = scenario.now
    athlete = scenario.athlete
    policy = policy_named(athlete.policy)
    timeline = Timeline(scenario.history, now)
    first = calibration_.first_outcome(scenario.checkins, scenario.feedback, now)
    reach = max(LOOKBACK, now - first + LOOKBACK) if first and calibration is None else LOOKBACK
    doses = dose_book(timeline, athlete, reach)
    if calibration is None:
        calibration = calibration_of(scenario, timeline, doses)
    multiplier = calibration.multiplier
    checkin = latest(scenario.checkins, now)
    ready = assess(doses, timeline.last(LOOKBACK), athlete, policy, checkin, now, multiplier)
    by_signal: dict[SignalName, list[Gate]] = {SignalName.LEG_MODEL: list(ready.run_gates)}
    reasons: list[Reason] = list(ready.notes)
    warnings: list[Warning] = []
    conflicts = _conflicts(policy, ready, now)
    for dose in ready.leg_doses:
        note = next((n for n in ready.notes if n.rule == "R6"), None)
        if dose.novel and note is not None:
            warnings.append(Warning(WarningCode.NOVEL_LEG_SESSION, Level.CAUTION, note))
    if ready.doses and multiplier != 1.0:
        reasons.append(calibration_.reason(calibration))

    told, checkin_warnings = checkin_signals(policy, scenario.checkins, now)
    for name, gate in told:
        by_signal.setdefault(name, []).append(gate)
    warnings += checkin_warnings
    body = _body_signals(scenario)
    for name, gate in body.gates:
        by_signal.setdefault(name, []).append(gate)
    gates = [gate for found in by_signal.values() for gate in found]

    order = same_day(policy, athlete, scenario.intent, now)
    plan_gates = list(gates)
    if order is not None:
        if order.gate is not None:
            plan_gates.append(order.gate)
            if order.applies_now:
                gates.append(order.gate)
                by_signal[SignalName.LEG_MODEL].append(order.gate)
        reasons += order.reasons
        conflicts.append(order.conflict)

    limits = Limits(gates, now)
    plan_limits = Limits(plan_gates, now)
    cap_now, duration_now, binding_now = limits.at(now)
    earliest: list[tuple[Intensity, datetime | None]] = []
    for level in RUN_INTENSITIES:
        moment, blockers = limits.earliest(level, now)
        earliest.append((level, ceil_minute(moment) if moment and moment != now else moment))
        reasons += [gate.reason for gate in blockers]
    reasons = [gate.reason for gate in binding_now] + reasons

    state = compute_state(timeline, doses, ready)
    warnings += _load_warnings(scenario, timeline, state)
    recent_hard = any(
        d.dose >= HARD_LEGS_DOSE and now - d.session.end <= RECENT_LEGS for d in ready.leg_doses
    )
    sharp = checkin is not None and checkin.pain is Pain.SHARP
    soreness = checkin.running_soreness if checkin is not None else 0.0
    today = checkin is not None and end_of_day(checkin.at, now) > now
    band = policy.soreness_band(soreness) if today else None
    opts = options(
        policy,
        Context(
            goal=athlete.goal,
            cap_now=cap_now,
            recent_hard_legs=recent_hard,
            soreness=soreness,
            no_run_soreness=band is not None and band.cap is Intensity.NONE,
            sharp_pain=sharp,
            muscles=state.muscles,
            runs_7d=state.runs_7d,
            run_min_7d=state.run_min_7d,
        ),
    )
    reasons += opts.reasons
    note = acwr_note(state.acwr)
    if note is not None:
        reasons.append(note)
    reasons += [w.reason for w in warnings]

    verdict = _verdict(cap_now, dict(earliest)[Intensity.RECOVERY], now, checkin, soreness)
    leg_limits = Limits(ready.leg_gates, now)
    checks = tuple(
        _check(item, plan_limits, leg_limits, now)
        for item in scenario.intent
        if item.type is SessionType.RUN or _is_leg_item(item)
    )
    for check in checks:
        reasons.append(_intent_reason(check))
    readings = _readings(checkin if today else None, body, calibration, state)
    return Advice(
        at=now,
        policy=policy.name.value,
        verdict=verdict,
        max_intensity=cap_now,
        max_duration_min=duration_now,
        earliest=tuple(earliest),
        order=order,
        alternatives=opts.alternatives,
        recovery=opts.recovery,
        avoid=opts.avoid,
        warnings=tuple(_unique_warnings(warnings)),
        reasons=tuple(_unique(reasons)),
        conflicts=tuple(conflicts),
        state=state,
        intent=checks,
        sooner=tuple(_sooner(scenario, timeline, policy, limits, checkin, multiplier)),
        calibration=calibration,
        signals=side_by_side(by_signal, readings, cap_now, now),
    )


def calibration_of(
    scenario: Scenario,
    timeline: Timeline | None = None,
    doses: Doses | None = None,
    curves: MutableMapping[datetime, tuple[float, ...]] | None = None,
) -> Calibration:
    """Return the recovery rate learned from the scenario's own outcomes (the default when
    it holds none); only the history those outcomes need is read (``doses``, when given,
    must reach that far: ``dose_book`` with the reach from the first outcome; ``curves``: see
    ``calibration.calibrate``)."""
    now = scenario.now
    first = calibration_.first_outcome(scenario.checkins, scenario.feedback, now)
    if first is None:
        return calibration_.unlearned(scenario.athlete)
    timeline = timeline or Timeline(scenario.history, now)
    reach = now - first + LOOKBACK
    doses = doses or dose_book(timeline, scenario.athlete, reach)
    return calibration_.calibrate(
        timeline.last(reach),
        scenario.checkins,
        scenario.feedback,
        scenario.athlete,
        now,
        doses,
        curves,
    )


@dataclass(frozen=True, slots=True)
class _Body:
    """Today's whole-body readings and the gates they set."""

    hrv: wellness.Reading
    resting_hr: wellness.Reading
    sleep_h: float | None
    sdnn_ms: float | None
    gates: tuple[tuple[SignalName, Gate], ...]


def _body_signals(scenario: Scenario) -> _Body:
    now = scenario.now
    hrv = wellness.hrv(scenario.wellness, now)
    heart = wellness.resting_hr(scenario.wellness, now)
    sleep_h, short = wellness.synced_sleep(scenario.wellness, scenario.checkins, now)
    found = [(SignalName.HRV, hrv.gate), (SignalName.RESTING_HR, heart.gate)]
    found.append((SignalName.SLEEP, short))
    sdnn = [
        w.hrv_sdnn_ms
        for w in sorted(scenario.wellness, key=lambda w: w.at)
        if w.hrv_sdnn_ms is not None
        and w.at <= now
        and w.at.astimezone(now.tzinfo).date() == now.date()
    ]
    return _Body(
        hrv,
        heart,
        sleep_h,
        sdnn[-1] if sdnn else None,
        tuple((name, gate) for name, gate in found if gate is not None),
    )


def _readings(
    checkin: CheckIn | None, body: _Body, calibration: Calibration, state: State
) -> dict[SignalName, dict[str, Number]]:
    """Return what each signal read today, as numbers for the side-by-side view."""
    found: dict[SignalName, dict[str, Number]] = {
        SignalName.LEG_MODEL: {
            "recovery_multiplier": round(calibration.multiplier, 3),
            "observations": calibration.observations,
            "hours_since_hard_legs": state.hours_since_hard_legs,
        }
    }
    if checkin is not None:
        if checkin.soreness:
            found[SignalName.SORENESS] = {"running_soreness": checkin.running_soreness}
        found[SignalName.DECLARED] = {
            "feel": checkin.feel.value if checkin.feel else None,
            "pain": checkin.pain.value,
        }
    if body.hrv.trend is not None:
        found[SignalName.HRV] = _trend_numbers(body.hrv.trend, "rmssd", "ms", log=True)
    if body.sdnn_ms is not None:
        found.setdefault(SignalName.HRV, {})["sdnn_today_ms"] = body.sdnn_ms
    if body.resting_hr.trend is not None:
        found[SignalName.RESTING_HR] = _trend_numbers(body.resting_hr.trend, "hr", "bpm")
    if body.sleep_h is not None:
        found[SignalName.SLEEP] = {"sleep_h": body.sleep_h}
    return found


def _trend_numbers(
    trend: wellness.Trend, name: str, unit: str, log: bool = False
) -> dict[str, Number]:
    def shown(value: float | None) -> float | None:
        if value is None:
            return None
        return round(math.exp(value) if log else value, 1)

    low, high = trend.band
    return {
        f"{name}_today_{unit}": shown(trend.today),
        f"{name}_7d_{unit}": shown(trend.week),
        f"{name}_usual_{unit}": shown(trend.usual[0]) if trend.usual else None,
        f"band_low_{unit}": shown(low),
        f"band_high_{unit}": shown(high),
    }


def dose_book(timeline: Timeline, athlete: Athlete, reach: timedelta = LOOKBACK) -> Doses:
    """Return the doses of the sessions that can still matter: those within ``reach`` (the
    engine's lookback, or further back for the outcomes calibration reads) and the novelty
    window before them (the known history starts at the first session)."""
    known_from = timeline.sessions[0].start if len(timeline) else None
    return Doses(timeline.last(reach + NOVEL_WINDOW), athlete, known_from=known_from)


def _conflicts(policy: Policy, ready: Readiness, now: datetime) -> list[Conflict]:
    """Return the articles' conflicts that a pending leg gate brings up."""
    lifts = [d for d in ready.leg_doses if d.dose >= HARD_LEGS_DOSE]
    if not lifts:
        return []
    found = [
        Conflict(
            ConflictTopic.RUN_AFTER_LEGS,
            "A6",
            "B1",
            policy.resolution(ConflictTopic.RUN_AFTER_LEGS),
        )
    ]
    quality_held = any(
        g.cap is Intensity.MODERATE and g.end is not None and g.end > now for g in ready.run_gates
    )
    if quality_held or policy.fresh is None:
        found.append(
            Conflict(
                ConflictTopic.QUALITY_AFTER_LEGS,
                "A3",
                "B9",
                policy.resolution(ConflictTopic.QUALITY_AFTER_LEGS),
            )
        )
    return found


def _verdict(
    cap: Intensity,
    first_run: datetime | None,
    now: datetime,
    checkin: CheckIn | None,
    soreness: float,
) -> Verdict:
    if cap >= Intensity.HARD:
        return Verdict.GO
    if cap > Intensity.NONE:
        return Verdict.EASY
    if (
        checkin is not None
        and checkin.feel is Feel.EXHAUSTED
        and (checkin.pain is Pain.SHARP or soreness >= 7)
    ):
        return Verdict.REST
    if first_run is not None and first_run.astimezone(now.tzinfo).date() == now.date():
        return Verdict.WAIT
    return Verdict.ALTERNATIVE


def _sooner(
    scenario: Scenario,
    timeline: Timeline,
    policy: Policy,
    limits: Limits,
    checkin: CheckIn | None,
    multiplier: float,
) -> list[Reason]:
    """Return what would open the next level sooner: a shorter run, a fresh check-in."""
    now = scenario.now
    cap, duration, _ = limits.at(now)
    found = []
    if duration is not None and cap > Intensity.NONE:
        found.append(
            because(
                "INTENT",
                f"A shorter run is fine now: {cap.label}, up to {duration:g} min.",
                minutes=duration,
            )
        )
    upgrade = policy.fresh
    if upgrade is None or cap >= Intensity.HARD or (checkin is not None and checkin.at == now):
        return found
    fresh = CheckIn(at=now, feel=Feel.FRESH, sleep_h=None)
    trial = run_limits(
        replace(scenario, checkins=(*scenario.checkins, fresh)), multiplier, timeline
    )
    gains = []
    for level in (Intensity.MODERATE, Intensity.HARD):
        before, _ = limits.earliest(level, now)
        after, _ = trial.earliest(level, now)
        if after is not None and (before is None or after < before):
            gains.append((level, ceil_minute(after)))
    if gains:
        values = {f"{level.label}_from": moment for level, moment in gains if moment > now}
        parts = ", ".join(
            f"{level.label} from {{{level.label}_from}}" if moment > now else f"{level.label} now"
            for level, moment in gains
        )
        found.append(
            because(
                upgrade.rule,
                f"A fresh check-in (running-muscle soreness {upgrade.max_soreness:g} or less, "
                f"feeling fresh or normal) would allow {parts}.",
                **values,
            )
        )
    return found


def run_limits(
    scenario: Scenario, multiplier: float = 1.0, timeline: Timeline | None = None
) -> Limits:
    """Return the run limits of ``scenario`` over time (engine, check-in and whole-body gates;
    not the day's order); ``timeline`` saves sorting the history again when the caller has it."""
    now = scenario.now
    athlete = scenario.athlete
    policy = policy_named(athlete.policy)
    timeline = timeline or Timeline(scenario.history, now)
    checkin = latest(scenario.checkins, now)
    ready = assess(
        dose_book(timeline, athlete),
        timeline.last(LOOKBACK),
        athlete,
        policy,
        checkin,
        now,
        multiplier,
    )
    told, _ = checkin_signals(policy, scenario.checkins, now)
    more = [gate for _, gate in told] + [gate for _, gate in _body_signals(scenario).gates]
    return Limits(list(ready.run_gates) + more, now)


def _load_warnings(scenario: Scenario, timeline: Timeline, state: State) -> list[Warning]:
    now = scenario.now
    found: list[Warning | None] = [
        distance_spike(timeline.runs_in(timedelta(days=40)), scenario.intent, now),
        weekly_ramp(timeline.runs_in(timedelta(days=22)), now),
        no_rest_day(timeline.last(LOAD_HISTORY), now),
        high_strain(state.series),
        performance_decline(timeline.runs_in(timedelta(days=57)), state.series, now),
    ]
    unknown = _unknown_exercises(timeline.last(HORIZON), scenario.intent, now)
    if unknown:
        names = ", ".join(unknown)
        reason = because(
            "LOAD",
            f"Not in the exercise catalogue: {names}. Their sets count by the session's focus.",
            count=len(unknown),
        )
        found.append(Warning(WarningCode.UNKNOWN_EXERCISE, Level.INFO, reason))
    return [w for w in found if w is not None]


def _unknown_exercises(
    history: Sequence[Session], intent: Sequence[IntentItem], now: datetime
) -> list[str]:
    names: list[str] = []
    recent = [s for s in history if now - s.start <= HORIZON]
    for exercises in [s.exercises for s in recent] + [i.exercises for i in intent]:
        names += [e.name for e in exercises if resolve(e.name) is None]
    return list(dict.fromkeys(names))


def _is_leg_item(item: IntentItem) -> bool:
    return item.type is SessionType.STRENGTH and loads_legs(item.focus, item.exercises)


def _check(item: IntentItem, runs: Limits, legs: Limits, now: datetime) -> IntentCheck:
    start = max(item.start or now, now)
    if item.type is SessionType.STRENGTH:
        blocked = legs.at(start)[0] is Intensity.NONE
        free_from, _ = legs.earliest(Intensity.HARD, start)
        return IntentCheck(
            item,
            start,
            not blocked,
            ceil_minute(free_from) if free_from else None,
            Intensity.NONE if blocked else Intensity.HARD,
            None,
        )
    cap, duration, _ = runs.at(start)
    allowed_from, _ = runs.earliest(item.required, start, item.duration_min)
    allowed = runs.fits(start, item.required, item.duration_min)
    return IntentCheck(
        item, start, allowed, ceil_minute(allowed_from) if allowed_from else None, cap, duration
    )


def _intent_reason(check: IntentCheck) -> Reason:
    item = check.item
    if item.type is SessionType.STRENGTH:
        what = "leg session"
    else:
        what = f"{item.kind.value} run" if item.kind else "run"
    values: dict[str, Number] = {"start": check.start, "allowed": check.allowed}
    if check.allowed:
        text = f"Your planned {what} ({{start}}) fits."
    elif item.type is SessionType.STRENGTH:
        text = f"Your planned {what} ({{start}}) is not advised"
        text += "; from {allowed_from}." if check.allowed_from else "."
        values["allowed_from"] = check.allowed_from
    elif check.max_intensity < item.required:
        text = (
            f"Your planned {what} ({{start}}) is not advised: "
            f"{check.max_intensity.label} at most; {item.required.label} from "
            + ("{allowed_from}." if check.allowed_from else "next week at the earliest.")
        )
        values["allowed_from"] = check.allowed_from
    else:
        text = (
            f"Your planned {what} ({{start}}) should be at most {check.max_duration_min:g} min"
            + ("; as planned from {allowed_from}." if check.allowed_from else ".")
        )
        values["allowed_from"] = check.allowed_from
    return because("INTENT", text, **values)


def _unique(reasons: Iterable[Reason]) -> list[Reason]:
    seen: set[tuple[str, str]] = set()
    result = []
    for reason in reasons:
        key = (reason.rule, reason.template)
        if key not in seen:
            seen.add(key)
            result.append(reason)
    return result


def _unique_warnings(warnings: Iterable[Warning]) -> list[Warning]:
    best: dict[WarningCode, Warning] = {}
    order = list(Level)
    for warning in warnings:
        kept = best.get(warning.code)
        if kept is None or order.index(warning.level) > order.index(kept.level):
            best[warning.code] = warning
    return sorted(best.values(), key=lambda w: w.code.value)
