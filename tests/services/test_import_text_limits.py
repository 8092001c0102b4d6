"""Text the database columns cannot hold is cut at the importer boundary, on both databases.

PostgreSQL refused these files ("value too long for varchar", NUL in text) where SQLite took
them; each file now imports whole on both, with a note saying what was cut.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from builders import NOW
from runready.core.text_limits import (
    EXERCISE_NAME_MAX_CHARS,
    EXTERNAL_ID_MAX_CHARS,
    SESSION_NAME_MAX_CHARS,
    SPORT_MAX_CHARS,
)
from runready.services import importing
from runready.services.journal import sessions
from runready.storage.database import Database
from runready.storage.tables import SessionRow, SetRow
from store_support import me

HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"'
)
STRONG_HEADER = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";'
    '"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"'
)


def tcx(*ids: str) -> bytes:
    """Return a TCX file with one 30-minute run per Id, a day apart."""
    runs = "".join(
        f'<Activity Sport="Running"><Id>{text}</Id>'
        f'<Lap StartTime="2024-05-0{day}T07:00:00Z"><TotalTimeSeconds>1800</TotalTimeSeconds>'
        "<DistanceMeters>5000</DistanceMeters></Lap></Activity>"
        for day, text in enumerate(ids, 1)
    )
    return (
        '<?xml version="1.0"?><TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f"<Activities>{runs}</Activities></TrainingCenterDatabase>"
    ).encode()


def gpx(kind: str) -> bytes:
    """Return a GPX track of ``kind`` over ten minutes."""
    points = "".join(
        f'<trkpt lat="{52 + i / 1000:.3f}" lon="13.0">'
        f"<time>2024-05-09T07:{i:02d}:00Z</time></trkpt>"
        for i in range(11)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="test" '
        'xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><type>{kind}</type><trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


def hevy(*titles: str, exercise: str = "Squat (Barbell)") -> bytes:
    """Return a Hevy export with one workout per title, a day apart."""
    rows = [
        f'"{title}","{day} Apr 2026, 17:18","{day} Apr 2026, 18:05","","{exercise}",,"",0,'
        '"normal",100,5,,,8'
        for day, title in enumerate(titles, 1)
    ]
    return "\n".join([HEVY_HEADER, *rows]).encode()


def strong(*names: str) -> bytes:
    """Return a Strong 6 export with one workout per name, a day apart."""
    rows = [
        f'"{number}";"2026-03-{number:02d} 18:00:00";"{name}";"3600";"Squat (Barbell)";"1";'
        '"100";"5";"";"";"";"";""'
        for number, name in enumerate(names, 1)
    ]
    return "\n".join([STRONG_HEADER, *rows]).encode()


def garmin(name: str, kind: str) -> bytes:
    """Return a Garmin Connect activity list: an activity named ``name`` of ``kind``, a run."""
    records = [
        {
            "activityId": number,
            "activityName": title,
            "activityType": {"typeKey": sport},
            "startTimeGMT": f"2024-06-0{number} 06:00:00",
            "startTimeLocal": f"2024-06-0{number} 08:00:00",
            "duration": 1800.0,
            "distance": 5000.0,
        }
        for number, title, sport in ((1, name, kind), (2, "Easy run", "running"))
    ]
    return json.dumps(records).encode()


CASES = {
    "a TCX Id of 70 characters": ("long.tcx", tcx("x" * 70, "2024-05-02T07:00:00Z"), 2),
    "a GPX type of 80 characters": ("long.gpx", gpx("Trail" + "r" * 75), 1),
    "a Hevy title of 45 characters": ("hevy.csv", hevy("T" * 45, "Legs"), 2),
    "a Hevy title of 300 characters": ("hevy.csv", hevy("T" * 300, "Legs"), 2),
    "a Strong workout name of 40 characters": ("strong.csv", strong("S" * 40, "Legs"), 2),
    "a Strong workout name of 80 characters": ("strong.csv", strong("S" * 80, "Legs"), 2),
    "a NUL byte in a CSV title": ("nul.csv", hevy("Le\0gs", "Push"), 2),
    "a NUL byte in a CSV exercise": ("nul.csv", hevy("Legs", "Push", exercise="Squ\0at"), 2),
    "an exercise name of 250 characters": ("hevy.csv", hevy("Legs", exercise="E" * 250), 1),
    "a Garmin name with NUL and a lone surrogate, and a type of 70 characters": (
        "activities.json",
        garmin("Mor\0ning \ud800 run", "running_" + "t" * 62),
        2,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_file_with_text_too_long_or_with_nul_imports_every_session_on_both_databases(
    db: Database, tmp_path: Path, case: str
) -> None:
    name, data, count = CASES[case]
    path = tmp_path / name
    path.write_bytes(data)
    [report] = importing.import_paths(db, me(db), [path], NOW).files
    assert (report.outcome, report.sessions_added) == ("imported", count), report
    assert report.reason, "the file's result says what was cut or removed"
    assert len(sessions(db, me(db))) == count
    with db.transaction() as s:
        rows = s.execute(select(SessionRow.name, SessionRow.sport, SessionRow.external_id)).all()
        exercises = s.scalars(select(SetRow.exercise_name)).all()
    for text, limit in (
        *((row.name, SESSION_NAME_MAX_CHARS) for row in rows),
        *((row.sport, SPORT_MAX_CHARS) for row in rows),
        *((row.external_id, EXTERNAL_ID_MAX_CHARS) for row in rows),
        *((exercise, EXERCISE_NAME_MAX_CHARS) for exercise in exercises),
    ):
        assert text is None or (len(text) <= limit and "\0" not in text)


def test_two_long_ids_that_differ_only_past_the_cut_stay_different(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "same-title.csv"
    path.write_bytes(
        hevy(
            "Upper body and core, the long Tuesday version",
            "Upper body and core, the long Tuesday version",
        )
    )
    [report] = importing.import_paths(db, me(db), [path], NOW).files
    assert report.sessions_added == 2
    assert "an id cut to 64 characters, ending in a digest of the whole (2 sessions)" in (
        report.reason or ""
    )
    with db.transaction() as s:
        ids = s.scalars(select(SessionRow.external_id)).all()
    assert len(set(ids)) == 2 and all(len(i) == EXTERNAL_ID_MAX_CHARS for i in ids)
