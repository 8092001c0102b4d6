"""Squad scale: the coach board over stored readiness, and advice right after a check-in.

A throwaway PostgreSQL schema (and a SQLite file for the check-in figures) is filled with a
year of training per athlete: two leg sessions and three runs a week. The board is asked
through the real app in this process (routing, access, the stored readiness, the template), for
a coach of 1,000 athletes and a coach of 10. Side by side: the board as it was built before
readiness was stored (each athlete's advice computed from its history, one by one), timed on
the same database.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from runready.core.model import CheckIn, Feel, Focus, RunKind, Session, SessionType
from runready.services import Database, advising, journal, open_database, readiness
from runready.services.accounts import hasher
from runready.storage.records import AthleteId

PG_URL = os.environ.get("RUNREADY_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "bench-password-0123"
SQUAD, SMALL = 1_000, 10
VIEWS = 40
HISTORY_SESSIONS = 2_000
CHECKINS = 40
NOW = datetime.now(UTC).replace(second=0, microsecond=0)


def year_of_training(rng: random.Random, days: int = 365) -> list[Session]:
    """Return a year of two leg sessions and three runs a week, ending before ``NOW``."""
    sessions = []
    for day in range(days, 0, -1):
        start = NOW - timedelta(days=day, hours=rng.uniform(0, 3))
        weekday = day % 7
        if weekday in (1, 4):
            sessions.append(
                Session(
                    SessionType.STRENGTH, start, 60, rpe=rng.choice((7, 8, 9)), focus=Focus.LEGS
                )
            )
        elif weekday in (0, 2, 5):
            kind = RunKind.INTERVALS if weekday == 2 else RunKind.EASY
            minutes = rng.uniform(30, 70)
            sessions.append(
                Session(
                    SessionType.RUN, start, minutes, rpe=7 if kind is RunKind.INTERVALS else 4,
                    kind=kind, distance_km=minutes / 6,
                )
            )  # fmt: skip
    return sessions


@contextmanager
def pg_schema() -> Iterator[str]:
    """Yield the URL of a fresh PostgreSQL schema, dropped afterwards."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    plain = PG_URL.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def fill(
    db: Database, coach: str, size: int, sessions: Callable[[random.Random], list[Session]]
) -> tuple[uuid.UUID, list[AthleteId]]:
    """Add a coach account and ``size`` linked athletes with their training; return the ids."""
    with db.unit() as uow:
        coach_id = uow.accounts.add_user(coach, hasher().hash(PASSWORD), "coach", False, NOW).id
    ids = []
    rng = random.Random(size)
    for n in range(size):
        with db.unit(follow=False) as uow:
            athlete = uow.athletes.add(f"{coach} athlete {n:04d}", "Europe/Berlin", NOW).id
            for session in sessions(rng):
                uow.journal.add_session(athlete, session, source_format="manual", now=NOW)
            uow.accounts.link(athlete, coach_id, NOW)
        readiness.refresh_athlete(db, athlete, NOW)
        ids.append(athlete)
        if (n + 1) % 100 == 0:
            print(f"  {coach}: {n + 1} of {size} athletes stored", flush=True)
    return coach_id, ids


def timed(call: Callable[[], object], repeats: int) -> list[float]:
    """Return the seconds each of ``repeats`` calls took."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def p95(samples: list[float]) -> float:
    return sorted(samples)[min(len(samples) - 1, int(0.95 * len(samples)))]


def board_figures() -> dict[str, float]:
    """Time the coach board page and API for 1,000 and 10 athletes on PostgreSQL."""
    from starlette.testclient import TestClient

    from runready.app import create_app
    from runready.settings import load

    figures: dict[str, float] = {}
    with pg_schema() as url:
        db = open_database(url)
        started = time.perf_counter()
        _, squad_ids = fill(db, "coach-squad", SQUAD, year_of_training)
        fill(db, "coach-small", SMALL, year_of_training)
        figures["fill_s"] = time.perf_counter() - started
        with db.unit() as uow:
            figures["sessions"] = len(uow.journal.history(squad_ids[0]))
        app = create_app(load(database_url=url, inprocess_jobs=False))
        with TestClient(app, base_url="https://testserver") as http:
            for coach, size in (("coach-squad", SQUAD), ("coach-small", SMALL)):
                answer = http.post(
                    "/api/v1/session", json={"username": coach, "password": PASSWORD}
                )
                assert answer.status_code == 200, answer.text
                for label, path in (("page", "/coach"), ("api", "/api/v1/coach")):
                    http.get(path)  # warm
                    samples = timed(lambda: _ok(http.get(path)), VIEWS)  # noqa: B023
                    figures[f"{label}_{size}_p50_ms"] = statistics.median(samples) * 1000
                    figures[f"{label}_{size}_p95_ms"] = p95(samples) * 1000
                http.cookies.clear()
        sample = squad_ids[:50]  # the board as built before: advice per athlete, one by one
        per_athlete = timed(lambda: [advising.advise_at(db, AthleteId(a), NOW) for a in sample], 1)[
            0
        ] / len(sample)
        figures["recomputed_1000_s"] = per_athlete * SQUAD
        db.close()
    return figures


def _ok(answer: object) -> None:
    status = getattr(answer, "status_code", 0)
    if status != 200:
        raise RuntimeError(f"the board answered {status}")


def checkin_figures(url: str) -> dict[str, float]:
    """Time a check-in and the advice right after it at 2,000 sessions."""
    db = open_database(url)
    rng = random.Random(7)
    with db.unit() as uow:
        athlete = uow.athletes.add("long history", "Europe/Berlin", NOW).id
    sessions = year_of_training(rng, days=2_000 * 7 // 5 + 1)[-HISTORY_SESSIONS:]
    with db.unit(follow=False) as uow:
        for session in sessions:
            uow.journal.add_session(athlete, session, source_format="manual", now=NOW)
    readiness.refresh_athlete(db, athlete, NOW)
    advising.advise_at(db, athlete, NOW)  # Today was open once: the history is cached
    checkin_s, advice_s = [], []
    for n in range(CHECKINS):
        moment = NOW + timedelta(seconds=n)
        report = CheckIn.of(moment, float(n % 6), feel=Feel.NORMAL)
        start = time.perf_counter()
        journal.check_in(db, athlete, report)
        middle = time.perf_counter()
        advising.advise_at(db, athlete, moment)
        advice_s.append(time.perf_counter() - middle)
        checkin_s.append(middle - start)
    db.close()
    return {
        "checkin_p50_ms": statistics.median(checkin_s) * 1000,
        "advice_p50_ms": statistics.median(advice_s) * 1000,
        "advice_p95_ms": p95(advice_s) * 1000,
    }


def run() -> list[str]:
    """Run the squad benchmarks and return RESULTS.md lines."""
    print("squad: filling PostgreSQL (1,010 athletes, a year each)", flush=True)
    board = board_figures()
    with tempfile.TemporaryDirectory() as folder:
        sqlite = checkin_figures(f"sqlite:///{Path(folder) / 'bench.db'}")
    with pg_schema() as url:
        postgres = checkin_figures(url)
    ratio_page = board["page_1000_p95_ms"] / board["page_10_p95_ms"]
    speedup = board["recomputed_1000_s"] * 1000 / board["page_1000_p50_ms"]
    return [
        "## Squad scale (issue: solid and fast for a squad)",
        "",
        "`python -m bench squad`: PostgreSQL, coaches of 1,000 and 10 athletes, each athlete a "
        f"year of training ({board['sessions']:.0f} sessions: two leg sessions and three runs a "
        f"week), filled in {board['fill_s']:.0f} s; {VIEWS} views each through the app in "
        "process (routing, access, stored readiness, template).",
        "",
        "| measure | 1,000 athletes | 10 athletes | target |",
        "|---|---|---|---|",
        f"| coach board page p50 | {board['page_1000_p50_ms']:.0f} ms | "
        f"{board['page_10_p50_ms']:.1f} ms | — |",
        f"| coach board page p95 | {board['page_1000_p95_ms']:.0f} ms | "
        f"{board['page_10_p95_ms']:.1f} ms | ≤ 300 ms, ≤ 5× the 10-athlete time |",
        f"| coach board API p95 | {board['api_1000_p95_ms']:.0f} ms | "
        f"{board['api_10_p95_ms']:.1f} ms | — |",
        f"| page p95, 1,000 ÷ 10 athletes | {ratio_page:.1f}× | | ≤ 5× |",
        f"| the board as built before (advice per athlete from its history) | "
        f"{board['recomputed_1000_s']:.1f} s | | {speedup:.0f}× slower than the stored board |",
        "",
        f"Advice right after a check-in, {HISTORY_SESSIONS:,} sessions, {CHECKINS} check-ins "
        "(the check-in stores the athlete's readiness in its own transaction; the history "
        "stays cached because a check-in leaves the sessions version alone):",
        "",
        "| measure | SQLite | PostgreSQL | target |",
        "|---|---|---|---|",
        f"| advice right after a check-in, p50 | {sqlite['advice_p50_ms']:.1f} ms | "
        f"{postgres['advice_p50_ms']:.1f} ms | ≤ 20 ms |",
        f"| advice right after a check-in, p95 | {sqlite['advice_p95_ms']:.1f} ms | "
        f"{postgres['advice_p95_ms']:.1f} ms | — |",
        f"| the check-in itself (with its readiness), p50 | {sqlite['checkin_p50_ms']:.1f} ms | "
        f"{postgres['checkin_p50_ms']:.1f} ms | — |",
        "",
    ]
