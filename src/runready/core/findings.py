"""What rules produce: reasons, warnings, conflicts and time-bounded gates on running."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from runready.core.model import Intensity

Number = float | int | str | bool | None
Numbers = tuple[tuple[str, Number], ...]


def numbers(**values: Number) -> Numbers:
    """Return keyword numbers as an ordered, hashable tuple for a Reason."""
    return tuple(values.items())


@dataclass(frozen=True, slots=True)
class Reason:
    """Why the advice says what it says: the rule, the numbers it used, its sources."""

    rule: str
    message: str
    sources: tuple[str, ...] = ()
    numbers: Numbers = ()

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape of the contract."""
        return {
            "rule": self.rule,
            "message": self.message,
            "sources": list(self.sources),
            "numbers": dict(self.numbers),
        }


class Level(StrEnum):
    """How loud a warning is."""

    INFO = "info"
    CAUTION = "caution"
    WARNING = "warning"
    STRONG = "strong"


@dataclass(frozen=True, slots=True)
class Warning:
    """Something the athlete should know, whatever the verdict."""

    code: str
    level: Level
    message: str
    reason: Reason

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape of the contract."""
        return {"code": self.code, "level": self.level.value, "message": self.message}


@dataclass(frozen=True, slots=True)
class Conflict:
    """A point where the two source articles disagree, and how the policy resolved it."""

    topic: str
    a: str
    b: str
    resolution: str

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape of the contract."""
        return {"topic": self.topic, "a": self.a, "b": self.b, "resolution": self.resolution}


@dataclass(frozen=True, slots=True)
class Gate:
    """A cap on run intensity (and optionally duration) over ``[start, end)``.

    ``end`` None means the gate holds until new information arrives (a new check-in).
    """

    cap: Intensity
    start: datetime
    end: datetime | None
    reason: Reason
    duration_cap_min: float | None = None
    downgrade: bool = field(default=False)

    def active_at(self, moment: datetime) -> bool:
        """Return True when the gate holds at ``moment``."""
        return self.start <= moment and (self.end is None or moment < self.end)


def downgrade(start: datetime, end: datetime | None, reason: Reason) -> Gate:
    """Return a gate that lowers whatever else is allowed by one level (R20)."""
    return Gate(Intensity.HARD, start, end, reason, downgrade=True)
