"""GPX import: one session per file, checked against REFERENCE.json, gpxpy and hand-made tracks."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import gpxpy
import pytest

from runready.core.model import SessionType
from runready.importers.base import ImportedSession, ImportRejected, ImportSkipped
from runready.importers.gpx import parse_gpx
from runready.importers.track import EARTH_RADIUS_M
from store_support import SHARED

#: Metres per degree of latitude on the sphere the importer uses.
M_PER_DEG = EARTH_RADIUS_M * 3.141592653589793 / 180
T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def reference(shared: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((shared / "samples" / "REFERENCE.json").read_text("utf-8"))
    return {key[4:]: value for key, value in data.items() if key.startswith("gpx/")}


def samples(category: str) -> list[str]:
    """Return the GPX sample names of a REFERENCE category (none when shared is absent)."""
    path = SHARED / "samples" / "REFERENCE.json"
    if not path.is_file():
        return []
    data = json.loads(path.read_text("utf-8"))
    return sorted(
        key[4:]
        for key, value in data.items()
        if key.startswith("gpx/") and value["category"] == category
    )


def one(data: bytes) -> ImportedSession:
    parsed = parse_gpx(data)
    assert parsed.format == "gpx"
    assert len(parsed.sessions) == 1
    return parsed.sessions[0]


def track(
    points: Sequence[tuple[float, float, float | None, float | None]],
    *,
    kind: str | None = None,
    name: str | None = None,
    lon: float = 8.0,
) -> bytes:
    """Return a GPX 1.1 track of (seconds after T0, latitude, elevation, heart rate) points."""
    body = []
    for seconds, lat, ele, hr in points:
        moment = (T0 + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")
        extra = f"<ele>{ele}</ele>" if ele is not None else ""
        if hr is not None:
            extra += (
                "<extensions><gpxtpx:TrackPointExtension>"
                f"<gpxtpx:hr>{hr}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>"
            )
        body.append(f'<trkpt lat="{lat:.7f}" lon="{lon}">{extra}<time>{moment}</time></trkpt>')
    head = f"<name>{name}</name>" if name else ""
    head += f"<type>{kind}</type>" if kind else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk>{head}<trkseg>{''.join(body)}</trkseg></trk></gpx>"
    ).encode()


def steady(speed_mps: float, seconds: int, step: int = 1, hr: float | None = None) -> bytes:
    """Return a straight track north at a steady speed."""
    return track(
        [(t, 45 + speed_mps * t / M_PER_DEG, None, hr) for t in range(0, seconds + 1, step)]
    )


# --- The shared samples, against REFERENCE.json and gpxpy -----------------------------------


@pytest.mark.parametrize("name", samples("activity"))
def test_every_recorded_gpx_sample_matches_the_reference(shared: Path, name: str) -> None:
    expected = reference(shared)[name]["sessions"][0]
    session = one((shared / "samples" / "gpx" / name).read_bytes()).session
    assert session.start == datetime.fromisoformat(expected["start_utc"])
    assert session.duration_min * 60 == pytest.approx(expected["elapsed_s"], rel=0.02, abs=1)
    assert session.distance_km is not None
    assert session.distance_km * 1000 == pytest.approx(expected["distance_m"], rel=0.02, abs=1)


@pytest.mark.parametrize("name", samples("activity"))
def test_distance_is_the_length_along_the_slope_as_gpxpy_measures_it(
    shared: Path, name: str
) -> None:
    data = (shared / "samples" / "gpx" / name).read_bytes()
    session = one(data).session
    assert session.distance_km is not None
    expected = gpxpy.parse(data.decode("utf-8-sig")).length_3d()
    assert session.distance_km * 1000 == pytest.approx(expected, rel=0.002, abs=0.5)


@pytest.mark.parametrize("name", samples("no_times"))
def test_gpx_samples_without_timed_points_are_skipped_as_routes(shared: Path, name: str) -> None:
    with pytest.raises(ImportSkipped, match="GPX without times: a route"):
        parse_gpx((shared / "samples" / "gpx" / name).read_bytes())


def test_heart_rate_is_read_from_the_garmin_extension_whatever_its_prefix(shared: Path) -> None:
    path = shared / "samples" / "gpx" / "workoutizer__garmin_example.gpx"
    root = ET.parse(path).getroot()
    rates = [int(e.text or 0) for e in root.iter() if e.tag.endswith("}hr")]
    session = one(path.read_bytes()).session
    assert rates and session.max_hr_bpm == max(rates)
    assert session.avg_hr_bpm == pytest.approx(sum(rates) / len(rates), rel=0.02)
    assert sum(seconds for _, seconds in session.hr_histogram) > 0.9 * session.duration_min * 60


def test_a_track_named_and_typed_in_the_file_keeps_its_name_and_sport(shared: Path) -> None:
    item = one((shared / "samples" / "gpx" / "workoutizer__garmin_example.gpx").read_bytes())
    assert item.session.type is SessionType.RUN
    assert item.session.name == "Mannheim Running"
    assert item.sport == "running"
    assert item.notes == ()


def test_an_unrecognised_track_type_falls_back_to_speed_with_a_note(shared: Path) -> None:
    item = one((shared / "samples" / "gpx" / "gpxpy__korita-zbevnica.gpx").read_bytes())
    assert item.session.type is SessionType.WALK
    assert "'jkljkl' not recognised" in item.notes[0]
    assert "inferred from the median moving speed" in item.notes[0]


# --- Hand-made tracks --------------------------------------------------------------------


def test_a_gpx_without_times_is_skipped_as_a_route() -> None:
    route = (
        b'<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><rte><name>Loop</name>'
        b'<rtept lat="45" lon="8"/><rtept lat="45.01" lon="8"/></rte>'
        b'<wpt lat="45" lon="8"><time>2024-05-01T10:00:00Z</time></wpt>'
        b'<trk><trkseg><trkpt lat="45" lon="8"><ele>3</ele></trkpt></trkseg></trk></gpx>'
    )
    with pytest.raises(
        ImportSkipped, match=r"^GPX without times: a route, not a recorded activity$"
    ):
        parse_gpx(route)


def test_an_empty_gpx_is_skipped() -> None:
    with pytest.raises(ImportSkipped):
        parse_gpx(b'<gpx version="1.0" xmlns="http://www.topografix.com/GPX/1/0"/>')


def test_a_document_that_is_not_gpx_is_rejected() -> None:
    with pytest.raises(ImportRejected, match="root element is <TrainingCenterDatabase>"):
        parse_gpx(b"<TrainingCenterDatabase/>")


def test_start_elapsed_and_distance_come_from_the_points() -> None:
    session = one(steady(3.0, 600, step=5)).session
    assert session.start == T0
    assert session.duration_min == 10
    assert session.distance_km == pytest.approx(1.8, rel=0.001)
    assert session.moving_min == pytest.approx(10)


def test_moving_time_leaves_out_a_stop() -> None:
    walk = [(t, 45 + 1.5 * t / M_PER_DEG, None, None) for t in range(0, 301, 5)]
    stop = [(300 + t, walk[-1][1], None, None) for t in range(5, 301, 5)]
    more = [(600 + t, walk[-1][1] + 1.5 * t / M_PER_DEG, None, None) for t in range(5, 301, 5)]
    session = one(track(walk + stop + more)).session
    assert session.duration_min == 15
    assert session.moving_min == pytest.approx(10)


def test_gps_drift_slower_than_the_threshold_is_not_moving() -> None:
    session = one(steady(0.3, 300)).session
    assert session.moving_min == 0


def test_elevation_loss_counts_real_descents_and_ignores_noise() -> None:
    profile = [100, 101, 99, 100.5, 99.5, 100, 90, 91, 89.5, 80, 82, 81.5]
    points = [(t * 10, 45 + t * 30 / M_PER_DEG, ele, None) for t, ele in enumerate(profile)]
    session = one(track(points)).session
    assert session.elevation_loss_m == pytest.approx(21)  # from the 101 m peak to 80 m


def test_a_flat_track_loses_no_elevation_and_a_track_without_ele_has_none() -> None:
    assert one(track([(0, 45, 10, None), (10, 45.001, 11.5, None)])).session.elevation_loss_m == 0
    assert one(steady(3, 60)).session.elevation_loss_m is None


def test_hr_histogram_counts_seconds_per_bpm_with_each_gap_capped_at_10_seconds() -> None:
    points = [
        (0, 45.0, None, 120),
        (4, 45.0001, None, 130),
        (30, 45.0002, None, 130),  # 26 s gap: counts as 10 s of 130
        (35, 45.0003, None, 140),
        (36, 45.0004, None, None),
    ]
    session = one(track(points)).session
    assert session.hr_histogram == ((120, 4.0), (130, 15.0), (140, 1.0))
    assert session.max_hr_bpm == 140
    assert session.avg_hr_bpm == pytest.approx((120 * 4 + 130 * 15 + 140) / 20, abs=0.05)


def test_implausible_heart_rates_are_ignored_and_noted() -> None:
    item = one(track([(0, 45, None, 0), (1, 45.00001, None, 300), (2, 45.00002, None, 150)]))
    assert item.session.max_hr_bpm == 150
    assert any("2 implausible values ignored" in note for note in item.notes)


@pytest.mark.parametrize(
    ("speed_kmh", "kind"),
    [(5.0, SessionType.WALK), (12.0, SessionType.RUN), (28.0, SessionType.CYCLE)],
)
def test_without_a_type_the_sport_is_inferred_from_the_median_moving_speed(
    speed_kmh: float, kind: SessionType
) -> None:
    item = one(steady(speed_kmh / 3.6, 600))
    assert item.session.type is kind
    assert item.notes == (
        f"sport inferred from the median moving speed ({speed_kmh:.1f} km/h): {kind.value}",
    )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("running", SessionType.RUN), ("Ride", SessionType.CYCLE), ("hiking", SessionType.WALK)],
)
def test_the_track_type_names_the_sport(kind: str, expected: SessionType) -> None:
    points = [(t, 45 + 8 * t / M_PER_DEG, None, None) for t in range(0, 61)]
    item = one(track(points, kind=kind, name="Morning"))
    assert item.session.type is expected
    assert item.session.name == "Morning"
    assert item.notes == ()


def test_a_single_timed_point_without_movement_is_a_zero_minute_session_of_unknown_sport() -> None:
    item = one(track([(0, 45, 5, None)]))
    assert item.session.duration_min == 0
    assert item.session.type is SessionType.OTHER
    assert item.notes == ("sport unknown: no movement",)


def test_times_with_offsets_become_utc_and_naive_times_are_taken_as_utc() -> None:
    data = (
        b'<gpx version="1.1"><trk><trkseg>'
        b'<trkpt lat="45" lon="8"><time>2024-05-01T12:00:00+02:00</time></trkpt>'
        b'<trkpt lat="45.01" lon="8"><time>2024-05-01T10:10:00</time></trkpt>'
        b"</trkseg></trk></gpx>"
    )
    session = one(data).session
    assert session.start == T0
    assert session.start.utcoffset() == timedelta(0)
    assert session.duration_min == 10


def test_all_tracks_and_segments_make_one_session_without_distance_across_the_gaps() -> None:
    seg = '<trkseg><trkpt lat="{0}" lon="8"><time>{1}</time></trkpt>'
    seg += '<trkpt lat="{2}" lon="8"><time>{3}</time></trkpt></trkseg>'
    first = seg.format(45, "2024-05-01T10:00:00Z", 45.001, "2024-05-01T10:01:00Z")
    second = seg.format(46, "2024-05-01T11:00:00Z", 46.001, "2024-05-01T11:01:00Z")
    data = f"<gpx><trk>{first}</trk><trk>{second}</trk></gpx>".encode()
    session = one(data).session
    assert session.duration_min == 61
    assert session.distance_km == pytest.approx(2 * 0.001 * M_PER_DEG / 1000)
    assert session.moving_min == pytest.approx(2)


def test_gpx_1_0_with_a_utf8_bom_and_prefixed_extensions_is_read() -> None:
    data = (
        '\ufeff<?xml version="1.0" encoding="UTF-8"?>'
        '<gpx version="1.0" xmlns="http://www.topografix.com/GPX/1/0" '
        'xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v2"><trk><trkseg>'
        '<trkpt lat="45" lon="8"><time>2024-05-01T10:00:00Z</time>'
        "<ns3:TrackPointExtension><ns3:hr>151</ns3:hr></ns3:TrackPointExtension></trkpt>"
        '<trkpt lat="45.001" lon="8"><time>2024-05-01T10:00:30Z</time></trkpt>'
        "</trkseg></trk></gpx>"
    ).encode()
    session = one(data).session
    assert session.hr_histogram == ((151, 10.0),)


def test_unreadable_times_alone_are_rejected_and_among_good_ones_are_noted() -> None:
    point = b'<trkpt lat="45" lon="8"><time>yesterday</time></trkpt>'
    bad = b"<gpx><trk><trkseg>" + point + b"</trkseg></trk></gpx>"
    with pytest.raises(ImportRejected, match="times are unreadable"):
        parse_gpx(bad)
    mixed = track([(0, 45, None, None), (60, 45.001, None, None)]).replace(
        b"</trkseg>", b'<trkpt lat="45.002" lon="8"><time>1999-13-45</time></trkpt></trkseg>'
    )
    assert "1 point times unreadable and ignored" in one(mixed).notes


def test_a_track_spanning_more_than_a_week_is_rejected_with_a_reason() -> None:
    # Standing still for 8 days: no moving time to fall back on, so nothing to import.
    with pytest.raises(ImportRejected, match="GPX track: elapsed time of 8.0 days is beyond"):
        parse_gpx(track([(0, 45, None, None), (8 * 86_400, 45.001, None, None)]))


def test_a_gpx_whose_clock_ran_for_nine_days_is_kept_with_its_moving_time() -> None:
    moving = [(t, 45 + 3 * t / M_PER_DEG, None, None) for t in range(0, 1801, 10)]
    left_running = (9 * 86_400, moving[-1][1], None, None)
    item = one(track([*moving, left_running]))
    assert item.session.duration_min == pytest.approx(30)
    assert item.session.moving_min == pytest.approx(30)
    assert "elapsed time of 9.0 days is implausible; used the moving time" in item.notes


def test_a_sport_guessed_from_speed_is_marked_as_inferred_and_a_named_one_is_not() -> None:
    assert one(steady(3, 600)).sport_inferred is True
    named = track([(t, 45 + 3 * t / M_PER_DEG, None, None) for t in range(0, 601, 10)], kind="run")
    assert one(named).sport_inferred is False
