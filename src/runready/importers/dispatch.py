"""One entry point for the import service: a path in, one result per file found out.

``read_path`` recognises Strava and Garmin exports (zip or folder) and hands them to their
readers; anything else is walked with ``archives.iter_files`` and each file goes to the reader
its content calls for. Every file yields exactly one ``FileResult``, except that a zip's
skipped or rejected members past the first ``REFUSED_SHOWN`` share one per outcome; nothing
raised by a reader escapes this module, and nothing here touches a database, the clock or the
terminal.
"""

from __future__ import annotations

import hashlib
import logging
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import tzinfo
from functools import partial
from pathlib import Path

from runready.importers.archives import (
    ArchiveRejected,
    Entry,
    folder_files,
    is_zip,
    iter_files,
    open_members,
    safe_display,
)
from runready.importers.base import MAX_FILE_BYTES, ImportRejected, ImportSkipped, ParsedFile
from runready.importers.detect import HEAD_BYTES, detect
from runready.importers.parsers import Parsers
from runready.importers.results import FileResult, sha256

log = logging.getLogger(__name__)

ExportReader = Callable[[Path, str, tzinfo, str], Iterator["FileResult"]]
#: An archive reports this many skipped and this many rejected members one by one; the rest
#: share one result per outcome, with counts per reason (an 11 KB nested zip wrote 4,096 rows).
REFUSED_SHOWN = 5
#: How many different reasons the shared result counts by name (the rest are "other").
REASONS_NAMED = 3


def read_path(
    path: Path, tz: tzinfo, weight_unit: str = "kg", workers: int = 1
) -> Iterator[FileResult]:
    """Yield one result per file in ``path`` (a file, folder, zip, gzip, or a whole export).

    With ``workers`` > 1 the files of a folder are parsed by that many processes at once, the
    results still yielded in the folder's order."""
    display = path.name or str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            next(iter(path.iterdir()), None)
        elif stat.S_ISREG(info.st_mode):
            path.open("rb").close()
        else:
            yield _refused(display, "not a regular file or folder")
            return
    except OSError as exc:
        yield _refused(str(path), f"cannot read {path}: {exc.strerror or exc}")
        return
    if not stat.S_ISDIR(info.st_mode):
        yield from _guarded(_read_file(path, display, tz, weight_unit), display, path)
        return
    export = _guarded_export(path, display)
    if isinstance(export, FileResult):
        yield export
    elif export is not None:
        yield from _guarded(export(path, display, tz, weight_unit), display, None)
    else:
        folder = _read_folder(path, display, tz, weight_unit, workers)
        yield from _guarded(folder, display, None)


def _read_folder(
    path: Path, display: str, tz: tzinfo, weight_unit: str, workers: int
) -> Iterator[FileResult]:
    """Yield the results for a folder's files; export folders inside it go to their readers."""
    files = list(folder_files(path))
    homes = _export_folders(path, [rel for rel, _ in files])
    done: set[str] = set()
    with Parsers(workers, _failure) as parsers:
        for rel, file in files:
            home = next((h for h in homes if rel.startswith(h + "/")), None)
            if home is None:
                name = f"{display}/{safe_display(rel)}"
                yield from parsers.read(read_one, file, name, tz, weight_unit)
            elif home not in done:
                yield from parsers.drain()
                done.add(home)
                yield from _read_export_folder(
                    path / home, f"{display}/{safe_display(home)}", tz, weight_unit
                )
        yield from parsers.drain()


def read_one(path: Path, name: str, tz: tzinfo, weight_unit: str) -> list[FileResult]:
    """Return every result of one file (run in a parser process when there are several)."""
    return list(_guarded(_read_file(path, name, tz, weight_unit), name, path))


def _read_export_folder(
    path: Path, name: str, tz: tzinfo, weight_unit: str
) -> Iterator[FileResult]:
    reader = _guarded_export(path, name)
    if isinstance(reader, FileResult) or reader is None:
        yield reader or _refused(name, "an export folder that could not be read")
    else:
        yield from _guarded(reader(path, name, tz, weight_unit), name, None)


def _export_folders(root: Path, rels: list[str]) -> list[str]:
    """Return the folders below ``root`` that hold a Strava or Garmin export, outermost first."""
    from runready.importers import strava

    homes: set[str] = set()
    for rel in rels:
        parts = rel.split("/")
        if "DI_CONNECT" in parts[1:-1]:
            homes.add("/".join(parts[: parts.index("DI_CONNECT")]))
        elif len(parts) > 1 and parts[-1] == strava.INDEX:
            try:
                with (root / rel).open("rb") as fp:
                    head = fp.read(16384)
            except OSError:
                continue  # reading it again will report the problem
            if strava.is_activities_csv(head):
                homes.add("/".join(parts[:-1]))
    return sorted(homes)


def _read_file(path: Path, name: str, tz: tzinfo, weight_unit: str) -> Iterator[FileResult]:
    """Yield the results for one file on disk (an export zip is handed to its reader)."""
    if path.is_dir():
        yield _refused(name, "a folder that could not be read")
        return
    from runready.importers import apple_health

    health = apple_health.find_export(path)
    if health is not None:  # streamed: an export of several GB is never read whole
        yield from apple_health.read_export(path, name, tz, weight_unit, found=health)
        return
    with path.open("rb") as fp:
        zipped = is_zip(fp.read(4))
    export = _export_reader(path) if zipped else None
    if export is not None:
        yield from _summarised(export(path, name, tz, weight_unit), name, path)
        return
    results = (result_for_entry(entry, tz, weight_unit) for entry in iter_files(path, display=name))
    found = False
    for result in _summarised(results, name, path) if zipped else results:
        found = True
        yield result
    if not found:
        yield FileResult(name, _digest(path)[0], b"", "zip", skipped="an archive without any files")


class _Refused:
    """The skipped or rejected members of one archive past the first few: counts per reason."""

    def __init__(self, outcome: str) -> None:
        self.outcome = outcome
        self.seen = 0
        self.reasons: Counter[str] = Counter()
        self.other = 0

    def shown(self, reason: str) -> bool:
        """Count one more member; return True while members are still reported one by one."""
        self.seen += 1
        if self.seen <= REFUSED_SHOWN:
            return True
        if reason in self.reasons or len(self.reasons) < REASONS_NAMED:
            self.reasons[reason] += 1
        else:
            self.other += 1
        return False

    def result(self, name: str, path: Path) -> FileResult | None:
        """Return the one result for the members not reported, or None when there are none."""
        count = self.seen - REFUSED_SHOWN
        if count <= 0:
            return None
        counted = [f"{reason} ({times:,})" for reason, times in self.reasons.most_common()]
        if self.other:
            counted.append(f"other reasons ({self.other:,})")
        text = f"{count:,} more members {self.outcome}: {'; '.join(counted)}"
        digest = _digest(path)[0]
        if self.outcome == "skipped":
            return FileResult(name, digest, b"", "zip", skipped=text)
        return FileResult(name, digest, b"", "zip", rejected=text)


def _summarised(results: Iterator[FileResult], name: str, path: Path) -> Iterator[FileResult]:
    """Yield an archive's results, its many skipped or rejected members folded into one each.

    Work stays in proportion to what is useful: an archive of thousands of refused members
    writes a handful of rows, not one per member. One that breaks off still reports its tally.
    """
    refused = {"rejected": _Refused("rejected"), "skipped": _Refused("skipped")}
    try:
        for result in results:
            reason = result.skipped or result.rejected
            if reason is None or refused[result.outcome].shown(reason):
                yield result
    except Exception:
        yield from _tallies(refused, name, path)
        raise
    yield from _tallies(refused, name, path)


def _tallies(refused: dict[str, _Refused], name: str, path: Path) -> Iterator[FileResult]:
    for tally in refused.values():
        found = tally.result(name, path)
        if found is not None:
            yield found


def _guarded_export(path: Path, name: str) -> ExportReader | FileResult | None:
    try:
        return _export_reader(path)
    except Exception as exc:  # the folder or zip cannot even be listed
        return _failure(name, path, exc)


def _export_reader(path: Path) -> ExportReader | None:
    """Return the reader for a Strava, Garmin or Apple Health export at ``path``, or None.

    The archive is opened once: the member names and the index files read here (Strava's
    activities.csv, Garmin's summaries) go to the reader, which does not read them again.
    """
    from runready.importers import apple_health, garmin, strava

    if path.is_dir():
        health = apple_health.find_export(path)
        if health is not None:
            return partial(apple_health.read_export, found=health)
    with open_members(path) as members:
        index = strava.find_index(members)
        if index is not None:
            return partial(strava.read_export, found=index, parse=result_for_entry)
        export = garmin.find_export(members)
        if export is not None:
            return partial(garmin.read_export, found=export, parse=result_for_entry)
    return None


def _guarded(results: Iterator[FileResult], name: str, path: Path | None) -> Iterator[FileResult]:
    """Yield ``results``, turning anything raised on the way into one rejected result."""
    try:
        yield from results
    except Exception as exc:  # the import boundary: a walk never crashes
        yield _failure(name, path, exc)


def _failure(name: str, path: Path | None, exc: Exception) -> FileResult:
    if isinstance(exc, ArchiveRejected):
        reason = exc.reason
    elif isinstance(exc, ImportRejected | ImportSkipped):
        reason = str(exc)
    elif isinstance(exc, OSError):
        reason = f"cannot read: {exc.strerror or exc}"
    else:
        reason = f"internal error while reading: {type(exc).__name__}"
        log.warning("internal error while reading %s", name, exc_info=exc)
    digest, head = _digest(path)
    return FileResult(name, digest, b"", detect(name, head), rejected=reason)


def _digest(path: Path | None) -> tuple[str, bytes]:
    """Return the SHA-256 and first bytes of a file on disk, streamed (empty when unreadable)."""
    hasher = hashlib.sha256()
    head = b""
    if path is None or not path.is_file():
        return hasher.hexdigest(), head
    try:
        with path.open("rb") as fp:
            while chunk := fp.read(1 << 20):
                head = head or chunk[:HEAD_BYTES]
                hasher.update(chunk)
    except OSError:
        pass
    return hasher.hexdigest(), head


def _refused(name: str, reason: str) -> FileResult:
    return FileResult(name, sha256(b""), b"", detect(name, b""), rejected=reason)


def result_for_entry(entry: Entry, tz: tzinfo, weight_unit: str = "kg") -> FileResult:
    """Return the result for one entry of ``iter_files`` (refused entries stay refused)."""
    if entry.rejected is not None:
        original = entry.original
        fmt = detect(entry.name, original[:HEAD_BYTES])
        return FileResult(entry.name, sha256(original), original, fmt, rejected=entry.rejected)
    return parse_bytes(entry.name, entry.data, tz, weight_unit, original=entry.original)


def parse_bytes(
    name: str, data: bytes, tz: tzinfo, weight_unit: str = "kg", *, original: bytes | None = None
) -> FileResult:
    """Detect the format of one file's bytes and read it; never raises for bad input."""
    raw = data if original is None else original
    fmt = detect(name, data[:HEAD_BYTES])
    digest = sha256(raw)
    try:
        parsed = _parse(fmt, data, tz, weight_unit)
    except ImportSkipped as exc:
        return FileResult(name, digest, raw, fmt, skipped=str(exc) or "holds no activity")
    except ImportRejected as exc:
        return FileResult(name, digest, raw, fmt, rejected=str(exc) or "unreadable")
    except Exception as exc:  # readers are fuzzed; this is the last line of defence
        reason = f"internal error while reading: {type(exc).__name__}"
        log.warning("internal error while reading %s", name, exc_info=exc)
        return FileResult(name, digest, raw, fmt, rejected=reason)
    return FileResult(name, digest, raw, fmt, parsed=parsed)


def _parse(fmt: str, data: bytes, tz: tzinfo, weight_unit: str) -> ParsedFile:
    """Hand ``data`` to the reader for ``fmt``."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected(f"larger than {MAX_FILE_BYTES // (1 << 20)} MiB")
    try:
        if fmt == "fit":
            from runready.importers.fit import parse_fit

            return parse_fit(data)
        if fmt == "gpx":
            from runready.importers.gpx import parse_gpx

            return parse_gpx(data)
        if fmt == "tcx":
            from runready.importers.tcx import parse_tcx

            return parse_tcx(data)
        if fmt == "csv":
            from runready.importers import strava
            from runready.importers.csv_strength import parse_strength_csv

            if strava.is_activities_csv(data):
                return strava.parse_activities_csv(data)
            return parse_strength_csv(data, tz, weight_unit)
        if fmt == "json":
            from runready.importers import garmin

            return garmin.parse_json(data, tz)
    except ImportError as exc:
        raise ImportRejected(f"no {fmt} reader in this installation") from exc
    if fmt in ("zip", "gzip"):
        raise ImportRejected(f"{fmt} data that could not be opened")
    raise ImportSkipped("not a training file (unrecognised content)")
