"""What rules produce: reasons, warnings, conflicts and time-bounded gates on running."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from runready.core.model import Intensity
from runready.core.vocabulary import ConflictTopic, WarningCode

Number = float | int | str | bool | datetime | None
Numbers = tuple[tuple[str, Number], ...]
#: Renders a moment for people; the core itself only ever gives ISO 8601 (``iso_minutes``).
TimeFormat = Callable[[datetime], str]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def numbers(**values: Number) -> Numbers:
    """Return keyword numbers as an ordered, hashable tuple for a Reason."""
    return tuple(values.items())


def iso_minutes(moment: datetime) -> str:
    """Return a moment as ISO 8601 to the minute, with its offset."""
    return moment.isoformat(timespec="minutes")


def fill(template: str, values: dict[str, Number], fmt: TimeFormat = iso_minutes) -> str:
    """Return ``template`` with each ``{name}`` of ``values`` filled in (moments by ``fmt``)."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = values[name]
        if isinstance(value, datetime):
            return fmt(value)
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    return _PLACEHOLDER.sub(one, template)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why the advice says what it says: the rule, the numbers it used, its sources.

    ``template`` may name moments of ``numbers`` as ``{until}``; whoever shows the reason
    renders them in the athlete's own format (``text``)."""

    rule: str
    template: str
    sources: tuple[str, ...] = ()
    numbers: Numbers = ()

    @property
    def message(self) -> str:
        """Return the reason with its moments in ISO 8601."""
        return self.text()

    def text(self, fmt: TimeFormat = iso_minutes) -> str:
        """Return the reason with its moments rendered by ``fmt``."""
        return fill(self.template, dict(self.numbers), fmt)

    def to_data(self) -> dict[str, object]:
        """Return the reason as plain data that ``from_data`` turns back into it."""
        moments = [key for key, value in self.numbers if isinstance(value, datetime)]
        return {
            "rule": self.rule,
            "template": self.template,
            "sources": list(self.sources),
            "numbers": self.as_dict()["numbers"],
            "moments": moments,
        }

    @classmethod
    def from_data(cls, data: object) -> Reason:
        """Return a reason stored by ``to_data`` (a plain text becomes a reason of its own)."""
        if isinstance(data, str):
            return cls("PLAN", data)
        if not isinstance(data, dict):
            raise TypeError(f"not a stored reason: {data!r}")
        moments = set(data.get("moments", []))
        values: dict[str, Number] = {
            key: datetime.fromisoformat(value) if key in moments else value
            for key, value in dict(data.get("numbers", {})).items()
        }
        return cls(
            str(data["rule"]),
            str(data["template"]),
            tuple(data.get("sources", [])),
            tuple(values.items()),
        )

    def as_dict(self, fmt: TimeFormat = iso_minutes) -> dict[str, object]:
        """Return the JSON shape of the contract (moments in ``numbers`` as ISO 8601)."""
        return {
            "rule": self.rule,
            "message": self.text(fmt),
            "sources": list(self.sources),
            "numbers": {
                key: value.isoformat(timespec="seconds") if isinstance(value, datetime) else value
                for key, value in self.numbers
            },
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

    code: WarningCode
    level: Level
    reason: Reason

    @property
    def message(self) -> str:
        """Return the warning's text (moments in ISO 8601)."""
        return self.reason.message

    def as_dict(self, fmt: TimeFormat = iso_minutes) -> dict[str, object]:
        """Return the JSON shape of the contract."""
        return {
            "code": self.code.value,
            "level": self.level.value,
            "message": self.reason.text(fmt),
        }


@dataclass(frozen=True, slots=True)
class Conflict:
    """A point where the two source articles disagree, and how the policy resolved it."""

    topic: ConflictTopic
    a: str
    b: str
    resolution: str

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape of the contract."""
        return {"topic": self.topic.value, "a": self.a, "b": self.b, "resolution": self.resolution}


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
