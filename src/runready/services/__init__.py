"""Use cases: import files, log sessions and check-ins, advise and report from the database.

Each service owns its transactions; the command line and the web app only call these.
Storage loads on first use, so a command that needs no database (``runready plan --request``)
never imports SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runready.settings import Settings
    from runready.storage.database import Database
    from runready.storage.errors import StorageError

__all__ = ["Database", "StorageError", "open_database"]


def open_database(
    url: str | None = None, settings: Settings | None = None, name: str = "runready"
) -> Database:
    """Open ``url``, or the configured database (``RUNREADY_DATABASE_URL``, else SQLite), with
    each athlete's stored readiness following every write.

    Originals go to the configured blob store (``RUNREADY_BLOBS``); by default a folder
    beside a SQLite database, or in the data folder for PostgreSQL.
    """
    from runready import settings as configuration
    from runready.services.readiness import follow
    from runready.storage.blobs import BlobStore, open_blobs
    from runready.storage.database import Database

    found = settings or configuration.load()
    url = url or found.database
    blobs: BlobStore | None = None
    if found.blobs is not None:
        secret = found.s3_secret_access_key
        blobs = open_blobs(
            found.blobs,
            found.s3_endpoint_url,
            found.s3_region,
            found.s3_access_key_id,
            secret.get_secret_value() if secret is not None else None,
        )
    elif not url.startswith("sqlite"):
        blobs = open_blobs(str(found.data_home / "originals"))
    return Database(url, blobs=blobs, name=name, on_change=follow)


def __getattr__(name: str) -> object:
    """Return ``Database`` or ``StorageError``, importing storage only when one is asked for."""
    if name == "Database":
        from runready.storage.database import Database

        return Database
    if name == "StorageError":
        from runready.storage.errors import StorageError

        return StorageError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
