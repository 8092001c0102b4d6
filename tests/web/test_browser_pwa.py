"""The installable app in Chromium: manifest and service worker pass Chromium's installability
check; Today reads offline after one visit; a check-in made offline is sent once back online."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from api_support import PASSWORD
from browser_support import CHROMIUM, FLAGS, PHONE, console_errors, set_up_account, shot


@pytest.fixture(scope="module")
def account(server: str, browser: Any) -> dict[str, Any]:
    return set_up_account(browser, server, PASSWORD, demo=False)


def _kept(page: Any) -> None:
    """Wait until the service worker controls the page and holds a copy of it."""
    page.wait_for_function("() => !!navigator.serviceWorker.controller", polling=100)
    page.wait_for_function(
        "() => caches.open('rr-pages').then(c => c.match(location.href)).then(Boolean)",
        polling=200,
        timeout=10_000,
    )


def test_chromium_finds_the_app_installable(
    server: str, account: dict[str, Any], browser: Any, tmp_path: Path
) -> None:
    # Chromium never offers to install from an incognito-like context: use a real profile.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=FLAGS, viewport=PHONE
    )
    context.add_cookies(account["state"]["cookies"])
    page = context.new_page()
    page.goto(server + account["own"] + "/today")
    _kept(page)
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]
    assert manifest["url"].endswith("/static/manifest.webmanifest")
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    for icon in ("icon-192.png", "icon-512.png", "icon-maskable-512.png"):
        answer = context.request.get(f"{server}/static/{icon}")
        assert answer.ok and answer.headers["content-type"] == "image/png"
    context.close()


def test_today_reads_offline_and_a_check_in_made_offline_is_sent_when_back_online(
    server: str, account: dict[str, Any], browser: Any
) -> None:
    context = browser.new_context(viewport=PHONE, storage_state=account["state"])
    page = context.new_page()
    errors = console_errors(page)
    today = server + account["own"] + "/today"
    checkins = f"{server}/api/v1/athletes/{account['own'].split('/')[2]}/checkins"
    page.goto(today)
    verdict = page.get_attribute(".verdict-label", "data-verdict")
    _kept(page)

    context.set_offline(True)
    page.reload()
    assert page.get_attribute(".verdict-label", "data-verdict") == verdict
    assert "As of" in page.inner_text("#advice")
    assert "You are offline" in page.inner_text("#connection")
    shot(page, "pwa-today-offline")

    made = datetime.now(UTC)
    page.click("#checkin button[value='5']")
    page.wait_for_selector("#checkin-error .notice")
    assert "kept on this device" in page.inner_text("#checkin-error")
    assert context.request.get(checkins).json() == []

    context.set_offline(False)
    page.wait_for_selector("#connection >> text=has been sent", timeout=15_000)
    stored = context.request.get(checkins).json()
    assert len(stored) == 1
    at = datetime.fromisoformat(stored[0]["at"])
    assert made - timedelta(seconds=5) <= at <= made + timedelta(seconds=5)
    assert max(stored[0]["soreness"].values()) == 5
    page.wait_for_selector(".last-checkin >> text=legs 5/10")
    unexpected = [e for e in errors if "net::ERR_INTERNET_DISCONNECTED" not in e]
    assert unexpected == [], unexpected
    context.close()


def test_signing_out_forgets_the_kept_pages(server: str, account: dict[str, Any], browser: Any):
    context = browser.new_context(viewport=PHONE, storage_state=account["state"])
    page = context.new_page()
    page.goto(server + account["own"] + "/today")
    _kept(page)
    page.click("text=Sign out ana")
    page.wait_for_url("**/login")
    kept = page.evaluate("caches.open('rr-pages').then(c => c.keys()).then(k => k.length)")
    assert kept == 0
    context.close()
