"""The API's reference pages, /docs (Swagger UI) and /redoc, from vendored assets.

FastAPI's own pages load their scripts from a CDN and start them with an inline script; the
app's CSP blocks both. These load the vendored bundles and start them from static/docs.js.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from runready.http.access import Level, allow
from runready.http.middleware import CSP
from runready.web.common import templates

router = APIRouter(include_in_schema=False)
OPENAPI = "/openapi.json"
REDOC_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


@router.get("/docs", **allow(Level.PUBLIC))
def swagger(request: Request) -> HTMLResponse:
    """The API reference to try out: Swagger UI."""
    return templates.TemplateResponse(
        request, "docs.html", {"viewer": "swagger", "title": "API (Swagger UI)", "spec": OPENAPI}
    )


@router.get("/redoc", **allow(Level.PUBLIC))
def redoc(request: Request) -> HTMLResponse:
    """The API reference to read: ReDoc.

    ReDoc writes its styles into <style> elements as it loads (styled-components and
    style-loader, some before any nonce could reach them), so this one page allows inline
    styles; scripts stay as strict as on every page.
    """
    context = {"viewer": "redoc", "title": "API (ReDoc)", "spec": OPENAPI}
    return templates.TemplateResponse(
        request, "docs.html", context, headers={"content-security-policy": REDOC_CSP}
    )
