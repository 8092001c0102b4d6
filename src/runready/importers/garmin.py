"""Garmin Connect: the account data export (zip or folder) and activity-list JSON files.

Two JSON shapes hold the same kind of records: the web activity list (a list of activities,
``activityType.typeKey``, times as ``"2025-12-22 13:02:21"`` strings, seconds and metres) and
the export's ``*summarizedActivities*.json`` (``[{"summarizedActivitiesExport": [...]}]``,
reportedly epoch milliseconds, milliseconds and centimetres). Units are decided per file and
per field from the values themselves:

- a number used as a time is epoch milliseconds above 10^11, epoch seconds below; a string is
  ISO 8601 or ``YYYY-MM-DD HH:MM:SS`` (GMT fields in UTC, local fields as wall-clock time);
- durations are milliseconds when their median exceeds 60,000 (a median session of 16 h in
  seconds is implausible), else seconds;
- distances are centimetres when the median speed they give in metres exceeds 50 m/s (a
  centimetre value read as metres is 100 times too fast), else metres; without any moving
  session the file's shape decides. Elevation follows the distance unit;
- exercise ``maxWeight`` is grams and exercise ``duration`` milliseconds (as in the sample);
  exercise names are the FIT profile names (``ROMANIAN_DEADLIFT``), kept in the lower case the
  FIT reader uses, so one exercise has one name whichever file it came from.

The UTC offset of a session is its local start minus its GMT start.
"""

from __future__ import annotations

import bisect
import json
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from runready.core.errors import InvalidInput
from runready.core.model import Exercise, ExerciseSet, RunKind, SessionType
from runready.importers.archives import Members, iter_files, open_members
from runready.importers.base import (
    ImportedSession,
    ImportRejected,
    ImportSkipped,
    ParsedFile,
    Unusable,
    build_session,
    dated,
    local,
    session_type,
    storable,
    with_offset,
)
from runready.importers.results import EntryParser, FileResult, sha256

ROOT = "DI_CONNECT/"
#: A FIT session and a summary this close in start time are the same activity.
MATCH_WINDOW_S = 120.0
#: More sets than this for one exercise is a corrupt summary, not training.
MAX_SETS = 100
SET_NOTE = "Garmin summarises sets: reps per set are estimated from the total, at the top weight"
_RACE_EVENT_ID = 1


@dataclass(frozen=True, slots=True)
class _Units:
    duration_ms: bool
    distance_cm: bool


@dataclass(frozen=True, slots=True)
class Summary:
    """One summary record read into a session, or why it could not be."""

    activity_id: str | None
    session: ImportedSession | None
    problem: str | None = None


def _records(doc: object) -> tuple[list[dict[str, Any]], bool] | None:
    """Return the activity records of either JSON shape and whether it is the export's."""
    if isinstance(doc, dict) and isinstance(doc.get("summarizedActivitiesExport"), list):
        doc = [doc]
    if not isinstance(doc, list):
        return None
    wrapped = [
        part for part in doc if isinstance(part, dict) and "summarizedActivitiesExport" in part
    ]
    if wrapped:
        found = [r for part in wrapped for r in part["summarizedActivitiesExport"] or []]
        return [r for r in found if isinstance(r, dict)], True
    if doc and all(isinstance(r, dict) and "activityId" in r for r in doc):
        return list(doc), False
    return None


def _num(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value == value and abs(value) != float("inf") else None


def _units(records: list[dict[str, Any]], export: bool) -> _Units:
    durations = [
        d for r in records if (d := _num(r.get("elapsedDuration")) or _num(r.get("duration")))
    ]
    duration_ms = statistics.median(durations) > 60_000 if durations else export
    speeds = []
    for record in records:
        distance, duration = _num(record.get("distance")), _num(record.get("duration"))
        if distance and duration:
            speeds.append(distance / (duration / 1000 if duration_ms else duration))
    distance_cm = statistics.median(speeds) > 50 if speeds else export
    return _Units(duration_ms, distance_cm)


def _moment(value: object, *, epoch_is_local: bool = False) -> datetime | None:
    """Return a naive (local fields) or UTC (GMT fields) moment from a number or a string."""
    number = _num(value)
    try:
        if number is not None:
            seconds = number / 1000 if number > 1e11 else number
            moment = datetime.fromtimestamp(seconds, UTC)
            return moment.replace(tzinfo=None) if epoch_is_local else moment
        if isinstance(value, str) and value.strip():
            parsed = datetime.fromisoformat(value.strip())
            if epoch_is_local:
                return parsed.replace(tzinfo=None)
            return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return None


def _start(record: dict[str, Any], tz: tzinfo) -> tuple[datetime, tuple[str, ...]]:
    """Return the start in the session's own UTC offset (local minus GMT), else UTC or ``tz``."""
    gmt = next(
        (
            m
            for key in ("startTimeGMT", "startTimeGmt", "beginTimestamp")
            if (m := _moment(record.get(key)))
        ),
        None,
    )
    wall = _moment(record.get("startTimeLocal"), epoch_is_local=True)
    for moment, key in ((gmt, "startTimeGMT"), (wall, "startTimeLocal")):
        if moment is not None:
            dated(moment, key)
    if gmt is None:
        if wall is None:
            raise Unusable("no start time")
        return local(wall, tz), ("no GMT start: local time read in the athlete's time zone",)
    if wall is None:
        return gmt, ("no local start: shown in UTC",)
    offset = timedelta(minutes=round((wall - gmt.replace(tzinfo=None)).total_seconds() / 60))
    if abs(offset) > timedelta(hours=14) or offset % timedelta(minutes=15):
        return gmt, (f"local and GMT starts differ by {offset}: shown in UTC",)
    return with_offset(gmt, offset), ()


def _type_key(record: dict[str, Any]) -> str:
    kind = record.get("activityType")
    if isinstance(kind, dict):
        kind = kind.get("typeKey")
    return str(kind or record.get("sportType") or "")


def _exercises(items: object) -> tuple[tuple[Exercise, ...], tuple[str, ...]]:
    """Return exercises from ``summarizedExerciseSets``, reps spread evenly over the sets."""
    exercises: list[Exercise] = []
    notes: list[str] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        name = item.get("subCategory") or item.get("category")
        sets = int(_num(item.get("sets")) or 0)
        if not isinstance(name, str) or not name.strip() or not 0 < sets <= MAX_SETS:
            notes.append(f"exercise summary skipped: {str(name)[:40]!r} with {sets} sets")
            continue
        reps = int(_num(item.get("reps")) or 0)
        grams = _num(item.get("maxWeight"))
        duration = _num(item.get("duration"))
        base, extra = divmod(reps, sets)
        try:
            done = tuple(
                ExerciseSet(
                    reps=(base + (1 if index < extra else 0)) or None,
                    weight_kg=grams / 1000 if grams else None,
                    duration_s=duration / 1000 / sets if duration else None,
                )
                for index in range(sets)
            )
        except InvalidInput as exc:
            notes.append(f"exercise {name[:40]!r} skipped: {exc}")
            continue
        exercises.append(Exercise(name=name.strip().lower(), sets=done))
    return tuple(exercises), tuple(notes)


def summary_session(record: dict[str, Any], units: _Units, tz: tzinfo) -> ImportedSession:
    """Return the session one activity record describes; raise Unusable when it cannot."""
    start, notes = _start(record, tz)
    sport = _type_key(record)
    kind = session_type(sport)
    seconds = 1000.0 if units.duration_ms else 1.0
    metres = 100.0 if units.distance_cm else 1.0

    def scaled(*keys: str, by: float) -> float | None:
        value = next((v for key in keys if (v := _num(record.get(key))) is not None), None)
        return value / by if value is not None else None

    elapsed = scaled("elapsedDuration", "duration", by=seconds)
    distance = scaled("distance", by=metres)
    event = record.get("eventType")
    race = record.get("eventTypeId") == _RACE_EVENT_ID or (
        isinstance(event, dict) and event.get("typeKey") == "race"
    )
    rpe = _num(record.get("directWorkoutRpe"))
    exercises: tuple[Exercise, ...] = ()
    set_notes: tuple[str, ...] = ()
    if kind is SessionType.STRENGTH:
        exercises, set_notes = _exercises(record.get("summarizedExerciseSets"))
    identity = record.get("activityId")
    return build_session(
        kind,
        start,
        elapsed,
        scaled("movingDuration", by=seconds),
        source_format="garmin_json",
        sport=sport,
        external_id=str(identity) if identity is not None else None,
        notes=(*notes, *set_notes, *((SET_NOTE,) if exercises else ())),
        distance_km=distance / 1000 if distance else None,
        avg_hr_bpm=_num(record.get("averageHR")) or _num(record.get("avgHr")),
        max_hr_bpm=_num(record.get("maxHR")) or _num(record.get("maxHr")),
        elevation_loss_m=scaled("elevationLoss", by=metres),
        rpe=rpe / 10 if rpe and rpe > 10 else rpe,
        kind=RunKind.RACE if race and kind is SessionType.RUN else None,
        exercises=exercises,
        name=str(record.get("activityName") or record.get("name") or "") or None,
    )


def read_summaries(data: bytes, tz: tzinfo) -> list[Summary]:
    """Return every record of a Garmin activity JSON read into a session (or why not)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        raise ImportRejected(f"not valid JSON ({type(exc).__name__})") from exc
    found = _records(doc)
    if found is None:
        raise ImportSkipped("JSON that is not a Garmin Connect activity list")
    records, export = found
    units = _units(records, export)
    parents = {str(r.get("parentId")) for r in records if r.get("parentId") is not None}
    summaries: list[Summary] = []
    for record in records:
        identity = str(record["activityId"]) if record.get("activityId") is not None else None
        if record.get("parent") is True and identity in parents:
            summaries.append(Summary(identity, None, "a multisport parent: its parts are imported"))
            continue
        try:
            summaries.append(Summary(identity, summary_session(record, units, tz)))
        except Unusable as exc:
            summaries.append(Summary(identity, None, str(exc)))
    return summaries


def summaries_file(summaries: list[Summary], skip: set[int] | None = None) -> ParsedFile:
    """Return the sessions of ``summaries`` (except indices in ``skip``), noting refusals."""
    sessions = []
    notes = []
    for index, summary in enumerate(summaries):
        if skip and index in skip:
            continue
        if summary.session is not None:
            sessions.append(summary.session)
        else:
            notes.append(f"activity {summary.activity_id} not imported: {summary.problem}")
    return ParsedFile(format="garmin_json", sessions=tuple(sessions), notes=tuple(notes))


def parse_json(data: bytes, tz: tzinfo) -> ParsedFile:
    """Return the sessions of a Garmin activity-list or summarizedActivities JSON file."""
    return summaries_file(read_summaries(data, tz))


def find_root(names: list[str]) -> str | None:
    """Return the prefix under which a Garmin export's DI_CONNECT folder sits, or None."""
    tops = {name.split("/", 1)[0] for name in names}
    prefixes = [""] + ([f"{next(iter(tops))}/"] if len(tops) == 1 else [])
    for prefix in prefixes:
        if any(name.startswith(prefix + ROOT) for name in names):
            return prefix
    return None


@dataclass(frozen=True, slots=True)
class Export:
    """A Garmin export as detection found it: where DI_CONNECT sits, and its summary files."""

    root: str
    summaries: tuple[tuple[str, bytes], ...] = field(repr=False)


def find_export(members: Members) -> Export | None:
    """Return the Garmin export in ``members`` with its summary JSON files read, or None."""
    root = find_root(members.names)
    if root is None:
        return None
    base = root + ROOT
    found = [name for name in members.names if name.startswith(base) and _is_summary(name)]
    return Export(root, tuple((name, members.read(name)) for name in found))


def _is_summary(name: str) -> bool:
    base = name.rsplit("/", 1)[-1].lower()
    return "summarizedactivities" in base and base.endswith(".json")


class _Index:
    """Find the summary of a file's session by activity id in the file name, else by start."""

    def __init__(self, summaries: list[Summary]) -> None:
        self.summaries = summaries
        self.by_id = {
            s.activity_id: i for i, s in enumerate(summaries) if s.session and s.activity_id
        }
        starts = [
            (s.session.session.start.timestamp(), i) for i, s in enumerate(summaries) if s.session
        ]
        self.starts = sorted(starts)
        self.taken: set[int] = set()

    def match(self, imported: ImportedSession, name: str) -> ImportedSession | None:
        """Return the summary describing the same activity as ``imported``, taking it."""
        numbers = re.findall(r"\d{6,}", name.rsplit("/", 1)[-1].rsplit("!", 1)[-1])
        found = next((self.by_id[n] for n in numbers if n in self.by_id), None)
        if found is None or found in self.taken:
            found = self._nearest(imported.session.start.timestamp())
        if found is None:
            return None
        self.taken.add(found)
        return self.summaries[found].session

    def _nearest(self, moment: float) -> int | None:
        low = bisect.bisect_left(self.starts, (moment - MATCH_WINDOW_S, -1))
        best: tuple[float, int] | None = None
        for start, index in self.starts[low:]:
            if start > moment + MATCH_WINDOW_S:
                break
            gap = abs(start - moment)
            if index not in self.taken and (best is None or gap < best[0]):
                best = (gap, index)
        return best[1] if best else None


def enrich(imported: ImportedSession, summary: ImportedSession) -> ImportedSession:
    """Return a file's session with the summary's name, id, effort, race flag and sets."""
    session, notes = imported.session, list(imported.notes)
    known = summary.session
    if session.type is SessionType.OTHER and known.type is not SessionType.OTHER:
        session = replace(session, type=known.type)
        notes.append(f"type {known.type.value} taken from Garmin Connect ({summary.sport})")
    changes: dict[str, object] = {"name": known.name or session.name}
    if known.rpe is not None:
        changes["rpe"] = known.rpe
    if known.kind is RunKind.RACE and session.type is SessionType.RUN:
        changes["kind"] = RunKind.RACE
    if not session.exercises and known.exercises and session.type is SessionType.STRENGTH:
        changes["exercises"] = known.exercises
        notes.append(SET_NOTE)
    notes.append("enriched from Garmin Connect's activity summary")
    return storable(
        replace(
            imported,
            session=replace(session, **changes),  # type: ignore[arg-type]
            external_id=summary.external_id,
            notes=tuple(notes),
        )
    )


def read_export(
    path: Path,
    display: str,
    tz: tzinfo,
    weight_unit: str = "kg",
    *,
    found: Export | None = None,
    parse: EntryParser,
) -> Iterator[FileResult]:
    """Yield a result per uploaded file of a Garmin export, then one per summary JSON.

    ``found`` is what ``find_export`` already read; without it the export is opened here.
    A session read from an uploaded file takes the name, id, effort and race flag of its
    summary, which then is not imported again; summaries without a file become sessions alone.
    """
    if found is None:
        with open_members(path) as members:
            found = find_export(members)
    if found is None:
        raise ImportRejected("no DI_CONNECT folder in this Garmin export")
    base = found.root + ROOT
    files: list[tuple[str, bytes, int, str | None]] = []
    summaries: list[Summary] = []
    for name, data in found.summaries:
        try:
            read = read_summaries(data, tz)
        except (ImportRejected, ImportSkipped) as exc:
            files.append((name, data, 0, str(exc)))
            continue
        files.append((name, data, len(read), None))
        summaries.extend(read)
    index = _Index(summaries)

    def uploaded(member: str) -> bool:
        return member.startswith(base) and "uploaded-files" in member.lower()

    for entry in iter_files(path, display=display, include=uploaded):
        result = parse(entry, tz, weight_unit)
        if result.parsed is None:
            yield result
            continue
        sessions = []
        for imported in result.parsed.sessions:
            summary = index.match(imported, entry.name)
            sessions.append(imported if summary is None else enrich(imported, summary))
        yield replace(result, parsed=replace(result.parsed, sessions=tuple(sessions)))
    first = 0
    for name, data, count, problem in files:
        full = f"{display}{'/' if path.is_dir() else '!'}{name}"
        if problem is not None:
            yield FileResult(full, sha256(data), data, "json", rejected=problem)
            continue
        skip = {i - first for i in index.taken if first <= i < first + count}
        parsed = summaries_file(summaries[first : first + count], skip)
        if skip:
            note = f"{len(skip)} activities came with their uploaded files"
            parsed = replace(parsed, notes=(*parsed.notes, note))
        first += count
        yield FileResult(full, sha256(data), data, "json", parsed=parsed)
