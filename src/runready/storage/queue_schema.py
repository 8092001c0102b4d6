"""The job queue's schema on PostgreSQL: procrastinate's tables, types and functions.

The schema file comes with the pinned procrastinate version; migration 0006 runs it. A later
procrastinate version brings its own migration files, applied by a later runready migration.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

#: Every object of the queue's schema starts with this.
PREFIX = "procrastinate_"


def is_queue_object(name: str | None) -> bool:
    """Return True for a table, type or function that belongs to the job queue, not runready."""
    return bool(name) and str(name).startswith(PREFIX)


def create_queue_schema(connection: Connection) -> None:
    """Create the queue's schema in the connection's current schema, inside its transaction."""
    from procrastinate.schema import SchemaManager

    driver = connection.connection.driver_connection
    assert driver is not None
    # Sent as one simple query: many statements, and no parameters to mark with %.
    driver.execute(SchemaManager.get_schema())


def drop_queue_schema(connection: Connection) -> None:
    """Drop the queue's tables, functions and types from the current schema.

    Tables go first (with their triggers and their own row types), so the later drops name
    objects that may be gone already.
    """
    found = connection.execute(
        text(
            "SELECT 'TABLE', c.relname::text FROM pg_class c "
            "WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace "
            "AND c.relname LIKE :like "
            "UNION ALL SELECT 'FUNCTION', p.oid::regprocedure::text FROM pg_proc p "
            "WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE :like "
            "UNION ALL SELECT 'TYPE', t.typname::text FROM pg_type t "
            "WHERE t.typnamespace = current_schema()::regnamespace AND t.typname LIKE :like "
            "AND t.typtype IN ('e', 'c')"
        ),
        {"like": PREFIX.replace("_", r"\_") + "%"},
    ).all()
    preparer = connection.dialect.identifier_preparer
    for kind in ("TABLE", "FUNCTION", "TYPE"):
        for found_kind, name in found:
            if found_kind == kind:
                target = name if kind == "FUNCTION" else preparer.quote(name)
                connection.exec_driver_sql(f"DROP {kind} IF EXISTS {target} CASCADE")
