"""Migrations: the tables match the models, and upgrading a database that holds data keeps it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import DateTime, Uuid, column, create_engine, table, text

from runready.storage.database import MIGRATIONS, Database
from runready.storage.queue_schema import is_queue_object
from runready.storage.tables import Base


def _config(connection: object) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def test_the_migrated_schema_matches_the_models_exactly(db: Database) -> None:
    from alembic.autogenerate import compare_metadata

    ours = {"include_name": lambda name, kind, _p: kind != "table" or not is_queue_object(name)}
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=ours)
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrading_a_database_with_command_line_data_keeps_it_and_adds_accounts(
    database_url: str,
) -> None:
    athletes = table(
        "athletes",
        *(column(n) for n in ("name", "is_default", "goal", "policy", "weight_unit", "timezone")),
        column("id", Uuid),
        column("created_at", DateTime(timezone=True)),
    )
    sessions = table(
        "sessions",
        *(column(n) for n in ("type", "utc_offset_min", "duration_min", "source_format")),
        column("athlete_id", Uuid),
        column("id", Uuid),
        column("start_utc", DateTime(timezone=True)),
        column("created_at", DateTime(timezone=True)),
    )
    engine = create_engine(database_url)
    athlete, when = uuid.uuid4(), datetime(2026, 1, 2, 8, tzinfo=UTC)
    with engine.begin() as connection:
        command.upgrade(_config(connection), "0002")
        connection.execute(
            athletes.insert().values(
                id=athlete,
                name="ana",
                is_default=True,
                goal="general",
                policy="balanced",
                weight_unit="kg",
                timezone="Europe/Berlin",
                created_at=when,
            )
        )
        connection.execute(
            sessions.insert().values(
                athlete_id=athlete,
                id=uuid.uuid4(),
                type="run",
                start_utc=when,
                utc_offset_min=60,
                duration_min=30.0,
                source_format="manual",
                created_at=when,
            )
        )
    engine.dispose()

    upgraded = Database(database_url)
    try:
        from runready.services import access, accounts, athletes, journal

        ana = athletes.named(upgraded, "ana").id
        assert [s.session.duration_min for s in journal.sessions(upgraded, ana)] == [30.0]
        assert accounts.needs_setup(upgraded)
        owner = accounts.setup(
            upgraded,
            "ana",
            "correct horse battery",
            accounts.Role.ATHLETE,
            "UTC",
            datetime.now(UTC),
        )
        adopted = access.athletes_of(upgraded, owner)
        assert [(a.name, a.data_version, a.is_demo) for a in adopted] == [("ana", 0, False)]
    finally:
        upgraded.close()


def test_every_migration_can_be_undone_and_done_again(database_url: str) -> None:
    engine = create_engine(database_url)
    with engine.begin() as connection:
        command.upgrade(_config(connection), "head")
        command.downgrade(_config(connection), "base")
        command.upgrade(_config(connection), "head")
    engine.dispose()
    again = Database(database_url)
    assert again.integrity_ok()
    again.close()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_new_postgresql_database_holds_the_job_queue_schema_and_undoing_drops_it(
    database_url: str,
) -> None:
    engine = create_engine(database_url)
    queue_tables = (
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename LIKE 'procrastinate%'"
    )
    queue_functions = (
        "SELECT count(*) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace "
        "AND proname LIKE 'procrastinate%'"
    )
    with engine.begin() as connection:
        command.upgrade(_config(connection), "head")
        assert connection.execute(text(queue_tables)).scalar() >= 4
        assert connection.execute(text(queue_functions)).scalar() >= 10
        command.downgrade(_config(connection), "0005")
        assert connection.execute(text(queue_tables)).scalar() == 0
        assert connection.execute(text(queue_functions)).scalar() == 0
    engine.dispose()
