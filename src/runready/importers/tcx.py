"""Read Garmin Training Center (TCX) files: every Activity becomes a session."""

from __future__ import annotations

from datetime import UTC, datetime

from runready.core.model import SessionType
from runready.importers.base import (
    ImportedSession,
    ImportRejected,
    ImportSkipped,
    ParsedFile,
    Unusable,
    build_session,
    session_type,
)
from runready.importers.track import HR_RANGE_BPM, TrackBuilder, finite_number, parse_time
from runready.importers.xmlsafe import xml_events

__all__ = ["parse_tcx"]

_WANTED = frozenset(
    {
        "Activity",
        "Id",
        "Lap",
        "TotalTimeSeconds",
        "DistanceMeters",
        "Value",
        "Track",
        "Trackpoint",
        "Time",
        "LatitudeDegrees",
        "LongitudeDegrees",
        "AltitudeMeters",
        "Notes",
    }
)
#: When the Id and the first trackpoint disagree by more than this (s), the file says so.
_START_MISMATCH_S = 3600.0
#: Largest lap timer (s) and lap distance (m) taken as real; beyond is a corrupt value.
_MAX_LAP_S = 7 * 86_400.0
_MAX_LAP_M = 2_000_000.0
#: Notes longer than this many words are free text, not a sport name.
_SPORT_NOTE_WORDS = 4


class _Activity:
    """What one Activity element has said so far."""

    def __init__(self, sport: str) -> None:
        self.sport = sport
        self.id_text = ""
        self.first_lap_start: float | None = None
        self.laps = 0
        self.timer_s = 0.0
        self.lap_m = 0.0
        self.lap_time_s = 0.0
        self.lap_hr: float | None = None
        self.hr_weighted = 0.0
        self.hr_weight = 0.0
        self.lap_max_hr: float | None = None
        self.notes = ""
        self.track = TrackBuilder()
        self.bad_values = 0
        # The trackpoint being read.
        self.t: float | None = None
        self.lat: float | None = None
        self.lon: float | None = None
        self.ele: float | None = None
        self.hr: float | None = None
        self.dist: float | None = None


def parse_tcx(data: bytes) -> ParsedFile:
    """Return one session per recorded Activity of a TCX file."""
    sessions: list[ImportedSession] = []
    notes: list[str] = []
    activities = 0
    act: _Activity | None = None
    in_point = False
    for opening, name, parent, text, attrib in xml_events(data, "TrainingCenterDatabase", _WANTED):
        if opening:
            if name == "Activity":
                activities += 1
                act = _Activity(attrib.get("Sport", ""))
            elif act is None:
                continue
            elif name == "Trackpoint":
                in_point = True
                act.t = act.lat = act.lon = act.ele = act.hr = act.dist = None
            elif name == "Track":
                act.track.new_segment()
            elif name == "Lap":
                act.laps += 1
                act.lap_time_s = 0.0
                act.lap_hr = None
                start = parse_time(attrib.get("StartTime", "").strip())
                if act.first_lap_start is None:
                    act.first_lap_start = start
            continue
        if act is None:
            continue
        if in_point:
            _trackpoint_value(act, name, parent, text)
            if name == "Trackpoint":
                in_point = False
                act.track.add(act.t, act.lat, act.lon, act.ele, act.hr, act.dist)
        elif name == "Activity":
            imported = _session(act, activities)
            if isinstance(imported, str):
                notes.append(imported)
            else:
                sessions.append(imported)
            act = None
        else:
            _activity_value(act, name, parent, text)
    if not sessions:
        if activities:
            raise ImportRejected(notes[0] if notes else "TCX activity without any usable data")
        raise ImportSkipped("TCX without activities: a course or workout, not a recorded activity")
    return ParsedFile(format="tcx", sessions=tuple(sessions), notes=tuple(notes))


def _trackpoint_value(act: _Activity, name: str, parent: str, text: str) -> None:
    """Record one value of the trackpoint being read."""
    if name == "Time" and parent == "Trackpoint":
        act.t = parse_time(text)
        if act.t is None and text:
            act.bad_values += 1
    elif name == "LatitudeDegrees" and parent == "Position":
        act.lat = finite_number(text)
    elif name == "LongitudeDegrees" and parent == "Position":
        act.lon = finite_number(text)
    elif name == "AltitudeMeters":
        act.ele = finite_number(text)
    elif name == "Value" and parent == "HeartRateBpm":
        act.hr = finite_number(text)
    elif name == "DistanceMeters":
        act.dist = finite_number(text)


def _activity_value(act: _Activity, name: str, parent: str, text: str) -> None:
    """Record one Activity- or Lap-level value."""
    if parent == "Activity":
        if name == "Id":
            act.id_text = text
        elif name == "Notes":
            act.notes = text
        elif name == "Lap" and act.lap_hr is not None and act.lap_time_s > 0:
            act.hr_weighted += act.lap_hr * act.lap_time_s
            act.hr_weight += act.lap_time_s
    elif parent == "Lap" and name in ("TotalTimeSeconds", "DistanceMeters"):
        value = finite_number(text)
        if name == "TotalTimeSeconds" and value is not None and 0.0 <= value <= _MAX_LAP_S:
            act.lap_time_s = value
            act.timer_s += value
        elif name == "DistanceMeters" and value is not None and 0.0 <= value <= _MAX_LAP_M:
            act.lap_m += value
        elif text:
            act.bad_values += 1
    elif name == "Value" and parent in ("AverageHeartRateBpm", "MaximumHeartRateBpm"):
        bpm = finite_number(text)
        if bpm is None or not HR_RANGE_BPM[0] <= bpm <= HR_RANGE_BPM[1]:
            act.bad_values += 1
        elif parent == "AverageHeartRateBpm":
            act.lap_hr = bpm
        else:
            act.lap_max_hr = bpm if act.lap_max_hr is None else max(act.lap_max_hr, bpm)


def _session(act: _Activity, number: int) -> ImportedSession | str:
    """Return the activity as a session, or the reason it cannot be one."""
    label = f"TCX activity {number}" + (f" ({act.id_text[:40]})" if act.id_text else "")
    summary = act.track.summary()
    if act.laps == 0 and summary.points == 0:
        return f"{label}: no laps or trackpoints, nothing to import"
    notes: list[str] = []
    id_start = parse_time(act.id_text)
    if summary.start is not None:
        start = summary.start
        if id_start is not None and abs(start.timestamp() - id_start) > _START_MISMATCH_S:
            notes.append(f"the Id says {act.id_text[:40]} but the trackpoints start at {start}")
    else:
        moment = id_start if id_start is not None else act.first_lap_start
        if moment is None:
            return f"{label}: no time at all (Id, lap start or trackpoint), so it cannot be dated"
        start = datetime.fromtimestamp(moment, UTC)
        notes.append("no timed trackpoints: start from the Id, duration from the lap timers")
    # A device's timer excludes pauses, so the elapsed time is never shorter than it.
    elapsed_s = max(summary.elapsed_s, act.timer_s)
    distance_m: float | None = None
    for candidate in (act.lap_m, summary.device_distance_m, summary.gps_distance_m):
        if candidate:
            distance_m = candidate
            break
    if distance_m is None:
        notes.append("no distance recorded")
    avg_hr, max_hr = summary.avg_hr_bpm, summary.max_hr_bpm
    if avg_hr is None and act.hr_weight > 0:
        avg_hr = round(act.hr_weighted / act.hr_weight, 1)
    if max_hr is None:
        max_hr = act.lap_max_hr
    kind, sport_note = _sport(act.sport, act.notes)
    notes.extend(sport_note)
    dropped = act.bad_values + summary.dropped_values
    if dropped:
        notes.append(f"{dropped} unreadable or implausible values ignored")
    moving_s = summary.moving_s
    try:
        return build_session(
            kind,
            start,
            elapsed_s,
            min(moving_s, elapsed_s) if moving_s is not None else None,
            source_format="tcx",
            sport=act.sport,
            external_id=act.id_text or None,
            notes=notes,
            distance_km=distance_m / 1000.0 if distance_m is not None else None,
            avg_hr_bpm=avg_hr,
            max_hr_bpm=max_hr,
            hr_histogram=summary.hr_histogram,
            elevation_loss_m=summary.elevation_loss_m,
        )
    except Unusable as exc:
        return f"{label}: {exc}"


def _sport(sport: str, notes: str) -> tuple[SessionType, tuple[str, ...]]:
    """Return the session type from the Sport attribute, refined by short Notes for Other."""
    kind = session_type(sport) if sport else SessionType.OTHER
    if kind is not SessionType.OTHER:
        return kind, ()
    # TCX knows only Running, Biking and Other; apps that export swims, strength or yoga as
    # Other sometimes name the sport in the Notes. Long free text is not trusted for that.
    first_line = notes.strip().splitlines()[0] if notes.strip() else ""
    if first_line and len(first_line.split()) <= _SPORT_NOTE_WORDS:
        from_notes = session_type(first_line)
        if from_notes is not SessionType.OTHER:
            return from_notes, (f"sport {from_notes} taken from the Notes {first_line[:40]!r}",)
    return SessionType.OTHER, ()
