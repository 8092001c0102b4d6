"""Every error leaves as problem+json (RFC 9457): a title, a status, a detail naming the issue."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from runready.core.errors import InvalidInput, RunreadyError, UnknownRule
from runready.services import StorageError
from runready.services.accounts import AlreadySetUp, AuthError
from runready.services.athletes import UnknownAthlete
from runready.services.intervals import IntervalsError
from runready.services.signin import RateLimited

PROBLEM = "application/problem+json"
log = logging.getLogger("runready.api")
TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    413: "Too large",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal error",
    503: "Unavailable",
}


def wants_page(request: Request) -> bool:
    """Return True when a page asked (a browser, or htmx on a page), not the API."""
    return not request.url.path.startswith("/api/") and (
        "text/html" in request.headers.get("accept", "")
        or request.headers.get("hx-request") == "true"
    )


def answer(request: Request, status: int, detail: str, **extra: Any) -> Response:
    """Return an error as problem+json, or as the app's error page (or fragment) for a page."""
    page = getattr(request.app.state, "error_page", None)
    if page is not None and wants_page(request):
        response: Response = page(request, status, detail)
        return response
    return problem(status, detail, **extra)


def problem(status: int, detail: str, **extra: Any) -> JSONResponse:
    """Return a problem+json response."""
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _status(exc: RunreadyError) -> int:
    if isinstance(exc, StorageError):
        return 503
    if isinstance(exc, AuthError):
        return 401
    if isinstance(exc, RateLimited):
        return 429
    if isinstance(exc, AlreadySetUp):
        return 409
    if isinstance(exc, UnknownAthlete | UnknownRule):
        return 404
    if isinstance(exc, InvalidInput):
        return 422
    if isinstance(exc, IntervalsError):  # the service behind us failed, not the request
        return 502
    return 400


def install(app: FastAPI) -> None:
    """Map runready's, the framework's and validation errors to problem+json in one place."""

    @app.exception_handler(RunreadyError)
    async def runready_error(request: Request, exc: RunreadyError) -> Response:
        extra = {"field": exc.field} if isinstance(exc, InvalidInput) and exc.field else {}
        if isinstance(exc, UnknownAthlete):  # its message lists names: never show it
            return answer(request, 404, "no such athlete")
        if isinstance(exc, StorageError):
            log.error("database error: %s", exc)
            return answer(request, 503, "the database is unavailable; try again shortly")
        return answer(request, _status(exc), str(exc), **extra)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return answer(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("internal error", exc_info=exc)
        return answer(request, 500, "internal error: the details are in the server log")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query"))
        detail = f"{where}: {first.get('msg', 'invalid')}" if where else "invalid request"
        return answer(request, 422, detail, field=where or None)
