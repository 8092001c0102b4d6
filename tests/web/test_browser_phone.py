"""The app on a 390 px phone: a nav that fits, tables that stack, and a Today page whose
verdict, countdowns and one-tap check-in fit the first screen and never go stale."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from api_support import PASSWORD
from browser_support import PHONE, console_errors, set_up_account, shot

SCREEN_BOTTOM = PHONE["height"]


@pytest.fixture(scope="module")
def account(server: str, browser: Any) -> dict[str, Any]:
    return set_up_account(browser, server, PASSWORD, demo=True)


@pytest.fixture(params=["light", "dark"])
def phone(browser: Any, account: dict[str, Any], request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(
        viewport=PHONE, color_scheme=request.param, storage_state=account["state"]
    )
    page = context.new_page()
    page.scheme = request.param
    yield page
    context.close()


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return dict(box)


def test_the_nav_fits_a_phone_and_reaches_coach_and_account(
    server: str, account: dict[str, Any], phone: Any
) -> None:
    phone.goto(server + account["own"] + "/today")
    pages = phone.locator("header nav ul.pages")
    assert pages.evaluate("list => list.scrollWidth <= list.clientWidth")
    names = phone.locator("header nav ul.pages a").all_inner_texts()
    assert {"Today", "Log", "Import", "Plan", "Trends", "Body", "Coach", "Account"} <= set(names)
    for link in phone.locator("header nav ul.pages a").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 24
    phone.click("header nav >> text=Account")
    phone.wait_for_url("**/account")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("who", ["own", "demo"])
def test_verdict_countdowns_and_check_in_fit_the_first_phone_screen(
    server: str, account: dict[str, Any], phone: Any, who: str
) -> None:
    errors = console_errors(phone)
    phone.goto(server + account[who] + "/today")
    for selector in (".verdict-label", ".countdowns", "#checkin .soreness-buttons"):
        box = _box(phone, selector)
        assert box["y"] >= 0 and box["y"] + box["height"] <= SCREEN_BOTTOM, selector
    assert phone.locator("#checkin .soreness-buttons button").count() == 4
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, f"phone-today-{who}-{phone.scheme}")
    assert errors == []


def test_a_check_in_on_a_phone_is_one_tap_and_the_new_verdict_shows_on_screen(
    server: str, account: dict[str, Any], browser: Any
) -> None:
    context = browser.new_context(viewport=PHONE, storage_state=account["state"])
    page = context.new_page()
    page.goto(server + account["own"] + "/today")
    before = page.get_attribute(".verdict-label", "data-verdict")
    page.mouse.wheel(0, 600)
    page.click("#checkin button:has-text('Very sore')")
    page.wait_for_selector(".verdict-label[data-verdict=alternative]")
    assert before != "alternative"
    box = _box(page, ".verdict-label")
    assert 0 <= box["y"] <= SCREEN_BOTTOM
    assert "Checked in." in page.inner_text(".last-checkin")
    context.close()


def test_reasons_read_one_line_each_and_open_with_more(
    server: str, account: dict[str, Any], phone: Any
) -> None:
    phone.goto(server + account["demo"] + "/today")
    lines = phone.locator("#advice .reasons-list .line")
    assert lines.count() >= 2
    height = float(phone.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)"))
    for index in range(lines.count()):
        assert lines.nth(index).evaluate("el => el.getBoundingClientRect().height") < 1.6 * height
    clipped = lines.evaluate_all("all => all.filter(el => el.scrollWidth > el.clientWidth).length")
    assert clipped >= 1
    first = phone.locator("#advice .reasons-list details").first
    first.locator("summary").click()
    assert first.evaluate("el => el.open")
    assert first.locator(".sources").is_visible()


def test_the_verdict_asks_again_when_the_next_gate_opens_and_when_the_page_is_seen_again(
    server: str, account: dict[str, Any], browser: Any
) -> None:
    context = browser.new_context(viewport=PHONE, storage_state=account["state"])
    page = context.new_page()
    page.clock.install()
    refreshes: list[str] = []

    def note(request: Any) -> None:
        if request.url.endswith("/today") and request.headers.get("hx-request") == "true":
            refreshes.append(request.url)

    page.on("request", note)
    page.goto(server + account["demo"] + "/today")
    seconds = int(page.get_attribute("#advice", "data-refresh-in") or 0)
    assert seconds > 120
    page.clock.fast_forward((seconds - 60) * 1000)
    page.wait_for_timeout(300)
    assert refreshes == []
    with page.expect_response(lambda answer: answer.url.endswith("/today")):
        page.clock.fast_forward(120_000)
    page.wait_for_timeout(300)
    assert len(refreshes) == 1
    assert page.locator("#advice").count() == 1
    page.clock.fast_forward(20_000)
    with page.expect_response(lambda answer: answer.url.endswith("/today")):
        page.evaluate("window.dispatchEvent(new Event('focus'))")
    assert len(refreshes) == 2
    context.close()


def test_the_body_map_numbers_are_readable_on_a_phone(
    server: str, account: dict[str, Any], phone: Any
) -> None:
    phone.goto(server + account["demo"] + "/body")
    sizes = phone.locator(".bodymap .value").evaluate_all(
        "all => all.map(el => parseFloat(getComputedStyle(el).fontSize)"
        " * el.ownerSVGElement.getBoundingClientRect().width / 380)"
    )
    assert sizes and min(sizes) >= 12, sizes


def test_tables_stack_into_labelled_rows_on_a_phone(
    server: str, account: dict[str, Any], phone: Any
) -> None:
    phone.goto(server + account["demo"] + "/log")
    table = phone.locator("table.stack").first
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
    cell = phone.locator("table.stack tbody td[data-label=Minutes]").first
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Minutes"'
    assert cell.evaluate("td => getComputedStyle(td).display") == "grid"
    shot(phone, f"phone-log-{phone.scheme}")
