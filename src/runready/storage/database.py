"""Where the data lives and how to reach it: SQLite by default, PostgreSQL when configured."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from runready.storage.errors import StorageError, StorageUnavailable, private_folder

if TYPE_CHECKING:
    from runready.storage.blobs import BlobStore
    from runready.storage.unit import ChangeHook, UnitOfWork

ENV_URL = "RUNREADY_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"
#: Serialises migrations between processes sharing one PostgreSQL database.
_PG_MIGRATION_LOCK = 0x72756E7265616479  # "runready"


#: SQLSTATE classes and codes that a retry can cure: a lost connection (08), a server that
#: went away or is restarting (57P01-57P03), a serialization failure or deadlock (40001, 40P01).
_TRANSIENT_STATES = ("08", "57P01", "57P02", "57P03", "40001", "40P01")


def _transient(exc: SQLAlchemyError) -> bool:
    """Return True when ``exc`` is worth another try on a fresh connection."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    state = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return isinstance(state, str) and state.startswith(_TRANSIENT_STATES)


def _mapped(exc: SQLAlchemyError) -> StorageError:
    """Return the storage error for a SQLAlchemy error (transient ones say so by their type)."""
    kind = StorageUnavailable if _transient(exc) else StorageError
    return kind(f"database error: {_first_line(exc)}")


def _private_file(path: Path) -> None:
    """Create the SQLite file 0600 before SQLite does (its WAL and SHM copy that mode)."""
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        # Files made by older versions were readable by everyone; another account's file
        # (PermissionError) is left as its owner set it.
        with suppress(FileNotFoundError, PermissionError):
            companion.chmod(0o600)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted rows are overwritten with zeros, so erased data cannot be read from free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


class Database:
    """An engine, a session factory and the schema kept at the latest migration."""

    def __init__(
        self,
        url: str,
        migrate: bool = True,
        blobs: BlobStore | None = None,
        name: str = "runready",
        on_change: ChangeHook | None = None,
    ) -> None:
        """Open ``url``; originals go to ``blobs`` (default: a folder beside a SQLite file).

        ``name`` is the application name PostgreSQL shows for this process's connections;
        ``on_change`` brings derived state up to date in every unit of work that changes an
        athlete.
        """
        self.url = url
        self.name = name
        self.on_change = on_change
        try:
            parsed = make_url(self.url)
        except ArgumentError as exc:
            raise StorageError(f"{ENV_URL}: not a database URL: {self.url!r}") from exc
        self.dialect = parsed.get_backend_name()
        options: dict[str, Any] = {"future": True}
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                path = Path(parsed.database).expanduser()
                private_folder(path.parent)
                _private_file(path)
        elif self.dialect == "postgresql":
            options.update(
                pool_pre_ping=True,
                pool_size=5,
                max_overflow=5,
                connect_args={"application_name": name[:63]},
            )
        else:
            raise StorageError(
                f"{ENV_URL}: unsupported database {self.dialect!r}; "
                "use sqlite:///path or postgresql://..."
            )
        self.engine: Engine = create_engine(self.url, **options)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.blobs = blobs if blobs is not None else _default_blobs(parsed.database, self.dialect)
        if migrate:
            self.upgrade()

    def upgrade(self) -> None:
        """Bring the schema to the latest migration (safe to run from several processes)."""
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.connect() as connection:
                if self.dialect == "sqlite":
                    # SQLite alters a table by copying it and dropping the old one; with foreign
                    # keys on, that drop would cascade and delete every row that points at it.
                    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                    connection.commit()  # the pragma only works outside a transaction
                try:
                    self._migrate(connection, config)
                finally:
                    if self.dialect == "sqlite":
                        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                        connection.commit()
        except OperationalError as exc:
            raise StorageError(
                f"cannot open the database at {self.safe_url}: {_first_line(exc)}"
            ) from exc

    def _migrate(self, connection: Connection, config: Any) -> None:
        from alembic import command

        with connection.begin():
            if self.dialect == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            if self.dialect == "sqlite":
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise StorageError(f"a migration broke a foreign key: {tuple(broken)}")

    @property
    def safe_url(self) -> str:
        """Return the URL with any password hidden."""
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def conninfo(self) -> str:
        """Return the URL as libpq reads it, password included (for the job queue's client)."""
        plain = make_url(self.url).set(drivername=self.dialect)
        return plain.render_as_string(hide_password=False)

    @contextmanager
    def unit(self, *, follow: bool = True) -> Iterator[UnitOfWork]:
        """Yield a unit of work: committed when the block ends, rolled back on an error.

        ``follow=False`` skips the change hook (a long import refreshes once at its end)."""
        from runready.storage.unit import UnitOfWork

        session = self._sessions()
        try:
            with session.begin():
                work = UnitOfWork(session, self.blobs, self.on_change if follow else None)
                yield work
                work.before_commit()
        except SQLAlchemyError as exc:
            raise _mapped(exc) from exc
        finally:
            session.close()
        work.after_commit()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Yield a session inside one transaction: committed on success, rolled back on error."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise _mapped(exc) from exc
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """Yield a plain connection for quick reads (no ORM objects); rolled back after."""
        try:
            with self.engine.connect() as connection:
                yield connection
        except SQLAlchemyError as exc:
            raise _mapped(exc) from exc

    def forget_deleted(self, tables: Iterable[str]) -> None:
        """Leave no readable copy of rows deleted from ``tables`` (run after the commit).

        SQLite zeroes deleted rows in the file (secure_delete), but older page images stay in
        the write-ahead log until a checkpoint copies them back and the log is cut to nothing.
        PostgreSQL keeps deleted rows as dead tuples until VACUUM removes them.
        """
        try:
            if self.dialect == "sqlite":
                with self.engine.connect() as connection:
                    busy, _log, _done = connection.exec_driver_sql(
                        "PRAGMA wal_checkpoint(TRUNCATE)"
                    ).one()
                if busy:
                    raise StorageError(
                        "the database log still holds deleted rows: another connection kept it "
                        "busy past the timeout"
                    )
                return
            with self.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT"
            ) as connection:  # VACUUM refuses to run inside a transaction
                preparer = self.engine.dialect.identifier_preparer
                for table in tables:
                    connection.exec_driver_sql(f"VACUUM {preparer.quote(table)}")
        except SQLAlchemyError as exc:
            raise _mapped(exc) from exc

    def integrity_ok(self) -> bool:
        """Return True when the database passes its own integrity check."""
        with self.engine.connect() as connection:
            if self.dialect == "sqlite":
                return connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            connection.execute(text("SELECT count(*) FROM sessions"))
            return True

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def _default_blobs(database: str | None, dialect: str) -> BlobStore | None:
    """Return a folder beside a SQLite file for its originals; other databases name their own."""
    from runready.storage.blobs import FolderBlobStore

    if dialect == "sqlite" and database and database != ":memory:":
        return FolderBlobStore(Path(database).expanduser().parent / "originals")
    return None


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0]
