"""The installable app without a browser: the worker at the site's root, the manifest and
icons, and check-ins sent late by a device that kept them while offline."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from web_support import csrf, set_up

HTMX = {"hx-request": "true"}


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(site: Any) -> None:
    worker = site.get("/sw.js")
    assert worker.status_code == 200
    assert worker.headers["content-type"].startswith("text/javascript")
    assert 'importScripts("/static/vendor/idb-keyval.js")' in worker.text
    assert site.get("/static/vendor/idb-keyval.js").status_code == 200


def test_every_page_links_the_manifest_whose_icons_exist(site: Any) -> None:
    today = site.get(set_up(site))
    assert '<link rel="manifest" href="/static/manifest.webmanifest">' in today.text
    answer = site.get("/static/manifest.webmanifest")
    assert answer.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(answer.text)
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/",
        "/",
        "standalone",
    )
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert site.get(icon["src"]).status_code == 200, icon["src"]
    png = site.get("/static/icon-512.png").content
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == int.from_bytes(png[20:24], "big") == 512


def test_a_check_in_kept_offline_is_stored_at_the_time_it_was_made(site: Any) -> None:
    today = set_up(site)
    athlete = today.split("/")[2]
    token = csrf(site.get(today))
    made = (datetime.now(UTC) - timedelta(hours=2)).replace(microsecond=0)
    answer = site.post(
        f"/a/{athlete}/checkin",
        data={"soreness": "5", "at": made.isoformat().replace("+00:00", "Z")},
        headers={**HTMX, "x-csrf-token": token},
    )
    assert answer.status_code == 200
    stored = site.get(f"/api/v1/athletes/{athlete}/checkins").json()
    assert [datetime.fromisoformat(c["at"]) for c in stored] == [made]


@pytest.mark.parametrize(
    ("shift", "words"),
    [
        (timedelta(minutes=30), "Check-in time: is in the future"),
        (-timedelta(days=8), "Check-in time: is more than 7 days ago"),
    ],
)
def test_a_check_in_time_far_from_now_is_refused_where_it_was_made(
    site: Any, shift: timedelta, words: str
) -> None:
    today = set_up(site)
    athlete = today.split("/")[2]
    answer = site.post(
        f"/a/{athlete}/checkin",
        data={"soreness": "5", "at": (datetime.now(UTC) + shift).isoformat()},
        headers={**HTMX, "x-csrf-token": csrf(site.get(today)), "hx-trigger": "checkin"},
    )
    assert answer.status_code == 422 and words in answer.text
    assert answer.headers["hx-retarget"] == "#checkin-error"
    assert site.get(f"/api/v1/athletes/{athlete}/checkins").json() == []
