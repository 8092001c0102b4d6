"""Readiness kept current instead of recomputed.

Every unit of work that changes an athlete's data (a session, a check-in, a deletion) stores
the athlete's outlook before it commits, so the stored answer never lags the data. An import
defers it to the end of the run (one refresh, not one per file). The coach board then reads
every athlete's outlook in one query and asks the engine only for an athlete never stored.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo

from runready.clock import zone
from runready.core.advisor import advise
from runready.core.outlook import Outlook
from runready.services import advising, calibrating
from runready.services.access import AthleteView, view_of
from runready.storage.database import Database
from runready.storage.records import AthleteId, AthleteRecord
from runready.storage.unit import UnitOfWork

log = logging.getLogger(__name__)


def follow(uow: UnitOfWork, changed: Mapping[uuid.UUID, bool]) -> None:
    """Store the current outlook of each changed athlete (id → whether its sessions changed,
    which decides whether the history may come from the cache of committed history).

    An athlete whose outlook cannot be made keeps its write: the stale outlook is dropped (the
    board makes it afresh, and shows the problem there) and the failure is logged."""
    at = datetime.now(UTC)
    for athlete_id, sessions_changed in changed.items():
        record = uow.athletes.find(athlete_id)
        if record is None:  # erased in this unit of work
            continue
        try:
            _store(uow, record, at, cached=not sessions_changed)
        except Exception:  # derived state never costs the athlete a write; the log has it
            log.exception("readiness of athlete %s not refreshed", athlete_id)
            uow.readiness.drop(athlete_id)


def refresh_athlete(db: Database, athlete_id: AthleteId, at: datetime) -> None:
    """Store the athlete's outlook at ``at`` now (after a run of deferred writes)."""
    with db.unit() as uow:
        _store(uow, uow.athletes.get(athlete_id), at, cached=False)


def current(db: Database, athlete_id: AthleteId, at: datetime) -> Outlook:
    """Return the athlete's stored outlook (in UTC), made afresh at ``at`` when it was never
    stored or lags the athlete's data."""
    with db.unit() as uow:
        record = uow.athletes.get(athlete_id)
        found = uow.readiness.of([athlete_id]).get(athlete_id)
        if found is not None and found[1] == record.data_version:
            return found[0]
        return _store(uow, record, at, cached=True)


def _store(uow: UnitOfWork, record: AthleteRecord, at: datetime, *, cached: bool) -> Outlook:
    local = at.astimezone(_tz(record))
    model = advising.scenario_in(uow, record, local, cached=cached)
    rate = advising.calibration_in(uow, record, local, cached=cached, committed=False)
    shown = calibrating.record_in(uow, record.id, local, model.history)
    outlook = Outlook.of(advise(model, rate), shown)
    uow.readiness.put(record.id, record.data_version, outlook)
    return outlook


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One athlete on the coach board: the stored outlook, read at the board's moment (both in
    the athlete's zone)."""

    athlete: AthleteView
    outlook: Outlook
    at: datetime

    def as_dict(self) -> dict[str, object]:
        """Return the answer at the board's moment in the shapes of the advice contract."""
        return self.outlook.as_dict(self.at)


def board(db: Database, user_id: uuid.UUID, at: datetime) -> list[BoardRow]:
    """Return every athlete ``user_id`` owns or coaches (own ones first) with its outlook at
    ``at``: one query, plus one refresh for an athlete whose outlook was never stored or lags
    its data."""
    with db.unit() as uow:
        found = uow.readiness.board(user_id)
    outlooks = {
        record.id: outlook
        for record, outlook, version in found
        if outlook is not None and version == record.data_version
    }
    lagging = [record for record, _, _ in found if record.id not in outlooks]
    if lagging:
        with db.unit() as uow:
            for record in lagging:
                outlooks[record.id] = _store(uow, record, at, cached=True)
    rows = []
    for record, _, _ in found:
        outlook = outlooks[record.id]
        tz = _tz(record)
        local = replace(outlook, at=outlook.at.astimezone(tz))
        rows.append(BoardRow(view_of(record, user_id), local, at.astimezone(tz)))
    return rows


def _tz(record: AthleteRecord) -> tzinfo:
    return zone(record.timezone) or UTC
