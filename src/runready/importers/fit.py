"""Read FIT activity files: a targeted pure-Python decoder and the sessions it yields.

The decoder compiles each definition message once into a ``struct.Struct`` whose pad bytes
(``Nx``) cover every field runready does not use, so a data message costs one ``unpack_from``
and unwanted messages cost nothing but their size. It decodes ``file_id``, ``session``,
``record``, ``activity``, ``hr``, ``timestamp_correlation`` and ``set``; see ``fit_profile``.

Damage (an undefined local message, truncation, a broken chained header) stops reading: the
sessions decoded before it are kept with a note naming the byte, otherwise the file is
rejected. A bad CRC is only a note, as in fitdecode. Work is linear in the input size, and
memory in its largest chained file: the chain is counted from its headers before anything is
decoded (more than ``MAX_CHAINED_FILES`` is refused), then decoded one file at a time.
"""

from __future__ import annotations

import struct
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from runready.core.model import Exercise, SessionType
from runready.importers import fit_profile as fp
from runready.importers.base import (
    MAX_FILE_BYTES,
    MAX_SESSION_S,
    ImportedSession,
    ImportRejected,
    ImportSkipped,
    ParsedFile,
    Unusable,
    build_session,
    session_type,
    with_offset,
)
from runready.importers.fit_exercises import exercises
from runready.importers.fit_profile import Message, ints, scaled, within
from runready.importers.fit_profile import first_int as _int
from runready.importers.track import HR_GAP_CAP_S, HR_RANGE_BPM, descent_m

__all__ = ["parse_fit"]

Sample = tuple[float, float]
#: More sessions than this in one file is not a recording; the rest are ignored (bounds work).
MAX_SESSIONS = 200
#: Devices chain a few FIT files in one (an activity, its strap's heart rate, settings); a
#: longer chain is no recording, and counting it from the headers bounds the work: 1,000,000
#: empty chained headers (16 MB) took 17.5 s and 305 MB to reject when every one was decoded.
MAX_CHAINED_FILES = 32


class _Damage(Exception):
    """Structural damage that stops decoding; the message names the problem and byte."""


class _Def(NamedTuple):
    """A compiled definition: how to read one local message type."""

    kind: int  # 0 skip, 1 timestamp only, 2 record, 3 wanted message
    gnum: int
    unpack: Callable[[bytes, int], tuple[Any, ...]]
    size: int
    fields: tuple[tuple[str, int, int, int | None], ...]  # name, index, count, invalid
    ts_index: int
    layout: tuple[int, ...]  # record: hr, altitude, enhanced_altitude (index, invalid) pairs


@dataclass(slots=True)
class _Part:
    """What one FIT file of a (possibly chained) physical file yielded."""

    messages: dict[int, list[Message]] = field(default_factory=dict)
    records: list[tuple[int | None, tuple[Any, ...], tuple[int, ...]]] = field(default_factory=list)
    damage: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def file_id(self) -> Message:
        """Return the first ``file_id`` message (empty when there is none)."""
        return next(iter(self.messages.get(fp.FILE_ID, ())), {})


@dataclass(frozen=True, slots=True)
class _Pending:
    """A session of one chained file, waiting for strap heart rate a later file may hold."""

    number: int  # its place among the file's session summaries, from 1
    summary: Message
    start: datetime
    strap_window: tuple[float, float]  # FIT times the strap samples are read between
    record_hr: dict[int, float]  # seconds per bpm, from the records
    descent_m: float | None
    lifts: tuple[Exercise, ...]
    external_id: str | None


@lru_cache(maxsize=2048)
def _compile(key: bytes, developer: bool) -> _Def:
    """Compile a definition (architecture byte onwards) into a reader."""
    big = key[0] == 1
    gnum = int.from_bytes(key[1:3], "big" if big else "little")
    count = key[3]
    want = fp.WANTED.get(gnum, {})
    fmt, fields, pad, index, ts_index, size = [">" if big else "<"], [], 0, 0, -1, 0
    names: set[str] = set()
    for at in range(4, 4 + 3 * count, 3):
        number, width, base = key[at], key[at + 1], key[at + 2] & 0x1F
        size += width
        code, spec, n, invalid = None, want.get(number), 1, None
        kind = fp.BASE_TYPES.get(base)
        if spec and spec[0] not in names and width:
            if spec[1]:
                code = f"{width}s"
            elif kind and base != fp.BYTE_TYPE and width % kind[1] == 0:
                n, invalid = width // kind[1], kind[2]
                code = f"{n}{kind[0]}" if n > 1 else kind[0]
        if code is not None and spec:
            names.add(spec[0])
            fields.append((spec[0], index, n, invalid))
        # Every full timestamp feeds the compressed-timestamp base, wanted message or not.
        timestamp = number == fp.TIMESTAMP_FIELD and width == 4 and ts_index < 0
        if timestamp and kind is not None and kind[0] == "I" and code in (None, "I"):
            code, ts_index = "I", index
        if code is None:
            pad += width
            continue
        fmt.append(f"{pad}x{code}" if pad else code)
        pad = 0
        index += n
    if developer:
        at = 4 + 3 * count
        size += sum(key[at + 2 : at + 1 + 3 * key[at] : 3])
    reader = struct.Struct("".join(fmt)).unpack_from
    found = {name: (i, invalid) for name, i, _, invalid in fields}
    layout = tuple(
        x for name in ("heart_rate", "altitude", "enhanced_altitude") for x in _slot(found, name)
    )
    if gnum == fp.RECORD and any(i >= 0 for i in layout[::2]):
        kind_code = 2
    elif fields and gnum != fp.RECORD:
        kind_code = 3
    else:
        kind_code = 1 if ts_index >= 0 else 0
    return _Def(kind_code, gnum, reader, size, tuple(fields), ts_index, layout)


def _slot(found: dict[str, tuple[int, int | None]], name: str) -> tuple[int, int]:
    """Return (index, invalid) of a record field, (-1, -1) when absent."""
    index, invalid = found.get(name, (-1, -1))
    return index, -1 if invalid is None else invalid


def _define(data: bytes, pos: int, limit: int, defs: list[_Def | None]) -> int:
    """Read the definition message at ``pos`` into ``defs``; return the next position."""
    header = data[pos]
    if pos + 6 > limit:
        raise _Damage(f"file ends inside a definition at byte {pos}")
    if data[pos + 2] > 1:
        raise _Damage(f"bad architecture byte in the definition at byte {pos}")
    end = pos + 6 + 3 * data[pos + 5]
    developer = bool(header & 0x20)
    if developer:
        if end >= limit:
            raise _Damage(f"file ends inside a definition at byte {pos}")
        end += 1 + 3 * data[end]
    if end > limit:
        raise _Damage(f"file ends inside a definition at byte {pos}")
    defs[header & 0x0F] = _compile(data[pos + 2 : end], developer)
    return end


def _read_messages(data: bytes, pos: int, limit: int, part: _Part) -> None:
    """Decode the data records of one FIT file between ``pos`` and ``limit``."""
    defs: list[_Def | None] = [None] * 16
    last_ts = 0
    records = part.records.append
    messages = part.messages
    invalid_ts = fp.INVALID_U32
    try:
        while pos < limit:
            header = data[pos]
            if header & 0x80:  # compressed timestamp: 5-bit offset from the last full timestamp
                local = (header >> 5) & 0x03
                last_ts += ((header & 0x1F) - last_ts) & 0x1F
            elif header & 0x40:
                pos = _define(data, pos, limit, defs)
                continue
            else:
                local = header & 0x0F
            found = defs[local]
            if found is None:
                raise _Damage(f"local message {local} used before its definition at byte {pos}")
            kind, gnum, unpack, size, fields, ts_index, layout = found
            start = pos + 1
            if start + size > limit:
                raise _Damage(f"file ends inside a message at byte {pos}")
            pos = start + size
            if not kind:
                continue
            values = unpack(data, start)
            stamp: int | None = None
            if header & 0x80:
                stamp = last_ts
            elif ts_index >= 0 and values[ts_index] != invalid_ts:
                stamp = last_ts = values[ts_index]
            if kind == 2:
                records((stamp, values, layout))
            elif kind == 3:
                message = _message(values, fields)
                if header & 0x80:
                    message["timestamp"] = stamp
                messages.setdefault(gnum, []).append(message)
    except (struct.error, IndexError, ValueError, OverflowError) as exc:
        # A safety net: anything the checks above missed is damage, never a crash.
        raise _Damage(f"undecodable data at byte {pos} ({type(exc).__name__})") from exc


def _message(
    values: tuple[Any, ...], fields: tuple[tuple[str, int, int, int | None], ...]
) -> Message:
    """Return a message's wanted fields by name, with invalid values as None."""
    out: Message = {}
    for name, index, count, invalid in fields:
        if count == 1:
            value = values[index]
            out[name] = None if value == invalid or value != value else value
        else:
            out[name] = tuple(
                None if v == invalid or v != v else v for v in values[index : index + count]
            )
    return out


def _is_header(data: bytes, start: int) -> bool:
    """Return True when a FIT file header starts at ``start``."""
    return len(data) - start >= 12 and data[start] >= 12 and data[start + 8 : start + 12] == b".FIT"


def _read_part(data: bytes, start: int, part: _Part) -> int:
    """Decode the FIT file at ``start`` into ``part``; return where the next one starts."""
    size = len(data)
    header_size = data[start]
    if start + header_size > size:
        raise _Damage(f"file ends inside the FIT header at byte {start}")
    view = memoryview(data)
    if header_size >= 14:
        stored = int.from_bytes(data[start + 12 : start + 14], "little")
        if stored and stored != fp.fit_crc(view[start : start + 12]):
            part.notes.append("header CRC mismatch")
    end = start + header_size + int.from_bytes(data[start + 4 : start + 8], "little")
    _read_messages(data, start + header_size, min(end, size), part)
    if end > size:
        raise _Damage(f"file ends early at byte {size}")
    if end + 2 > size:
        part.notes.append("file CRC missing")
    elif fp.fit_crc(view[start:end]) != int.from_bytes(data[end : end + 2], "little"):
        part.notes.append("CRC mismatch")
    return end + 2


def _chain(data: bytes) -> tuple[list[int], str | None]:
    """Return where each FIT file of a (possibly chained) physical file starts, and damage.

    Only headers are read, so a chain too long to be a recording is refused before anything
    is decoded. The damage is a broken header after the last file read (zero padding is not).
    """
    if not _is_header(data, 0):
        raise ImportRejected("not a FIT file")
    starts: list[int] = []
    start, size = 0, len(data)
    while start < size:
        if starts and not _is_header(data, start):
            if data.count(0, start) == size - start:
                return starts, None
            return starts, f"damaged FIT header of a chained file at byte {start}"
        if len(starts) == MAX_CHAINED_FILES:
            raise ImportRejected(
                f"more than {MAX_CHAINED_FILES} FIT files chained in one file: "
                "a recording chains a few"
            )
        starts.append(start)
        start += data[start] + int.from_bytes(data[start + 4 : start + 8], "little") + 2
    return starts, None


def parse_fit(data: bytes) -> ParsedFile:
    """Return the sessions of a FIT activity file (several when chained or multisport)."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected(f"file too large: {len(data)} bytes")
    data = bytes(data)
    starts, gap = _chain(data)
    notes: list[str] = []
    dropped: list[str] = []
    pending: list[_Pending] = []
    # Watches store strap heart rate as hr messages, often in chained files of their own:
    # they are kept from every file, and the sessions wait for them.
    stored_hr: list[tuple[list[Message], int | None]] = []
    types: list[int] = []
    damage: str | None = None
    strap_until = float("-inf")  # strap samples span parts: keep their windows disjoint too
    for number, start in enumerate(starts, 1):
        part = _Part()
        try:
            _read_part(data, start, part)
        except _Damage as exc:
            part.damage = str(exc)
        damage = part.damage or (gap if number == len(starts) else None)
        where = f" (chained file {number})" if len(starts) > 1 else ""
        notes.extend(note + where for note in part.notes)
        if damage:
            notes.append(f"stopped reading: {damage}")
        stored_hr.append((part.messages.get(fp.HR, []), _clock_shift(part)))
        file_type = _int(part.file_id, "type")
        if file_type is not None:
            types.append(file_type)
        if file_type not in (None, fp.ACTIVITY_FILE):
            notes.append(f"skipped a FIT {_file_type(file_type)} file{where}")
        else:
            room = MAX_SESSIONS - len(pending)
            found, strap_until = _pending_sessions(part, strap_until, dropped, room)
            pending.extend(found)
        if part.damage:
            break
    strap = _strap_heart_rate(stored_hr)
    sessions = [s for p in pending if (s := _finished(p, strap, dropped)) is not None]
    if sessions:
        return ParsedFile("fit", tuple(sessions), tuple(notes + dropped))
    if types and fp.ACTIVITY_FILE not in types:
        raise ImportSkipped(f"not an activity: a FIT {_file_type(types[0])} file")
    if damage:
        raise ImportRejected(f"damaged FIT file: {damage}, before any session summary")
    if dropped:
        raise ImportRejected(dropped[0])
    raise ImportRejected("no session summary in the activity file")


def _file_type(value: int) -> str:
    """Return the profile name of a ``file_id.type`` value."""
    return fp.FILE_TYPES.get(value, f"type {value}")


def _pending_sessions(
    part: _Part, strap_until: float, dropped: list[str], room: int
) -> tuple[list[_Pending], float]:
    """Return the non-transition sessions of one FIT file, noting any it had to drop."""
    shift = _clock_shift(part)
    offset = _local_offset(part)
    heart, altitude = _record_series(part, shift)
    summaries = [
        m
        for m in part.messages.get(fp.SESSION, ())
        if _int(m, "sport") != fp.TRANSITION_SPORT
        and _int(m, "sub_sport") not in fp.TRANSITION_SUB_SPORTS
    ]
    sets = part.messages.get(fp.SET, [])
    timed = sorted(((t, s) for s in sets if (t := _set_time(s, shift)) is not None), key=_first)
    covered = float("-inf")
    file_id = part.file_id
    serial, created = _int(file_id, "serial_number"), _int(file_id, "time_created")
    if len(summaries) > room:
        dropped.append(f"only the first {MAX_SESSIONS} sessions of the file were read")
    out: list[_Pending] = []
    for index, summary in enumerate(summaries[: max(room, 0)]):
        raw_start = _int(summary, "start_time")
        start = _absolute(raw_start, shift)
        if start is None:
            dropped.append(
                "session start is a device-relative time that cannot be anchored to a date"
                if raw_start is not None
                else "session has no start time"
            )
            continue
        elapsed = scaled(summary, "total_elapsed_time", 1000)
        timer = scaled(summary, "total_timer_time", 1000)
        # The window the records are read from: build_session decides the duration itself.
        span = elapsed if elapsed is not None and elapsed <= MAX_SESSION_S else timer
        end = start + min(span or 0.0, MAX_SESSION_S)
        # Real sessions never overlap; clipping forged overlaps keeps the work linear.
        begin, covered = max(start, covered), max(covered, end)
        strap_begin, strap_until = max(start, strap_until), max(strap_until, end)
        mine = sets
        if len(summaries) > 1:
            low, high = (
                bisect_left(timed, begin - 60, key=_first),
                bisect_right(timed, end + 60, key=_first),
            )
            mine = [message for _, message in timed[low:high]]
        descent = scaled(summary, "total_descent", 1)
        out.append(
            _Pending(
                number=index + 1,
                summary=summary,
                start=with_offset(datetime.fromtimestamp(start + fp.FIT_EPOCH_S, UTC), offset),
                strap_window=(strap_begin, end),
                record_hr=_histogram(heart, begin, end),
                descent_m=descent if descent is not None else _descent(altitude, begin, end),
                lifts=exercises(mine),
                external_id=f"fit:{serial}:{created}:{index}" if serial and created else None,
            )
        )
    return out, strap_until


def _finished(pending: _Pending, strap: list[Sample], dropped: list[str]) -> ImportedSession | None:
    """Return a pending session with its heart rate, or None (noted) when it is unusable."""
    summary, notes = pending.summary, []
    seconds = pending.record_hr
    if strap:
        stored = _histogram(strap, *pending.strap_window)
        if sum(stored.values()) > sum(seconds.values()):
            seconds = stored
            notes.append("heart rate from the strap's stored hr messages")
    hist = tuple(sorted((bpm, round(s, 3)) for bpm, s in seconds.items()))
    label = _sport_label(summary)
    try:
        return build_session(
            SessionType.STRENGTH if pending.lifts else _kind(summary),
            pending.start,
            scaled(summary, "total_elapsed_time", 1000),
            scaled(summary, "total_timer_time", 1000),
            source_format="fit",
            sport=label,
            external_id=pending.external_id,
            notes=notes,
            distance_km=scaled(summary, "total_distance", 100_000),
            avg_hr_bpm=within(_int(summary, "avg_heart_rate"), *HR_RANGE_BPM) or _mean(hist),
            max_hr_bpm=within(_int(summary, "max_heart_rate"), *HR_RANGE_BPM)
            or (float(hist[-1][0]) if hist else None),
            elevation_loss_m=pending.descent_m,
            exercises=pending.lifts,
            name=label.replace("_", " ").replace("/", ": ").capitalize(),
            hr_histogram=hist,
        )
    except Unusable as exc:
        dropped.append(f"session {pending.number} skipped: {exc}")
        return None


def _sport_names(summary: Message) -> tuple[str, str | None]:
    """Return the profile names of a session's sport and sub-sport."""
    sport = fp.enum_name(fp.SPORTS, _int(summary, "sport")) or "generic"
    return sport, fp.enum_name(fp.SUB_SPORTS, _int(summary, "sub_sport"))


def _sport_label(summary: Message) -> str:
    """Return "sport/sub_sport" ("running/trail"), or the sport alone when generic."""
    sport, sub = _sport_names(summary)
    return f"{sport}/{sub}" if sub and sub != "generic" else sport


def _kind(summary: Message) -> SessionType:
    """Return the session type of a sport and sub-sport."""
    sport, sub = _sport_names(summary)
    if sub in fp.SUB_SPORT_TYPES:
        return fp.SUB_SPORT_TYPES[sub]
    if sport in fp.VAGUE_SPORTS and sub and sub != "generic":
        refined = session_type(sub)
        if refined is not SessionType.OTHER:
            return refined
    return session_type(sport)


def _record_series(part: _Part, shift: int | None) -> tuple[list[Sample], list[Sample]]:
    """Return the (time, bpm) and (time, metres) samples of the records, sorted by time."""
    heart: list[Sample] = []
    altitude: list[Sample] = []
    for stamp, values, (hr, hr_bad, alt, alt_bad, enh, enh_bad) in part.records:
        moment = _absolute(stamp, shift)
        if moment is None:
            continue
        if hr >= 0 and values[hr] != hr_bad:
            heart.append((moment, values[hr]))
        raw = values[enh] if enh >= 0 and values[enh] != enh_bad else None
        if raw is None and alt >= 0 and values[alt] != alt_bad:
            raw = values[alt]
        if raw is not None and -500 <= raw / 5 - 500 <= 9000:
            altitude.append((moment, raw / 5 - 500))
    heart.sort(key=_first)
    altitude.sort(key=_first)
    return heart, altitude


def _strap_heart_rate(parts: list[tuple[list[Message], int | None]]) -> list[Sample]:
    """Return (time, bpm) samples rebuilt from each file's ``hr`` messages and clock shift."""
    samples: list[Sample] = []
    anchor: tuple[float, int] | None = None  # (FIT time in s, event time in 1/1024 s)
    last: int | None = None
    stored = ((m, shift) for messages, shift in parts for m in messages)
    for message, shift in stored:
        packed = message.get("event_timestamp_12")
        if isinstance(packed, bytes):  # the common case: 8 beats as 12-bit time deltas
            if last is None:
                continue
            bits = int.from_bytes(packed, "little")
            events = []
            for at in range(0, len(packed) * 8 - 11, 12):
                last += (((bits >> at) & 0xFFF) - last) & 0xFFF
                events.append(last)
        else:
            events = [e for e in ints(message.get("event_timestamp")) if e is not None]
            stamp = _absolute(_int(message, "timestamp"), shift)
            if stamp is not None and len(events) == 1:
                fraction = (_int(message, "fractional_timestamp") or 0) / 32768
                anchor = (stamp + fraction, events[0])
            if events:
                last = events[-1]
        if anchor is not None:
            base, origin = anchor
            bpms = message.get("filtered_bpm")  # numbers or None: _message dropped the rest
            bpms = bpms if isinstance(bpms, tuple) else (bpms,)
            samples.extend(
                (base + (e - origin) / 1024, b)
                for e, b in zip(events, bpms, strict=False)
                if b is not None
            )
    samples.sort(key=_first)
    return samples


def _histogram(samples: Sequence[Sample], start: float, end: float) -> dict[int, float]:
    """Return seconds spent at each bpm between ``start`` and ``end``, gaps capped."""
    first = bisect_left(samples, start, key=_first)
    stop = bisect_right(samples, end, key=_first)
    window = samples[first:stop]
    if not window:
        return {}
    following = [moment for moment, _ in window[1:]]
    following.append(end)
    hist: dict[int, float] = {}
    for (moment, bpm), after in zip(window, following, strict=True):
        seconds = min(after - moment, HR_GAP_CAP_S)
        if seconds > 0 and HR_RANGE_BPM[0] <= bpm <= HR_RANGE_BPM[1]:
            key = round(bpm)
            hist[key] = hist.get(key, 0.0) + seconds
    return hist


def _mean(hist: tuple[tuple[int, float], ...]) -> float | None:
    """Return the time-weighted mean bpm of a histogram."""
    total = sum(seconds for _, seconds in hist)
    return round(sum(b * s for b, s in hist) / total, 1) if total > 0 else None


def _descent(altitude: Sequence[Sample], start: float, end: float) -> float | None:
    """Return metres descended in the window (``track.descent_m``), None without altitude."""
    first = bisect_left(altitude, start, key=_first)
    stop = bisect_right(altitude, end, key=_first)
    return descent_m(metres for _, metres in altitude[first:stop])


def _set_time(message: Message, shift: int | None) -> int | None:
    """Return when a set started (or was written), as absolute FIT time."""
    return _absolute(_int(message, "start_time") or _int(message, "timestamp"), shift)


def _clock_shift(part: _Part) -> int | None:
    """Return what turns device-relative times absolute, from ``timestamp_correlation``."""
    for message in part.messages.get(fp.TIMESTAMP_CORRELATION, ()):
        stamp, system = (
            _int(message, "timestamp"),
            _int(message, "system_timestamp"),
        )
        if stamp is not None and system is not None and system < fp.RELATIVE_TIME_LIMIT <= stamp:
            return stamp - system
    return None


def _local_offset(part: _Part) -> timedelta | None:
    """Return the device's UTC offset (to 15 min) from ``activity.local_timestamp``."""
    for message in part.messages.get(fp.ACTIVITY, ()):
        stamp, local = _int(message, "timestamp"), _int(message, "local_timestamp")
        if stamp is None or local is None or min(stamp, local) < fp.RELATIVE_TIME_LIMIT:
            continue
        quarters = round((local - stamp) / 900)
        if abs(quarters) <= 14 * 4:
            return timedelta(minutes=15 * quarters)
    return None


def _absolute(stamp: int | None, shift: int | None) -> int | None:
    """Return a FIT time as absolute, shifting a device-relative one when possible."""
    if stamp is None or stamp >= fp.RELATIVE_TIME_LIMIT:
        return stamp
    return stamp + shift if shift is not None else None


_first = itemgetter(0)
