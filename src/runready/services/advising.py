"""Advice and status from the database: the stored athlete at a moment, with an intent."""

from __future__ import annotations

from datetime import datetime, timedelta

from runready.core.advisor import Advice, advise
from runready.core.fatigue import LOAD_HISTORY
from runready.core.load import heart_profile, inferred_kind
from runready.core.model import IntentItem, Scenario
from runready.services.athletes import get
from runready.storage import repository
from runready.storage.database import Database

CHECKIN_LOOKBACK = timedelta(days=14)


def scenario_at(
    db: Database, athlete_name: str | None, at: datetime, intent: tuple[IntentItem, ...] = ()
) -> Scenario:
    """Return the stored athlete's situation at ``at`` as a scenario."""
    profile = get(db, athlete_name)
    with db.transaction() as s:
        athlete_id = repository.athlete(s, profile.name).id
        stored = [
            session for _, session in repository.history(s, athlete_id, at - LOAD_HISTORY, at)
        ]
        reports = repository.checkins(s, athlete_id, at - CHECKIN_LOOKBACK, at)
    athlete = profile.athlete
    hr = heart_profile(athlete.hr_rest_bpm, athlete.hr_max_bpm, stored)
    history = tuple(inferred_kind(session, hr) for session in stored)
    return Scenario(
        now=at, athlete=athlete, history=history, checkins=tuple(reports), intent=intent
    )


def advise_at(
    db: Database, athlete_name: str | None, at: datetime, intent: tuple[IntentItem, ...] = ()
) -> Advice:
    """Return the advice for the stored athlete at ``at``."""
    return advise(scenario_at(db, athlete_name, at, intent))
