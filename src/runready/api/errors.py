"""Every error leaves as problem+json (RFC 9457): a title, a status, a detail naming the issue."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from runready.core.errors import InvalidInput, RunreadyError, UnknownRule
from runready.services.accounts import AlreadySetUp, AuthError, RateLimited
from runready.services.athletes import UnknownAthlete

PROBLEM = "application/problem+json"
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
}


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
    return 400


def install(app: FastAPI) -> None:
    """Map runready's, the framework's and validation errors to problem+json in one place."""

    @app.exception_handler(RunreadyError)
    async def runready_error(_request: Request, exc: RunreadyError) -> JSONResponse:
        extra = {"field": exc.field} if isinstance(exc, InvalidInput) and exc.field else {}
        return problem(_status(exc), str(exc), **extra)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query"))
        detail = f"{where}: {first.get('msg', 'invalid')}" if where else "invalid request"
        return problem(422, detail, field=where or None)
