"""Advice and status from the database: the stored athlete at a moment, with an intent."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Generic, TypeVar

from runready.core import calibration, whatif
from runready.core.advisor import Advice, advise, calibration_of
from runready.core.calibration import Calibration
from runready.core.fatigue import LOAD_HISTORY
from runready.core.load import heart_profile, inferred_kind
from runready.core.model import Athlete, IntentItem, Scenario, Session
from runready.core.rules.wellness import BASELINE_DAYS
from runready.core.validation import Prediction
from runready.storage.database import Database
from runready.storage.records import AthleteId, AthleteRecord
from runready.storage.unit import UnitOfWork

V = TypeVar("V")
CHECKIN_LOOKBACK = timedelta(days=14)
#: Whole-body readings are judged against their own 60-day baseline, plus today.
WELLNESS_LOOKBACK = timedelta(days=BASELINE_DAYS + 1)
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


class _Kept(Generic[V]):
    """A small shared memory of derived values, oldest forgotten first (thread-safe)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._found: OrderedDict[tuple[object, ...], V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> V | None:
        """Return the value kept under ``key``, or None."""
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
            return found

    def put(self, key: tuple[object, ...], value: V) -> V:
        """Keep ``value`` under ``key`` and return it."""
        with self._lock:
            self._found[key] = value
            while len(self._found) > self._size:
                self._found.popitem(last=False)
        return value


#: Each athlete's learned rate per committed data version and hour: the rate reads months of
#: outcomes and changes with the data and, as outcomes age, slowly with time.
_rates: _Kept[Calibration] = _Kept(HISTORY_CACHE_SIZE)
#: The residual curve at each outcome's moment, per athlete and committed sessions version: a
#: new check-in or word after a run then costs one curve, not all of them.
_curves: _Kept[dict[datetime, tuple[float, ...]]] = _Kept(HISTORY_CACHE_SIZE)


def calibration_at(db: Database, athlete_id: AthleteId, at: datetime) -> Calibration:
    """Return the stored athlete's recovery rate learned from the outcomes known at ``at``."""
    with db.unit() as uow:
        return calibration_in(uow, uow.athletes.get(athlete_id), at)


def calibration_in(
    uow: UnitOfWork,
    record: AthleteRecord,
    at: datetime,
    *,
    cached: bool = True,
    committed: bool = True,
) -> Calibration:
    """Return the athlete's recovery rate at ``at`` as ``uow`` sees it. ``cached=False``: the
    sessions changed in ``uow`` (read afresh, no curve kept); ``committed=False``: the data
    changed in ``uow``, so the rate is neither read from nor kept in the shared memory."""
    hour = at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    key = (record.id, record.data_version, hour)
    if committed:
        found = _rates.get(key)
        if found is not None:
            return found
    since = at - calibration.WINDOW
    told = uow.journal.checkins(record.id, since, at)
    said = [item.feedback for item in uow.outcomes.feedback(record.id, since, at)]
    if not told and not said:
        return calibration.unlearned(record.athlete)
    stored = _stored(uow, record, at, cached)
    curves: dict[datetime, tuple[float, ...]] = {}
    if cached:  # the curves depend on the sessions and on the profile (novelty, age)
        memo = (record.id, record.sessions_version, record.athlete)
        curves = _curves.get(memo) or _curves.put(memo, {})
    learned = calibration_of(
        Scenario(
            now=at,
            athlete=record.athlete,
            history=_inferred(record.athlete, stored),
            checkins=tuple(told),
            feedback=tuple(said),
        ),
        curves=curves,
    )
    return _rates.put(key, learned) if committed else learned


def _stored(uow: UnitOfWork, record: AthleteRecord, at: datetime, cached: bool) -> list[Session]:
    """Return the sessions of the load history at ``at``: from the cache of committed history,
    or afresh when ``uow`` changed them."""
    if cached:
        return _history.sessions(uow, record.id, record.sessions_version, at)
    return [item.session for item in uow.journal.history(record.id, at - LOAD_HISTORY, at)]


def scenario_at(
    db: Database, athlete_id: AthleteId, at: datetime, intent: tuple[IntentItem, ...] = ()
) -> Scenario:
    """Return the stored athlete's situation at ``at`` as a scenario (the outcomes the rate
    learns from are read by ``calibration_at``)."""
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
    stored = _stored(uow, record, at, cached)
    reports = uow.journal.checkins(record.id, at - CHECKIN_LOOKBACK, at)
    mornings = uow.outcomes.wellness(record.id, at - WELLNESS_LOOKBACK, at)
    return Scenario(
        now=at,
        athlete=record.athlete,
        history=_inferred(record.athlete, stored),
        checkins=tuple(reports),
        intent=intent,
        wellness=tuple(mornings),
    )


def _inferred(athlete: Athlete, stored: list[Session]) -> tuple[Session, ...]:
    """Return the sessions with the run kinds their heart rate tells, as advice reads them."""
    hr = heart_profile(athlete.hr_rest_bpm, athlete.hr_max_bpm, stored)
    return tuple(inferred_kind(session, hr) for session in stored)


def situation_at(
    db: Database, athlete_id: AthleteId, at: datetime, intent: tuple[IntentItem, ...] = ()
) -> tuple[Scenario, Calibration]:
    """Return the stored athlete's scenario at ``at`` and the rate learned by then."""
    with db.unit() as uow:
        record = uow.athletes.get(athlete_id)
        return scenario_in(uow, record, at, intent), calibration_in(uow, record, at)


def advise_at(
    db: Database, athlete_id: AthleteId, at: datetime, intent: tuple[IntentItem, ...] = ()
) -> Advice:
    """Return the advice for the stored athlete at ``at``."""
    return advise(*situation_at(db, athlete_id, at, intent))


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
    shown: bool = False,
) -> Answer:
    """Return the advice for the stored athlete at ``at``, and what would change it: the
    largest leg session that keeps ``keep`` allowed, the earliest slot for ``when``.

    ``shown``: the answer is shown to the athlete now, so it is kept as a prediction that
    outcomes will be matched to (not again when it says what the last one kept said)."""
    model, rate = situation_at(db, athlete_id, at, intent)
    advice = advise(model, rate)
    if shown:
        default = advice if rate.multiplier == 1.0 else advise(model, calibration.DEFAULT)
        with db.unit() as uow:
            uow.outcomes.remember(athlete_id, Prediction.of(advice, default))
    return Answer(
        advice,
        whatif.keep(model, keep, multiplier=rate.multiplier) if keep is not None else None,
        whatif.when(model, when, multiplier=rate.multiplier) if when is not None else None,
    )
