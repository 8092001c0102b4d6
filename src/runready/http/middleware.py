"""Pure ASGI middleware: forwarded headers from trusted proxies, security headers on every
answer, and the upload size limit.

The size limit is checked before any parsing: a declared Content-Length over the limit is
refused at once, and a body that grows past it while streaming is cut off with 413.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from runready.settings import TrustedProxies, is_loopback

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
    "object-src 'none'"
)
CACHE_CONTROL = b"cache-control"
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class Forwarded:
    """Take the client's address and scheme from a proxy's headers, only from trusted proxies.

    X-Forwarded-For counts only from a configured proxy: anyone else could pick any address
    and slip past the per-address sign-in limit. X-Forwarded-Proto also counts from this
    machine, where a local HTTPS proxy needs no configuration to keep cookies Secure.
    """

    def __init__(self, app: ASGIApp, proxies: TrustedProxies) -> None:
        self.app = app
        self.proxies = proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] in ("http", "websocket") and client:
            peer = str(client[0])
            named = self.proxies.trusts(peer)
            if named or is_loopback(peer):
                scope = dict(scope)
                headers = [(name, value.decode("latin-1")) for name, value in scope["headers"]]
                proto = [value for name, value in headers if name == b"x-forwarded-proto"]
                # The nearest proxy wrote the last value; earlier ones may be the client's.
                scheme = proto[-1].split(",")[-1].strip().lower() if proto else ""
                if scheme in ("http", "https"):
                    web = scope["type"] == "http"
                    scope["scheme"] = scheme if web else scheme.replace("http", "ws")
                chain = ",".join(value for name, value in headers if name == b"x-forwarded-for")
                if named and chain.strip():
                    scope["client"] = (self.proxies.client(peer, chain), 0)
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Add the security headers to every HTTP answer, and keep answers out of caches.

    Every answer but a static asset gets ``Cache-Control: no-store``, so a shared computer's
    browser cache or a proxy never keeps someone's health data. A route's own caching policy
    stands only for callers without credentials (a calendar app fetching its feed).
    """

    def __init__(self, app: ASGIApp, static: str) -> None:
        self.app = app
        self.static = static

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = str(scope["path"]).startswith(self.static)
        asked = {name.lower() for name, _ in scope.get("headers", [])}
        credentials = bool(asked & {b"authorization", b"cookie"})

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                if not cacheable and (credentials or CACHE_CONTROL not in present):
                    headers = [h for h in headers if h[0].lower() != CACHE_CONTROL]
                    headers.append((CACHE_CONTROL, b"no-store"))
                    present.add(CACHE_CONTROL)
                message["headers"] = headers + [
                    (name, value) for name, value in HEADERS if name not in present
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class TooLarge(HTTPException):
    """The request body went past the limit (an HTTP error, so body parsers pass it on)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large(limit))


def _too_large(limit: int) -> str:
    return (
        f"the upload is larger than the limit of {limit / (1024 * 1024):g} MB "
        "(RUNREADY_MAX_UPLOAD_MB)"
    )


async def _problem_413(send: Send, limit: int) -> None:
    body = json.dumps(
        {
            "type": "about:blank",
            "title": "Too large",
            "status": 413,
            "detail": _too_large(limit),
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before anything parses them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _problem_413(send, self.limit)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge(self.limit)
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracking)
        except TooLarge:
            if not started:
                await _problem_413(send, self.limit)
