"""Storage on SQLite and PostgreSQL: migrations, round trips, duplicates, isolation."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone
from pathlib import Path

from sqlalchemy import inspect, select, text

from builders import NOW, legs, run
from runready.core.model import CheckIn, Feel, Pain, Region, Session, SessionType
from runready.storage.database import Database
from runready.storage.records import AthleteRecord
from runready.storage.tables import SessionRow


def add_athlete(db: Database, name: str = "ana") -> AthleteRecord:
    with db.unit() as uow:
        return uow.athletes.add(name, "Europe/Berlin", NOW)


def test_migrations_create_every_table_on_first_use(db: Database):
    tables = set(inspect(db.engine).get_table_names())
    assert {
        "athletes",
        "sessions",
        "strength_sets",
        "checkins",
        "sources",
        "imports",
        "alembic_version",
    } <= tables
    from alembic.script import ScriptDirectory

    from runready.storage.database import MIGRATIONS

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head


def test_opening_twice_runs_no_migration_again(database_url: str):
    Database(database_url).close()
    again = Database(database_url)
    assert again.integrity_ok()
    again.close()


def test_every_athlete_owned_primary_key_starts_with_athlete_id(db: Database):
    inspector = inspect(db.engine)
    for table in (
        "sessions",
        "strength_sets",
        "checkins",
        "sources",
        "imports",
        "plan_settings",
        "planned_sessions",
    ):
        assert inspector.get_pk_constraint(table)["constrained_columns"][0] == "athlete_id"


def test_a_session_with_sets_and_heart_rate_round_trips_with_its_offset(db: Database):
    athlete = add_athlete(db)
    lifted = legs(10)
    ran = Session(
        SessionType.RUN,
        NOW.astimezone(timezone(timedelta(hours=-5))),
        45.5,
        distance_km=9.1,
        avg_hr_bpm=151,
        max_hr_bpm=172,
        moving_min=44.0,
        hr_histogram=((150, 600.0), (151, 2100.0)),
        elevation_loss_m=40,
        name="river",
    )
    with db.unit() as uow:
        for session in (lifted, ran):
            uow.journal.add_session(athlete.id, session, source_format="manual", now=NOW)
    with db.unit() as uow:
        stored = [stored.session for stored in uow.journal.history(athlete.id)]
    assert stored == sorted([lifted, ran], key=lambda x: x.start)
    assert stored[-1].start.utcoffset() == timedelta(hours=-5)


def test_moments_read_back_as_the_same_utc_instant_whatever_the_connection_zone(db: Database):
    athlete = add_athlete(db)
    with db.unit() as uow:
        uow.journal.add_session(athlete.id, run(3), source_format="manual", now=NOW)
    with db.transaction() as s:  # the raw session: this is about the column type itself
        if db.engine.dialect.name == "postgresql":  # answers in the connection's zone
            s.execute(text("SET LOCAL TIME ZONE 'America/New_York'"))
        row = s.scalars(select(SessionRow).where(SessionRow.athlete_id == athlete.id)).one()
        core = s.execute(select(SessionRow.__table__.c.start_utc)).scalar_one()
    expected = run(3).start.astimezone(UTC)
    for moment in (row.start_utc, row.created_at, core):
        assert moment.tzinfo is UTC
    assert row.start_utc == core == expected
    assert row.start_utc.hour == expected.hour  # the same wall clock in UTC, not shifted


def test_check_ins_round_trip(db: Database):
    athlete = add_athlete(db)
    report = CheckIn.of(
        NOW, {Region.QUADS: 6.0, Region.CALVES: 2.0}, sleep_h=6.5, feel=Feel.TIRED, pain=Pain.DULL
    )
    with db.unit() as uow:
        uow.journal.add_checkin(athlete.id, report)
    with db.unit() as uow:
        assert uow.journal.checkins(athlete.id, NOW - timedelta(days=1), NOW) == [report]


def test_the_same_activity_from_another_source_is_found_as_a_duplicate(db: Database):
    athlete = add_athlete(db)
    fit = run(5, km=10, minutes=50)
    with db.unit() as uow:
        uow.journal.add_session(athlete.id, fit, source_format="fit", now=NOW)
    gpx = Session(
        SessionType.RUN, fit.start + timedelta(seconds=40), 49.2, distance_km=10.1, avg_hr_bpm=150
    )
    other_day = run(30, km=10, minutes=50)
    with db.unit() as uow:
        found = uow.journal.duplicate_of(athlete.id, gpx)
        assert found is not None
        assert uow.journal.merge_missing(athlete.id, found, gpx)
        assert uow.journal.duplicate_of(athlete.id, other_day) is None
    with db.unit() as uow:
        (merged,) = uow.journal.history(athlete.id)
    assert merged.session.avg_hr_bpm == 150 and merged.session.distance_km == 10


def test_athletes_never_see_each_others_data(db: Database):
    ana, ben = add_athlete(db, "ana"), add_athlete(db, "ben")
    with db.unit() as uow:
        uow.journal.add_session(ana.id, run(3), source_format="manual", now=NOW)
    with db.unit() as uow:
        assert uow.journal.history(ben.id) == []
        assert len(uow.journal.history(ana.id)) == 1
        assert uow.athletes.named(None).name == "ana"


def test_a_failed_transaction_leaves_nothing_behind(db: Database):
    athlete = add_athlete(db)
    try:
        with db.unit() as uow:
            uow.journal.add_session(athlete.id, run(3), source_format="manual", now=NOW)
            uow.flush()
            raise RuntimeError("power cut")
    except RuntimeError:
        pass
    with db.unit() as uow:
        assert uow.journal.counts(athlete.id).sessions == 0


def test_an_unknown_database_is_a_clear_error():
    import pytest

    from runready.storage.errors import StorageError

    with pytest.raises(StorageError, match="unsupported database"):
        Database("mysql://nobody@localhost/x", migrate=False)
    with pytest.raises(StorageError, match="cannot open"):
        Database("postgresql+psycopg://nobody@127.0.0.1:1/none")


def _version(db: Database, athlete: AthleteRecord) -> int:
    with db.unit() as uow:
        return uow.athletes.get(athlete.id).data_version


def test_many_sessions_in_one_transaction_bump_the_data_version_once(db: Database):
    ana, ben = add_athlete(db, "ana"), add_athlete(db, "ben")
    updates: list[str] = []

    def count(*args: object) -> None:
        if str(args[2]).lstrip().upper().startswith("UPDATE ATHLETES"):
            updates.append(str(args[2]))

    from sqlalchemy import event

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.unit() as uow:
            for day in range(1, 30):
                uow.journal.add_session(ana.id, run(day), source_format="fit", now=NOW)
            uow.journal.add_checkin(ana.id, CheckIn.of(NOW, 2.0))
            uow.journal.add_session(ben.id, run(3), source_format="fit", now=NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(updates) == 1
    assert (_version(db, ana), _version(db, ben)) == (1, 1)
    with db.unit() as uow:
        uow.journal.delete_session(ana.id, uow.journal.history(ana.id)[0].id)
    assert (_version(db, ana), _version(db, ben)) == (2, 1)


def test_a_failed_transaction_leaves_the_data_version_alone(db: Database):
    athlete = add_athlete(db)
    try:
        with db.unit() as uow:
            uow.journal.add_session(athlete.id, run(3), source_format="manual", now=NOW)
            raise RuntimeError("power cut")
    except RuntimeError:
        pass
    with db.unit() as uow:
        assert uow.journal.counts(athlete.id).sessions == 0
    assert _version(db, athlete) == 0


def test_a_new_sqlite_database_its_log_and_its_folder_are_private(tmp_path: Path):
    folder = tmp_path / "new" / "data"
    db = Database(f"sqlite:///{folder / 'runready.db'}")
    add_athlete(db)
    assert folder.stat().st_mode & 0o777 == 0o700
    for name in ("runready.db", "runready.db-wal", "runready.db-shm"):
        assert (folder / name).stat().st_mode & 0o777 == 0o600, name
    db.close()


def test_a_database_left_readable_by_everyone_is_made_private_when_opened(tmp_path: Path):
    path = tmp_path / "runready.db"
    Database(f"sqlite:///{path}").close()
    path.chmod(0o644)
    Database(f"sqlite:///{path}").close()
    assert path.stat().st_mode & 0o777 == 0o600
