"""Readiness kept current: every write stores the athlete's outlook in its own transaction, a
check-in never re-reads the history, an import refreshes once, and the coach board reads a
squad in one query (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from builders import legs, squats
from runready.core.model import CheckIn, Feel, Intensity
from runready.core.vocabulary import Verdict
from runready.services import Database, advising, importing, journal, open_database, readiness
from runready.storage.records import AthleteId

T0 = datetime.now(UTC).replace(second=0, microsecond=0)
H = timedelta(hours=1)


@pytest.fixture
def followed(database_url: str) -> Iterator[Database]:
    """A database opened as the app opens it: the stored readiness follows every write."""
    db = open_database(database_url)
    try:
        yield db
    finally:
        db.close()


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """Collect the SQL statements run inside the block."""
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(" ".join(statement.split()).lower())

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def athlete(db: Database, name: str = "ana", user_id: uuid.UUID | None = None) -> AthleteId:
    with db.unit() as uow:
        return uow.athletes.add(name, "Europe/Berlin", T0 - 400 * 24 * H, user_id=user_id).id


def stored(db: Database, athlete_id: AthleteId):
    with db.unit() as uow:
        return uow.readiness.of([athlete_id])[athlete_id]


def standard_legs(ended: datetime):
    return legs(0, now=ended, exercises=(squats(rpe=8, sets=5), squats(rpe=8, sets=3, name="RDL")))


def test_a_logged_leg_session_stores_its_gates_in_the_same_commit(followed: Database):
    ana = athlete(followed)
    session = standard_legs(T0 - H)
    journal.log_session(followed, ana, session, T0)
    outlook, version = stored(followed, ana)
    with followed.unit() as uow:
        assert version == uow.athletes.get(ana).data_version
    assert outlook.level_at(T0) is Intensity.NONE
    assert outlook.level_at(session.end + 6 * H) >= Intensity.EASY
    assert dict(outlook.earliest)[Intensity.HARD] >= session.end + 48 * H


def test_deleting_the_session_reopens_every_gate_in_the_stored_readiness(followed: Database):
    ana = athlete(followed)
    kept = journal.log_session(followed, ana, standard_legs(T0 - H), T0)
    assert journal.delete(followed, ana, str(kept.id))
    outlook, _ = stored(followed, ana)
    assert outlook.level_at(T0) is Intensity.HARD
    assert outlook.verdict is Verdict.GO


def test_a_check_in_updates_the_stored_readiness_without_reading_the_history_again(
    followed: Database,
):
    ana = athlete(followed)
    for day in range(2, 40, 3):
        journal.log_session(followed, ana, standard_legs(T0 - day * 24 * H), T0)
    before, _ = stored(followed, ana)
    advising.advise_at(followed, ana, datetime.now(UTC))  # Today was open: the history is cached
    with statements(followed) as seen:
        journal.check_in(followed, ana, CheckIn.of(T0, 8.0, feel=Feel.TIRED))
    after, _ = stored(followed, ana)
    history_reads = [s for s in seen if s.startswith("select") and " from sessions" in s]
    assert history_reads == []
    assert after.max_intensity < before.max_intensity  # very sore: the stored answer follows


def test_an_import_refreshes_the_stored_readiness_once_at_its_end(followed: Database, tmp_path):
    from test_jobs import _run_file  # the same small GPX runs the job tests import

    ana = athlete(followed)
    folder = tmp_path / "runs"
    folder.mkdir()
    for day in range(1, 9):
        name, data = _run_file(day)
        (folder / name).write_bytes(data)
    with statements(followed) as seen:
        summary = importing.import_paths(followed, ana, [folder], T0)
    assert summary.sessions_added == 8
    writes = [s for s in seen if s.startswith("insert into readiness")]
    assert len(writes) == 1
    _, version = stored(followed, ana)
    with followed.unit() as uow:
        assert version == uow.athletes.get(ana).data_version


def test_a_job_of_many_uploads_refreshes_the_stored_readiness_once_after_the_last(
    followed: Database,
):
    from test_jobs import _run_file

    from runready.services import jobs
    from runready.services.table_queue import TableQueue

    ana = athlete(followed)
    queue = TableQueue(followed)
    job = jobs.enqueue_import(followed, queue, ana, [_run_file(day) for day in range(1, 7)])
    with statements(followed) as seen:
        assert queue.work(threading.Event(), once=True) == 1
    assert jobs.status(followed, ana, job)["status"] == "done"
    writes = [s for s in seen if s.startswith("insert into readiness")]
    assert len(writes) == 1, "one refresh for six uploads"
    _, version = stored(followed, ana)
    with followed.unit() as uow:
        assert version == uow.athletes.get(ana).data_version


def squad(db: Database, size: int) -> uuid.UUID:
    with db.unit() as uow:
        coach = uow.accounts.add_user(f"coach{size}", "x", "coach", False, T0).id
    for n in range(size):
        member = athlete(db, f"athlete {size}-{n}")
        journal.log_session(db, member, standard_legs(T0 - (n % 3 + 1) * 10 * H), T0)
        with db.unit() as uow:
            uow.accounts.link(member, coach, T0)
    return coach


def test_the_coach_board_reads_a_squad_in_one_query_whatever_its_size(followed: Database):
    small, large = squad(followed, 3), squad(followed, 12)
    counts = []
    for coach in (small, large):
        with statements(followed) as seen:
            rows = readiness.board(followed, coach, T0)
        counts.append(len([s for s in seen if s.startswith("select")]))
        assert all(row.athlete.access.value == "coach" for row in rows)
    assert counts == [1, 1]
    assert len(readiness.board(followed, large, T0)) == 12


def test_the_board_reads_each_stored_answer_at_its_own_moment(followed: Database):
    coach = squad(followed, 3)
    now = readiness.board(followed, coach, T0)
    later = readiness.board(followed, coach, T0 + 3 * 24 * H)
    assert [row.as_dict()["max_intensity"] for row in now] != ["hard"] * 3
    assert [row.as_dict()["verdict"] for row in later] == ["go"] * 3


def test_the_board_makes_an_outlook_for_an_athlete_whose_data_moved_without_one(
    database_url: str,
):
    plain = Database(database_url)  # no follower: as after an import that ended early
    try:
        with plain.unit() as uow:
            coach = uow.accounts.add_user("coach", "x", "coach", False, T0).id
        ana = athlete(plain)
        with plain.unit() as uow:
            uow.accounts.link(ana, coach, T0)
        journal.log_session(plain, ana, standard_legs(T0 - H), T0)
        (row,) = readiness.board(plain, coach, T0)
        assert row.as_dict()["max_intensity"] == "none"
        outlook, version = stored(plain, ana)
        with plain.unit() as uow:
            assert version == uow.athletes.get(ana).data_version
    finally:
        plain.close()


def test_a_bad_outlook_never_costs_the_athlete_the_write(
    followed: Database, monkeypatch: pytest.MonkeyPatch
):
    ana = athlete(followed)

    def broken(*_: object, **__: object) -> None:
        raise ValueError("the engine broke")

    monkeypatch.setattr(readiness, "advise", broken)
    journal.log_session(followed, ana, standard_legs(T0 - H), T0)
    assert len(journal.sessions(followed, ana)) == 1
    with followed.unit() as uow:
        assert uow.readiness.of([ana]) == {}
