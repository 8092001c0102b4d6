"""The pages: server-rendered HTML (Jinja2) made lively with htmx; assets vendored, no CDN."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def static_folder() -> Path:
    """Return the folder of the static assets."""
    return HERE / "static"


def templates_folder() -> Path:
    """Return the folder of the page templates."""
    return HERE / "templates"
