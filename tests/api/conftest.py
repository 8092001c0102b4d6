"""Fixtures for the web app: an app on a fresh SQLite or PostgreSQL database, signed-in clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from api_support import PASSWORD, Client, client_of, make_app


@pytest.fixture
def app(database_url: str) -> Iterator[Any]:
    """Yield the app on a fresh database (SQLite and PostgreSQL)."""
    application = make_app(database_url)
    with client_of(application):  # runs the lifespan
        yield application


@pytest.fixture
def owner(app: Any) -> Client:
    """Return the first account (an athlete, the admin), signed in."""
    http = client_of(app)
    answer = http.post(
        "/api/v1/setup",
        json={"username": "ana", "password": PASSWORD, "timezone": "Europe/Berlin"},
    )
    assert answer.status_code == 201, answer.text
    return Client(http, answer.json()["csrf_token"], "ana")
