"""Who sees which athlete: the owner, and the coaches the owner linked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from runready.services.accounts import Principal, Role
from runready.storage.database import Database
from runready.storage.records import AthleteId, AthleteRecord


class Access(StrEnum):
    """How an account relates to an athlete."""

    OWNER = "owner"
    COACH = "coach"


@dataclass(frozen=True, slots=True)
class AthleteView:
    """An athlete as an account sees it: enough to route a request and cache its answers."""

    id: AthleteId
    name: str
    timezone: str
    is_demo: bool
    data_version: int
    access: Access

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape."""
        return {
            "id": str(self.id),
            "name": self.name,
            "timezone": self.timezone,
            "demo": self.is_demo,
            "access": self.access.value,
        }


def _view(record: AthleteRecord, found: Access) -> AthleteView:
    return AthleteView(
        record.id, record.name, record.timezone, record.is_demo, record.data_version, found
    )


def view_of(record: AthleteRecord, user_id: uuid.UUID) -> AthleteView:
    """Return an athlete the user owns or coaches (the caller's query said which it may see)."""
    return _view(record, Access.OWNER if record.user_id == user_id else Access.COACH)


def find_athlete(db: Database, user: Principal, athlete_id: uuid.UUID) -> AthleteView | None:
    """Return the athlete when ``user`` may see it, else None (callers answer 404: no leak)."""
    with db.unit() as uow:
        found = uow.athletes.view(athlete_id, user.id)
    if found is None:
        return None
    record, coached = found
    if record.user_id == user.id:
        return _view(record, Access.OWNER)
    if user.role is Role.COACH and coached:
        return _view(record, Access.COACH)
    return None


def athletes_of(db: Database, user: Principal) -> list[AthleteView]:
    """Return every athlete ``user`` may see, own ones first."""
    with db.unit() as uow:
        own = uow.athletes.owned_by(user.id)
        coached = uow.athletes.coached_by(user.id)
    return [_view(a, Access.OWNER) for a in own] + [_view(a, Access.COACH) for a in coached]
