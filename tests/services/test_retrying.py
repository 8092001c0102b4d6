"""Another try for work the database broke off: lost connections and conflicts are retried
with growing waits, anything else is not, and a cut connection is told apart from a bad query."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from runready.services.retrying import Backoff, retrying
from runready.storage.database import Database
from runready.storage.errors import StorageError, StorageUnavailable


def test_a_lost_connection_is_tried_again_with_doubling_waits_until_it_works() -> None:
    waits: list[float] = []
    tries = iter([StorageUnavailable("gone"), StorageUnavailable("gone"), None])

    def flaky() -> str:
        problem = next(tries)
        if problem is not None:
            raise problem
        return "stored"

    assert retrying(flaky, Backoff(attempts=5, first_wait_s=0.5), waits.append) == "stored"
    assert waits == [0.5, 1.0]


def test_the_last_try_raises_and_the_waits_stop_growing_at_their_cap() -> None:
    waits: list[float] = []
    tries: list[int] = []

    def down() -> None:
        tries.append(1)
        raise StorageUnavailable("the database is down")

    backoff = Backoff(attempts=5, first_wait_s=1.0, factor=3.0, longest_wait_s=5.0)
    with pytest.raises(StorageUnavailable, match="down"):
        retrying(down, backoff, waits.append)
    assert len(tries) == 5 and waits == [1.0, 3.0, 5.0, 5.0]


def test_an_error_a_retry_cannot_cure_is_raised_at_once() -> None:
    waits: list[float] = []

    def broken() -> None:
        raise StorageError("database error: column does not exist")

    with pytest.raises(StorageError, match="column"):
        retrying(broken, sleep=waits.append)
    assert waits == []


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_connection_terminated_mid_transaction_is_unavailable_not_broken(db: Database) -> None:
    with pytest.raises(StorageUnavailable), db.transaction() as session:
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with psycopg.connect(db.conninfo, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (pid,))
        session.execute(text("SELECT 1"))
    with pytest.raises(StorageError) as bad, db.transaction() as session:
        session.execute(text("SELECT no_such_column FROM athletes"))
    assert not isinstance(bad.value, StorageUnavailable)
    with db.unit() as uow:  # the pool hands out a live connection afterwards
        assert uow.athletes.count() == 0
