"""Sign-in attempt counters: one conditional upsert per attempt, atomic on SQLite and PostgreSQL.

Counting an attempt and checking the limit is a single statement, so parallel attempts cannot
all read "9 so far" and all go ahead: the database lets exactly as many through as the limit.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import case, delete, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as DbSession

from runready.storage.tables import LoginAttemptRow

_TABLE = LoginAttemptRow.metadata.tables[LoginAttemptRow.__tablename__]


def take(s: DbSession, key: str, now: datetime, window: timedelta, limit: int) -> datetime | None:
    """Count one attempt against ``key``; return None, or when the refusing window ends.

    A window opens at the first attempt and lasts ``window``; within it at most ``limit``
    attempts are counted. The insert-or-update only happens while the row is under its limit
    or its window has passed, so the database itself refuses the attempt past the limit.
    """
    columns = _TABLE.c
    moment = now.astimezone(UTC)
    cutoff = moment - window
    expired = columns.window_start <= cutoff
    dialect = sqlite if s.get_bind().dialect.name == "sqlite" else postgresql
    statement = dialect.insert(_TABLE).values(key=key, window_start=moment, failures=1)
    counted = s.execute(
        statement.on_conflict_do_update(
            index_elements=[columns.key],
            set_={
                "failures": case((expired, 1), else_=columns.failures + 1),
                "window_start": case(
                    (expired, literal(moment, columns.window_start.type)),
                    else_=columns.window_start,
                ),
            },
            where=expired | (columns.failures < limit),
        ).returning(columns.failures)
    ).first()
    if counted is not None:
        return None
    opened = s.scalar(select(columns.window_start).where(columns.key == key))
    return (opened or moment) + window


def give_back(s: DbSession, key: str) -> None:
    """Return one counted attempt to ``key`` (it turned out to be no failure)."""
    columns = _TABLE.c
    s.execute(
        update(_TABLE)
        .where(columns.key == key, columns.failures > 0)
        .values(failures=columns.failures - 1)
    )


def clear(s: DbSession, key: str) -> None:
    """Forget every attempt counted against ``key``."""
    s.execute(delete(_TABLE).where(_TABLE.c.key == key))


def clear_prefix(s: DbSession, prefix: str) -> None:
    """Forget every counter whose key starts with ``prefix``."""
    s.execute(delete(_TABLE).where(_TABLE.c.key.startswith(prefix, autoescape=True)))
