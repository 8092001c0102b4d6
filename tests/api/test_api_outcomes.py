"""Run feedback, wellness, the calibration report and the switch through the API."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from api_support import PASSWORD, Client, athlete_id, sign_in


def _run(owner: Client, athlete: str, hours_ago: float, kind: str = "easy") -> str:
    start = (datetime.now(UTC) - timedelta(hours=hours_ago)).replace(microsecond=0)
    made = owner.post(
        f"/api/v1/athletes/{athlete}/sessions",
        json={"type": "run", "start": start.isoformat(), "duration_min": 40, "kind": kind},
    )
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def test_feedback_goes_on_the_latest_run_or_a_named_one(owner: Client) -> None:
    athlete = athlete_id(owner)
    url = f"/api/v1/athletes/{athlete}/feedback"
    assert owner.post(url, json={"legs": "fine"}).status_code == 422, "no run yet"
    first = _run(owner, athlete, 30)
    latest = _run(owner, athlete, 3)
    told = owner.post(url, json={"legs": "heavy", "rpe": 7})
    assert told.status_code == 201, told.text
    assert (told.json()["run_id"], told.json()["legs"], told.json()["rpe"]) == (latest, "heavy", 7)
    assert owner.post(url, json={"legs": "had_to_stop", "run_id": first}).status_code == 201
    listed = owner.get(url).json()
    assert [(f["run_id"], f["legs"]) for f in listed] == [(first, "had_to_stop"), (latest, "heavy")]


def test_bad_feedback_is_refused_with_the_field_named(owner: Client) -> None:
    athlete = athlete_id(owner)
    url = f"/api/v1/athletes/{athlete}/feedback"
    _run(owner, athlete, 3)
    wobbly = owner.post(url, json={"legs": "wobbly"})
    assert wobbly.status_code == 422 and "legs" in wobbly.text
    assert owner.post(url, json={"legs": "fine", "rpe": 12}).status_code == 422
    missing = owner.post(
        url, json={"legs": "fine", "run_id": "00000000-0000-7000-8000-000000000000"}
    )
    assert missing.status_code == 422 and "run" in missing.json()["detail"]


def test_wellness_is_recorded_listed_and_shown_among_the_signals(owner: Client) -> None:
    athlete = athlete_id(owner)
    url = f"/api/v1/athletes/{athlete}/wellness"
    made = owner.post(url, json={"hrv_rmssd_ms": 61, "hrv_sdnn_ms": 80, "sleep_h": 5.5})
    assert made.status_code == 201, made.text
    assert [w["hrv_sdnn_ms"] for w in owner.get(url).json()] == [80]
    advice = owner.get(f"/api/v1/athletes/{athlete}/advice").json()
    assert advice["run"]["max_intensity"] == "moderate", "a 5.5 h night lowers the day a level"
    signals = {item["signal"]: item for item in advice["signals"]["items"]}
    assert signals["sleep"]["says"] == "moderate" and signals["sleep"]["rules"] == ["R20"]
    assert signals["hrv"]["reading"]["sdnn_today_ms"] == 80
    assert advice["signals"]["settled_by"] == "sleep"
    assert advice["state"]["recovery_multiplier"] == 1.0
    future = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    assert owner.post(url, json={"at": future, "sleep_h": 7}).status_code == 422
    assert owner.post(url, json={}).status_code == 422


def test_the_calibration_report_and_the_switch(owner: Client) -> None:
    athlete = athlete_id(owner)
    report = owner.get(f"/api/v1/athletes/{athlete}/calibration")
    assert report.status_code == 200, report.text
    data = report.json()
    assert {"multiplier", "observations", "interval", "active"} <= set(data)
    assert (data["multiplier"], data["observations"], data["active"]) == (1.0, 0, False)
    assert data["record"]["sentence"] == "no run with feedback to judge yet"
    off = owner.patch(f"/api/v1/athletes/{athlete}", json={"calibrate": False})
    assert off.status_code == 200 and off.json()["calibrate"] is False
    assert owner.get(f"/api/v1/athletes/{athlete}/calibration").json()["enabled"] is False
    assert owner.patch(f"/api/v1/athletes/{athlete}", json={"calibrate": None}).status_code == 422


def test_a_linked_coach_sees_the_rate_and_the_hit_rate_on_the_board(
    app: Any, owner: Client
) -> None:
    from runready.services import advising

    athlete = athlete_id(owner)
    owner.post("/api/v1/users", json={"username": "cy", "password": PASSWORD, "role": "coach"})
    linked = owner.post(f"/api/v1/athletes/{athlete}/coaches", json={"coach": "cy"})
    assert linked.status_code in (200, 201), linked.text
    legs = (datetime.now(UTC) - timedelta(hours=41)).replace(microsecond=0)
    owner.post(
        f"/api/v1/athletes/{athlete}/sessions",
        json={"type": "strength", "start": legs.isoformat(), "duration_min": 60, "rpe": 8},
    )
    # The answer shown an hour after the session: easy from 6 h, quality from 48 h.
    advising.answer_at(app.state.db, uuid.UUID(athlete), legs + timedelta(hours=2), shown=True)
    easy = _run(owner, athlete, 10)  # allowed, and the legs felt fine: held
    hard = _run(owner, athlete, 5, "intervals")  # advised against, legs heavy: held
    for ran, felt in ((easy, "fine"), (hard, "heavy")):
        url = f"/api/v1/athletes/{athlete}/feedback"
        assert owner.post(url, json={"legs": felt, "run_id": ran}).status_code == 201
    coach = sign_in(app, "cy")
    seen = coach.get(f"/api/v1/athletes/{athlete}/calibration").json()
    assert seen["record"]["sentence"] == "the advice held on 2 of 2 runs"
    refused = coach.post(f"/api/v1/athletes/{athlete}/feedback", json={"legs": "fine"})
    assert refused.status_code in (403, 404)
    board = coach.get("/api/v1/coach").json()
    assert [(row["recovery_multiplier"], row["held"], row["runs"]) for row in board] == [
        (1.0, 2, 2)
    ]
