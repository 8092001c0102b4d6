"""The pages as one site: their routes, the sign-in redirect and the static assets."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from runready.web import account_pages, docs_pages, pages, plan_pages, pwa, static_folder
from runready.web.common import SignIn, error_page

STATIC = "/static"


def mount(app: FastAPI) -> None:
    """Add the pages, their error page and the static assets to ``app``."""
    for router in (
        pages.router,
        plan_pages.router,
        account_pages.router,
        docs_pages.router,
        pwa.router,
    ):
        app.include_router(router)
    app.state.error_page = error_page

    @app.exception_handler(SignIn)
    async def sign_in(request: Request, exc: SignIn) -> Response:
        if request.headers.get("hx-request") == "true":
            return Response(status_code=204, headers={"HX-Redirect": exc.location})
        return RedirectResponse(exc.location, status_code=303)

    app.mount(STATIC, StaticFiles(directory=static_folder()), name="static")
