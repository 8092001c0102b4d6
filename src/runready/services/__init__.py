"""Use cases: import files, log sessions and check-ins, advise and report from the database.

Each service owns its transactions; the command line and the web app only call these.
Storage loads on first use, so a command that needs no database (``runready plan --request``)
never imports SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runready.storage.database import Database, StorageError

__all__ = ["Database", "StorageError", "open_database"]


def open_database(url: str | None = None) -> Database:
    """Open ``url``, or the configured database (``RUNREADY_DATABASE_URL``, else SQLite), with
    each athlete's stored readiness following every write."""
    from runready import settings
    from runready.services.readiness import follow
    from runready.storage.database import Database

    return Database(url or settings.load().database, on_change=follow)


def __getattr__(name: str) -> object:
    """Return ``Database`` or ``StorageError``, importing storage only when one is asked for."""
    if name in ("Database", "StorageError"):
        from runready.storage import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
