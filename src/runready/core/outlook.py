"""The advice in brief, as kept for each athlete: what holds now and the edges where it changes.

A coach's board, a calendar or a notification needs the verdict and the gate edges, not the
reasons. The engine's earliest times are exact gate edges (readiness.md rule 3) and nothing
but time moves them until new data arrives, so one stored outlook answers "what may this
athlete run at ``t``?" for any later ``t`` without asking the engine again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from runready.core.advisor import Advice
from runready.core.findings import Level
from runready.core.model import Intensity
from runready.core.validation import Tally
from runready.core.vocabulary import Verdict, WarningCode


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning in brief: what it is about, how strong, and its text (moments in ISO 8601)."""

    code: WarningCode
    level: Level
    message: str

    def as_dict(self) -> dict[str, str]:
        """Return the JSON shape of a warning in the advice contract."""
        return {"code": self.code.value, "level": self.level.value, "message": self.message}


@dataclass(frozen=True, slots=True)
class Outlook:
    """The verdict, limits and gate edges of one advice, and when it may first differ.

    ``at`` carries the athlete's zone: "today" and midnight are the athlete's.
    """

    at: datetime
    verdict: Verdict
    max_intensity: Intensity
    max_duration_min: float | None
    earliest: tuple[tuple[Intensity, datetime | None], ...]
    warnings: tuple[Notice, ...]
    #: The first moment the answer may read differently: the next gate edge or the next
    #: local midnight (a "wait" becomes "not today"), whichever comes first.
    until: datetime
    #: The personal recovery rate the answer used, and how the answers shown held so far.
    multiplier: float = 1.0
    record: Tally = Tally()

    @classmethod
    def of(cls, advice: Advice, record: Tally = Tally()) -> Outlook:  # noqa: B008 - frozen
        """Return the outlook of ``advice``, with the athlete's record."""
        edges = [moment for _, moment in advice.earliest if moment is not None]
        midnight = (advice.at + timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        return cls(
            at=advice.at,
            verdict=advice.verdict,
            max_intensity=advice.max_intensity,
            max_duration_min=advice.max_duration_min,
            earliest=advice.earliest,
            warnings=tuple(Notice(w.code, w.level, w.message) for w in advice.warnings),
            until=min([m for m in edges if m > advice.at] + [midnight]),
            multiplier=advice.calibration.multiplier,
            record=record,
        )

    def current(self, at: datetime) -> bool:
        """Return True while the stored answer still reads the same at ``at``."""
        return self.at <= at < self.until

    def level_at(self, at: datetime) -> Intensity:
        """Return the hardest run allowed at ``at`` (no earlier than the outlook was made)."""
        level = self.max_intensity
        for candidate, moment in self.earliest:
            if moment is not None and moment <= at and candidate > level:
                level = candidate
        return level

    def verdict_at(self, at: datetime) -> Verdict:
        """Return the one-word answer at ``at``, as the advisor would give it then."""
        if self.current(at):
            return self.verdict
        level = self.level_at(at)
        if level >= Intensity.HARD:
            return Verdict.GO
        if level > Intensity.NONE:
            return Verdict.EASY
        day = at.astimezone(self.at.tzinfo).date()  # the day where the athlete is
        if self.verdict is Verdict.REST and day == self.at.date():
            return Verdict.REST
        first_run = dict(self.earliest).get(Intensity.RECOVERY)  # as the advisor decides
        if first_run is not None and first_run.astimezone(self.at.tzinfo).date() == day:
            return Verdict.WAIT
        return Verdict.ALTERNATIVE

    def next_edge(self, at: datetime) -> tuple[Intensity, datetime] | None:
        """Return the next level to open after ``at`` and when, or None if none is due."""
        upcoming = [
            (moment, level)
            for level, moment in self.earliest
            if moment is not None and moment > at and level > self.level_at(at)
        ]
        if not upcoming:
            return None
        moment, level = min(upcoming)
        return level, moment

    def as_dict(self, at: datetime) -> dict[str, object]:
        """Return the answer at ``at`` in the shapes of the advice contract."""
        cap = self.max_duration_min if self.current(at) else None
        return {
            "verdict": self.verdict_at(at).value,
            "max_intensity": self.level_at(at).label,
            "max_duration_min": cap,
            "earliest": {  # the first moment at or after ``at``, as the contract says
                level.label: max(moment, at).isoformat(timespec="seconds") if moment else None
                for level, moment in self.earliest
            },
            "warnings": [notice.as_dict() for notice in self.warnings],
            "recovery_multiplier": round(self.multiplier, 3),
            "held": self.record.held,
            "runs": self.record.runs,
        }
