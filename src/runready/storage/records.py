"""What the stores hand to services: plain frozen values, never database objects.

Services read and decide on these; only the stores know tables and SQL, so a service can be
tested against an in-memory fake with the same shape.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NewType

from runready.core.model import Athlete, RunFeedback, Session

#: An athlete's id, resolved once at the door (by name on the command line, from the URL on
#: the web) and handed to every service.
AthleteId = NewType("AthleteId", uuid.UUID)


@dataclass(frozen=True, slots=True)
class AthleteRecord:
    """A stored athlete: the core athlete with its name, zone, owner and data version."""

    id: AthleteId
    name: str
    is_default: bool
    athlete: Athlete
    weight_unit: str
    timezone: str
    user_id: uuid.UUID | None
    is_demo: bool
    data_version: int
    created_at: datetime
    #: Raised only when sessions change (a check-in leaves cached history valid).
    sessions_version: int = 0


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


@dataclass(frozen=True, slots=True)
class StoredFeedback:
    """The word after a stored run, with the run's id and when it was told."""

    run_id: uuid.UUID
    feedback: RunFeedback
    told_at: datetime

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON shape."""
        return {
            "run_id": str(self.run_id),
            "run_start": self.feedback.run_start.isoformat(timespec="seconds"),
            "legs": self.feedback.legs.value,
            "rpe": self.feedback.rpe,
            "told_at": self.told_at.isoformat(timespec="seconds"),
        }


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A stored account (its password hash stays in the store's keeping)."""

    id: uuid.UUID
    username: str
    role: str
    is_admin: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Credential:
    """An account found by a browser session or an API key."""

    user: UserRecord
    csrf_token: str | None
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    """An API key as listed (never the key itself)."""

    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class FileReport:
    """What happened to one imported file (a line of the import log)."""

    name: str
    outcome: str
    reason: str | None = None
    format: str | None = None
    sessions_added: int = 0
    sessions_merged: int = 0

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape."""
        return {
            "name": self.name,
            "outcome": self.outcome,
            "reason": self.reason,
            "format": self.format,
            "sessions_added": self.sessions_added,
            "sessions_merged": self.sessions_merged,
        }


@dataclass(frozen=True, slots=True)
class JobRecord:
    """A queued or finished background job."""

    athlete_id: AthleteId
    id: uuid.UUID
    kind: str
    status: str
    total: int | None
    done: int
    results: dict[str, Any]
    error: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PlanSettingsRecord:
    """Free windows, the weekly template and the calendar feed token of one athlete."""

    availability: dict[str, list[str]]
    template: list[dict[str, object]]
    rest_days_min: int
    feed_token: str
    alarms_min: list[int]


@dataclass(frozen=True, slots=True)
class PlannedRecord:
    """A stored planned session, with what the calendar needs to follow it."""

    id: uuid.UUID
    type: str
    kind: str | None
    focus: str | None
    start: datetime
    duration_min: int
    reasons: list[object]
    status: str
    sequence: int
    updated_at: datetime
