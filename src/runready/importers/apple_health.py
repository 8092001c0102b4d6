"""Read an Apple Health export (``export.zip`` or ``export.xml``), streamed in bounded memory.

The export is one XML document of several GB: millions of ``Record`` samples, then the
``Workout`` elements. It is read with an incremental parser and every top-level element is
dropped as soon as it has been read, so memory holds what is kept (a session per workout and
the wellness samples), never the document. Each workout becomes one result whose bytes are
the workout's own XML, so importing the export again finds every workout known and adds
nothing. HRV (SDNN, as Apple measures it, never rMSSD), resting heart rate and sleep samples
are kept as ``HealthSample`` values on one last result for the wellness store.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import (  # type: ignore[import-untyped]
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]

from runready.importers.archives import MAX_RATIO, RATIO_FLOOR_BYTES, is_zip
from runready.importers.base import (
    HealthSample,
    ImportedSession,
    ImportRejected,
    ParsedFile,
    Unusable,
    build_session,
    dated,
    session_type,
)
from runready.importers.results import FileResult, sha256

__all__ = ["FORMAT", "HealthSample", "find_export", "read_export"]

FORMAT = "apple_health"
ROOT = "HealthData"
#: Where the Health app puts the document inside ``export.zip``.
ZIP_MEMBERS = ("apple_health_export/export.xml", "export.xml")
#: The largest export read (bytes): exports of several GB are common, 64 GiB is not a phone's.
MAX_EXPORT_BYTES = 64 << 30
#: The record types kept for the wellness store.
WELLNESS_TYPES = frozenset(
    {
        "HKQuantityTypeIdentifierHeartRateVariabilitySDNN",
        "HKQuantityTypeIdentifierRestingHeartRate",
        "HKCategoryTypeIdentifierSleepAnalysis",
    }
)
_ACTIVITY_PREFIX = "HKWorkoutActivityType"
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
_DURATION_S = {"s": 1.0, "sec": 1.0, "min": 60.0, "hr": 3600.0, "h": 3600.0}
_DISTANCE_KM = {"km": 1.0, "m": 0.001, "mi": 1.609344, "yd": 0.0009144, "ft": 0.0003048}
_ENERGY_KCAL = {"kcal": 1.0, "Cal": 1.0, "kJ": 1 / 4.184, "cal": 0.001}
_HEAD_BYTES = 64 << 10


@dataclass(frozen=True, slots=True)
class Export:
    """Where an export's document is: a file, or a member of a zip."""

    path: Path
    member: str | None


def find_export(path: Path) -> Export | None:
    """Return the Apple Health document at ``path`` (its XML, a zip or a folder), or None."""
    try:
        if path.is_dir():
            for member in ZIP_MEMBERS:
                inner = path / member
                if inner.is_file() and _is_health(_head(inner)):
                    return Export(inner, None)
            return None
        with path.open("rb") as fp:
            head = fp.read(_HEAD_BYTES)
        if not is_zip(head):
            return Export(path, None) if _is_health(head) else None
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        inside = next((m for m in ZIP_MEMBERS if m in names), None)
        return Export(path, inside) if inside is not None else None
    except (OSError, zipfile.BadZipFile):
        return None


def _head(path: Path) -> bytes:
    with path.open("rb") as fp:
        return fp.read(_HEAD_BYTES)


def _is_health(head: bytes) -> bool:
    """Return True when the document's type or first element is ``HealthData``."""
    text = head.decode("utf-8", errors="replace")
    return f"<!DOCTYPE {ROOT}" in text or re.search(rf"<{ROOT}[\s>]", text) is not None


@contextmanager
def _opened(export: Export) -> Iterator[IO[bytes]]:
    """Yield the document as a stream, refusing a zip member whose sizes look like a bomb."""
    if export.member is None:
        with export.path.open("rb") as fp:
            yield fp
        return
    with zipfile.ZipFile(export.path) as archive:
        info = archive.getinfo(export.member)
        if info.file_size > MAX_EXPORT_BYTES:
            raise ImportRejected(f"{export.member} is larger than {MAX_EXPORT_BYTES >> 30} GiB")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise ImportRejected(f"{export.member} would expand more than {MAX_RATIO}:1")
        with archive.open(info) as stream:
            yield stream


def read_export(
    path: Path, display: str, tz: tzinfo, weight_unit: str = "kg", *, found: Export | None = None
) -> Iterator[FileResult]:
    """Yield one result per workout of the export, then one holding its wellness samples."""
    del tz, weight_unit  # every time in the export carries its offset; no loads are read
    export = found or find_export(path)
    if export is None:
        raise ImportRejected("not an Apple Health export (no HealthData document)")
    samples: list[HealthSample] = []
    with _opened(export) as stream:
        for elem in _top_level(stream):
            if elem.tag == "Record" and elem.get("type") in WELLNESS_TYPES:
                sample = _sample(elem)
                if sample is not None:
                    samples.append(sample)
            elif elem.tag == "Workout":
                yield _workout_result(elem, display)
    counts = [
        f"{sum(1 for s in samples if s.type == kind):,} {kind.partition('Identifier')[2]}"
        for kind in sorted(WELLNESS_TYPES)
    ]
    note = f"wellness samples read: {', '.join(counts)}"
    name = f"{display}!wellness"
    parsed = ParsedFile(FORMAT, (), (note,), wellness=tuple(samples))
    yield FileResult(name, sha256(b""), b"", FORMAT, parsed=parsed)


def _top_level(stream: IO[bytes]) -> Iterator[Element]:
    """Yield each complete child of the root, then drop it (memory stays flat)."""
    depth = 0
    root: Element | None = None
    try:
        events = iterparse(stream, events=("start", "end"), forbid_dtd=False)
        for event, elem in events:
            if event == "start":
                if depth == 0:
                    if elem.tag != ROOT:
                        raise ImportRejected(f"the root element is <{elem.tag[:40]}>, not <{ROOT}>")
                    root = elem
                depth += 1
                continue
            depth -= 1
            if depth == 1 and root is not None:
                yield elem
                root.clear()
    except (EntitiesForbidden, ExternalReferenceForbidden, DTDForbidden) as exc:
        raise ImportRejected("unsafe XML: entity declarations or external references") from exc
    except ParseError as exc:
        raise ImportRejected(f"malformed XML: {exc}") from exc


def _moment(text: str | None) -> datetime | None:
    """Return an export time (``2026-11-21 07:30:00 +0100``) with its offset, or None."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _sample(elem: Element) -> HealthSample | None:
    start, end = _moment(elem.get("startDate")), _moment(elem.get("endDate"))
    raw = elem.get("value")
    if start is None or end is None or raw is None:
        return None
    kind = elem.get("type", "")
    value: float | str | None = raw if kind.startswith("HKCategory") else _number(raw)
    if value is None:
        return None
    return HealthSample(kind, value, elem.get("unit"), start, end, elem.get("sourceName", ""))


def _workout_result(elem: Element, display: str) -> FileResult:
    """Return one workout as a result of its own: its XML is the original kept."""
    data = tostring(elem, encoding="utf-8")
    activity = elem.get("workoutActivityType", "").removeprefix(_ACTIVITY_PREFIX)
    name = f"{display}!{activity or 'Workout'} {elem.get('startDate', '')}".rstrip()
    try:
        session = _session(elem, activity)
    except Unusable as exc:
        return FileResult(name, sha256(data), data, FORMAT, rejected=str(exc))
    parsed = ParsedFile(FORMAT, (session,))
    return FileResult(name, sha256(data), data, FORMAT, parsed=parsed)


def _session(elem: Element, activity: str) -> ImportedSession:
    start, end = _moment(elem.get("startDate")), _moment(elem.get("endDate"))
    if start is None:
        raise Unusable("no start time with its offset")
    dated(start, "startDate")
    duration = _number(elem.get("duration"))
    scale = _DURATION_S.get(elem.get("durationUnit", "min"))
    elapsed_s = duration * scale if duration is not None and scale else None
    if elapsed_s is None and end is not None:
        elapsed_s = (end - start).total_seconds()
    stats = {s.get("type", ""): s for s in elem.iter("WorkoutStatistics")}
    distance_km = _amount(elem.get("totalDistance"), elem.get("totalDistanceUnit"), _DISTANCE_KM)
    for kind, stat in stats.items():
        if distance_km is None and kind.startswith("HKQuantityTypeIdentifierDistance"):
            distance_km = _amount(stat.get("sum"), stat.get("unit"), _DISTANCE_KM)
    energy = _amount(elem.get("totalEnergyBurned"), elem.get("totalEnergyBurnedUnit"), _ENERGY_KCAL)
    burned = stats.get("HKQuantityTypeIdentifierActiveEnergyBurned")
    if energy is None and burned is not None:
        energy = _amount(burned.get("sum"), burned.get("unit"), _ENERGY_KCAL)
    heart = stats.get("HKQuantityTypeIdentifierHeartRate")
    notes = [f"{energy:.0f} kcal burned (Apple Health)"] if energy is not None else []
    sport = _CAMEL.sub("_", activity).lower() or "other"
    return build_session(
        session_type(sport),
        start,
        elapsed_s,
        source_format=FORMAT,
        sport=sport,
        external_id=f"{FORMAT}:{start.isoformat()}:{activity}",
        notes=notes,
        distance_km=distance_km or None,
        avg_hr_bpm=_number(heart.get("average")) if heart is not None else None,
        max_hr_bpm=_number(heart.get("maximum")) if heart is not None else None,
    )


def _amount(text: str | None, unit: str | None, units: dict[str, float]) -> float | None:
    """Return a value converted by its unit, or None when either is missing or unknown."""
    value = _number(text)
    factor = units.get(unit or "")
    return value * factor if value is not None and factor is not None else None
