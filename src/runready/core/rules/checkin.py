"""Self-reports: soreness (R7, A2), pain (R7), sleep (R20) and feel (B10).

Soreness, sleep and feel describe *today*: their caps hold until the end of the check-in's day.
Sharp pain holds until a newer check-in says otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from runready.core.findings import Gate, Level, Reason, Warning, downgrade
from runready.core.model import CheckIn, Feel, Intensity, Pain
from runready.core.policies import Policy
from runready.core.rules.registry import because
from runready.core.vocabulary import SignalName, WarningCode

SHORT_NIGHT_H = 6.0  # R20: last night of 6 h or less (craven2022)
RESTRICTED_NIGHT_H = 7.0  # R20: two nights under 7 h count as restricted sleep
PAIN_REVIEW_H = 72.0  # R7: localised pain lasting longer deserves a professional look
EXHAUSTED_DURATION_MIN = 30.0  # B10 (runready_heuristic)


_PAIN_RANK = {Pain.NONE: 0, Pain.DULL: 1, Pain.SHARP: 2}
_FEEL_RANK = {None: 0, Feel.FRESH: 0, Feel.NORMAL: 1, Feel.TIRED: 2, Feel.EXHAUSTED: 3}


def _severity(checkin: CheckIn) -> tuple[datetime, int, float, int, float]:
    """Order check-ins by time; at the same moment the worse report wins."""
    sleep = checkin.sleep_h if checkin.sleep_h is not None else 24.0
    return (
        checkin.at,
        _PAIN_RANK[checkin.pain],
        checkin.running_soreness,
        _FEEL_RANK[checkin.feel],
        -sleep,
    )


def latest(checkins: Sequence[CheckIn], now: datetime) -> CheckIn | None:
    """Return the latest check-in made at or before ``now`` (the worse one of a tie)."""
    past = [c for c in checkins if c.at <= now]
    return max(past, key=_severity) if past else None


def end_of_day(moment: datetime, now: datetime) -> datetime:
    """Return local midnight after ``moment``, in the offset of ``now``."""
    local = moment.astimezone(now.tzinfo)
    return local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


def checkin_gates(
    policy: Policy, checkins: Sequence[CheckIn], now: datetime
) -> tuple[list[Gate], list[Warning]]:
    """Return the caps today's self-report puts on running, with its warnings."""
    pairs, warnings = checkin_signals(policy, checkins, now)
    return [gate for _, gate in pairs], warnings


def checkin_signals(
    policy: Policy, checkins: Sequence[CheckIn], now: datetime
) -> tuple[list[tuple[SignalName, Gate]], list[Warning]]:
    """Return the caps today's self-report puts on running, by the signal each comes from
    (soreness, sleep, and the declared feel and pain), with its warnings."""
    current = latest(checkins, now)
    found: list[tuple[SignalName, Gate]] = []
    if current is None:
        return found, []
    warnings: list[Warning] = []
    day_end = end_of_day(current.at, now)
    soreness = current.running_soreness
    band = policy.soreness_band(soreness)
    if band is not None:
        if band.cap is Intensity.NONE:
            text = f"Soreness {soreness:g}/10 in the running muscles: no running today."
        else:
            limit = f", at most {band.duration_cap_min:g} min" if band.duration_cap_min else ""
            text = (
                f"Soreness {soreness:g}/10 in the running muscles: {band.cap.label} "
                f"running only today{limit}, on flat ground."
            )
        found.append(
            (
                SignalName.SORENESS,
                Gate(
                    band.cap,
                    current.at,
                    day_end,
                    because(band.rule, text, soreness=soreness, band_from=band.at_least),
                    duration_cap_min=band.duration_cap_min,
                ),
            )
        )
    if current.pain is Pain.SHARP:
        found.append((SignalName.DECLARED, _sharp_pain(checkins, current, warnings)))
    elif current.pain is Pain.DULL:
        reason = because(
            "R7",
            "Dull pain reported: keep any run easy and stop if it sharpens or changes your stride.",
        )
        warnings.append(Warning(WarningCode.PAIN, Level.CAUTION, reason))
    short = _short_sleep(checkins, current, now)
    if short is not None:
        found.append((SignalName.SLEEP, downgrade(current.at, day_end, short)))
        warnings.append(Warning(WarningCode.SHORT_SLEEP, Level.CAUTION, short))
    if current.feel is Feel.EXHAUSTED:
        found.append(
            (
                SignalName.DECLARED,
                Gate(
                    Intensity.EASY,
                    current.at,
                    day_end,
                    because(
                        "B10", "You feel exhausted: at most an easy run of 30 min today, or rest."
                    ),
                    duration_cap_min=EXHAUSTED_DURATION_MIN,
                ),
            )
        )
    return found, warnings


def _sharp_pain(checkins: Sequence[CheckIn], current: CheckIn, warnings: list[Warning]) -> Gate:
    since = current.at
    for earlier in sorted(
        (c for c in checkins if c.at < current.at), key=lambda c: c.at, reverse=True
    ):
        if earlier.pain is not Pain.SHARP:
            break
        since = earlier.at
    lasted_h = (current.at - since).total_seconds() / 3600.0
    text = "Sharp or localised pain: no running until a check-in reports it gone."
    level = Level.WARNING
    if lasted_h > PAIN_REVIEW_H:
        text += f" It has lasted {lasted_h:.0f} h (over 72 h): have it looked at by a professional."
        level = Level.STRONG
    else:
        text += " If it lasts more than 72 h, have it looked at by a professional."
    reason = because("R7", text, pain_hours=round(lasted_h, 1), review_after_h=PAIN_REVIEW_H)
    warnings.append(Warning(WarningCode.PAIN, level, reason))
    return Gate(Intensity.NONE, current.at, None, reason)


def _short_sleep(checkins: Sequence[CheckIn], current: CheckIn, now: datetime) -> Reason | None:
    if current.sleep_h is None:
        return None
    if current.sleep_h <= SHORT_NIGHT_H:
        return because(
            "R20",
            f"You slept {current.sleep_h:g} h (6 h or less): today's hardest run "
            "is one level lower.",
            sleep_h=current.sleep_h,
        )
    if current.sleep_h < RESTRICTED_NIGHT_H:
        today = current.at.astimezone(now.tzinfo).date()
        yesterday = [
            c
            for c in checkins
            if c.sleep_h is not None
            and c.at.astimezone(now.tzinfo).date() == today - timedelta(days=1)
        ]
        if yesterday and max(yesterday, key=lambda c: c.at).sleep_h < RESTRICTED_NIGHT_H:  # type: ignore[operator]
            return because(
                "R20",
                "Two short nights in a row (under 7 h): today's hardest run is one level lower.",
                sleep_h=current.sleep_h,
            )
    return None
