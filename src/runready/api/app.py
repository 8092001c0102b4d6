"""The web app: the REST API under /api/v1, the pages, and the static assets.

``create_app`` builds one app process. Processes keep nothing between requests that another
process would need: sessions, rate limits and jobs live in the database, so several uvicorn
workers can serve one port.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from runready import __version__
from runready.api import errors, schemas
from runready.api.access import KEY, Level, allow
from runready.api.cache import AnswerCache
from runready.api.deps import DbDep
from runready.api.errors import PROBLEM
from runready.api.middleware import BodyLimit, Forwarded, SecurityHeaders
from runready.api.routes import accounts, athletes, imports, insight, journal, plans
from runready.services import jobs, open_database
from runready.services.secret_key import server_secret
from runready.settings import Settings, load

API = "/api/v1"
STATIC = "/static"
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


def create_app(settings: Settings | None = None) -> FastAPI:
    """Return the app: it opens (and migrates) the database and makes its secret key."""
    from runready.web import account_pages, pages, plan_pages, static_folder
    from runready.web.common import SignIn, error_page

    settings = settings or load()
    secret = server_secret()
    db = open_database(settings.database)
    inprocess = settings.inprocess_jobs
    if inprocess is None:
        inprocess = db.dialect == "sqlite"

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = jobs.start_thread(db) if inprocess else None
        try:
            yield
        finally:
            if stop is not None:
                stop.set()
            db.close()

    app = FastAPI(
        title="runready",
        version=__version__,
        summary="May I run after leg day? Advice with reasons and sources, and a week plan.",
        lifespan=lifespan,
        responses=PROBLEMS,
    )
    app.state.db = db
    app.state.settings = settings
    app.state.secret = secret
    app.state.answers = AnswerCache()
    errors.install(app)
    for router in (
        system,
        accounts.router,
        athletes.router,
        journal.router,
        imports.router,
        insight.router,
        plans.router,
    ):
        app.include_router(router, prefix=API)
    for router in (pages.router, plan_pages.router, account_pages.router):
        app.include_router(router)
    app.state.error_page = error_page

    @app.exception_handler(SignIn)
    async def sign_in(request: Request, exc: SignIn) -> Response:
        if request.headers.get("hx-request") == "true":
            return Response(status_code=204, headers={"HX-Redirect": exc.location})
        return RedirectResponse(exc.location, status_code=303)

    app.mount(STATIC, StaticFiles(directory=static_folder()), name="static")
    _documented(app)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders, static=STATIC + "/")
    app.add_middleware(Forwarded, proxies=settings.trusted_proxies)  # outermost: first to run
    return app


def app_factory() -> FastAPI:
    """Build the app from the environment (for ``uvicorn --factory``)."""
    return create_app()
