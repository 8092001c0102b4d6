"""Walk files, folders, zips and gzip files safely: limits first, one file in memory at a time.

Nothing is written to disk. A zip is checked from its directory before anything is extracted
(entry count, names, declared sizes and ratios, overlapping members), and the caps are enforced
again while inflating, because headers can lie: at most 1 GiB expanded and 100,000 entries per
top-level archive (nested ones included: nesting multiplies entries as it multiplies bytes); at
most 100:1 per member and overall once past 64 KiB (a tiny file cannot be a bomb, and tiny
repetitive files are common); at most 3 archive levels (zip or gzip); no member name with
``..``, an absolute path, a drive letter or a NUL byte; no single file over ``MAX_FILE_BYTES``
(a nested ``.zip`` excepted).

A refused top-level archive raises ``ArchiveRejected``: before anything is yielded, or as soon
as a header is caught lying. A refused nested archive, gzip file or member becomes one
``Entry`` with a ``rejected`` reason, and the walk goes on.
"""

from __future__ import annotations

import io
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from runready.importers.base import MAX_FILE_BYTES, ImportRejected

MAX_EXPANDED_BYTES = 1 << 30
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 64 << 10
MAX_DEPTH = 3
MAX_ENTRIES = 100_000
#: A central directory larger than this cannot describe 100,000 sensibly named entries.
MAX_DIRECTORY_BYTES = 64 << 20
CHUNK = 1 << 20

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
GZIP_MAGIC = b"\x1f\x8b"
_DRIVE = re.compile(r"^[A-Za-z]:")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

Include = Callable[[str], bool]


class ArchiveRejected(ImportRejected):
    """An archive refused as a whole (bomb, traversal, corrupt); ``name`` says which."""

    def __init__(self, name: str, reason: str, *, fatal: bool = False) -> None:
        self.name = name
        self.reason = reason
        #: A lying header or the 1 GiB budget ends the whole top-level archive, not one member.
        self.fatal = fatal
        super().__init__(f"{name}: {reason}" if name else reason)


class _Corrupt(Exception):
    """A member whose bytes are damaged: refuse it alone."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One file found in the input: its display name and bytes, or why it was refused."""

    name: str
    data: bytes
    size: int
    #: Where the file sits inside the input (``activities/1.gpx``, ``a.zip!b.fit``).
    member: str = ""
    #: The gzip bytes ``data`` was inflated from, when it was.
    compressed: bytes | None = None
    rejected: str | None = None

    @property
    def original(self) -> bytes:
        """Return the bytes as found (the gzip bytes for a decompressed file)."""
        return self.data if self.compressed is None else self.compressed


class _Budget:
    """The bytes a top-level archive may still expand to, and the entries it may still hold."""

    def __init__(self) -> None:
        self.left = MAX_EXPANDED_BYTES
        self.entries_left = MAX_ENTRIES

    def take(self, count: int) -> None:
        """Spend ``count`` bytes; refuse the whole archive once the budget is gone."""
        self.left -= count
        if self.left < 0:
            raise ArchiveRejected("", "expands to more than 1 GiB in total", fatal=True)

    def take_entries(self, count: int) -> None:
        """Spend ``count`` entries; refuse the whole archive once they pass MAX_ENTRIES."""
        self.entries_left -= count
        if self.entries_left < 0:
            reason = f"holds more than {MAX_ENTRIES:,} entries counting its nested archives"
            raise ArchiveRejected("", reason, fatal=True)


class _Sink:
    """Collect inflated bytes, enforcing a size limit, the ratio and the budget as they come."""

    def __init__(self, limit: int, packed: int, budget: _Budget, *, lie: bool) -> None:
        self.limit, self.packed, self.budget, self.lie = limit, packed, budget, lie
        self.size = 0
        self.buffer = io.BytesIO()

    def add(self, chunk: bytes) -> None:
        """Keep ``chunk``, or refuse it when it breaks a limit."""
        self.size += len(chunk)
        if self.size > self.limit:
            reason = "its declared size: the headers lie" if self.lie else _size(self.limit)
            raise ArchiveRejected("", f"expands past {reason}", fatal=self.lie)
        if self.size > RATIO_FLOOR_BYTES and self.size > MAX_RATIO * max(self.packed, 1):
            reason = f"expands more than {MAX_RATIO}:1 while inflating"
            raise ArchiveRejected("", reason, fatal=self.lie)
        self.budget.take(len(chunk))
        self.buffer.write(chunk)


def _pump(read: Callable[[], bytes], sink: _Sink, inflater: zlib._Decompress | None) -> None:
    """Move bytes from ``read`` through ``inflater`` (or as they are) into ``sink``."""
    while inflater is None or not inflater.eof:
        raw = inflater.unconsumed_tail if inflater is not None else b""
        if not raw:
            raw = read()
            if not raw:
                if inflater is None:
                    return
                raise _Corrupt("the compressed data ends early")
        sink.add(raw if inflater is None else inflater.decompress(raw, CHUNK))


def _size(count: int) -> str:
    return f"{count / (1 << 20):.0f} MiB" if count >= 1 << 20 else f"{count} bytes"


def _too_big() -> str:
    return f"larger than {_size(MAX_FILE_BYTES)}"


def safe_display(text: str) -> str:
    """Return ``text`` with control and bidi-override characters replaced (for display only)."""
    return "".join(
        "\ufffd" if unicodedata.category(ch) == "Cc" or ch in _BIDI else ch for ch in text
    )


def is_zip(head: bytes) -> bool:
    """Return True when ``head`` starts like a zip archive."""
    return head[:4] in ZIP_MAGIC


def iter_files(
    path: Path, *, display: str | None = None, include: Include | None = None
) -> Iterator[Entry]:
    """Yield every file in ``path`` (file, folder, zip or gzip), one at a time, safely.

    ``include`` filters paths relative to the input before they are read.
    """
    display = display or path.name or str(path)
    if not path.is_dir():
        try:
            yield from _path_entries(path, display, "", include)
        except ArchiveRejected as exc:
            raise ArchiveRejected(display, exc.reason) from exc
        return
    for rel, file in folder_files(path):
        if include is None or include(rel):
            try:
                yield from _path_entries(file, f"{display}/{safe_display(rel)}", rel, None)
            except ArchiveRejected as exc:
                yield Entry(f"{display}/{safe_display(rel)}", b"", 0, rel, rejected=exc.reason)


def folder_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Yield (relative posix path, path) for the files under ``root``, sorted.

    Hidden files and folders are skipped, folder symlinks are not followed, and file symlinks
    are kept only when they resolve to a file inside ``root``. A folder that cannot be listed
    is yielded too, so that reading it reports the problem.
    """
    base = root.resolve()
    found: list[tuple[str, Path]] = []

    def unlistable(exc: OSError) -> None:
        bad = Path(exc.filename or root)
        found.append((bad.relative_to(root).as_posix() if bad != root else bad.name, bad))

    for folder, dirs, files in os.walk(root, onerror=unlistable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in files:
            full = Path(folder, file)
            if not file.startswith(".") and (not full.is_symlink() or _inside(full, base)):
                found.append((full.relative_to(root).as_posix(), full))
    yield from sorted(found)


def _inside(link: Path, base: Path) -> bool:
    try:
        return link.resolve(strict=True).is_relative_to(base)
    except (OSError, RuntimeError):
        return False


def _path_entries(
    path: Path, display: str, member: str, include: Include | None
) -> Iterator[Entry]:
    """Yield the entries of one file on disk."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder that could not be read" if stat.S_ISDIR(info.st_mode) else "not a file"
        yield Entry(display, b"", 0, member, rejected=kind)
        return
    with path.open("rb") as fp:
        if is_zip(fp.read(4)):
            yield from _zip_entries(fp, info.st_size, display, member, 1, _Budget(), include)
            return
    if info.st_size > MAX_FILE_BYTES:
        yield Entry(display, b"", info.st_size, member, rejected=_too_big())
        return
    # A fresh read: reading the rest after a peek copies the file once more (117 MB twice).
    data = path.read_bytes()
    yield from _expand(display, member, data, 0, _Budget())


def _expand(name: str, member: str, data: bytes, depth: int, budget: _Budget) -> Iterator[Entry]:
    """Yield ``data`` as an entry, or the entries inside it when it is a zip or gzip."""
    if not (is_zip(data) or data[:2] == GZIP_MAGIC):
        yield Entry(name, data, len(data), member)
        return
    try:
        if is_zip(data):
            stream = io.BytesIO(data)
            yield from _zip_entries(stream, len(data), name, member + "!", depth + 1, budget, None)
            return
        if depth + 1 > MAX_DEPTH:
            raise ArchiveRejected(name, f"archives nested more than {MAX_DEPTH} levels deep")
        inner = gunzip(data, budget)
    except ArchiveRejected as exc:
        if exc.fatal or depth == 0:
            raise
        yield Entry(name, data, len(data), member, rejected=exc.reason)
        return
    if is_zip(inner) or inner[:2] == GZIP_MAGIC:
        yield from _expand(name, member, inner, depth + 1, budget)
    else:
        yield Entry(name, inner, len(inner), member, compressed=data)


def gunzip(data: bytes, budget: _Budget | None = None) -> bytes:
    """Inflate gzip ``data`` (every member) within the size, ratio and budget caps."""
    sink = _Sink(MAX_FILE_BYTES, len(data), budget or _Budget(), lie=False)
    pos = 0

    def read() -> bytes:
        nonlocal pos
        raw = data[pos : pos + CHUNK]
        pos += len(raw)
        return raw

    try:
        while pos == 0 or data[pos : pos + 2] == GZIP_MAGIC:  # trailing padding is ignored
            inflater = zlib.decompressobj(31)
            _pump(read, sink, inflater)
            pos -= len(inflater.unused_data)
    except (_Corrupt, zlib.error) as exc:
        raise ArchiveRejected("", f"corrupt gzip: {exc}") from exc
    return sink.buffer.getvalue()


class _Zip:
    """An open zip archive whose directory passed every check."""

    def __init__(self, fp: IO[bytes], size: int, budget: _Budget) -> None:
        self.fp, self.size, self.budget = fp, size, budget
        _check_directory(fp, size)
        try:
            self.archive = zipfile.ZipFile(fp)
        except Exception as exc:  # zipfile raises many types on damaged input; map them here
            raise ArchiveRejected("", f"not a readable zip ({type(exc).__name__}: {exc})") from exc
        try:
            _check_entries(self.archive.infolist(), size, budget)
        except ArchiveRejected:
            self.archive.close()
            raise
        self.files = [info for info in self.archive.infolist() if not _ignored(info)]

    def __enter__(self) -> _Zip:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.archive.close()

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """Return one member's bytes, inflated under the caps; damage raises _Corrupt."""
        if info.flag_bits & 0x1:
            raise _Corrupt("encrypted")
        sink = _Sink(info.file_size, info.compress_size, self.budget, lie=True)
        try:
            if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                self._copy(info, sink)
            else:
                with self.archive.open(info) as stream:
                    _pump(lambda: stream.read(CHUNK), sink, None)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise _Corrupt(str(exc)) from exc
        data = sink.buffer.getvalue()
        if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
            raise _Corrupt("bad CRC or size")
        return data

    def _copy(self, info: zipfile.ZipInfo, sink: _Sink) -> None:
        """Read a stored or deflated member ourselves, so a lying size is caught in flight."""
        self.fp.seek(info.header_offset)
        local = self.fp.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise _Corrupt("bad local header")
        names, extra = struct.unpack("<HH", local[26:30])
        self.fp.seek(info.header_offset + 30 + names + extra)
        left = info.compress_size

        def read() -> bytes:
            nonlocal left
            raw = self.fp.read(min(CHUNK, left))
            left -= len(raw)
            return raw

        deflated = info.compress_type == zipfile.ZIP_DEFLATED
        _pump(read, sink, zlib.decompressobj(-15) if deflated else None)


@contextmanager
def _opened(path: Path) -> Iterator[_Zip]:
    with path.open("rb") as fp:
        try:
            with _Zip(fp, path.stat().st_size, _Budget()) as archive:
                yield archive
        except ArchiveRejected as exc:
            raise ArchiveRejected(path.name, exc.reason) from exc


class Members:
    """The files of a folder or zip, listed once (every limit checked) and read on demand."""

    def __init__(self, root: Path, archive: _Zip | None, names: list[str]) -> None:
        self.root = root
        self.names = names
        self._archive = archive
        self._infos = {info.filename: info for info in archive.files} if archive else {}

    def read(self, member: str) -> bytes:
        """Return one file, within the size limits."""
        if self._archive is None:
            file = self.root / member
            folder = self.root.is_dir() and _inside(file, self.root.resolve())
            if folder and file.stat().st_size <= MAX_FILE_BYTES:
                return file.read_bytes()
            raise ImportRejected(f"{member}: outside the folder or {_too_big()}")
        info = self._infos.get(member)
        if info is None or info.file_size > MAX_FILE_BYTES:
            raise ImportRejected(f"{member}: missing or {_too_big()}")
        try:
            return self._archive.read(info)
        except _Corrupt as exc:
            raise ImportRejected(f"{member}: {exc}") from exc


@contextmanager
def open_members(path: Path) -> Iterator[Members]:
    """Yield the files of a folder or zip (none for any other file), open for reading."""
    if path.is_dir():
        yield Members(path, None, [rel for rel, _ in folder_files(path)])
        return
    with path.open("rb") as fp:
        zipped = is_zip(fp.read(4))
    if not zipped:
        yield Members(path, None, [])
        return
    with _opened(path) as archive:
        yield Members(path, archive, [info.filename for info in archive.files])


def list_members(path: Path) -> list[str]:
    """Return the file paths inside a folder or zip (checked against every limit), else []."""
    with open_members(path) as members:
        return members.names


def read_member(path: Path, member: str) -> bytes:
    """Return one file of a folder or zip, within the size limits."""
    with open_members(path) as members:
        return members.read(member)


def _zip_entries(
    fp: IO[bytes],
    size: int,
    name: str,
    prefix: str,
    depth: int,
    budget: _Budget,
    include: Include | None,
) -> Iterator[Entry]:
    """Yield the entries of one zip archive, checked as a whole before the first one."""
    if depth > MAX_DEPTH:
        raise ArchiveRejected(name, f"archives nested more than {MAX_DEPTH} levels deep")
    with _Zip(fp, size, budget) as archive:
        for info in archive.files:
            inner = info.filename
            member, display = prefix + inner, f"{name}!{safe_display(inner)}"
            if include is not None and not include(member):
                continue
            if info.file_size > MAX_FILE_BYTES and not inner.lower().endswith(".zip"):
                yield Entry(display, b"", info.file_size, member, rejected=_too_big())
                continue
            try:
                data = archive.read(info)
            except _Corrupt as exc:
                yield Entry(display, b"", info.file_size, member, rejected=f"corrupt: {exc}")
                continue
            except ArchiveRejected as exc:
                reason = f"{safe_display(inner)}: {exc.reason}"
                raise ArchiveRejected(name, reason, fatal=exc.fatal) from exc
            yield from _expand(display, member, data, depth, budget)


def _check_directory(fp: IO[bytes], size: int) -> None:
    """Refuse a zip whose end record or central directory holds too many entries."""
    fp.seek(size - min(size, 22 + 0xFFFF))
    tail = fp.read()
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        raise ArchiveRejected("", "not a readable zip (no end of central directory)")
    entries, cd_size = struct.unpack("<HL", tail[pos + 10 : pos + 16])
    end = size - len(tail) + pos
    locator = tail[pos - 20 : pos] if pos >= 20 else b""
    if locator[:4] == b"PK\x06\x07":
        fp.seek(struct.unpack("<Q", locator[8:16])[0])
        record = fp.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            entries, cd_size = struct.unpack("<QQ", record[32:48])
            end -= 76
    if cd_size > MAX_DIRECTORY_BYTES:
        reason = f"central directory larger than {_size(MAX_DIRECTORY_BYTES)}"
        raise ArchiveRejected("", reason)
    fp.seek(max(0, end - cd_size))
    entries = max(entries, fp.read(cd_size).count(b"PK\x01\x02"))
    if entries > MAX_ENTRIES:
        raise ArchiveRejected("", f"holds {entries:,} entries (limit {MAX_ENTRIES:,})")


def _check_entries(infos: list[zipfile.ZipInfo], size: int, budget: _Budget) -> None:
    """Refuse unsafe names, bomb-like sizes and overlapping members, before extracting."""
    if len(infos) > MAX_ENTRIES:
        raise ArchiveRejected("", f"holds {len(infos):,} entries (limit {MAX_ENTRIES:,})")
    budget.take_entries(len(infos))
    total = packed = 0
    for info in infos:
        problem = unsafe_name(info.orig_filename)
        if problem:
            raise ArchiveRejected("", problem)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            what = f"member {_short(info.filename)} would expand {ratio:,.0f}:1"
            raise ArchiveRejected("", f"{what} (limit {MAX_RATIO}:1)")
        total += info.file_size
        packed += info.compress_size
    if total > budget.left:
        mib = f"{total / (1 << 20):,.0f} MiB"
        reason = f"would expand to {mib} (limit 1 GiB in total)"
        if total <= MAX_EXPANDED_BYTES:
            reason = f"expands to more than 1 GiB in total (a nested archive adds {mib})"
        raise ArchiveRejected("", reason, fatal=True)
    if total > RATIO_FLOOR_BYTES and total > MAX_RATIO * max(packed, 1):
        reason = f"would expand {total / max(packed, 1):,.0f}:1 overall (limit {MAX_RATIO}:1)"
        raise ArchiveRejected("", reason)
    spans = sorted((i.header_offset, i.header_offset + 30 + i.compress_size) for i in infos)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start < end:
            raise ArchiveRejected("", "members overlap one another (a zip bomb)")
    if spans and spans[-1][1] > size:
        raise ArchiveRejected("", "member data runs past the end of the archive")


def unsafe_name(raw: str) -> str | None:
    """Return why an archive member name is unsafe (traversal, absolute, drive, NUL), or None."""
    name = raw.replace("\\", "/")
    if "\x00" in raw:
        return f"member name {_short(raw)} contains a NUL byte"
    if name.startswith("/"):
        return f"member name {_short(raw)} is an absolute path"
    if _DRIVE.match(name):
        return f"member name {_short(raw)} names a drive"
    if ".." in name.split("/"):
        return f"member name {_short(raw)} climbs out of the archive (..)"
    return None


def _short(name: str) -> str:
    return repr(name if len(name) <= 80 else name[:77] + "...")


def _ignored(info: zipfile.ZipInfo) -> bool:
    """Return True for folders, symlinks, hidden files and macOS resource forks."""
    if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
        return True
    return any(part.startswith(".") or part == "__MACOSX" for part in info.filename.split("/"))
