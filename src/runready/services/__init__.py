"""Use cases: import files, log sessions and check-ins, advise and report from the database.

Each service owns its transactions; the command line and the web app only call these.
"""

from __future__ import annotations

from runready.storage.database import Database, StorageError

__all__ = ["Database", "StorageError", "open_database"]


def open_database(url: str | None = None) -> Database:
    """Open the configured database (``RUNREADY_DATABASE_URL``, else SQLite in the data home)."""
    return Database(url)
