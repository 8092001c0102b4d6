"""Accounts: setup, users, passwords, browser sessions, API keys, coaching links, access rights.

Passwords are hashed with argon2. Session tokens and API keys are random; only a hash keyed with
the server's secret is stored, so a database leak does not hand out logins. Sign-in attempts are
counted in the database, so the rate limit holds across every app process.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as DbSession

from runready.clock import local_zone_name, zone
from runready.core.errors import InvalidInput, RunreadyError
from runready.services.secret_key import digest
from runready.storage import attempts
from runready.storage.database import Database
from runready.storage.mapping import new_id
from runready.storage.tables import (
    ApiKeyRow,
    AthleteRow,
    CoachLinkRow,
    UserRow,
    WebSessionRow,
)

SESSION_DAYS = 30
LOGIN_WINDOW = timedelta(minutes=15)
#: Failed sign-ins per user from one address per window.
LOGIN_MAX_FAILURES = 10
#: Failed sign-ins from one address per window, whichever accounts they name.
LOGIN_MAX_PER_ADDRESS = 50
USER_KEY_CHARS = 128
KEY_PREFIX = "rr_"
if TYPE_CHECKING:
    from argon2 import PasswordHasher

_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
MIN_PASSWORD = 10


class Role(StrEnum):
    """What an account is for."""

    ATHLETE = "athlete"
    COACH = "coach"


class Access(StrEnum):
    """How an account relates to an athlete."""

    OWNER = "owner"
    COACH = "coach"


class AuthError(RunreadyError):
    """Wrong credentials, an expired session or a missing right."""


class RateLimited(RunreadyError):
    """Too many failed logins; the message says when to try again."""


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


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def _principal(row: UserRow, csrf: str | None = None) -> Principal:
    return Principal(row.id, row.username, Role(row.role), row.is_admin, csrf)


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
    own = [a for a in athletes_of(db, user) if a.access is Access.OWNER]
    return own[0].timezone if own else local_zone_name()


def needs_setup(db: Database) -> bool:
    """Return True until the first account exists."""
    with db.transaction() as s:
        return not s.scalar(select(func.count()).select_from(UserRow))


def setup(
    db: Database, username: str, password: str, role: Role, timezone: str, now: datetime
) -> Principal:
    """Create the first account (the admin); it adopts a command-line athlete if one exists."""
    _check_new(username, password)
    check_zone(timezone)
    with db.transaction() as s:
        if s.scalar(select(func.count()).select_from(UserRow)):
            raise AlreadySetUp("setup is done: sign in instead")
        user = _new_user(s, username, password, role, True, now)
        if role is Role.ATHLETE:
            orphan = s.scalars(
                select(AthleteRow)
                .where(AthleteRow.user_id.is_(None))
                .order_by(AthleteRow.is_default.desc())
            ).first()
            if orphan is not None:
                orphan.user_id = user.id
            else:
                _new_athlete(s, user, timezone, now)
        return _principal(user)


def _new_user(
    s: DbSession, username: str, password: str, role: Role, admin: bool, now: datetime
) -> UserRow:
    user = UserRow(
        id=new_id(),
        username=username,
        password_hash=_hasher().hash(password),
        role=role.value,
        is_admin=admin,
        created_at=now.astimezone(UTC),
    )
    s.add(user)
    s.flush()
    return user


def _free_name(s: DbSession, wanted: str) -> str:
    taken = set(s.scalars(select(AthleteRow.name).where(AthleteRow.name.startswith(wanted))))
    name, n = wanted, 1
    while name in taken:
        n += 1
        name = f"{wanted} ({n})"
    return name


def _new_athlete(s: DbSession, user: UserRow, timezone: str, now: datetime) -> AthleteRow:
    from runready.storage import repository

    row = AthleteRow(
        id=new_id(),
        name=_free_name(s, user.username),
        goal="general",
        policy="balanced",
        weight_unit="kg",
        timezone=timezone,
        created_at=now.astimezone(UTC),
        user_id=user.id,
    )
    return repository.add_athlete(s, row)


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
    with db.transaction() as s:
        if s.scalars(select(UserRow).where(UserRow.username == username)).first():
            raise InvalidInput("username", f"{username!r} is taken")
        user = _new_user(s, username, password, role, False, now)
        if role is Role.ATHLETE:
            athlete = _new_athlete(s, user, timezone, now)
            if admin.role is Role.COACH:
                s.add(
                    CoachLinkRow(
                        athlete_id=athlete.id, coach_id=admin.id, created_at=now.astimezone(UTC)
                    )
                )
        return _principal(user)


def users(db: Database, admin: Principal) -> list[Principal]:
    """Return every account (admins only)."""
    if not admin.is_admin:
        raise AuthError("only the admin lists accounts")
    with db.transaction() as s:
        return [_principal(row) for row in s.scalars(select(UserRow).order_by(UserRow.username))]


def password_ok(db: Database, user: Principal, password: str) -> bool:
    """Return True when ``password`` is the account's password (to confirm erasure)."""
    from argon2.exceptions import VerificationError

    with db.transaction() as s:
        row = s.get(UserRow, user.id)
        if row is None:
            return False
        try:
            return bool(_hasher().verify(row.password_hash, password))
        except VerificationError:
            return False


def change_password(
    db: Database, user: Principal, current: str, new: str, keep_token: str | None
) -> None:
    """Change the password after checking the current one; other browser sessions end."""
    from argon2.exceptions import VerificationError

    _check_new(user.username, new)
    with db.transaction() as s:
        row = s.get(UserRow, user.id)
        if row is None:
            raise AuthError("account gone")
        try:
            _hasher().verify(row.password_hash, current)
        except VerificationError:
            raise InvalidInput("current_password", "is not the current password") from None
        row.password_hash = _hasher().hash(new)
        ended = delete(WebSessionRow).where(WebSessionRow.user_id == user.id)
        if keep_token is not None:
            ended = ended.where(WebSessionRow.token_hash != digest(keep_token))
        s.execute(ended)


def _place(address: str | None) -> str:
    """Return what the sign-in limit counts as one address: an IPv4 address, an IPv6 /64."""
    if not address:
        return "unknown"
    try:
        found = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(found, ipaddress.IPv6Address):
        if found.ipv4_mapped is not None:
            return str(found.ipv4_mapped)
        # One IPv6 subscriber gets a whole /64: counting single addresses would give it billions.
        return str(ipaddress.ip_network(f"{found}/64", strict=False))
    return str(found)


def _address_key(address: str | None) -> str:
    return f"addr:{_place(address)}"


def user_key_prefix(username: str) -> str:
    """Return the start of every sign-in counter key of ``username`` (one per address)."""
    # Names typed at the sign-in form are not checked for length: cut so the key fits.
    return f"user:{username.lower()[:USER_KEY_CHARS]}|"


def _pair_key(username: str, address: str | None) -> str:
    return user_key_prefix(username) + _place(address)


def _refused(until: datetime, now: datetime) -> RateLimited:
    wait = int((until - now).total_seconds() // 60) + 1
    return RateLimited(f"too many failed sign-ins; try again in {wait} min")


def login(
    db: Database, username: str, password: str, address: str | None, now: datetime
) -> tuple[str, Principal]:
    """Check credentials; return a new session token and the account.

    The attempt is counted before the password is checked, in its own short transaction, so
    however many attempts arrive at once, at most the limit of them reach the check. It is
    counted per user and address (a typo elsewhere cannot lock the user out from here) and
    per address across users (one address cannot try every account). A good password gives
    the attempt back.
    """
    from argon2.exceptions import VerificationError

    pair, place = _pair_key(username, address), _address_key(address)
    with db.transaction() as s:  # the address first, in every attempt: no lock-order deadlock
        until = attempts.take(s, place, now, LOGIN_WINDOW, LOGIN_MAX_PER_ADDRESS)
        until = until or attempts.take(s, pair, now, LOGIN_WINDOW, LOGIN_MAX_FAILURES)
        if until is not None:
            raise _refused(until, now)  # rolls back: a refused attempt counts nowhere
    with db.transaction() as s:
        user = s.scalars(select(UserRow).where(UserRow.username == username)).first()
    try:
        if user is None:
            _hasher().hash(password)  # same work either way: no user enumeration by timing
            raise VerificationError
        _hasher().verify(user.password_hash, password)
    except VerificationError:
        raise AuthError("wrong user name or password") from None
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    with db.transaction() as s:
        attempts.clear(s, pair)
        attempts.give_back(s, place)
        s.add(
            WebSessionRow(
                token_hash=digest(token),
                user_id=user.id,
                csrf_token=csrf,
                created_at=now.astimezone(UTC),
                expires_at=(now + timedelta(days=SESSION_DAYS)).astimezone(UTC),
            )
        )
    return token, _principal(user, csrf)


def from_session(db: Database, token: str, now: datetime) -> Principal:
    """Return the account of a live browser session."""
    users, sessions = UserRow.__table__.c, WebSessionRow.__table__.c
    with db.read() as connection:
        row = connection.execute(
            select(
                users.id,
                users.username,
                users.role,
                users.is_admin,
                sessions.csrf_token,
                sessions.expires_at,
            )
            .join_from(WebSessionRow.__table__, UserRow.__table__, sessions.user_id == users.id)
            .where(sessions.token_hash == digest(token))
        ).first()
    if row is None or row.expires_at <= now:
        raise AuthError("session expired: sign in again")
    return Principal(row.id, row.username, Role(row.role), row.is_admin, row.csrf_token)


def logout(db: Database, token: str) -> None:
    """End a browser session."""
    with db.transaction() as s:
        s.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == digest(token)))


def create_key(db: Database, user: Principal, name: str, now: datetime) -> tuple[str, uuid.UUID]:
    """Return a new API key (shown once) and its id."""
    if not name.strip() or len(name) > 100:
        raise InvalidInput("name", "give the key a name of 1-100 characters")
    token = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKeyRow(
        id=new_id(),
        user_id=user.id,
        name=name.strip(),
        prefix=token[:10],
        key_hash=digest(token),
        created_at=now.astimezone(UTC),
    )
    with db.transaction() as s:
        s.add(row)
    return token, row.id


def keys(db: Database, user: Principal) -> list[dict[str, object]]:
    """Return the account's API keys (never the keys themselves)."""
    with db.transaction() as s:
        rows = s.scalars(
            select(ApiKeyRow).where(ApiKeyRow.user_id == user.id).order_by(ApiKeyRow.created_at)
        )
        return [
            {
                "id": str(r.id),
                "name": r.name,
                "prefix": r.prefix,
                "created_at": r.created_at.isoformat(),
            }
            for r in rows
        ]


def revoke_key(db: Database, user: Principal, key_id: uuid.UUID) -> bool:
    """Delete one of the account's API keys."""
    with db.transaction() as s:
        result = s.execute(
            delete(ApiKeyRow).where(ApiKeyRow.id == key_id, ApiKeyRow.user_id == user.id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def from_key(db: Database, token: str) -> Principal:
    """Return the account of an API key."""
    users, keys = UserRow.__table__.c, ApiKeyRow.__table__.c
    with db.read() as connection:
        row = connection.execute(
            select(users.id, users.username, users.role, users.is_admin)
            .join_from(UserRow.__table__, ApiKeyRow.__table__, keys.user_id == users.id)
            .where(keys.key_hash == digest(token))
        ).first()
    if row is None:
        raise AuthError("unknown API key")
    return Principal(row.id, row.username, Role(row.role), row.is_admin)


def visible_athletes(db: Database, user: Principal) -> list[tuple[AthleteRow, Access]]:
    """Return every athlete the account may see, own ones first."""
    with db.transaction() as s:
        own = list(
            s.scalars(
                select(AthleteRow)
                .where(AthleteRow.user_id == user.id)
                .order_by(AthleteRow.is_demo, AthleteRow.name)
            )
        )
        coached = list(
            s.scalars(
                select(AthleteRow)
                .join(CoachLinkRow, CoachLinkRow.athlete_id == AthleteRow.id)
                .where(CoachLinkRow.coach_id == user.id)
                .order_by(AthleteRow.name)
            )
        )
        return [(a, Access.OWNER) for a in own] + [(a, Access.COACH) for a in coached]


def link_coach(
    db: Database, owner: Principal, athlete_id: uuid.UUID, coach_username: str, now: datetime
) -> None:
    """Let a coach see one of the owner's athletes."""
    with db.transaction() as s:
        athlete = s.get(AthleteRow, athlete_id)
        if athlete is None or athlete.user_id != owner.id:
            raise AuthError("only the athlete's owner links coaches")
        coach = s.scalars(select(UserRow).where(UserRow.username == coach_username)).first()
        if coach is None or coach.role != Role.COACH.value:
            raise InvalidInput("coach", f"no coach account named {coach_username!r}")
        if s.get(CoachLinkRow, (athlete_id, coach.id)) is None:
            s.add(
                CoachLinkRow(
                    athlete_id=athlete_id, coach_id=coach.id, created_at=now.astimezone(UTC)
                )
            )


def unlink_coach(
    db: Database, owner: Principal, athlete_id: uuid.UUID, coach_username: str
) -> bool:
    """Stop a coach seeing one of the owner's athletes."""
    with db.transaction() as s:
        athlete = s.get(AthleteRow, athlete_id)
        if athlete is None or athlete.user_id != owner.id:
            raise AuthError("only the athlete's owner unlinks coaches")
        coach = s.scalars(select(UserRow).where(UserRow.username == coach_username)).first()
        if coach is None:
            return False
        result = s.execute(
            delete(CoachLinkRow).where(
                CoachLinkRow.athlete_id == athlete_id, CoachLinkRow.coach_id == coach.id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def coaches_of(db: Database, athlete_id: uuid.UUID) -> list[str]:
    """Return the user names of the coaches linked to an athlete."""
    with db.transaction() as s:
        return list(
            s.scalars(
                select(UserRow.username)
                .join(CoachLinkRow, CoachLinkRow.coach_id == UserRow.id)
                .where(CoachLinkRow.athlete_id == athlete_id)
                .order_by(UserRow.username)
            )
        )


@dataclass(frozen=True, slots=True)
class AthleteView:
    """An athlete as an account sees it: enough to route a request and cache its answers."""

    id: uuid.UUID
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


def _view(row: AthleteRow, found: Access) -> AthleteView:
    return AthleteView(row.id, row.name, row.timezone, row.is_demo, row.data_version, found)


def find_athlete(db: Database, user: Principal, athlete_id: uuid.UUID) -> AthleteView | None:
    """Return the athlete when ``user`` may see it, else None (callers answer 404: no leak).

    Two plain queries, the second only for coaches: cheaper per request than one with a join.
    """
    athletes, links = AthleteRow.__table__.c, CoachLinkRow.__table__.c
    with db.read() as connection:
        row = connection.execute(
            select(
                athletes.id,
                athletes.name,
                athletes.timezone,
                athletes.is_demo,
                athletes.data_version,
                athletes.user_id,
            ).where(athletes.id == athlete_id)
        ).first()
        if row is None:
            return None
        if row.user_id == user.id:
            found = Access.OWNER
        elif (
            user.role is Role.COACH
            and connection.execute(
                select(links.coach_id).where(
                    links.athlete_id == athlete_id, links.coach_id == user.id
                )
            ).first()
        ):
            found = Access.COACH
        else:
            return None
    return AthleteView(row.id, row.name, row.timezone, row.is_demo, row.data_version, found)


def athletes_of(db: Database, user: Principal) -> list[AthleteView]:
    """Return every athlete ``user`` may see, own ones first."""
    return [_view(row, found) for row, found in visible_athletes(db, user)]
