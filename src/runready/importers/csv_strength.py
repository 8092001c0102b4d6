"""Read Hevy, Strong, FitNotes, Fitbod and Alpha Progression CSV exports: a session per workout."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta, tzinfo

from runready.core.errors import InvalidInput
from runready.core.load import MINUTES_PER_SET
from runready.core.model import Exercise, ExerciseSet, SessionType
from runready.importers.base import (
    MAX_FILE_BYTES,
    MAX_SESSION_S,
    ImportedSession,
    ImportRejected,
    ImportSkipped,
    ParsedFile,
    Unusable,
    build_session,
    local,
    utc,
    without_nul,
)
from runready.importers.csv_cells import LB_TO_KG, Cells

__all__ = ["parse_strength_csv"]

#: A set with no reps and no load that lasts longer than this (s) is cardio, not a hold:
#: planks and hangs are measured in seconds, a treadmill block in many minutes.
HOLD_MAX_S = 600.0
#: Workouts longer than this (h) are flagged: the app's timer was probably left running.
LONG_WORKOUT_H = 4.0
#: Widest sensible load in kilograms (ExerciseSet's own limit).
MAX_KG = 1000.0

_UNITS = {"kg": False, "kgs": False, "lb": True, "lbs": True}
#: Fitbod writes no workout boundaries: rows further apart than this (h) start a new workout.
FITBOD_GAP_H = 3.0

_APP_NAMES = {
    "hevy": "Hevy",
    "strong": "Strong",
    "fitnotes": "FitNotes",
    "fitbod": "Fitbod",
    "alpha": "Alpha Progression",
}
#: Alpha Progression's session header: "name";"2026-02-19 4:54 h";"1:02 hr".
_ALPHA_SESSION = re.compile(r"(\d{4}-\d{2}-\d{2}) (\d{1,2}):(\d{2}) h")
_ALPHA_DURATION = re.compile(r"(\d+):(\d{2}) hr")
_ALPHA_EXERCISE = re.compile(r"\d+\.\s+(.+)")


class _Workout:
    """One workout being assembled from its rows."""

    def __init__(self, key: str, title: str, start: datetime) -> None:
        self.key = key
        self.title = title
        self.start = start
        self.duration_s: float | None = None
        self.exercises: dict[str, list[ExerciseSet]] = {}
        self.warmups = 0
        self.cardio = 0
        self.empty = 0
        self.negative = 0
        self.categories: list[str] = []

    def add(
        self,
        exercise: str,
        reps: int | None,
        weight_kg: float | None,
        rpe: float | None = None,
        seconds: float | None = None,
        distance: float | None = None,
        rir: float | None = None,
    ) -> None:
        """Add a set, or count it as cardio or empty when it is no strength set."""
        if weight_kg is not None and weight_kg < 0:
            # Negative loads are assistance (assisted pull-up machines), not external load.
            self.negative += 1
            weight_kg = None
        if not weight_kg:
            weight_kg = None
        seconds = seconds if seconds else None
        if not reps:
            reps = None
            if weight_kg is None and (distance or (seconds or 0) > HOLD_MAX_S):
                self.cardio += 1
                return
            # A hold has a time and a loaded carry a load; a row with neither did nothing.
            if seconds is None and (weight_kg is None or not distance):
                self.empty += 1
                return
        try:
            item = ExerciseSet(reps=reps, weight_kg=weight_kg, rpe=rpe, rir=rir, duration_s=seconds)
        except InvalidInput as exc:  # the cells are range-checked; this is the last guard
            raise ImportRejected(f"a set of {exercise!r} on {self.start:%Y-%m-%d}: {exc}") from exc
        self.exercises.setdefault(exercise, []).append(item)

    @property
    def sets(self) -> int:
        """Return the number of strength sets kept."""
        return sum(len(sets) for sets in self.exercises.values())


def parse_strength_csv(data: bytes, tz: tzinfo, weight_unit: str = "kg") -> ParsedFile:
    """Return one strength session per workout of a strength app's CSV export."""
    if weight_unit.lower() not in _UNITS:
        raise InvalidInput("weight_unit", f"must be kg or lb, got {weight_unit!r}")
    pounds = _UNITS[weight_unit.lower()]
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected(f"file too large: {len(data)} bytes (limit {MAX_FILE_BYTES})")
    text, file_notes = _decode(data)
    text = without_nul(text, file_notes)
    delimiter = _delimiter(text)
    rows = _rows(text, delimiter)
    names = next(rows, None)
    if names is None or not any(cell.strip() for cell in names):
        raise ImportSkipped("empty CSV: no header row")
    if _is_alpha(names):
        app, workouts = "alpha", _alpha(_rows(text, delimiter), tz, pounds)
    else:
        header: dict[str, int] = {}
        for index, name in enumerate(names):
            header.setdefault(_key(name), index)
        app, reader = _detect(header)
        cells = Cells(header, names, decimal_comma=delimiter == ";")
        workouts = reader(rows, cells, tz, pounds)
    sessions: list[ImportedSession] = []
    unusable: list[str] = []
    for workout in workouts.values():
        if workout.sets == 0:
            continue
        try:
            sessions.append(_session(workout, app))
        except Unusable as exc:
            unusable.append(f"workout {workout.title[:40]!r} at {workout.start}: {exc}")
    if not sessions:
        shown = _APP_NAMES[app]
        if unusable:
            raise ImportRejected(unusable[0])
        if workouts:
            raise ImportSkipped(f"{shown} export without strength sets (only cardio or warm-ups)")
        raise ImportSkipped(f"{shown} export without any workout")
    dropped = len(workouts) - len(sessions) - len(unusable)
    if dropped:
        file_notes.append(f"{dropped} workouts without strength sets (cardio only) left out")
    file_notes.extend(f"{reason}; not imported" for reason in unusable)
    sessions.sort(key=lambda s: s.session.start)
    return ParsedFile(format=app, sessions=tuple(sessions), notes=tuple(file_notes))


def _decode(data: bytes) -> tuple[str, list[str]]:
    """Return the text of the file, reading Windows-1252 when it is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise ImportRejected("binary data, not a CSV text file")
    # Spreadsheets on Windows re-save exports as Windows-1252; reading those beats refusing.
    return data.decode("cp1252", errors="replace"), ["read as Windows-1252 text, not UTF-8"]


def _delimiter(text: str) -> str:
    """Return the delimiter the header line uses most: comma, semicolon or tab."""
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def _rows(text: str, delimiter: str) -> Iterator[list[str]]:
    """Yield the rows of the CSV, turning a broken quote or huge field into ImportRejected."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportRejected(f"row {reader.line_num}: unreadable CSV ({exc})") from exc


def _key(name: str) -> str:
    return name.strip().strip('"').strip().lower()


_Reader = Callable[[Iterator[list[str]], Cells, tzinfo, bool], dict[str, _Workout]]


def _detect(header: dict[str, int]) -> tuple[str, _Reader]:
    """Return the app that wrote the CSV and its reader, or say what the file looks like."""
    cols = set(header)
    if {"title", "start_time", "exercise_title", "set_type"} <= cols:
        return "hevy", _hevy
    if {"date", "workout name", "exercise name", "set order"} <= cols:
        return "strong", _strong
    if {"date", "exercise", "category", "reps"} <= cols:
        return "fitnotes", _fitnotes
    if {"date", "exercise", "reps", "weight(kg)", "iswarmup"} <= cols:
        return "fitbod", _fitbod
    if {"activity id", "activity date", "activity type"} <= cols:
        raise ImportSkipped("Strava export index: import the whole export folder or zip")
    if {"type", "local number", "message"} <= cols:
        raise ImportSkipped("FIT message dump (FitCSVTool), not an activity export")
    timed = any(c.startswith(("timestamp", "time")) for c in cols)
    if timed and any(w in c for c in cols for w in ("heart", "speed", "cadence", "distance")):
        raise ImportSkipped("per-record CSV dump, not an activity export")
    shown = ", ".join(sorted(cols)[:6])
    known = "Hevy, Strong, FitNotes, Fitbod or Alpha Progression"
    raise ImportSkipped(f"CSV with columns {shown}...: not a {known} export")


def _hevy(rows: Iterator[list[str]], cells: Cells, tz: tzinfo, pounds: bool) -> dict[str, _Workout]:
    """Group Hevy's one-row-per-set export into workouts (title + start time)."""
    del pounds  # Hevy names the unit in its weight column.
    lbs = "weight_lbs" in cells.header and "weight_kg" not in cells.header
    weight_col, scale = ("weight_lbs", LB_TO_KG) if lbs else ("weight_kg", 1.0)
    miles = "distance_miles" in cells.header and "distance_km" not in cells.header
    distance_col = "distance_miles" if miles else "distance_km"
    workouts: dict[str, _Workout] = {}
    for number, row in enumerate(rows, start=2):
        c = cells.at(row, number)
        if not any(cell.strip() for cell in row):
            continue
        key = f"{c.text('title')}\x00{c.text('start_time')}"
        workout = workouts.get(key)
        if workout is None:
            start = c.hevy_moment("start_time")
            if start is None:
                raise c.error("start_time", "empty")
            workout = workouts[key] = _Workout(key, c.text("title"), local(start, tz))
            end = c.hevy_moment("end_time")
            if end is not None:
                workout.duration_s = (utc(local(end, tz)) - utc(workout.start)).total_seconds()
        if c.text("set_type").lower() in ("warmup", "warm-up", "warm_up"):
            workout.warmups += 1
            continue
        weight = c.number_in(weight_col, -MAX_KG / scale, MAX_KG / scale)
        workout.add(
            _exercise(c, "exercise_title"),
            reps=c.whole("reps", 0, 1000),
            weight_kg=_kg(weight, scale),
            rpe=c.number_in("rpe", 0, 10),
            seconds=c.number_in("duration_seconds", 0, 86_400),
            distance=c.number_in(distance_col, 0, 2000),
        )
    return workouts


def _strong(
    rows: Iterator[list[str]], cells: Cells, tz: tzinfo, pounds: bool
) -> dict[str, _Workout]:
    """Group Strong's export into workouts (workout number, start date and name)."""
    weight_col, in_pounds = _weight_column(cells, pounds)
    scale = LB_TO_KG if in_pounds else 1.0
    duration_col = "duration (sec)" if "duration (sec)" in cells.header else "duration"
    distance_col = "distance (meters)" if "distance (meters)" in cells.header else "distance"
    workouts: dict[str, _Workout] = {}
    for number, row in enumerate(rows, start=2):
        c = cells.at(row, number)
        if not any(cell.strip() for cell in row):
            continue
        order = c.text("set order").lower()
        if order in ("rest timer", "note") or c.text("exercise name").lower() == "rest timer":
            continue  # Strong writes rest timers and exercise notes as rows of their own.
        key = f"{c.text('workout #')}\x00{c.text('date')}\x00{c.text('workout name')}"
        workout = workouts.get(key)
        if workout is None:
            start = local(c.iso_moment("date"), tz)
            workout = workouts[key] = _Workout(key, c.text("workout name"), start)
            # Any length reads; an implausible one is replaced by an estimate in _session.
            workout.duration_s = c.duration_s(duration_col, None)
        if order in ("w", "warmup", "warm-up"):
            workout.warmups += 1
            continue
        weight = c.number_in(weight_col, -MAX_KG / scale, MAX_KG / scale)
        workout.add(
            _exercise(c, "exercise name"),
            reps=c.whole("reps", 0, 1000),
            weight_kg=_kg(weight, scale),
            rpe=c.number_in("rpe", 0, 10),
            seconds=c.number_in("seconds", 0, 86_400),
            distance=c.number_in(distance_col, 0, 2_000_000),
        )
    return workouts


def _fitnotes(
    rows: Iterator[list[str]], cells: Cells, tz: tzinfo, pounds: bool
) -> dict[str, _Workout]:
    """Group FitNotes' export, which has dates but no times, into one workout per day."""
    weight_col, in_pounds = _weight_column(cells, pounds)
    per_row_unit = "weight unit" in cells.header
    workouts: dict[str, _Workout] = {}
    for number, row in enumerate(rows, start=2):
        c = cells.at(row, number)
        if not any(cell.strip() for cell in row):
            continue
        day = c.day("date")
        key = day.isoformat()
        workout = workouts.get(key)
        if workout is None:
            workout = workouts[key] = _Workout(key, "", local(datetime.combine(day, time(12)), tz))
        category = c.text("category")
        if category and category not in workout.categories:
            workout.categories.append(category)
        lbs = in_pounds
        if per_row_unit and c.text("weight unit"):
            unit = c.text("weight unit").lower()
            if unit not in _UNITS:
                raise c.error("weight unit", f"kgs or lbs, got {unit[:20]!r}")
            lbs = _UNITS[unit]
        scale = LB_TO_KG if lbs else 1.0
        if category.lower() == "cardio":
            workout.cardio += 1
            continue
        weight = c.number_in(weight_col, -MAX_KG / scale, MAX_KG / scale)
        workout.add(
            _exercise(c, "exercise"),
            reps=c.whole("reps", 0, 1000),
            weight_kg=_kg(weight, scale),
            seconds=c.duration_s("time", 86_400),
            distance=c.number_in("distance", 0, 2_000_000),
        )
    return workouts


def _fitbod(
    rows: Iterator[list[str]], cells: Cells, tz: tzinfo, pounds: bool
) -> dict[str, _Workout]:
    """Group Fitbod's one-row-per-set export into workouts: rows close in time belong together.

    Fitbod writes every weight in kilograms whatever the app showed, so ``pounds`` is unused;
    the weight is per dumbbell as logged (its ``multiplier`` column), as in Hevy and Strong.
    """
    del pounds
    read: list[tuple[datetime, int, list[str]]] = []
    for number, row in enumerate(rows, start=2):
        if any(cell.strip() for cell in row):
            moment = cells.at(row, number).iso_moment("date")
            read.append((utc(local(moment, tz)), number, row))
    read.sort(key=lambda item: (item[0], item[1]))
    workouts: dict[str, _Workout] = {}
    workout: _Workout | None = None
    last: datetime | None = None
    for moment, number, row in read:
        c = cells.at(row, number)
        if workout is None or last is None or moment - last > timedelta(hours=FITBOD_GAP_H):
            key = moment.isoformat()
            workout = workouts[key] = _Workout(key, "", moment.astimezone(tz))
        last = moment
        if c.text("iswarmup").lower() == "true":
            workout.warmups += 1
            continue
        workout.add(
            _exercise(c, "exercise"),
            reps=c.whole("reps", 0, 1000),
            weight_kg=c.number_in("weight(kg)", -MAX_KG, MAX_KG),
            seconds=c.number_in("duration(s)", 0, 86_400),
            distance=c.number_in("distance(m)", 0, 2_000_000),
        )
    return workouts


def _is_alpha(first: list[str]) -> bool:
    """Return True when the first row is an Alpha Progression session header."""
    return len(first) == 3 and _ALPHA_SESSION.fullmatch(first[1].strip()) is not None


def _alpha(rows: Iterator[list[str]], tz: tzinfo, pounds: bool) -> dict[str, _Workout]:
    """Read Alpha Progression's blocks: a session header, then per exercise a title row, the
    unit row ``#;KG;REPS;RIR`` and one row per set (``+35`` is bodyweight plus 35, ``-`` an
    empty set). Warm-ups are listed in the title row and counted, not kept.
    """
    workouts: dict[str, _Workout] = {}
    workout: _Workout | None = None
    exercise = ""
    scale = LB_TO_KG if pounds else 1.0
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            workout = None
            continue
        if len(cells) == 3 and (found := _ALPHA_SESSION.fullmatch(cells[1])):
            workout = _alpha_session(cells, found, number, tz)
            workouts[workout.key] = workout
            continue
        if workout is None:
            raise ImportRejected(f"line {number}: a set or exercise outside any session")
        title = _ALPHA_EXERCISE.fullmatch(cells[0])
        if title is not None and len(cells) <= 2:
            exercise = _alpha_exercise(title.group(1))
            if len(cells) == 2:
                workout.warmups += cells[1].count("WU")
        elif cells[0] == "#":
            unit = cells[1].lower() if len(cells) > 1 else "kg"
            if unit not in _UNITS:
                raise ImportRejected(f"line {number}: unit KG or LB expected, got {unit[:20]!r}")
            scale = LB_TO_KG if _UNITS[unit] else 1.0
        elif cells[0].isdigit() and len(cells) >= 3 and exercise:
            _alpha_set(workout, exercise, cells, number, scale)
        else:
            raise ImportRejected(f"line {number}: not an Alpha Progression row: {row[:3]!r}")
    return workouts


def _alpha_session(cells: list[str], found: re.Match[str], number: int, tz: tzinfo) -> _Workout:
    day, hour, minute = found.groups()
    try:
        start = datetime.fromisoformat(f"{day} {int(hour):02d}:{minute}")
    except ValueError:
        raise ImportRejected(f"line {number}: not a real date: {cells[1][:40]!r}") from None
    workout = _Workout(f"{cells[0]}\x00{cells[1]}", cells[0], local(start, tz))
    length = _ALPHA_DURATION.fullmatch(cells[2])
    if length is not None:
        workout.duration_s = int(length.group(1)) * 3600.0 + int(length.group(2)) * 60.0
    return workout


def _alpha_exercise(title: str) -> str:
    """Return "Name (Equipment)" from "Name · Equipment · 8 reps · 2 dropsets", as Hevy names."""
    parts = [part.strip() for part in title.split("·")]
    if len(parts) > 2 and not parts[1].endswith("reps"):
        return f"{parts[0]} ({parts[1]})"
    return parts[0]


def _alpha_set(
    workout: _Workout, exercise: str, cells: list[str], number: int, scale: float
) -> None:
    weight, reps = cells[1], cells[2].rstrip("+")
    if weight == "-" or reps in ("-", ""):
        workout.empty += 1
        return
    rir = cells[3] if len(cells) > 3 and cells[3] not in ("", "-") else None
    try:
        load = float(weight.lstrip("+").replace(",", ".")) * scale
        count = int(reps)
        reserve = float(rir.replace(",", ".")) if rir is not None else None
    except ValueError:
        raise ImportRejected(f"line {number}: not a set: {';'.join(cells)[:60]!r}") from None
    if not (0 <= load <= MAX_KG and 0 <= count <= 1000) or not 0 <= (reserve or 0) <= 10:
        raise ImportRejected(f"line {number}: a set out of range: {';'.join(cells)[:60]!r}")
    workout.add(exercise, reps=count, weight_kg=load, rir=reserve)


def _kg(weight: float | None, scale: float) -> float | None:
    """Return a weight in kilograms; rounding after a pound conversion never passes the limit."""
    return None if weight is None else max(-MAX_KG, min(MAX_KG, weight * scale))


def _weight_column(cells: Cells, pounds: bool) -> tuple[str, bool]:
    """Return the weight column and whether it holds pounds (its header wins over the setting)."""
    for column in cells.header:
        if column.startswith("weight") and column != "weight unit":
            if "(lb" in column:
                return column, True
            if "(kg" in column:
                return column, False
            return column, pounds
    return "weight", pounds


def _exercise(c: Cells, column: str) -> str:
    """Return the exercise name exactly as logged; the catalogue resolves it later."""
    name = c.text(column)
    if not name:
        raise c.error(column, "empty exercise name")
    return name


def _session(workout: _Workout, app: str) -> ImportedSession:
    """Return a workout with strength sets as a session; raise Unusable when it cannot be one."""
    sets = workout.sets
    notes: list[str] = []
    if app == "fitnotes":
        notes.append("FitNotes logs dates only: start set to 12:00 local time")
        workout.title = " / ".join(workout.categories)
    duration_s = workout.duration_s
    estimate = f"duration estimated at {MINUTES_PER_SET:g} min per set ({sets} sets)"
    if not duration_s:
        duration_s = sets * MINUTES_PER_SET * 60.0
        notes.append(estimate)
    elif not 0 < duration_s <= MAX_SESSION_S:
        # An end time days late (or before the start) says nothing about the workout itself.
        notes.append(f"a logged duration of {duration_s / 3600:.1f} h is implausible: {estimate}")
        duration_s = sets * MINUTES_PER_SET * 60.0
    elif duration_s > LONG_WORKOUT_H * 3600:
        notes.append(f"lasted {duration_s / 3600:.1f} h: was the app's timer left running?")
    for count, what in (
        (workout.warmups, "warm-up sets left out"),
        (workout.cardio, "cardio rows left out (not strength sets)"),
        (workout.empty, "empty sets left out (no reps, no time)"),
        (workout.negative, "negative (assisted) loads read as bodyweight"),
    ):
        if count:
            notes.append(f"{count} {what}")
    exercises = tuple(Exercise(name, tuple(s)) for name, s in workout.exercises.items())
    return build_session(
        SessionType.STRENGTH,
        workout.start,
        duration_s,
        source_format=app,
        sport="strength",
        external_id=f"{app}:{workout.key.replace(chr(0), '|')}",
        notes=notes,
        exercises=exercises,
        name=workout.title or None,
    )
