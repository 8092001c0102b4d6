"""Importing every shared sample through the real import service, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from builders import NOW
from runready.services import importing
from runready.services.journal import sessions
from runready.storage.database import Database
from store_support import me

OUTCOMES = {
    "activity": {"imported", "duplicate"},
    "strength_log": {"imported"},
    "export_index": {"imported"},
    "not_activity": {"skipped"},
    "no_times": {"skipped"},
    "corrupt": {"rejected"},
}


def reference(shared: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((shared / "samples" / "REFERENCE.json").read_text("utf-8"))
    return data


@pytest.fixture
def imported(db: Database, shared: Path) -> tuple[Database, importing.ImportSummary]:
    return db, importing.import_paths(db, me(db), [shared / "samples"], NOW)


def _start(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_every_sample_file_ends_in_the_outcome_its_reference_category_calls_for(imported, shared):
    _, summary = imported
    by_name = {Path(r.name).name: r for r in summary.files}
    for name, ref in reference(shared).items():
        report = by_name[Path(name).name]
        assert report.outcome in OUTCOMES[ref["category"]], (name, report)
        if report.outcome in ("skipped", "rejected"):
            assert report.reason and "\n" not in report.reason


def test_every_recorded_activity_is_stored_with_its_start_duration_and_distance(imported, shared):
    db, _ = imported
    stored = [item.session for item in sessions(db, me(db))]
    checked = 0
    for name, ref in reference(shared).items():
        if ref["category"] != "activity":
            continue
        for expected in ref["sessions"]:
            if expected.get("sport") == "transition" or not expected.get("start_utc"):
                continue
            start = _start(expected["start_utc"])
            near = [s for s in stored if abs(s.start - start) <= timedelta(seconds=60)]
            assert near, f"{name}: nothing stored near {start}"
            elapsed = expected.get("elapsed_s")
            match = [
                s
                for s in near
                if elapsed is None
                or any(
                    v is not None and v * 60 == pytest.approx(elapsed, rel=0.02, abs=1)
                    for v in (s.duration_min, s.moving_min)
                )
            ]
            assert match, f"{name}: no stored session lasts {elapsed} s"
            distance = expected.get("distance_m")
            if distance:
                assert any(
                    s.distance_km is not None
                    and s.distance_km * 1000 == pytest.approx(distance, rel=0.02, abs=1)
                    for s in match
                ), f"{name}: distance {distance}"
            checked += 1
    assert checked >= 45


def test_strength_exports_become_strength_sessions_with_their_sets(imported):
    db, summary = imported
    counts = {Path(r.name).name: r.sessions_added for r in summary.files}
    assert counts["hevy-analyzer__hevy_workout_data.csv"] > 200
    assert counts["strong-charts__strong.csv"] > 100
    lifted = [s for s in sessions(db, me(db)) if s.session.type.value == "strength"]
    assert sum(len(e.sets) for s in lifted for e in s.session.exercises) > 5000


def test_the_strava_export_index_imports_every_row(imported):
    _, summary = imported
    (report,) = [r for r in summary.files if r.name.endswith("activities.csv")]
    assert report.sessions_added == 1845


def test_importing_the_samples_again_adds_nothing(imported, shared):
    db, first = imported
    again = importing.import_paths(db, me(db), [shared / "samples"], NOW)
    assert again.sessions_added == 0
    assert again.counts["imported"] == 0
    assert again.counts["duplicate"] == first.counts["imported"] + first.counts["duplicate"]


def test_a_timer_left_running_counts_the_moving_time() -> None:
    from runready.core.model import Session, SessionType

    left_on = Session(SessionType.RUN, NOW, 3 * 24 * 60, moving_min=42.0, distance_km=8)
    notes: list[str] = []
    assert importing._plausible(left_on, notes).duration_min == 42.0
    assert "timer left running" in notes[0]
    honest = Session(SessionType.RUN, NOW, 300, moving_min=240.0)
    assert importing._plausible(honest, []) is honest
