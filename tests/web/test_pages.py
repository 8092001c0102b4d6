"""The pages without a browser: redirects, forms, fragments, error pages, headers, assets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from api_support import PASSWORD
from web_support import csrf as _csrf
from web_support import form_token as _form_token
from web_support import set_up as _set_up

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "runready" / "web"


def test_the_first_visit_goes_to_setup_and_later_visits_to_sign_in(site: Any) -> None:
    assert site.get("/").headers["location"] == "/setup"
    today = _set_up(site)
    assert re.fullmatch(r"/a/[0-9a-f-]+/today", today)
    site.cookies.clear()
    assert site.get("/").headers["location"] == "/login"
    assert site.get("/setup").headers["location"] == "/login"
    assert site.get(today).headers["location"].startswith("/login?next=")


def test_setup_and_sign_in_forms_need_the_token_that_came_with_the_form(site: Any) -> None:
    site.get("/setup")
    forged = site.post(
        "/setup", data={"form_token": "forged", "username": "eve", "password": PASSWORD}
    )
    assert forged.status_code == 403
    assert site.get("/").headers["location"] == "/setup"


def test_a_wrong_password_shows_the_form_again_with_the_reason(site: Any) -> None:
    _set_up(site)
    site.cookies.clear()
    page = site.get("/login")
    answer = site.post(
        "/login", data={"form_token": _form_token(page), "username": "ana", "password": "nope"}
    )
    assert answer.status_code == 422
    assert "wrong user name or password" in answer.text


def test_sign_in_only_returns_to_pages_of_this_site(site: Any) -> None:
    _set_up(site)
    site.cookies.clear()
    page = site.get("/login", params={"next": "//evil.example/"})
    assert 'value="/"' in page.text
    answer = site.post(
        "/login",
        data={
            "form_token": _form_token(page),
            "username": "ana",
            "password": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert answer.headers["location"] == "/"


def test_every_page_renders_for_the_owner_with_the_security_headers(site: Any) -> None:
    today = _set_up(site, demo=True)
    base = today.rsplit("/", 1)[0]
    for url in [today, *(f"{base}/{p}" for p in ("log", "import", "plan", "trends", "body"))]:
        page = site.get(url)
        assert page.status_code == 200, url
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "DENY"
    for url in ("/coach", "/account", "/sources"):
        assert site.get(url).status_code == 200, url


def test_the_demo_athlete_is_marked_on_its_pages_and_removed_in_one_click(site: Any) -> None:
    _set_up(site, demo=True)
    account = site.get("/account")
    demo_id = re.search(r'action="/a/([0-9a-f-]+)/demo/remove"', account.text)
    assert demo_id is not None
    page = site.get(f"/a/{demo_id.group(1)}/today")
    assert "Demo athlete." in page.text
    removed = site.post(f"/a/{demo_id.group(1)}/demo/remove", data={"csrf_token": _csrf(page)})
    assert removed.status_code == 303
    assert site.get(f"/a/{demo_id.group(1)}/today").status_code == 404


def test_the_body_map_draws_every_muscle_with_its_number(site: Any) -> None:
    from runready.core.model import Region

    today = _set_up(site, demo=True)
    demo = site.get("/account")
    demo_id = re.search(r'action="/a/([0-9a-f-]+)/demo/remove"', demo.text)
    assert demo_id is not None
    page = site.get(f"/a/{demo_id.group(1)}/body").text
    for region in Region:
        assert f'data-region="{region.value}"' in page
    numbers = re.findall(r'<td class="num">(\d+) %</td>', page)
    assert len(numbers) == len(Region)
    assert any(int(n) > 0 for n in numbers)
    assert today


def test_a_htmx_check_in_answers_with_the_refreshed_advice_card_only(site: Any) -> None:
    today = _set_up(site)
    athlete = today.split("/")[2]
    page = site.get(today)
    assert 'data-verdict="go"' in page.text
    card = site.post(
        f"/a/{athlete}/checkin",
        data={"soreness": "8"},
        headers={"hx-request": "true", "x-csrf-token": _csrf(page)},
    )
    assert card.status_code == 200
    assert "<html" not in card.text
    assert 'data-verdict="alternative"' in card.text


def test_the_log_form_stores_a_strength_session_with_its_exercises(site: Any) -> None:
    today = _set_up(site)
    athlete = today.split("/")[2]
    page = site.get(f"/a/{athlete}/log")
    form = {
        "csrf_token": _csrf(page),
        "type": "strength",
        "day": "2026-01-05",
        "at": "07:00",
        "duration_min": "60",
        "rpe": "8",
        "focus": "legs",
        "exercises": "Squat 5x5@100\nRomanian Deadlift 3x8@80 rpe 8",
    }
    assert site.post(f"/a/{athlete}/log", data=form).status_code == 303
    stored = site.get(f"/api/v1/athletes/{athlete}/sessions").json()
    assert stored[-1]["sets"] == 8 and stored[-1]["focus"] == "legs"
    bad = site.post(f"/a/{athlete}/log", data={**form, "exercises": "Squat five by five"})
    assert bad.status_code == 422
    assert "cannot read" in bad.text
    assert len(site.get(f"/api/v1/athletes/{athlete}/sessions").json()) == 1


def test_a_browser_asking_for_a_missing_page_gets_an_error_page(site: Any) -> None:
    _set_up(site)
    page = site.get("/a/01a1ffb6-0000-7000-8000-000000000000/today")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Not found" in page.text
    api = site.get("/api/v1/athletes/01a1ffb6-0000-7000-8000-000000000000")
    assert api.headers["content-type"] == "application/problem+json"


def test_the_front_end_assets_are_the_pinned_vendored_ones_and_nothing_loads_from_elsewhere(
    site: Any,
) -> None:
    pins = json.loads((ROOT / "frontend" / "package.json").read_text())["dependencies"]
    vendored = dict(
        line.split() for line in (WEB / "static" / "vendor" / "VERSIONS").read_text().splitlines()
    )
    assert vendored == pins
    for asset in ("htmx.min.js", "uPlot.iife.min.js", "uPlot.min.css", "pico.min.css"):
        assert site.get(f"/static/vendor/{asset}").status_code == 200
    ours = [*WEB.glob("templates/*.html"), WEB / "static" / "app.js", WEB / "static" / "app.css"]
    for path in ours:
        text = path.read_text()
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path
        assert "<script>" not in text, f"{path}: inline scripts are blocked by the CSP"


def test_the_what_if_form_answers_on_today_and_as_a_fragment(site: Any) -> None:
    today = _set_up(site, demo=False)
    base = today.rsplit("/", 1)[0]
    page = site.get(today)
    assert 'action="' + base + '/whatif"' in page.text
    full = site.get(
        base + "/whatif",
        params={
            "ask": "keep",
            "day": "tomorrow",
            "at": "18:00",
            "kind": "intervals",
            "minutes": "45",
        },
    )
    assert full.status_code == 200 and "hard sets at RPE 8 at most today" in full.text
    fragment = site.get(
        base + "/whatif",
        params={"ask": "when", "kind": "tempo", "minutes": "40"},
        headers={"hx-request": "true"},
    )
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<div id="whatif-answer"')
    assert "Earliest tempo 40" in fragment.text


def test_a_what_if_that_cannot_be_read_shows_the_error_where_it_was_asked(site: Any) -> None:
    today = _set_up(site)
    base = today.rsplit("/", 1)[0]
    answer = site.get(
        base + "/whatif",
        params={"ask": "keep", "day": "tomorrow", "at": "", "kind": "intervals"},
        headers={"hx-request": "true"},
    )
    assert answer.status_code == 200
    assert 'role="alert"' in answer.text and "give the time after the day" in answer.text


def test_a_failed_import_shows_why_in_plain_words_and_a_button_that_retries_it(
    site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api_support import run_jobs
    from runready.services import jobs

    base = _set_up(site).rsplit("/", 1)[0]
    page = site.get(f"{base}/import")
    gpx = (
        '<?xml version="1.0"?><gpx version="1.1" creator="t" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        + "".join(
            f'<trkpt lat="52.5{i:02d}" lon="13.4"><time>2026-03-02T08:{i:02d}:00Z</time></trkpt>'
            for i in range(0, 40, 4)
        )
        + "</trkseg></trk></gpx>"
    ).encode()
    posted = site.post(
        f"{base}/import",
        data={"csrf_token": _csrf(page)},
        files=[("files", ("run.gpx", gpx, "application/gpx+xml"))],
    )
    assert posted.status_code == 303
    panel = posted.headers["location"]

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("/srv/secret: the disk went away")

    with monkeypatch.context() as failing:
        failing.setattr(jobs.importing, "import_paths", broken)
        assert run_jobs(site.app) == 1
    failed = site.get(panel)
    assert "Import failed" in failed.text and jobs.INTERNAL_ERROR in failed.text
    assert "/srv/secret" not in failed.text
    retried = site.post(
        f"{panel}/retry", data={"csrf_token": _csrf(failed)}, headers={"hx-request": "true"}
    )
    assert retried.status_code == 200 and "Waiting to start" in retried.text
    assert run_jobs(site.app) == 1
    assert "Import finished" in site.get(panel).text


def test_today_asks_for_a_word_after_a_run_and_one_tap_stores_it(site: Any) -> None:
    from datetime import UTC, datetime, timedelta

    today = _set_up(site)
    athlete = today.split("/")[2]
    page = site.get(today)
    assert 'class="feedback"' not in page.text, "no run yet, nothing to ask"
    start = (datetime.now(UTC) - timedelta(hours=3)).replace(microsecond=0).isoformat()
    ran = site.post(
        f"/api/v1/athletes/{athlete}/sessions",
        json={"type": "run", "start": start, "duration_min": 40, "kind": "easy"},
        headers={"x-csrf-token": _csrf(page)},
    )
    assert ran.status_code == 201, ran.text
    page = site.get(today)
    assert 'class="feedback"' in page.text and 'value="had_to_stop"' in page.text
    card = site.post(
        f"/a/{athlete}/feedback",
        data={"run_id": ran.json()["id"], "legs": "heavy"},
        headers={"hx-request": "true", "x-csrf-token": _csrf(page)},
    )
    assert card.status_code == 200 and "<html" not in card.text
    assert "Noted: legs heavy" in card.text and 'class="feedback"' not in card.text
    told = site.get(f"/api/v1/athletes/{athlete}/feedback").json()
    assert [(f["run_id"], f["legs"]) for f in told] == [(ran.json()["id"], "heavy")]
    refused = site.post(
        f"/a/{athlete}/feedback",
        data={"run_id": ran.json()["id"], "legs": "wobbly"},
        headers={"x-csrf-token": _csrf(page)},
    )
    assert refused.status_code == 422


def test_today_shows_every_signal_and_the_rate_and_trends_the_record(site: Any) -> None:
    today = _set_up(site)
    athlete = today.split("/")[2]
    page = site.get(today)
    site.post(
        f"/api/v1/athletes/{athlete}/wellness",
        json={"sleep_h": 5.5, "hrv_sdnn_ms": 70},
        headers={"x-csrf-token": _csrf(page)},
    )
    page = site.get(today).text
    for signal in ("declared", "soreness", "leg_model", "hrv", "resting_hr", "sleep"):
        assert f'data-signal="{signal}"' in page
    assert 'data-signal="sleep" data-says="moderate" class="settled"' in page
    assert "settled by sleep (R20)" in page
    assert "sdnn today 70 ms" in page
    assert "Still learning your recovery rate (0 outcomes so far)" in page
    trends = site.get(f"/a/{athlete}/trends").text
    assert "Your recovery rate" in trends and "no run with feedback to judge yet" in trends
