"""Account export (everything the user owns, originals included) and erasure (nothing left)."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
import zipfile
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DbSession

from runready.services.accounts import Principal, user_key_prefix
from runready.storage import attempts
from runready.storage.database import Database
from runready.storage.tables import (
    ApiKeyRow,
    AthleteRow,
    Base,
    CheckInRow,
    CoachLinkRow,
    ImportRow,
    JobFileRow,
    JobRow,
    LoginAttemptRow,
    PlannedRow,
    PlanSettingsRow,
    SessionRow,
    SetRow,
    SourceRow,
    UserRow,
    WebSessionRow,
)

#: Athlete-owned tables, children before parents, so deletes never trip a foreign key.
ATHLETE_TABLES: tuple[type[Base], ...] = (
    JobFileRow,
    JobRow,
    PlannedRow,
    PlanSettingsRow,
    CoachLinkRow,
    CheckInRow,
    SetRow,
    SessionRow,
    ImportRow,
    SourceRow,
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
    str(table.__tablename__) for table in ATHLETE_TABLES + _ACCOUNT_TABLES
)
SECRET_COLUMNS = {"password_hash", "key_hash", "token_hash", "csrf_token", "feed_token", "content"}


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


def _owner_column(table: type[Base]) -> Any:
    return table.__table__.c.athlete_id


def _owned(s: DbSession, user: Principal) -> list[AthleteRow]:
    return list(s.scalars(select(AthleteRow).where(AthleteRow.user_id == user.id)))


def export_account(db: Database, user: Principal) -> Path:
    """Write a zip of everything the account owns to a temporary file and return its path."""
    descriptor, name = tempfile.mkstemp(prefix="runready-export-", suffix=".zip")
    os.close(descriptor)
    path = Path(name)
    with db.transaction() as s, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        account = s.get(UserRow, user.id)
        assert account is not None
        keys = s.scalars(select(ApiKeyRow).where(ApiKeyRow.user_id == user.id))
        coached = s.scalars(select(CoachLinkRow).where(CoachLinkRow.coach_id == user.id))
        archive.writestr(
            "account.json",
            json.dumps(
                {
                    "user": _row(account),
                    "api_keys": [_row(k) for k in keys],
                    "coaching": [_row(link) for link in coached],
                },
                indent=2,
            ),
        )
        for athlete in _owned(s, user):
            folder = PurePosixPath("athletes") / str(athlete.id)
            archive.writestr(str(folder / "athlete.json"), json.dumps(_row(athlete), indent=2))
            for table in ATHLETE_TABLES:
                if table is JobFileRow:
                    continue
                rows = s.scalars(select(table).where(_owner_column(table) == athlete.id))
                archive.writestr(
                    str(folder / f"{table.__tablename__}.json"),
                    json.dumps([_row(r) for r in rows], indent=2),
                )
            for source in s.scalars(select(SourceRow).where(SourceRow.athlete_id == athlete.id)):
                name = PurePosixPath(source.name.replace("\\", "/")).name or "file"
                archive.writestr(
                    str(folder / "originals" / f"{source.sha256[:12]}-{name}"), source.content
                )
    return path


def erase_account(db: Database, user: Principal) -> None:
    """Delete the account and everything it owns, in one transaction, and leave no copy behind.

    When the admin leaves, the oldest remaining account becomes the admin. After the commit the
    database drops its own copies of the deleted rows (its log on SQLite, dead rows on
    PostgreSQL), so what was erased cannot be read back from the files either.
    """
    with db.transaction() as s:
        for athlete in _owned(s, user):
            delete_athlete(s, athlete)
        s.execute(delete(CoachLinkRow).where(CoachLinkRow.coach_id == user.id))
        s.execute(delete(ApiKeyRow).where(ApiKeyRow.user_id == user.id))
        s.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user.id))
        attempts.clear_prefix(s, user_key_prefix(user.username))
        account = s.get(UserRow, user.id)
        if account is not None:
            s.delete(account)
            s.flush()
        if user.is_admin:  # someone must still be able to create accounts
            heir = s.scalars(select(UserRow).order_by(UserRow.created_at)).first()
            if heir is not None:
                heir.is_admin = True
    db.forget_deleted(ERASED_TABLES)


def delete_athlete(s: DbSession, athlete: AthleteRow) -> None:
    """Delete one athlete and every row it owns (inside the caller's transaction)."""
    for table in ATHLETE_TABLES:
        s.execute(delete(table).where(_owner_column(table) == athlete.id))
    s.delete(athlete)
