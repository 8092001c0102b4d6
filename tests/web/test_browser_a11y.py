"""Every page at 390×844 and 1366×900, light and dark: axe-core finds nothing critical or
serious (and no unlabelled input, heading out of order or small tap target), and no page is
wider than the screen. Each page is photographed into test-artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from api_support import PASSWORD
from browser_support import (
    DESKTOP,
    PHONE,
    axe_problems,
    overflow,
    serving,
    set_up_account,
    shot,
)

MODES = [
    pytest.param(PHONE, "light", id="phone-light"),
    pytest.param(PHONE, "dark", id="phone-dark"),
    pytest.param(DESKTOP, "light", id="desktop-light"),
    pytest.param(DESKTOP, "dark", id="desktop-dark"),
]
#: The API reference viewers are third-party apps inside our page: their bar is checked, and
#: their own content (Swagger UI, ReDoc) is left to their makers.
VIEWER = ("#api-docs",)
GPX = (
    '<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">'
    "<trk><name>Morning run</name><trkseg>"
    + "".join(
        f'<trkpt lat="59.{9000 + i}" lon="10.{7000 + i}">'
        f"<time>2026-11-20T07:{i:02d}:00Z</time></trkpt>"
        for i in range(40)
    )
    + "</trkseg></trk></gpx>"
)


@pytest.fixture(scope="module")
def account(server: str, browser: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The owner with the demo athlete, and one finished import on the owner's athlete."""
    found = set_up_account(browser, server, PASSWORD, demo=True)
    context = browser.new_context(viewport=DESKTOP, storage_state=found["state"])
    page = context.new_page()
    page.goto(server + found["own"] + "/import")
    upload = tmp_path_factory.mktemp("upload") / "morning.gpx"
    upload.write_text(GPX)
    page.set_input_files("input[type=file]", str(upload))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#job[data-status=done]", timeout=60_000)
    page.goto(server + found["own"] + "/import")
    found["job"] = page.get_attribute("table a[href*='/import/']", "href")
    assert found["job"], "the finished import is listed"
    context.close()
    return found


def _pages(account: dict[str, Any]) -> list[tuple[str, str, tuple[str, ...]]]:
    """Return (name, path, parts left out of axe) for every page a signed-in owner sees."""
    own, demo = account["own"], account["demo"]
    pages = [
        (f"{who}-{name}", f"{base}/{name}", ())
        for who, base in (("own", own), ("demo", demo))
        for name in ("today", "log", "import", "plan", "trends", "body")
    ]
    return [
        *pages,
        ("import-job", account["job"], ()),
        ("coach", "/coach", ()),
        ("account", "/account", ()),
        ("sources", "/sources", ()),
        ("docs", "/docs", VIEWER),
        ("redoc", "/redoc", VIEWER),
        ("offline", "/static/offline.html", ()),
        ("not-found", "/a/01a1ffb6-0000-7000-8000-000000000000/today", ()),
    ]


def _check(page: Any, url: str, name: str, exclude: tuple[str, ...]) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    shot(page, name)
    problems = [f"{name}: {problem}" for problem in axe_problems(page, exclude)]
    wider = overflow(page)
    if wider > 0:
        problems.append(f"{name}: {wider} px wider than the screen")
    return problems


@pytest.mark.parametrize(("viewport", "scheme"), MODES)
def test_every_page_passes_axe_and_fits_the_screen(
    server: str, browser: Any, account: dict[str, Any], viewport: dict[str, int], scheme: str
) -> None:
    context = browser.new_context(
        viewport=viewport, color_scheme=scheme, storage_state=account["state"]
    )
    page = context.new_page()
    mode = f"{viewport['width']}-{scheme}"
    problems: list[str] = []
    for name, path, exclude in _pages(account):
        problems += _check(page, server + path, f"a11y-{mode}-{name}", exclude)
    context.close()
    assert problems == []


@pytest.mark.parametrize(("viewport", "scheme"), MODES)
def test_setup_and_sign_in_pass_axe_and_fit_the_screen(
    browser: Any, tmp_path: Path, viewport: dict[str, int], scheme: str
) -> None:
    with serving(tmp_path) as fresh:
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        page = context.new_page()
        mode = f"{viewport['width']}-{scheme}"
        problems = _check(page, fresh + "/setup", f"a11y-{mode}-setup", ())
        set_up_account(browser, fresh, PASSWORD, demo=False)
        problems += _check(page, fresh + "/login", f"a11y-{mode}-login", ())
        context.close()
    assert problems == []
