"""Manual entries: log a session or a check-in in seconds; list what is stored."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from runready.core.errors import InvalidInput
from runready.core.model import CheckIn, Session
from runready.storage.database import Database
from runready.storage.records import AthleteId, StoredSession

__all__ = [
    "StoredSession",
    "check_in",
    "checkins",
    "delete",
    "log_session",
    "overlapping",
    "sessions",
]


def log_session(
    db: Database, athlete_id: AthleteId, session: Session, now: datetime
) -> StoredSession:
    """Store a session entered by hand."""
    if session.start > now:
        raise InvalidInput("start", "is in the future; log sessions once they have happened")
    with db.unit() as uow:
        stored = uow.journal.add_session(athlete_id, session, source_format="manual", now=now)
    return StoredSession(stored, session, "manual", None)


def overlapping(db: Database, athlete_id: AthleteId, session: Session) -> list[StoredSession]:
    """Return the stored sessions whose time overlaps ``session``'s (one started up to a day
    before it may still be going)."""
    with db.unit() as uow:
        near = uow.journal.history(athlete_id, session.start - timedelta(days=1), session.end)
    return [s for s in near if s.session.start < session.end and session.start < s.session.end]


def check_in(db: Database, athlete_id: AthleteId, checkin: CheckIn) -> CheckIn:
    """Store a check-in."""
    with db.unit() as uow:
        uow.journal.add_checkin(athlete_id, checkin)
    return checkin


def checkins(
    db: Database, athlete_id: AthleteId, since: datetime, until: datetime
) -> list[CheckIn]:
    """Return the check-ins in ``[since, until]``, oldest first."""
    with db.unit() as uow:
        return uow.journal.checkins(athlete_id, since, until)


def sessions(
    db: Database,
    athlete_id: AthleteId,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[StoredSession]:
    """Return stored sessions, oldest first, optionally from ``since``."""
    with db.unit() as uow:
        return uow.journal.history(athlete_id, since, until)


def delete(db: Database, athlete_id: AthleteId, session_id: str) -> bool:
    """Delete one session by id; return False when it did not exist."""
    try:
        key = uuid.UUID(session_id)
    except ValueError:
        raise InvalidInput("id", f"not a session id: {session_id!r}") from None
    with db.unit() as uow:
        return uow.journal.delete_session(athlete_id, key)
