"""The FIT writer used by tests and benchmarks: fitdecode reads what it writes."""

from __future__ import annotations

import io
from collections import Counter
from datetime import UTC, datetime, timedelta

import fitdecode
import pytest
from bench import fitwriter

from runready.importers.fit_profile import fit_crc

START = datetime(2026, 11, 21, 7, 0, tzinfo=UTC)


def read(data: bytes) -> tuple[Counter[str], dict[str, list[dict[str, object]]]]:
    counts: Counter[str] = Counter()
    messages: dict[str, list[dict[str, object]]] = {}
    with fitdecode.FitReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.RAISE,
    ) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                counts[frame.name] += 1
                messages.setdefault(frame.name, []).append({f.name: f.value for f in frame.fields})
    return counts, messages


def test_a_45_minute_run_is_about_100_kb_of_1_hz_records() -> None:
    data = fitwriter.activity(
        START, "running", 2700, 9000.0, hr_at=lambda s: 130, local_offset=timedelta(hours=2)
    )
    counts, messages = read(data)
    assert 90_000 < len(data) < 120_000
    assert counts == Counter(file_id=1, event=2, record=2700, lap=1, session=1, activity=1)
    (session,) = messages["session"]
    assert session["start_time"] == START and session["total_elapsed_time"] == 2700.0
    assert session["total_distance"] == 9000.0 and session["sport"] == "running"
    (activity,) = messages["activity"]
    assert activity["local_timestamp"] == datetime(2026, 11, 21, 9, 45, tzinfo=UTC)
    assert messages["record"][60]["timestamp"] == START + timedelta(seconds=60)
    assert messages["record"][60]["heart_rate"] == 130


def test_the_header_carries_its_own_crc() -> None:
    data = fitwriter.activity(START, "cycling", 60, 500.0, hr_at=None)
    assert data[0] == 14 and data[8:12] == b".FIT"
    assert fit_crc(data[:12]) == int.from_bytes(data[12:14], "little")
    assert fit_crc(data) == 0


@pytest.mark.parametrize(
    "options",
    [{"compressed_timestamps": True}, {"big_endian": True}, {"summary_first": True}],
    ids=["compressed", "big-endian", "summary-first"],
)
def test_every_layout_reads_in_fitdecode_with_the_same_records(options: dict[str, bool]) -> None:
    def stamps(data: bytes) -> list[object]:
        return [r["timestamp"] for r in read(data)[1]["record"]]

    plain = fitwriter.activity(START, "running", 120, 400.0, hr_at=lambda s: 140)
    other = fitwriter.activity(START, "running", 120, 400.0, hr_at=lambda s: 140, **options)
    assert stamps(other) == stamps(plain)
    assert read(other)[1]["session"] == read(plain)[1]["session"]


def test_strength_files_hold_active_and_rest_sets() -> None:
    data = fitwriter.strength(START, [("squat", 6, 5, 100.0, 40), ("bench_press", 1, 8, 70.0, 30)])
    counts, messages = read(data)
    sets = messages["set"]
    assert [s["set_type"] for s in sets] == ["active", "rest", "active"]
    assert sets[0]["category"] == (28, None) and sets[0]["category_subtype"] == (6, None)
    assert (sets[0]["repetitions"], sets[0]["weight"], sets[0]["duration"]) == (5, 100.0, 40.0)
    assert sets[1]["start_time"] == START + timedelta(seconds=40)
    assert messages["session"][0]["sub_sport"] == "strength_training"


def test_multisport_writes_transition_sessions_between_legs() -> None:
    data = fitwriter.multisport(START, [("swimming", 60, 50.0), ("running", 60, 200.0)])
    sessions = read(data)[1]["session"]
    assert [s["sport"] for s in sessions] == ["swimming", "transition", "running"]
    assert read(data)[1]["activity"][0]["type"] == "auto_multi_sport"


def test_chained_and_non_activity_files_read_in_fitdecode() -> None:
    data = fitwriter.chain(
        fitwriter.non_activity("settings"),
        fitwriter.activity(START, "walking", 30, 40.0, hr_at=None),
    )
    counts, messages = read(data)
    assert [m["type"] for m in messages["file_id"]] == ["settings", "activity"]
    assert counts["record"] == 30


def test_unknown_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown FIT name"):
        fitwriter.activity(START, "quidditch", 60, 0.0, hr_at=None)
