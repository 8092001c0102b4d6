"""Strength CSV import: Hevy, Strong and FitNotes exports become strength sessions with sets."""

from __future__ import annotations

import csv
import io
import json
import random
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from runready.core.errors import InvalidInput
from runready.core.model import ExerciseSet, SessionType
from runready.importers.base import ImportRejected, ImportSkipped, ParsedFile
from runready.importers.csv_strength import parse_strength_csv
from store_support import SHARED

BERLIN = ZoneInfo("Europe/Berlin")
LB = 0.45359237
HEVY = "hevy-analyzer__hevy_workout_data.csv"
STRONG = "strong-charts__strong.csv"
HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","{weight}","reps","{distance}","duration_seconds","rpe"'
)
STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
STRONG_6_HEADER = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";'
    '"Weight ({unit})";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"'
)


def categories() -> dict[str, str]:
    path = SHARED / "samples" / "REFERENCE.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return {k[4:]: v["category"] for k, v in data.items() if k.startswith("csv/")}


def sample(shared: Path, name: str) -> bytes:
    return (shared / "samples" / "csv" / name).read_bytes()


def parse(text: str, tz: timezone | ZoneInfo = BERLIN, unit: str = "kg") -> ParsedFile:
    return parse_strength_csv(text.encode("utf-8"), tz, unit)


def hevy(*rows: str, weight: str = "weight_kg", distance: str = "distance_km") -> str:
    return "\n".join([HEVY_HEADER.format(weight=weight, distance=distance), *rows]) + "\n"


def hevy_row(
    exercise: str,
    set_type: str = "normal",
    weight: str = "100",
    reps: str = "5",
    rpe: str = "",
    distance: str = "",
    seconds: str = "",
    start: str = "9 Apr 2026, 17:18",
    end: str = "9 Apr 2026, 18:05",
    title: str = "Lower",
) -> str:
    return (
        f'"{title}","{start}","{end}","","{exercise}",,"",0,"{set_type}",'
        f"{weight},{reps},{distance},{seconds},{rpe}"
    )


# --- The shared samples ------------------------------------------------------------------


def test_the_hevy_sample_becomes_one_session_per_workout_with_every_working_set(
    shared: Path,
) -> None:
    rows = list(csv.DictReader(io.StringIO(sample(shared, HEVY).decode("utf-8-sig"))))
    working = [
        r for r in rows if r["set_type"] != "warmup" and (r["reps"] or r["duration_seconds"])
    ]
    expected = Counter((r["title"], r["start_time"]) for r in working)
    parsed = parse_strength_csv(sample(shared, HEVY), BERLIN)
    assert parsed.format == "hevy"
    assert len(parsed.sessions) == len({(r["title"], r["start_time"]) for r in rows}) == 232
    got: Counter[tuple[str, str]] = Counter()
    for item in parsed.sessions:
        key = item.external_id.split(":", 1)[1].split("|")  # type: ignore[union-attr]
        got[(key[0], key[1])] = sum(len(e.sets) for e in item.session.exercises)
        assert item.session.type is SessionType.STRENGTH
        assert item.source_format == "hevy"
    assert got == expected
    assert sum(got.values()) == 3877


def test_the_latest_hevy_workout_reads_exactly_as_logged(shared: Path) -> None:
    parsed = parse_strength_csv(sample(shared, HEVY), BERLIN)
    last = parsed.sessions[-1].session
    assert last.name == "Lower"
    assert last.start == datetime(2026, 4, 9, 17, 18, tzinfo=BERLIN)
    assert last.duration_min == 47
    squat = last.exercises[0]
    assert squat.name == "Hack Squat (Machine)"
    assert squat.sets[:2] == (
        ExerciseSet(reps=6, weight_kg=80.0, rpe=6.0),
        ExerciseSet(reps=6, weight_kg=100.0, rpe=7.0),
    )


def test_the_strong_sample_becomes_one_session_per_workout_with_every_set(shared: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(sample(shared, STRONG).decode("utf-8-sig"))))
    kept = [
        r for r in rows
        if r["Set Order"].isdigit() and (int(r["Reps"] or 0) > 0 or float(r["Seconds"] or 0) > 0)
    ]  # fmt: skip
    expected = Counter((r["Date"], r["Workout Name"]) for r in kept)
    parsed = parse_strength_csv(sample(shared, STRONG), BERLIN)
    assert parsed.format == "strong"
    assert len(parsed.sessions) == len({(r["Date"], r["Workout Name"]) for r in rows}) == 129
    got: Counter[tuple[str, str]] = Counter()
    for item in parsed.sessions:
        _, date, name = item.external_id.split(":", 1)[1].split("|")  # type: ignore[union-attr]
        got[(date, name)] = sum(len(e.sets) for e in item.session.exercises)
    assert got == expected
    first = parsed.sessions[0].session
    assert first.start == datetime(2021, 2, 10, 16, 46, 13, tzinfo=BERLIN)
    assert first.duration_min == 138
    assert first.exercises[0].name == "Bench Press (Barbell)"
    assert first.exercises[0].sets[0] == ExerciseSet(reps=8, weight_kg=75.0)


def test_a_plank_in_the_strong_sample_is_kept_as_a_timed_hold(shared: Path) -> None:
    parsed = parse_strength_csv(sample(shared, STRONG), BERLIN)
    planks = [
        s for i in parsed.sessions for e in i.session.exercises if e.name == "Plank" for s in e.sets
    ]
    assert planks and all(s.reps is None and s.duration_s for s in planks)


@pytest.mark.parametrize(
    "name", sorted(n for n, c in categories().items() if c in ("not_activity", "export_index"))
)
def test_csv_samples_that_are_no_strength_log_are_skipped_saying_what_they_are(
    shared: Path, name: str
) -> None:
    with pytest.raises(ImportSkipped) as skipped:
        parse_strength_csv(sample(shared, name), BERLIN)
    reason = str(skipped.value)
    if categories()[name] == "export_index":
        assert reason == "Strava export index: import the whole export folder or zip"
    else:
        assert "not an activity export" in reason


# --- Hevy ------------------------------------------------------------------------------


def test_hevy_warm_ups_are_dropped_and_failure_and_drop_sets_kept() -> None:
    rows = [
        hevy_row("Squat (Barbell)", "warmup", "60"),
        hevy_row("Squat (Barbell)", "normal", "100", rpe="8"),
        hevy_row("Squat (Barbell)", "failure", "100", "3", rpe="10"),
        hevy_row("Squat (Barbell)", "dropset", "80", "6"),
    ]
    item = parse(hevy(*rows)).sessions[0]
    assert [s.weight_kg for s in item.session.exercises[0].sets] == [100, 100, 80]
    assert item.session.exercises[0].sets[1].rpe == 10
    assert "1 warm-up sets left out" in item.notes


def test_hevy_pounds_are_read_from_the_column_name_and_converted() -> None:
    item = parse(hevy(hevy_row("Bench Press", weight="225"), weight="weight_lbs"), unit="kg")
    assert item.sessions[0].session.exercises[0].sets[0].weight_kg == pytest.approx(225 * LB)


def test_hevy_bodyweight_sets_have_no_load_and_holds_keep_their_time() -> None:
    rows = [hevy_row("Pull Up", weight=""), hevy_row("Plank", weight="", reps="", seconds="45")]
    session = parse(hevy(*rows)).sessions[0].session
    assert session.exercises[0].sets == (ExerciseSet(reps=5),)
    assert session.exercises[1].sets == (ExerciseSet(duration_s=45.0),)


def test_hevy_cardio_rows_are_not_strength_sets() -> None:
    rows = [
        hevy_row("Squat", reps="5"),
        hevy_row("Treadmill", weight="", reps="", distance="3.2", seconds="1200"),
        hevy_row("Stair Machine", weight="", reps="", seconds="900"),
    ]
    item = parse(hevy(*rows)).sessions[0]
    assert [e.name for e in item.session.exercises] == ["Squat"]
    assert "2 cardio rows left out (not strength sets)" in item.notes


def test_a_cardio_only_hevy_workout_is_left_out_and_an_all_cardio_file_skipped() -> None:
    cardio = hevy_row("Running", weight="", reps="", distance="5", seconds="1500", title="Run")
    parsed = parse(hevy(hevy_row("Squat"), cardio.replace("17:18", "07:00")))
    assert len(parsed.sessions) == 1
    assert parsed.notes == ("1 workouts without strength sets (cardio only) left out",)
    with pytest.raises(ImportSkipped, match="Hevy export without strength sets"):
        parse(hevy(cardio))


def test_hevy_workouts_are_grouped_by_title_and_start_and_sorted_by_start() -> None:
    rows = [
        hevy_row("Bench", title="Upper", start="10 Apr 2026, 07:00", end="10 Apr 2026, 08:00"),
        hevy_row("Squat", title="Lower"),
        hevy_row("Row", title="Upper", start="10 Apr 2026, 07:00", end="10 Apr 2026, 08:00"),
    ]
    parsed = parse(hevy(*rows))
    assert [s.session.name for s in parsed.sessions] == ["Lower", "Upper"]
    assert [e.name for e in parsed.sessions[1].session.exercises] == ["Bench", "Row"]


@pytest.mark.parametrize(
    "start",
    ["9 Apr 2026, 17:18", "9 avr. 2026, 17:18", "9. Apr. 2026, 17:18", "9 Apr 2026, 5:18 PM"],
)
def test_hevy_start_times_are_local_to_the_athlete_in_any_common_spelling(start: str) -> None:
    session = parse(hevy(hevy_row("Squat", start=start))).sessions[0].session
    assert session.start == datetime(2026, 4, 9, 17, 18, tzinfo=BERLIN)


def test_hevy_duration_is_real_elapsed_time_across_a_clock_change() -> None:
    row = hevy_row("Squat", start="31 Mar 2024, 01:30", end="31 Mar 2024, 03:30")
    assert parse(hevy(row)).sessions[0].session.duration_min == 60


def test_a_hevy_workout_without_an_end_gets_an_estimated_duration_with_a_note() -> None:
    item = parse(hevy(hevy_row("Squat", end=""), hevy_row("Squat"))).sessions[0]
    assert item.session.duration_min == 6
    assert "duration estimated at 3 min per set (2 sets)" in item.notes


def test_a_hevy_workout_ending_nine_days_late_is_estimated_not_rejecting_the_export() -> None:
    late = {"title": "Legs", "start": "1 Apr 2026, 17:00", "end": "10 Apr 2026, 17:45"}
    parsed = parse(hevy(hevy_row("Squat", **late), hevy_row("Squat", **late), hevy_row("Bench")))
    legs, lower = parsed.sessions
    assert (legs.session.name, legs.session.duration_min) == ("Legs", 6)
    assert lower.session.duration_min == 47
    assert "duration estimated at 3 min per set (2 sets)" in legs.notes[0]
    assert "216.8 h is implausible" in legs.notes[0]


def test_a_hevy_workout_ending_before_it_started_is_estimated_with_a_note() -> None:
    row = hevy_row("Squat", start="9 Apr 2026, 18:00", end="9 Apr 2026, 17:00")
    (item,) = parse(hevy(row)).sessions
    assert item.session.duration_min == 3
    assert item.notes[0] == (
        "a logged duration of -1.0 h is implausible: duration estimated at 3 min per set (1 sets)"
    )


def test_the_estimate_uses_the_load_models_minutes_per_set() -> None:
    from runready.core import load
    from runready.importers import csv_strength

    assert csv_strength.MINUTES_PER_SET is load.MINUTES_PER_SET


# --- Strong ----------------------------------------------------------------------------


def test_strong_durations_in_text_and_the_app_unit_from_the_argument() -> None:
    rows = [
        "2021-02-10 16:46:13,Push,1h 50m,Bench Press (Barbell),1,100,5,0,0,,,",
        "2021-02-12 18:00:00,Pull,38min,Deadlift (Barbell),1,225,5,0,0,,,8",
    ]
    parsed = parse("\n".join([STRONG_HEADER, *rows]), unit="lb")
    push, pull = (s.session for s in parsed.sessions)
    assert push.duration_min == 110
    assert pull.duration_min == 38
    assert push.exercises[0].sets[0].weight_kg == pytest.approx(100 * LB)
    deadlift = pull.exercises[0].sets[0]
    assert (deadlift.reps, deadlift.rpe) == (5, 8)
    assert deadlift.weight_kg == pytest.approx(225 * LB)


def test_the_semicolon_strong_export_with_units_in_the_header_is_read() -> None:
    legs = '"1";"2026-08-01 09:00:00";"Legs";"3480";'
    rows = [
        legs + '"Squat (Barbell)";"W";"95";"8";"";"";"";"";""',
        legs + '"Squat (Barbell)";"1";"225";"5";"8,5";"";"";"";""',
        legs + '"Squat (Barbell)";"Rest Timer";"";"";"";"";"120";"";""',
        legs + '"Squat (Barbell)";"Note";"";"";"";"";"";"belt";""',
        legs + '"Leg Press";"F";"402,5";"10";"";"";"";"";""',
        '"2";"2026-08-03 07:00:00";"Cardio";"1800";"Running";"1";"";"";"";"5000";"1500";"";""',
    ]
    parsed = parse("\n".join([STRONG_6_HEADER.format(unit="lbs"), *rows]), unit="kg")
    assert parsed.format == "strong"
    assert parsed.notes == ("1 workouts without strength sets (cardio only) left out",)
    item = parsed.sessions[0]
    assert item.session.duration_min == 58
    squat, press = item.session.exercises
    (squat_set,) = squat.sets
    assert (squat_set.reps, squat_set.rpe) == (5, 8.5)
    assert squat_set.weight_kg == pytest.approx(225 * LB)
    assert press.sets[0].weight_kg == pytest.approx(402.5 * LB)
    assert "1 warm-up sets left out" in item.notes


def test_a_strong_workout_without_a_duration_is_estimated_at_three_minutes_a_set() -> None:
    rows = [f"2021-02-10 16:46:13,Push,,Bench Press (Barbell),{i},60,8,0,0,,," for i in (1, 2, 3)]
    item = parse("\n".join([STRONG_HEADER, *rows])).sessions[0]
    assert item.session.duration_min == 9
    assert "duration estimated at 3 min per set (3 sets)" in item.notes


def test_a_strong_workout_logged_as_lasting_ten_days_is_estimated_from_its_sets() -> None:
    rows = [f"2021-02-10 16:46:13,Push,240h,Bench Press (Barbell),{i},60,8,0,0,,," for i in (1, 2)]
    rows.append("2021-02-12 18:00:00,Pull,38min,Deadlift (Barbell),1,100,5,0,0,,,")
    push, pull = parse("\n".join([STRONG_HEADER, *rows])).sessions
    assert (push.session.duration_min, pull.session.duration_min) == (6, 38)
    assert push.notes[0] == (
        "a logged duration of 240.0 h is implausible: duration estimated at 3 min per set (2 sets)"
    )


# --- FitNotes --------------------------------------------------------------------------


def test_fitnotes_2017_export_in_pounds_starts_at_noon_and_estimates_its_duration() -> None:
    text = "\n".join(
        [
            "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time",
            "2017-01-03,Flat Barbell Bench Press,Chest,135.0,8,,,",
            "2017-01-03,Flat Barbell Bench Press,Chest,135.0,6,,,",
            "2017-01-03,Barbell Squat,Legs,185.0,5,,,",
            "2017-01-03,Treadmill,Cardio,,,2.0,mi,0:20:00",
            "2017-01-05,Plank,Abs,,,,,0:01:00",
        ]
    )
    parsed = parse(text, unit="kg")
    assert parsed.format == "fitnotes"
    day1, day2 = parsed.sessions
    assert day1.session.start == datetime(2017, 1, 3, 12, tzinfo=BERLIN)
    assert day1.session.duration_min == 9
    assert day1.session.name == "Chest / Legs / Cardio"
    assert day1.session.exercises[0].sets[0].weight_kg == pytest.approx(135 * LB)
    assert [e.name for e in day1.session.exercises] == ["Flat Barbell Bench Press", "Barbell Squat"]
    assert "FitNotes logs dates only: start set to 12:00 local time" in day1.notes
    assert "1 cardio rows left out (not strength sets)" in day1.notes
    assert day2.session.exercises[0].sets == (ExerciseSet(duration_s=60.0),)


def test_fitnotes_2025_export_reads_the_unit_of_each_row() -> None:
    text = "\n".join(
        [
            "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment",
            '2025-12-23,Bench Press,Chest,80.0,kgs,5,,,,""',
            '2025-12-23,Curl,Arms,30.0,lbs,10,,,,""',
        ]
    )
    sets = [e.sets[0].weight_kg for e in parse(text, unit="lb").sessions[0].session.exercises]
    assert sets == [80.0, pytest.approx(30 * LB)]


# --- What is not a strength log, and what is broken -------------------------------------


def test_a_strava_activities_index_is_skipped_with_a_pointer_to_the_whole_export() -> None:
    with pytest.raises(ImportSkipped) as skipped:
        parse("Activity ID,Activity Date,Activity Name,Activity Type\n1,x,y,Run\n")
    assert str(skipped.value) == "Strava export index: import the whole export folder or zip"


def test_an_unknown_csv_is_skipped_naming_its_columns() -> None:
    with pytest.raises(ImportSkipped, match=r"CSV with columns a, b, c\.\.\.: not a Hevy, Strong"):
        parse("a,b,c\n1,2,3\n")


def test_an_empty_file_is_skipped() -> None:
    with pytest.raises(ImportSkipped, match="empty CSV"):
        parse("")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (hevy_row("Squat", weight="heavy"), r"row 2, column 'weight_kg': not a number: 'heavy'"),
        (hevy_row("Squat", reps="5.5"), r"row 2, column 'reps': not a whole number"),
        (hevy_row("Squat", rpe="11"), r"row 2, column 'rpe': must be between 0 and 10"),
        (hevy_row("Squat", weight="nan"), r"row 2, column 'weight_kg': not a finite number"),
        (hevy_row("Squat", start="yesterday"), r"row 2, column 'start_time': a time like"),
        (hevy_row("Squat", start="31 Feb 2026, 10:00"), r"row 2, column 'start_time': not a real"),
        (hevy_row(""), r"row 2, column 'exercise_title': empty exercise name"),
    ],
)
def test_a_malformed_hevy_row_is_rejected_naming_its_row_and_column(row: str, message: str) -> None:
    with pytest.raises(ImportRejected, match=message):
        parse(hevy(hevy_row("Squat"), row).replace(hevy_row("Squat") + "\n", "", 1))


def test_a_malformed_strong_row_is_rejected_naming_its_row_and_column() -> None:
    rows = [
        "2021-02-10 16:46:13,Push,1h,Bench Press (Barbell),1,60,8,0,0,,,",
        "2021-02-10 16:46:13,Push,1h,Bench Press (Barbell),2,60,8,0,0,,,",
        "2021-13-10 16:46:13,Legs,1h,Squat (Barbell),1,60,8,0,0,,,",
    ]
    with pytest.raises(ImportRejected, match=r"row 4, column 'Date': a date like"):
        parse("\n".join([STRONG_HEADER, *rows]))
    with pytest.raises(ImportRejected, match=r"row 2, column 'Duration': a duration like"):
        parse("\n".join([STRONG_HEADER, rows[0].replace(",1h,", ",ages,")]))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (hevy(hevy_row("Squat", start="1 Jan 0001, 00:10")), r"row 2, column 'start_time'"),
        (hevy(hevy_row("Squat", end="31 Dec 9999, 23:59")), r"row 2, column 'end_time'"),
        (hevy(hevy_row("Squat", start="0001-01-01T00:10:00")), r"row 2, column 'start_time'"),
        (
            "\n".join([STRONG_HEADER, "0001-01-01 00:10:00,Legs,1h,Squat (Barbell),1,60,8,0,0,,,"]),
            r"row 2, column 'Date'",
        ),
        (
            "\n".join([STRONG_HEADER, "9999-12-31,Legs,1h,Squat (Barbell),1,60,8,0,0,,,"]),
            r"row 2, column 'Date'",
        ),
        (
            "Date,Exercise,Category,Weight (kgs),Reps\n0001-01-01,Squat,Legs,100,5\n",
            r"row 2, column 'Date'",
        ),
    ],
)
def test_a_date_in_the_year_1_or_9999_is_rejected_naming_its_row_and_column(
    text: str, message: str
) -> None:
    # Berlin's offset in year 1 is +00:53 (local mean time): shifting it would overflow.
    with pytest.raises(ImportRejected, match=message + r": the year (1|9999) is out of range"):
        parse(text)


def test_a_runaway_field_is_rejected_not_a_traceback() -> None:
    with pytest.raises(ImportRejected, match="unreadable CSV"):
        parse(hevy(hevy_row("x" * 200_000)))


def test_binary_data_is_rejected_and_windows_1252_text_is_read_with_a_note() -> None:
    with pytest.raises(ImportRejected, match="binary data"):
        parse_strength_csv(b"\xff\xfe\x00\x01", BERLIN)
    legacy = "\n".join([STRONG_HEADER, "2021-02-10 16:46:13,Brust,1h,Bankdrücken,1,60,8,0,0,,,"])
    parsed = parse_strength_csv(legacy.encode("cp1252"), BERLIN)
    assert parsed.sessions[0].session.exercises[0].name == "Bankdrücken"
    assert parsed.notes == ("read as Windows-1252 text, not UTF-8",)


def test_an_unknown_weight_unit_setting_is_refused() -> None:
    with pytest.raises(InvalidInput, match="weight_unit"):
        parse(hevy(hevy_row("Squat")), unit="stone")


def test_start_times_carry_the_athletes_time_zone() -> None:
    utc_minus_5 = timezone(timedelta(hours=-5))
    session = parse(hevy(hevy_row("Squat")), tz=utc_minus_5).sessions[0].session
    assert session.start.utcoffset() == timedelta(hours=-5)


# --- Mutation fuzz -------------------------------------------------------------------------

SEED = 20261121
VARIANTS = 1000
SPLICES = [
    b",", b";", b'"', b'""', b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b"\xef\xbb\xbf", b"NaN",
    b"inf", b"-1", b"1e999", b"1e308", b"0", b"99999999", b"W", b"warmup", b"Rest Timer", b"lbs",
    b"31 Feb 2026, 10:00", b"2021-13-40 25:61:00", b"9 Xyz 2026, 17:18", b"999h 99m",
    b"=cmd|' /C calc'!A0",
]  # fmt: skip


def csv_seeds(shared: Path) -> list[bytes]:
    """Return the heads of the two real exports and one file of each other dialect."""
    heads = [b"\n".join(sample(shared, name).split(b"\n")[:60]) for name in (HEVY, STRONG)]
    strong6 = "\n".join(
        [
            STRONG_6_HEADER.format(unit="kg"),
            '"1";"2026-08-01 09:00:00";"Legs";"3480";"Squat";"W";"40";"8";"";"";"";"";""',
            '"1";"2026-08-01 09:00:00";"Legs";"3480";"Squat";"1";"62,5";"5";"8";"";"";"";""',
        ]
    )
    fitnotes = "\n".join(
        [
            "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment",
            '2025-12-23,Bench Press,Chest,80.0,kgs,5,,,,""',
            "2025-12-23,Plank,Abs,,,,,,0:01:00,",
            "2025-12-24,Rowing Machine,Cardio,,,,2000,m,0:08:00,",
        ]
    )
    return [*heads, strong6.encode(), fitnotes.encode()]


def mutate(base: bytes, rng: random.Random) -> bytes:
    data = bytearray(base)
    how = rng.randrange(5)
    if how == 0:
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif how == 1:
        del data[rng.randrange(len(data)) :]
    elif how in (2, 3):
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(data) + 1)
            data[at:at] = rng.choice(SPLICES)
    else:
        at = rng.randrange(len(data))
        del data[at : at + rng.randint(1, 300)]
    return bytes(data)


def test_a_thousand_mutated_csv_files_fail_only_with_import_errors_and_quickly(
    shared: Path,
) -> None:
    seeds = csv_seeds(shared)
    rng = random.Random(SEED)
    failures: list[str] = []
    slowest = 0.0
    outcomes: Counter[str] = Counter()
    for n in range(VARIANTS):
        data = mutate(seeds[n % len(seeds)], rng)
        began = time.perf_counter()
        try:
            parsed = parse_strength_csv(data, BERLIN, rng.choice(["kg", "lb"]))
        except (ImportRejected, ImportSkipped) as exc:
            outcomes[type(exc).__name__] += 1
            assert str(exc)
        except Exception as exc:  # noqa: BLE001 - the point is to catch anything else
            failures.append(f"{n}: {type(exc).__name__}: {exc}")
        else:
            outcomes["parsed"] += 1
            assert all(s.session.type is SessionType.STRENGTH for s in parsed.sessions)
        slowest = max(slowest, time.perf_counter() - began)
    assert failures == []
    assert slowest < 2.0
    assert outcomes["parsed"] and outcomes["ImportRejected"] and outcomes["ImportSkipped"], outcomes


# Fitbod and Alpha Progression: fixtures written by hand from their documented export layouts.
FITBOD_HEADER = (
    "Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,"
    "multiplier"
)
FITBOD = (
    FITBOD_HEADER
    + """
2026-03-06 18:10:00 +0000,Barbell Back Squat,5,100.0,0.0,0.0,0.0,0.0,false,,1.0
2026-03-06 18:10:00 +0000,Barbell Back Squat,5,105.0,0.0,0.0,0.0,0.0,false,,1.0
2026-03-04 18:02:11 +0000,Barbell Bench Press,10,40.0,0.0,0.0,0.0,0.0,true,,1.0
2026-03-04 18:02:11 +0000,Barbell Bench Press,8,62.5,0.0,0.0,0.0,0.0,false,,1.0
2026-03-04 18:02:11 +0000,Dumbbell Row,10,22.5,0.0,0.0,0.0,0.0,false,,2.0
2026-03-04 18:40:00 +0000,Plank,0,0.0,60.0,0.0,0.0,0.0,false,,1.0
2026-03-04 18:45:00 +0000,Treadmill,0,0.0,900.0,2500.0,1.0,0.0,false,,1.0
"""
)

ALPHA = """"Legs · Day 2 · Week 4 · Push-Pull-Legs";"2026-02-19 4:54 h";"1:02 hr"
"1. Hack Squats · Machine · 8 reps";"WU1 · 37,5 kg · 9 reps<br>WU2 · 72,5 kg · 7 reps"
#;KG;REPS;RIR
1;115;8;1
2;102,5;10;0,5
"2. Hyperextensions on Roman Chair · Bodyweight · 10 reps";"WU1 · +0 kg · 8 reps"
#;KG;REPS;RIR
1;+35;10;0
2;+0;12;1
3;-;-;-

"Push · Day 1 · Week 4 · Push-Pull-Legs";"2026-02-17 17:04 h";"1:12 hr"
"1. Bench Press · Barbell · 6 reps · 2 dropsets"
#;KG;REPS;RIR
1;100;6+;0
"""


def test_fitbod_rows_close_in_time_become_one_workout_in_kilograms_without_warm_ups():
    parsed = parse(FITBOD, unit="lb")
    assert parsed.format == "fitbod"
    first, second = (item.session for item in parsed.sessions)
    assert first.start == datetime(2026, 3, 4, 19, 2, 11, tzinfo=BERLIN)
    assert [e.name for e in first.exercises] == ["Barbell Bench Press", "Dumbbell Row", "Plank"]
    bench, row, plank = first.exercises
    assert bench.sets == (ExerciseSet(reps=8, weight_kg=62.5),)  # the warm-up is left out
    assert row.sets == (ExerciseSet(reps=10, weight_kg=22.5),)
    assert plank.sets == (ExerciseSet(duration_s=60.0),)
    notes = parsed.sessions[0].notes
    assert "1 warm-up sets left out" in notes
    assert "1 cardio rows left out (not strength sets)" in notes
    assert [(s.reps, s.weight_kg) for s in second.exercises[0].sets] == [(5, 100.0), (5, 105.0)]
    assert parsed.sessions[0].external_id != parsed.sessions[1].external_id


def test_fitbod_names_resolve_in_the_exercise_catalogue():
    from runready.core.exercises import resolve

    parsed = parse(FITBOD)
    names = {e.name for item in parsed.sessions for e in item.session.exercises}
    assert {n: getattr(resolve(n), "name", None) for n in names} == {
        "Barbell Back Squat": "Back Squat",
        "Barbell Bench Press": "Bench Press",
        "Dumbbell Row": "Dumbbell Row",
        "Plank": "Plank",
    }


def test_fitbod_bad_reps_name_the_row_and_column():
    broken = FITBOD.replace("Dumbbell Row,10,", "Dumbbell Row,ten,")
    with pytest.raises(ImportRejected, match=r"row 6, column 'Reps': not a number"):
        parse(broken)


def test_alpha_progression_blocks_become_sessions_with_sets_rir_and_added_load():
    parsed = parse(ALPHA)
    assert parsed.format == "alpha"
    push, legs = (item.session for item in parsed.sessions)
    assert legs.start == datetime(2026, 2, 19, 4, 54, tzinfo=BERLIN)
    assert legs.duration_min == 62.0 and legs.name == "Legs · Day 2 · Week 4 · Push-Pull-Legs"
    hack, hyper = legs.exercises
    assert hack.name == "Hack Squats (Machine)"
    assert hack.sets == (
        ExerciseSet(reps=8, weight_kg=115.0, rir=1.0),
        ExerciseSet(reps=10, weight_kg=102.5, rir=0.5),
    )
    assert hyper.sets == (
        ExerciseSet(reps=10, weight_kg=35.0, rir=0.0),
        ExerciseSet(reps=12, rir=1.0),
    )
    legs_notes = parsed.sessions[1].notes
    assert "3 warm-up sets left out" in legs_notes
    assert "1 empty sets left out (no reps, no time)" in legs_notes
    assert push.exercises[0].name == "Bench Press (Barbell)"
    assert push.exercises[0].sets == (ExerciseSet(reps=6, weight_kg=100.0, rir=0.0),)
    assert push.duration_min == 72.0


def test_alpha_progression_in_pounds_is_converted_to_kilograms():
    pounds = ALPHA.replace("#;KG;REPS;RIR", "#;LB;REPS;RIR")
    legs = parse(pounds).sessions[1].session
    assert legs.exercises[0].sets[0].weight_kg == pytest.approx(115 * LB)


def test_alpha_progression_with_a_broken_set_names_the_line():
    with pytest.raises(ImportRejected, match=r"line 4: not a set"):
        parse(ALPHA.replace("1;115;8;1", "1;heavy;8;1"))


def test_alpha_progression_reaches_the_strength_reader_through_dispatch():
    from runready.importers.dispatch import parse_bytes

    result = parse_bytes("alpha.csv", ALPHA.encode(), BERLIN)
    assert result.outcome == "parsed" and result.parsed is not None
    assert result.parsed.format == "alpha" and len(result.parsed.sessions) == 2
