"""TCX import: every Activity a session, checked against REFERENCE.json and hand-made files."""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from runready.core.model import SessionType
from runready.importers.base import ImportedSession, ImportRejected, ImportSkipped
from runready.importers.tcx import parse_tcx
from store_support import SHARED

T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
#: REFERENCE has no start for this file: tcxreader drops trackpoints without a GPS position, and
#: this Polar indoor ride has none. Its Id, laps and 6 862 timed trackpoints do date it.
INDOOR_RIDE = "GoldenCheetah__2020-02-05_17-25-14_Training-with-Notes.tcx"


def reference() -> dict[str, Any]:
    path = SHARED / "samples" / "REFERENCE.json"
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return {key[4:]: value for key, value in data.items() if key.startswith("tcx/")}


def samples(category: str) -> list[str]:
    return sorted(name for name, value in reference().items() if value["category"] == category)


def read_sample(shared: Path, name: str) -> bytes:
    data = (shared / "samples" / "tcx" / name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


def stamp(seconds: float) -> str:
    return (T0 + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def point(
    seconds: float | None,
    dist: float | None = None,
    hr: int | None = None,
    alt: float | None = None,
    lat: float | None = None,
) -> str:
    parts = [f"<Time>{stamp(seconds)}</Time>" if seconds is not None else ""]
    if lat is not None:
        parts.append(
            f"<Position><LatitudeDegrees>{lat}</LatitudeDegrees>"
            "<LongitudeDegrees>8</LongitudeDegrees></Position>"
        )
    if alt is not None:
        parts.append(f"<AltitudeMeters>{alt}</AltitudeMeters>")
    if dist is not None:
        parts.append(f"<DistanceMeters>{dist}</DistanceMeters>")
    if hr is not None:
        parts.append(f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm>")
    return f"<Trackpoint>{''.join(parts)}</Trackpoint>"


def lap(
    start: float | None,
    total_s: float,
    dist_m: float,
    tracks: list[list[str]] | None = None,
    avg_hr: int | None = None,
    max_hr: int | None = None,
) -> str:
    attr = f' StartTime="{stamp(start)}"' if start is not None else ""
    body = (
        f"<TotalTimeSeconds>{total_s}</TotalTimeSeconds><DistanceMeters>{dist_m}</DistanceMeters>"
    )
    if avg_hr is not None:
        body += f"<AverageHeartRateBpm><Value>{avg_hr}</Value></AverageHeartRateBpm>"
    if max_hr is not None:
        body += f"<MaximumHeartRateBpm><Value>{max_hr}</Value></MaximumHeartRateBpm>"
    body += "".join(f"<Track>{''.join(points)}</Track>" for points in tracks or [])
    return f"<Lap{attr}>{body}</Lap>"


def activity(sport: str, laps: list[str], start: float | None = 0, notes: str = "") -> str:
    head = f"<Id>{stamp(start)}</Id>" if start is not None else ""
    tail = f"<Notes>{notes}</Notes>" if notes else ""
    return f'<Activity Sport="{sport}">{head}{"".join(laps)}{tail}</Activity>'


def tcx(*activities: str, prefix: str = "") -> bytes:
    tag = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    body = "".join(activities)
    if prefix:
        body = body.replace("<", f"<{tag}").replace(f"<{tag}/", f"</{tag}")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{tag}TrainingCenterDatabase {xmlns}="{NS}">'
        f"<{tag}Activities>{body}</{tag}Activities></{tag}TrainingCenterDatabase>"
    ).encode()


def one(data: bytes) -> ImportedSession:
    parsed = parse_tcx(data)
    assert parsed.format == "tcx"
    assert len(parsed.sessions) == 1
    return parsed.sessions[0]


# --- The shared samples, against REFERENCE.json ------------------------------------------


@pytest.mark.parametrize("name", [n for n in samples("activity") if n != INDOOR_RIDE])
def test_every_recorded_tcx_sample_matches_the_reference(shared: Path, name: str) -> None:
    expected = reference()[name]["sessions"]
    parsed = parse_tcx(read_sample(shared, name))
    assert len(parsed.sessions) == len(expected)
    for item, want in zip(parsed.sessions, expected, strict=True):
        session = item.session
        start = datetime.fromisoformat(want["start_utc"])
        start = start if start.tzinfo else start.replace(tzinfo=UTC)
        assert abs((session.start - start).total_seconds()) <= 60
        assert session.duration_min * 60 == pytest.approx(want["elapsed_s"], rel=0.02)
        assert session.distance_km is not None
        assert session.distance_km * 1000 == pytest.approx(want["distance_m"], rel=0.02)
        assert item.sport == want["sport"]


def test_the_indoor_ride_the_reference_cannot_date_is_imported_from_its_trackpoints(
    shared: Path,
) -> None:
    data = read_sample(shared, INDOOR_RIDE)
    assert reference()[INDOOR_RIDE]["sessions"][0]["start_utc"] is None
    root = ET.fromstring(data)
    times = [e.text for e in root.iter(f"{{{NS}}}Time")]
    rates = [int(v.text or 0) for e in root.iter(f"{{{NS}}}HeartRateBpm") for v in e]
    item = one(data)
    session = item.session
    assert session.type is SessionType.CYCLE
    assert session.start == datetime.fromisoformat(times[0] or "")
    last = datetime.fromisoformat(times[-1] or "")
    assert session.end == last
    assert session.distance_km is None
    assert "no distance recorded" in item.notes
    assert session.max_hr_bpm == max(rates) == 185
    assert session.avg_hr_bpm == pytest.approx(sum(rates) / len(rates), abs=1)
    assert item.external_id == "2020-02-05T16:25:14.909Z"


@pytest.mark.parametrize("name", samples("corrupt"))
def test_tcx_samples_with_text_before_the_xml_declaration_are_rejected(
    shared: Path, name: str
) -> None:
    expected = reference()[name]["decode_error"]
    with pytest.raises(ImportRejected) as rejected:
        parse_tcx(read_sample(shared, name))
    assert str(rejected.value) == f"malformed XML: {expected}"


def test_an_id_far_from_the_trackpoints_is_noted_and_the_trackpoints_win(shared: Path) -> None:
    item = one(read_sample(shared, "sport-activities-features__dead_end.tcx"))
    assert item.session.start == datetime(2021, 9, 29, 15, 17, 30, tzinfo=UTC)
    assert item.notes[0].startswith("the Id says 2015-02-19T09:31:29.000Z")
    assert item.session.moving_min == pytest.approx(60)


def test_heart_rate_agrees_with_the_trackpoints_and_the_laps(shared: Path) -> None:
    data = read_sample(shared, "sport-activities-features__walking_activity_1.tcx")
    root = ET.fromstring(data)
    rates = [int(v.text or 0) for e in root.iter(f"{{{NS}}}HeartRateBpm") for v in e]
    lap_max = [int(v.text or 0) for e in root.iter(f"{{{NS}}}MaximumHeartRateBpm") for v in e]
    session = one(data).session
    assert session.max_hr_bpm == max(rates) <= max(lap_max)
    assert session.avg_hr_bpm == pytest.approx(sum(rates) / len(rates), rel=0.03)
    assert session.elevation_loss_m is not None and session.elevation_loss_m > 0


# --- Hand-made files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sport", "kind"),
    [("Running", SessionType.RUN), ("Biking", SessionType.CYCLE), ("Other", SessionType.OTHER)],
)
def test_the_sport_attribute_names_the_session_type(sport: str, kind: SessionType) -> None:
    points = [point(t, dist=t * 3.0) for t in range(0, 61, 5)]
    item = one(tcx(activity(sport, [lap(0, 60, 180, [points])])))
    assert item.session.type is kind
    assert item.sport == sport
    assert item.notes == ()


@pytest.mark.parametrize(
    ("notes", "kind"),
    [
        ("Strength training", SessionType.STRENGTH),
        ("Pool swim\nfelt heavy", SessionType.SWIM),
        ("Yoga", SessionType.YOGA),
        ("Long day: training in the rain, then a run home with friends", SessionType.OTHER),
    ],
)
def test_other_takes_its_sport_from_short_notes_only(notes: str, kind: SessionType) -> None:
    item = one(tcx(activity("Other", [lap(0, 1800, 0, [[point(0), point(1800)]])], notes=notes)))
    assert item.session.type is kind


def test_every_activity_in_a_file_becomes_a_session() -> None:
    first = activity("Running", [lap(0, 600, 2000, [[point(0, 0), point(600, 2000)]])])
    second = activity(
        "Biking", [lap(3600, 1200, 9000, [[point(3600, 0), point(4800, 9000)]])], 3600
    )
    parsed = parse_tcx(tcx(first, second))
    assert [s.session.type for s in parsed.sessions] == [SessionType.RUN, SessionType.CYCLE]
    assert [s.session.start for s in parsed.sessions] == [T0, T0 + timedelta(hours=1)]
    assert [s.session.distance_km for s in parsed.sessions] == [2.0, 9.0]


def test_elements_are_matched_whatever_the_namespace_prefix() -> None:
    data = tcx(activity("Running", [lap(0, 60, 200, [[point(0, 0), point(60, 200)]])]), prefix="t")
    assert one(data).session.distance_km == 0.2


def test_distance_is_the_sum_of_the_laps_and_elapsed_spans_the_trackpoints() -> None:
    laps = [
        lap(0, 300, 1000, [[point(0, 0, 140), point(300, 1000, 150)]]),
        lap(400, 300, 1100, [[point(400, 1000, 150), point(700, 2100, 160)]]),
    ]
    session = one(tcx(activity("Running", laps))).session
    assert session.distance_km == pytest.approx(2.1)
    assert session.duration_min == pytest.approx(700 / 60)
    assert session.moving_min == pytest.approx(600 / 60)


def test_without_lap_distances_the_trackpoints_then_the_positions_give_the_distance() -> None:
    device = [lap(0, 60, 0, [[point(0, 0), point(60, 250)]])]
    assert one(tcx(activity("Running", device))).session.distance_km == 0.25
    gps = [lap(0, 60, 0, [[point(0, lat=45), point(60, lat=45.001)]])]
    assert one(tcx(activity("Running", gps))).session.distance_km == pytest.approx(0.1113, 0.001)


def test_a_lap_only_activity_is_dated_by_its_id_and_timed_by_its_laps() -> None:
    laps = [lap(0, 600, 1500, avg_hr=140, max_hr=160), lap(600, 1200, 3000, avg_hr=150, max_hr=170)]
    item = one(tcx(activity("Running", laps)))
    session = item.session
    assert session.start == T0
    assert session.duration_min == 30
    assert session.avg_hr_bpm == pytest.approx((140 * 600 + 150 * 1200) / 1800, abs=0.05)
    assert session.max_hr_bpm == 170
    assert session.hr_histogram == ()
    assert "no timed trackpoints" in item.notes[0]


def test_the_hr_histogram_comes_from_trackpoints_with_gaps_capped_at_10_seconds() -> None:
    points = [point(0, 0, 120), point(5, 10, 130), point(65, 200, 140), point(66, 203)]
    session = one(tcx(activity("Running", [lap(0, 66, 203, [points])]))).session
    assert session.hr_histogram == ((120, 5.0), (130, 10.0), (140, 1.0))


def test_elevation_loss_comes_from_altitude_with_noise_ignored() -> None:
    alts = [50, 51, 49.5, 50, 40, 41, 30]
    points = [point(t * 10, t * 30, alt=a) for t, a in enumerate(alts)]
    session = one(tcx(activity("Running", [lap(0, 60, 180, [points])]))).session
    assert session.elevation_loss_m == pytest.approx(21)  # from the 51 m peak to 30 m


def test_a_pause_between_tracks_is_not_moving_time() -> None:
    tracks = [[point(0, 0), point(300, 900)], [point(900, 900), point(1200, 1800)]]
    session = one(tcx(activity("Running", [lap(0, 600, 1800, tracks)]))).session
    assert session.duration_min == 20
    assert session.moving_min == pytest.approx(10)


def test_a_tcx_without_activities_is_skipped_as_a_course_or_workout() -> None:
    course = (
        f'<TrainingCenterDatabase xmlns="{NS}"><Courses><Course><Name>Loop</Name>'
        "<Track><Trackpoint><Time>2024-05-01T10:00:00Z</Time></Trackpoint></Track>"
        "</Course></Courses></TrainingCenterDatabase>"
    ).encode()
    with pytest.raises(ImportSkipped, match="TCX without activities"):
        parse_tcx(course)


def test_an_activity_with_no_time_at_all_is_rejected_because_it_cannot_be_dated() -> None:
    points = [point(None, 0), point(None, 1000)]
    undated = activity("Running", [lap(None, 600, 1000, [points])], start=None)
    with pytest.raises(ImportRejected, match="no time at all .* cannot be dated"):
        parse_tcx(tcx(undated))


def test_an_undated_activity_beside_a_dated_one_is_left_out_with_a_note() -> None:
    undated = activity("Running", [lap(None, 600, 1000)], start=None)
    dated = activity("Biking", [lap(0, 600, 5000)])
    parsed = parse_tcx(tcx(undated, dated))
    assert [s.session.type for s in parsed.sessions] == [SessionType.CYCLE]
    assert "TCX activity 1: no time at all" in parsed.notes[0]


def test_an_empty_activity_is_rejected_as_holding_nothing() -> None:
    with pytest.raises(ImportRejected, match="no laps or trackpoints"):
        parse_tcx(tcx(activity("Running", [])))


def test_a_document_that_is_not_tcx_is_rejected() -> None:
    with pytest.raises(ImportRejected, match="root element is <gpx>"):
        parse_tcx(b"<gpx/>")


def test_implausible_values_are_ignored_and_noted() -> None:
    points = [point(0, 0, 999), point(60, 200, 150, alt=float("nan"))]
    data = tcx(activity("Running", [lap(0, float("inf"), 200, [points], avg_hr=-3)]))
    item = one(data)
    assert item.session.max_hr_bpm == 150
    assert item.session.duration_min == 1
    assert any("unreadable or implausible values ignored" in note for note in item.notes)


def test_a_tcx_activity_whose_clock_ran_for_nine_days_keeps_its_moving_time_and_file() -> None:
    points = [point(t, t * 3.0) for t in range(0, 1801, 10)] + [point(9 * 86_400, 5400.0)]
    left_running = activity("Running", [lap(0, 1800, 5400, [points])])
    ride_points = [point(86_400 + t, t * 8.0) for t in range(0, 601, 10)]
    ride = activity("Biking", [lap(86_400, 600, 4800, [ride_points])], start=86_400)
    run, after = parse_tcx(tcx(left_running, ride)).sessions
    assert run.session.duration_min == pytest.approx(30)
    assert "elapsed time of 9.0 days is implausible; used the moving time" in run.notes
    assert after.session.type is SessionType.CYCLE and after.session.duration_min == 10


def test_an_activity_without_any_plausible_duration_is_noted_and_the_others_are_kept() -> None:
    stuck = [point(0, 0.0), point(9 * 86_400, 0.0)]
    ride_points = [point(86_400 + t, t * 8.0) for t in range(0, 601, 10)]
    parsed = parse_tcx(
        tcx(
            activity("Running", [lap(0, 0, 0, [stuck])]),
            activity("Biking", [lap(86_400, 600, 4800, [ride_points])], start=86_400),
        )
    )
    assert [s.session.type for s in parsed.sessions] == [SessionType.CYCLE]
    assert parsed.notes == (
        f"TCX activity 1 ({stamp(0)}): elapsed time of 9.0 days is beyond the 7-day limit",
    )
