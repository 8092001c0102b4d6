"""Shared test fixtures: the ../shared folder and scenario builders."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from runready.storage.database import Database

from store_support import SHARED

settings.register_profile("ci", max_examples=1000, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def shared() -> Path:
    """Return the shared folder, or skip when it is not beside the project."""
    if not SHARED.is_dir():
        pytest.skip(f"shared folder not found at {SHARED}")
    return SHARED


PG_URL = os.environ.get("RUNREADY_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_server() -> str:
    """Return the PostgreSQL URL, or skip (failing in CI, where PostgreSQL must be up)."""
    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_URL}")
        pytest.skip(f"PostgreSQL is not reachable at {PG_URL}")
    return PG_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Yield a fresh, empty database URL: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'runready.db'}"
        return
    import uuid

    import psycopg

    base = request.getfixturevalue("pg_server")
    schema = f"rr_{uuid.uuid4().hex[:12]}"
    plain = base.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def db(database_url: str, tmp_path: Path) -> Iterator[Database]:
    """Yield a migrated Database on SQLite and on PostgreSQL (originals in a test folder)."""
    from runready.storage.blobs import FolderBlobStore
    from runready.storage.database import Database

    database = Database(database_url, blobs=FolderBlobStore(tmp_path / "originals"))
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Any]:
    """Yield the web app on a fresh database (SQLite and PostgreSQL)."""
    from api_support import client_of, make_app

    application = make_app(database_url, blobs=str(tmp_path / "originals"))
    with client_of(application):  # runs the lifespan
        yield application


@pytest.fixture
def owner(app: Any) -> Any:
    """Return a client signed in as the first account (an athlete, the admin)."""
    from api_support import PASSWORD, Client, client_of

    http = client_of(app)
    answer = http.post(
        "/api/v1/setup",
        json={"username": "ana", "password": PASSWORD, "timezone": "Europe/Berlin"},
    )
    assert answer.status_code == 201, answer.text
    return Client(http, answer.json()["csrf_token"], "ana")


@dataclass
class ArchiveReads:
    """What the archive reader did: central directories checked (by size), members inflated."""

    directories: list[int] = field(default_factory=list)
    inflated: list[str] = field(default_factory=list)


@pytest.fixture
def archive_reads(monkeypatch: pytest.MonkeyPatch) -> ArchiveReads:
    """Count the archive reader's directory checks and inflations during a test."""
    from runready.importers import archives

    seen = ArchiveReads()
    check, read = archives._check_directory, archives._Zip.read

    def counted_check(fp: Any, size: int) -> Any:
        seen.directories.append(size)
        return check(fp, size)

    def counted_read(self: Any, info: Any) -> Any:
        seen.inflated.append(info.filename)
        return read(self, info)

    monkeypatch.setattr(archives, "_check_directory", counted_check)
    monkeypatch.setattr(archives._Zip, "read", counted_read)
    return seen


@pytest.fixture
def parts_decoded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the byte at which the FIT reader decodes each file of a chain."""
    from runready.importers import fit

    seen: list[int] = []
    read = fit._read_part

    def counted(data: bytes, start: int, part: Any) -> int:
        seen.append(start)
        return read(data, start, part)

    monkeypatch.setattr(fit, "_read_part", counted)
    return seen


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print what the browser tests measured, and where their screenshots are."""
    from browser_support import MEASURED, SAVED, SHOTS

    for line in MEASURED:
        terminalreporter.write_line(line)
    if SAVED:
        terminalreporter.write_line(f"{len(SAVED)} screenshots saved in {SHOTS}")


@pytest.fixture
def cli(database_url: str, tmp_path: Path):
    """Return a runner of the real `runready` command on a fresh database."""
    env = {
        "RUNREADY_DATABASE_URL": database_url,
        "RUNREADY_HOME": str(tmp_path / "home"),
        "PATH": "/usr/bin:/bin",
        "TZ": "Europe/Berlin",
    }

    def run(*args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "runready", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == code, (result.stdout, result.stderr)
        return result

    return run
