"""Plans, the calendar feed, imports as background jobs, and the upload limit."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest

from api_support import PASSWORD, Client, athlete_id, client_of, make_app, run_jobs

WEEK = {
    "mon": ["06:30-08:00", "17:30-21:00"],
    "tue": ["17:30-21:00"],
    "wed": ["17:30-21:00"],
    "thu": ["17:30-21:00"],
    "fri": ["17:30-21:00"],
    "sat": ["08:00-12:00"],
    "sun": ["09:00-12:00"],
}
TEMPLATE = {
    "sessions": [
        {"type": "strength", "focus": "legs", "count": 2, "duration_min": 60},
        {"type": "run", "kind": "intervals", "count": 1, "duration_min": 45},
        {"type": "run", "kind": "easy", "count": 2, "duration_min": 40},
    ],
    "rest_days_min": 1,
}


def _set_up_week(client: Client, athlete: str) -> None:
    assert client.put(f"/api/v1/athletes/{athlete}/availability", json=WEEK).status_code == 200
    assert client.put(f"/api/v1/athletes/{athlete}/template", json=TEMPLATE).status_code == 200


def test_next_week_is_planned_stored_and_served_as_a_calendar(app: Any, owner: Client) -> None:
    athlete = athlete_id(owner)
    _set_up_week(owner, athlete)
    this_week = owner.get(f"/api/v1/athletes/{athlete}/plan").json()["start"]
    from datetime import date, timedelta

    monday = (date.fromisoformat(this_week) + timedelta(days=7)).isoformat()
    planned = owner.post(f"/api/v1/athletes/{athlete}/plan", json={"start": monday})
    assert planned.status_code == 200, planned.text
    result = planned.json()
    assert len(result["sessions"]) == 5 and result["unplaced"] == []
    stored = owner.get(f"/api/v1/athletes/{athlete}/plan", params={"start": monday}).json()
    assert [s["start"] for s in stored["sessions"]] == [s["start"] for s in result["sessions"]]
    link = owner.get(f"/api/v1/athletes/{athlete}/calendar").json()["path"]
    feed = client_of(app).get(link)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert feed.text.count("BEGIN:VEVENT") == 5


def test_a_new_calendar_link_retires_the_old_one(app: Any, owner: Client) -> None:
    athlete = athlete_id(owner)
    old = owner.get(f"/api/v1/athletes/{athlete}/calendar").json()["path"]
    new = owner.post(f"/api/v1/athletes/{athlete}/calendar/rotate").json()["path"]
    assert new != old
    anonymous = client_of(app)
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200


def test_reminders_set_through_the_api_ring_before_every_event_of_the_feed(
    app: Any, owner: Client
) -> None:
    athlete = athlete_id(owner)
    _set_up_week(owner, athlete)
    owner.post(f"/api/v1/athletes/{athlete}/plan", json={})
    saved = owner.put(f"/api/v1/athletes/{athlete}/calendar/alarms", json={"alarms_min": [30, 600]})
    assert saved.status_code == 200, saved.text
    assert saved.json()["alarms_min"] == [600, 30]
    feed = client_of(app).get(saved.json()["path"]).text
    assert feed.count("BEGIN:VEVENT") > 0
    assert (
        feed.count("TRIGGER:-PT30M")
        == feed.count("TRIGGER:-PT10H")
        == feed.count("BEGIN:VEVENT") - feed.count("STATUS:CANCELLED")
    )


def test_a_reminder_beyond_a_week_is_refused_naming_the_field_and_the_old_ones_stay(
    owner: Client,
) -> None:
    athlete = athlete_id(owner)
    owner.put(f"/api/v1/athletes/{athlete}/calendar/alarms", json={"alarms_min": [15]})
    refused = owner.put(f"/api/v1/athletes/{athlete}/calendar/alarms", json={"alarms_min": [99999]})
    assert refused.status_code == 422
    assert "alarms_min" in refused.text and "10080" in refused.text
    assert owner.get(f"/api/v1/athletes/{athlete}/calendar").json()["alarms_min"] == [15]


def test_every_planned_run_downloads_as_a_fit_workout_and_an_unknown_one_is_404(
    owner: Client,
) -> None:
    import io

    import fitdecode

    athlete = athlete_id(owner)
    _set_up_week(owner, athlete)
    owner.post(f"/api/v1/athletes/{athlete}/plan", json={})
    this_week = owner.get(f"/api/v1/athletes/{athlete}/plan").json()["sessions"]
    runs = owner.get(f"/api/v1/athletes/{athlete}/plan/workouts").json()
    assert len(runs) == sum(s["type"] == "run" for s in this_week) > 0
    for run in runs:
        answer = owner.get(run["path"])
        assert answer.status_code == 200
        assert answer.headers["content-disposition"].endswith('.fit"')
        reader = fitdecode.FitReader(io.BytesIO(answer.content))
        names = [f.name for f in reader if isinstance(f, fitdecode.FitDataMessage)]
        assert names[:2] == ["file_id", "workout"] and "workout_step" in names
    missing = run["path"].replace(run["id"], "00000000-0000-0000-0000-000000000000")
    assert owner.get(missing).status_code == 404


FORGED = {"host": "attacker.example"}


def test_the_calendar_link_comes_from_the_base_url_and_a_forged_host_cannot_change_it(
    database_url: str,
) -> None:
    app = make_app(database_url, base_url="https://runready.example.org/")
    with client_of(app) as http:
        made = http.post("/api/v1/setup", json={"username": "ana", "password": PASSWORD})
        owner = Client(http, made.json()["csrf_token"], "ana")
        athlete = athlete_id(owner)
        honest = owner.get(f"/api/v1/athletes/{athlete}/calendar").json()
        forged = owner.get(f"/api/v1/athletes/{athlete}/calendar", headers=FORGED).json()
        assert honest == forged
        assert honest["url"] == "https://runready.example.org" + honest["path"]
        assert honest["note"] is None
        rotated = owner.post(f"/api/v1/athletes/{athlete}/calendar/rotate", headers=FORGED)
        link = rotated.json()["url"]
        assert link.startswith("https://runready.example.org/api/v1/calendar/")
        page = owner.get(f"/a/{athlete}/plan", headers=FORGED).text
        assert f'value="{link}"' in page
        assert "attacker.example" not in page


def test_without_a_base_url_the_calendar_link_is_missing_and_says_which_setting_to_set(
    owner: Client,
) -> None:
    athlete = athlete_id(owner)
    answer = owner.get(f"/api/v1/athletes/{athlete}/calendar", headers=FORGED).json()
    assert answer["url"] is None
    assert "RUNREADY_BASE_URL" in answer["note"]
    page = owner.get(f"/a/{athlete}/plan", headers=FORGED).text
    assert 'id="feed-missing"' in page and "RUNREADY_BASE_URL" in page
    assert 'id="feed-url"' not in page and "attacker.example" not in page
    assert f'href="{answer["path"]}"' in page  # the download still works from this address


def test_planning_without_availability_says_what_to_set_first(owner: Client) -> None:
    athlete = athlete_id(owner)
    answer = owner.post(f"/api/v1/athletes/{athlete}/plan", json={})
    assert answer.status_code == 422
    assert answer.json()["field"] == "availability"


def test_overlapping_free_windows_are_refused_and_nothing_is_saved(owner: Client) -> None:
    athlete = athlete_id(owner)
    bad = {**WEEK, "tue": ["17:00-19:00", "18:00-20:00"]}
    assert owner.put(f"/api/v1/athletes/{athlete}/availability", json=bad).status_code == 422
    assert owner.get(f"/api/v1/athletes/{athlete}/availability").json()["mon"] == []


def _shared_files(shared: Path) -> list[tuple[str, bytes]]:
    picks = [
        "fit/python-fitparse__activity-small-fenix2-run.fit",
        "fit/python-fitparse__garmin-fenix-5-run.fit",
        "gpx/" + sorted(p.name for p in (shared / "samples" / "gpx").glob("*.gpx"))[0],
        "csv/strong-charts__strong.csv",
    ]
    files = [(Path(p).name, (shared / "samples" / p).read_bytes()) for p in picks]
    return [*files, ("broken.fit", b"\x0e\x10" + b"not a fit file" * 10)]


def test_an_uploaded_export_is_imported_by_a_job_with_every_files_outcome(
    app: Any, owner: Client, shared: Path
) -> None:
    athlete = athlete_id(owner)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in _shared_files(shared):
            archive.writestr(f"export/{name}", content)
    queued = owner.post(
        f"/api/v1/athletes/{athlete}/imports",
        files=[("files", ("export.zip", buffer.getvalue(), "application/zip"))],
    )
    assert queued.status_code == 202, queued.text
    job = queued.json()
    assert job["status"] == "queued"
    assert queued.headers["location"].endswith(job["id"])
    assert run_jobs(app) == 1
    done = owner.get(f"/api/v1/athletes/{athlete}/imports/{job['id']}").json()
    assert done["status"] == "done"
    assert done["counts"]["imported"] >= 3
    assert done["counts"].get("rejected", 0) >= 1
    assert done["done"] == done["total"] == len(done["files"])
    assert len(owner.get(f"/api/v1/athletes/{athlete}/sessions").json()) > 3

    again = owner.post(
        f"/api/v1/athletes/{athlete}/imports",
        files=[("files", ("export.zip", buffer.getvalue(), "application/zip"))],
    )
    run_jobs(app)
    repeat = owner.get(f"/api/v1/athletes/{athlete}/imports/{again.json()['id']}").json()
    assert repeat["counts"].get("imported", 0) == 0


def test_an_upload_over_the_limit_is_refused_before_it_is_read(database_url: str) -> None:
    app = make_app(database_url, max_upload_mb=1 / 1024)
    with client_of(app) as http:
        made = http.post("/api/v1/setup", json={"username": "ana", "password": PASSWORD})
        owner = Client(http, made.json()["csrf_token"], "ana")
        athlete = athlete_id(owner)
        answer = owner.post(
            f"/api/v1/athletes/{athlete}/imports",
            files=[("files", ("big.gpx", b"x" * 5000, "application/gpx+xml"))],
        )
        assert answer.status_code == 413
        assert "limit" in answer.json()["detail"]
        assert owner.get(f"/api/v1/athletes/{athlete}/imports").json() == []


def test_a_streamed_upload_over_the_limit_is_cut_off_with_413(database_url: str) -> None:
    app = make_app(database_url, max_upload_mb=1 / 1024)
    with client_of(app) as http:
        made = http.post("/api/v1/setup", json={"username": "ana", "password": PASSWORD})
        owner = Client(http, made.json()["csrf_token"], "ana")
        athlete = athlete_id(owner)

        def chunks() -> Any:
            for _ in range(10):
                yield b"y" * 500

        answer = owner.http.post(
            f"/api/v1/athletes/{athlete}/checkins",
            content=chunks(),
            headers={"x-csrf-token": owner.csrf, "content-type": "application/json"},
        )
        assert answer.status_code == 413


@pytest.mark.parametrize("name", ["../../etc/passwd", "a\\b\\c.fit", "", "x" * 600])
def test_odd_upload_names_are_kept_harmless(app: Any, owner: Client, name: str) -> None:
    athlete = athlete_id(owner)
    queued = owner.post(
        f"/api/v1/athletes/{athlete}/imports", files=[("files", (name, b"not a file"))]
    )
    assert queued.status_code in (202, 422)
    if queued.status_code == 202:
        run_jobs(app)
        job = owner.get(f"/api/v1/athletes/{athlete}/imports/{queued.json()['id']}").json()
        assert job["status"] == "done"
        assert job["counts"] == {"rejected": 1} or job["counts"] == {"skipped": 1}


def test_a_failed_import_is_retried_through_the_api_and_only_a_failed_one(
    app: Any, owner: Client, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runready.services import jobs

    athlete = athlete_id(owner)
    name, content = next(iter(_shared_files(shared)))
    queued = owner.post(f"/api/v1/athletes/{athlete}/imports", files=[("files", (name, content))])
    job = queued.json()["id"]
    retry = f"/api/v1/athletes/{athlete}/imports/{job}/retry"
    assert owner.post(retry).status_code == 409, "a queued import is not retried"

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("the disk went away")

    with monkeypatch.context() as failing:
        failing.setattr(jobs.importing, "import_paths", broken)
        assert run_jobs(app) == 1
    failed = owner.get(f"/api/v1/athletes/{athlete}/imports/{job}").json()
    assert failed["status"] == "failed" and failed["error"] == jobs.INTERNAL_ERROR
    again = owner.post(retry)
    assert again.status_code == 202, again.text
    assert again.json()["status"] == "queued" and again.json()["error"] is None
    assert run_jobs(app) == 1
    done = owner.get(f"/api/v1/athletes/{athlete}/imports/{job}").json()
    assert done["status"] == "done" and len(done["files"]) == 1
    missing = f"/api/v1/athletes/{athlete}/imports/{uuid.uuid4()}/retry"
    assert owner.post(missing).status_code == 404


def test_the_week_is_pushed_to_intervals_icu_and_the_key_is_never_answered(
    owner: Client,
) -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "sync"))
    from intervals_contract import Calendar, serving

    athlete = athlete_id(owner)
    _set_up_week(owner, athlete)
    owner.post(f"/api/v1/athletes/{athlete}/plan", json={})
    calendar = Calendar("i9", "the-key")
    with serving(calendar) as url:
        link = {"base_url": url, "athlete": "i9", "api_key": "the-key"}
        linked = owner.put(f"/api/v1/athletes/{athlete}/intervals", json=link)
        assert linked.status_code == 204 and "the-key" not in linked.text
        pushed = owner.post(f"/api/v1/athletes/{athlete}/intervals/push", json={})
        assert pushed.status_code == 200, pushed.text
        planned = owner.get(f"/api/v1/athletes/{athlete}/plan").json()["sessions"]
        assert pushed.json() == {"upserted": len(planned), "deleted": 0}
        assert len(calendar.events) == len(planned)
        wrong = {**link, "api_key": "another-key"}
        owner.put(f"/api/v1/athletes/{athlete}/intervals", json=wrong)
        refused = owner.post(f"/api/v1/athletes/{athlete}/intervals/push", json={})
    assert refused.status_code == 502
    assert "refused the API key" in refused.text and "another-key" not in refused.text
