"""Storage on SQLite and PostgreSQL: migrations, round trips, duplicates, isolation."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone
from pathlib import Path

from sqlalchemy import inspect, select, text

from builders import NOW, legs, run
from runready.core.model import CheckIn, Feel, Pain, Region, Session, SessionType
from runready.storage import repository
from runready.storage.database import Database
from runready.storage.mapping import new_id
from runready.storage.tables import AthleteRow, SessionRow


def add_athlete(db: Database, name: str = "ana") -> AthleteRow:
    with db.transaction() as s:
        return repository.add_athlete(
            s,
            AthleteRow(
                id=new_id(),
                name=name,
                goal="general",
                policy="balanced",
                weight_unit="kg",
                timezone="Europe/Berlin",
                created_at=NOW,
            ),
        )


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
    with db.transaction() as s:
        for session in (lifted, ran):
            repository.add_session(s, athlete.id, session, source_format="manual", now=NOW)
    with db.transaction() as s:
        stored = [sess for _, sess in repository.history(s, athlete.id)]
    assert stored == sorted([lifted, ran], key=lambda x: x.start)
    assert stored[-1].start.utcoffset() == timedelta(hours=-5)


def test_moments_read_back_as_the_same_utc_instant_whatever_the_connection_zone(db: Database):
    athlete = add_athlete(db)
    with db.transaction() as s:
        repository.add_session(s, athlete.id, run(3), source_format="manual", now=NOW)
    with db.transaction() as s:
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
    with db.transaction() as s:
        repository.add_checkin(s, athlete.id, report)
    with db.transaction() as s:
        assert repository.checkins(s, athlete.id, NOW - timedelta(days=1), NOW) == [report]


def test_the_same_activity_from_another_source_is_found_as_a_duplicate(db: Database):
    athlete = add_athlete(db)
    fit = run(5, km=10, minutes=50)
    with db.transaction() as s:
        repository.add_session(s, athlete.id, fit, source_format="fit", now=NOW)
    gpx = Session(
        SessionType.RUN, fit.start + timedelta(seconds=40), 49.2, distance_km=10.1, avg_hr_bpm=150
    )
    other_day = run(30, km=10, minutes=50)
    with db.transaction() as s:
        found = repository.duplicate_of(s, athlete.id, gpx)
        assert found is not None
        assert repository.merge_missing(found, gpx)
        assert repository.duplicate_of(s, athlete.id, other_day) is None
    with db.transaction() as s:
        ((row, merged),) = repository.history(s, athlete.id)
    assert merged.avg_hr_bpm == 150 and merged.distance_km == 10


def test_athletes_never_see_each_others_data(db: Database):
    ana, ben = add_athlete(db, "ana"), add_athlete(db, "ben")
    with db.transaction() as s:
        repository.add_session(s, ana.id, run(3), source_format="manual", now=NOW)
    with db.transaction() as s:
        assert repository.history(s, ben.id) == []
        assert len(repository.history(s, ana.id)) == 1
        assert repository.athlete(s, None).name == "ana"


def test_a_failed_transaction_leaves_nothing_behind(db: Database):
    athlete = add_athlete(db)
    try:
        with db.transaction() as s:
            repository.add_session(s, athlete.id, run(3), source_format="manual", now=NOW)
            s.flush()
            raise RuntimeError("power cut")
    except RuntimeError:
        pass
    with db.transaction() as s:
        assert repository.counts(s, athlete.id).sessions == 0


def test_an_unknown_database_is_a_clear_error():
    import pytest

    from runready.storage.database import StorageError

    with pytest.raises(StorageError, match="unsupported database"):
        Database("mysql://nobody@localhost/x", migrate=False)
    with pytest.raises(StorageError, match="cannot open"):
        Database("postgresql+psycopg://nobody@127.0.0.1:1/none")


def _version(db: Database, athlete: AthleteRow) -> int:
    with db.transaction() as s:
        return repository.athlete_by_id(s, athlete.id).data_version


def test_many_sessions_in_one_transaction_bump_the_data_version_once(db: Database):
    ana, ben = add_athlete(db, "ana"), add_athlete(db, "ben")
    updates: list[str] = []

    def count(*args: object) -> None:
        if str(args[2]).lstrip().upper().startswith("UPDATE ATHLETES"):
            updates.append(str(args[2]))

    from sqlalchemy import event

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.transaction() as s:
            for day in range(1, 30):
                repository.add_session(s, ana.id, run(day), source_format="fit", now=NOW)
            repository.add_checkin(s, ana.id, CheckIn.of(NOW, 2.0))
            repository.add_session(s, ben.id, run(3), source_format="fit", now=NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(updates) == 1
    assert (_version(db, ana), _version(db, ben)) == (1, 1)
    with db.transaction() as s:
        repository.delete_session(s, ana.id, repository.history(s, ana.id)[0][0].id)
    assert (_version(db, ana), _version(db, ben)) == (2, 1)


def test_a_failed_transaction_leaves_the_data_version_alone(db: Database):
    athlete = add_athlete(db)
    try:
        with db.transaction() as s:
            repository.add_session(s, athlete.id, run(3), source_format="manual", now=NOW)
            raise RuntimeError("power cut")
    except RuntimeError:
        pass
    with db.transaction() as s:
        assert repository.counts(s, athlete.id).sessions == 0
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
