"""Strava bulk exports: ``activities.csv`` is the index, and its rows enrich the activity files.

The CSV is read positionally because its header repeats names: the first block is formatted
for display (distance in the athlete's km or miles), and a later raw block repeats ``Elapsed
Time``, ``Distance``, ``Max Heart Rate`` etc. in seconds and metres. Columns are matched by a
normalised name (lower case, HTML stripped), so the 2018 set (``id,date,name,type,...``), the
2021 set (HTML-wrapped headers) and the 2025 set (99 columns) all read. ``Activity Date`` is UTC.
"""

from __future__ import annotations

import csv
import io
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from runready.core.model import RunKind, SessionType
from runready.importers.archives import Members, iter_files, open_members
from runready.importers.base import (
    ImportedSession,
    ImportRejected,
    ParsedFile,
    Unusable,
    build_session,
    dated,
    session_type,
    storable,
    without_nul,
)
from runready.importers.results import EntryParser, FileResult, sha256
from runready.importers.track import finite_number

INDEX = "activities.csv"
FOLDER = "activities/"
#: Normalised header names that make a CSV a Strava activity index.
_REQUIRED = (("activity_id", "id"), ("activity_date", "date"), ("filename",), ("elapsed_time",))
#: Each field and the header names it may go by, preferred first.
_FIELDS = {
    "id": ("activity_id", "id"),
    "date": ("activity_date", "date"),
    "name": ("activity_name", "name"),
    "type": ("activity_type", "type"),
    "elapsed": ("elapsed_time",),
    "moving": ("moving_time",),
    "distance": ("distance",),
    "filename": ("filename",),
    "avg_hr": ("average_heart_rate",),
    "max_hr": ("max_heart_rate",),
    "elevation_loss": ("elevation_loss",),
    "rpe": ("perceived_exertion",),
    "competition": ("competition",),
    "long_run": ("long_run",),
}
_MONTHS = {
    month: number
    for number, month in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ENGLISH_DATE = re.compile(
    r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})\s*([AaPp][Mm])?$"
)
_TRUE = {"1", "1.0", "true", "yes"}
_MILE_M = 1609.344


@dataclass(frozen=True, slots=True)
class Row:
    """One row of activities.csv, in SI units."""

    number: int
    activity_id: str | None
    start: datetime | None
    name: str | None
    type: str | None
    filename: str | None
    elapsed_s: float | None
    moving_s: float | None
    distance_m: float | None
    avg_hr: float | None
    max_hr: float | None
    elevation_loss_m: float | None
    rpe: float | None
    kind: RunKind | None


def _normal(header: str) -> str:
    text = re.sub(r"<[^>]*>", "", header)
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def is_activities_csv(data: bytes) -> bool:
    """Return True when ``data`` starts with a Strava activities.csv header."""
    first = data[:16384].decode("utf-8-sig", errors="replace").splitlines()[:1]
    if not first:
        return False
    try:
        header = {_normal(cell) for cell in next(csv.reader(first))}
    except (csv.Error, StopIteration):
        return False
    return all(any(name in header for name in names) for names in _REQUIRED)


@dataclass(frozen=True, slots=True)
class Index:
    """A Strava export as detection found it: its file list and its activities.csv."""

    names: tuple[str, ...]
    member: str
    data: bytes = field(repr=False)


def find_index(members: Members) -> Index | None:
    """Return the Strava activities.csv at the top or in the one top folder, read once."""
    names = members.names
    tops = {name.split("/", 1)[0] for name in names}
    candidates = [INDEX] + ([f"{next(iter(tops))}/{INDEX}"] if len(tops) == 1 else [])
    for candidate in candidates:
        if candidate in names:
            data = members.read(candidate)
            if is_activities_csv(data[:16384]):
                return Index(tuple(names), candidate, data)
    return None


def parse_index(data: bytes) -> tuple[list[Row], list[str]]:
    """Return the rows of activities.csv and file-level notes."""
    notes: list[str] = []
    text = without_nul(data.decode("utf-8-sig", errors="replace"), notes)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as exc:
        raise ImportRejected("activities.csv has no header") from exc
    columns: dict[str, list[int]] = {}
    for index, cell in enumerate(header):
        columns.setdefault(_normal(cell), []).append(index)
    where = {
        field: next((columns[name] for name in names if name in columns), [])
        for field, names in _FIELDS.items()
    }
    cells: list[list[str]] = []
    try:
        cells = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise ImportRejected(
            f"activities.csv is malformed near line {reader.line_num}: {exc}"
        ) from exc
    display_m = _display_unit(cells, where["distance"], header, notes)
    rows = [_row(number, cells_, where, display_m) for number, cells_ in enumerate(cells, 1)]
    return rows, notes


def _display_unit(
    cells: list[list[str]], at: list[int], header: list[str], notes: list[str]
) -> float:
    """Return metres per unit of the first Distance column, learnt from rows that have both."""
    if len(at) == 1 and header[at[0]].strip().islower():
        return 1.0  # the 2018 export: one raw ``distance`` column, in metres
    shown = [finite_number(_cell(row, at[:1])) for row in cells] if at else []
    raw = [finite_number(_cell(row, at[-1:])) if len(at) > 1 else None for row in cells]
    ratios = [r / s for s, r in zip(shown, raw, strict=False) if s and r]
    if ratios:
        return _MILE_M if abs(statistics.median(ratios) - _MILE_M) < 100 else 1000.0
    if any(s is not None and r is None for s, r in zip(shown, raw, strict=False)):
        notes.append("distances read as kilometres: no raw column to learn the unit from")
    return 1000.0


def _cell(row: list[str], at: list[int]) -> str:
    """Return the last non-empty cell among the columns ``at`` (the raw block comes last)."""
    for index in reversed(at):
        if index < len(row) and row[index].strip():
            return row[index].strip()
    return ""


def _row(number: int, row: list[str], where: dict[str, list[int]], display_m: float) -> Row:
    def text(field: str) -> str | None:
        return _cell(row, where[field]) or None

    def value(field: str) -> float | None:
        return finite_number(_cell(row, where[field]))

    at = where["distance"]
    distance = finite_number(_cell(row, at[-1:])) if len(at) >= 2 else None
    if distance is None and at:
        shown = finite_number(_cell(row, at[:1]))
        distance = shown * display_m if shown is not None else None
    flags = {f: (text(f) or "").lower() in _TRUE for f in ("competition", "long_run")}
    kind = RunKind.RACE if flags["competition"] else RunKind.LONG if flags["long_run"] else None
    return Row(
        number=number,
        activity_id=text("id"),
        start=parse_date(text("date") or ""),
        name=text("name"),
        type=text("type"),
        filename=text("filename"),
        elapsed_s=value("elapsed"),
        moving_s=value("moving"),
        distance_m=distance,
        avg_hr=value("avg_hr"),
        max_hr=value("max_hr"),
        elevation_loss_m=value("elevation_loss"),
        rpe=value("rpe"),
        kind=kind,
    )


def parse_date(text: str) -> datetime | None:
    """Return a UTC moment from ``Oct 5, 2014, 4:15:21 PM`` or an ISO date, else None."""
    match = _ENGLISH_DATE.match(text.strip())
    try:
        if match:
            month, day, year, hour, minute, second, half = match.groups()
            hour_24 = int(hour)
            if half is not None:
                hour_24 = hour_24 % 12 + (12 if half.lower() == "pm" else 0)
            moment = datetime(
                int(year), _MONTHS[month.lower()], int(day), hour_24, int(minute), int(second)
            )
        else:
            moment = datetime.fromisoformat(text.strip())
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (KeyError, ValueError, OverflowError):
        return None


def row_session(row: Row, why: str) -> ImportedSession:
    """Return the session a row describes on its own (``why`` says why no file was used)."""
    if row.start is None:
        raise Unusable("no readable Activity Date")
    kind = session_type(row.type or "")
    notes = [f"from activities.csv row {row.number}: {why}"]
    if kind is SessionType.STRENGTH:
        notes.append("Strava keeps no sets or reps: a strength session without exercises")
    return build_session(
        kind,
        dated(row.start, "Activity Date"),
        row.elapsed_s,
        row.moving_s,
        source_format="strava_csv",
        sport=row.type or "",
        external_id=row.activity_id,
        notes=notes,
        distance_km=row.distance_m / 1000.0 if row.distance_m is not None else None,
        avg_hr_bpm=row.avg_hr,
        max_hr_bpm=row.max_hr,
        elevation_loss_m=row.elevation_loss_m,
        rpe=row.rpe,
        kind=row.kind if kind is SessionType.RUN else None,
        name=row.name,
    )


def rows_file(rows: list[Row], reasons: dict[int, str], notes: list[str]) -> ParsedFile:
    """Return the sessions of the rows listed in ``reasons``, noting every row refused."""
    sessions: list[ImportedSession] = []
    for row in rows:
        if row.number not in reasons:
            continue
        try:
            sessions.append(row_session(row, reasons[row.number]))
        except Unusable as exc:
            notes.append(f"row {row.number} (activity {row.activity_id}) not imported: {exc}")
    return ParsedFile(format="strava_csv", sessions=tuple(sessions), notes=tuple(notes))


def parse_activities_csv(data: bytes) -> ParsedFile:
    """Return one session per row of an activities.csv read without its activity files."""
    rows, notes = parse_index(data)
    why = "activity file not part of this import"
    reasons = {row.number: why if row.filename else "manual entry" for row in rows}
    return rows_file(rows, reasons, notes)


def enrich(parsed: ParsedFile, row: Row) -> ParsedFile:
    """Return ``parsed`` with the row's name, id, effort and run kind (and type if unclear)."""
    sessions: list[ImportedSession] = []
    many = len(parsed.sessions) > 1
    for number, imported in enumerate(parsed.sessions, 1):
        session, sport, notes = imported.session, imported.sport, list(imported.notes)
        row_kind = session_type(row.type or "")
        inferred = imported.sport_inferred
        unclear = session.type is SessionType.OTHER or inferred
        if unclear and row_kind is not SessionType.OTHER and row_kind is not session.type:
            keep = session.kind if row_kind is SessionType.RUN else None
            session = replace(session, type=row_kind, kind=keep)
            sport, inferred = row.type or sport, False
            notes.append(f"type {row_kind.value} taken from activities.csv ({row.type})")
        changes: dict[str, object] = {"name": row.name or session.name}
        if row.rpe is not None and 0 <= row.rpe <= 10:
            changes["rpe"] = row.rpe
        if row.kind is not None and session.type is SessionType.RUN:
            changes["kind"] = row.kind
        session = replace(session, **changes)  # type: ignore[arg-type]
        external = f"{row.activity_id}.{number}" if many and row.activity_id else row.activity_id
        notes.append(f"enriched from activities.csv row {row.number}")
        sessions.append(
            storable(
                replace(
                    imported,
                    session=session,
                    sport=sport,
                    external_id=external,
                    notes=tuple(notes),
                    sport_inferred=inferred,
                )
            )
        )
    return replace(parsed, sessions=tuple(sessions))


def _key(member: str) -> str:
    return member.replace("\\", "/").lower()


def read_export(
    path: Path,
    display: str,
    tz: tzinfo,
    weight_unit: str = "kg",
    *,
    found: Index | None = None,
    parse: EntryParser,
) -> Iterator[FileResult]:
    """Yield a result per activity file of a Strava export, then one for activities.csv.

    ``found`` is what ``find_index`` already read; without it the export is opened here.
    A row whose file is missing or unusable becomes a session of its own, with a note; a file
    no row names is imported alone; an unreadable activities.csv still lets the files import.
    """
    if found is None:
        with open_members(path) as members:
            found = find_index(members)
    if found is None:
        raise ImportRejected("no Strava activities.csv in this export")
    names, index, data = found.names, found.member, found.data
    prefix, folder = index[: -len(INDEX)], index[: -len(INDEX)] + FOLDER
    try:
        rows, notes = parse_index(data)
        problem = None
    except ImportRejected as exc:
        rows, notes, problem = [], [], str(exc)
    by_file = {_key(prefix + row.filename): row for row in rows if row.filename}
    reasons = {
        row.number: f"activity file {row.filename} not in the export"
        if row.filename
        else "manual entry"
        for row in rows
    }
    other = sum(1 for name in names if not name.startswith(folder) and name != index)
    if other:
        notes.append(f"{other} other files of the export (media, routes, profile) not imported")
    for entry in iter_files(path, display=display, include=lambda m: m.startswith(folder)):
        result = parse(entry, tz, weight_unit)
        matched = by_file.get(_key(entry.member))
        if matched is None:
            yield result
        elif result.parsed is not None and result.parsed.sessions:
            reasons.pop(matched.number, None)
            yield replace(result, parsed=enrich(result.parsed, matched))
        else:
            outcome = result.rejected or result.skipped or "no sessions"
            reasons[matched.number] = f"its file {matched.filename} was not usable ({outcome})"
            yield result
    name = f"{display}{'/' if path.is_dir() else '!'}{index}"
    if problem is not None:
        yield FileResult(name, sha256(data), data, "csv", rejected=problem)
    else:
        yield FileResult(name, sha256(data), data, "csv", parsed=rows_file(rows, reasons, notes))
