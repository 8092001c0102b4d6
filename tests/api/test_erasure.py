"""Erasure leaves nothing of the account behind, in any table, and touches no one else."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from api_support import PASSWORD, Client, athlete_id, client_of, run_jobs, sign_in


def _every_value(app: Any) -> list[str]:
    """Return every value of every row of every table, as text."""
    from runready.storage.tables import Base

    values = []
    with app.state.db.transaction() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table)):
                values += [str(value) for value in row]
    return values


def _fill_account(app: Any, client: Client) -> dict[str, str]:
    athlete = athlete_id(client)
    client.post(
        f"/api/v1/athletes/{athlete}/sessions",
        json={"type": "run", "start": "2026-01-05T18:00:00+01:00", "duration_min": 30},
    )
    client.post(f"/api/v1/athletes/{athlete}/checkins", json={"soreness": 4})
    gpx = b'<gpx version="1.1" creator="erase-me"><trk><trkseg></trkseg></trk></gpx>'
    client.post(f"/api/v1/athletes/{athlete}/imports", files=[("files", ("mine.gpx", gpx))])
    run_jobs(app)
    client.put(f"/api/v1/athletes/{athlete}/availability", json={"mon": ["17:00-20:00"]})
    key = client.post("/api/v1/keys", json={"name": "k"}).json()
    demo = client.post("/api/v1/demo").json()
    return {"athlete": athlete, "key": key["id"], "demo": demo["id"]}


def test_erasing_an_account_leaves_no_row_that_mentions_it(app: Any, owner: Client) -> None:
    admin_client = owner
    admin_client.post(
        "/api/v1/users", json={"username": "leaver", "password": PASSWORD, "role": "athlete"}
    )
    admin_client.post(
        "/api/v1/users", json={"username": "coachy", "password": PASSWORD, "role": "coach"}
    )
    from fastapi.testclient import TestClient

    typo = {"username": "leaver", "password": "not the password"}
    elsewhere = TestClient(app, base_url="https://testserver", client=("198.51.100.4", 1))
    assert elsewhere.post("/api/v1/session", json=typo).status_code == 401  # counted by name
    leaver = sign_in(app, "leaver")
    ids = _fill_account(app, leaver)
    leaver.post(f"/api/v1/athletes/{ids['athlete']}/coaches", json={"coach": "coachy"})
    kept = _fill_account(app, admin_client)
    user_id = leaver.get("/api/v1/me").json()["user"]["id"]
    before = _every_value(app)
    assert ids["athlete"] in before and user_id in before

    refused = leaver.post("/api/v1/account/erase", json={"password": "not the password"})
    assert refused.status_code == 403
    assert ids["athlete"] in _every_value(app)

    assert leaver.post("/api/v1/account/erase", json={"password": PASSWORD}).status_code == 204
    after = _every_value(app)
    for gone in (user_id, ids["athlete"], ids["demo"], ids["key"], "leaver"):
        assert not any(gone in value for value in after), gone
    assert not any("erase-me" in value for value in after)
    assert kept["athlete"] in after and kept["demo"] in after
    assert (
        client_of(app)
        .post("/api/v1/session", json={"username": "leaver", "password": PASSWORD})
        .status_code
        == 401
    )
    coach = sign_in(app, "coachy")
    assert coach.get("/api/v1/athletes").json() == []


def test_when_the_admin_leaves_the_oldest_remaining_account_becomes_admin(
    app: Any, owner: Client
) -> None:
    owner.post("/api/v1/users", json={"username": "bo", "password": PASSWORD})
    assert owner.post("/api/v1/account/erase", json={"password": PASSWORD}).status_code == 204
    bo = sign_in(app, "bo")
    assert bo.get("/api/v1/me").json()["user"]["admin"] is True
