"""FIT protocol constants, the CRC, the profile tables the importer needs, and field accessors.

The enum name lists are generated from the FIT SDK profile 21.171 as shipped in fitdecode 0.11.0
(``fitdecode.profile.FIELD_TYPES``): one space-separated string per enum, where the position is
the enum value and ``-`` marks a value the profile leaves unused.
"""

from __future__ import annotations

import array
import math
import sys
from functools import cache
from typing import TypeVar

from runready.core.model import SessionType

#: Seconds from the Unix epoch to the FIT epoch, 1989-12-31T00:00:00Z.
FIT_EPOCH_S = 631_065_600
#: ``date_time`` values below this are seconds since device power-on, not since the FIT epoch.
RELATIVE_TIME_LIMIT = 0x10000000

#: Base types by type number (low 5 bits of the base-type byte): struct code, size, invalid value.
#: Floats are invalid when NaN, which the decoder tests separately.
BASE_TYPES: dict[int, tuple[str, int, int | None]] = {
    0: ("B", 1, 0xFF),  # enum
    1: ("b", 1, 0x7F),  # sint8
    2: ("B", 1, 0xFF),  # uint8
    3: ("h", 2, 0x7FFF),  # sint16
    4: ("H", 2, 0xFFFF),  # uint16
    5: ("i", 4, 0x7FFFFFFF),  # sint32
    6: ("I", 4, 0xFFFFFFFF),  # uint32
    8: ("f", 4, None),  # float32
    9: ("d", 8, None),  # float64
    10: ("B", 1, 0),  # uint8z
    11: ("H", 2, 0),  # uint16z
    12: ("I", 4, 0),  # uint32z
    13: ("B", 1, 0xFF),  # byte
    14: ("q", 8, 0x7FFFFFFFFFFFFFFF),  # sint64
    15: ("Q", 8, 0xFFFFFFFFFFFFFFFF),  # uint64
    16: ("Q", 8, 0),  # uint64z
}
#: The byte base type, which is never decoded as numbers.
BYTE_TYPE = 13
#: The invalid value of a ``date_time`` (uint32).
INVALID_U32 = 0xFFFFFFFF

#: Global message numbers.
FILE_ID = 0
SESSION = 18
RECORD = 20
ACTIVITY = 34
HR = 132
TIMESTAMP_CORRELATION = 162
SET = 225
#: The field number of ``timestamp`` in every message that has one (``set`` uses 254).
TIMESTAMP_FIELD = 253


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


#: The fields decoded per message: field number → (name, wanted as raw bytes).
WANTED: dict[int, dict[int, tuple[str, bool]]] = {
    FILE_ID: {0: ("type", False), 3: ("serial_number", False), 4: ("time_created", False)},
    SESSION: {
        253: ("timestamp", False),
        2: ("start_time", False),
        5: ("sport", False),
        6: ("sub_sport", False),
        7: ("total_elapsed_time", False),  # s x 1000
        8: ("total_timer_time", False),  # s x 1000
        9: ("total_distance", False),  # m x 100
        16: ("avg_heart_rate", False),
        17: ("max_heart_rate", False),
        23: ("total_descent", False),  # m
    },
    RECORD: {
        253: ("timestamp", False),
        3: ("heart_rate", False),
        2: ("altitude", False),  # (m + 500) x 5
        78: ("enhanced_altitude", False),  # (m + 500) x 5
    },
    ACTIVITY: {253: ("timestamp", False), 5: ("local_timestamp", False)},
    HR: {
        253: ("timestamp", False),
        0: ("fractional_timestamp", False),  # s x 32768
        6: ("filtered_bpm", False),
        9: ("event_timestamp", False),  # s x 1024
        10: ("event_timestamp_12", True),  # packed 12-bit event_timestamp deltas
    },
    TIMESTAMP_CORRELATION: {253: ("timestamp", False), 1: ("system_timestamp", False)},
    SET: {
        254: ("timestamp", False),
        0: ("duration", False),  # s x 1000
        3: ("repetitions", False),
        4: ("weight", False),  # kg x 16
        5: ("set_type", False),
        6: ("start_time", False),
        7: ("category", False),
        8: ("category_subtype", False),
    },
}

#: ``file`` enum: the file types a FIT file can declare in ``file_id.type``.
FILE_TYPES: dict[int, str] = {
    1: "device",
    2: "settings",
    3: "sport",
    4: "activity",
    5: "workout",
    6: "course",
    7: "schedules",
    9: "weight",
    10: "totals",
    11: "goals",
    14: "blood_pressure",
    15: "monitoring_a",
    20: "activity_summary",
    28: "monitoring_daily",
    32: "monitoring_b",
    34: "segment",
    35: "segment_list",
    40: "exd_configuration",
}
ACTIVITY_FILE = 4


def _names(text: str) -> tuple[str, ...]:
    """Return the names of a packed enum string, by value."""
    return tuple(text.split())


SPORTS = _names(
    "generic running cycling transition fitness_equipment swimming basketball soccer tennis "
    "american_football training walking cross_country_skiing alpine_skiing snowboarding "
    "rowing mountaineering hiking multisport paddling flying e_biking motorcycling boating "
    "driving golf hang_gliding horseback_riding hunting fishing inline_skating rock_climbing "
    "sailing ice_skating sky_diving snowshoeing snowmobiling stand_up_paddleboarding surfing "
    "wakeboarding water_skiing kayaking rafting windsurfing kitesurfing tactical jumpmaster "
    "boxing floor_climbing baseball - - - diving - - - - - - - - hiit - racket "
    "wheelchair_push_walk wheelchair_push_run meditation - disc_golf - cricket rugby hockey "
    "lacrosse volleyball water_tubing wakesurfing - - mixed_martial_arts - snorkeling dance "
    "jump_rope"
)
SUB_SPORTS = _names(
    "generic treadmill street trail track spin indoor_cycling road mountain downhill "
    "recumbent cyclocross hand_cycling track_cycling indoor_rowing elliptical stair_climbing "
    "lap_swimming open_water flexibility_training strength_training warm_up match exercise "
    "challenge indoor_skiing cardio_training indoor_walking e_bike_fitness bmx casual_walking "
    "speed_walking bike_to_run_transition run_to_bike_transition swim_to_bike_transition atv "
    "motocross backcountry resort rc_drone wingsuit whitewater skate_skiing yoga pilates "
    "indoor_running gravel_cycling e_bike_mountain commuting mixed_surface navigate track_me "
    "map single_gas_diving multi_gas_diving gauge_diving apnea_diving apnea_hunting "
    "virtual_activity obstacle - - breathing - - sail_race - ultra indoor_climbing bouldering "
    "hiit - - amrap emom tabata - - - - - - - - pickleball padel indoor_wheelchair_walk "
    "indoor_wheelchair_run indoor_hand_cycling - - - - - squash badminton racquetball "
    "table_tennis - - - - - - - - - - - - fly_canopy fly_paraglide fly_paramotor "
    "fly_pressurized fly_navigate fly_timer fly_altimeter fly_wx fly_vfr fly_ifr"
)
EXERCISE_CATEGORIES = _names(
    "bench_press calf_raise cardio carry chop core crunch curl deadlift flye hip_raise "
    "hip_stability hip_swing hyperextension lateral_raise leg_curl leg_raise lunge "
    "olympic_lift plank plyo pull_up push_up row shoulder_press shoulder_stability shrug "
    "sit_up squat total_body triceps_extension warm_up run bike cardio_sensors move pose "
    "banded_exercises battle_rope elliptical floor_climb indoor_bike indoor_row ladder "
    "sandbag sled sledge_hammer stair_stepper - suspension tire - run_indoor bike_outdoor"
)
#: ``exercise_category`` value for an exercise the watch could not name.
UNKNOWN_CATEGORY = 65534
#: ``sport`` value of a multisport transition, and the sub-sports that name one.
TRANSITION_SPORT = 3
TRANSITION_SUB_SPORTS = frozenset({32, 33, 34})
#: ``set_type`` value of a working set (0 is rest).
ACTIVE_SET = 1


def enum_name(names: tuple[str, ...], value: int | None) -> str | None:
    """Return the profile name of an enum ``value``, ``None`` when invalid, else ``value_N``."""
    if value is None:
        return None
    if 0 <= value < len(names) and names[value] != "-":
        return names[value]
    return f"value_{value}"


#: Sub-sports whose session type the sport alone gets wrong.
SUB_SPORT_TYPES: dict[str, SessionType] = {
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

#: A decoded message: wanted field names → values (arrays as tuples, invalid as None).
Message = dict[str, object]
N = TypeVar("N", int, float)


def ints(value: object) -> list[int | None]:
    """Return a field's values (scalar or array) as integers, invalid ones as None."""
    items = value if isinstance(value, tuple) else (value,)
    return [number(v) for v in items]


def first_int(message: Message, name: str) -> int | None:
    """Return a field's first valid value as an integer."""
    return next((v for v in ints(message.get(name)) if v is not None), None)


def number(value: object) -> int | None:
    """Return ``value`` as an integer when it is a finite number."""
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    return value if isinstance(value, int) else None


def scaled(message: Message, name: str, scale: int) -> float | None:
    """Return a field divided by its profile scale."""
    value = first_int(message, name)
    return value / scale if value is not None else None


def within(value: N | None, low: float, high: float) -> N | None:
    """Return ``value`` when it lies in [low, high], else None."""
    return value if value is not None and low <= value <= high else None
