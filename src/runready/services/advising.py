"""Advice and status from the database: the stored athlete at a moment, with an intent."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from runready.core import whatif
from runready.core.advisor import Advice, advise
from runready.core.fatigue import LOAD_HISTORY
from runready.core.load import heart_profile, inferred_kind
from runready.core.model import IntentItem, Scenario, Session
from runready.storage.database import Database
from runready.storage.records import AthleteId, AthleteRecord
from runready.storage.unit import UnitOfWork

CHECKIN_LOOKBACK = timedelta(days=14)
HISTORY_CACHE_SIZE = 64


class _HistoryCache:
    """Stored sessions of recent asks, per athlete, sessions version and UTC day.

    A new minute asks again, but the history has not changed unless the athlete's sessions
    version has (a check-in leaves it alone): reading and rebuilding years of sessions each
    minute would cost far more than the advice itself. Keyed by the committed version read from
    the database, so it is never stale, and each process may keep its own.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._days: OrderedDict[tuple[object, int, date], list[Session]] = OrderedDict()
        self._lock = threading.Lock()

    def sessions(
        self, uow: UnitOfWork, athlete_id: uuid.UUID, version: int, at: datetime
    ) -> list[Session]:
        """Return the sessions started in [at - LOAD_HISTORY, at]."""
        day = at.astimezone(UTC).date()
        key = (athlete_id, version, day)
        with self._lock:
            found = self._days.get(key)
            if found is not None:
                self._days.move_to_end(key)
        if found is None:
            end = datetime.combine(day + timedelta(days=1), time.min, UTC)
            found = [
                stored.session
                for stored in uow.journal.history(
                    athlete_id, end - LOAD_HISTORY - timedelta(days=1), end
                )
            ]
            with self._lock:
                self._days[key] = found
                while len(self._days) > self._size:
                    self._days.popitem(last=False)
        first = at - LOAD_HISTORY
        return [session for session in found if first <= session.start <= at]


_history = _HistoryCache(HISTORY_CACHE_SIZE)


def scenario_at(
    db: Database, athlete_id: AthleteId, at: datetime, intent: tuple[IntentItem, ...] = ()
) -> Scenario:
    """Return the stored athlete's situation at ``at`` as a scenario."""
    with db.unit() as uow:
        return scenario_in(uow, uow.athletes.get(athlete_id), at, intent)


def scenario_in(
    uow: UnitOfWork,
    record: AthleteRecord,
    at: datetime,
    intent: tuple[IntentItem, ...] = (),
    *,
    cached: bool = True,
) -> Scenario:
    """Return the athlete's situation at ``at`` as ``uow`` sees it. ``cached=False`` reads the
    history afresh: a unit of work that changed sessions sees what no cache holds yet."""
    athlete_id = record.id
    if cached:
        stored = _history.sessions(uow, athlete_id, record.sessions_version, at)
    else:
        found = uow.journal.history(athlete_id, at - LOAD_HISTORY, at)
        stored = [item.session for item in found]
    reports = uow.journal.checkins(athlete_id, at - CHECKIN_LOOKBACK, at)
    athlete = record.athlete
    hr = heart_profile(athlete.hr_rest_bpm, athlete.hr_max_bpm, stored)
    history = tuple(inferred_kind(session, hr) for session in stored)
    return Scenario(
        now=at, athlete=athlete, history=history, checkins=tuple(reports), intent=intent
    )


def advise_at(
    db: Database, athlete_id: AthleteId, at: datetime, intent: tuple[IntentItem, ...] = ()
) -> Advice:
    """Return the advice for the stored athlete at ``at``."""
    return advise(scenario_at(db, athlete_id, at, intent))


@dataclass(frozen=True, slots=True)
class Answer:
    """The advice with the what-if answers asked along with it."""

    advice: Advice
    keep: whatif.Keep | None
    when: whatif.When | None


def answer_at(
    db: Database,
    athlete_id: AthleteId,
    at: datetime,
    intent: tuple[IntentItem, ...] = (),
    keep: IntentItem | None = None,
    when: IntentItem | None = None,
) -> Answer:
    """Return the advice for the stored athlete at ``at``, and what would change it: the
    largest leg session that keeps ``keep`` allowed, the earliest slot for ``when``."""
    model = scenario_at(db, athlete_id, at, intent)
    return Answer(
        advise(model),
        whatif.keep(model, keep) if keep is not None else None,
        whatif.when(model, when) if when is not None else None,
    )
