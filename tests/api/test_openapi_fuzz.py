"""Schemathesis against /openapi.json: generated requests never crash the API or break its schema.

Every operation gets 50 generated requests in CI (fewer locally), signed in with an admin's API
key and pointed at a real athlete, so the handlers run rather than answering 404 at once.
Checks: no server error, responses match their declared schema, content type and status code.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from api_support import PASSWORD, make_app

EXAMPLES = 50 if os.environ.get("CI") else 15
LEGS = [{"name": "Squat (Barbell)", "sets": [{"reps": 5, "weight_kg": 100, "rpe": 8}] * 5}]
WEEK = {"mon": ["17:00-21:00"], "wed": ["17:00-21:00"], "sat": ["08:00-12:00"]}
TEMPLATE = {
    "sessions": [
        {"type": "strength", "focus": "legs", "count": 1, "duration_min": 60},
        {"type": "run", "kind": "easy", "count": 2, "duration_min": 40},
    ]
}
CHECKS = [
    checks.not_a_server_error,
    checks.response_schema_conformance,
    checks.content_type_conformance,
    checks.status_code_conformance,
]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Yield the app on SQLite with an admin, an API key, an athlete with history and a plan."""
    from fastapi.testclient import TestClient

    folder: Path = tmp_path_factory.mktemp("fuzz")
    app = make_app(f"sqlite:///{folder / 'runready.db'}")
    with TestClient(app, base_url="https://testserver") as http:
        made = http.post("/api/v1/setup", json={"username": "admin", "password": PASSWORD})
        headers = {"x-csrf-token": made.json()["csrf_token"]}
        key = http.post("/api/v1/keys", json={"name": "fuzz"}, headers=headers).json()["key"]
        athlete = http.get("/api/v1/me").json()["athletes"][0]["id"]
        base = f"/api/v1/athletes/{athlete}"
        for day in range(1, 15):
            start = (datetime.now(UTC) - timedelta(days=day)).replace(microsecond=0).isoformat()
            session = (
                {"type": "strength", "focus": "legs", "rpe": 8, "exercises": LEGS}
                if day % 3 == 0
                else {"type": "run", "kind": "easy", "distance_km": 8, "rpe": 3}
            )
            answer = http.post(
                f"{base}/sessions",
                json={**session, "start": start, "duration_min": 50},
                headers=headers,
            )
            assert answer.status_code == 201, answer.text
        http.put(f"{base}/availability", json=WEEK, headers=headers)
        http.put(f"{base}/template", json=TEMPLATE, headers=headers)
        yield {"app": app, "key": key, "athlete": athlete}


@pytest.fixture(scope="module")
def api_schema(api: dict[str, Any]) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", api["app"])


def _fuzz(operation: Any, key: str, fixed: dict[str, str], mode: Any) -> str | None:
    """Run the generated requests of one operation; return the first failure, if any."""
    from hypothesis import given

    path = {name: value for name, value in fixed.items() if f"{{{name}}}" in operation.path}

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers={"authorization": f"Bearer {key}"}, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:  # nothing to break: an operation without parameters or body
        if mode is GenerationMode.POSITIVE:
            raise
    except BaseException as exc:  # every kind of check failure, reported per operation
        if isinstance(exc, KeyboardInterrupt):
            raise
        return f"{operation.label} ({mode.value}): {exc}"[:3000]
    return None


def test_generated_requests_get_no_server_error_and_schema_conforming_answers(
    api: dict[str, Any], api_schema: Any
) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 40
    fixed = {"athlete_id": api["athlete"]}
    failures = [
        found
        for op in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if (found := _fuzz(op, api["key"], fixed, mode)) is not None
    ]
    assert failures == [], "\n\n".join(failures)
