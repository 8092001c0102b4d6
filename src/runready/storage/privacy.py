"""The privacy store: everything an account owns, as plain data for an export, and its erasure."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from runready.storage.athletes import OWNED_TABLES, AthleteStore
from runready.storage.imports import ImportStore
from runready.storage.tables import (
    ApiKeyRow,
    AthleteRow,
    Base,
    CoachLinkRow,
    JobFileRow,
    LoginAttemptRow,
    UserRow,
    WebSessionRow,
)

_ACCOUNT_TABLES: tuple[type[Base], ...] = (
    AthleteRow,
    ApiKeyRow,
    WebSessionRow,
    LoginAttemptRow,
    UserRow,
)
#: Every table erasure deletes from, vacuumed afterwards on PostgreSQL.
ERASED_TABLES: tuple[str, ...] = tuple(
    str(table.__tablename__) for table in OWNED_TABLES + _ACCOUNT_TABLES
)
#: Columns an export never contains: credentials, and file contents (kept as files instead).
SECRET_COLUMNS = {
    "password_hash",
    "key_hash",
    "token_hash",
    "csrf_token",
    "feed_token",
    "sealed_key",
    "content",
}


def _row(row: Base) -> dict[str, Any]:
    return {
        column.key: _plain(getattr(row, column.key))
        for column in row.__table__.columns
        if column.key not in SECRET_COLUMNS
    }


def _plain(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class PrivacyStore:
    """Export and erasure in one unit of work."""

    def __init__(self, session: DbSession, athletes: AthleteStore, imports: ImportStore) -> None:
        self._s = session
        self._athletes = athletes
        self._imports = imports

    def export(self, user_id: uuid.UUID) -> Iterator[tuple[str, object]]:
        """Yield (path in the export, JSON-ready data or original bytes) for the account."""
        account = self._s.get(UserRow, user_id)
        if account is None:
            return
        keys = self._s.scalars(select(ApiKeyRow).where(ApiKeyRow.user_id == user_id))
        coached = self._s.scalars(select(CoachLinkRow).where(CoachLinkRow.coach_id == user_id))
        yield (
            "account.json",
            {
                "user": _row(account),
                "api_keys": [_row(k) for k in keys],
                "coaching": [_row(link) for link in coached],
            },
        )
        owned = self._s.scalars(select(AthleteRow).where(AthleteRow.user_id == user_id))
        for athlete in list(owned):
            folder = PurePosixPath("athletes") / str(athlete.id)
            yield str(folder / "athlete.json"), _row(athlete)
            for table in OWNED_TABLES:
                if table is JobFileRow:
                    continue
                rows = self._s.scalars(
                    select(table).where(table.__table__.c.athlete_id == athlete.id)
                )
                yield str(folder / f"{table.__tablename__}.json"), [_row(r) for r in rows]
            for original in self._imports.originals(athlete.id):
                name = PurePosixPath(original.name.replace("\\", "/")).name or "file"
                yield str(folder / "originals" / f"{original.sha256[:12]}-{name}"), original.content

    def erase_athletes_of(self, user_id: uuid.UUID) -> None:
        """Delete every athlete the account owns, with all their rows."""
        for record in self._athletes.owned_by(user_id):
            self._athletes.delete_with_data(record.id)
