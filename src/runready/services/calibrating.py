"""The personal recovery rate and the advice's own record: how often it held, and whether the
learned rate beats the default on outcomes it had not seen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from runready.core.calibration import WINDOW, Calibration
from runready.core.model import Scenario, SessionType
from runready.core.validation import HELD_MEANS, Comparison, Tally, held_out, shown_tally
from runready.services import advising
from runready.storage.database import Database
from runready.storage.records import AthleteId

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
    rate = advising.calibration_at(db, athlete_id, at)
    scenario = advising.scenario_at(db, athlete_id, at)
    with db.unit() as uow:
        shown = uow.outcomes.predictions(athlete_id, at - RECORD_WINDOW - timedelta(days=7), at)
        said = [f.feedback for f in uow.outcomes.feedback(athlete_id, at - WINDOW, at)]
        told = uow.journal.checkins(athlete_id, at - WINDOW, at)
    runs = [
        s for s in scenario.history if s.type is SessionType.RUN and s.start >= at - RECORD_WINDOW
    ]
    replay = Scenario(
        now=at,
        athlete=scenario.athlete,
        history=scenario.history,
        checkins=tuple(told),
        feedback=tuple(said),
        wellness=scenario.wellness,
    )
    return Report(
        calibration=rate,
        shown=shown_tally(shown, runs, said),
        shown_default=shown_tally(shown, runs, said, default=True),
        held_out=held_out(replay, RECORD_WINDOW),
    )


def record_at(db: Database, athlete_id: AthleteId, at: datetime) -> Tally:
    """Return how the answers shown held over the record's window (the coach board's figure)."""
    since = at - RECORD_WINDOW
    with db.unit() as uow:
        shown = uow.outcomes.predictions(athlete_id, since - timedelta(days=7), at)
        said = [f.feedback for f in uow.outcomes.feedback(athlete_id, since, at)]
        runs = [
            stored.session
            for stored in uow.journal.history(athlete_id, since, at)
            if stored.session.type is SessionType.RUN
        ]
    return shown_tally(shown, runs, said)
