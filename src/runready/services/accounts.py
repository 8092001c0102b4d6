"""Accounts: setup, users and passwords.

Passwords are hashed with argon2. Who signs in how lives in ``signin``, who sees which athlete
in ``access``, coach links in ``coaching``.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from runready.clock import local_zone_name, zone
from runready.core.errors import InvalidInput, RunreadyError
from runready.storage.database import Database
from runready.storage.records import UserRecord
from runready.storage.unit import UnitOfWork

if TYPE_CHECKING:
    from argon2 import PasswordHasher

_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
MIN_PASSWORD = 10


class Role(StrEnum):
    """What an account is for."""

    ATHLETE = "athlete"
    COACH = "coach"


class AuthError(RunreadyError):
    """Wrong credentials, an expired session or a missing right."""


class AlreadySetUp(RunreadyError):
    """Setup runs once: the first account exists already."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The account behind a request."""

    id: uuid.UUID
    username: str
    role: Role
    is_admin: bool
    csrf_token: str | None = None

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape."""
        return {
            "id": str(self.id),
            "username": self.username,
            "role": self.role.value,
            "admin": self.is_admin,
        }


def principal(user: UserRecord, csrf: str | None = None) -> Principal:
    """Return the principal of a stored account."""
    return Principal(user.id, user.username, Role(user.role), user.is_admin, csrf)


def hasher() -> PasswordHasher:
    """Return the password hasher (argon2, its default parameters)."""
    from argon2 import PasswordHasher

    return PasswordHasher()


def _check_new(username: str, password: str) -> None:
    if not _USERNAME.match(username):
        raise InvalidInput("username", "2-64 letters, digits, dots, dashes or underscores")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password", f"must be at least {MIN_PASSWORD} characters")


def check_zone(timezone: str) -> None:
    """Refuse a time zone name the zone database does not know."""
    if zone(timezone) is None:
        raise InvalidInput("timezone", f"unknown time zone {timezone!r}")


def home_zone(db: Database, user: Principal) -> str:
    """Return the zone for a new athlete made by ``user``: that of its own first athlete.

    Without one, this machine's zone.
    """
    with db.unit() as uow:
        own = uow.athletes.owned_by(user.id)
    return own[0].timezone if own else local_zone_name()


def needs_setup(db: Database) -> bool:
    """Return True until the first account exists."""
    with db.unit() as uow:
        return not uow.accounts.any_user()


def setup(
    db: Database, username: str, password: str, role: Role, timezone: str, now: datetime
) -> Principal:
    """Create the first account (the admin); it adopts a command-line athlete if one exists."""
    _check_new(username, password)
    check_zone(timezone)
    with db.unit() as uow:
        if uow.accounts.any_user():
            raise AlreadySetUp("setup is done: sign in instead")
        user = uow.accounts.add_user(username, hasher().hash(password), role.value, True, now)
        if role is Role.ATHLETE and uow.athletes.adopt(user.id) is None:
            _new_athlete(uow, user, timezone, now)
        return principal(user)


def _new_athlete(uow: UnitOfWork, user: UserRecord, timezone: str, now: datetime) -> uuid.UUID:
    name = uow.athletes.free_name(user.username)
    return uow.athletes.add(name, timezone, now, user_id=user.id).id


def create_user(
    db: Database,
    admin: Principal,
    username: str,
    password: str,
    role: Role,
    timezone: str,
    now: datetime,
) -> Principal:
    """Create an account (admins only); an athlete account gets its own athlete profile.

    When the admin is a coach, the new athlete is linked to them: a coach sets up the squad.
    """
    if not admin.is_admin:
        raise AuthError("only the admin creates accounts")
    _check_new(username, password)
    check_zone(timezone)
    with db.unit() as uow:
        if uow.accounts.named(username) is not None:
            raise InvalidInput("username", f"{username!r} is taken")
        user = uow.accounts.add_user(username, hasher().hash(password), role.value, False, now)
        if role is Role.ATHLETE:
            athlete_id = _new_athlete(uow, user, timezone, now)
            if admin.role is Role.COACH:
                uow.accounts.link(athlete_id, admin.id, now)
        return principal(user)


def users(db: Database, admin: Principal) -> list[Principal]:
    """Return every account (admins only)."""
    if not admin.is_admin:
        raise AuthError("only the admin lists accounts")
    with db.unit() as uow:
        return [principal(user) for user in uow.accounts.users()]


def password_ok(db: Database, user: Principal, password: str) -> bool:
    """Return True when ``password`` is the account's password (to confirm erasure)."""
    from argon2.exceptions import VerificationError

    with db.unit() as uow:
        stored = uow.accounts.password_hash(user.id)
    if stored is None:
        return False
    try:
        return bool(hasher().verify(stored, password))
    except VerificationError:
        return False


def change_password(
    db: Database, user: Principal, current: str, new: str, keep_token: str | None
) -> None:
    """Change the password after checking the current one; other browser sessions end."""
    from argon2.exceptions import VerificationError

    from runready.services.secret_key import digest

    _check_new(user.username, new)
    with db.unit() as uow:
        stored = uow.accounts.password_hash(user.id)
        if stored is None:
            raise AuthError("account gone")
        try:
            hasher().verify(stored, current)
        except VerificationError:
            raise InvalidInput("current_password", "is not the current password") from None
        uow.accounts.set_password_hash(user.id, hasher().hash(new))
        keep = digest(keep_token) if keep_token is not None else None
        uow.accounts.close_sessions(user.id, keep)
