"""Migrations: the tables match the models, and upgrading a database that holds data keeps it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import DateTime, Uuid, column, create_engine, table

from runready.storage.database import MIGRATIONS, Database
from runready.storage.tables import Base


def _config(connection: object) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def test_the_migrated_schema_matches_the_models_exactly(db: Database) -> None:
    from alembic.autogenerate import compare_metadata

    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
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
