"""Write FIT files for tests and benchmarks: activities, strength sessions, multisport, chains.

Every function returns the bytes of one complete FIT file (14-byte header with its CRC,
definition and data messages, file CRC) that fitdecode reads without a warning::

    from datetime import UTC, datetime
    from bench import fitwriter

    start = datetime(2026, 11, 21, 7, 0, tzinfo=UTC)
    run = fitwriter.activity(start, "running", 2700, 9000.0, hr_at=lambda s: 120 + s // 60)
    lift = fitwriter.strength(start, [("squat", 6, 5, 100.0, 40), ("squat", 6, 5, 100.0, 40)])
    both = fitwriter.chain(run, lift)

``Encoder`` is the low-level API (define a local message type, then write values) for files
the helpers do not cover; it lives in runready.exporters.fit_encoder, shared with the FIT
workout export. ``crc16`` is the reference CRC, an oracle for the importer's table CRC.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from runready.exporters.fit_encoder import Encoder, fit_time
from runready.importers.fit_profile import EXERCISE_CATEGORIES, FILE_TYPES, SPORTS, SUB_SPORTS

__all__ = [
    "Encoder",
    "activity",
    "chain",
    "crc16",
    "fit_time",
    "multisport",
    "non_activity",
    "strength",
]

FILE_ID, FILE_CREATOR, EVENT, RECORD, LAP, SESSION, ACTIVITY, SET = 0, 49, 21, 20, 19, 18, 34, 225
#: Field layouts (number:type) of the bigger messages written.
RECORD_FIELDS = (
    "0:sint32 1:sint32 5:uint32 6:uint16 2:uint16 3:uint8 4:uint8"  # position ... cadence
    " 73:uint32 78:uint32 13:sint8 39:uint16 41:uint16 85:uint16"  # enhanced_speed ... step
)
SESSION_FIELDS = (
    "253:uint32 254:uint16 2:uint32 7:uint32 8:uint32 9:uint32 5:enum 6:enum"
    " 16:uint8 17:uint8 22:uint16 23:uint16 0:enum 1:enum"
)
SET_FIELDS = (
    "254:uint32 0:uint32 3:uint16 4:uint16 5:uint8 6:uint32 7:uint16[2] 8:uint16[2]"
    " 9:uint16 10:uint16"
)
HrAt = Callable[[int], int]
AltitudeAt = Callable[[int], float]


def crc16(data: bytes, crc: int = 0) -> int:
    """Return the FIT CRC-16 of ``data`` (the nibble-wise reference algorithm)."""
    table = (
        0x0000,
        0xCC01,
        0xD801,
        0x1400,
        0xF001,
        0x3C00,
        0x2800,
        0xE401,
        0xA001,
        0x6C00,
        0x7800,
        0xB401,
        0x5000,
        0x9C01,
        0x8801,
        0x4400,
    )
    for byte in data:
        tmp = table[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ table[byte & 0xF]
        tmp = table[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ table[(byte >> 4) & 0xF]
    return crc


def _file_id(enc: Encoder, file_type: int, created: int) -> None:
    """Write a ``file_id`` (manufacturer 255, development) as local message 0."""
    enc.define(0, FILE_ID, "0:enum 1:uint16 2:uint16 3:uint32z 4:uint32")
    enc.write(0, file_type, 255, 1, 1234567890, created)


def _number(names: Sequence[str], name: str) -> int:
    """Return the enum value of a profile name ("running" → 1)."""
    if name not in names:
        raise ValueError(f"unknown FIT name {name!r}")
    return names.index(name)


class _Activity:
    """The messages of an activity file, written in order, summaries last or first."""

    def __init__(self, start: datetime, big_endian: bool, compressed: bool) -> None:
        self.enc = Encoder(big_endian)
        self.t0 = fit_time(start)
        self.compressed = compressed
        self.summaries: list[Callable[[], None]] = []
        self.records = 0
        _file_id(self.enc, 4, self.t0)
        self.enc.define(1, EVENT, "253:uint32 0:enum 1:enum")
        self.enc.write(1, self.t0, 0, 0)  # timer start: also the compressed-timestamp base
        self.enc.define(2, RECORD, RECORD_FIELDS if compressed else "253:uint32 " + RECORD_FIELDS)
        self.enc.define(3, SESSION, SESSION_FIELDS)
        self.enc.define(
            4, LAP, "253:uint32 254:uint16 2:uint32 7:uint32 8:uint32 9:uint32 0:enum 1:enum"
        )

    def record(self, second: int, metres: float, speed: float, hr: int | None, alt: float) -> None:
        """Write one 1 Hz record at ``second`` after the start."""
        t = self.t0 + second
        lat = int((48.2 + metres / 111_000) * 2**31 / 180)
        lon = int((16.37 + 0.0001 * math.sin(second / 60)) * 2**31 / 180)
        alt_raw = round((alt + 500) * 5)
        values = [
            lat,
            lon,
            round(metres * 100),
            round(speed * 1000),
            alt_raw,
            hr,
            170 if speed else None,
            round(speed * 1000),
            alt_raw,
            12,
            850,
            2500,
            1100,
        ]
        if self.compressed:
            self.enc.write(2, *values, compressed_offset=t)
        else:
            self.enc.write(2, t, *values)
        self.records += 1

    def session(
        self,
        index: int,
        sport: str,
        sub_sport: str,
        first: int,
        seconds: int,
        metres: float,
        hrs: Sequence[int],
        descent: float,
        ascent: float,
    ) -> None:
        """Queue the lap and session of one leg (written by ``finish``, or at once)."""
        start, end = self.t0 + first, self.t0 + first + seconds
        sport_n, sub_n = _number(SPORTS, sport), _number(SUB_SPORTS, sub_sport)
        avg = round(sum(hrs) / len(hrs)) if hrs else None
        peak = max(hrs) if hrs else None

        def write() -> None:
            self.enc.write(
                4, end, index, start, seconds * 1000, seconds * 1000, round(metres * 100), 9, 1
            )
            self.enc.write(
                3,
                end,
                index,
                start,
                seconds * 1000,
                seconds * 1000,
                round(metres * 100),
                sport_n,
                sub_n,
                avg,
                peak,
                round(ascent),
                round(descent),
                8,
                1,
            )

        self.summaries.append(write)

    def finish(self, seconds: int, sessions: int, offset: timedelta | None, first: bool) -> bytes:
        """Write the queued summaries and the activity message; return the file."""
        end = self.t0 + seconds
        local = end + int(offset.total_seconds()) if offset is not None else None
        self.enc.define(5, ACTIVITY, "253:uint32 0:uint32 1:uint16 2:enum 3:enum 4:enum 5:uint32")
        if not first:
            self.enc.write(1, end, 0, 4)  # timer stop_all
            for write in self.summaries:
                write()
        self.enc.write(5, end, seconds * 1000, sessions, int(sessions > 1), 26, 1, local)
        return self.enc.finish()


def activity(
    start_utc: datetime,
    sport: str,
    duration_s: int,
    distance_m: float,
    hr_at: HrAt | None,
    altitude_at: AltitudeAt | None = None,
    local_offset: timedelta | None = None,
    sub_sport: str = "generic",
    *,
    compressed_timestamps: bool = False,
    big_endian: bool = False,
    summary_first: bool = False,
) -> bytes:
    """Return a one-session activity: 1 Hz records (about 39 bytes each), a lap, a session."""
    return multisport(
        start_utc,
        [(sport, duration_s, distance_m, sub_sport)],
        hr_at,
        altitude_at,
        local_offset,
        transition_s=0,
        compressed_timestamps=compressed_timestamps,
        big_endian=big_endian,
        summary_first=summary_first,
    )


def multisport(
    start_utc: datetime,
    legs: Sequence[tuple[str, int, float] | tuple[str, int, float, str]],
    hr_at: HrAt | None = None,
    altitude_at: AltitudeAt | None = None,
    local_offset: timedelta | None = None,
    transition_s: int = 60,
    *,
    compressed_timestamps: bool = False,
    big_endian: bool = False,
    summary_first: bool = False,
) -> bytes:
    """Return one activity of several sessions: legs (sport, seconds, metres[, sub-sport])
    separated by ``transition`` sessions of ``transition_s`` (none when 0)."""
    plan: list[tuple[str, int, float, str]] = []
    for number, leg in enumerate(legs):
        if number and transition_s:
            plan.append(("transition", transition_s, transition_s * 1.5, "generic"))
        plan.append((leg[0], leg[1], leg[2], leg[3] if len(leg) > 3 else "generic"))  # type: ignore[misc]
    writer = _Activity(start_utc, big_endian, compressed_timestamps)
    second, metres_before = 0, 0.0
    for index, (sport, seconds, metres, sub) in enumerate(plan):
        hrs: list[int] = []
        alts: list[float] = []
        speed = metres / seconds if seconds else 0.0
        for s in range(seconds):
            hr = hr_at(second + s) if hr_at else None
            alt = altitude_at(second + s) if altitude_at else 100.0
            hrs += [hr] if hr is not None else []
            alts.append(alt)
            if not summary_first:
                writer.record(second + s, metres_before + speed * s, speed, hr, alt)
        drops = [a - b for a, b in zip(alts, alts[1:], strict=False)]
        writer.session(
            index,
            sport,
            sub,
            second,
            seconds,
            metres,
            hrs,
            sum(d for d in drops if d > 0),
            -sum(d for d in drops if d < 0),
        )
        if summary_first:
            writer.summaries[-1]()
            # The session's timestamp (its end) would skew compressed timestamps: restate.
            writer.enc.write(1, writer.t0 + second, 0, 0)
            for s in range(seconds):
                writer.record(
                    second + s, metres_before + speed * s, speed, hrs[s] if hrs else None, alts[s]
                )
        second += seconds
        metres_before += metres
    return writer.finish(second, len(plan), local_offset, summary_first)


def strength(
    start_utc: datetime,
    sets: Sequence[tuple[str, int, int, float, int]],
    rest_s: int = 90,
    hr_at: HrAt | None = None,
    local_offset: timedelta | None = None,
) -> bytes:
    """Return a strength session: (category, subtype, reps, weight kg, seconds) per set,
    a rest ``set`` between sets, 1 Hz records, and a training/strength_training session."""
    writer = _Activity(start_utc, False, False)
    enc = writer.enc
    enc.define(6, SET, SET_FIELDS)
    second, index = 0, 0
    hrs: list[int] = []
    for number, (category, subtype, reps, weight_kg, seconds) in enumerate(sets):
        parts = [(1, seconds)] + ([(0, rest_s)] if number < len(sets) - 1 else [])
        for kind, length in parts:
            for s in range(second, second + length):
                hr = hr_at(s) if hr_at else None
                hrs += [hr] if hr is not None else []
                writer.record(s, 0.0, 0.0, hr, 100.0)
            cat = _number(EXERCISE_CATEGORIES, category) if kind else None
            enc.write(
                6,
                writer.t0 + second + length,
                length * 1000,
                reps if kind else None,
                round(weight_kg * 16) if kind else None,
                kind,
                writer.t0 + second,
                [cat],
                [subtype if kind else None],
                1,
                index,
            )
            second += length
            index += 1
    writer.session(0, "training", "strength_training", 0, second, 0.0, hrs, 0.0, 0.0)
    return writer.finish(second, 1, local_offset, False)


def non_activity(file_type: str) -> bytes:
    """Return a minimal FIT file of another type ("settings", "workout", "weight", ...)."""
    numbers = {name: number for number, name in FILE_TYPES.items()}
    enc = Encoder()
    _file_id(enc, numbers[file_type], fit_time(datetime(2026, 1, 1, tzinfo=UTC)))
    enc.define(1, FILE_CREATOR, "0:uint16 1:uint8")
    enc.write(1, 100, 1)
    return enc.finish()


def chain(*files: bytes) -> bytes:
    """Return several FIT files back to back (a chained FIT file)."""
    return b"".join(files)
