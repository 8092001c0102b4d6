"""A first morning, timed in a real browser on a phone: set up → import a Strava export →
the first advice on the athlete's own data, in under the issue's two minutes; then a
check-in in at most two taps. The run prints the times it measured."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from api_support import PASSWORD
from browser_support import MEASURED, PHONE, console_errors, shot

STRAVA_INDEX = "samples/csv/Strava-Activity-Map__activities.csv"
BAR_S = 120  # the bar: from setup to the first advice in under two minutes


def _strava_export(shared: Path, folder: Path) -> Path:
    """Zip the shared Strava activities.csv as a Strava bulk export lays it out."""
    index = shared / STRAVA_INDEX
    if not index.exists():
        pytest.skip(f"the Strava sample is not in the shared folder: {index}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export_6139012/activities.csv", index.read_bytes())
    path = folder / "export_6139012.zip"
    path.write_bytes(buffer.getvalue())
    return path


def test_a_first_morning_reaches_advice_on_own_data_in_time_and_checks_in_in_two_taps(
    server: str, browser: Any, shared: Path, tmp_path: Path
) -> None:
    export = _strava_export(shared, tmp_path)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors = console_errors(page)

    started = time.monotonic()
    page.goto(server)
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/today")
    athlete = page.url.rsplit("/", 2)[1]
    set_up_s = time.monotonic() - started

    page.click("nav >> text=Import")
    page.set_input_files("input[type=file]", str(export))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#job[data-status=done]", timeout=BAR_S * 1000)
    imported = re.search(r"(\d+) imported", page.inner_text("#job .counts"))
    assert imported is not None and int(imported.group(1)) == 1
    added = int(page.inner_text("#job td[data-label=Sessions]").split()[0])
    shot(page, "first-morning-1-import")
    page.click("#job >> text=See today's advice")
    page.wait_for_selector("#advice .verdict-label")
    advice_s = time.monotonic() - started
    shot(page, "first-morning-2-advice")

    listed = f"{server}/api/v1/athletes/{athlete}/sessions?limit=5000"
    stored = context.request.get(listed).json()
    assert added >= 1000 and len(stored) == added
    assert {s["source"] for s in stored} == {"strava_csv"}

    taps = 0
    before = page.get_attribute(".verdict-label", "data-verdict")
    page.click("#checkin button:has-text('Very sore')")
    taps += 1
    page.wait_for_selector(".verdict-label[data-verdict=alternative]")
    assert before != "alternative" and taps <= 2
    assert "Checked in." in page.inner_text(".last-checkin")
    shot(page, "first-morning-3-checked-in")
    assert errors == []
    context.close()

    MEASURED.append(
        f"first morning on a phone: account made in {set_up_s:.1f} s; advice on "
        f"{added} imported Strava sessions {advice_s:.1f} s after opening the app "
        f"(bar {BAR_S} s); check-in in {taps} tap"
    )
    assert advice_s < BAR_S
