"""Coach links: an owner lets a coach account see one of their athletes."""

from __future__ import annotations

import uuid
from datetime import datetime

from runready.core.errors import InvalidInput
from runready.services.accounts import AuthError, Principal, Role
from runready.storage.database import Database
from runready.storage.unit import UnitOfWork


def _owned(uow: UnitOfWork, owner: Principal, athlete_id: uuid.UUID, verb: str) -> None:
    found = uow.athletes.find(athlete_id)
    if found is None or found.user_id != owner.id:
        raise AuthError(f"only the athlete's owner {verb} coaches")


def link_coach(
    db: Database, owner: Principal, athlete_id: uuid.UUID, coach_username: str, now: datetime
) -> None:
    """Let a coach see one of the owner's athletes."""
    with db.unit() as uow:
        _owned(uow, owner, athlete_id, "links")
        coach = uow.accounts.named(coach_username)
        if coach is None or coach[0].role != Role.COACH.value:
            raise InvalidInput("coach", f"no coach account named {coach_username!r}")
        uow.accounts.link(athlete_id, coach[0].id, now)


def unlink_coach(
    db: Database, owner: Principal, athlete_id: uuid.UUID, coach_username: str
) -> bool:
    """Stop a coach seeing one of the owner's athletes."""
    with db.unit() as uow:
        _owned(uow, owner, athlete_id, "unlinks")
        coach = uow.accounts.named(coach_username)
        return coach is not None and uow.accounts.unlink(athlete_id, coach[0].id)


def coaches_of(db: Database, athlete_id: uuid.UUID) -> list[str]:
    """Return the user names of the coaches linked to an athlete."""
    with db.unit() as uow:
        return uow.accounts.coaches_of(athlete_id)
