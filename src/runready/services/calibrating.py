"""The personal recovery rate and the advice's own record: how often it held, and whether the
learned rate beats the default on outcomes it had not seen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from runready.core.calibration import WINDOW, Calibration
from runready.core.model import Session, SessionType
from runready.core.validation import HELD_MEANS, Comparison, Tally, held_out, shown_tally
from runready.services import advising
from runready.storage.database import Database
from runready.storage.records import AthleteId
from runready.storage.unit import UnitOfWork

#: The record counts runs of this long back.
RECORD_WINDOW = timedelta(days=180)


@dataclass(frozen=True, slots=True)
class Report:
    """The rate, the record of the answers shown, and the held-out comparison."""

    calibration: Calibration
    shown: Tally
    shown_default: Tally
    held_out: Comparison

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape of ``runready calibration --json``."""
        return {
            **self.calibration.as_dict(),
            "record": {
                "means": HELD_MEANS,
                "sentence": self.shown.sentence(),
                "shown": self.shown.as_dict(),
                "default_rate": self.shown_default.as_dict(),
                "held_out": self.held_out.as_dict(),
            },
        }


def report_at(db: Database, athlete_id: AthleteId, at: datetime) -> Report:
    """Return the athlete's rate and record at ``at``."""
    with db.unit() as uow:
        record = uow.athletes.get(athlete_id)
        scenario = advising.scenario_in(uow, record, at)
        rate = advising.calibration_in(uow, record, at)
        shown = uow.outcomes.predictions(athlete_id, at - RECORD_WINDOW - timedelta(days=7), at)
        said = [f.feedback for f in uow.outcomes.feedback(athlete_id, at - WINDOW, at)]
        told = uow.journal.checkins(athlete_id, at - WINDOW, at)
    runs = [
        s for s in scenario.history if s.type is SessionType.RUN and s.start >= at - RECORD_WINDOW
    ]
    replay = replace(scenario, checkins=tuple(told), feedback=tuple(said))
    return Report(
        calibration=rate,
        shown=shown_tally(shown, runs, said),
        shown_default=shown_tally(shown, runs, said, default=True),
        held_out=held_out(replay, RECORD_WINDOW),
    )


def record_at(db: Database, athlete_id: AthleteId, at: datetime) -> Tally:
    """Return how the answers shown held over the record's window."""
    with db.unit() as uow:
        since = at - RECORD_WINDOW
        runs = [item.session for item in uow.journal.history(athlete_id, since, at)]
        return record_in(uow, athlete_id, at, runs)


def record_in(
    uow: UnitOfWork, athlete_id: AthleteId, at: datetime, sessions: Sequence[Session]
) -> Tally:
    """Return how the answers shown held, as ``uow`` sees them: each run of ``sessions`` in the
    record's window with a word after it, against the answer shown before it."""
    since = at - RECORD_WINDOW
    shown = uow.outcomes.predictions(athlete_id, since - timedelta(days=7), at)
    said = [f.feedback for f in uow.outcomes.feedback(athlete_id, since, at)]
    runs = [s for s in sessions if s.type is SessionType.RUN and since <= s.start <= at]
    return shown_tally(shown, runs, said)
