"""The accounts store: users, browser sessions, API keys, coach links and sign-in counters.

Tokens and keys arrive here already hashed (keyed with the server's secret by the service),
so nothing in this store could log a usable credential.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as DbSession

from runready.storage import attempts
from runready.storage.mapping import new_id
from runready.storage.records import ApiKeyRecord, Credential, UserRecord
from runready.storage.tables import ApiKeyRow, CoachLinkRow, UserRow, WebSessionRow


def _user(row: UserRow) -> UserRecord:
    return UserRecord(row.id, row.username, row.role, row.is_admin, row.created_at)


class AccountStore:
    """Accounts in one unit of work."""

    def __init__(self, session: DbSession) -> None:
        self._s = session

    # -- users -------------------------------------------------------------------------------

    def any_user(self) -> bool:
        """Return True once the first account exists."""
        return bool(self._s.scalar(select(func.count()).select_from(UserRow)))

    def add_user(
        self, username: str, password_hash: str, role: str, is_admin: bool, now: datetime
    ) -> UserRecord:
        """Add an account."""
        row = UserRow(
            id=new_id(),
            username=username,
            password_hash=password_hash,
            role=role,
            is_admin=is_admin,
            created_at=now.astimezone(UTC),
        )
        self._s.add(row)
        self._s.flush()
        return _user(row)

    def named(self, username: str) -> tuple[UserRecord, str] | None:
        """Return the account called ``username`` with its password hash, or None."""
        row = self._s.scalars(select(UserRow).where(UserRow.username == username)).first()
        return (_user(row), row.password_hash) if row is not None else None

    def password_hash(self, user_id: uuid.UUID) -> str | None:
        """Return the account's password hash, or None when the account is gone."""
        row = self._s.get(UserRow, user_id)
        return row.password_hash if row is not None else None

    def set_password_hash(self, user_id: uuid.UUID, password_hash: str) -> None:
        """Replace the account's password hash."""
        row = self._s.get(UserRow, user_id)
        if row is not None:
            row.password_hash = password_hash

    def users(self) -> list[UserRecord]:
        """Return every account by name."""
        return [_user(row) for row in self._s.scalars(select(UserRow).order_by(UserRow.username))]

    def delete_user(self, user_id: uuid.UUID) -> None:
        """Delete the account with its keys, browser sessions and coach links."""
        self._s.execute(delete(CoachLinkRow).where(CoachLinkRow.coach_id == user_id))
        self._s.execute(delete(ApiKeyRow).where(ApiKeyRow.user_id == user_id))
        self._s.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))
        row = self._s.get(UserRow, user_id)
        if row is not None:
            self._s.delete(row)
            self._s.flush()

    def promote_oldest(self) -> None:
        """Make the oldest account the admin (someone must still be able to add accounts)."""
        heir = self._s.scalars(select(UserRow).order_by(UserRow.created_at)).first()
        if heir is not None:
            heir.is_admin = True

    # -- browser sessions and API keys -------------------------------------------------------

    def open_session(
        self, token_hash: str, user_id: uuid.UUID, csrf: str, now: datetime, days: int
    ) -> None:
        """Start a browser session under the token's hash."""
        self._s.add(
            WebSessionRow(
                token_hash=token_hash,
                user_id=user_id,
                csrf_token=csrf,
                created_at=now.astimezone(UTC),
                expires_at=(now + timedelta(days=days)).astimezone(UTC),
            )
        )

    def session_of(self, token_hash: str) -> Credential | None:
        """Return the account behind a browser session, with its CSRF token and expiry."""
        users, sessions = UserRow.__table__.c, WebSessionRow.__table__.c
        row = self._s.execute(
            select(
                users.id,
                users.username,
                users.role,
                users.is_admin,
                users.created_at,
                sessions.csrf_token,
                sessions.expires_at,
            )
            .join_from(WebSessionRow.__table__, UserRow.__table__, sessions.user_id == users.id)
            .where(sessions.token_hash == token_hash)
        ).first()
        if row is None:
            return None
        user = UserRecord(row.id, row.username, row.role, row.is_admin, row.created_at)
        return Credential(user, row.csrf_token, row.expires_at)

    def close_session(self, token_hash: str) -> None:
        """End one browser session."""
        self._s.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == token_hash))

    def close_sessions(self, user_id: uuid.UUID, keep_hash: str | None = None) -> None:
        """End every browser session of the account but the one kept."""
        ended = delete(WebSessionRow).where(WebSessionRow.user_id == user_id)
        if keep_hash is not None:
            ended = ended.where(WebSessionRow.token_hash != keep_hash)
        self._s.execute(ended)

    def add_key(
        self, user_id: uuid.UUID, name: str, prefix: str, key_hash: str, now: datetime
    ) -> uuid.UUID:
        """Store an API key under its hash; return its id."""
        row = ApiKeyRow(
            id=new_id(),
            user_id=user_id,
            name=name,
            prefix=prefix,
            key_hash=key_hash,
            created_at=now.astimezone(UTC),
        )
        self._s.add(row)
        return row.id

    def keys(self, user_id: uuid.UUID) -> list[ApiKeyRecord]:
        """Return the account's API keys, oldest first."""
        rows = self._s.scalars(
            select(ApiKeyRow).where(ApiKeyRow.user_id == user_id).order_by(ApiKeyRow.created_at)
        )
        return [ApiKeyRecord(r.id, r.name, r.prefix, r.created_at) for r in rows]

    def revoke_key(self, user_id: uuid.UUID, key_id: uuid.UUID) -> bool:
        """Delete one of the account's keys; return False when there was none."""
        result = self._s.execute(
            delete(ApiKeyRow).where(ApiKeyRow.id == key_id, ApiKeyRow.user_id == user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def key_owner(self, key_hash: str) -> UserRecord | None:
        """Return the account an API key belongs to."""
        users, keys = UserRow.__table__.c, ApiKeyRow.__table__.c
        row = self._s.execute(
            select(users.id, users.username, users.role, users.is_admin, users.created_at)
            .join_from(UserRow.__table__, ApiKeyRow.__table__, keys.user_id == users.id)
            .where(keys.key_hash == key_hash)
        ).first()
        if row is None:
            return None
        return UserRecord(row.id, row.username, row.role, row.is_admin, row.created_at)

    # -- coaching ----------------------------------------------------------------------------

    def link(self, athlete_id: uuid.UUID, coach_id: uuid.UUID, now: datetime) -> None:
        """Let a coach see an athlete (nothing changes when it does already)."""
        if self._s.get(CoachLinkRow, (athlete_id, coach_id)) is None:
            self._s.add(
                CoachLinkRow(
                    athlete_id=athlete_id, coach_id=coach_id, created_at=now.astimezone(UTC)
                )
            )

    def unlink(self, athlete_id: uuid.UUID, coach_id: uuid.UUID) -> bool:
        """Stop a coach seeing an athlete; return False when there was no link."""
        result = self._s.execute(
            delete(CoachLinkRow).where(
                CoachLinkRow.athlete_id == athlete_id, CoachLinkRow.coach_id == coach_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def coaches_of(self, athlete_id: uuid.UUID) -> list[str]:
        """Return the user names of the coaches linked to an athlete."""
        return list(
            self._s.scalars(
                select(UserRow.username)
                .join(CoachLinkRow, CoachLinkRow.coach_id == UserRow.id)
                .where(CoachLinkRow.athlete_id == athlete_id)
                .order_by(UserRow.username)
            )
        )

    # -- sign-in counters --------------------------------------------------------------------

    def take_attempt(
        self, key: str, now: datetime, window: timedelta, limit: int
    ) -> datetime | None:
        """Count one sign-in attempt; return None, or when the refusing window ends."""
        return attempts.take(self._s, key, now, window, limit)

    def give_back_attempt(self, key: str) -> None:
        """Give one counted attempt back (a good password)."""
        attempts.give_back(self._s, key)

    def clear_attempts(self, key: str) -> None:
        """Forget the counter of ``key``."""
        attempts.clear(self._s, key)

    def clear_attempts_like(self, prefix: str) -> None:
        """Forget every counter whose key starts with ``prefix``."""
        attempts.clear_prefix(self._s, prefix)
