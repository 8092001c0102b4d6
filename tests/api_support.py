"""Helpers for the web app tests: clients signed in as an account, jobs run on demand."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("RUNREADY_SECRET_KEY", "test-secret-" + "k" * 40)

PASSWORD = "correct horse battery"


@dataclass
class Client:
    """A test client signed in as one account; writes carry its CSRF token."""

    http: Any
    csrf: str = ""
    username: str = ""

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.http.get(url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Any:
        return self.http.delete(url, headers=self._headers(kwargs), **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.http.post(url, headers=self._headers(kwargs), **kwargs)

    def put(self, url: str, **kwargs: Any) -> Any:
        return self.http.put(url, headers=self._headers(kwargs), **kwargs)

    def patch(self, url: str, **kwargs: Any) -> Any:
        return self.http.patch(url, headers=self._headers(kwargs), **kwargs)

    def _headers(self, kwargs: dict[str, Any]) -> dict[str, str]:
        headers = dict(kwargs.pop("headers", None) or {})
        if self.csrf:
            headers.setdefault("x-csrf-token", self.csrf)
        return headers


def make_app(database_url: str, **options: Any) -> Any:
    """Return the app on ``database_url`` with jobs run by the test, not a thread.

    On PostgreSQL originals go to a fresh temporary folder unless ``blobs`` names one (on
    SQLite they go beside the database file, as they do by default).
    """
    import tempfile

    from runready.app import create_app
    from runready.settings import load

    if not database_url.startswith("sqlite"):
        options.setdefault("blobs", tempfile.mkdtemp(prefix="runready-test-blobs-"))
    return create_app(load(database_url=database_url, inprocess_jobs=False, **options))


def client_of(app: Any) -> Any:
    """Return a test client speaking HTTPS (so Secure cookies come back)."""
    from fastapi.testclient import TestClient

    return TestClient(app, base_url="https://testserver")


def sign_in(app: Any, username: str, password: str = PASSWORD) -> Client:
    """Return a client with a browser session for ``username``."""
    http = client_of(app)
    answer = http.post("/api/v1/session", json={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return Client(http, answer.json()["csrf_token"], username)


def athlete_id(client: Client) -> str:
    """Return the id of the client's own (non-demo) athlete."""
    mine = [a for a in client.get("/api/v1/me").json()["athletes"] if a["access"] == "owner"]
    return str(next(a for a in mine if not a["demo"])["id"])


def run_jobs(app: Any) -> int:
    """Run the queued background jobs to the end, here and now."""
    import threading

    ran: int = app.state.queue.work(threading.Event(), once=True)
    return ran
