"""The whole app in a real browser: Debian's Chromium, headless, driven by Playwright.

setup → import a sample export → Today shows advice → a very sore check-in changes the verdict
→ plan the week → the .ics link downloads a calendar. Every page is photographed into
test-artifacts/screenshots/.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from api_support import PASSWORD
from browser_support import shot

SAMPLES = (
    "fit/python-fitparse__activity-small-fenix2-run.fit",
    "fit/python-fitparse__garmin-fenix-5-run.fit",
    "fit/Garmin-Strength-Training-Fit-File-Generator__D55A5738.fit",
    "csv/strong-charts__strong.csv",
)


def _export(shared: Path, folder: Path) -> Path:
    """Zip some of the shared sample files like a device export."""
    samples = shared / "samples"
    names = [*SAMPLES, "tcx/" + sorted(p.name for p in (samples / "tcx").glob("*.tcx"))[0]]
    path = folder / "export.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(f"my-export/{Path(name).name}", (samples / name).read_bytes())
    path.write_bytes(buffer.getvalue())
    return path


def test_an_athlete_sets_up_imports_checks_in_plans_and_subscribes(
    server: str, browser: Any, shared: Path, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(server)
    assert page.url.endswith("/setup")
    shot(page, "01-setup")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/today")
    athlete_page = page.url.rsplit("/", 1)[0]

    page.click("nav >> text=Import")
    page.set_input_files("input[type=file]", str(_export(shared, tmp_path)))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#job[data-status=done]", timeout=60_000)
    counts = page.inner_text("#job .counts")
    imported = re.search(r"(\d+) imported", counts)
    assert imported is not None and int(imported.group(1)) >= 4, counts
    shot(page, "02-import")

    page.click("#job >> text=See today's advice")
    page.wait_for_selector("#advice")
    before = page.get_attribute(".verdict-label", "data-verdict")
    assert before in ("go", "easy", "wait", "alternative", "rest")
    assert page.locator("#advice .reasons li").count() >= 1
    shot(page, "03-today")

    page.click("button:has-text('Very sore')")
    page.wait_for_selector(".verdict-label[data-verdict=alternative]")
    assert before != "alternative"
    assert "R7" in page.inner_text("#advice .reasons")
    shot(page, "04-today-after-check-in")

    page.click("nav >> text=Plan")
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        page.fill(f"input[name={day}]", "07:00-09:00, 17:00-21:00")
    page.click("text=Save free times")
    page.wait_for_url("**/plan")
    page.fill("input[name=count_0]", "2")  # leg strength
    page.fill("input[name=count_3]", "2")  # easy runs
    page.fill("input[name=count_6]", "1")  # intervals
    page.click("text=Save sessions")
    page.wait_for_url("**/plan")
    page.click("text=next →")
    page.click("#plan-week")
    page.wait_for_selector("#plan .planned")
    assert page.locator("#plan .planned").count() == 5
    shot(page, "05-plan")

    with page.expect_download() as download:
        page.click("#ics-download")
    calendar = Path(download.value.path()).read_text()
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert calendar.count("TRANSP:OPAQUE") == 5  # the planned sessions
    ready = calendar.count("BEGIN:VEVENT") - 5  # and when the next quality run is OK
    assert ready in (0, 1) and calendar.count(" run OK from ") == ready

    for name in ("trends", "body", "log"):
        page.goto(f"{athlete_page}/{name}")
        page.wait_for_load_state("networkidle")
        shot(page, f"06-{name}")
    assert page.locator("canvas").count() == 0  # the log page has no chart
    page.goto(f"{athlete_page}/trends")
    page.wait_for_selector("#chart-form canvas")
    for name in ("coach", "account", "sources"):
        page.goto(f"{server}/{name}")
        shot(page, f"07-{name}")

    phone = browser.new_context(
        viewport={"width": 390, "height": 844},
        color_scheme="dark",
        storage_state=context.storage_state(),
    )
    small = phone.new_page()
    small.goto(f"{athlete_page}/today")
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    shot(small, "08-today-phone-dark")
    assert errors == []
