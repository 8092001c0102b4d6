"""The unit of work: one transaction over one store per aggregate.

Services open one (``with db.unit() as uow:``), read and write through its stores, and the unit
commits when the block ends (or rolls back on an error). An athlete whose data changed gets its
data version raised once, at commit, however many rows changed.
"""

from __future__ import annotations

import uuid

from sqlalchemy import update
from sqlalchemy.orm import Session as DbSession

from runready.storage.accounts import AccountStore
from runready.storage.athletes import AthleteStore
from runready.storage.imports import ImportStore
from runready.storage.jobs import JobStore
from runready.storage.journal import JournalStore
from runready.storage.outcomes import OutcomeStore
from runready.storage.plans import PlanStore
from runready.storage.privacy import PrivacyStore
from runready.storage.tables import AthleteRow


class UnitOfWork:
    """The stores of one transaction."""

    def __init__(self, session: DbSession) -> None:
        self._session = session
        self._changed: set[uuid.UUID] = set()
        self.athletes = AthleteStore(session)
        self.journal = JournalStore(session, self.changed)
        self.outcomes = OutcomeStore(session, self.changed)
        self.imports = ImportStore(session)
        self.accounts = AccountStore(session)
        self.plans = PlanStore(session)
        self.jobs = JobStore(session)
        self.privacy = PrivacyStore(session)

    def changed(self, athlete_id: uuid.UUID) -> None:
        """Mark the athlete's data as changed: cached advice is recomputed after the commit."""
        self._changed.add(athlete_id)

    def flush(self) -> None:
        """Send pending writes to the database (ids and constraints are checked now)."""
        self._session.flush()

    def before_commit(self) -> None:
        """Raise the data version of every athlete whose data changed."""
        if self._changed:
            self._session.execute(
                update(AthleteRow)
                .where(AthleteRow.id.in_(sorted(self._changed)))
                .values(data_version=AthleteRow.data_version + 1)
            )
            self._changed.clear()
