"""Garmin Connect: the activity-list JSON, summarizedActivities and the whole account export."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from runready.core.exercises import resolve
from runready.core.model import RunKind, SessionType
from runready.importers.base import ImportSkipped, ParsedFile
from runready.importers.dispatch import read_path
from runready.importers.garmin import find_root, parse_json
from runready.importers.results import FileResult

SAMPLE = "samples/json/garmin-strength__activities-1-100.json"
START = datetime(2024, 6, 1, 6, 0, tzinfo=UTC)
MS = 1000


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * MS)


@pytest.fixture(scope="module")
def sample(shared: Path) -> ParsedFile:
    return parse_json((shared / SAMPLE).read_bytes(), UTC)


def by_id(parsed: ParsedFile, activity_id: str):
    [found] = [s for s in parsed.sessions if s.external_id == activity_id]
    return found


def test_the_activity_list_sample_yields_100_sessions(sample: ParsedFile):
    assert len(sample.sessions) == 100
    assert sample.notes == ()
    assert len({s.external_id for s in sample.sessions}) == 100


def test_its_32_strength_sessions_carry_exercises_the_catalogue_knows(sample: ParsedFile):
    lifting = [s for s in sample.sessions if s.sport == "strength_training"]
    assert len(lifting) == 32
    assert all(s.session.type is SessionType.STRENGTH and s.session.exercises for s in lifting)
    names = {e.name for s in lifting for e in s.session.exercises}
    assert {name for name in names if resolve(name) is None} == {"unknown"}  # Garmin's own label
    assert resolve("romanian_deadlift") is not None and "romanian_deadlift" in names


def test_summarised_sets_are_spread_evenly_at_the_top_weight(sample: ParsedFile):
    gym = by_id(sample, "21321942758")
    assert gym.session.name == "GYM SWAG 3"
    first = gym.session.exercises[0]
    assert first.name == "flye"  # no subCategory: the category names it
    assert [(s.reps, s.weight_kg) for s in first.sets] == [(11, 65.0)] * 3
    rdl = next(e for e in gym.session.exercises if e.name == "romanian_deadlift")
    assert [s.reps for s in rdl.sets] == [10, 9, 9]
    assert rdl.sets[0].duration_s == pytest.approx(164.699 / 3, abs=0.01)
    assert any("Garmin summarises sets" in note for note in gym.notes)


def test_the_local_offset_comes_from_local_minus_gmt_start(sample: ParsedFile):
    gym = by_id(sample, "21321942758")
    assert gym.session.start == datetime(
        2025, 12, 22, 13, 2, 21, tzinfo=timezone(timedelta(hours=2))
    )
    offsets = {s.session.start.utcoffset() for s in sample.sessions}
    assert offsets == {timedelta(hours=2), timedelta(hours=3), timedelta(hours=5, minutes=30)}


def test_runs_read_seconds_metres_and_heart_rate(sample: ParsedFile):
    run = by_id(sample, "21271559178")
    assert run.session.type is SessionType.RUN
    assert run.session.distance_km == pytest.approx(9.27912, abs=1e-4)
    assert run.session.avg_hr_bpm == 163 and run.session.max_hr_bpm == 181
    assert run.session.elevation_loss_m == 35.0


def test_yoga_poses_are_not_turned_into_lifting_sets(sample: ParsedFile):
    yoga = [s for s in sample.sessions if s.sport == "yoga"]
    assert yoga and all(s.session.exercises == () for s in yoga)


def summary_record(activity_id: int, start: datetime, **fields: object) -> dict[str, object]:
    """Return one summarizedActivities record in the export's units (ms, cm, epoch ms)."""
    record: dict[str, object] = {
        "activityId": activity_id,
        "name": f"Activity {activity_id}",
        "activityType": "running",
        "beginTimestamp": epoch_ms(start),
        "startTimeGmt": epoch_ms(start),
        "startTimeLocal": epoch_ms(start + timedelta(hours=2)),
        "duration": 1_800_000.0,
        "elapsedDuration": 1_850_000.0,
        "movingDuration": 1_790_000.0,
        "distance": 500_000.0,
        "avgHr": 150.0,
        "maxHr": 175.0,
        "elevationLoss": 3_000.0,
    }
    record.update(fields)
    return record


def summarized(*records: dict[str, object]) -> bytes:
    return json.dumps([{"summarizedActivitiesExport": list(records)}]).encode()


def test_the_export_summary_reads_milliseconds_centimetres_and_epoch_times():
    [run] = parse_json(summarized(summary_record(1, START, eventTypeId=1)), UTC).sessions
    assert run.session.start == START and run.session.start.utcoffset() == timedelta(hours=2)
    assert run.session.duration_min == pytest.approx(1850 / 60)
    assert run.session.moving_min == pytest.approx(1790 / 60)
    assert run.session.distance_km == pytest.approx(5.0)
    assert run.session.elevation_loss_m == pytest.approx(30.0)
    assert run.session.kind is RunKind.RACE and run.session.name == "Activity 1"


def test_the_export_summary_also_accepts_seconds_metres_and_iso_strings():
    record = summary_record(
        2, START, startTimeGmt="2024-06-01T06:00:00", startTimeLocal="2024-06-01 08:00:00",
        beginTimestamp=None, duration=1800.0, elapsedDuration=1850.0, movingDuration=1790.0,
        distance=5000.0, elevationLoss=30.0,
    )  # fmt: skip
    [run] = parse_json(summarized(record), UTC).sessions
    assert run.session.start == START and run.session.start.utcoffset() == timedelta(hours=2)
    assert run.session.duration_min == pytest.approx(1850 / 60)
    assert run.session.distance_km == pytest.approx(5.0)
    assert run.session.elevation_loss_m == pytest.approx(30.0)


def test_epoch_seconds_are_told_from_epoch_milliseconds_by_magnitude():
    record = summary_record(3, START, startTimeGmt=START.timestamp(), beginTimestamp=None)
    [run] = parse_json(summarized(record), UTC).sessions
    assert run.session.start == START


def test_a_start_known_only_in_local_time_takes_the_athletes_time_zone():
    zone = timezone(timedelta(hours=-5))
    record = summary_record(4, START, startTimeGmt=None, beginTimestamp=None)
    [run] = parse_json(summarized(record), zone).sessions
    assert run.session.start == datetime(2024, 6, 1, 8, 0, tzinfo=zone)


def test_a_record_without_any_start_is_reported_not_imported():
    record = summary_record(5, START, startTimeGmt=None, beginTimestamp=None, startTimeLocal=None)
    parsed = parse_json(summarized(record, summary_record(6, START)), UTC)
    assert [s.external_id for s in parsed.sessions] == ["6"]
    assert parsed.notes == ("activity 5 not imported: no start time",)


@pytest.mark.parametrize(
    ("times", "field", "year"),
    [
        ({"startTimeGmt": "0001-01-01T00:00:00", "beginTimestamp": None}, "startTimeGMT", 1),
        ({"startTimeLocal": "9999-12-31 23:00:00"}, "startTimeLocal", 9999),
        (
            {"startTimeGmt": None, "beginTimestamp": None, "startTimeLocal": "0001-01-01"},
            "startTimeLocal",
            1,
        ),
    ],
)
def test_a_record_dated_in_the_year_1_or_9999_is_reported_and_the_others_kept(
    times: dict[str, object], field: str, year: int
):
    record = summary_record(7, START, **times)
    parsed = parse_json(summarized(record, summary_record(8, START)), timezone(timedelta(hours=-5)))
    assert [s.external_id for s in parsed.sessions] == ["8"]
    [note] = parsed.notes
    assert note.startswith(f"activity 7 not imported: {field}: the year {year} is out of range")


def test_a_multisport_parent_is_left_out_when_its_parts_are_present():
    parent = summary_record(10, START, parent=True, activityType="multi_sport")
    part = summary_record(11, START, parentId=10)
    parsed = parse_json(summarized(parent, part), UTC)
    assert [s.external_id for s in parsed.sessions] == ["11"]


def test_an_absurd_set_count_does_not_build_a_billion_sets():
    sets = [{"category": "SQUAT", "subCategory": "BARBELL_BACK_SQUAT", "reps": 5, "sets": 10**9}]
    record = summary_record(
        12, START, activityType="strength_training", summarizedExerciseSets=sets
    )
    [lift] = parse_json(summarized(record), UTC).sessions
    assert lift.session.exercises == ()
    assert any("skipped" in note for note in lift.notes)


def test_json_that_is_not_from_garmin_is_skipped():
    with pytest.raises(ImportSkipped):
        parse_json(b'{"hello": "world"}', UTC)


def uploaded_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def garmin_export(fitwriter) -> bytes:
    """Return a Garmin account export: summaries, and FIT files in a nested uploaded-files zip."""
    squat = [("squat", 6, 5, 100.0, 40), ("squat", 6, 5, 100.0, 40)]
    sets = [{"category": "SQUAT", "subCategory": "BARBELL_BACK_SQUAT", "reps": 10, "sets": 2,
             "maxWeight": 100_000, "duration": 80_000}]  # fmt: skip
    lift_start = START + timedelta(hours=10)
    records = [
        summary_record(555001, START, eventTypeId=1, name="City 10K"),
        summary_record(555002, lift_start, activityType="strength_training", name="Legs",
                       distance=0.0, summarizedExerciseSets=sets),
        summary_record(555003, START + timedelta(days=1), activityType="road_biking", name="Spin"),
    ]  # fmt: skip
    run = fitwriter.activity(
        START + timedelta(minutes=5), "running", 1800, 5000.0, hr_at=lambda s: 140,
        local_offset=timedelta(hours=2),
    )  # fmt: skip
    lift = fitwriter.strength(lift_start + timedelta(seconds=30), squat)
    nested = uploaded_zip({"someone@example.com_555001.fit": run, "anonymous.fit": lift})
    base = "DI_CONNECT/"
    return uploaded_zip(
        {
            base + "DI-Connect-Fitness/someone_0_summarizedActivities.json": summarized(*records),
            base + "DI-Connect-Fitness/someone_0_personalRecord.json": b"[]",
            base + "DI-Connect-Wellness/someone_sleepData.json": b"[]",
            base + "DI-Connect-Fitness-Uploaded-Files/UploadedFiles_0-_Part1.zip": nested,
        }
    )


def test_a_garmin_export_zip_enriches_its_uploaded_fit_files(tmp_path: Path):
    pytest.importorskip("runready.importers.fit")
    fitwriter = pytest.importorskip("bench.fitwriter")
    path = tmp_path / "garmin.zip"
    path.write_bytes(garmin_export(fitwriter))
    results: dict[str, FileResult] = {r.name: r for r in read_path(path, UTC)}
    part = "garmin.zip!DI_CONNECT/DI-Connect-Fitness-Uploaded-Files/UploadedFiles_0-_Part1.zip!"
    assert sorted(results) == sorted(
        [part + "someone@example.com_555001.fit", part + "anonymous.fit",
         "garmin.zip!DI_CONNECT/DI-Connect-Fitness/someone_0_summarizedActivities.json"]
    )  # fmt: skip
    run_file = results[part + "someone@example.com_555001.fit"].parsed
    assert run_file is not None
    [run] = run_file.sessions
    assert (run.external_id, run.session.name, run.session.kind) == (
        "555001",
        "City 10K",
        RunKind.RACE,
    )
    assert run.source_format == "fit" and run.session.start == START + timedelta(minutes=5)
    lift_file = results[part + "anonymous.fit"].parsed
    assert lift_file is not None
    [lift] = lift_file.sessions
    assert (lift.external_id, lift.session.name) == ("555002", "Legs")
    assert [len(e.sets) for e in lift.session.exercises] == [2]  # the FIT file's own sets win
    summary = results[
        "garmin.zip!DI_CONNECT/DI-Connect-Fitness/someone_0_summarizedActivities.json"
    ]
    assert summary.parsed is not None
    assert [s.external_id for s in summary.parsed.sessions] == ["555003"]
    assert summary.parsed.notes == ("2 activities came with their uploaded files",)


def test_a_garmin_export_folder_is_read_like_the_zip(tmp_path: Path):
    pytest.importorskip("runready.importers.fit")
    fitwriter = pytest.importorskip("bench.fitwriter")
    with zipfile.ZipFile(io.BytesIO(garmin_export(fitwriter))) as archive:
        archive.extractall(tmp_path / "export")
    results = list(read_path(tmp_path / "export", UTC))
    assert [r.outcome for r in results] == ["parsed"] * 3
    ids = sorted(s.external_id or "" for r in results if r.parsed for s in r.parsed.sessions)
    assert ids == ["555001", "555002", "555003"]


def test_the_export_root_may_sit_in_one_top_level_folder():
    assert find_root(["DI_CONNECT/DI-Connect-Fitness/a.json"]) == ""
    assert find_root(["export/DI_CONNECT/x.json", "export/readme.txt"]) == "export/"
    assert find_root(["activities.csv"]) is None


def test_a_garmin_export_zip_is_listed_once_to_find_it_and_once_to_walk_it(
    tmp_path: Path, archive_reads
):
    pytest.importorskip("runready.importers.fit")
    fitwriter = pytest.importorskip("bench.fitwriter")
    path = tmp_path / "garmin.zip"
    path.write_bytes(garmin_export(fitwriter))
    top = path.stat().st_size
    results = list(read_path(path, UTC))
    assert [r.outcome for r in results] == ["parsed"] * 3
    # the nested uploaded-files zip is listed on its own
    assert archive_reads.directories.count(top) == 2
    assert sum(1 for name in archive_reads.inflated if "summarizedActivities" in name) == 1
