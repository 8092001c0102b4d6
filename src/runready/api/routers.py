"""The REST API under /api/v1: its routers, its problem+json errors and its OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI

from runready.api import errors, schemas
from runready.api.errors import PROBLEM
from runready.api.routes import accounts, athletes, imports, insight, journal, outcomes, plans
from runready.http.access import KEY, Level, allow
from runready.http.deps import DbDep

PREFIX = "/api/v1"
PROBLEMS: dict[int | str, dict[str, object]] = {
    status: {"model": schemas.Problem, "description": title}
    for status, title in (
        (400, "Bad request"),
        (401, "Not signed in"),
        (403, "Not allowed"),
        (404, "Not found"),
        (409, "Conflict"),
        (422, "Invalid input"),
        (429, "Too many sign-in failures"),
        (503, "Database unavailable"),
    )
}

system = APIRouter(tags=["system"])


@system.get("/health", **allow(Level.PUBLIC))
def health(db: DbDep) -> schemas.Health:
    """The app is up and its database answers."""
    db.integrity_ok()
    return schemas.Health(
        status="ok", database="postgresql" if db.dialect == "postgresql" else "sqlite"
    )


def mount(app: FastAPI) -> None:
    """Add the API's routes, its error handlers and its finished OpenAPI document to ``app``."""
    errors.install(app)
    for router in (
        system,
        accounts.router,
        athletes.router,
        journal.router,
        outcomes.router,
        imports.router,
        insight.router,
        plans.router,
    ):
        app.include_router(router, prefix=PREFIX)
    _documented(app)


def _documented(app: FastAPI) -> None:
    """Finish the OpenAPI document: errors as problem+json, and how to authenticate."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        schema.setdefault("components", {})["securitySchemes"] = {
            "apiKey": {"type": "http", "scheme": "bearer", "description": "rr_... API key"},
            "session": {"type": "apiKey", "in": "cookie", "name": "rr_session"},
        }
        for path in schema["paths"].values():
            for operation in path.values():
                public = operation.get(KEY) == Level.PUBLIC.value
                operation["security"] = [] if public else [{"apiKey": []}, {"session": []}]
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if status[0] in "45" and "application/json" in content:
                        content[PROBLEM] = content.pop("application/json")
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
