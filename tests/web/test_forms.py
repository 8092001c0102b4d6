"""Forms answer where the user acted: errors in the user's words with the input kept, and
confirmations after a redirect, so that reloading a page never sends a form twice."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from typing import Any

from web_support import csrf, set_up

HTMX = {"hx-request": "true"}


def _athlete(site: Any, **setup: Any) -> tuple[str, str]:
    """Set up the owner; return the athlete's base URL and the page's CSRF token."""
    today = set_up(site, **setup)
    return today.rsplit("/", 1)[0], csrf(site.get(today))


def _text(page: Any) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page.text))


def test_plan_this_week_before_free_times_says_what_to_do_on_the_page(site: Any) -> None:
    base, token = _athlete(site)
    fragment = site.post(
        base + "/plan",
        data={"week": "2026-11-23"},
        headers={**HTMX, "x-csrf-token": token, "hx-trigger": "plan-form"},
    )
    assert fragment.status_code == 422
    assert fragment.text.lstrip().startswith('<section id="plan">')
    assert "No free times yet: fill in “When you are free” below" in fragment.text
    assert 'href="#free-times"' in fragment.text
    assert "runready availability" not in fragment.text
    site.post(base + "/availability", data={"csrf_token": token, "mon": "17:00-21:00"})
    no_template = site.post(
        base + "/plan", data={"week": "2026-11-23"}, headers={**HTMX, "x-csrf-token": token}
    )
    assert "No weekly sessions yet: fill in “Sessions per week” below" in no_template.text
    assert "runready template" not in no_template.text


def test_an_htmx_error_is_a_fragment_aimed_at_the_error_slot_of_the_form_that_sent_it(
    site: Any,
) -> None:
    base, token = _athlete(site)
    answer = site.post(
        base + "/checkin",
        data={"soreness": "3", "sleep_h": "30"},
        headers={**HTMX, "x-csrf-token": token, "hx-trigger": "checkin"},
    )
    assert answer.status_code == 422
    assert answer.headers["hx-retarget"] == "#checkin-error"
    assert answer.headers["hx-reswap"] == "innerHTML"
    assert answer.text.strip() == (
        '<p class="error" role="alert">Slept (h): must be at most 24, got 30</p>'
    )
    assert 'id="checkin-error"' in site.get(base + "/today").text
    assert site.get(f"/api/v1/athletes/{base.split('/')[2]}/checkins").json() == []


def test_an_error_from_the_framework_reaches_the_slot_too_and_a_nameless_sender_swaps_nothing(
    site: Any,
) -> None:
    base, token = _athlete(site)
    expired = site.post(
        base + "/checkin",
        data={"soreness": "3"},
        headers={**HTMX, "x-csrf-token": "stale", "hx-trigger": "checkin"},
    )
    assert expired.status_code == 403
    assert expired.headers["hx-retarget"] == "#checkin-error"
    assert "CSRF token" in expired.text and "<html" not in expired.text
    nameless = site.post(
        base + "/checkin", data={"soreness": "eleven"}, headers={**HTMX, "x-csrf-token": token}
    )
    assert nameless.status_code == 422
    assert nameless.headers["hx-reswap"] == "none"
    assert "hx-retarget" not in nameless.headers


def test_a_check_in_without_javascript_that_cannot_be_read_keeps_the_answers(site: Any) -> None:
    base, token = _athlete(site)
    page = site.post(
        base + "/checkin",
        data={"csrf_token": token, "soreness": "3", "sleep_h": "-2", "feel": "tired"},
    )
    assert page.status_code == 422
    slot = re.search(r'<div id="checkin-error"[^>]*>(.*?)</div>', page.text, re.S)
    assert slot is not None and "Slept (h): must be at least 0" in slot.group(1)
    assert 'value="-2"' in page.text
    assert "<option selected>tired</option>" in page.text


def test_one_bad_exercise_line_keeps_the_whole_strength_entry_and_names_the_line(
    site: Any,
) -> None:
    base, token = _athlete(site)
    typed = "Squat 5x5@100\nLunges three sets\nRomanian Deadlift 3x8@80 rpe 8"
    form = {
        "csrf_token": token,
        "type": "strength",
        "day": "2026-01-05",
        "at": "07:15",
        "duration_min": "55",
        "rpe": "8",
        "focus": "legs",
        "exercises": typed,
    }
    page = site.post(base + "/log", data=form)
    assert page.status_code == 422
    assert "Exercise line 2: cannot read 'Lunges three sets'" in html.unescape(page.text)
    assert "--exercise" not in page.text
    assert 'value="strength" checked' in page.text
    assert 'value="run" checked' not in page.text
    assert f">{html.escape(typed)}</textarea>" in page.text
    for kept in ('value="2026-01-05"', 'value="07:15"', 'value="55"', 'value="8"'):
        assert kept in page.text
    assert "<option selected>legs</option>" in page.text
    athlete = base.split("/")[2]
    assert site.get(f"/api/v1/athletes/{athlete}/sessions").json() == []


def test_a_log_form_missing_its_minutes_says_so_in_the_forms_words(site: Any) -> None:
    base, token = _athlete(site)
    form = {"csrf_token": token, "type": "run", "day": "2026-01-05", "at": "07:15", "kind": "easy"}
    page = site.post(base + "/log", data={**form, "duration_min": "", "distance_km": "8.5"})
    assert page.status_code == 422
    assert "Minutes: how long was the session?" in page.text
    assert 'value="8.5"' in page.text and "<option selected>easy</option>" in page.text
    late = site.post(base + "/log", data={**form, "duration_min": "40", "day": "5 Jan"})
    assert "Day: cannot read '5 Jan' (e.g. 2026-01-05)" in html.unescape(late.text)


def test_logging_redirects_and_confirms_once(site: Any) -> None:
    base, token = _athlete(site)
    form = {
        "csrf_token": token,
        "type": "strength",
        "day": "2026-01-05",
        "at": "07:00",
        "duration_min": "60",
        "focus": "legs",
        "exercises": "Squat 5x5@100\nRomanian Deadlift 3x8@80",
    }
    answer = site.post(base + "/log", data=form)
    assert answer.status_code == 303 and answer.headers["location"] == base + "/log"
    shown = site.get(base + "/log")
    assert "Logged: strength · legs, 60 min, 8 sets." in shown.text
    assert "Logged:" not in site.get(base + "/log").text


def test_the_free_times_form_reads_the_readmes_format_and_commas(site: Any) -> None:
    base, token = _athlete(site)
    answer = site.post(
        base + "/availability",
        data={
            "csrf_token": token,
            "mon": "06:30-08:00 17:30-21:00",
            "tue": "17:30 – 21:00",
            "wed": "06:30-08:00, 17:30-21:00",
            "sat": "08:00-12:00;",
        },
    )
    assert answer.status_code == 303
    shown = _text(site.get(base + "/plan"))
    assert "Free times saved." in shown
    assert "Mon: 06:30-08:00, 17:30-21:00" in shown and "Tue: 17:30-21:00" in shown
    stored = site.get(f"/api/v1/athletes/{base.split('/')[2]}/availability").json()
    assert stored["mon"] == ["06:30-08:00", "17:30-21:00"]
    assert stored["wed"] == ["06:30-08:00", "17:30-21:00"] and stored["sat"] == ["08:00-12:00"]


def test_a_free_times_mistake_names_the_day_and_keeps_all_seven(site: Any) -> None:
    base, token = _athlete(site)
    site.post(base + "/availability", data={"csrf_token": token, "sun": "09:00-11:00"})
    typed = {
        "mon": "06:30-08:00 17:30-21:00",
        "tue": "17:30-2100",
        "wed": "18:00-20:00 19:00-21:00",
        "thu": "",
        "fri": "07:00-08:00",
        "sat": "08:00-12:00",
        "sun": "",
    }
    page = site.post(base + "/availability", data={"csrf_token": token, **typed})
    assert page.status_code == 422
    text = html.unescape(page.text)
    assert "Free times not saved. Tue: not a window: '17:30-2100' (use 17:30-21:00)" in text
    assert "Wed: windows 18:00-20:00 and 19:00-21:00 overlap" in text
    for day, value in typed.items():
        assert f'name="{day}" value="{value}"' in text, day
    assert 'aria-describedby="tue-problem"' in text
    stored = site.get(f"/api/v1/athletes/{base.split('/')[2]}/availability").json()
    assert {day: w for day, w in stored.items() if w} == {"sun": ["09:00-11:00"]}


def test_a_new_api_key_is_shown_once_and_reloading_makes_no_second_key(site: Any) -> None:
    _base, token = _athlete(site)
    made = site.post("/account/keys", data={"csrf_token": token, "name": "watch"})
    assert made.status_code == 303 and made.headers["location"] == "/account#api-keys"
    first = site.get("/account")
    key = re.search(r'id="flash-secret" value="(rr_[^"]+)"', first.text)
    assert key is not None
    again = site.get("/account")
    assert key.group(1) not in again.text and "flash-secret" not in again.text
    keys = site.get("/api/v1/keys").json()
    assert [k["name"] for k in keys] == ["watch"]
    api = site.get("/api/v1/athletes", headers={"authorization": f"Bearer {key.group(1)}"})
    assert api.status_code == 200


def test_a_forged_or_tampered_confirmation_is_not_shown(site: Any) -> None:
    base, token = _athlete(site)
    site.post(base + "/availability", data={"csrf_token": token, "mon": "17:00-21:00"})
    real = site.cookies.get("rr_flash")
    payload, mac = real.split(".")
    site.cookies.set("rr_flash", payload[:-4] + "AAAA." + mac, domain="testserver.local")
    assert "Free times saved." not in site.get(base + "/plan").text
    site.cookies.set("rr_flash", "e30.forged", domain="testserver.local")
    assert "Free times saved." not in site.get(base + "/plan").text


def test_reminders_that_are_not_minutes_are_refused_beside_what_was_kept(site: Any) -> None:
    base, token = _athlete(site)
    site.post(base + "/calendar/alarms", data={"csrf_token": token, "minutes": "45"})
    refused = site.post(base + "/calendar/alarms", data={"csrf_token": token, "minutes": "soon"})
    assert refused.status_code == 422
    assert "is not a list of whole minutes" in html.unescape(refused.text)
    assert 'value="45"' in site.get(base + "/plan").text


def test_the_plan_page_offers_each_planned_run_as_a_fit_workout(site: Any) -> None:
    base, token = _athlete(site)
    monday = (date.today() + timedelta(days=7 - date.today().weekday())).isoformat()
    site.post(base + "/availability", data={"csrf_token": token, "tue": "17:00-21:00"})
    site.post(base + "/template", data={"csrf_token": token, "count_3": "1"})
    site.post(base + "/plan", data={"csrf_token": token, "week": monday})
    page = site.get(f"{base}/plan?week={monday}").text
    links = re.findall(r'href="(/a/[^"]+/workouts/[^"]+\.fit)"', page)
    assert len(links) == 1
    answer = site.get(links[0])
    assert answer.status_code == 200 and answer.content[8:12] == b".FIT"


def test_the_plan_page_links_intervals_icu_and_sends_the_week_there(site: Any) -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "sync"))
    from intervals_contract import Calendar, serving

    base, token = _athlete(site)
    monday = (date.today() + timedelta(days=7 - date.today().weekday())).isoformat()
    site.post(base + "/availability", data={"csrf_token": token, "tue": "17:00-21:00"})
    site.post(base + "/template", data={"csrf_token": token, "count_3": "1"})
    site.post(base + "/plan", data={"csrf_token": token, "week": monday})
    calendar = Calendar("i5", "page-key")
    with serving(calendar) as url:
        form = {"csrf_token": token, "base_url": url, "remote": "i5", "api_key": "page-key"}
        linked = site.post(base + "/intervals", data=form)
        assert linked.status_code == 303
        page = site.get(base + "/plan").text
        assert "Linked to intervals.icu athlete i5" in page and "page-key" not in page
        sent = site.post(base + "/intervals/push", data={"csrf_token": token, "week": monday})
        assert sent.status_code == 303
        assert "Sent 1 session to intervals.icu, removed 0." in html.unescape(
            site.get(base + "/plan").text
        )
    (event,) = calendar.events.values()
    tuesday = date.fromisoformat(monday) + timedelta(days=1)
    assert event["start_date_local"].startswith(tuesday.isoformat())


def test_every_full_page_form_redirects_after_success(site: Any) -> None:
    base, token = _athlete(site)
    athlete = base.split("/")[2]
    monday = (date.today() + timedelta(days=7 - date.today().weekday())).isoformat()
    posts = [
        (base + "/checkin", {"soreness": "0"}, base + "/today", "Checked in: fresh."),
        (base + "/availability", {"tue": "17:00-21:00"}, base + "/plan", "Tue: 17:00-21:00"),
        (base + "/template", {"count_3": "2"}, base + "/plan", "2 x easy run, 60 min"),
        (base + "/plan", {"week": monday}, f"{base}/plan?week={monday}", "Planned 1 session."),
        (base + "/calendar/rotate", {}, base + "/plan#calendar", "New calendar link made"),
        (base + "/calendar/alarms", {"minutes": "30, 600"}, base + "/plan#calendar", "600 min"),
        (
            f"/a/{athlete}/profile",
            {"goal": "running", "policy": "balanced", "timezone": "UTC"},
            "/account",
            "Profile of ana saved.",
        ),
        (
            "/account/users",
            {"username": "cy", "password": "x" * 12, "role": "coach"},
            "/account",
            "Account cy (coach) created.",
        ),
        (f"/a/{athlete}/coaches", {"coach": "cy"}, "/account", "cy now sees ana."),
        (f"/a/{athlete}/coaches/cy/unlink", {}, "/account", "cy no longer sees ana."),
    ]
    for url, data, location, words in posts:
        answer = site.post(url, data={"csrf_token": token, **data})
        assert answer.status_code == 303, (url, answer.text[:300])
        assert answer.headers["location"] == location, url
        assert words in html.unescape(site.get(location.split("#")[0]).text), url
