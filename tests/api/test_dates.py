"""Every date the API and the pages take is range-checked: year 1 or 9999 is a clean 422."""

from __future__ import annotations

from typing import Any

import pytest

from api_support import Client, athlete_id

YEARS = {
    1: ("0001-01-01", "0001-01-01T00:00:00+01:00"),
    9999: ("9999-12-31", "9999-12-31T23:59:00-01:00"),
}


def _api_requests(
    athlete: str, day: str, moment: str
) -> list[tuple[str, str, dict[str, Any], str]]:
    """Return (method, url, request options, field named) for every API date input."""
    base = f"/api/v1/athletes/{athlete}"
    run = {"type": "run", "start": moment, "duration_min": 30}
    return [
        ("get", f"{base}/sessions", {"params": {"since": day}}, "since"),
        ("get", f"{base}/sessions", {"params": {"until": day}}, "until"),
        ("get", f"{base}/plan", {"params": {"start": day}}, "start"),
        ("post", f"{base}/plan", {"json": {"start": day}}, "start"),
        ("post", f"{base}/sessions", {"json": run}, "session.start"),
        ("post", f"{base}/checkins", {"json": {"at": moment, "soreness": 2}}, "checkin.at"),
        ("get", f"{base}/advice", {"params": {"at": moment}}, "at"),
        ("post", f"{base}/advice", {"json": {"at": moment}}, "at"),
        ("post", f"{base}/advice", {"json": {"intent": [run]}}, "intent[0].start"),
        ("get", f"{base}/status", {"params": {"at": moment}}, "at"),
    ]


@pytest.mark.parametrize("year", sorted(YEARS))
def test_every_api_date_in_the_year_1_or_9999_is_refused_with_a_problem_naming_it(
    owner: Client, year: int
) -> None:
    athlete = athlete_id(owner)
    owner.put(f"/api/v1/athletes/{athlete}/availability", json={"mon": ["17:00-19:00"]})
    for method, url, options, field in _api_requests(athlete, *YEARS[year]):
        answer = getattr(owner, method)(url, **options)
        assert answer.status_code == 422, (method, url, options, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        problem = answer.json()
        if method == "post" and "checkins" in url and year == 9999:
            # A check-in in the future is refused for that reason first, naming the same field.
            assert problem["field"] == "at"
            continue
        assert problem["field"] == field, (url, problem)
        assert f"the year {year} is out of range (1900-2200)" in problem["detail"]
    assert owner.get(f"/api/v1/athletes/{athlete}/sessions").json() == []


@pytest.mark.parametrize("year", sorted(YEARS))
def test_every_page_date_in_the_year_1_or_9999_shows_an_error_page_naming_it(
    owner: Client, year: int
) -> None:
    athlete = athlete_id(owner)
    day = YEARS[year][0]
    page = {"headers": {"accept": "text/html"}}
    answers = [
        owner.get(f"/a/{athlete}/plan", params={"week": day}, **page),
        owner.post(f"/a/{athlete}/plan", data={"week": day}, **page),
    ]
    for answer in answers:
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"].startswith("text/html")
        assert f"week: the year {year} is out of range (1900-2200)" in answer.text
    logged = owner.post(
        f"/a/{athlete}/log",
        data={"type": "run", "day": day, "at": "07:00", "duration_min": "30"},
        **page,
    )
    assert logged.status_code == 422
    assert f"the year {year} is out of range (1900-2200)" in logged.text
    assert owner.get(f"/api/v1/athletes/{athlete}/sessions").json() == []
