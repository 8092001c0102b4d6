"""Did the advice hold? Answers as shown, matched to how the legs felt on the runs after them.

A run *held* when the advice allowed it at its start and the legs felt fine, or when the advice
advised against it and the legs felt heavy or the athlete had to stop. Allowed and heavy is a
miss the advice should have caught (too loose); advised against and fine is a run the advice
held back for nothing (too strict). Two tallies answer two questions: how the answers shown
fared (each run against the latest answer shown before it, within the week those answers
cover), and whether the learned recovery rate beats the default on outcomes it had not seen
(each run replayed with the rate learned from the outcomes before it, and with the default).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from runready.core.advisor import Advice, calibration_of, run_limits
from runready.core.model import (
    Intensity,
    LegsFelt,
    RunFeedback,
    Scenario,
    Session,
    SessionType,
)
from runready.core.readiness import HORIZON
from runready.core.vocabulary import Verdict

#: The held-out comparison replays at most this many of the latest runs with feedback.
REPLAYED_RUNS = 60
HELD_MEANS = (
    "a run held when the advice allowed it and the legs felt fine, or advised against it and "
    "the legs felt heavy or you had to stop"
)


class Held(StrEnum):
    """How one run's outcome compares with the advice it was given."""

    HELD = "held"
    TOO_LOOSE = "too_loose"  # allowed, but the legs felt heavy or the athlete had to stop
    TOO_STRICT = "too_strict"  # advised against, but the legs felt fine


def judged(allowed: bool, legs: LegsFelt) -> Held:
    """Return whether advice that ``allowed`` a run held, given how the legs felt on it."""
    if allowed:
        return Held.HELD if legs is LegsFelt.FINE else Held.TOO_LOOSE
    return Held.TOO_STRICT if legs is LegsFelt.FINE else Held.HELD


@dataclass(frozen=True, slots=True)
class Prediction:
    """An answer as shown: the verdict and cap then, the earliest time for each level, the
    multiplier it used, and the earliest times the default rate would have given."""

    at: datetime
    verdict: Verdict
    max_intensity: Intensity
    max_duration_min: float | None
    earliest: tuple[tuple[Intensity, datetime | None], ...]
    multiplier: float
    default_earliest: tuple[tuple[Intensity, datetime | None], ...]

    @classmethod
    def of(cls, advice: Advice, default: Advice) -> Prediction:
        """Return the prediction an answer makes (``default``: the same ask at rate 1.0)."""
        return cls(
            advice.at,
            advice.verdict,
            advice.max_intensity,
            advice.max_duration_min,
            advice.earliest,
            advice.calibration.multiplier,
            default.earliest,
        )

    def allows(self, level: Intensity, moment: datetime, default: bool = False) -> bool:
        """Return True when this answer allowed a run of ``level`` at ``moment``."""
        times = dict(self.default_earliest if default else self.earliest)
        opens = times.get(level)
        return opens is not None and opens <= moment

    def same_answer(self, other: Prediction) -> bool:
        """Return True when ``other`` says the same thing (then it need not be stored again):
        the same verdict and cap, and each level open now in both or opening at one moment."""
        return (self.verdict, self.max_intensity, self.max_duration_min, self._opening()) == (
            other.verdict,
            other.max_intensity,
            other.max_duration_min,
            other._opening(),
        )

    def _opening(self) -> tuple[tuple[Intensity, datetime | str | None], ...]:
        return tuple(
            (level, "now" if moment is not None and moment <= self.at else moment)
            for level, moment in self.earliest
        )


@dataclass(frozen=True, slots=True)
class Tally:
    """How often the advice held, and how it missed when it did not."""

    held: int = 0
    too_loose: int = 0
    too_strict: int = 0

    @property
    def runs(self) -> int:
        """Return the number of runs judged."""
        return self.held + self.too_loose + self.too_strict

    def add(self, verdict: Held) -> Tally:
        """Return the tally with one more judged run."""
        return replace(self, **{verdict.value: getattr(self, verdict.value) + 1})

    def sentence(self) -> str:
        """Return the tally in words: "the advice held on 27 of 31 runs"."""
        if not self.runs:
            return "no run with feedback to judge yet"
        return f"the advice held on {self.held} of {self.runs} runs"

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape."""
        return {
            "held": self.held,
            "runs": self.runs,
            "too_loose": self.too_loose,
            "too_strict": self.too_strict,
        }


def _required(run: Session) -> Intensity:
    return Intensity.HARD if run.is_quality_run else max(run.run_intensity, Intensity.RECOVERY)


def shown_tally(
    predictions: Sequence[Prediction],
    runs: Sequence[Session],
    feedback: Sequence[RunFeedback],
    default: bool = False,
) -> Tally:
    """Return how the answers shown fared: each run with feedback against the latest answer
    shown before it started, when that answer covered the run's start (within 7 days)."""
    told = {item.run_start: item for item in feedback}
    ordered = sorted(predictions, key=lambda p: p.at)
    tally = Tally()
    for run in runs:
        item = told.get(run.start)
        if item is None or run.type is not SessionType.RUN:
            continue
        before = [p for p in ordered if p.at <= run.start and run.start - p.at <= HORIZON]
        if before:
            allowed = before[-1].allows(_required(run), run.start, default)
            tally = tally.add(judged(allowed, item.legs))
    return tally


@dataclass(frozen=True, slots=True)
class Comparison:
    """The learned rate against the default, each run judged by advice that had not seen it."""

    learned: Tally
    default: Tally

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape."""
        return {"learned": self.learned.as_dict(), "default": self.default.as_dict()}


def held_out(scenario: Scenario, window: timedelta = timedelta(days=180)) -> Comparison:
    """Return how the learned rate and the default fare on the latest runs with feedback in
    ``window``: each replayed at its start with the outcomes known before it."""
    now = scenario.now
    runs = {s.start: s for s in scenario.history if s.type is SessionType.RUN}
    replayed = sorted(
        (f for f in scenario.feedback if f.run_start in runs and now - window <= f.run_start),
        key=lambda f: f.run_start,
    )[-REPLAYED_RUNS:]
    learned, default = Tally(), Tally()
    # The residual at an outcome depends only on the sessions before it, the same in every
    # replay: one memo serves them all.
    curves: dict[datetime, tuple[float, ...]] = {}
    for item in replayed:
        run = runs[item.run_start]
        before = replace(
            scenario,
            now=run.start,
            history=tuple(s for s in scenario.history if s.start < run.start),
            checkins=tuple(c for c in scenario.checkins if c.at < run.start),
            feedback=tuple(f for f in scenario.feedback if f.run_start < run.start),
            wellness=tuple(w for w in scenario.wellness if w.at < run.start),
            intent=(),
        )
        need = _required(run)
        plain = run_limits(before).fits(run.start, need, run.duration_min)
        rate = calibration_of(before, curves=curves).multiplier
        rated = (
            plain
            if rate == 1.0
            else run_limits(before, rate).fits(run.start, need, run.duration_min)
        )
        learned = learned.add(judged(rated, item.legs))
        default = default.add(judged(plain, item.legs))
    return Comparison(learned, default)
