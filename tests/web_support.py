"""Helpers for the page tests: a browser-like client, the forms' tokens, and setup."""

from __future__ import annotations

import re
from typing import Any

from api_support import PASSWORD


def browser_client(app: Any) -> Any:
    """Return a test client that asks for pages as a browser does, and follows no redirect."""
    from fastapi.testclient import TestClient

    return TestClient(
        app, base_url="https://testserver", follow_redirects=False, headers={"accept": "text/html"}
    )


def form_token(page: Any) -> str:
    """Return the one-time token of a setup or sign-in form."""
    found = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


def csrf(page: Any) -> str:
    """Return the CSRF token a signed-in page carries in its forms."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


def set_up(site: Any, demo: bool = False, timezone: str = "UTC") -> str:
    """Create the owner through the setup form; return the Today URL it lands on."""
    token = form_token(site.get("/setup"))
    form = {"form_token": token, "username": "ana", "password": PASSWORD, "timezone": timezone}
    if demo:
        form["with_demo"] = "true"
    answer = site.post("/setup", data=form)
    assert answer.status_code == 303
    home = site.get("/")
    assert home.status_code == 303
    return str(home.headers["location"])
