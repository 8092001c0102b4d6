"""Read FIT activity files: a targeted pure-Python decoder and the sessions it yields.

The decoder compiles each definition message once into a ``struct.Struct`` whose pad bytes
(``Nx``) cover every field runready does not use, so a data message costs one ``unpack_from``
and unwanted messages cost nothing but their size. It decodes ``file_id``, ``session``,
``record``, ``activity``, ``hr``, ``timestamp_correlation`` and ``set``; see ``fit_profile``.
"""

from __future__ import annotations

import array
import math
import struct
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from runready.core.errors import InvalidInput
from runready.core.model import Exercise, ExerciseSet, Session, SessionType
from runready.importers import fit_profile as fp
from runready.importers.base import (
    MAX_FILE_BYTES,
    ImportedSession,
    ImportRejected,
    ImportSkipped,
    ParsedFile,
    session_type,
    with_offset,
)
from runready.importers.fit_exercises import exercise_name

__all__ = ["fit_crc", "parse_fit"]

Message = dict[str, object]
Sample = tuple[float, float]
#: Longest gap between two heart-rate samples that still counts in full (s): pauses and
#: dropouts must not credit minutes to one bpm (runready_heuristic).
HR_GAP_CAP_S = 10.0
#: Altitude changes smaller than this are noise when summing descent (m; runready_heuristic).
DESCENT_BAND_M = 2.0
#: More sessions than this in one file is not a recording; the rest are ignored (bounds work).
MAX_SESSIONS = 200
#: Sub-sports whose session type the sport alone gets wrong.
SUB_SPORT_TYPES = {
    "strength_training": SessionType.STRENGTH,
    "yoga": SessionType.YOGA,
    "pilates": SessionType.YOGA,
    "breathing": SessionType.YOGA,
    "flexibility_training": SessionType.YOGA,
    "indoor_rowing": SessionType.OTHER,
    "elliptical": SessionType.OTHER,
    "stair_climbing": SessionType.OTHER,
    "cardio_training": SessionType.OTHER,
}
#: Sports so broad that a specific sub-sport decides the session type.
VAGUE_SPORTS = frozenset({"generic", "training", "fitness_equipment"})


@cache
def _crc_tables() -> tuple[list[int], list[int]]:
    """Return the FIT CRC-16 tables (reflected polynomial 0xA001) per byte and per word."""
    per_byte = []
    for value in range(256):
        for _ in range(8):
            value = (value >> 1) ^ 0xA001 if value & 1 else value >> 1
        per_byte.append(value)
    # The CRC is linear, so a 16-bit step is a high-byte part XOR a low-byte part.
    low = [(per_byte[b] >> 8) ^ per_byte[per_byte[b] & 0xFF] for b in range(256)]
    return per_byte, [per_byte[hi] ^ lo for hi in range(256) for lo in low]


def fit_crc(data: bytes | memoryview, crc: int = 0) -> int:
    """Return the FIT CRC-16 of ``data``, continuing from ``crc``."""
    per_byte, per_word = _crc_tables()
    even = len(data) & ~1
    words = array.array("H")
    words.frombytes(data[:even])
    if sys.byteorder == "big":
        words.byteswap()
    for word in words:
        crc = per_word[crc ^ word]
    if even < len(data):
        crc = (crc >> 8) ^ per_byte[(crc ^ data[even]) & 0xFF]
    return crc


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

    offset: int
    messages: dict[int, list[Message]] = field(default_factory=dict)
    records: list[tuple[int | None, tuple[Any, ...], tuple[int, ...]]] = field(default_factory=list)
    damage: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def file_id(self) -> Message:
        """Return the first ``file_id`` message (empty when there is none)."""
        return next(iter(self.messages.get(fp.FILE_ID, ())), {})


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
        if number == fp.TIMESTAMP_FIELD and width == 4 and ts_index < 0:
            if kind is not None and kind[0] == "I" and (code is None or code == "I"):
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


def _read_messages(data: bytes, pos: int, limit: int, part: _Part) -> int:
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
    return pos


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
        if stored and stored != fit_crc(view[start : start + 12]):
            part.notes.append("header CRC mismatch")
    end = start + header_size + int.from_bytes(data[start + 4 : start + 8], "little")
    _read_messages(data, start + header_size, min(end, size), part)
    if end > size:
        raise _Damage(f"file ends early at byte {size}")
    if end + 2 > size:
        part.notes.append("file CRC missing")
    elif fit_crc(view[start:end]) != int.from_bytes(data[end : end + 2], "little"):
        part.notes.append("CRC mismatch")
    return end + 2


def _decode(data: bytes) -> list[_Part]:
    """Decode every FIT file of a (possibly chained) physical file."""
    if not _is_header(data, 0):
        raise ImportRejected("not a FIT file")
    parts: list[_Part] = []
    start = 0
    while start < len(data):
        if parts and not _is_header(data, start):
            if any(data[start:]):  # zero padding after the last file is harmless
                parts[-1].damage = f"damaged FIT header of a chained file at byte {start}"
            break
        part = _Part(start)
        parts.append(part)
        try:
            start = _read_part(data, start, part)
        except _Damage as damage:
            part.damage = str(damage)
            break
    return parts


def parse_fit(data: bytes) -> ParsedFile:
    """Return the sessions of a FIT activity file (several when chained or multisport)."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected(f"file too large: {len(data)} bytes")
    parts = _decode(bytes(data))
    notes: list[str] = []
    sessions: list[ImportedSession] = []
    dropped: list[str] = []
    for number, part in enumerate(parts, 1):
        where = f" (chained file {number})" if len(parts) > 1 else ""
        notes.extend(note + where for note in part.notes)
        if part.damage:
            notes.append(f"stopped reading: {part.damage}")
        file_type = _int(part.file_id, "type")
        if file_type not in (None, fp.ACTIVITY_FILE):
            notes.append(f"skipped a FIT {_file_type(file_type)} file{where}")
            continue
        sessions.extend(_sessions(part, dropped, MAX_SESSIONS - len(sessions)))
    if sessions:
        return ParsedFile("fit", tuple(sessions), tuple(notes + dropped))
    types = [t for t in (_int(p.file_id, "type") for p in parts) if t is not None]
    if types and fp.ACTIVITY_FILE not in types:
        raise ImportSkipped(f"not an activity: a FIT {_file_type(types[0])} file")
    damage = next((p.damage for p in parts if p.damage), None)
    if damage:
        raise ImportRejected(f"damaged FIT file: {damage}, before any session summary")
    if dropped:
        raise ImportRejected(dropped[0])
    raise ImportRejected("no session summary in the activity file")


def _file_type(value: int) -> str:
    """Return the profile name of a ``file_id.type`` value."""
    return fp.FILE_TYPES.get(value, f"type {value}")


def _sessions(part: _Part, dropped: list[str], room: int) -> list[ImportedSession]:
    """Return the non-transition sessions of one FIT file, noting any it had to drop."""
    shift = _clock_shift(part)
    offset = _local_offset(part)
    heart, altitude = _record_series(part, shift)
    strap = _strap_heart_rate(part, shift)
    summaries = [
        m
        for m in part.messages.get(fp.SESSION, ())
        if _int(m, "sport") != fp.TRANSITION_SPORT
        and _int(m, "sub_sport") not in fp.TRANSITION_SUB_SPORTS
    ]
    sets = part.messages.get(fp.SET, [])
    file_id = part.file_id
    serial, created = _int(file_id, "serial_number"), _int(file_id, "time_created")
    out: list[ImportedSession] = []
    for index, summary in enumerate(summaries[: max(room, 0)]):
        raw_start = _int(summary, "start_time")
        start = _absolute(raw_start, shift)
        elapsed = _scaled(summary, "total_elapsed_time", 1000)
        timer = _scaled(summary, "total_timer_time", 1000)
        duration = elapsed if elapsed is not None else timer
        if start is None:
            dropped.append(
                "session start is a device-relative time that cannot be anchored to a date"
                if raw_start is not None
                else "session has no start time"
            )
            continue
        if duration is None or duration > 7 * 24 * 3600:
            dropped.append(f"session {index + 1} has no plausible duration")
            continue
        end = start + duration
        mine = sets
        if len(summaries) > 1:
            mine = [s for s in sets if start - 60 <= (_set_time(s, shift) or -1) <= end + 60]
        notes: list[str] = []
        hist = _heart_histogram(heart, strap, start, end, notes)
        try:
            session = Session(
                type=SessionType.STRENGTH if (lifts := _exercises(mine)) else _kind(summary),
                start=with_offset(
                    datetime.fromtimestamp(start + fp.FIT_EPOCH_S, timezone.utc), offset
                ),
                duration_min=duration / 60,
                moving_min=timer / 60 if timer is not None and timer <= 7 * 24 * 3600 else None,
                distance_km=_within(_scaled(summary, "total_distance", 100_000), 0, 2000),
                avg_hr_bpm=_within(_int(summary, "avg_heart_rate"), 20, 250) or _mean(hist),
                max_hr_bpm=_within(_int(summary, "max_heart_rate"), 20, 250)
                or (float(hist[-1][0]) if hist else None),
                elevation_loss_m=_within(
                    _scaled(summary, "total_descent", 1) or _descent(altitude, start, end), 0, 20000
                ),
                exercises=lifts,
                name=_sport_label(summary).replace("_", " ").replace("/", ": ").capitalize(),
                hr_histogram=hist,
            )
        except InvalidInput as exc:  # a last line of defence against implausible numbers
            dropped.append(f"session {index + 1} skipped: {exc}")
            continue
        external = f"fit:{serial}:{created}:{index}" if serial and created else None
        out.append(ImportedSession(session, "fit", _sport_label(summary), external, tuple(notes)))
    return out


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
    if sub in SUB_SPORT_TYPES:
        return SUB_SPORT_TYPES[sub]
    if sport in VAGUE_SPORTS and sub and sub != "generic":
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


def _strap_heart_rate(part: _Part, shift: int | None) -> list[Sample]:
    """Return (time, bpm) samples rebuilt from the strap-stored ``hr`` messages."""
    samples: list[Sample] = []
    anchor: tuple[float, int] | None = None  # (FIT time in s, event time in 1/1024 s)
    last: int | None = None
    for message in part.messages.get(fp.HR, ()):
        events = [e for e in _ints(message.get("event_timestamp")) if e is not None]
        packed = message.get("event_timestamp_12")
        stamp = _absolute(_int(message, "timestamp"), shift)
        if stamp is not None and len(events) == 1:
            fraction = (_int(message, "fractional_timestamp") or 0) / 32768
            anchor = (stamp + fraction, events[0])
        if isinstance(packed, bytes) and last is not None:
            bits = int.from_bytes(packed, "little")
            events = []
            for shift_bits in range(0, len(packed) * 8 - 11, 12):
                last += (((bits >> shift_bits) & 0xFFF) - last) & 0xFFF
                events.append(last)
        if events:
            last = events[-1]
        if anchor is not None:
            base, origin = anchor
            bpms = _ints(message.get("filtered_bpm"))
            samples.extend(
                (base + (e - origin) / 1024, b) for e, b in zip(events, bpms) if b is not None
            )
    samples.sort(key=_first)
    return samples


def _heart_histogram(
    heart: list[Sample], strap: list[Sample], start: float, end: float, notes: list[str]
) -> tuple[tuple[int, float], ...]:
    """Return seconds per bpm in the window from records, or from the strap when it has more."""
    hist = _histogram(heart, start, end)
    if strap:
        stored = _histogram(strap, start, end)
        if sum(stored.values()) > sum(hist.values()):
            hist = stored
            notes.append("heart rate from the strap's stored hr messages")
    return tuple(sorted((bpm, round(seconds, 3)) for bpm, seconds in hist.items()))


def _histogram(samples: Sequence[Sample], start: float, end: float) -> dict[int, float]:
    """Return seconds spent at each bpm between ``start`` and ``end``, gaps capped."""
    first = bisect_left(samples, start, key=_first)
    stop = bisect_right(samples, end, key=_first)
    hist: dict[int, float] = {}
    for k in range(first, stop):
        moment, bpm = samples[k]
        following = samples[k + 1][0] if k + 1 < stop else end
        seconds = min(following - moment, HR_GAP_CAP_S)
        if seconds > 0 and 20 <= bpm <= 250:
            hist[round(bpm)] = hist.get(round(bpm), 0.0) + seconds
    return hist


def _mean(hist: tuple[tuple[int, float], ...]) -> float | None:
    """Return the time-weighted mean bpm of a histogram."""
    total = sum(seconds for _, seconds in hist)
    return round(sum(b * s for b, s in hist) / total, 1) if total > 0 else None


def _descent(altitude: Sequence[Sample], start: float, end: float) -> float | None:
    """Return metres descended in the window, ignoring wiggles under the noise band."""
    first = bisect_left(altitude, start, key=_first)
    stop = bisect_right(altitude, end, key=_first)
    if stop - first < 2:
        return None
    loss, top = 0.0, altitude[first][1]
    for _, metres in altitude[first + 1 : stop]:
        if metres > top:
            top = metres
        elif top - metres >= DESCENT_BAND_M:
            loss, top = loss + top - metres, metres
    return round(loss, 1)


def _exercises(sets: list[Message]) -> tuple[Exercise, ...]:
    """Return the active sets as exercises, consecutive sets of one exercise grouped."""
    grouped: list[tuple[str, list[ExerciseSet]]] = []
    for message in sets:
        reps = _int(message, "repetitions")
        kind = _int(message, "set_type")
        if kind != fp.ACTIVE_SET and not (kind is None and reps is not None):
            continue
        categories = _ints(message.get("category"))
        at = next((i for i, c in enumerate(categories) if c is not None), None)
        subtypes = _ints(message.get("category_subtype"))
        name = exercise_name(
            categories[at] if at is not None else None,
            subtypes[at] if at is not None and at < len(subtypes) else None,
        )
        weight = _scaled(message, "weight", 16)
        one = ExerciseSet(
            reps=_within(reps, 0, 1000),  # type: ignore[arg-type]
            weight_kg=_within(weight, 0, 1000),
            duration_s=_within(_scaled(message, "duration", 1000), 0, 24 * 3600),
        )
        if grouped and grouped[-1][0] == name:
            grouped[-1][1].append(one)
        else:
            grouped.append((name, [one]))
    return tuple(Exercise(name, tuple(done)) for name, done in grouped)


def _set_time(message: Message, shift: int | None) -> int | None:
    """Return when a set started (or was written), as absolute FIT time."""
    return _absolute(_int(message, "start_time") or _int(message, "timestamp"), shift)


def _clock_shift(part: _Part) -> int | None:
    """Return what turns device-relative times absolute, from ``timestamp_correlation``."""
    for message in part.messages.get(fp.TIMESTAMP_CORRELATION, ()):
        stamp, system = _int(message, "timestamp"), _int(message, "system_timestamp")
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


def _ints(value: object) -> list[int | None]:
    """Return a field's values (scalar or array) as integers, invalid ones as None."""
    items = value if isinstance(value, tuple) else (value,)
    return [_number(v) for v in items]


def _int(message: Message, name: str) -> int | None:
    """Return a field's first valid value as an integer."""
    return next((v for v in _ints(message.get(name)) if v is not None), None)


def _number(value: object) -> int | None:
    """Return ``value`` as an integer when it is a finite number."""
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    return value if isinstance(value, int) else None


def _scaled(message: Message, name: str, scale: int) -> float | None:
    """Return a field divided by its profile scale."""
    value = _int(message, name)
    return value / scale if value is not None else None


def _within(value: float | None, low: float, high: float) -> float | None:
    """Return ``value`` when it lies in [low, high], else None."""
    return value if value is not None and low <= value <= high else None


_first = itemgetter(0)
