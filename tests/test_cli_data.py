"""The command line over a real database: athletes, logging, check-ins, sessions, status."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest


def test_first_use_creates_a_default_athlete_and_athlete_sets_the_profile(cli):
    shown = json.loads(cli("athlete", "--json").stdout)
    assert shown["name"] == "me" and shown["default"] is True
    changed = json.loads(
        cli("athlete", "--goal", "running", "--age", "41", "--hr-max", "186", "--json").stdout
    )
    assert (changed["goal"], changed["age"], changed["hr_max"]) == ("running", 41, 186)
    assert changed["timezone"] == "Europe/Berlin"


def test_several_athletes_share_a_database_with_one_default(cli):
    cli("athlete", "--name", "ana", "--goal", "hypertrophy")
    cli("athlete", "--name", "ben", "--goal", "running", "--default")
    cli("log", "run", "--km", "5", "--athlete", "ana")
    listed = json.loads(cli("athlete", "--list", "--json").stdout)
    assert [(a["name"], a["default"]) for a in listed] == [("ben", True), ("ana", False)]
    assert json.loads(cli("sessions", "--json").stdout) == []
    assert len(json.loads(cli("sessions", "--athlete", "ana", "--json").stdout)) == 1


def test_logging_takes_seconds_with_sensible_defaults(cli):
    logged = json.loads(cli("log", "strength", "--json").stdout)
    assert (logged["type"], logged["focus"], logged["rpe"], logged["duration_min"]) == (
        "strength",
        "legs",
        7.0,
        60.0,
    )
    cli(
        "log",
        "strength",
        "--exercise",
        "Squat 5x5@100",
        "--exercise",
        "RDL 3x8@140lb rpe 8",
        "--at",
        "-30h",
        "--minutes",
        "70",
    )
    cli("log", "run", "--kind", "tempo", "--km", "10", "--minutes", "45", "--at", "-3d")
    cli("log", "walk", "--minutes", "50")
    sessions = json.loads(cli("sessions", "--json").stdout)
    assert [s["type"] for s in sessions] == ["run", "strength", "strength", "walk"]
    assert sessions[1]["sets"] == 8
    for item in sessions:
        assert {"id", "type", "start", "duration_min", "distance_km", "source"} <= set(item)
        assert item["start"][-6] in "+-"


def test_advice_from_the_database_follows_the_logged_leg_day(cli):
    cli("athlete", "--experience", "36")
    for day in ("2026-09-16", "2026-09-23"):
        cli("log", "strength", "--rpe", "6", "--at", f"{day}T07:00")
    cli("log", "strength", "--rpe", "8", "--minutes", "60", "--at", "2026-09-30T07:00")
    advice = json.loads(
        cli("advise", "--json", "--at", "2026-09-30T11:00", "--intent", "intervals:45:9").stdout
    )
    assert advice["verdict"] == "wait"
    assert advice["earliest"]["easy"] == "2026-09-30T14:00:00+02:00"
    assert advice["intent"][0]["allowed"] is False
    cli("checkin", "--soreness", "8", "--at", "2026-10-01T09:00")
    sore = json.loads(cli("advise", "--json", "--at", "2026-10-01T09:30").stdout)
    assert (sore["verdict"], sore["run"]["max_intensity"]) == ("alternative", "none")


def test_status_reports_fatigue_load_and_recent_volume(cli):
    cli("log", "strength", "--exercise", "Squat 5x5@100 rpe 8", "--at", "-5h")
    cli("log", "run", "--km", "8", "--minutes", "45", "--at", "-2d")
    status = json.loads(cli("status", "--json").stdout)
    assert status["muscles"]["quads"] > status["muscles"]["chest"]
    assert status["run_km_7d"] == 8.0 and status["strength_sets_7d"] == 5
    assert {"ctl", "atl", "tsb", "run_km_28d", "strength_sets_28d"} <= set(status)
    human = cli("status").stdout
    assert "Fatigue per muscle" in human and "km in 7 days" in human


def test_a_check_in_reports_regions_and_feel(cli):
    out = json.loads(
        cli(
            "checkin", "--quads", "6", "--calves", "2", "--sleep", "5", "--feel", "tired", "--json"
        ).stdout
    )
    assert out["soreness"] == {"calves": 2.0, "quads": 6.0}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("athlete", "--name", "x", "--hr-rest", "90", "--hr-max", "85"), "hr_max"),
        (("athlete", "--timezone", "Mars/Olympus"), "time zone"),
        (("log", "run", "--at", "yesterdayish"), "--at"),
        (("log", "strength", "--exercise", "Squat five by five"), "--exercise"),
        (("advise", "--intent", "sprintz"), "--intent"),
        (("sessions", "--athlete", "nobody"), "no athlete named"),
        (("sessions", "--since", "last week"), "--since"),
        (("plan", "--week", "2026-11-23"), "`runready availability mon 17:30-21:00`"),
        (("replan",), "`runready availability mon 17:30-21:00`"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_code_2(cli, args, needle):
    result = cli(*args, code=2)
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("log", "run", "--at", "0001-01-01T00:00"), "--at: the year 1 "),
        (("checkin", "--quads", "2", "--at", "9999-12-31T23:00"), "--at: the year 9999 "),
        (("advise", "--at", "9999-12-31T23:00"), "--at: the year 9999 "),
        (("sessions", "--since", "0001-01-01"), "--since: the year 1 "),
        (("sessions", "--until", "9999-12-31"), "--until: the year 9999 "),
        (("plan", "--week", "9999-12-31"), "--week: the year 9999 "),
        (("ics", "--since", "0001-01-01", "--out", "plan.ics"), "--since: the year 1 "),
    ],
)
def test_a_date_in_the_year_1_or_9999_is_one_clear_line_and_exit_code_2(cli, args, needle):
    result = cli(*args, code=2)
    assert f"error: {needle}is out of range (1900-2200)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_strava_index_with_rows_in_the_year_1_and_9999_imports_its_other_rows(cli, tmp_path):
    header = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Filename"
    rows = [
        '1,"Jan 1, 0001, 12:00:00 AM",Old,Run,1800,',
        '2,"Dec 31, 9999, 11:59:00 PM",Future,Run,1800,',
        "3,0001-01-01T00:30:00+01:00,Offset,Run,1800,",
        '4,"May 5, 2024, 8:00:00 AM",Real,Run,1800,',
    ]
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("activities.csv", "\n".join([header, *rows]))
    [report] = json.loads(cli("import", str(export), "--json").stdout)["files"]
    assert (report["outcome"], report["sessions_added"]) == ("imported", 1)
    assert "row 1 (activity 1) not imported: Activity Date: the year 1 is out" in report["reason"]
    assert "row 2 (activity 2) not imported: Activity Date: the year 9999" in report["reason"]
    assert "row 3 (activity 3) not imported: no readable Activity Date" in report["reason"]
    stored = json.loads(cli("sessions", "--json").stdout)
    assert [s["start"][:10] for s in stored] == ["2024-05-05"]


def test_logging_a_session_over_another_keeps_both_and_says_so(cli):
    cli("log", "strength", "--at", "-2h", "--minutes", "60")
    overlapping = cli("log", "run", "--at", "-90min", "--minutes", "40")
    assert "note: it overlaps" in overlapping.stderr and "--at" in overlapping.stderr
    later = cli("log", "run", "--at", "-30min", "--minutes", "20")
    assert "overlaps" not in later.stderr
    assert len(json.loads(cli("sessions", "--json").stdout)) == 3


def test_an_empty_calendar_export_says_how_to_plan(cli, tmp_path):
    written = cli("ics", "--out", str(tmp_path / "plan.ics"))
    assert "wrote 0 events" in written.stdout
    assert "runready plan --week" in written.stderr


def test_calendar_sets_reminders_that_the_ics_export_carries(cli, tmp_path):
    shown = json.loads(cli("calendar", "--alarms", "30,600", "--json").stdout)
    assert shown["alarms_min"] == [600, 30]
    cli("availability", "mon", "17:00-21:00")
    cli("template", "easy:1x40")
    today = date.today()
    cli("plan", "--week", (today + timedelta(days=7 - today.weekday())).isoformat())
    out = tmp_path / "plan.ics"
    cli("ics", "--out", str(out))
    body = out.read_text()
    assert body.count("BEGIN:VALARM") == 2 * body.count("BEGIN:VEVENT") > 0


def test_a_reminder_that_is_not_minutes_is_one_clear_line_and_changes_nothing(cli):
    cli("calendar", "--alarms", "45")
    result = cli("calendar", "--alarms", "soon", "--rotate", code=2)
    assert "alarms_min" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert json.loads(cli("calendar", "--json").stdout)["alarms_min"] == [45]


def test_plan_with_fit_writes_each_planned_run_as_a_workout_that_fitdecode_reads(cli, tmp_path):
    import fitdecode

    cli("availability", "mon", "17:00-21:00")
    cli("availability", "thu", "17:00-21:00")
    cli("template", "easy:1x40", "intervals:1x45")
    today = date.today()
    out = tmp_path / "watch"
    cli(
        "plan",
        "--week",
        (today + timedelta(days=7 - today.weekday())).isoformat(),
        "--fit",
        str(out),
    )
    files = sorted(out.glob("*.fit"))
    assert sorted(f.name.split("-")[4] for f in files) == ["easy", "intervals"]
    for path in files:
        with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.ENABLED) as reader:
            steps = [
                f
                for f in reader
                if isinstance(f, fitdecode.FitDataMessage) and f.name == "workout_step"
            ]
        assert steps and all(s.get_value("intensity") != "interval" for s in steps) == (
            "easy" in path.name
        )


def test_intervals_links_with_a_hidden_key_and_pushes_the_week_to_a_local_server(
    cli, database_url, tmp_path
):
    sys.path.insert(0, str(Path(__file__).parent / "sync"))
    from intervals_contract import Calendar, serving

    cli("availability", "mon", "17:00-21:00")
    cli("template", "easy:1x40")
    monday = date.today() + timedelta(days=7 - date.today().weekday())
    cli("plan", "--week", monday.isoformat())
    calendar = Calendar("i7", "secret-key")
    with serving(calendar) as url:
        env = {
            "RUNREADY_DATABASE_URL": database_url,
            "RUNREADY_HOME": str(tmp_path / "home"),
            "PATH": "/usr/bin:/bin",
            "TZ": "Europe/Berlin",
        }
        args = ["intervals", "--link", url, "--remote", "i7", "--week", monday.isoformat()]
        result = subprocess.run(
            [sys.executable, "-m", "runready", *args, "--json"],
            input="secret-key\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"upserted": 1, "deleted": 0}
    assert "secret-key" not in result.stdout + result.stderr
    (event,) = calendar.events.values()
    assert event["type"] == "Run" and event["start_date_local"].startswith(monday.isoformat())
