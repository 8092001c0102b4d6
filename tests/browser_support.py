"""Helpers for the browser tests: Debian's Chromium, a real server, screenshots, axe-core."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
SAVED: list[Path] = []  # screenshots taken in this run (the run names their folder at its end)
MEASURED: list[str] = []  # figures a browser test measured, printed at the end of the run
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
#: axe-core rule sets: WCAG 2.0-2.2 A and AA (target size is 2.2 AA) and best practice
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
#: rules that fail a page whatever axe's impact says: labels, heading order, tap targets
ALWAYS_FAIL = {"label", "heading-order", "target-size"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(home: Path, *options: str, **settings: str) -> Iterator[str]:
    """Run `runready serve` with its data in ``home`` (on SQLite there unless ``settings``
    name a database: ``RUNREADY_…`` variables by their field names); yield its address; stop
    it afterwards.

    The server's output goes to a file (a pipe nobody reads would fill and stall it), and a
    traceback in it fails the test.
    """
    port = free_port()
    env = {**os.environ, "RUNREADY_HOME": str(home)}
    env.pop("RUNREADY_DATABASE_URL", None)
    env.pop("RUNREADY_SECRET_KEY", None)
    env.update({f"RUNREADY_{name.upper()}": value for name, value in settings.items()})
    log = home / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "runready", "serve", "--port", str(port), *options],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/api/v1/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not start: " + log.read_text())
        assert (home / "secret.key").stat().st_mode & 0o777 == 0o600
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        text = log.read_text()
        assert "Traceback" not in text, text


@contextmanager
def chromium() -> Iterator[Any]:
    """Launch Debian's Chromium through Playwright (skip, or fail in CI, when it is missing)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots; return its path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    SAVED.append(path)
    return path


def console_errors(page: Any) -> list[str]:
    """Collect the page's script errors and console errors into a list, as they happen.

    The browser's own note on a 4xx answer ("Failed to load resource") is left out: tests of
    bad input expect those answers.
    """
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def console(message: Any) -> None:
        if message.type == "error" and "Failed to load resource" not in message.text:
            errors.append(message.text)

    page.on("console", console)
    return errors


def requests_of(page: Any) -> list[str]:
    """Collect the address of every request the page makes into a list, as they happen."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    return asked


def set_up_account(browser: Any, server: str, password: str, demo: bool) -> dict[str, Any]:
    """Create the owner through the setup page; return its browser state and athlete pages.

    ``own`` is the athlete's own page prefix (/a/ID); ``demo`` the demo athlete's, if asked.
    """
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(server + "/setup")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", password)
    page.fill("input[name=timezone]", "Europe/Oslo")
    if demo:
        page.check("input[name=with_demo]")
    page.click("button[type=submit]")
    page.wait_for_url("**/today")
    own = page.url.removeprefix(server).rsplit("/", 1)[0]
    found: dict[str, Any] = {"own": own, "demo": None}
    if demo:
        page.goto(server + "/account")
        action = page.get_attribute("form[action$='/demo/remove']", "action") or ""
        found["demo"] = action.rsplit("/", 2)[0]
    found["state"] = context.storage_state()
    context.close()
    return found


def axe_problems(page: Any, exclude: tuple[str, ...] = ()) -> list[str]:
    """Run axe-core on the page; return each critical or serious finding, and any finding of
    ``ALWAYS_FAIL``, as "rule (impact): where" lines. ``exclude`` leaves out parts (CSS)."""
    page.evaluate(AXE.read_text())  # evaluated by the driver, so the page's CSP allows it
    found = page.evaluate(
        """([tags, exclude]) => axe.run(
            {include: [document], exclude: exclude.map(s => [s])},
            {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
          .then(r => r.violations.map(v => ({id: v.id, impact: v.impact,
            where: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))""",
        [AXE_TAGS, list(exclude)],
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(v['where'])}"
        for v in found
        if v["impact"] in ("critical", "serious") or v["id"] in ALWAYS_FAIL
    ]


def overflow(page: Any) -> int:
    """Return how many px the page is wider than its viewport (0 when it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
