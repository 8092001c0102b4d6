"""A large import killed midway (SIGKILL) leaves a sound database and resumes exactly."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bench.history import write
from sqlalchemy import func, select

from runready.importers.fit import parse_fit
from runready.storage.blobs import FolderBlobStore
from runready.storage.database import Database
from runready.storage.tables import ImportRow, SessionRow, SetRow, SourceRow

FILES = 120


def _start_import(folder: Path, url: str, home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "RUNREADY_DATABASE_URL": url, "RUNREADY_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "runready", "import", str(folder), "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _committed(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(SourceRow)).scalar() or 0)


def _assert_whole(db: Database, expected_sets: dict[str, int]) -> None:
    """Every stored file has its sessions, every session all its sets, nothing else."""
    with db.engine.connect() as conn:
        sources = conn.execute(
            select(SourceRow.id, SourceRow.name, SourceRow.athlete_id, SourceRow.sha256)
        ).all()
        sessions = conn.execute(select(SessionRow.id, SessionRow.source_id)).all()
        imports = conn.execute(
            select(ImportRow.source_id).where(ImportRow.source_id.is_not(None))
        ).all()
        sets = dict(
            conn.execute(select(SetRow.session_id, func.count()).group_by(SetRow.session_id)).all()
        )
    assert {s.source_id for s in sessions} == {s.id for s in sources}
    assert {i.source_id for i in imports} == {s.id for s in sources}
    by_source = {s.source_id: s.id for s in sessions}
    for source in sources:
        name = Path(source.name).name
        stored_sets = sets.get(by_source[source.id], 0)
        assert stored_sets == expected_sets.get(name, 0), name
        parsed = parse_fit(db.blobs.get(source.athlete_id, source.sha256)).sessions[0].session
        assert stored_sets == sum(len(e.sets) for e in parsed.exercises)


def test_a_killed_import_leaves_only_whole_sessions_and_resumes_with_the_rest(
    database_url: str, tmp_path: Path
) -> None:
    written = write(tmp_path / "history", FILES, minutes=(20, 35))
    db = Database(database_url, blobs=FolderBlobStore(tmp_path / "originals"))
    process = _start_import(tmp_path / "history", database_url, tmp_path)
    deadline = time.monotonic() + 120
    while _committed(db) < 25 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    before = _committed(db)
    assert 25 <= before < FILES

    if db.dialect == "sqlite":
        path = db.engine.url.database
        with sqlite3.connect(str(path)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    _assert_whole(db, written.sets)

    again = _start_import(tmp_path / "history", database_url, tmp_path)
    out, err = again.communicate(timeout=240)
    assert again.returncode == 0, err
    report = json.loads(out)
    assert report["counts"].get("imported", 0) == FILES - before
    assert report["counts"].get("duplicate", 0) == before
    assert _committed(db) == FILES
    with db.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(SessionRow)).scalar() == FILES
    _assert_whole(db, written.sets)
    db.close()
