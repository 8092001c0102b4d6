"""Signing in: sign-in limits, browser sessions and API keys.

Session tokens and API keys are random; only a hash keyed with the server's secret is stored,
so a database leak does not hand out logins. Sign-in attempts are counted in the database,
so the rate limit holds across every app process.
"""

from __future__ import annotations

import ipaddress
import secrets
import uuid
from datetime import datetime, timedelta

from runready.core.errors import InvalidInput, RunreadyError
from runready.services.accounts import AuthError, Principal, hasher, principal
from runready.services.secret_key import digest
from runready.storage.database import Database
from runready.storage.records import ApiKeyRecord

SESSION_DAYS = 30
LOGIN_WINDOW = timedelta(minutes=15)
#: Failed sign-ins per user from one address per window.
LOGIN_MAX_FAILURES = 10
#: Failed sign-ins from one address per window, whichever accounts they name.
LOGIN_MAX_PER_ADDRESS = 50
USER_KEY_CHARS = 128
KEY_PREFIX = "rr_"
KEY_NAME_MAX_CHARS = 100


class RateLimited(RunreadyError):
    """Too many failed logins; the message says when to try again."""


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
    with db.unit() as uow:  # the address first, in every attempt: no lock-order deadlock
        until = uow.accounts.take_attempt(place, now, LOGIN_WINDOW, LOGIN_MAX_PER_ADDRESS)
        until = until or uow.accounts.take_attempt(pair, now, LOGIN_WINDOW, LOGIN_MAX_FAILURES)
        if until is not None:
            raise _refused(until, now)  # rolls back: a refused attempt counts nowhere
    with db.unit() as uow:
        found = uow.accounts.named(username)
    try:
        if found is None:
            hasher().hash(password)  # same work either way: no user enumeration by timing
            raise VerificationError
        hasher().verify(found[1], password)
    except VerificationError:
        raise AuthError("wrong user name or password") from None
    user = found[0]
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    with db.unit() as uow:
        uow.accounts.clear_attempts(pair)
        uow.accounts.give_back_attempt(place)
        uow.accounts.open_session(digest(token), user.id, csrf, now, SESSION_DAYS)
    return token, principal(user, csrf)


def from_session(db: Database, token: str, now: datetime) -> Principal:
    """Return the account of a live browser session."""
    with db.unit() as uow:
        found = uow.accounts.session_of(digest(token))
    if found is None or found.expires_at is None or found.expires_at <= now:
        raise AuthError("session expired: sign in again")
    return principal(found.user, found.csrf_token)


def logout(db: Database, token: str) -> None:
    """End a browser session."""
    with db.unit() as uow:
        uow.accounts.close_session(digest(token))


def create_key(db: Database, user: Principal, name: str, now: datetime) -> tuple[str, uuid.UUID]:
    """Return a new API key (shown once) and its id."""
    if not name.strip() or len(name) > KEY_NAME_MAX_CHARS:
        raise InvalidInput("name", f"give the key a name of 1-{KEY_NAME_MAX_CHARS} characters")
    token = KEY_PREFIX + secrets.token_urlsafe(32)
    with db.unit() as uow:
        key_id = uow.accounts.add_key(user.id, name.strip(), token[:10], digest(token), now)
    return token, key_id


def keys(db: Database, user: Principal) -> list[dict[str, object]]:
    """Return the account's API keys (never the keys themselves)."""
    with db.unit() as uow:
        found: list[ApiKeyRecord] = uow.accounts.keys(user.id)
    return [
        {
            "id": str(k.id),
            "name": k.name,
            "prefix": k.prefix,
            "created_at": k.created_at.isoformat(),
        }
        for k in found
    ]


def revoke_key(db: Database, user: Principal, key_id: uuid.UUID) -> bool:
    """Delete one of the account's API keys."""
    with db.unit() as uow:
        return uow.accounts.revoke_key(user.id, key_id)


def from_key(db: Database, token: str) -> Principal:
    """Return the account of an API key."""
    with db.unit() as uow:
        user = uow.accounts.key_owner(digest(token))
    if user is None:
        raise AuthError("unknown API key")
    return principal(user)
