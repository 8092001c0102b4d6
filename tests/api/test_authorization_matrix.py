"""Every route × every kind of caller: nobody gets through where the route's declaration says no.

The route table is read from the app itself, so a new route without a declared access level or
without an example request fails here. Each restricted route is also called by someone who is
allowed, to prove the example request is valid (a denial of a malformed request proves nothing).
A negative control removes one check and expects the matrix to notice.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from api_support import PASSWORD, make_app
from runready.http import deps
from runready.http.access import Level, level_of
from runready.services import access, coaching, signin
from runready.web import common

ANONYMOUS, OTHER, COACH, STRANGER_COACH, OWNER = (
    "anonymous",
    "other athlete",
    "linked coach",
    "unlinked coach",
    "owner",
)
SUBJECTS = (ANONYMOUS, OTHER, COACH, STRANGER_COACH, OWNER)
ALLOWED = {
    Level.PUBLIC: set(SUBJECTS),
    Level.USER: {OTHER, COACH, STRANGER_COACH, OWNER},
    Level.ADMIN: set(),
    Level.ATHLETE: {COACH, OWNER},
    Level.OWNER: {OWNER},
}
ACCOUNTS = {OTHER: "bo", COACH: "cy", STRANGER_COACH: "di", OWNER: "ana"}


@dataclass
class World:
    """The accounts, the owner's athlete and the things routes act on."""

    app: Any
    clients: dict[str, Any] = field(default_factory=dict)
    csrf: dict[str, str] = field(default_factory=dict)
    athlete: str = ""
    job: str = ""
    admin_key: str = ""
    counter: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def db(self) -> Any:
        return self.app.state.db

    def principal(self, username: str) -> Any:
        from runready.services import accounts

        return next(u for u in accounts.users(self.db, self.admin) if u.username == username)

    @property
    def admin(self) -> Any:

        return signin.from_key(self.db, self.admin_key)


def _client(app: Any) -> Any:
    from fastapi.testclient import TestClient

    return TestClient(app, base_url="https://testserver", follow_redirects=False)


def _signed_in(app: Any, username: str) -> tuple[Any, str]:
    http = _client(app)
    answer = http.post("/api/v1/session", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return http, answer.json()["csrf_token"]


def build_world(app: Any) -> World:
    """Set up admin, owner (ana), another athlete, a linked and an unlinked coach, and data."""
    from runready.services import accounts, jobs, planning

    world = World(app)
    http = _client(app)
    setup = http.post("/api/v1/setup", json={"username": "admin", "password": PASSWORD})
    admin_csrf = setup.json()["csrf_token"]
    world.admin_key = http.post(
        "/api/v1/keys", json={"name": "matrix"}, headers={"x-csrf-token": admin_csrf}
    ).json()["key"]
    now = datetime.now(UTC)
    for username, role in (("ana", "athlete"), ("bo", "athlete"), ("cy", "coach"), ("di", "coach")):
        accounts.create_user(
            world.db, world.admin, username, PASSWORD, accounts.Role(role), "Europe/Berlin", now
        )
    world.clients[ANONYMOUS] = _client(app)
    world.csrf[ANONYMOUS] = ""
    world.clients["admin"], world.csrf["admin"] = http, admin_csrf
    for subject, username in ACCOUNTS.items():
        world.clients[subject], world.csrf[subject] = _signed_in(app, username)
    ana = world.principal("ana")
    world.athlete = str(access.athletes_of(world.db, ana)[0].id)
    coaching.link_coach(world.db, ana, access.athletes_of(world.db, ana)[0].id, "cy", now)
    athlete_id = access.athletes_of(world.db, ana)[0].id
    planning.replace_availability(
        world.db,
        athlete_id,
        {"mon": ["17:00-21:00"], "wed": ["17:00-21:00"], "sat": ["08:00-12:00"]},
        now,
    )
    from runready.core.model import SessionType
    from runready.core.plan_values import SessionSpec

    planning.set_template(world.db, athlete_id, [SessionSpec(SessionType.RUN, 2, 40)], 1, now)
    mine = access.athletes_of(world.db, ana)[0].id
    world.job = str(jobs.enqueue_import(world.db, world.app.state.queue, mine, [("x.gpx", b"no")]))
    return world


# What each route needs: path values and a valid request. Functions get the world and the
# subject making the call, and may prepare state (a fresh session to delete, a demo to remove).


def _ana_athlete(world: World) -> Any:

    return access.athletes_of(world.db, world.principal("ana"))[0]


def fresh_session(world: World, _subject: str, _http: Any) -> dict[str, str]:
    from runready.core.model import Session, SessionType
    from runready.services import journal

    start = datetime.now(UTC) - timedelta(days=2, minutes=next(world.counter))
    stored = journal.log_session(
        world.db, _ana_athlete(world).id, Session(SessionType.RUN, start, 30), datetime.now(UTC)
    )
    return {"session_id": str(stored.id)}


def failed_job(world: World, _subject: str, _http: Any) -> dict[str, str]:
    from runready.services import jobs

    jobs.give_up(world.db, _ana_athlete(world).id, uuid.UUID(world.job))
    return {}


def fresh_key(world: World, _subject: str, _http: Any) -> dict[str, str]:

    _token, key_id = signin.create_key(world.db, world.principal("ana"), "k", datetime.now(UTC))
    return {"key_id": str(key_id)}


def a_demo(world: World, _subject: str, _http: Any) -> dict[str, str]:
    from runready.services import demo

    ana = world.principal("ana")
    found = [a for a in access.athletes_of(world.db, ana) if a.is_demo]
    athlete_id = found[0].id if found else demo.create(world.db, ana, datetime.now(UTC), "UTC")
    return {"athlete_id": str(athlete_id)}


def no_demo_of_the_caller(world: World, subject: str, _http: Any) -> dict[str, str]:
    from runready.services import demo

    if subject in ACCOUNTS:
        user = world.principal(ACCOUNTS[subject])
        for athlete in access.athletes_of(world.db, user):
            if athlete.is_demo and athlete.access is access.Access.OWNER:
                demo.remove(world.db, user, athlete.id)
    return {}


def feed_token(world: World, _subject: str, _http: Any) -> dict[str, str]:
    from runready.services import planning

    token = planning.settings(world.db, _ana_athlete(world).id, datetime.now(UTC)).feed_token
    return {"token": token}


def planned_run(world: World, _subject: str, _http: Any) -> dict[str, str]:
    start = datetime.now(UTC) + timedelta(days=1, minutes=next(world.counter))
    with world.db.unit() as uow:
        made = uow.plans.add_planned(
            _ana_athlete(world).id, ("run", "easy", None), start, 40, [], datetime.now(UTC)
        )
    return {"planned_id": str(made)}


_SERVERS = contextlib.ExitStack()
atexit.register(_SERVERS.close)
_INTERVALS: list[str] = []  # the contract server's address, once started


def intervals_linked(world: World, _subject: str, _http: Any) -> dict[str, str]:
    """Link ana to a local intervals.icu contract server (one for the whole run)."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "sync"))
    from intervals_contract import Calendar, serving

    from runready.services import intervals

    if not _INTERVALS:
        _INTERVALS.append(_SERVERS.enter_context(serving(Calendar("i1", "k"))))
    url = _INTERVALS[0]
    intervals.link(world.db, _ana_athlete(world).id, url, "i1", "k", datetime.now(UTC))
    return {}


def form_token(_world: World, _subject: str, http: Any) -> dict[str, str]:
    """Fetch the sign-in form first: its token must match the cookie it sets."""
    page = http.get("/login")
    text = page.text
    if 'name="form_token"' not in text:
        return {}
    start = text.index('name="form_token" value="') + len('name="form_token" value="')
    return {"form_token": text[start : text.index('"', start)]}


def _next_monday() -> str:
    today = date.today()
    return (today + timedelta(days=7 - today.weekday())).isoformat()


def _yesterday() -> str:
    return (date.today() - timedelta(days=1)).isoformat()


@dataclass(frozen=True)
class Example:
    """A valid request for one route."""

    json: Any = None
    data: dict[str, Any] | None = None
    files: list[Any] | None = None
    params: dict[str, Any] | None = None
    prepare: Callable[[World, str, Any], dict[str, str]] | None = None
    body_from_prepare: bool = False


GPX = ("files", ("run.gpx", b"<gpx></gpx>", "application/gpx+xml"))
EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", "/api/v1/health"): Example(),
    ("GET", "/api/v1/setup"): Example(),
    ("POST", "/api/v1/setup"): Example(json={"username": "zed", "password": PASSWORD}),
    ("POST", "/api/v1/session"): Example(json={"username": "ana", "password": PASSWORD}),
    ("DELETE", "/api/v1/session"): Example(),
    ("GET", "/api/v1/me"): Example(),
    ("PUT", "/api/v1/me/password"): Example(
        json={"current_password": PASSWORD, "new_password": PASSWORD}
    ),
    ("GET", "/api/v1/keys"): Example(),
    ("POST", "/api/v1/keys"): Example(json={"name": "script"}),
    ("DELETE", "/api/v1/keys/{key_id}"): Example(prepare=fresh_key),
    ("GET", "/api/v1/users"): Example(),
    ("POST", "/api/v1/users"): Example(json={"username": "new{n}", "password": PASSWORD}),
    ("GET", "/api/v1/account/export"): Example(),
    ("POST", "/api/v1/account/erase"): Example(json={"password": PASSWORD}),
    ("GET", "/api/v1/athletes"): Example(),
    ("GET", "/api/v1/athletes/{athlete_id}"): Example(),
    ("PATCH", "/api/v1/athletes/{athlete_id}"): Example(json={"goal": "running"}),
    ("DELETE", "/api/v1/athletes/{athlete_id}"): Example(prepare=a_demo),
    ("POST", "/api/v1/demo"): Example(prepare=no_demo_of_the_caller),
    ("GET", "/api/v1/athletes/{athlete_id}/coaches"): Example(),
    ("POST", "/api/v1/athletes/{athlete_id}/coaches"): Example(json={"coach": "cy"}),
    ("DELETE", "/api/v1/athletes/{athlete_id}/coaches/{coach}"): Example(),
    ("GET", "/api/v1/athletes/{athlete_id}/sessions"): Example(),
    ("POST", "/api/v1/athletes/{athlete_id}/sessions"): Example(
        json={"type": "run", "start": "2026-01-05T18:00:00+01:00", "duration_min": 30}
    ),
    ("DELETE", "/api/v1/athletes/{athlete_id}/sessions/{session_id}"): Example(
        prepare=fresh_session
    ),
    ("GET", "/api/v1/athletes/{athlete_id}/checkins"): Example(),
    ("POST", "/api/v1/athletes/{athlete_id}/checkins"): Example(json={"soreness": 2}),
    ("POST", "/api/v1/athletes/{athlete_id}/feedback"): Example(
        json={"legs": "fine", "run_id": "{session_id}"}, prepare=fresh_session
    ),
    ("GET", "/api/v1/athletes/{athlete_id}/feedback"): Example(),
    ("POST", "/api/v1/athletes/{athlete_id}/wellness"): Example(
        json={"hrv_rmssd_ms": 60, "sleep_h": 7.5}
    ),
    ("GET", "/api/v1/athletes/{athlete_id}/wellness"): Example(),
    ("GET", "/api/v1/athletes/{athlete_id}/calibration"): Example(),
    ("POST", "/api/v1/athletes/{athlete_id}/imports"): Example(files=[GPX]),
    ("GET", "/api/v1/athletes/{athlete_id}/imports"): Example(),
    ("GET", "/api/v1/athletes/{athlete_id}/imports/{job_id}"): Example(),
    ("POST", "/api/v1/athletes/{athlete_id}/imports/{job_id}/retry"): Example(prepare=failed_job),
    ("GET", "/api/v1/athletes/{athlete_id}/advice"): Example(),
    ("POST", "/api/v1/athletes/{athlete_id}/advice"): Example(
        json={"intent": [{"type": "run", "kind": "easy"}]}
    ),
    ("GET", "/api/v1/athletes/{athlete_id}/status"): Example(),
    ("GET", "/api/v1/athletes/{athlete_id}/series"): Example(params={"days": 14}),
    ("GET", "/api/v1/coach"): Example(),
    ("GET", "/api/v1/athletes/{athlete_id}/plan"): Example(),
    ("POST", "/api/v1/athletes/{athlete_id}/plan"): Example(json={"start": "{monday}"}),
    ("POST", "/api/v1/athletes/{athlete_id}/plan/replan"): Example(json={}),
    ("GET", "/api/v1/athletes/{athlete_id}/plan/workouts"): Example(),
    ("GET", "/api/v1/athletes/{athlete_id}/plan/workouts/{planned_id}.fit"): Example(
        prepare=planned_run
    ),
    ("PUT", "/api/v1/athletes/{athlete_id}/intervals"): Example(
        json={"base_url": "http://127.0.0.1:9", "athlete": "i1", "api_key": "k"}
    ),
    ("POST", "/api/v1/athletes/{athlete_id}/intervals/push"): Example(
        json={}, prepare=intervals_linked
    ),
    ("GET", "/api/v1/athletes/{athlete_id}/availability"): Example(),
    ("PUT", "/api/v1/athletes/{athlete_id}/availability"): Example(
        json={"mon": ["17:00-21:00"], "wed": ["17:00-21:00"], "sat": ["08:00-12:00"]}
    ),
    ("GET", "/api/v1/athletes/{athlete_id}/template"): Example(),
    ("PUT", "/api/v1/athletes/{athlete_id}/template"): Example(
        json={"sessions": [{"type": "run", "kind": "easy", "count": 2, "duration_min": 40}]}
    ),
    ("GET", "/api/v1/athletes/{athlete_id}/calendar"): Example(),
    ("POST", "/api/v1/athletes/{athlete_id}/calendar/rotate"): Example(),
    ("PUT", "/api/v1/athletes/{athlete_id}/calendar/alarms"): Example(json={"alarms_min": [30]}),
    ("GET", "/api/v1/calendar/{token}.ics"): Example(prepare=feed_token),
    ("GET", "/"): Example(),
    ("GET", "/a/{athlete_id}/today"): Example(),
    ("GET", "/a/{athlete_id}/whatif"): Example(
        params={"ask": "when", "kind": "intervals", "minutes": "45"}
    ),
    ("POST", "/a/{athlete_id}/checkin"): Example(data={"soreness": "2"}),
    ("POST", "/a/{athlete_id}/feedback"): Example(
        data={"legs": "fine", "run_id": "{session_id}"}, prepare=fresh_session
    ),
    ("GET", "/a/{athlete_id}/log"): Example(),
    ("POST", "/a/{athlete_id}/log"): Example(
        data={"type": "run", "day": "{yesterday}", "at": "10:00", "duration_min": "30"}
    ),
    ("POST", "/a/{athlete_id}/sessions/{session_id}/delete"): Example(prepare=fresh_session),
    ("GET", "/a/{athlete_id}/import"): Example(),
    ("POST", "/a/{athlete_id}/import"): Example(files=[GPX]),
    ("GET", "/a/{athlete_id}/import/{job_id}"): Example(),
    ("POST", "/a/{athlete_id}/import/{job_id}/retry"): Example(prepare=failed_job),
    ("GET", "/a/{athlete_id}/trends"): Example(),
    ("GET", "/a/{athlete_id}/body"): Example(),
    ("GET", "/coach"): Example(),
    ("GET", "/sources"): Example(),
    ("GET", "/docs"): Example(),
    ("GET", "/redoc"): Example(),
    ("GET", "/sw.js"): Example(),
    ("GET", "/a/{athlete_id}/plan"): Example(),
    ("POST", "/a/{athlete_id}/plan"): Example(data={"week": "{monday}"}),
    ("POST", "/a/{athlete_id}/replan"): Example(),
    ("POST", "/a/{athlete_id}/availability"): Example(data={"mon": "17:00-21:00"}),
    ("POST", "/a/{athlete_id}/template"): Example(data={"count_3": "2", "minutes_3": "40"}),
    ("POST", "/a/{athlete_id}/calendar/rotate"): Example(),
    ("POST", "/a/{athlete_id}/calendar/alarms"): Example(data={"minutes": "30, 600"}),
    ("GET", "/a/{athlete_id}/workouts/{planned_id}.fit"): Example(prepare=planned_run),
    ("POST", "/a/{athlete_id}/intervals"): Example(
        data={"base_url": "http://127.0.0.1:9", "remote": "i1", "api_key": "k"}
    ),
    ("POST", "/a/{athlete_id}/intervals/push"): Example(prepare=intervals_linked),
    ("GET", "/setup"): Example(),
    ("POST", "/setup"): Example(
        data={"username": "zed", "password": PASSWORD}, prepare=form_token, body_from_prepare=True
    ),
    ("GET", "/login"): Example(),
    ("POST", "/login"): Example(
        data={"username": "ana", "password": PASSWORD}, prepare=form_token, body_from_prepare=True
    ),
    ("POST", "/logout"): Example(),
    ("GET", "/account"): Example(),
    ("POST", "/a/{athlete_id}/profile"): Example(
        data={"goal": "running", "policy": "balanced", "timezone": "Europe/Berlin"}
    ),
    ("POST", "/a/{athlete_id}/coaches"): Example(data={"coach": "cy"}),
    ("POST", "/a/{athlete_id}/coaches/{coach}/unlink"): Example(),
    ("POST", "/account/keys"): Example(data={"name": "script"}),
    ("POST", "/account/keys/{key_id}/revoke"): Example(prepare=fresh_key),
    ("POST", "/account/password"): Example(
        data={"current_password": PASSWORD, "new_password": PASSWORD}
    ),
    ("POST", "/account/users"): Example(data={"username": "new{n}", "password": PASSWORD}),
    ("POST", "/demo"): Example(prepare=no_demo_of_the_caller),
    ("POST", "/a/{athlete_id}/demo/remove"): Example(prepare=a_demo),
    ("POST", "/account/erase"): Example(data={"password": PASSWORD}),
}
#: Routes that end the caller's session or account run on a throwaway session or account.
ENDS_SESSION = {("DELETE", "/api/v1/session"), ("POST", "/logout")}
ENDS_ACCOUNT = {("POST", "/api/v1/account/erase"), ("POST", "/account/erase")}
#: Routes that sign a browser in run on a client of their own, keeping the caller's cookies.
SIGNS_IN = {
    ("POST", "/api/v1/setup"),
    ("POST", "/api/v1/session"),
    ("POST", "/setup"),
    ("POST", "/login"),
}


def route_table(app: Any) -> Iterator[tuple[str, str, Any]]:
    """Yield (method, path, route) for every API and page route of the app."""
    from fastapi.routing import APIRoute, iter_route_contexts

    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            for method in sorted(route.methods):
                yield method, str(context.path), route


def _fill(value: Any, values: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return value


def _caller(world: World, subject: str, key: tuple[str, str]) -> tuple[Any, str]:
    """Return the client and CSRF token making the call (throwaway ones where the call ends it)."""
    if key in SIGNS_IN:
        return _client(world.app), ""
    if subject == ANONYMOUS:
        return world.clients[ANONYMOUS], ""
    if key in ENDS_ACCOUNT:
        from runready.services import accounts

        name = f"tmp{next(world.counter)}"
        role = accounts.Role.COACH if "coach" in subject else accounts.Role.ATHLETE
        accounts.create_user(world.db, world.admin, name, PASSWORD, role, "UTC", datetime.now(UTC))
        return _signed_in(world.app, name)
    if key in ENDS_SESSION:
        return _signed_in(world.app, ACCOUNTS.get(subject, "admin"))
    return world.clients[subject], world.csrf[subject]


def call(world: World, subject: str, method: str, path: str) -> Any:
    """Make the route's example request as ``subject``; return the response."""
    key = (method, path)
    example = EXAMPLES[key]
    values = {
        "athlete_id": world.athlete,
        "job_id": world.job,
        "coach": "cy",
        "n": str(next(world.counter)),
        "monday": _next_monday(),
        "yesterday": _yesterday(),
    }
    http, csrf = _caller(world, subject, key)
    prepared = example.prepare(world, subject, http) if example.prepare else {}
    if example.body_from_prepare:
        data = {**(_fill(example.data, values) or {}), **prepared}
    else:
        values.update(prepared)
        data = _fill(example.data, values)
    headers = {"x-csrf-token": csrf} if csrf and method != "GET" else {}
    answer = http.request(
        method,
        path.format(**values),
        json=_fill(example.json, values),
        data=data,
        files=example.files,
        params=example.params,
        headers=headers,
    )
    if key in {
        ("DELETE", "/api/v1/athletes/{athlete_id}/coaches/{coach}"),
        ("POST", "/a/{athlete_id}/coaches/{coach}/unlink"),
    }:
        coaching.link_coach(  # keep the linked coach linked for the calls after this one
            world.db, world.principal("ana"), _ana_athlete(world).id, "cy", datetime.now(UTC)
        )
    return answer


def granted(answer: Any) -> bool:
    """Return True when the call went through: 2xx, or a redirect that is not to sign-in."""
    if 200 <= answer.status_code < 300:
        return True
    location = answer.headers.get("location", "")
    return 300 <= answer.status_code < 400 and not location.startswith(("/login", "/setup"))


def violations(world: World) -> list[str]:
    """Return every call that went through although the route's declaration says it must not."""
    found = []
    for method, path, route in route_table(world.app):
        level = level_of(route)
        assert level is not None, f"{method} {path} declares no access level"
        for subject in SUBJECTS:
            if subject in ALLOWED[level]:
                continue
            answer = call(world, subject, method, path)
            if granted(answer):
                found.append(
                    f"{method} {path} ({level.value}) let the {subject} in: {answer.status_code}"
                )
    return found


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    app = make_app(database_url)
    with _client(app):
        yield build_world(app)


def test_every_route_declares_who_may_call_it_and_has_an_example_request(world: World) -> None:
    table = {(method, path): level_of(route) for method, path, route in route_table(world.app)}
    assert {key for key, level in table.items() if level is None} == set()
    assert set(table) == set(EXAMPLES), "add the new route to EXAMPLES (or remove the stale one)"


def test_no_caller_gets_through_a_route_that_is_not_theirs(world: World) -> None:
    assert violations(world) == []


def test_every_allowed_caller_gets_through_so_the_denials_above_mean_something(
    world: World,
) -> None:
    refused = []
    for method, path, route in route_table(world.app):
        level = level_of(route)
        assert level is not None
        callers = ["admin"] if level is Level.ADMIN else sorted(ALLOWED[level])
        for subject in callers:
            answer = call(world, subject, method, path)
            if level is Level.PUBLIC:
                ok = answer.status_code < 500 and answer.status_code not in (401, 403)
            else:
                ok = granted(answer)
            if not ok:
                refused.append(
                    f"{method} {path} as {subject}: {answer.status_code} {answer.text[:120]}"
                )
    assert refused == []


def test_every_signed_in_answer_tells_caches_not_to_store_it(world: World) -> None:
    stored = []
    for method, path, route in route_table(world.app):
        level = level_of(route)
        subject = "admin" if level is Level.ADMIN else OWNER
        answer = call(world, subject, method, path)
        if answer.headers.get("cache-control") != "no-store":
            stored.append(f"{method} {path}: {answer.status_code} {answer.headers}")
    assert stored == []
    static = world.clients[OWNER].get("/static/app.css")
    assert static.status_code == 200 and "cache-control" not in static.headers
    # A calendar app fetches the feed without credentials: the feed's own policy stands.
    token = feed_token(world, ANONYMOUS, None)["token"]
    feed = world.clients[ANONYMOUS].get(f"/api/v1/calendar/{token}.ics")
    assert feed.headers["cache-control"] == "private, max-age=300"


def test_the_matrix_notices_when_the_owner_check_is_removed(database_url: str) -> None:
    """Negative control: let coaches through owner-only checks; the matrix must fail."""

    def no_owner_check(found: deps.SeenDep) -> Any:
        return found

    def no_page_owner_check(found: common.PageAthlete) -> Any:
        return found

    app = make_app(database_url)
    with _client(app):
        app.dependency_overrides[deps.owned] = no_owner_check
        app.dependency_overrides[common.owned_athlete] = no_page_owner_check
        world = build_world(app)
        found = violations(world)
    assert any("linked coach" in line and "(owner)" in line for line in found), found
    assert any(line.startswith("PATCH /api/v1/athletes/{athlete_id}") for line in found)
