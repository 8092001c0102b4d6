"""Fragments the pages swap in: the advice card that refreshes itself, import results."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from web_support import csrf, set_up


def test_today_for_htmx_is_the_advice_card_alone_with_the_seconds_to_the_next_gate(
    site: Any,
) -> None:
    today = set_up(site)
    athlete = today.split("/")[2]
    token = csrf(site.get(today))
    fresh = site.get(today, headers={"hx-request": "true"})
    assert fresh.text.lstrip().startswith('<article id="advice"')
    assert "data-refresh-in" not in fresh.text  # nothing holds a run back: no gate to wait for
    earlier = datetime.now(UTC) - timedelta(hours=1)
    logged = site.post(
        f"/a/{athlete}/log",
        data={
            "csrf_token": token,
            "type": "strength",
            "day": earlier.date().isoformat(),
            "at": earlier.strftime("%H:%M"),
            "duration_min": "60",
            "rpe": "9",
            "focus": "legs",
            "exercises": "Back Squat 6x5@120\nRomanian Deadlift 4x8@90",
        },
    )
    assert logged.status_code == 303
    card = site.get(today, headers={"hx-request": "true"})
    seconds = re.search(r'data-refresh-in="(\d+)"', card.text)
    assert seconds is not None
    advice = site.get(f"/api/v1/athletes/{athlete}/advice").json()
    at = datetime.fromisoformat(advice["at"])
    edges = [datetime.fromisoformat(m) for m in advice["earliest"].values() if m]
    upcoming = min(m for m in edges if m > at)
    assert abs(int(seconds.group(1)) - (upcoming - at).total_seconds()) <= 5


def test_a_long_import_reason_reads_as_one_line_that_opens() -> None:
    from runready.web.common import templates

    reason = "skipped: " + "a very long explanation of why this file was not imported " * 5
    job = {
        "id": "j1",
        "status": "done",
        "done": 2,
        "total": 2,
        "counts": {"imported": 1, "skipped": 1},
        "error": None,
        "files": [
            {
                "name": "a.fit",
                "outcome": "skipped",
                "format": "fit",
                "sessions_added": 0,
                "sessions_merged": 0,
                "reason": reason,
            },
            {
                "name": "b.fit",
                "outcome": "imported",
                "format": "fit",
                "sessions_added": 1,
                "sessions_merged": 0,
                "reason": "a run",
            },
        ],
    }
    found = type("Found", (), {"id": "a1"})()
    text = templates.get_template("_job.html").render(job=job, found=found)
    why = re.findall(r'<td data-label="Why">(.*?)</td>', text, re.S)
    assert why[0].startswith('<details class="why"><summary>') and "</details>" in why[0]
    assert re.search(r"<summary>(.{60})…</summary>", why[0])
    assert why[1] == "<small>a run</small>"
