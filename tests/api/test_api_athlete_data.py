"""Athletes, sessions, check-ins, advice, status and series through the API."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from api_support import Client, athlete_id

#: Yesterday at noon where the test athlete lives: a fixed moment for advice, in the past.
NOON = datetime.combine(date.today() - timedelta(days=1), time(12), ZoneInfo("Europe/Berlin"))


def _hours_ago(hours: float, now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)) - timedelta(hours=hours)
    return moment.replace(microsecond=0).isoformat()


def _leg_day(hours_ago: float, now: datetime | None = None) -> dict[str, Any]:
    return {
        "type": "strength",
        "start": _hours_ago(hours_ago, now),
        "duration_min": 60,
        "focus": "legs",
        "rpe": 8,
        "exercises": [
            {"name": "Squat (Barbell)", "sets": [{"reps": 5, "weight_kg": 100, "rpe": 8}] * 5}
        ],
    }


def test_a_new_athlete_may_run_and_a_very_sore_check_in_stops_the_run(owner: Client) -> None:
    athlete = athlete_id(owner)
    before = owner.get(f"/api/v1/athletes/{athlete}/advice").json()
    assert before["verdict"] == "go"
    sore = owner.post(f"/api/v1/athletes/{athlete}/checkins", json={"soreness": 8})
    assert sore.status_code == 201
    after = owner.get(f"/api/v1/athletes/{athlete}/advice").json()
    assert after["verdict"] == "alternative"
    assert after["run"]["max_intensity"] == "none"
    assert any(r["rule"] == "R7" for r in after["reasons"])


def test_a_logged_leg_session_caps_the_run_and_deleting_it_lifts_the_cap(owner: Client) -> None:
    athlete = athlete_id(owner)
    made = owner.post(f"/api/v1/athletes/{athlete}/sessions", json=_leg_day(4, NOON))
    assert made.status_code == 201, made.text
    assert made.json()["sets"] == 5
    url = f"/api/v1/athletes/{athlete}/advice"
    capped = owner.get(url, params={"at": NOON.isoformat()}).json()
    assert capped["verdict"] == "wait"
    six_hours_after_the_session = NOON - timedelta(hours=4) + timedelta(minutes=60 + 6 * 60)
    assert capped["earliest"]["easy"] == six_hours_after_the_session.isoformat()
    assert capped["earliest"]["hard"] > capped["at"]
    assert (
        owner.delete(f"/api/v1/athletes/{athlete}/sessions/{made.json()['id']}").status_code == 204
    )
    assert owner.get(url, params={"at": NOON.isoformat()}).json()["verdict"] == "go"


def test_advice_asked_about_an_intended_run_answers_for_it(owner: Client) -> None:
    athlete = athlete_id(owner)
    owner.post(f"/api/v1/athletes/{athlete}/sessions", json=_leg_day(2, NOON))
    answer = owner.post(
        f"/api/v1/athletes/{athlete}/advice",
        json={
            "at": NOON.isoformat(),
            "intent": [{"type": "run", "kind": "intervals", "duration_min": 45}],
        },
    )
    assert answer.status_code == 200
    check = answer.json()["intent"][0]
    assert check["kind"] == "intervals" and check["allowed"] is False
    assert check["allowed_from"] is not None


def test_advice_at_a_given_moment_is_the_same_on_every_ask(owner: Client) -> None:
    athlete = athlete_id(owner)
    owner.post(f"/api/v1/athletes/{athlete}/sessions", json=_leg_day(30))
    at = datetime.now(UTC).replace(microsecond=0).isoformat()
    first = owner.get(f"/api/v1/athletes/{athlete}/advice", params={"at": at})
    second = owner.get(f"/api/v1/athletes/{athlete}/advice", params={"at": at})
    assert first.status_code == 200
    assert first.json() == second.json()
    assert first.json()["at"] == at


def test_a_session_in_the_future_or_with_a_wrong_field_is_refused_naming_it(
    owner: Client,
) -> None:
    athlete = athlete_id(owner)
    future = {**_leg_day(0), "start": (datetime.now(UTC) + timedelta(days=1)).isoformat()}
    answer = owner.post(f"/api/v1/athletes/{athlete}/sessions", json=future)
    assert answer.status_code == 422
    assert answer.json()["field"] == "start"
    run_with_focus = {"type": "run", "start": _hours_ago(5), "duration_min": 30, "focus": "legs"}
    answer = owner.post(f"/api/v1/athletes/{athlete}/sessions", json=run_with_focus)
    assert answer.status_code == 422
    assert "focus" in answer.json()["detail"]
    unknown = {"type": "run", "start": _hours_ago(5), "duration_min": 30, "pace": 5}
    answer = owner.post(f"/api/v1/athletes/{athlete}/sessions", json=unknown)
    assert answer.status_code == 422
    assert answer.json()["field"] == "pace"
    assert owner.get(f"/api/v1/athletes/{athlete}/sessions").json() == []


def test_sessions_are_listed_oldest_first_within_the_asked_days(owner: Client) -> None:
    athlete = athlete_id(owner)
    for hours in (200, 50, 4):
        owner.post(
            f"/api/v1/athletes/{athlete}/sessions",
            json={"type": "run", "start": _hours_ago(hours), "duration_min": 30},
        )
    every = owner.get(f"/api/v1/athletes/{athlete}/sessions").json()
    assert len(every) == 3
    assert [s["start"] for s in every] == sorted(s["start"] for s in every)
    since = (datetime.now(UTC) - timedelta(days=3)).date().isoformat()
    recent = owner.get(f"/api/v1/athletes/{athlete}/sessions", params={"since": since}).json()
    assert len(recent) == 2


def test_a_check_in_per_muscle_is_stored_as_given(owner: Client) -> None:
    athlete = athlete_id(owner)
    answer = owner.post(
        f"/api/v1/athletes/{athlete}/checkins",
        json={"soreness": {"quads": 6, "calves": 2}, "sleep_h": 6, "feel": "tired"},
    )
    assert answer.status_code == 201
    stored = owner.get(f"/api/v1/athletes/{athlete}/checkins").json()
    assert stored[-1]["soreness"] == {"quads": 6.0, "calves": 2.0}
    assert stored[-1]["feel"] == "tired" and stored[-1]["sleep_h"] == 6.0


def test_the_profile_changes_the_policy_behind_the_advice(owner: Client) -> None:
    athlete = athlete_id(owner)
    changed = owner.patch(
        f"/api/v1/athletes/{athlete}", json={"policy": "conservative", "goal": "hypertrophy"}
    )
    assert changed.status_code == 200
    assert changed.json()["policy"] == "conservative"
    assert owner.get(f"/api/v1/athletes/{athlete}/advice").json()["policy"] == "conservative"
    bad = owner.patch(f"/api/v1/athletes/{athlete}", json={"timezone": "Mars/Olympus"})
    assert bad.status_code == 422 and bad.json()["field"] == "timezone"
    impossible = owner.patch(f"/api/v1/athletes/{athlete}", json={"hr_max": 120, "hr_rest": 130})
    assert impossible.status_code == 422
    assert owner.get(f"/api/v1/athletes/{athlete}").json()["hr_max"] is None


def test_status_and_series_describe_the_stored_training(owner: Client) -> None:
    athlete = athlete_id(owner)
    owner.post(f"/api/v1/athletes/{athlete}/sessions", json=_leg_day(20))
    owner.post(
        f"/api/v1/athletes/{athlete}/sessions",
        json={"type": "run", "start": _hours_ago(50), "duration_min": 40, "distance_km": 8},
    )
    status = owner.get(f"/api/v1/athletes/{athlete}/status").json()
    assert status["muscles"]["quads"] > 0
    assert status["run_km_7d"] == 8.0
    series = owner.get(f"/api/v1/athletes/{athlete}/series", params={"days": 14}).json()
    assert len(series["days"]) == len(series["ctl"]) == len(series["tsb"]) == 14
    assert sum(series["run_km"]) == 8.0
    assert sum(series["sets"]) > 0


def test_the_demo_athlete_is_marked_has_history_and_goes_in_one_request(owner: Client) -> None:
    made = owner.post("/api/v1/demo")
    assert made.status_code == 201
    demo = made.json()
    assert demo["demo"] is True and demo["name"].startswith("Demo")
    assert len(owner.get(f"/api/v1/athletes/{demo['id']}/sessions").json()) > 40
    assert owner.post("/api/v1/demo").status_code == 422
    assert owner.delete(f"/api/v1/athletes/{demo['id']}").status_code == 204
    assert owner.get(f"/api/v1/athletes/{demo['id']}").status_code == 404
    own = athlete_id(owner)
    assert owner.delete(f"/api/v1/athletes/{own}").status_code == 409


def test_renaming_to_a_name_in_use_is_refused_naming_the_field_and_changes_nothing(
    owner: Client,
) -> None:
    demo = owner.post("/api/v1/demo").json()
    athlete = athlete_id(owner)
    before = owner.get(f"/api/v1/athletes/{athlete}").json()["name"]
    taken = owner.patch(f"/api/v1/athletes/{athlete}", json={"name": demo["name"]})
    assert taken.status_code == 422 and taken.json()["field"] == "name"
    assert owner.get(f"/api/v1/athletes/{athlete}").json()["name"] == before
    kept = owner.patch(f"/api/v1/athletes/{athlete}", json={"name": f" {before} "})
    assert kept.status_code == 200 and kept.json()["name"] == before


def test_advice_answers_the_what_ifs_asked_in_the_query_and_in_the_body(owner: Client) -> None:
    athlete = athlete_id(owner)
    logged = owner.post(f"/api/v1/athletes/{athlete}/sessions", json=_leg_day(5))
    assert logged.status_code == 201, logged.text
    in_three_days = (datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=3)).strftime("%a")
    asked = owner.get(
        f"/api/v1/athletes/{athlete}/advice",
        params={"keep": f"{in_three_days.lower()} 12:00 tempo 40", "when": "intervals 45"},
    )
    assert asked.status_code == 200, asked.text
    data = asked.json()
    assert data["keep"]["run"]["kind"] == "tempo" and data["keep"]["max_hard_sets"] is not None
    assert data["when"]["at"] == data["earliest"]["hard"]
    start = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0).isoformat()
    posted = owner.post(
        f"/api/v1/athletes/{athlete}/advice",
        json={"keep": {"kind": "intervals", "duration_min": 45, "start": start}},
    ).json()
    assert posted["keep"]["max_hard_sets"] > 12  # three days ahead: a heavy session fits


def test_a_what_if_that_cannot_be_read_is_a_422_naming_it(owner: Client) -> None:
    athlete = athlete_id(owner)
    answer = owner.get(f"/api/v1/athletes/{athlete}/advice", params={"keep": "never intervals"})
    assert answer.status_code == 422
    assert "keep" in answer.text
