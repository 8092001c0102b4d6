"""Flash messages: a confirmation carried across a form's redirect (Post/Redirect/Get).

A form that succeeds answers 303 to a page, with the confirmation in a short-lived cookie
signed with the server's secret; the page shows it once and clears the cookie. Reloading that
page repeats nothing: the browser reloads the GET, not the POST. A value to show exactly once
(a new API key) travels the same way and is gone after the first page that shows it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from runready.http.deps import secure_cookies

COOKIE = "rr_flash"
MAX_AGE_S = 120  # long enough for the redirect, short enough not to linger
MAX_LINES = 12  # a flash is a summary; the page holds the rest


@dataclass(frozen=True, slots=True)
class Flash:
    """A message shown once on the page a form redirects to."""

    text: str
    lines: tuple[str, ...] = ()
    secret: str | None = None  # a value shown this once only, such as a new API key

    def as_dict(self) -> dict[str, object]:
        """Return the flash as JSON-ready data."""
        return {"text": self.text, "lines": list(self.lines), "secret": self.secret}


def _mac(key: bytes, payload: bytes) -> str:
    digest = hmac.new(key, b"flash:" + payload, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _key(request: Request) -> bytes:
    secret: bytes = request.app.state.secret
    return secret


def redirect(request: Request, url: str, flash: Flash) -> RedirectResponse:
    """Return a 303 to ``url`` that shows ``flash`` there once."""
    kept = Flash(flash.text, flash.lines[:MAX_LINES], flash.secret)
    payload = base64.urlsafe_b64encode(json.dumps(kept.as_dict()).encode()).decode()
    answer = RedirectResponse(url, status_code=303)
    answer.set_cookie(
        COOKIE,
        f"{payload}.{_mac(_key(request), payload.encode())}",
        max_age=MAX_AGE_S,
        httponly=True,
        secure=secure_cookies(request.app.state.settings, request),
        samesite="strict",
        path="/",
    )
    return answer


def take(request: Request) -> Flash | None:
    """Return the flash the browser brought, if its signature holds (None otherwise)."""
    value = request.cookies.get(COOKIE, "")
    payload, _, mac = value.partition(".")
    if not payload or not hmac.compare_digest(mac, _mac(_key(request), payload.encode())):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload.encode()))
        lines = tuple(str(line) for line in data.get("lines", []))
        secret = data.get("secret")
        return Flash(str(data["text"]), lines, str(secret) if secret else None)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def clear(response: Response) -> None:
    """Remove the flash cookie: the message has been shown."""
    response.delete_cookie(COOKIE, httponly=True, samesite="strict", path="/")
