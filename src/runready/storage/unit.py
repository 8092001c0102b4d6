"""The unit of work: one transaction over one store per aggregate.

Services open one (``with db.unit() as uow:``), read and write through its stores, and the unit
commits when the block ends (or rolls back on an error). An athlete whose data changed gets its
data version raised once, at commit, however many rows changed (and its sessions version when
sessions changed); then the change hook, when the database has one, brings derived state (the
stored readiness) up to date inside the same transaction. Originals of deleted athletes leave
the blob store after the commit, so a rolled-back deletion loses nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from sqlalchemy import case, update
from sqlalchemy.orm import Session as DbSession

from runready.storage.accounts import AccountStore
from runready.storage.athletes import AthleteStore
from runready.storage.imports import ImportStore
from runready.storage.intervals import IntervalsStore
from runready.storage.jobs import JobStore
from runready.storage.journal import JournalStore
from runready.storage.outcomes import OutcomeStore
from runready.storage.plans import PlanStore
from runready.storage.privacy import PrivacyStore
from runready.storage.readiness import ReadinessStore
from runready.storage.tables import AthleteRow

if TYPE_CHECKING:
    from runready.storage.blobs import BlobStore

#: Called before commit with the athletes whose data changed (id → whether sessions changed).
ChangeHook = Callable[["UnitOfWork", Mapping[uuid.UUID, bool]], None]


class UnitOfWork:
    """The stores of one transaction."""

    def __init__(
        self,
        session: DbSession,
        blobs: BlobStore | None = None,
        on_change: ChangeHook | None = None,
    ) -> None:
        self._session = session
        self._on_change = on_change
        #: Athletes whose data changed, each with whether its sessions did.
        self._changed: dict[uuid.UUID, bool] = {}
        self._deleted: set[uuid.UUID] = set()
        self._blobs = blobs
        self.athletes = AthleteStore(session, self._deleted.add)
        self.journal = JournalStore(session, self.changed)
        self.outcomes = OutcomeStore(session, self.changed)
        self.imports = ImportStore(session, blobs)
        self.accounts = AccountStore(session)
        self.plans = PlanStore(session)
        self.jobs = JobStore(session)
        self.privacy = PrivacyStore(session, self.athletes, self.imports)
        self.readiness = ReadinessStore(session)
        self.intervals = IntervalsStore(session)

    def changed(self, athlete_id: uuid.UUID, sessions: bool = False) -> None:
        """Mark the athlete's data as changed (``sessions``: its sessions too): versions rise
        and derived state follows at commit."""
        self._changed[athlete_id] = self._changed.get(athlete_id, False) or sessions

    def flush(self) -> None:
        """Send pending writes to the database (ids and constraints are checked now)."""
        self._session.flush()

    def before_commit(self) -> None:
        """Raise the versions of every athlete whose data changed, then run the change hook."""
        if not self._changed:
            return
        changed, self._changed = self._changed, {}
        moved = sorted(athlete for athlete, sessions in changed.items() if sessions)
        sessions_version = AthleteRow.sessions_version
        self._session.execute(  # one statement however many athletes and rows changed
            update(AthleteRow)
            .where(AthleteRow.id.in_(sorted(changed)))
            .values(
                data_version=AthleteRow.data_version + 1,
                sessions_version=case(
                    (AthleteRow.id.in_(moved), sessions_version + 1), else_=sessions_version
                ),
            )
        )
        if self._on_change is not None:
            self._on_change(self, changed)
            self._session.flush()

    def after_commit(self) -> None:
        """Erase the originals of every athlete deleted in the committed transaction."""
        if self._blobs is not None:
            for athlete_id in sorted(self._deleted):
                self._blobs.erase(athlete_id)
        self._deleted.clear()
