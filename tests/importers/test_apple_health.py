"""Apple Health exports: recognised by content, streamed, workouts to sessions, wellness kept."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from bench.apple_health import peak_read, write_export

from runready.core.model import SessionType
from runready.importers.apple_health import find_export, read_export
from runready.importers.dispatch import read_path
from runready.services import importing, journal
from store_support import me

UTC_ZONE = ZoneInfo("UTC")
PLUS_ONE = timezone(timedelta(hours=1))
STRENGTH_AND_WALK = """ <Workout
   workoutActivityType="HKWorkoutActivityTypeTraditionalStrengthTraining"
   duration="52.5" durationUnit="min" totalEnergyBurned="240" totalEnergyBurnedUnit="kcal"
   sourceName="Watch" startDate="2026-01-02 07:00:00 +0100" endDate="2026-01-02 07:52:30 +0100"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="1800" durationUnit="s"
   totalDistance="1.5" totalDistanceUnit="mi" sourceName="iPhone"
   startDate="2026-01-02 12:00:00 -0500" endDate="2026-01-02 12:30:00 -0500"/>
</HealthData>
"""


def small_export(days: int = 2, heart: int = 3) -> str:
    out = io.StringIO()
    write_export(out, days=days, heart_per_day=heart)
    return out.getvalue().replace("</HealthData>\n", STRENGTH_AND_WALK)


def test_a_real_shaped_export_gives_its_workouts_as_sessions_with_their_offsets(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(small_export(), encoding="utf-8")
    results = list(read_path(path, UTC_ZONE))
    sessions = [i for r in results if r.parsed is not None for i in r.parsed.sessions]
    assert [(s.session.type, s.sport) for s in sessions] == [
        (SessionType.RUN, "running"),
        (SessionType.RUN, "running"),
        (SessionType.STRENGTH, "traditional_strength_training"),
        (SessionType.WALK, "walking"),
    ]
    run, _, lift, walk = (s.session for s in sessions)
    assert run.start == datetime(2026, 1, 1, 18, 0, tzinfo=PLUS_ONE)
    assert run.start.utcoffset() == timedelta(hours=1)
    assert (run.duration_min, run.distance_km, run.avg_hr_bpm, run.max_hr_bpm) == (
        45.0,
        8.1,
        148.0,
        171.0,
    )
    assert "512 kcal burned (Apple Health)" in sessions[0].notes
    assert lift.duration_min == 52.5 and "240 kcal burned (Apple Health)" in sessions[2].notes
    assert walk.start.utcoffset() == timedelta(hours=-5)
    assert walk.duration_min == 30.0 and walk.distance_km == pytest.approx(1.5 * 1.609344)


def test_hrv_resting_heart_rate_and_sleep_are_kept_as_plain_values_for_the_wellness_store(
    tmp_path,
):
    path = tmp_path / "export.xml"
    path.write_text(small_export(days=2), encoding="utf-8")
    *_, last = read_export(path, "export.xml", UTC_ZONE)
    assert last.parsed is not None and last.parsed.sessions == ()
    kinds = [s.type.partition("Identifier")[2] for s in last.parsed.wellness]
    assert kinds.count("HeartRateVariabilitySDNN") == 6
    assert kinds.count("RestingHeartRate") == 2
    assert kinds.count("SleepAnalysis") == 12
    hrv = last.parsed.wellness[0]
    assert (hrv.value, hrv.unit, hrv.source) == (41.5, "ms", "Ana’s Apple Watch")
    assert hrv.start == datetime(2026, 1, 1, 1, 0, tzinfo=PLUS_ONE)
    sleep = [s for s in last.parsed.wellness if s.type.endswith("SleepAnalysis")]
    assert sleep[1].value == "HKCategoryValueSleepAnalysisAsleepCore"


def test_the_export_zip_is_recognised_by_its_member_and_read_like_the_xml(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("apple_health_export/export.xml", small_export())
        zf.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    found = find_export(archive)
    assert found is not None and found.member == "apple_health_export/export.xml"
    results = list(read_path(archive, UTC_ZONE))
    assert sum(len(r.parsed.sessions) for r in results if r.parsed is not None) == 4


def test_a_document_with_declared_entities_is_refused(tmp_path):
    path = tmp_path / "export.xml"
    bomb = small_export().replace(
        "<!ELEMENT ExportDate EMPTY>", '<!ENTITY lol "lol"><!ELEMENT ExportDate EMPTY>'
    )
    path.write_text(bomb, encoding="utf-8")
    (result,) = [r for r in read_path(path, UTC_ZONE) if r.rejected]
    assert "unsafe XML" in (result.rejected or "")


def test_importing_the_same_export_twice_adds_nothing(db, tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(small_export(), encoding="utf-8")
    now = datetime(2026, 2, 1, tzinfo=PLUS_ONE)
    first = importing.import_paths(db, me(db), [path], now)
    assert first.sessions_added == 4
    wellness = first.files[-1]
    assert wellness.outcome == "skipped" and "not stored yet" in (wellness.reason or "")
    again = importing.import_paths(db, me(db), [path], now)
    assert again.sessions_added == 0
    assert [f.outcome for f in again.files[:-1]] == ["duplicate"] * 4
    assert len(journal.sessions(db, me(db))) == 4


def test_reading_memory_does_not_grow_with_the_size_of_the_export(tmp_path):
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    with small.open("w", encoding="utf-8") as fp:
        write_export(fp, days=60, heart_per_day=200)
    with large.open("w", encoding="utf-8") as fp:
        write_export(fp, days=60, heart_per_day=1600)
    assert large.stat().st_size > 6 * small.stat().st_size
    low, high = peak_read(small), peak_read(large)
    assert low["results"] == high["results"] == 61
    assert high["peak_mb"] - low["peak_mb"] < 8.0, (low, high)


def test_an_export_zip_whose_document_would_expand_like_a_bomb_is_refused_unread(tmp_path):
    archive = tmp_path / "export.zip"
    padded = small_export().replace("</HealthData>", " " * (8 << 20) + "</HealthData>")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("apple_health_export/export.xml", padded)
    (result,) = list(read_path(archive, UTC_ZONE))
    assert "would expand more than 100:1" in (result.rejected or "")
