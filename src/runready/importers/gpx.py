"""Read GPX 1.0 and 1.1 tracks into one session per file."""

from __future__ import annotations

from runready.core.model import SessionType
from runready.importers.base import (
    ImportRejected,
    ImportSkipped,
    ParsedFile,
    Unusable,
    build_session,
    session_type,
)
from runready.importers.track import (
    TrackBuilder,
    TrackSummary,
    finite_number,
    infer_sport,
    parse_time,
)
from runready.importers.xmlsafe import xml_events

__all__ = ["parse_gpx"]

#: Heart-rate element names: Garmin TrackPointExtension ``hr`` (any prefix), Cluetrust ``hr``,
#: and the ``heartrate`` some converters write.
_HR_NAMES = frozenset({"hr", "heartrate"})
#: The elements the reader looks at; the parser skips the rest without yielding them.
_WANTED = frozenset({"trkpt", "trkseg", "time", "ele", "name", "type", *_HR_NAMES})
#: Track types that say "no particular sport" on purpose; they are kept, not second-guessed.
_GENERIC_TYPES = frozenset({"other", "generic", "unknown"})


def parse_gpx(data: bytes) -> ParsedFile:
    """Return the one session a GPX file records (all tracks and segments together)."""
    track = TrackBuilder()
    names: dict[str, str] = {}
    track_type: str | None = None
    bad_times = 0
    first_bad_time = ""
    in_point = False
    t: float | None = None
    lat: float | None = None
    lon: float | None = None
    ele: float | None = None
    hr: float | None = None
    for opening, name, parent, text, attrib in xml_events(data, "gpx", _WANTED):
        if opening:
            if name == "trkpt":
                in_point = True
                t = ele = hr = None
                lat = finite_number(attrib.get("lat"))
                lon = finite_number(attrib.get("lon"))
                if lat is None or lon is None:
                    track.dropped += 1
            elif name == "trkseg":
                track.new_segment()
            continue
        if in_point:
            if name == "trkpt":
                in_point = False
                track.add(t, lat, lon, ele, hr)
            elif name == "time" and parent == "trkpt":
                t = parse_time(text)
                if t is None and text:
                    bad_times += 1
                    first_bad_time = first_bad_time or text[:40]
            elif name == "ele" and parent == "trkpt":
                ele = finite_number(text)
            elif name in _HR_NAMES:
                hr = finite_number(text)
        elif name == "name" and text and parent in ("trk", "metadata", "gpx"):
            names.setdefault(parent, text)
        elif name == "type" and parent == "trk" and text and track_type is None:
            track_type = text
    summary = track.summary()
    if summary.start is None:
        if bad_times:
            raise ImportRejected(f"GPX track times are unreadable, e.g. {first_bad_time!r}")
        raise ImportSkipped("GPX without times: a route, not a recorded activity")
    kind, sport, inferred, notes = _sport(track_type, summary)
    notes += _quality_notes(summary, bad_times)
    title = names.get("trk") or names.get("metadata") or names.get("gpx")
    try:
        imported = build_session(
            kind,
            summary.start,
            summary.elapsed_s,
            summary.moving_s,
            source_format="gpx",
            sport=sport,
            notes=notes,
            sport_inferred=inferred,
            distance_km=summary.gps_3d_distance_m / 1000.0,
            avg_hr_bpm=summary.avg_hr_bpm,
            max_hr_bpm=summary.max_hr_bpm,
            hr_histogram=summary.hr_histogram,
            elevation_loss_m=summary.elevation_loss_m,
            name=title,
        )
    except Unusable as exc:
        raise ImportRejected(f"GPX track: {exc}") from exc
    return ParsedFile(format="gpx", sessions=(imported,))


def _sport(
    track_type: str | None, summary: TrackSummary
) -> tuple[SessionType, str, bool, tuple[str, ...]]:
    """Return the session type, the sport as named, whether the type was inferred, and notes."""
    if track_type is not None:
        kind = session_type(track_type)
        if kind is not SessionType.OTHER or track_type.strip().lower() in _GENERIC_TYPES:
            return kind, track_type, False, ()
    inferred = infer_sport(summary.median_moving_kmh)
    named = f"track type {track_type[:40]!r} not recognised; " if track_type else ""
    if inferred is None:
        return SessionType.OTHER, track_type or "", False, (f"{named}sport unknown: no movement",)
    speed = summary.median_moving_kmh
    note = f"{named}sport inferred from the median moving speed ({speed:.1f} km/h): {inferred}"
    return inferred, track_type or inferred.value, True, (note,)


def _quality_notes(summary: TrackSummary, bad_times: int) -> tuple[str, ...]:
    """Return notes on values that were dropped or out of order, so nothing is lost silently."""
    notes: list[str] = []
    if bad_times:
        notes.append(f"{bad_times} point times unreadable and ignored")
    if summary.dropped_values:
        notes.append(f"{summary.dropped_values} implausible values ignored")
    if summary.out_of_order:
        notes.append(f"{summary.out_of_order} points out of time order")
    return tuple(notes)
