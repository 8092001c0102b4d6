"""The installable app: the service worker, served from the site's root so it covers every page.

The manifest and icons are static files; the worker's scope is the folder it is served from,
so it is answered here at /sw.js rather than under /static.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from runready.http.access import Level, allow
from runready.web import static_folder

router = APIRouter(include_in_schema=False)


@router.get("/sw.js", **allow(Level.PUBLIC))
def service_worker() -> FileResponse:
    """The service worker: Today readable offline, check-ins kept until back online."""
    return FileResponse(
        static_folder() / "sw.js",
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache"},
    )
