"""Every signal side by side: what each says about running now, and the rule that settled it.

A watch may say "ready" while the legs are not: HRV recovers a day before jump power and
perceived recovery after heavy lifting (flatt2019). So runready shows each signal's own answer
next to the others instead of one opaque score (users-and-peers.md (e), 3). Every signal can only
lower the ceiling, so the strictest one settles the day, and the athlete's own worse report
always wins; on a tie the precedence is pain and the athlete's report, then soreness, the legs
model, and last the whole-body signals (``SignalName`` order).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from runready.core.findings import Gate, Number, Numbers, Reason, TimeFormat, iso_minutes
from runready.core.model import Intensity
from runready.core.readiness import Limits
from runready.core.vocabulary import SignalName


@dataclass(frozen=True, slots=True)
class Signal:
    """One signal's reading and the ceiling it alone would set now (None: nothing read)."""

    name: SignalName
    says: Intensity | None
    reading: Numbers = ()
    reasons: tuple[Reason, ...] = ()

    def as_dict(self, fmt: TimeFormat = iso_minutes) -> dict[str, object]:
        """Return the JSON shape (one entry of ``signals.items``)."""
        return {
            "signal": self.name.value,
            "says": self.says.label if self.says is not None else None,
            "rules": list(dict.fromkeys(r.rule for r in self.reasons)),
            "reading": {
                key: value.isoformat(timespec="seconds") if isinstance(value, datetime) else value
                for key, value in self.reading
            },
            "messages": [r.text(fmt) for r in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class Signals:
    """The signals side by side, the ceiling they leave, and which one settled it."""

    items: tuple[Signal, ...]
    ceiling: Intensity
    settled_by: SignalName | None
    rule: str | None

    def of(self, name: SignalName) -> Signal:
        """Return the signal called ``name``."""
        return next(item for item in self.items if item.name is name)

    def as_dict(self, fmt: TimeFormat = iso_minutes) -> dict[str, object]:
        """Return the JSON shape (``signals`` in the advice)."""
        return {
            "items": [item.as_dict(fmt) for item in self.items],
            "ceiling": self.ceiling.label,
            "settled_by": self.settled_by.value if self.settled_by else None,
            "rule": self.rule,
        }


def side_by_side(
    gates: Mapping[SignalName, Sequence[Gate]],
    readings: Mapping[SignalName, Mapping[str, Number]],
    ceiling: Intensity,
    now: datetime,
) -> Signals:
    """Return each signal's answer now and the one that settled ``ceiling`` (the advice's).

    A signal with neither a reading nor a gate has nothing to say (``says`` None)."""
    items = []
    for name in SignalName:
        own = list(gates.get(name, ()))
        reading = dict(readings.get(name, {}))
        if not own and not reading:
            items.append(Signal(name, None))
            continue
        level, _, binding = Limits(own, now).at(now)
        items.append(Signal(name, level, tuple(reading.items()), tuple(g.reason for g in binding)))
    settled, rule = _settled(items, ceiling)
    return Signals(tuple(items), ceiling, settled, rule)


def _settled(items: Sequence[Signal], ceiling: Intensity) -> tuple[SignalName | None, str | None]:
    """Return the first signal (by precedence) that alone says the ceiling; when none does,
    short sleep lowered another signal's answer by a level (R20) and settles it."""
    if ceiling is Intensity.HARD:
        return None, None
    for item in items:
        if item.says is ceiling and item.reasons:
            return item.name, item.reasons[0].rule
    sleep = next(item for item in items if item.name is SignalName.SLEEP)
    if sleep.reasons:
        return sleep.name, sleep.reasons[0].rule
    return None, None
