"""The command line's outcomes: feedback after a run, wellness, the calibration report."""

from __future__ import annotations

import json


def test_feedback_after_a_run_then_the_calibration_report(cli):
    cli("log", "strength", "--at", "-40h", "--rpe", "8", "--exercise", "Squat 5x5@100")
    cli("log", "run", "--kind", "intervals", "--minutes", "45", "--at", "-3h")
    told = json.loads(cli("feedback", "heavy", "--rpe", "8", "--json").stdout)
    assert (told["legs"], told["rpe"]) == ("heavy", 8)
    plain = cli("feedback", "fine", "--run", told["run_id"]).stdout
    assert plain.startswith("legs fine on the run of")
    report = json.loads(cli("calibration", "--json").stdout)
    assert {"multiplier", "observations", "interval", "active"} <= set(report)
    assert report["multiplier"] == 1.0 and report["active"] is False
    assert len(report["interval"]) == 2
    assert report["record"]["means"].startswith("a run held when")
    lines = cli("calibration").stdout.splitlines()
    assert lines[0].startswith("Still learning your recovery rate")


def test_feedback_refuses_what_is_not_a_run_in_plain_words(cli):
    refused = cli("feedback", "fine", code=2)
    assert "no run logged yet" in refused.stderr
    cli("log", "run", "--minutes", "30", "--at", "-2h")
    assert "not a session id" in cli("feedback", "fine", "--run", "last", code=2).stderr
    assert "wobbly" in cli("feedback", "wobbly", code=2).stderr


def test_wellness_and_the_switch(cli):
    shown = json.loads(
        cli("wellness", "--hrv", "58", "--rhr", "49", "--sleep", "5.5", "--json").stdout
    )
    assert (shown["hrv_rmssd_ms"], shown["resting_hr"], shown["sleep_h"]) == (58, 49, 5.5)
    advice = json.loads(cli("advise", "--json").stdout)
    assert advice["run"]["max_intensity"] == "moderate"
    assert advice["signals"]["settled_by"] == "sleep"
    assert "at least one reading" in cli("wellness", code=2).stderr
    off = json.loads(cli("athlete", "--no-calibrate", "--json").stdout)
    assert off["calibrate"] is False
    assert json.loads(cli("calibration", "--json").stdout)["enabled"] is False
