"""Accounts: setup once, sign-in, CSRF, API keys, rate limits, password change, export, erasure."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from api_support import PASSWORD, Client, client_of, sign_in


def test_setup_is_needed_until_the_first_account_exists_and_runs_only_once(app: Any) -> None:
    http = client_of(app)
    assert http.get("/api/v1/setup").json() == {"needed": True}
    body = {"username": "ana", "password": PASSWORD, "timezone": "Europe/Berlin"}
    first = http.post("/api/v1/setup", json=body)
    assert first.status_code == 201
    assert first.json()["user"]["admin"] is True
    assert http.get("/api/v1/setup").json() == {"needed": False}
    again = client_of(app).post("/api/v1/setup", json={**body, "username": "eve"})
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"


def test_setup_refuses_a_short_password_naming_the_field(app: Any) -> None:
    answer = client_of(app).post("/api/v1/setup", json={"username": "ana", "password": "short"})
    assert answer.status_code == 422
    assert answer.json()["field"] == "password"


def test_setup_and_new_accounts_refuse_an_unknown_time_zone_naming_the_field(app: Any) -> None:
    http = client_of(app)
    body = {"username": "ana", "password": PASSWORD, "timezone": "Nowhere/Land"}
    answer = http.post("/api/v1/setup", json=body)
    assert answer.status_code == 422
    assert answer.json()["field"] == "timezone"
    assert http.get("/api/v1/setup").json() == {"needed": True}
    made = http.post("/api/v1/setup", json={**body, "timezone": "Europe/Oslo"})
    ana = Client(http, made.json()["csrf_token"], "ana")
    refused = ana.post("/api/v1/users", json={**body, "username": "bo"})
    assert refused.status_code == 422
    assert refused.json()["field"] == "timezone"
    assert [u["username"] for u in ana.get("/api/v1/users").json()] == ["ana"]


def test_the_demo_athlete_lives_in_the_time_zone_of_the_users_own_athlete(app: Any) -> None:
    http = client_of(app)
    body = {"username": "ana", "password": PASSWORD, "timezone": "America/Chicago"}
    ana = Client(http, http.post("/api/v1/setup", json=body).json()["csrf_token"], "ana")
    demo = ana.post("/api/v1/demo")
    assert demo.status_code == 201
    assert demo.json()["demo"] is True
    assert demo.json()["timezone"] == "America/Chicago"
    assert ana.post("/api/v1/demo").status_code == 422  # one per account


def test_the_session_cookie_is_http_only_secure_and_same_site(app: Any) -> None:
    answer = client_of(app).post("/api/v1/setup", json={"username": "ana", "password": PASSWORD})
    cookie = answer.headers["set-cookie"].lower()
    assert "rr_session=" in cookie
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie


def test_a_write_without_the_csrf_token_is_refused_and_changes_nothing(owner: Client) -> None:
    me = owner.get("/api/v1/me").json()
    athlete = me["athletes"][0]["id"]
    bare = owner.http.post(f"/api/v1/athletes/{athlete}/checkins", json={"soreness": 8})
    assert bare.status_code == 403
    wrong = owner.http.post(
        f"/api/v1/athletes/{athlete}/checkins",
        json={"soreness": 8},
        headers={"x-csrf-token": "not-the-token"},
    )
    assert wrong.status_code == 403
    assert owner.get(f"/api/v1/athletes/{athlete}/checkins").json() == []


def test_an_api_key_works_without_cookies_and_stops_working_once_revoked(
    app: Any, owner: Client
) -> None:
    made = owner.post("/api/v1/keys", json={"name": "script"})
    assert made.status_code == 201
    key = made.json()["key"]
    assert key.startswith("rr_")
    script = client_of(app)
    bearer = {"authorization": f"Bearer {key}"}
    assert script.get("/api/v1/me", headers=bearer).json()["user"]["username"] == "ana"
    listed = owner.get("/api/v1/keys").json()
    assert [k["name"] for k in listed] == ["script"]
    assert all(key not in str(k) for k in listed)
    assert owner.delete(f"/api/v1/keys/{made.json()['id']}").status_code == 204
    assert script.get("/api/v1/me", headers=bearer).status_code == 401


@pytest.mark.usefixtures("owner")
def test_wrong_passwords_are_rate_limited_even_for_the_right_password(app: Any) -> None:
    http = client_of(app)
    for _ in range(10):
        wrong = http.post("/api/v1/session", json={"username": "ana", "password": "wrong pass!"})
        assert wrong.status_code == 401
    blocked = http.post("/api/v1/session", json={"username": "ana", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "try again in" in blocked.json()["detail"]


@pytest.mark.usefixtures("owner")
def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(app: Any) -> None:
    http = client_of(app)
    unknown = http.post("/api/v1/session", json={"username": "nobody", "password": PASSWORD})
    wrong = http.post("/api/v1/session", json={"username": "ana", "password": "wrong pass!"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json()["detail"] == wrong.json()["detail"]


def test_changing_the_password_ends_other_sessions_and_keeps_this_one(
    app: Any, owner: Client
) -> None:
    other = sign_in(app, "ana")
    changed = owner.put(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "a brand new secret"},
    )
    assert changed.status_code == 204
    assert owner.get("/api/v1/me").status_code == 200
    assert other.get("/api/v1/me").status_code == 401
    sign_in(app, "ana", "a brand new secret")


def test_signing_out_ends_the_session(owner: Client) -> None:
    assert owner.delete("/api/v1/session").status_code == 204
    assert owner.get("/api/v1/me").status_code == 401


def test_only_the_admin_creates_accounts_and_a_coach_admin_is_linked_to_new_athletes(
    app: Any,
) -> None:
    http = client_of(app)
    made = http.post(
        "/api/v1/setup", json={"username": "coach", "password": PASSWORD, "role": "coach"}
    )
    coach = Client(http, made.json()["csrf_token"], "coach")
    assert (
        coach.post(
            "/api/v1/users", json={"username": "bo", "password": PASSWORD, "role": "athlete"}
        ).status_code
        == 201
    )
    seen = coach.get("/api/v1/athletes").json()
    assert [(a["name"], a["access"]) for a in seen] == [("bo", "coach")]
    bo = sign_in(app, "bo")
    refused = bo.post("/api/v1/users", json={"username": "cy", "password": PASSWORD})
    assert refused.status_code == 403


def test_the_export_holds_every_record_and_every_original_file(app: Any, owner: Client) -> None:
    from api_support import athlete_id, run_jobs

    athlete = athlete_id(owner)
    gpx = (
        b'<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
        b"<trk><type>running</type><trkseg>"
        b'<trkpt lat="52.5" lon="13.4"><time>2026-11-01T08:00:00Z</time></trkpt>'
        b'<trkpt lat="52.51" lon="13.4"><time>2026-11-01T08:06:00Z</time></trkpt>'
        b'<trkpt lat="52.52" lon="13.4"><time>2026-11-01T08:12:00Z</time></trkpt>'
        b"</trkseg></trk></gpx>"
    )
    owner.post(f"/api/v1/athletes/{athlete}/imports", files=[("files", ("run.gpx", gpx))])
    run_jobs(app)
    owner.post(f"/api/v1/athletes/{athlete}/checkins", json={"soreness": 3})
    answer = owner.get("/api/v1/account/export")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    names = archive.namelist()
    assert "account.json" in names
    originals = [n for n in names if "/originals/" in n]
    assert len(originals) == 1 and archive.read(originals[0]) == gpx
    sessions = next(n for n in names if n.endswith("/sessions.json"))
    assert '"distance_km"' in archive.read(sessions).decode()
    assert "password_hash" not in archive.read("account.json").decode()
