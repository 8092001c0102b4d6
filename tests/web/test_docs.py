"""The API reference pages, /docs (Swagger UI) and /redoc, from vendored assets under the CSP."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from browser_support import DESKTOP, PHONE, console_errors, requests_of, shot

VENDOR = Path(__file__).resolve().parents[2] / "src" / "runready" / "web" / "static" / "vendor"


@pytest.mark.parametrize(
    ("path", "bundle"), [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")]
)
def test_the_reference_pages_load_only_vendored_scripts_and_no_inline_script(
    site: Any, path: str, bundle: str
) -> None:
    page = site.get(path)
    assert page.status_code == 200
    scripts = re.findall(r"<script[^>]*>", page.text)
    assert scripts == [
        f'<script src="/static/vendor/{bundle}" defer>',
        '<script src="/static/docs.js" defer>',
    ]
    assert not re.search(r"(src|href)=\"(https?:)?//", page.text)
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy
    assert site.get(f"/static/vendor/{bundle}").status_code == 200


def test_only_redoc_may_use_inline_styles_and_docs_keeps_the_apps_policy(site: Any) -> None:
    assert "style-src 'self';" in site.get("/docs").headers["content-security-policy"]
    redoc = site.get("/redoc").headers["content-security-policy"]
    assert "style-src 'self' 'unsafe-inline';" in redoc
    assert (
        redoc.replace(" 'unsafe-inline'", "")
        == site.get("/docs").headers["content-security-policy"]
    )


def test_the_vendored_redoc_names_no_other_host_to_load_from() -> None:
    bundle = (VENDOR / "redoc.standalone.js").read_text()
    assert "cdn.redoc.ly" not in bundle
    assert not re.search(r"src:\"https?://", bundle)


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_reference_renders_in_a_browser_asking_no_other_host(
    server: str, browser: Any, path: str
) -> None:
    for viewport in (PHONE, DESKTOP):
        page = browser.new_page(viewport=viewport)
        errors = console_errors(page)
        asked = requests_of(page)
        page.goto(server + path)
        if path == "/docs":
            page.locator(".opblock-summary-path", has_text="/api/v1/health").wait_for()
        else:
            page.locator("h2:visible", has_text="Health").first.wait_for()
        page.wait_for_load_state("networkidle")
        elsewhere = [url for url in asked if not url.startswith(server)]
        assert elsewhere == [], elsewhere
        assert any(url.endswith("/openapi.json") for url in asked)
        assert errors == []
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], width
        shot(page, f"docs{path.replace('/', '-')}-{viewport['width']}")
        page.close()
