"""It learns the athlete, in a real browser: one tap after a run, the signals side by side and
the personal rate with its count on Today and Trends, the hit rate on the coach board.

The server runs as `runready serve` on SQLite in a fresh data folder; what happened before the
test (a leg session, the answer shown after it, a run) is written through the services to the
same database file, as the app itself would have written it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from api_support import PASSWORD
from browser_support import DESKTOP, PHONE, console_errors, serving, shot


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Start `runready serve` on SQLite in a fresh data folder; yield its address and folder."""
    home = tmp_path_factory.mktemp("home")
    with serving(home) as url:
        yield url, home


def _history(home: Path, athlete_id: str) -> None:
    """Write a leg session 41 h ago, the answer shown an hour after it (quality from 48 h) and
    an interval run 3 h ago, to the server's database."""
    from runready.core.dose import STANDARD_SESSION
    from runready.core.model import RunKind, Session, SessionType
    from runready.services import advising, journal
    from runready.storage.database import Database
    from runready.storage.records import AthleteId

    db = Database(f"sqlite:///{home / 'runready.db'}")
    try:
        now = datetime.now(UTC).replace(microsecond=0)
        athlete = AthleteId(uuid.UUID(athlete_id))
        legs = replace(STANDARD_SESSION, start=now - timedelta(hours=42))
        journal.log_session(db, athlete, legs, now)
        advising.answer_at(db, athlete, legs.end + timedelta(hours=1), shown=True)
        intervals = Session(SessionType.RUN, now - timedelta(hours=3), 45, kind=RunKind.INTERVALS)
        journal.log_session(db, athlete, intervals, now)
    finally:
        db.close()


def test_one_tap_after_a_run_the_signals_the_rate_and_the_hit_rate(
    served: tuple[str, Path],
    browser: Any,
) -> None:
    server, home = served
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = console_errors(page)

    page.goto(server)
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/today")
    athlete_page = page.url.rsplit("/", 1)[0]
    _history(home, athlete_page.rsplit("/", 1)[1])

    page.reload()
    page.wait_for_selector("form.feedback")
    assert "intervals run" in page.inner_text("form.feedback")
    page.click("form.feedback button:has-text('Heavy')")
    page.wait_for_selector(".told")
    assert "Noted: legs heavy on the run of " in page.inner_text(".told")
    assert page.inner_text(".told").rstrip(".").split()[-1].count(":") == 1  # at hh:mm
    assert page.locator("form.feedback").count() == 0
    shot(page, "11-today-after-run-feedback")

    rows = page.locator("table.signals tr[data-signal]")
    assert rows.count() == 6
    names = [rows.nth(i).get_attribute("data-signal") for i in range(6)]
    assert names == ["declared", "soreness", "leg_model", "hrv", "resting_hr", "sleep"]
    legs_row = page.locator("tr[data-signal=leg_model]")
    assert legs_row.get_attribute("data-says") == "easy"  # legs 41 h ago, intervals 3 h ago
    assert "settled by leg model" in page.inner_text("#signals-title")
    assert "1 outcome so far" in page.inner_text("#advice .rate")

    page.goto(f"{athlete_page}/trends")
    assert "1 outcome so far" in page.inner_text("article.rate")
    assert "the advice held on 1 of 1 runs" in page.inner_text("article.rate .record")
    shot(page, "12-trends-rate")

    page.goto(f"{server}/coach")
    held = page.inner_text("table.coach td.held")
    assert held.startswith("1 of 1 runs"), held
    shot(page, "13-coach-hit-rate")

    phone = browser.new_context(viewport=PHONE, storage_state=context.storage_state())
    small = phone.new_page()
    small.goto(f"{athlete_page}/today")
    small.wait_for_selector("table.signals")
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    shot(small, "14-today-signals-phone")
    assert errors == []
