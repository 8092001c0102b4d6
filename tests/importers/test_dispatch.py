"""The import service's one entry point: every file found yields exactly one result."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sys
import types
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bench import fitwriter

from runready.core.model import Session, SessionType
from runready.importers.base import ImportedSession, ImportRejected, ParsedFile
from runready.importers.dispatch import parse_bytes, read_path
from runready.importers.results import FileResult

PARSERS = {"fit": "fit", "gpx": "gpx", "tcx": "tcx", "csv": "csv_strength", "json": "garmin"}
#: What each REFERENCE.json category may become.
OUTCOMES = {
    "activity": {"parsed"},
    "export_index": {"parsed"},
    "strength_log": {"parsed"},
    "corrupt": {"rejected"},
    "not_activity": {"skipped"},
    "no_times": {"skipped", "rejected"},
}


def parser_missing(fmt: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(f"runready.importers.{PARSERS[fmt]}") is None


def test_the_shared_samples_folder_yields_one_result_per_file_matching_the_reference(shared: Path):
    root = shared / "samples"
    reference = json.loads((root / "REFERENCE.json").read_text())
    results = list(read_path(root, UTC))
    names = [r.name for r in results]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(["samples/MANIFEST.md", "samples/REFERENCE.json"]
                                   + [f"samples/{name}" for name in reference])  # fmt: skip
    checked = 0
    for result in results:
        expected = reference.get(result.name.removeprefix("samples/"))
        if expected is None:
            assert result.outcome == "skipped"
            continue
        assert result.format == expected["format"], result.name
        if parser_missing(expected["format"]):
            continue
        assert result.outcome in OUTCOMES[expected["category"]], (result.name, result)
        if result.parsed is not None:
            assert result.parsed.sessions, result.name
        checked += 1
    assert checked > 0


def test_every_result_keeps_the_original_bytes_and_their_hash(shared: Path):
    for result in read_path(shared / "samples" / "tcx", UTC):
        original = (shared / "samples" / result.name).read_bytes()
        assert result.data == original
        assert result.sha256 == hashlib.sha256(original).hexdigest()


def test_a_gzip_file_is_decompressed_and_re_detected_but_hashed_as_found(
    tmp_path: Path, shared: Path
):
    pytest.importorskip("runready.importers.gpx")
    original = gzip.compress((shared / "samples/gpx/workoutizer__example.gpx").read_bytes())
    (tmp_path / "ride.bin").write_bytes(original)
    [result] = read_path(tmp_path / "ride.bin", UTC)
    assert (result.format, result.outcome) == ("gpx", "parsed")
    assert result.data == original and result.sha256 == hashlib.sha256(original).hexdigest()


def test_the_strava_sample_csv_alone_becomes_1845_sessions(shared: Path):
    [result] = read_path(shared / "samples/csv/Strava-Activity-Map__activities.csv", UTC)
    assert result.parsed is not None and len(result.parsed.sessions) == 1845
    assert result.parsed.format == "strava_csv"


def test_a_missing_path_is_one_rejected_result_naming_the_problem(tmp_path: Path):
    [result] = read_path(tmp_path / "nowhere.fit", UTC)
    assert result.outcome == "rejected"
    assert "No such file or directory" in (result.rejected or "")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_one_rejected_result(tmp_path: Path):
    path = tmp_path / "secret.fit"
    path.write_bytes(b"x")
    path.chmod(0)
    [result] = read_path(path, UTC)
    assert "Permission denied" in (result.rejected or "")


def test_something_that_is_not_a_file_or_folder_is_rejected(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe")
    [result] = read_path(tmp_path / "pipe", UTC)
    assert result.rejected == "not a regular file or folder"


def test_a_zip_bomb_yields_one_rejected_result_for_the_archive(tmp_path: Path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.fit", bytes(30 << 20))
    (tmp_path / "bomb.zip").write_bytes(buffer.getvalue())
    [result] = read_path(tmp_path / "bomb.zip", UTC)
    assert (result.name, result.format, result.outcome) == ("bomb.zip", "zip", "rejected")
    assert "limit 100:1" in (result.rejected or "")
    assert result.sha256 == hashlib.sha256(buffer.getvalue()).hexdigest() and result.data == b""


def test_a_rejected_archive_in_a_folder_does_not_stop_the_walk(tmp_path: Path):
    (tmp_path / "a.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "b.txt").write_bytes(b"notes")
    results = list(read_path(tmp_path, UTC))
    assert [(r.name.split("/")[-1], r.outcome) for r in results] == [
        ("a.zip", "rejected"),
        ("b.txt", "skipped"),
    ]


def test_an_unexpected_parser_exception_becomes_an_internal_error(monkeypatch, tmp_path: Path):
    pytest.importorskip("runready.importers.fit")

    def explode(_data: bytes) -> ParsedFile:
        raise KeyError("boom")

    monkeypatch.setattr("runready.importers.fit.parse_fit", explode)
    (tmp_path / "a.fit").write_bytes(bytes([14, 0x20, 0, 0, 0, 0, 0, 0]) + b".FIT" + bytes(4))
    (tmp_path / "b.gpx").write_bytes(b"<gpx/>")
    results = list(read_path(tmp_path, UTC))
    assert results[0].rejected == "internal error while reading: KeyError"
    assert len(results) == 2


def test_the_strength_csv_reader_gets_the_time_zone_and_weight_unit(monkeypatch):
    seen: dict[str, object] = {}

    def parse_strength_csv(_data: bytes, tz: object, weight_unit: str = "kg") -> ParsedFile:
        seen.update(tz=tz, unit=weight_unit)
        session = Session(
            type=SessionType.STRENGTH, start=datetime(2024, 1, 1, tzinfo=UTC), duration_min=60
        )
        return ParsedFile("csv", (ImportedSession(session, "hevy", "strength"),))

    fake = types.ModuleType("runready.importers.csv_strength")
    fake.parse_strength_csv = parse_strength_csv  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "runready.importers.csv_strength", fake)
    result = parse_bytes("lifts.csv", b"Date,Exercise,Reps\n2024-01-01,Squat,5\n", UTC, "lb")
    assert result.outcome == "parsed" and seen == {"tz": UTC, "unit": "lb"}


def test_a_reader_rejection_and_skip_keep_their_reasons(monkeypatch):
    def rejecting(_data: bytes) -> ParsedFile:
        raise ImportRejected("damaged FIT file")

    monkeypatch.setattr("runready.importers.fit.parse_fit", rejecting)
    head = bytes([14, 0x20, 0, 0, 0, 0, 0, 0]) + b".FIT" + bytes(4)
    assert parse_bytes("a.fit", head, UTC).rejected == "damaged FIT file"
    assert (
        parse_bytes("a.png", b"\x89PNG\r\n", UTC).skipped
        == "not a training file (unrecognised content)"
    )


def test_a_file_result_holds_exactly_one_outcome():
    with pytest.raises(ValueError, match="exactly one"):
        FileResult("a", "0", b"", "fit", skipped="x", rejected="y")
    with pytest.raises(ValueError, match="exactly one"):
        FileResult("a", "0", b"", "fit")


def test_an_empty_zip_is_reported_rather_than_silently_ignored(tmp_path: Path):
    with zipfile.ZipFile(tmp_path / "empty.zip", "w"):
        pass
    [result] = read_path(tmp_path / "empty.zip", UTC)
    assert result.skipped == "an archive without any files"


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def test_an_archive_reports_five_refused_members_each_and_the_rest_in_one_result(
    tmp_path: Path,
):
    files = {f"broken{i:02}.fit": b"not a fit file" for i in range(12)}
    files |= {f"photo{i}.png": b"\x89PNG\r\n" for i in range(9)}
    start = datetime(2026, 1, 5, 7, tzinfo=UTC)
    files["run.fit"] = fitwriter.activity(start, "running", 600, 1800.0, hr_at=lambda s: 140)
    path = _zip(tmp_path / "mixed.zip", files)
    results = list(read_path(path, UTC))
    assert [r.outcome for r in results] == ["rejected"] * 5 + ["skipped"] * 5 + [
        "parsed",
        "rejected",
        "skipped",
    ]
    assert [r.name for r in results[:5]] == [f"mixed.zip!broken{i:02}.fit" for i in range(5)]
    rejected, skipped = results[-2:]
    assert (rejected.name, skipped.name) == ("mixed.zip", "mixed.zip")
    assert rejected.rejected == "7 more members rejected: not a FIT file (7)"
    assert (
        skipped.skipped == "4 more members skipped: not a training file (unrecognised content) (4)"
    )
    assert rejected.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_archive_with_five_refused_members_reports_each_of_them(tmp_path: Path):
    path = _zip(tmp_path / "few.zip", {f"{i}.fit": b"not a fit file" for i in range(5)})
    results = list(read_path(path, UTC))
    assert [r.name for r in results] == [f"few.zip!{i}.fit" for i in range(5)]


def test_an_archive_cut_short_still_reports_how_many_members_it_refused(tmp_path, monkeypatch):
    from runready.importers import archives

    monkeypatch.setattr(archives, "MAX_ENTRIES", 50)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        for i in range(10):
            archive.writestr(f"{i}.fit", b"not a fit file")
    path = _zip(tmp_path / "outer.zip", {f"{i}.zip": inner.getvalue() for i in range(10)})
    results = list(read_path(path, UTC))
    assert len(results) == 5 + 1 + 1
    assert results[5].rejected == "35 more members rejected: not a FIT file (35)"
    assert "more than 50 entries counting its nested archives" in (results[6].rejected or "")
