"""Manual entries: log a session or a check-in in seconds; list what is stored."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from runready.core.errors import InvalidInput
from runready.core.model import CheckIn, Session
from runready.services.athletes import get
from runready.storage import repository
from runready.storage.database import Database


@dataclass(frozen=True, slots=True)
class StoredSession:
    """A stored session with its id and where it came from."""

    id: uuid.UUID
    session: Session
    source: str
    sport: str | None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON shape of ``runready sessions --json``."""
        s = self.session
        return {
            "id": str(self.id),
            "type": s.type.value,
            "start": s.start.isoformat(timespec="seconds"),
            "duration_min": round(s.duration_min, 1),
            "distance_km": round(s.distance_km, 3) if s.distance_km is not None else None,
            "source": self.source,
            "name": s.name,
            "kind": s.kind.value if s.kind else None,
            "focus": s.focus.value if s.focus else None,
            "rpe": s.rpe,
            "avg_hr": s.avg_hr_bpm,
            "sets": sum(len(e.sets) for e in s.exercises),
        }


def log_session(
    db: Database, athlete_name: str | None, session: Session, now: datetime
) -> StoredSession:
    """Store a session entered by hand."""
    if session.start > now:
        raise InvalidInput("start", "is in the future; log sessions once they have happened")
    profile = get(db, athlete_name)
    with db.transaction() as s:
        athlete_id = repository.athlete(s, profile.name).id
        row = repository.add_session(s, athlete_id, session, source_format="manual", now=now)
        return StoredSession(row.id, session, "manual", None)


def check_in(db: Database, athlete_name: str | None, checkin: CheckIn) -> CheckIn:
    """Store a check-in."""
    profile = get(db, athlete_name)
    with db.transaction() as s:
        repository.add_checkin(s, repository.athlete(s, profile.name).id, checkin)
    return checkin


def checkins(
    db: Database, athlete_name: str | None, since: datetime, until: datetime
) -> list[CheckIn]:
    """Return the check-ins in ``[since, until]``, oldest first."""
    profile = get(db, athlete_name)
    with db.transaction() as s:
        return list(repository.checkins(s, repository.athlete(s, profile.name).id, since, until))


def sessions(
    db: Database,
    athlete_name: str | None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[StoredSession]:
    """Return stored sessions, oldest first, optionally from ``since``."""
    profile = get(db, athlete_name)
    with db.transaction() as s:
        athlete_id = repository.athlete(s, profile.name).id
        return [
            StoredSession(row.id, session, row.source_format, row.sport)
            for row, session in repository.history(s, athlete_id, since, until)
        ]


def delete(db: Database, athlete_name: str | None, session_id: str) -> bool:
    """Delete one session by id; return False when it did not exist."""
    try:
        key = uuid.UUID(session_id)
    except ValueError:
        raise InvalidInput("id", f"not a session id: {session_id!r}") from None
    profile = get(db, athlete_name)
    with db.transaction() as s:
        return repository.delete_session(s, repository.athlete(s, profile.name).id, key)
