"""Walking files, folders, zips and gzip files: every limit, checked before or during extraction."""

from __future__ import annotations

import gzip
import io
import os
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runready.importers import archives
from runready.importers.archives import (
    ArchiveRejected,
    Entry,
    iter_files,
    list_members,
    read_member,
)

MiB = 1 << 20


def deflate(data: bytes) -> bytes:
    """Return raw deflate data (as a zip stores it)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def zeros_deflated(size: int) -> tuple[bytes, int]:
    """Return raw deflate data for ``size`` zero bytes and their CRC, without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk, crc, out = bytes(MiB), 0, []
    for start in range(0, size, MiB):
        piece = chunk[: min(MiB, size - start)]
        crc = zlib.crc32(piece, crc)
        out.append(packer.compress(piece))
    out.append(packer.flush())
    return b"".join(out), crc


Member = tuple[bytes, bytes, int, int, int]  # name, payload as stored, method, declared size, CRC


def stored(name: str, data: bytes) -> Member:
    return (name.encode(), data, 0, len(data), zlib.crc32(data))


def raw_zip(members: Iterable[Member], *, claimed_entries: int | None = None) -> bytes:
    """Build a zip by hand, so that names, sizes and counts can say anything at all."""
    body, directory, count = io.BytesIO(), [], 0
    for name, payload, method, size, crc in members:
        offset = body.tell()
        head = struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(payload), size, len(name), 0
        )
        body.write(head + name + payload)
        directory.append(
            struct.pack(
                "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, len(payload), size,
                len(name), 0, 0, 0, 0, 0, offset,
            ) + name
        )  # fmt: skip
        count += 1
    central = b"".join(directory)
    entries = min(claimed_entries if claimed_entries is not None else count, 0xFFFF)
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, entries, entries, len(central), body.tell(), 0
    )
    return body.getvalue() + central + end


def zip_of(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def walk(path: Path) -> list[Entry]:
    return list(iter_files(path))


def test_a_single_file_is_one_entry(tmp_path: Path):
    path = write(tmp_path, "run.gpx", b"<gpx/>")
    [entry] = walk(path)
    assert (entry.name, entry.data, entry.size, entry.rejected) == ("run.gpx", b"<gpx/>", 6, None)


def test_a_gzip_file_is_decompressed_and_keeps_its_original_bytes(tmp_path: Path):
    packed = gzip.compress(b"<TrainingCenterDatabase/>")
    [entry] = walk(write(tmp_path, "a.tcx.gz", packed))
    assert entry.data == b"<TrainingCenterDatabase/>"
    assert entry.original == packed


def test_zip_members_come_in_order_with_nested_zips_and_gzip_members_opened(tmp_path: Path):
    inner = zip_of({"b.fit": b"fit-b"})
    outer = zip_of({"a.gpx": b"gpx-a", "in.zip": inner, "c.tcx.gz": gzip.compress(b"tcx-c")})
    entries = walk(write(tmp_path, "export.zip", outer))
    assert [(e.name, e.data) for e in entries] == [
        ("export.zip!a.gpx", b"gpx-a"),
        ("export.zip!in.zip!b.fit", b"fit-b"),
        ("export.zip!c.tcx.gz", b"tcx-c"),
    ]
    assert entries[1].member == "in.zip!b.fit"


def test_folders_are_walked_sorted_and_hidden_files_and_outside_links_are_skipped(tmp_path: Path):
    root = tmp_path / "data"
    (root / "b").mkdir(parents=True)
    (root / ".git").mkdir()
    write(root, "z.fit", b"z")
    write(root / "b", "a.fit", b"a")
    write(root, ".hidden.fit", b"h")
    write(root / ".git", "x.fit", b"x")
    secret = write(tmp_path, "secret.txt", b"secret")
    (root / "leak.fit").symlink_to(secret)
    (root / "alias.fit").symlink_to(root / "z.fit")
    names = [e.name for e in walk(root)]
    assert names == ["data/alias.fit", "data/b/a.fit", "data/z.fit"]


def test_a_zip_bomb_is_rejected_before_extraction(tmp_path: Path):
    bomb = zip_of({"bomb.fit": bytes(20 * MiB)})
    assert len(bomb) < 100_000
    with pytest.raises(ArchiveRejected, match=r"would expand [\d,]+:1 \(limit 100:1\)"):
        walk(write(tmp_path, "bomb.zip", bomb))


def test_an_archive_claiming_more_than_1_gib_is_rejected_before_extraction(tmp_path: Path):
    payload = bytes(7 * MiB)  # 600 MiB claimed per member stays under 100:1
    members = [(f"m{i}.fit".encode(), payload, 0, 600 * MiB, 0) for i in range(2)]
    with pytest.raises(ArchiveRejected, match="would expand to 1,200 MiB"):
        walk(write(tmp_path, "big.zip", raw_zip(members)))


def test_an_archive_expanding_past_the_budget_stops_during_extraction(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_EXPANDED_BYTES", 3 * MiB)
    nested = [zip_of({f"n{i}.fit": os.urandom(MiB)}, zipfile.ZIP_STORED) for i in range(2)]
    outer = zip_of({f"part{i}.zip": data for i, data in enumerate(nested)}, zipfile.ZIP_STORED)
    seen: list[Entry] = []
    with pytest.raises(ArchiveRejected, match="more than 1 GiB in total"):
        seen.extend(iter_files(write(tmp_path, "parts.zip", outer)))
    assert [e.name for e in seen] == ["parts.zip!part0.zip!n0.fit"]


def test_a_lying_size_header_is_caught_while_inflating(tmp_path: Path):
    packed, crc = zeros_deflated(20 * MiB)  # declares 1 MiB (about 50:1), really 20 MiB
    liar = raw_zip([(b"liar.fit", packed, 8, MiB, crc)])
    tracemalloc.start()
    with pytest.raises(ArchiveRejected, match="declared size: the headers lie"):
        walk(write(tmp_path, "liar.zip", liar))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * MiB


def test_members_that_overlap_are_rejected_like_a_zbsm_bomb(tmp_path: Path):
    first = raw_zip([stored("a.fit", b"x" * 100)])
    end = first.rindex(b"PK\x05\x06")
    central = first[first.index(b"PK\x01\x02") : end]
    twin = central.replace(b"a.fit", b"b.fit")
    body = first[: first.index(b"PK\x01\x02")]
    both = central + twin
    eocd = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 2, 2, len(both), len(body), 0)
    with pytest.raises(ArchiveRejected, match="overlap"):
        walk(write(tmp_path, "overlap.zip", body + both + eocd))


@pytest.mark.parametrize(
    "name",
    ["../evil.fit", "a/../../evil.fit", "/etc/passwd", "C:\\Windows\\evil.fit", "..\\..\\evil.fit",
     "nul\x00.fit", "D:evil.fit"],
)  # fmt: skip
def test_a_path_traversal_name_rejects_the_whole_archive_before_extraction(tmp_path, name):
    archive = raw_zip([stored("good.fit", b"good"), stored(name, b"evil")])
    with pytest.raises(ArchiveRejected, match="member name"):
        walk(write(tmp_path, "evil.zip", archive))


def test_a_name_with_a_bidi_override_is_shown_harmlessly(tmp_path: Path):
    archive = zip_of({"run\u202eexe.fit": b"data"})
    [entry] = walk(write(tmp_path, "a.zip", archive))
    assert "\u202e" not in entry.name and entry.member == "run\u202eexe.fit"


def nest(levels: int) -> bytes:
    data = zip_of({"deep.fit": b"deep"})
    for level in range(levels - 1, 0, -1):
        data = zip_of({f"level{level + 1}.zip": data})
    return data


def test_three_archive_levels_are_read(tmp_path: Path):
    [entry] = walk(write(tmp_path, "level1.zip", nest(3)))
    assert entry.name == "level1.zip!level2.zip!level3.zip!deep.fit"
    assert entry.data == b"deep"


def test_nesting_four_deep_is_rejected_for_the_deepest_archive(tmp_path: Path):
    [entry] = walk(write(tmp_path, "level1.zip", nest(4)))
    assert entry.name == "level1.zip!level2.zip!level3.zip!level4.zip"
    assert entry.rejected == "archives nested more than 3 levels deep"


def test_a_gzip_file_inside_three_zips_is_one_level_too_deep(tmp_path: Path):
    data = zip_of({"a.fit.gz": gzip.compress(b"fit")})
    data = zip_of({"b.zip": zip_of({"c.zip": data})})
    [entry] = walk(write(tmp_path, "a.zip", data))
    assert entry.rejected == "archives nested more than 3 levels deep"


def many_members(count: int) -> list[Member]:
    return [stored(f"{i}.fit", b"") for i in range(count)]


def test_more_than_100000_entries_are_rejected_before_extraction(tmp_path: Path):
    path = write(tmp_path, "many.zip", raw_zip(many_members(100_001)))
    with pytest.raises(ArchiveRejected, match=r"holds 100,001 entries \(limit 100,000\)"):
        list_members(path)


def test_an_end_record_lying_about_the_entry_count_does_not_hide_them(tmp_path: Path):
    archive = raw_zip(many_members(100_001), claimed_entries=3)
    with pytest.raises(ArchiveRejected, match="100,001 entries"):
        walk(write(tmp_path, "many.zip", archive))


def test_exactly_100000_entries_are_allowed(tmp_path: Path):
    path = write(tmp_path, "many.zip", raw_zip(many_members(100_000)))
    assert len(list_members(path)) == 100_000


def test_entries_of_nested_archives_count_against_one_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, archive_reads
):
    # Nesting multiplies entries as it multiplies bytes: 16 zips of 16 files each are 272.
    monkeypatch.setattr(archives, "MAX_ENTRIES", 100)
    inner = zip_of({f"{i}.txt": b"x" for i in range(16)})
    path = write(tmp_path, "nested.zip", zip_of({f"{i}.zip": inner for i in range(16)}))
    seen: list[Entry] = []
    with pytest.raises(ArchiveRejected, match="more than 100 entries counting its nested"):
        seen.extend(iter_files(path))
    # The top zip's 16 entries and five inner zips of 16 fit; the sixth is never walked.
    assert len(archive_reads.directories) == 7 and len(seen) == 5 * 16


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + b"\x00" * 64,
        b"PK\x05\x06" + b"\xff" * 18,
        zip_of({"a.fit": os.urandom(2000)})[:1000],
    ],
    ids=["garbage", "bad end record", "truncated"],
)
def test_a_corrupt_zip_is_rejected(tmp_path: Path, data: bytes):
    with pytest.raises(ArchiveRejected, match="not a readable zip|central directory"):
        walk(write(tmp_path, "broken.zip", data))


def test_a_damaged_member_is_refused_alone_and_the_walk_goes_on(tmp_path: Path):
    archive = bytearray(zip_of({"a.fit": b"A" * 200, "b.fit": b"B" * 200}, zipfile.ZIP_STORED))
    archive[archive.index(b"A" * 200) + 10] = ord("X")
    entries = walk(write(tmp_path, "damaged.zip", bytes(archive)))
    assert [(e.name, e.rejected) for e in entries] == [
        ("damaged.zip!a.fit", "corrupt: bad CRC or size"),
        ("damaged.zip!b.fit", None),
    ]


def test_a_gz_bomb_is_rejected_while_decompressing(tmp_path: Path):
    bomb = gzip.compress(bytes(50 * MiB))
    tracemalloc.start()
    with pytest.raises(ArchiveRejected, match="expands more than 100:1"):
        walk(write(tmp_path, "bomb.fit.gz", bomb))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 16 * MiB


def test_a_gz_bomb_inside_an_export_is_refused_alone(tmp_path: Path):
    archive = zip_of({"bomb.fit.gz": gzip.compress(bytes(20 * MiB)), "ok.gpx": b"<gpx/>"})
    entries = walk(write(tmp_path, "export.zip", archive))
    assert [(e.name, e.rejected) for e in entries] == [
        ("export.zip!bomb.fit.gz", "expands more than 100:1 while inflating"),
        ("export.zip!ok.gpx", None),
    ]


def test_a_gzip_file_larger_than_the_file_limit_is_rejected(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_FILE_BYTES", MiB)
    packed = gzip.compress(os.urandom(MiB // 2) + bytes(3 * MiB // 2))
    with pytest.raises(ArchiveRejected, match="expands past 1 MiB"):
        walk(write(tmp_path, "big.fit.gz", packed))


def test_a_truncated_gzip_file_is_rejected(tmp_path: Path):
    with pytest.raises(ArchiveRejected, match="corrupt gzip"):
        walk(write(tmp_path, "cut.fit.gz", gzip.compress(os.urandom(5000))[:2000]))


def test_a_member_larger_than_the_file_limit_is_refused_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_FILE_BYTES", 1000)
    archive = zip_of({"big.fit": os.urandom(2000), "small.fit": b"ok"})
    entries = walk(write(tmp_path, "a.zip", archive))
    assert [(e.name, e.rejected) for e in entries] == [
        ("a.zip!big.fit", "larger than 1000 bytes"),
        ("a.zip!small.fit", None),
    ]


def test_a_zip_is_walked_one_member_at_a_time(tmp_path: Path):
    members = {f"m{i}.fit": os.urandom(4 * MiB) for i in range(8)}
    path = write(tmp_path, "big.zip", zip_of(members, zipfile.ZIP_STORED))
    del members
    tracemalloc.start()
    count = sum(1 for _ in iter_files(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 8
    assert peak < 16 * MiB


def test_folders_symlinks_and_macos_leftovers_inside_a_zip_are_skipped(tmp_path: Path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("dir/", b"")
        archive.writestr("__MACOSX/._a.fit", b"junk")
        archive.writestr("dir/.DS_Store", b"junk")
        link = zipfile.ZipInfo("link.fit")
        link.external_attr = (0o120777 << 16) | 0
        archive.writestr(link, "/etc/passwd")
        archive.writestr("dir/a.fit", b"a")
    assert [e.name for e in walk(write(tmp_path, "a.zip", buffer.getvalue()))] == [
        "a.zip!dir/a.fit"
    ]


def test_members_can_be_listed_and_read_one_by_one(tmp_path: Path):
    path = write(tmp_path, "a.zip", zip_of({"x/activities.csv": b"id", "x/a.fit": b"fit"}))
    assert list_members(path) == ["x/activities.csv", "x/a.fit"]
    assert read_member(path, "x/a.fit") == b"fit"
    folder = tmp_path / "f"
    folder.mkdir()
    write(folder, "a.fit", b"fit")
    assert list_members(folder) == ["a.fit"] and read_member(folder, "a.fit") == b"fit"


def test_an_include_filter_skips_members_before_reading_them(tmp_path: Path):
    archive = zip_of({"activities/a.gpx": b"a", "media/big.jpg": b"j", "activities/b.gpx": b"b"})
    path = write(tmp_path, "export.zip", archive)
    found = iter_files(path, include=lambda member: member.startswith("activities/"))
    assert [e.member for e in found] == ["activities/a.gpx", "activities/b.gpx"]


def test_a_refused_archive_in_a_folder_becomes_one_refused_entry(tmp_path: Path):
    write(tmp_path, "bomb.zip", zip_of({"bomb.fit": bytes(20 * MiB)}))
    write(tmp_path, "ok.fit", b"fit")
    entries = walk(tmp_path)
    assert [e.rejected is None for e in entries] == [False, True]
    assert entries[0].name.endswith("/bomb.zip")


SEED = zip_of(
    {
        "a.gpx": b"<gpx>" + b"x" * 500 + b"</gpx>",
        "b.fit.gz": gzip.compress(b"fit" * 300, mtime=0),
        "in.zip": zip_of({"c.tcx": b"tcx" * 100}, zipfile.ZIP_STORED),
    }
)


@given(
    flips=st.lists(st.tuples(st.integers(0, len(SEED) - 1), st.integers(0, 255)), max_size=8),
    cut=st.integers(1, len(SEED)),
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_damaged_zip_is_either_walked_or_rejected_with_a_reason(tmp_path, flips, cut):
    data = bytearray(SEED)
    for position, value in flips:
        data[position] = value
    path = write(tmp_path, "fuzz.zip", bytes(data[:cut]))
    try:
        entries = walk(path)
    except ArchiveRejected as exc:
        assert exc.reason
    else:
        assert all(e.name.startswith("fuzz.zip") and e.rejected != "" for e in entries)
