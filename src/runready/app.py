"""The composition root: settings, database (with its blob store), secret key, job queue and
the ASGI app.

``create_app`` builds one app process. Processes keep nothing between requests that another
process would need: sessions, rate limits and jobs live in the database, so several uvicorn
workers can serve one port.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from runready import __version__
from runready.api import routers
from runready.http.cache import AnswerCache
from runready.http.middleware import BodyLimit, Forwarded, SecurityHeaders
from runready.services import open_database
from runready.services.queue import open_queue, start_thread
from runready.services.secret_key import server_secret
from runready.settings import Settings, load
from runready.web import site


def create_app(settings: Settings | None = None) -> FastAPI:
    """Return the app: it opens (and migrates) the database and makes its secret key."""
    settings = settings or load()
    secret = server_secret()
    db = open_database(settings=settings)
    queue = open_queue(db)
    inprocess = settings.inprocess_jobs
    if inprocess is None:
        inprocess = db.dialect == "sqlite"

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = start_thread(queue) if inprocess else None
        try:
            yield
        finally:
            if stop is not None:
                stop.set()
            queue.close()
            db.close()

    app = FastAPI(
        title="runready",
        version=__version__,
        summary="May I run after leg day? Advice with reasons and sources, and a week plan.",
        lifespan=lifespan,
        responses=routers.PROBLEMS,
        docs_url=None,  # the pages serve /docs and /redoc from vendored assets
        redoc_url=None,
    )
    app.state.db = db
    app.state.queue = queue
    app.state.settings = settings
    app.state.secret = secret
    app.state.answers = AnswerCache()
    routers.mount(app)
    site.mount(app)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders, static=site.STATIC + "/")
    app.add_middleware(Forwarded, proxies=settings.trusted_proxies)  # outermost: first to run
    return app


def app_factory() -> FastAPI:
    """Build the app from the environment (for ``uvicorn --factory``)."""
    return create_app()
