"""Erasure on disk: after "erase everything", nothing of the erased files is left to read.

On SQLite the database, its write-ahead log, its shared memory file and the originals folder
beside them are read as bytes and searched for a marker that only the erased upload contained.
PostgreSQL's files cannot be read from here; there the rows must be gone and the touched tables
vacuumed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from api_support import PASSWORD, Client, athlete_id, client_of, make_app, run_jobs

POINTS = 400


def _gpx(marker: str) -> bytes:
    """Return a real run as GPX, the marker in its name, description and every point's note."""
    points = "".join(
        f'<trkpt lat="{52.5 + n * 0.0001:.7f}" lon="13.4"><ele>34</ele>'
        f"<time>2026-11-01T08:{n // 60:02d}:{n % 60:02d}Z</time><cmt>{marker}</cmt></trkpt>"
        for n in range(POINTS)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="runready-test" '
        'xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>{marker} morning run</name><desc>{marker}</desc><type>running</type>"
        f"<trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


@pytest.fixture
def marker() -> str:
    """Return a string that occurs nowhere but in the upload to be erased."""
    return f"MARKER{uuid.uuid4().hex}"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """Return the app's data folder: the database and anything else it stores go here."""
    return tmp_path / "data"


@pytest.fixture
def sqlite_app(home: Path) -> Iterator[Any]:
    """Yield the app on a SQLite file in a data folder it creates itself."""
    app = make_app(f"sqlite:///{home / 'runready.db'}", home=home)
    with client_of(app):
        yield app


def _checkpoint(app: Any) -> None:
    """Copy the log into the database file, as SQLite does by itself every 1,000 pages."""
    if app.state.db.dialect == "sqlite":
        with app.state.db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


def _import_and_erase(app: Any, marker: str) -> Client:
    """Set up an account, import the marked run through the upload path, then erase it all."""
    http = client_of(app)
    made = http.post("/api/v1/setup", json={"username": "ana", "password": PASSWORD})
    owner = Client(http, made.json()["csrf_token"], "ana")
    athlete = athlete_id(owner)
    upload = (f"{marker}.gpx", _gpx(marker), "application/gpx+xml")
    queued = owner.post(f"/api/v1/athletes/{athlete}/imports", files=[("files", upload)])
    assert queued.status_code == 202, queued.text
    run_jobs(app)
    job = owner.get(f"/api/v1/athletes/{athlete}/imports/{queued.json()['id']}").json()
    assert job["counts"] == {"imported": 1}, job
    sessions = owner.get(f"/api/v1/athletes/{athlete}/sessions").json()
    assert len(sessions) == 1 and sessions[0]["distance_km"] > 1
    _checkpoint(app)
    assert owner.post("/api/v1/account/erase", json={"password": PASSWORD}).status_code == 204
    return owner


def _occurrences(folder: Path, marker: str) -> dict[str, int]:
    """Return how often the marker occurs in each file under ``folder`` (bytes, as stored)."""
    return {
        str(path.relative_to(folder)): path.read_bytes().count(marker.encode())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_marker_from_an_erased_gpx_occurs_nowhere_in_the_database_files(
    sqlite_app: Any, home: Path, marker: str
) -> None:
    before = _occurrences(home, marker)
    _import_and_erase(sqlite_app, marker)
    after = _occurrences(home, marker)
    assert {"runready.db", "runready.db-wal", "runready.db-shm"} <= set(after)
    assert set(after.values()) == {0}, after
    assert not any(name.startswith("originals/") for name in after), "no original is left"
    assert set(before.values()) <= {0}


def test_the_marker_is_on_disk_before_erasure_so_the_search_above_can_find_it(
    sqlite_app: Any, home: Path, marker: str
) -> None:
    """Negative control: the same search finds the upload while it is still stored."""
    http = client_of(sqlite_app)
    made = http.post("/api/v1/setup", json={"username": "ana", "password": PASSWORD})
    owner = Client(http, made.json()["csrf_token"], "ana")
    upload = (f"{marker}.gpx", _gpx(marker), "application/gpx+xml")
    owner.post(f"/api/v1/athletes/{athlete_id(owner)}/imports", files=[("files", upload)])
    run_jobs(sqlite_app)
    _checkpoint(sqlite_app)
    found = _occurrences(home, marker)
    [original] = [name for name in found if name.startswith("originals/")]
    assert found[original] >= POINTS  # every point's note, in the kept original
    assert found["runready.db"] + found["runready.db-wal"] >= 1  # the session's name
    assert (home / original).stat().st_mode & 0o777 == 0o600


def test_the_data_folder_and_the_database_files_are_readable_by_their_owner_only(
    sqlite_app: Any, home: Path, marker: str
) -> None:
    _import_and_erase(sqlite_app, marker)
    assert home.stat().st_mode & 0o777 == 0o700
    for name in ("runready.db", "runready.db-wal", "runready.db-shm"):
        assert (home / name).stat().st_mode & 0o777 == 0o600, name


def _vacuumed(app: Any) -> dict[str, Any]:
    """Return when each table of the test's schema was last vacuumed by hand (None: never)."""
    with app.state.db.read() as connection:
        rows = connection.execute(
            text(
                "SELECT relname, last_vacuum FROM pg_stat_user_tables "
                "WHERE schemaname = current_schema()"
            )
        )
        return {row.relname: row.last_vacuum for row in rows}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_on_postgresql_erased_rows_are_gone_and_the_touched_tables_vacuumed(
    database_url: str, marker: str
) -> None:
    from runready.services.privacy import ERASED_TABLES

    app = make_app(database_url)
    with client_of(app):
        before = _vacuumed(app)
        _import_and_erase(app, marker)
        after = _vacuumed(app)
        with app.state.db.read() as connection:
            for table in set(ERASED_TABLES) - {"login_attempts"}:  # counters per address stay
                left = connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()
                assert left == 0, table
            named = connection.execute(
                text("SELECT count(*) FROM login_attempts WHERE key LIKE '%ana%'")
            ).scalar()
            assert named == 0
    # Dead rows are not counted: VACUUM keeps those a transaction begun before the erasure
    # may still see (other tests share the server), and autovacuum removes them later.
    for table in ("sources", "sessions", "imports", "users", "athletes", "web_sessions"):
        assert after[table] is not None and after[table] != before[table], table
