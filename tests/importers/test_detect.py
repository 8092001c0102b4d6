"""Telling formats apart by content, with the file name only as a tiebreak."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from runready.importers.detect import HEAD_BYTES, detect, sniff_delimiter

GPX = b'<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"/>'
TCX = b'<?xml version="1.0"?>\n<TrainingCenterDatabase xmlns="x"/>'
FIT_HEADER = bytes([14, 0x20, 0x54, 0x08, 0, 0, 0, 0]) + b".FIT" + b"\x00\x00"


def test_every_shared_sample_is_detected_from_its_content(shared: Path):
    reference = json.loads((shared / "samples" / "REFERENCE.json").read_text())
    for name, expected in reference.items():
        head = (shared / "samples" / name).read_bytes()[:HEAD_BYTES]
        fmt = detect(name, head)
        if name.endswith(".gz"):
            assert fmt == "gzip"
            fmt = detect(name[:-3], gzip.decompress((shared / "samples" / name).read_bytes()))
        assert fmt == expected["format"], name


def test_a_renamed_fit_file_is_still_fit(shared: Path):
    head = (shared / "samples/fit/python-fitparse__Activity.fit").read_bytes()[:HEAD_BYTES]
    assert detect("run.gpx", head) == "fit"
    assert detect("run.csv", head) == "fit"
    assert detect("no-extension", head) == "fit"


def test_a_tcx_file_with_leading_whitespace_is_tcx(shared: Path):
    head = (shared / "samples/tcx/runv__sample.tcx").read_bytes()[:HEAD_BYTES]
    assert head[:1].isspace()
    assert detect("export.gpx", head) == "tcx"


CASES = [
    (FIT_HEADER, "fit"),
    (bytes([12, 0x10, 0, 0, 0, 0, 0, 0]) + b".FIT", "fit"),
    (gzip.compress(b"x", mtime=0), "gzip"),
    (b"PK\x03\x04rest", "zip"),
    (b"PK\x05\x06" + bytes(18), "zip"),
    (GPX, "gpx"),
    (b"\xef\xbb\xbf" + GPX, "gpx"),
    (b"\n\t  " + TCX, "tcx"),
    (b"<gpx/>", "gpx"),
    (b"<ns:gpx xmlns:ns='x'/>", "gpx"),
    (
        b"<?xml version='1.0'?><!-- made by hand --><!DOCTYPE gpx [<!ENTITY a 'b'>]><gpx/>",
        "gpx",
    ),
    ('<?xml version="1.0" encoding="UTF-16"?><gpx/>'.encode("utf-16"), "gpx"),
    (b'<?xml version="1.0"?><kml/>', "unknown"),
    (b'[{"activityId": 1}]', "json"),
    (b'  {"summarizedActivitiesExport": []}', "json"),
    (b"Date,Exercise,Reps\n2024-01-01,Squat,5\n2024-01-01,Squat,5\n", "csv"),
    (b'"Date";"Exercise";"Reps"\n"2024-01-01";"Squat";"5"\n', "csv"),
    (b"a\tb\tc\n1\t2\t3\n", "csv"),
    (b"# A heading\nSome prose, with a comma.\nAnd more text here.\n", "unknown"),
    (bytes(range(256)), "unknown"),
    (b"", "unknown"),
]


@pytest.mark.parametrize(
    ("head", "expected"), CASES, ids=[f"{i}-{fmt}" for i, (_, fmt) in enumerate(CASES)]
)
def test_content_decides_the_format(head: bytes, expected: str):
    assert detect("file", head) == expected


def test_the_extension_breaks_ties_when_content_says_nothing():
    assert detect("broken.fit", b"\x00\x01garbage") == "fit"
    assert detect("empty.gpx", b"") == "gpx"
    assert detect("trip.TCX", b"not xml at all") == "tcx"
    assert detect("log.csv", b"one column only\nvalue\n") == "csv"
    assert detect("export.zip", b"") == "zip"
    assert detect("a.fit.gz", b"") == "gzip"


def test_a_strong_signature_beats_the_extension():
    assert detect("activity.fit", GPX) == "gpx"
    assert detect("data.json", b"PK\x03\x04") == "zip"
    assert detect("sets.csv", b'[{"activityId": 3}]') == "json"


def test_csv_looking_text_named_as_another_format_goes_to_that_reader():
    assert detect("broken.gpx", b"lat,lon,ele\n1,2,3\n4,5,6\n") == "gpx"


def test_the_delimiter_is_sniffed_from_the_header_and_the_rows_that_follow():
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","
    assert sniff_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert sniff_delimiter('"a";"b"\n"1,5";"2"\n') == ";"
    assert sniff_delimiter("x\ty\n1\t2\n") == "\t"
    assert sniff_delimiter("just words\nand more words\n") is None


def test_a_head_cut_mid_line_still_sniffs():
    text = "a,b,c\n" + "1,2,3\n" * 50 + "4,5"
    assert sniff_delimiter(text) == ","
