"""Strava bulk exports: activities.csv read positionally, activity files enriched by its rows."""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from runready.core.model import RunKind, SessionType
from runready.importers import strava
from runready.importers.archives import open_members
from runready.importers.base import ImportedSession, ParsedFile
from runready.importers.dispatch import read_path
from runready.importers.results import FileResult
from runready.importers.strava import is_activities_csv, parse_activities_csv, parse_date

SAMPLE = "samples/csv/Strava-Activity-Map__activities.csv"
START = datetime(2024, 5, 1, 7, 0, tzinfo=UTC)
HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Max Heart Rate,Filename,Elapsed Time,Moving Time,Distance,Max Heart Rate,"
    "Average Heart Rate,Elevation Loss,Perceived Exertion,Competition,Long Run"
)


def gpx(start: datetime, points: int = 60, kind: str | None = None) -> bytes:
    """Return a small GPX track: a point every 5 s, 11 m apart (8 km/h)."""
    stamp = [
        (start + timedelta(seconds=5 * i)).strftime("%Y-%m-%dT%H:%M:%SZ") for i in range(points)
    ]
    points_xml = "".join(
        f'<trkpt lat="{59.4 + i * 0.0001:.5f}" lon="24.7"><ele>10</ele><time>{t}</time></trkpt>'
        for i, t in enumerate(stamp)
    )
    kind_xml = f"<type>{kind}</type>" if kind else ""
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="StravaGPX" '
        'xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>From the watch</name>{kind_xml}<trkseg>{points_xml}</trkseg></trk></gpx>"
    ).encode()


def tcx(start: datetime, sport: str = "Other", points: int = 60) -> bytes:
    """Return a small TCX activity of ``sport`` with heart rate."""

    def iso(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    track = "".join(
        f"<Trackpoint><Time>{iso(start + timedelta(seconds=5 * i))}</Time>"
        f"<DistanceMeters>{i * 30.0}</DistanceMeters>"
        "<HeartRateBpm><Value>140</Value></HeartRateBpm></Trackpoint>"
        for i in range(points)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
        f'<Activity Sport="{sport}"><Id>{iso(start)}</Id><Lap StartTime="{iso(start)}">'
        f"<TotalTimeSeconds>{points * 5}</TotalTimeSeconds><DistanceMeters>{(points - 1) * 30.0}"
        f"</DistanceMeters><Track>{track}</Track></Lap></Activity></Activities>"
        "</TrainingCenterDatabase>"
    ).encode()


def csv_row(activity_id: int, when: str, name: str, kind: str, filename: str, **raw: str) -> str:
    """Return one activities.csv row in the header above (raw values in s, m, bpm)."""
    elapsed, moving, metres = (
        raw.get("elapsed", "1800"),
        raw.get("moving", "1750"),
        raw.get("m", ""),
    )
    shown = raw.get("shown", f"{float(metres) / 1000:.2f}" if metres else "")
    cells = [
        str(activity_id), f'"{when}"', name, kind, "", elapsed, shown, "", filename, elapsed,
        moving, metres, "", raw.get("hr", ""), raw.get("loss", ""), raw.get("rpe", ""),
        raw.get("race", ""), raw.get("long", ""),
    ]  # fmt: skip
    return ",".join(cells)


def export_files() -> dict[str, bytes]:
    """Return the files of a small synthetic Strava export."""
    day = "May {}, 2024, 7:00:00 AM".format
    rows = [
        csv_row(101, day(1), "Tempo Tuesday", "Run", "activities/101.gpx", rpe="7", race="1.0",
                m="650", hr="150"),
        csv_row(102, day(2), "Commute", "Ride", "activities/102.tcx.gz", m="1770"),
        csv_row(103, day(3), "Trail hike", "Hike", "activities/103.gpx"),
        csv_row(104, day(4), "Leg day", "Weight Training", "", elapsed="3600", moving="3600"),
        csv_row(105, day(5), "Lost file", "Run", "activities/105.gpx", m="5000"),
        csv_row(106, day(6), "Broken file", "Run", "activities/106.gpx", m="8000", long="true"),
    ]  # fmt: skip
    return {
        "activities.csv": "\n".join([HEADER, *rows]).encode(),
        "activities/101.gpx": gpx(START),
        "activities/102.tcx.gz": gzip.compress(tcx(START + timedelta(days=1)), mtime=0),
        "activities/103.gpx": gpx(START + timedelta(days=2)),
        "activities/106.gpx": b"<gpx><trk><trkseg><trkpt lat='x'>",
        "activities/999.gpx": gpx(START + timedelta(days=9), kind="running"),
        "profile.csv": b"Athlete ID,Email\n1,a@b.c\n",
        "media/photo.jpg": b"\xff\xd8\xff\xe0",
    }


def as_zip(files: dict[str, bytes], folder: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(folder + name, data)
    return buffer.getvalue()


def as_folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def by_name(results: list[FileResult]) -> dict[str, FileResult]:
    return {"activities" + result.name.split("activities", 1)[1]: result for result in results}


def only(result: FileResult) -> ImportedSession:
    assert result.parsed is not None, result.rejected or result.skipped
    [session] = result.parsed.sessions
    return session


# The real sample: 1,845 rows, 99 columns with duplicate names, no activity files beside it.


@pytest.fixture(scope="module")
def sample(shared: Path) -> ParsedFile:
    return parse_activities_csv((shared / SAMPLE).read_bytes())


def test_the_real_sample_is_recognised_as_a_strava_index(shared: Path):
    assert is_activities_csv((shared / SAMPLE).read_bytes())
    assert not is_activities_csv(b"Date,Exercise,Reps\n")


def test_every_row_of_the_real_sample_becomes_a_session(sample: ParsedFile):
    assert len(sample.sessions) == 1845
    assert sample.notes == ()
    assert len({s.external_id for s in sample.sessions}) == 1845


def test_the_first_row_reads_its_utc_start_raw_distance_type_and_name(sample: ParsedFile):
    first = sample.sessions[0]
    assert first.external_id == "203707851"
    assert first.session.start == datetime(2014, 10, 5, 16, 15, 21, tzinfo=UTC)
    assert first.session.distance_km == pytest.approx(13.6092, abs=1e-4)
    assert first.session.duration_min == pytest.approx(2833 / 60)
    assert first.session.moving_min == pytest.approx(2499 / 60)
    assert (first.session.type, first.session.name, first.sport) == (
        SessionType.CYCLE,
        "Lunch Ride",
        "Ride",
    )


def test_runs_hikes_and_skis_map_onto_session_types(sample: ParsedFile):
    kinds: dict[str, set[SessionType]] = {}
    for imported in sample.sessions:
        kinds.setdefault(imported.sport, set()).add(imported.session.type)
    assert kinds["Run"] == {SessionType.RUN}
    assert kinds["Hike"] == kinds["Walk"] == kinds["Snowshoe"] == {SessionType.WALK}
    assert kinds["Nordic Ski"] == {SessionType.OTHER}
    assert kinds["Velomobile"] == {SessionType.CYCLE}


def test_start_times_and_distances_match_the_csv_for_every_row(shared: Path, sample: ParsedFile):
    import csv

    rows = list(csv.reader(io.StringIO((shared / SAMPLE).read_text(encoding="utf-8"))))[1:]
    for row, imported in zip(rows, sample.sessions, strict=True):
        assert imported.external_id == row[0]
        assert imported.session.start == parse_date(row[1])
        assert imported.session.distance_km == pytest.approx(float(row[17]) / 1000)


def test_an_elapsed_time_beyond_seven_days_falls_back_on_the_moving_time(sample: ParsedFile):
    [left_running] = [s for s in sample.sessions if s.external_id == "8455559784"]
    assert left_running.session.duration_min == pytest.approx(118 / 60)
    assert any("84.0 days is implausible" in note for note in left_running.notes)


def test_a_missing_raw_elapsed_time_uses_the_display_column(sample: ParsedFile):
    [row] = [s for s in sample.sessions if s.external_id == "2337394731"]
    assert row.session.duration_min == pytest.approx(7283 / 60)


def test_an_implausible_value_is_dropped_with_a_note_not_the_session(sample: ParsedFile):
    [row] = [s for s in sample.sessions if s.external_id == "3895518968"]
    assert row.session.elevation_loss_m is None
    assert any("elevation_loss_m" in note for note in row.notes)


# Other column sets.


def test_the_2018_column_set_reads_metres_and_iso_dates():
    data = (
        b"id,date,name,type,description,elapsed_time,distance,commute,gear,filename\n"
        b"193569569,2014-09-12 16:54:28,Evening Ride,Ride,,9462,43057.4,false,,activities/1.gpx\n"
        b'776015190,2016-11-15 11:28:35,Lunch Ride,Ride,"",1560,7800.0,false,,\n'
    )
    parsed = parse_activities_csv(data)
    first, manual = parsed.sessions
    assert first.session.start == datetime(2014, 9, 12, 16, 54, 28, tzinfo=UTC)
    assert first.session.distance_km == pytest.approx(43.0574)
    assert manual.notes[0].endswith("manual entry")


def test_the_2021_column_set_with_html_headers_reads():
    span = '"<span class=""translation_missing"" title=""x"">{}</span>"'
    header = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
        "Distance,Relative Effort,Commute,Activity Gear,Filename,Elapsed Time,Moving Time,Distance,"
        f"Max Heart Rate,Average Heart Rate,{span.format('Type')},{span.format('Start Time')}"
    )
    row = (
        '2987876185,"Jan 4, 2020, 2:57:37 PM",Afternoon Run,Run,,1509,5,,FALSE,,a/1.fit.gz,'
        "1509,1509,5005.2,180,150,,"
    )
    parsed = parse_activities_csv(f"{header}\n{row}\n".encode())
    [run] = parsed.sessions
    assert run.session.start == datetime(2020, 1, 4, 14, 57, 37, tzinfo=UTC)
    assert run.session.distance_km == pytest.approx(5.0052)
    assert (run.session.avg_hr_bpm, run.session.type) == (150.0, SessionType.RUN)


def test_a_display_distance_in_miles_is_converted_when_the_raw_one_is_missing():
    rows = [
        csv_row(1, "Jan 1, 2024, 8:00:00 AM", "A", "Run", "", m="1609.344", shown="1.00"),
        csv_row(2, "Jan 2, 2024, 8:00:00 AM", "B", "Run", "", m="3218.688", shown="2.00"),
        csv_row(3, "Jan 3, 2024, 8:00:00 AM", "C", "Run", "", shown="2.00"),
    ]
    parsed = parse_activities_csv("\n".join([HEADER, *rows]).encode())
    assert parsed.sessions[2].session.distance_km == pytest.approx(3.218688)
    assert parsed.notes == ()


def test_a_display_distance_without_any_raw_one_is_read_as_kilometres_with_a_note():
    row = csv_row(3, "Jan 3, 2024, 8:00:00 AM", "C", "Run", "", shown="2.50")
    parsed = parse_activities_csv(f"{HEADER}\n{row}\n".encode())
    assert parsed.sessions[0].session.distance_km == pytest.approx(2.5)
    assert parsed.notes == ("distances read as kilometres: no raw column to learn the unit from",)


def test_a_weight_training_row_becomes_a_strength_session_without_sets():
    row = csv_row(7, "Mar 1, 2024, 6:00:00 PM", "Legs", "Weight Training", "", elapsed="3600")
    [lift] = parse_activities_csv(f"{HEADER}\n{row}\n".encode()).sessions
    assert lift.session.type is SessionType.STRENGTH and lift.session.exercises == ()
    assert any("no sets or reps" in note for note in lift.notes)


def test_a_row_without_a_readable_date_is_reported_not_imported():
    row = csv_row(8, "someday", "Run", "Run", "")
    parsed = parse_activities_csv(f"{HEADER}\n{row}\n".encode())
    assert parsed.sessions == ()
    assert parsed.notes == ("row 1 (activity 8) not imported: no readable Activity Date",)


def test_rows_dated_in_the_year_1_or_9999_are_reported_and_the_other_rows_kept():
    rows = [
        csv_row(1, "Jan 1, 0001, 12:00:00 AM", "Old", "Run", ""),
        csv_row(2, "Dec 31, 9999, 11:59:00 PM", "Future", "Run", ""),
        csv_row(3, "0001-01-01T00:30:00+01:00", "Before year 1 in UTC", "Run", ""),
        csv_row(4, "May 5, 2024, 8:00:00 AM", "Real", "Run", ""),
    ]
    parsed = parse_activities_csv("\n".join([HEADER, *rows]).encode())
    assert [s.session.name for s in parsed.sessions] == ["Real"]
    assert parsed.notes == (
        "row 1 (activity 1) not imported: Activity Date: the year 1 is out of range (1900-2200)",
        "row 2 (activity 2) not imported: Activity Date: the year 9999 is out of range (1900-2200)",
        "row 3 (activity 3) not imported: no readable Activity Date",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct 5, 2014, 4:15:21 PM", datetime(2014, 10, 5, 16, 15, 21, tzinfo=UTC)),
        ("Oct 5, 2014, 12:15:21 AM", datetime(2014, 10, 5, 0, 15, 21, tzinfo=UTC)),
        ("Sept 5, 2014, 12:15:21 PM", datetime(2014, 9, 5, 12, 15, 21, tzinfo=UTC)),
        ("2014-10-05 16:15:21", datetime(2014, 10, 5, 16, 15, 21, tzinfo=UTC)),
        ("2014-10-05T18:15:21+02:00", datetime(2014, 10, 5, 16, 15, 21, tzinfo=UTC)),
        ("5 Okt. 2014", None),
    ],
)
def test_activity_dates_are_read_as_utc(text: str, expected: datetime | None):
    assert parse_date(text) == expected


# Whole synthetic exports, through the import service's entry point.


def read_export(path: Path) -> dict[str, FileResult]:
    results = list(read_path(path, UTC))
    names = [r.name for r in results]
    assert len(names) == len(set(names))
    return by_name(results)


def check_export(results: dict[str, FileResult]) -> None:
    assert sorted(results) == sorted(
        ["activities.csv", "activities/101.gpx", "activities/102.tcx.gz", "activities/103.gpx",
         "activities/106.gpx", "activities/999.gpx"]
    )  # fmt: skip
    tempo = only(results["activities/101.gpx"])
    assert (tempo.session.name, tempo.external_id, tempo.session.rpe) == (
        "Tempo Tuesday",
        "101",
        7.0,
    )
    assert tempo.session.kind is RunKind.RACE and tempo.session.type is SessionType.RUN
    commute = only(results["activities/102.tcx.gz"])
    assert commute.session.type is SessionType.CYCLE and commute.sport == "Ride"
    assert results["activities/102.tcx.gz"].data == export_files()["activities/102.tcx.gz"]
    hike = only(results["activities/103.gpx"])
    assert hike.session.type is SessionType.WALK  # the file's sport was only inferred
    assert results["activities/106.gpx"].outcome == "rejected"
    alone = only(results["activities/999.gpx"])
    assert alone.external_id is None and alone.session.name == "From the watch"
    index = results["activities.csv"].parsed
    assert index is not None
    rows = {s.external_id: s for s in index.sessions}
    assert sorted(rows) == ["104", "105", "106"]
    assert rows["104"].session.type is SessionType.STRENGTH
    assert "not in the export" in rows["105"].notes[0]
    assert "was not usable" in rows["106"].notes[0]
    assert rows["106"].session.kind is RunKind.LONG
    assert any("2 other files" in note for note in index.notes)


def test_a_strava_export_zip_is_imported_with_its_rows_enriching_the_files(tmp_path: Path):
    pytest.importorskip("runready.importers.gpx")
    pytest.importorskip("runready.importers.tcx")
    path = tmp_path / "export_123.zip"
    path.write_bytes(as_zip(export_files()))
    check_export(read_export(path))


def test_a_strava_export_zip_inside_one_top_level_folder_is_recognised(tmp_path: Path):
    pytest.importorskip("runready.importers.gpx")
    pytest.importorskip("runready.importers.tcx")
    path = tmp_path / "export_123.zip"
    path.write_bytes(as_zip(export_files(), folder="export/"))
    check_export(read_export(path))


def test_a_strava_export_folder_is_imported_the_same_way(tmp_path: Path):
    pytest.importorskip("runready.importers.gpx")
    pytest.importorskip("runready.importers.tcx")
    check_export(read_export(as_folder(tmp_path / "export", export_files())))


def test_a_fit_file_in_a_strava_export_is_enriched(tmp_path: Path):
    pytest.importorskip("runready.importers.fit")
    fitwriter = pytest.importorskip("bench.fitwriter")
    fit = fitwriter.activity(START, "running", 1800, 5000.0, hr_at=lambda s: 130 + s // 60)
    row = csv_row(
        201, "May 1, 2024, 7:00:00 AM", "Parkrun", "Run", "activities/201.fit.gz", race="1"
    )
    files = {
        "activities.csv": f"{HEADER}\n{row}\n".encode(),
        "activities/201.fit.gz": gzip.compress(fit),
    }
    results = read_export(as_folder(tmp_path / "export", files))
    parkrun = only(results["activities/201.fit.gz"])
    assert (parkrun.session.name, parkrun.external_id, parkrun.session.kind) == (
        "Parkrun",
        "201",
        RunKind.RACE,
    )
    assert parkrun.source_format == "fit"


def fake_parse(kind: SessionType, sessions: int = 1):
    def parse(_data: bytes) -> ParsedFile:
        from runready.core.model import Session

        made = tuple(
            ImportedSession(Session(type=kind, start=START, duration_min=30.0), "gpx", "x")
            for _ in range(sessions)
        )
        return ParsedFile("gpx", made)

    return parse


def test_a_file_with_several_sessions_gets_numbered_ids(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("runready.importers.gpx.parse_gpx", fake_parse(SessionType.RUN, 2))
    row = csv_row(301, "May 1, 2024, 7:00:00 AM", "Brick", "Run", "activities/301.gpx")
    files = {"activities.csv": f"{HEADER}\n{row}\n".encode(), "activities/301.gpx": b"<gpx/>"}
    result = read_export(as_folder(tmp_path / "export", files))["activities/301.gpx"]
    assert result.parsed is not None
    assert [s.external_id for s in result.parsed.sessions] == ["301.1", "301.2"]
    assert {s.session.name for s in result.parsed.sessions} == {"Brick"}


def test_a_clear_file_type_is_not_overridden_by_the_row(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("runready.importers.gpx.parse_gpx", fake_parse(SessionType.CYCLE))
    row = csv_row(
        302, "May 1, 2024, 7:00:00 AM", "Labelled wrong", "Run", "activities/302.gpx", race="1"
    )
    files = {"activities.csv": f"{HEADER}\n{row}\n".encode(), "activities/302.gpx": b"<gpx/>"}
    ride = only(read_export(as_folder(tmp_path / "export", files))["activities/302.gpx"])
    assert ride.session.type is SessionType.CYCLE and ride.session.kind is None


def test_a_folder_with_an_activities_csv_that_is_not_stravas_is_not_an_export(tmp_path: Path):
    root = as_folder(
        tmp_path / "lifts", {"activities.csv": b"Date,Exercise,Reps\n2024-01-01,Squat,5\n"}
    )
    with open_members(root) as members:
        assert strava.find_index(members) is None


def test_an_export_folder_inside_a_larger_folder_is_still_read_as_an_export(tmp_path: Path):
    pytest.importorskip("runready.importers.gpx")
    pytest.importorskip("runready.importers.tcx")
    as_folder(tmp_path / "downloads" / "export_123", export_files())
    (tmp_path / "downloads" / "notes.txt").write_bytes(b"nothing here")
    results = list(read_path(tmp_path / "downloads", UTC))
    assert results[-1].name == "downloads/notes.txt" and results[-1].outcome == "skipped"
    check_export(by_name(results[:-1]))


def row_for(kind: str) -> strava.Row:
    row = csv_row(401, "May 1, 2024, 7:00:00 AM", "Morning", kind, "activities/401.gpx")
    [parsed], _ = strava.parse_index(f"{HEADER}\n{row}\n".encode())
    return parsed


def file_of(kind: SessionType, note: str, *, inferred: bool) -> ParsedFile:
    from runready.core.model import Session

    session = Session(type=kind, start=START, duration_min=30.0)
    imported = ImportedSession(session, "gpx", kind.value, notes=(note,), sport_inferred=inferred)
    return ParsedFile("gpx", (imported,))


def test_a_note_that_mentions_inference_does_not_make_a_clear_type_unclear():
    parsed = file_of(SessionType.CYCLE, "HR zones inferred by the app", inferred=False)
    [ride] = strava.enrich(parsed, row_for("Run")).sessions
    assert ride.session.type is SessionType.CYCLE and ride.sport == "cycle"


def test_a_sport_inferred_from_speed_takes_the_rows_type_and_is_no_longer_a_guess():
    parsed = file_of(SessionType.RUN, "sport inferred from the median speed", inferred=True)
    [ride] = strava.enrich(parsed, row_for("Ride")).sessions
    assert (ride.session.type, ride.sport, ride.sport_inferred) == (
        SessionType.CYCLE,
        "Ride",
        False,
    )


def test_a_strava_export_zip_is_listed_twice_and_its_index_inflated_once(
    tmp_path: Path, archive_reads
):
    pytest.importorskip("runready.importers.gpx")
    pytest.importorskip("runready.importers.tcx")
    path = tmp_path / "export_123.zip"
    path.write_bytes(as_zip(export_files()))
    check_export(read_export(path))
    # once to recognise the export, once to walk its files
    assert len(archive_reads.directories) == 2
    assert archive_reads.inflated.count("activities.csv") == 1
