"""The FIT importer: real sample files against the reference, written files, damage and fuzzing."""

from __future__ import annotations

import io
import json
import math
import os
import random
import struct
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fitdecode
import pytest
from bench import fitwriter, limits
from hypothesis import given
from hypothesis import strategies as st

from runready.core.exercises import resolve
from runready.core.model import SessionType
from runready.importers.base import ImportRejected, ImportSkipped, ParsedFile
from runready.importers.fit import parse_fit
from runready.importers.fit_exercises import exercise_name
from runready.importers.fit_profile import fit_crc
from store_support import SHARED

FIT_DIR = SHARED / "samples" / "fit"
SAMPLES = sorted(p.name for p in FIT_DIR.iterdir()) if FIT_DIR.is_dir() else []
START = datetime(2026, 11, 21, 7, 0, tzinfo=UTC)


def sample(shared: Path, name: str) -> bytes:
    return (shared / "samples" / "fit" / name).read_bytes()


def reference(shared: Path, name: str) -> dict:
    return json.loads((shared / "samples" / "REFERENCE.json").read_text())[f"fit/{name}"]


def within(value: float | None, expected: float | None, share: float) -> bool:
    if expected is None or value is None:
        return expected in (None, 0.0) and value in (None, 0.0)
    return abs(value - expected) <= share * abs(expected) + 1e-9


def run(seconds: int = 1800, start: datetime = START, **options: object) -> bytes:
    return fitwriter.activity(
        start, "running", seconds, seconds * 3.0, hr_at=lambda s: 120 + (s // 60) % 40, **options
    )


# --- The shared samples against REFERENCE.json (what fitdecode read from each file) -----------


@pytest.mark.parametrize("name", SAMPLES)
def test_every_fit_sample_is_read_as_the_reference_says(shared: Path, name: str) -> None:
    expected = reference(shared, name)
    data = sample(shared, name)
    if expected["category"] == "not_activity":
        with pytest.raises(ImportSkipped) as skipped:
            parse_fit(data)
        message = str(skipped.value)
        assert "\n" not in message and expected["file_type"] in message
        return
    if expected["category"] == "corrupt":
        with pytest.raises(ImportRejected) as rejected:
            parse_fit(data)
        message = str(rejected.value)
        assert "\n" not in message and len(message) > 10
        return
    parsed = parse_fit(data)
    wanted = [s for s in expected["sessions"] if s["sport"] != "transition"]
    assert len(parsed.sessions) == len(wanted)
    for got, want in zip(parsed.sessions, wanted, strict=True):
        session = got.session
        start = datetime.fromisoformat(want["start_utc"])
        assert abs((session.start - start).total_seconds()) <= 60
        assert within(session.duration_min * 60, want["elapsed_s"], 0.02)
        assert within(
            session.moving_min * 60 if session.moving_min is not None else None,
            want["timer_s"],
            0.02,
        )
        assert within(
            session.distance_km * 1000 if session.distance_km is not None else None,
            want["distance_m"],
            0.02,
        )
        assert got.sport.startswith(want["sport"]) and got.source_format == "fit"
        assert all("\n" not in note for note in got.notes + parsed.notes)


def test_a_file_that_is_not_fit_is_rejected_as_such() -> None:
    for data in (b"", b"hello", b"<?xml version='1.0'?><gpx/>", b"\x0e\x10" + b"\0" * 40):
        with pytest.raises(ImportRejected, match="^not a FIT file$"):
            parse_fit(data)


def test_damaged_files_keep_the_sessions_read_before_the_damage(shared: Path) -> None:
    cases = {
        "python-fitparse__strava-android-app-201.10-b1218918.fit": "local message 11",
        "python-fitparse__activity-unexpected-eof.fit": "file ends inside a message",
        "python-fitparse__activity-settings-corruptheader.fit": "chained file at byte 771",
    }
    for name, problem in cases.items():
        parsed = parse_fit(sample(shared, name))
        assert len(parsed.sessions) == 1
        (note,) = [n for n in parsed.notes if problem in n]
        assert "byte" in note


def test_damage_before_any_session_rejects_the_file_naming_the_byte() -> None:
    data = run(600)
    with pytest.raises(ImportRejected, match=r"inside a message at byte \d+, before any session"):
        parse_fit(data[: len(data) // 2])
    # Header (14) + file_id definition (21) + file_id data (14): the next record header is at 49.
    broken = data[:49] + b"\x0b" + data[49:]  # local message 11 was never defined
    with pytest.raises(
        ImportRejected, match="local message 11 used before its definition at byte 49"
    ):
        parse_fit(broken)


def test_a_relative_start_that_cannot_be_anchored_is_rejected(shared: Path) -> None:
    # The Forerunner 70 wrote start_time 17217864: seconds since power-on, no correlation.
    with pytest.raises(ImportRejected, match="device-relative time"):
        parse_fit(sample(shared, "python-fitparse__compressed-speed-distance.fit"))


def test_a_relative_start_is_anchored_by_a_timestamp_correlation() -> None:
    enc = fitwriter.Encoder()
    absolute = fitwriter.fit_time(START)
    enc.define(0, 0, [(0, "enum"), (4, "uint32")])
    enc.write(0, 4, 1000)
    enc.define(1, 162, [(253, "uint32"), (1, "uint32")])
    enc.write(1, absolute + 500, 1500)  # device clock 1500 s is START + 500 s
    enc.define(2, 18, [(253, "uint32"), (2, "uint32"), (7, "uint32"), (5, "enum")])
    enc.write(2, 1600, 1000, 600_000, 1)
    (session,) = parse_fit(enc.finish()).sessions
    assert session.session.start == START
    assert session.session.type is SessionType.RUN


def test_an_activity_without_a_session_summary_is_rejected(shared: Path) -> None:
    with pytest.raises(ImportRejected, match="^no session summary in the activity file$"):
        parse_fit(sample(shared, "python-fitparse__DeveloperData.fit"))


# --- Chains, CRC, heart rate --------------------------------------------------------------------


def test_a_chained_file_yields_the_sessions_of_each_part(shared: Path) -> None:
    parsed = parse_fit(sample(shared, "python-fitparse__activity-activity-filecrc.fit"))
    assert len(parsed.sessions) == 2
    assert parsed.notes == ("CRC mismatch (chained file 2)",)
    written = parse_fit(fitwriter.chain(run(600), fitwriter.non_activity("settings"), run(900)))
    assert [s.session.duration_min for s in written.sessions] == [10.0, 15.0]
    assert "skipped a FIT settings file (chained file 2)" in written.notes


@pytest.mark.parametrize("build", [limits.empty_fit_chain, limits.large_fit_chain])
def test_the_audits_long_chains_are_refused_before_any_file_is_decoded(
    build: Callable[[], bytes], parts_decoded: list[int]
) -> None:
    data = build()  # 1,000,000 empty headers (16 MB); 49 copies of a 2.4 MB run (117 MB)
    tracemalloc.start()
    try:
        with pytest.raises(ImportRejected, match="more than 32 FIT files chained in one file"):
            parse_fit(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert parts_decoded == []
    assert peak < 100_000 < len(data)


def test_a_chain_of_32_files_is_read_whole_and_one_more_is_refused(
    parts_decoded: list[int],
) -> None:
    runs = [run(60, start=START + timedelta(days=day)) for day in range(33)]
    assert len(parse_fit(fitwriter.chain(*runs[:32])).sessions) == 32
    assert len(parts_decoded) == 32
    with pytest.raises(ImportRejected, match="more than 32"):
        parse_fit(fitwriter.chain(*runs))
    assert len(parts_decoded) == 32


def test_chained_files_are_decoded_one_at_a_time_so_memory_follows_the_largest_one() -> None:
    runs = [run(3600, start=START + timedelta(days=day)) for day in range(8)]
    parse_fit(runs[0])  # compiled definitions are cached: measure warm

    def peak_bytes(data: bytes) -> int:
        tracemalloc.start()
        try:
            assert parse_fit(data).sessions
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    one, chained = peak_bytes(runs[0]), peak_bytes(fitwriter.chain(*runs))
    # Holding all eight at once took over twice the peak of one.
    assert chained < 1.5 * one


def test_a_bad_file_crc_is_a_note_not_a_rejection() -> None:
    data = bytearray(run(300))
    data[-1] ^= 0xFF
    parsed = parse_fit(bytes(data))
    assert parsed.notes == ("CRC mismatch",) and len(parsed.sessions) == 1


def test_the_crc_matches_the_reference_algorithm_and_the_samples(shared: Path) -> None:
    rng = random.Random(7)
    for size in (0, 1, 2, 3, 17, 1000):
        data = rng.randbytes(size)
        assert fit_crc(data) == fitwriter.crc16(data)
    data = sample(shared, "fit-benchmarks__sample.fit")
    assert fit_crc(data) == 0  # the CRC over a file including its stored CRC is zero


@pytest.mark.parametrize(
    "name", ["fitdecode__garmin-fr935-cr.fit", "python-fitparse__event_timestamp.fit"]
)
def test_strap_heart_rate_fills_the_histogram_of_swims(shared: Path, name: str) -> None:
    data = sample(shared, name)
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.DISABLED) as reader:
        beats = [
            frame.get_value("heart_rate", fallback=None)
            for frame in reader
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record"
        ]
    (imported,) = parse_fit(data).sessions
    session = imported.session
    hist = dict(session.hr_histogram)
    mean = sum(b * s for b, s in hist.items()) / sum(hist.values())
    assert "heart rate from the strap's stored hr messages" in imported.notes
    assert sum(hist.values()) > sum(1 for b in beats if b is not None)  # records cover less
    assert max(hist) == session.max_hr_bpm and abs(mean - (session.avg_hr_bpm or 0)) < 10
    assert sum(hist.values()) > 0.7 * session.duration_min * 60


@pytest.mark.parametrize(
    "name",
    [
        "fit-benchmarks__sample.fit",
        "python-fitparse__Edge810-Vector-2013-08-16-15-35-10.fit",
        "python-fitparse__developer-types-sample.fit",
        "python-fitparse__coros-pace-2-cycling-misaligned-fields.fit",
        "GoldenCheetah__Move_2020_01_15_19_27_16_Running.fit",
        "workoutizer__2020-09-12-11-15-46.fit",
    ],
)
@pytest.mark.filterwarnings("ignore:invalid field size")  # COROS: fitdecode warns, reads on
def test_record_heart_rate_agrees_with_fitdecode(shared: Path, name: str) -> None:
    data = sample(shared, name)
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.DISABLED) as reader:
        points = [
            (
                frame.get_value("timestamp", fallback=None),
                frame.get_value("heart_rate", fallback=None),
            )
            for frame in reader
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record"
        ]
    (imported,) = parse_fit(data).sessions
    session = imported.session
    window = [
        bpm
        for moment, bpm in points
        if moment is not None and bpm and session.start <= moment <= session.end
    ]
    hist = dict(session.hr_histogram)
    assert bool(hist) == bool(window)
    if window:
        assert max(hist) == max(window) and min(hist) == min(window)
        assert sum(hist.values()) <= session.duration_min * 60 + 1e-6


# --- Written files round-trip -------------------------------------------------------------------


def test_a_written_run_reads_back_with_its_numbers() -> None:
    def altitude(s: int) -> float:
        return 200 + 30 * math.sin(s / 300)

    data = fitwriter.activity(
        START, "running", 2700, 9000.0, hr_at=lambda s: 120 + s // 60, altitude_at=altitude,
        local_offset=timedelta(hours=1), sub_sport="trail",
    )  # fmt: skip
    (imported,) = parse_fit(data).sessions
    session = imported.session
    assert imported.sport == "running/trail" and session.type is SessionType.RUN
    assert session.start == START and session.start.utcoffset() == timedelta(hours=1)
    assert (session.duration_min, session.moving_min, session.distance_km) == (45.0, 45.0, 9.0)
    assert session.max_hr_bpm == 164 and session.avg_hr_bpm == 142
    assert sum(s for _, s in session.hr_histogram) == 2700
    assert session.hr_histogram[0] == (120, 60) and session.elevation_loss_m == pytest.approx(
        -sum(min(0.0, altitude(s + 1) - altitude(s)) for s in range(2699)), abs=1
    )
    assert imported.external_id is not None and imported.external_id.startswith("fit:")


def test_the_local_offset_is_rounded_to_a_quarter_hour() -> None:
    data = run(600, local_offset=timedelta(hours=5, minutes=45, seconds=20))
    assert parse_fit(data).sessions[0].session.start.utcoffset() == timedelta(hours=5, minutes=45)
    assert parse_fit(run(600)).sessions[0].session.start.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "options",
    [
        {"compressed_timestamps": True},
        {"big_endian": True},
        {"summary_first": True},
        {"summary_first": True, "compressed_timestamps": True},
    ],  # fmt: skip
    ids=["compressed-timestamps", "big-endian", "summary-first", "summary-first-compressed"],
)
def test_every_layout_reads_back_like_the_plain_one(options: dict[str, bool]) -> None:
    plain = parse_fit(run(900)).sessions[0].session
    other = parse_fit(run(900, **options)).sessions[0].session
    assert other == plain


def test_multisport_drops_transitions() -> None:
    legs = [
        ("swimming", 900, 750.0, "open_water"),
        ("cycling", 1800, 15000.0),
        ("running", 1200, 4000.0),
    ]
    parsed = parse_fit(fitwriter.multisport(START, legs, hr_at=lambda s: 150))
    assert [s.sport for s in parsed.sessions] == ["swimming/open_water", "cycling", "running"]
    assert [s.session.type for s in parsed.sessions] == [
        SessionType.SWIM, SessionType.CYCLE, SessionType.RUN,
    ]  # fmt: skip
    assert parsed.sessions[1].session.start == START + timedelta(seconds=960)
    assert all(
        s.session.hr_histogram == ((150, s.session.duration_min * 60),) for s in parsed.sessions
    )


def test_strength_sets_become_exercises_the_catalogue_resolves() -> None:
    sets = [
        ("squat", 6, 5, 100.0, 40), ("squat", 6, 5, 102.5, 40),
        ("deadlift", 0, 3, 140.0, 30), ("bench_press", 1, 8, 70.0, 35),
        ("lunge", 9999, 10, 20.0, 45),  # an unknown subtype falls back to the category
    ]  # fmt: skip
    (imported,) = parse_fit(fitwriter.strength(START, sets, hr_at=lambda s: 110)).sessions
    session = imported.session
    assert session.type is SessionType.STRENGTH and imported.sport == "training/strength_training"
    names = [e.name for e in session.exercises]
    assert names == ["barbell_back_squat", "barbell_deadlift", "barbell_bench_press", "lunge"]
    assert [len(e.sets) for e in session.exercises] == [2, 1, 1, 1]
    assert session.exercises[0].sets[1].weight_kg == 102.5
    assert (session.exercises[0].sets[0].reps, session.exercises[0].sets[0].duration_s) == (5, 40)
    assert [resolve(name).name for name in names] == [
        "Back Squat",
        "Deadlift",
        "Bench Press",
        "Lunge",
    ]  # type: ignore[union-attr]


def test_exercise_names_come_from_the_profile_tables() -> None:
    assert exercise_name(28, 6) == "barbell_back_squat"
    assert exercise_name(0, 1) == "barbell_bench_press"
    assert exercise_name(28, 60000) == "squat"
    assert exercise_name(65534, 3) == "unknown"
    assert exercise_name(None, None) == "unknown"


@pytest.mark.parametrize("kind", ["settings", "workout", "weight", "course", "monitoring_b"])
def test_non_activity_files_are_skipped_naming_their_type(kind: str) -> None:
    with pytest.raises(ImportSkipped, match=f"^not an activity: a FIT {kind} file$"):
        parse_fit(fitwriter.non_activity(kind))


def test_invalid_summary_values_are_left_empty() -> None:
    enc = fitwriter.Encoder()
    enc.define(0, 0, [(0, "enum")])
    enc.write(0, 4)
    enc.define(1, 18, [(2, "uint32"), (7, "uint32"), (8, "uint32"), (9, "uint32"),
                       (5, "enum"), (16, "uint8"), (23, "uint16")])  # fmt: skip
    enc.write(1, fitwriter.fit_time(START), 600_000, None, None, None, None, None)
    (imported,) = parse_fit(enc.finish()).sessions
    session = imported.session
    assert (session.moving_min, session.distance_km, session.avg_hr_bpm) == (None, None, None)
    assert (session.elevation_loss_m, session.hr_histogram, imported.sport) == (None, (), "generic")


def summary_only(*values: int) -> bytes:
    """Return an activity of one session: start, elapsed (ms), timer (ms), distance (cm)."""
    enc = fitwriter.Encoder()
    enc.define(0, 0, [(0, "enum")])
    enc.write(0, 4)
    enc.define(1, 18, [(2, "uint32"), (7, "uint32"), (8, "uint32"), (9, "uint32")])
    enc.write(1, fitwriter.fit_time(START), *values)
    return enc.finish()


def test_a_session_whose_clock_ran_for_nine_days_falls_back_on_its_timer() -> None:
    (imported,) = parse_fit(summary_only(9 * 86_400_000, 3_600_000, 1_000_000)).sessions
    assert (imported.session.duration_min, imported.session.moving_min) == (60.0, 60.0)
    assert imported.session.distance_km == 10.0
    assert "elapsed time of 9.0 days is implausible; used the moving time" in imported.notes


def test_an_impossible_distance_is_dropped_with_a_note_not_the_session() -> None:
    (imported,) = parse_fit(summary_only(3_600_000, 3_600_000, 300_000_000)).sessions
    assert imported.session.duration_min == 60.0 and imported.session.distance_km is None
    assert "dropped distance_km: must be between 0 and 2000, got 3000" in imported.notes


def test_a_session_without_a_plausible_duration_is_named_when_the_file_is_rejected() -> None:
    with pytest.raises(ImportRejected, match="session 1 skipped: elapsed time of 9.0 days"):
        parse_fit(summary_only(9 * 86_400_000, 8 * 86_400_000, 1_000_000))


# --- Robustness --------------------------------------------------------------------------------


def mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    if len(out) < 16:
        return data + rng.randbytes(4)
    kind = rng.randrange(6)
    if kind == 0:  # flip a few bytes anywhere
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif kind == 1:  # truncate
        del out[rng.randrange(len(out)) :]
    elif kind == 2:  # insert bytes
        at = rng.randrange(len(out))
        out[at:at] = rng.randbytes(rng.randint(1, 16))
    elif kind == 3:  # delete a run of bytes
        at = rng.randrange(len(out))
        del out[at : at + rng.randint(1, 16)]
    elif kind == 4:  # forge the header's data size
        out[4:8] = struct.pack("<I", rng.choice([0, 1, 0xFFFFFFFF, rng.randrange(1 << 32)]))
    else:  # corrupt the first definitions, where field sizes and counts live
        for _ in range(rng.randint(1, 4)):
            out[rng.randrange(12, min(len(out), 400))] = rng.randrange(256)
    return bytes(out)


def check(data: bytes) -> None:
    began = time.perf_counter()
    try:
        parsed = parse_fit(data)
    except (ImportRejected, ImportSkipped) as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(parsed, ParsedFile) and parsed.sessions
    assert time.perf_counter() - began < 2.0


def test_mutated_fit_files_only_ever_raise_import_errors(shared: Path) -> None:
    sources = [sample(shared, n) for n in SAMPLES if (FIT_DIR / n).stat().st_size < 300_000]
    sources += [run(600), fitwriter.strength(START, [("squat", 6, 5, 100.0, 40)] * 3)]
    sources += [run(300, compressed_timestamps=True, big_endian=True)]
    rng = random.Random(20261121)
    for _ in range(2000 if os.environ.get("CI") else 400):
        check(mutate(rng, rng.choice(sources)))


@given(st.binary(max_size=600))
def test_arbitrary_bytes_after_a_fit_header_only_raise_import_errors(body: bytes) -> None:
    header = struct.pack("<BBHI4s", 12, 0x10, 2000, len(body), b".FIT")
    check(header + body)
    check(header + b"\x40\x00\x00\x00\x00\x01\x00\x01\x00" + body)  # file_id defined, then noise


def test_forged_sizes_cost_neither_time_nor_memory() -> None:
    # 255 fields of 255 bytes per definition, a data size of 4 GB, and a stream of definitions.
    definition = b"\x40\x00\x00\x14\x00\xff" + bytes([3, 255, 0x0D]) * 255
    body = definition * 200 + b"\x00" + b"\x01" * 1000
    data = struct.pack("<BBHI4s", 12, 0x10, 2000, 0xFFFFFFFF, b".FIT") + body
    tracemalloc.start()
    try:
        check(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(data) + 5_000_000


def test_forged_overlapping_sessions_cost_linear_time() -> None:
    enc = fitwriter.Encoder()
    t0 = fitwriter.fit_time(START)
    enc.define(0, 0, [(0, "enum")])
    enc.write(0, 4)
    enc.define(1, 20, [(253, "uint32"), (3, "uint8")])
    for second in range(20_000):
        enc.write(1, t0 + second, 100 + second % 50)
    enc.define(2, 18, [(2, "uint32"), (7, "uint32"), (5, "enum")])
    for _ in range(300):  # every session claims the whole recording
        enc.write(2, t0, 20_000_000, 1)
    began = time.perf_counter()
    parsed = parse_fit(enc.finish())
    assert time.perf_counter() - began < 1.0
    assert len(parsed.sessions) == 200 and "only the first 200 sessions" in parsed.notes[-1]
    assert sum(s for _, s in parsed.sessions[0].session.hr_histogram) == 20_000


def test_a_zero_header_crc_is_legal_and_a_wrong_one_is_a_note() -> None:
    def with_header(header: bytes, body: bytes) -> bytes:
        data = header + body[:-2]
        return data + struct.pack("<H", fit_crc(data))

    data = run(120)
    assert parse_fit(with_header(data[:12] + b"\0\0", data[14:])).notes == ()
    wrong = parse_fit(with_header(data[:12] + b"\x12\x34", data[14:]))
    assert wrong.notes == ("header CRC mismatch",)
    legacy = with_header(bytes([12]) + data[1:12], data[14:])  # the header of older devices
    assert parse_fit(legacy).notes == ()
    assert parse_fit(legacy).sessions[0].session == parse_fit(data).sessions[0].session
