"""Untrusted XML: attacks are refused before expansion, and mutated files fail cleanly."""

from __future__ import annotations

import random
import re
import socket
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from runready.importers.base import ImportRejected, ImportSkipped, ParsedFile
from runready.importers.gpx import parse_gpx
from runready.importers.tcx import parse_tcx
from runready.importers.xmlsafe import MAX_DEPTH, XmlEvent, xml_events

Parser = Callable[[bytes], ParsedFile]
FORMATS: list[tuple[Parser, str]] = [(parse_gpx, "gpx"), (parse_tcx, "TrainingCenterDatabase")]
FORMAT_IDS = ["gpx", "tcx"]

GPX_POINT = (
    b'<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
    b'<trkpt lat="1" lon="1"><time>2024-05-01T10:00:00Z</time><name>%s</name></trkpt>'
    b"</trkseg></trk></gpx>"
)


def events(
    data: bytes, root: str = "r", wanted: frozenset[str] = frozenset({"a", "b"})
) -> list[XmlEvent]:
    return list(xml_events(data, root, wanted))


def document(root: str, body: bytes, prolog: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0"?>'
        + prolog
        + b"<"
        + root.encode()
        + b">"
        + body
        + b"</"
        + (root.encode() + b">")
    )


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Make every socket connection fail, and record the attempts."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append((args, kwargs))
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


@pytest.mark.parametrize(("parse", "root"), FORMATS, ids=FORMAT_IDS)
def test_a_billion_laughs_is_refused_without_expanding_anything(parse: Parser, root: str) -> None:
    payload = document(root, b"<name>&lol9;</name>", prolog=LAUGHS)
    tracemalloc.start()
    began = time.perf_counter()
    with pytest.raises(ImportRejected, match="entity declarations are not allowed"):
        parse(payload)
    took = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert took < 1.0
    assert peak < 16 * 1024 * 1024


@pytest.mark.parametrize(("parse", "root"), FORMATS, ids=FORMAT_IDS)
def test_a_quadratic_blowup_is_refused_before_expansion(parse: Parser, root: str) -> None:
    big = b"x" * 100_000
    payload = document(
        root, b"<n>" + b"&a;" * 10_000 + b"</n>", b'<!DOCTYPE r [<!ENTITY a "' + big + b'">]>'
    )
    began = time.perf_counter()
    with pytest.raises(ImportRejected, match="unsafe XML"):
        parse(payload)
    assert time.perf_counter() - began < 1.0


@pytest.mark.parametrize(("parse", "root"), FORMATS, ids=FORMAT_IDS)
def test_an_external_file_entity_is_refused_and_the_file_never_read(
    parse: Parser, root: str, tmp_path: Path
) -> None:
    canary = tmp_path / "secret.txt"
    canary.write_text("CANARY-7f3a", encoding="utf-8")
    prolog = b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://' + str(canary).encode() + b'">]>'
    with pytest.raises(ImportRejected) as caught:
        parse(document(root, b"<name>&xxe;</name>", prolog))
    assert "unsafe XML" in str(caught.value)
    assert "CANARY" not in str(caught.value)


@pytest.mark.parametrize(("parse", "root"), FORMATS, ids=FORMAT_IDS)
@pytest.mark.parametrize(
    "prolog",
    [
        b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/evil">]>',
        b'<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
        b'<!DOCTYPE r SYSTEM "http://127.0.0.1:9/external.dtd">',
        b'<!DOCTYPE r PUBLIC "-//X//Y" "http://127.0.0.1:9/public.dtd">',
    ],
    ids=["general-entity", "parameter-entity", "external-dtd", "public-dtd"],
)
def test_an_http_external_reference_is_refused_without_touching_the_network(
    parse: Parser, root: str, prolog: bytes, no_network: list[object]
) -> None:
    with pytest.raises(ImportRejected, match="unsafe XML"):
        parse(document(root, b"<name>&xxe;</name>", prolog))
    assert no_network == []


@pytest.mark.parametrize(("parse", "root"), FORMATS, ids=FORMAT_IDS)
def test_even_a_harmless_doctype_is_refused(parse: Parser, root: str) -> None:
    with pytest.raises(ImportRejected, match="document type declarations"):
        parse(document(root, b"", b"<!DOCTYPE r>"))


def test_an_external_dtd_is_reported_as_an_external_reference() -> None:
    with pytest.raises(ImportRejected, match="external references are not allowed"):
        events(b'<!DOCTYPE r SYSTEM "http://127.0.0.1:9/x.dtd"><r/>')


def test_malformed_xml_is_refused_naming_the_line_and_column() -> None:
    with pytest.raises(ImportRejected, match=r"malformed XML: mismatched tag: line 2, column 8"):
        events(b"<r>\n<a><b></a></r>")


def test_text_before_the_xml_declaration_is_malformed_not_stripped() -> None:
    with pytest.raises(ImportRejected, match="line 1, column 10"):
        events(b'          <?xml version="1.0"?><r/>')


def test_a_utf8_byte_order_mark_is_stripped() -> None:
    assert events(b'\xef\xbb\xbf<?xml version="1.0"?><r><a>1</a></r>') == [
        (True, "a", "r", "", {}),
        (False, "a", "r", "1", {}),
    ]


def test_elements_are_matched_by_local_name_whatever_the_namespace_prefix() -> None:
    data = b'<r xmlns="urn:x" xmlns:p="urn:p" xmlns:q="urn:q"><p:a k="v"> 1 </p:a><q:b>2</q:b></r>'
    closed = [
        (name, parent, text) for opening, name, parent, text, _ in events(data) if not opening
    ]
    assert closed == [("a", "r", "1"), ("b", "r", "2")]


def test_a_document_with_another_root_element_is_refused() -> None:
    with pytest.raises(ImportRejected, match="root element is <html>, not <r>"):
        events(b"<html><a/></html>")


def test_nesting_deeper_than_the_limit_is_refused() -> None:
    depth = MAX_DEPTH + 10
    with pytest.raises(ImportRejected, match="nested deeper"):
        events(b"<r>" + b"<x>" * depth + b"</x>" * depth + b"</r>")


def test_ten_thousand_levels_of_nesting_are_refused_quickly() -> None:
    began = time.perf_counter()
    with pytest.raises(ImportRejected, match="nested deeper"):
        parse_gpx(b"<gpx>" + b"<trk>" * 10_000 + b"</trk>" * 10_000 + b"</gpx>")
    assert time.perf_counter() - began < 1.0


@pytest.mark.parametrize(
    "declaration", [b"bogus-8", b"shift_jis", b"rot13", b"idna"], ids=lambda d: d.decode()
)
def test_an_encoding_the_parser_cannot_read_is_refused(declaration: bytes) -> None:
    with pytest.raises(ImportRejected, match="encoding|malformed"):
        events(b'<?xml version="1.0" encoding="' + declaration + b'"?><r/>')


def test_a_huge_text_node_is_read_in_bounded_time() -> None:
    data = GPX_POINT % (b"x" * 20_000_000)
    began = time.perf_counter()
    parsed = parse_gpx(data)
    assert time.perf_counter() - began < 2.0
    assert parsed.sessions[0].session.duration_min == 0


def test_memory_stays_flat_while_a_long_track_streams_past() -> None:
    points = b"".join(
        b'<trkpt lat="%.5f" lon="8.0"><ele>100</ele><time>2024-05-01T%02d:%02d:%02dZ</time>'
        b"<extensions><hr>140</hr></extensions></trkpt>"
        % (50 + i * 1e-5, 6 + i // 3600, i // 60 % 60, i % 60)
        for i in range(50_000)
    )
    data = b'<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>' + points
    data += b"</trkseg></trk></gpx>"
    tracemalloc.start()
    parse_gpx(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # A tree of 250 000 elements would hold tens of megabytes; the stream holds a few chunks.
    assert len(data) > 5_000_000
    assert peak < 2 * 1024 * 1024


# --- Mutation fuzz over the real samples -------------------------------------------------

SEED = 20261121
VARIANTS = 1000
#: Fragments that stress parsers when spliced into a document.
SPLICES = [
    b"<", b">", b"&", b"&amp;", b"&#0;", b"]]>", b"<!DOCTYPE r>", b"<?xml?>", b"\x00", b"\xff",
    b"\xc3", b"NaN", b"inf", b"-1e999", b"1e308", b"-", b"99999999999999999999", b"</trkpt>",
    b"<trkpt>", b"<Trackpoint>", b"</Lap>", b"<Activity>", b'"', b"'", b"T", b"Z", b"+14:00",
    b"0001-01-01T00:00:00Z", b"9999-12-31T23:59:59-12:00", b"<hr>300</hr>", b"<x:y>",
]  # fmt: skip
#: Values that replace numbers: not numbers, not finite, out of range, or absurd.
NUMBERS = [b"NaN", b"inf", b"-1e999", b"1e308", b"-", b"", b"99999999999999999999", b"0", b"-40"]
_DIGITS = re.compile(rb"\d+(\.\d+)?")


def mutants(seeds: list[bytes], count: int, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    """Yield ``count`` mutated copies of the seeds: flips, truncations, splices and number swaps."""
    for n in range(count):
        base = seeds[n % len(seeds)]
        data = bytearray(base)
        how = rng.choice(["flip", "truncate", "splice", "delete", "duplicate", "numbers"])
        if how == "flip":
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif how == "truncate":
            del data[rng.randrange(len(data)) :]
        elif how == "splice":
            at = rng.randrange(len(data) + 1)
            data[at:at] = rng.choice(SPLICES)
        elif how == "delete":
            at = rng.randrange(len(data))
            del data[at : at + rng.randint(1, 200)]
        elif how == "duplicate":
            at = rng.randrange(len(data))
            chunk = data[at : at + rng.randint(1, 2000)]
            to = rng.randrange(len(data))
            data[to:to] = chunk
        else:
            numbers = list(_DIGITS.finditer(base))
            chosen = rng.sample(numbers, min(len(numbers), rng.randint(1, 5)))
            for match in sorted(chosen, key=lambda m: m.start(), reverse=True):
                data[match.start() : match.end()] = rng.choice(NUMBERS)
        yield f"{n}:{how}", bytes(data)


def small_seeds(shared: Path, folder: str, closing: bytes, point_end: bytes) -> list[bytes]:
    """Return each sample cut to its first 40 points and closed again, so fuzzing stays fast."""
    seeds = []
    for path in sorted((shared / "samples" / folder).glob(f"*.{folder}")):
        data = path.read_bytes()
        cut = 0
        for _ in range(40):
            found = data.find(point_end, cut)
            if found < 0:
                cut = len(data)
                break
            cut = found + len(point_end)
        seeds.append(data if cut >= len(data) else data[:cut] + closing)
    return seeds


@pytest.mark.parametrize(
    ("parse", "folder", "closing", "point_end"),
    [
        (parse_gpx, "gpx", b"</trkseg></trk></gpx>", b"</trkpt>"),
        (
            parse_tcx,
            "tcx",
            b"</Track></Lap></Activity></Activities></TrainingCenterDatabase>",
            b"</Trackpoint>",
        ),
    ],
    ids=FORMAT_IDS,
)
def test_a_thousand_mutated_files_fail_only_with_import_errors_and_quickly(
    shared: Path, parse: Parser, folder: str, closing: bytes, point_end: bytes
) -> None:
    seeds = small_seeds(shared, folder, closing, point_end)
    rng = random.Random(SEED)
    failures: list[str] = []
    slowest = 0.0
    outcomes = {"parsed": 0, "rejected": 0, "skipped": 0}
    for label, data in mutants(seeds, VARIANTS, rng):
        began = time.perf_counter()
        try:
            parsed = parse(data)
        except ImportRejected as exc:
            outcomes["rejected"] += 1
            assert str(exc)
        except ImportSkipped as exc:
            outcomes["skipped"] += 1
            assert str(exc)
        except Exception as exc:  # noqa: BLE001 - the point is to catch anything else
            failures.append(f"{label}: {type(exc).__name__}: {exc}")
        else:
            outcomes["parsed"] += 1
            for item in parsed.sessions:
                assert item.session.start.utcoffset() is not None
                assert item.session.duration_min >= 0
        slowest = max(slowest, time.perf_counter() - began)
    assert failures == []
    assert slowest < 2.0
    assert outcomes["parsed"] > 0 and outcomes["rejected"] > 0, outcomes
