"""`runready plan --request`: valid plans from files, and clear errors for bad requests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from store_support import SHARED
from test_shared_scenarios import run_cli

REQUESTS = sorted((SHARED / "plans").glob("*.yaml")) + sorted(
    (Path(__file__).parent / "plans").glob("*.yaml")
)


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.name)
def test_every_request_file_plans_validly_through_the_cli(path: Path):
    result = run_cli("plan", "--request", str(path), "--check", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"sessions", "unplaced", "violations", "objective"}
    for session in data["sessions"]:
        assert {"type", "start", "duration_min"} <= set(session)
    for gap in data["unplaced"]:
        assert gap["reason"]


def test_the_human_plan_lists_sessions_with_their_reasons():
    path = Path(__file__).parent / "plans" / "conservative-runner.yaml"
    out = run_cli("plan", "--request", str(path)).stdout
    assert "sessions placed (optimal)" in out
    assert "·" in out


GOOD = (
    "start: '2026-11-23'\nutc_offset: '+01:00'\navailability: {mon: ['17:00-20:00']}\n"
    "sessions:\n  - {type: run, kind: easy, count: 1, duration_min: 40}\n"
)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (GOOD + "colour: blue\n", "colour"),
        (GOOD.replace("17:00-20:00", "20:00-17:00"), "availability.mon[0]"),
        (GOOD.replace("17:00-20:00", "25:00-26:00"), "availability.mon[0]"),
        (GOOD.replace("count: 1", "count: -1"), "sessions[0].count"),
        (GOOD.replace("mon:", "monday:"), "availability.monday"),
        (GOOD.replace("kind: easy", "kind: jog"), "sessions[0].kind"),
        (GOOD.replace("start: '2026-11-23'", "start: soon"), "start"),
        (GOOD.replace("2026-11-23", "9999-12-27"), "start: the year 9999 is out of range"),
        (GOOD.replace("'2026-11-23'", "0001-01-01"), "start: the year 1 is out of range"),
        (GOOD + "days: 100\n", "days"),
        (GOOD.replace("type: run, kind: easy", "type: strength, kind: easy"), "sessions[0].kind"),
        (
            GOOD + "fixed:\n  - {type: run, start: '2026-11-24T18:00', duration_min: 30}\n",
            "fixed[0].start",
        ),
    ],
)
def test_a_malformed_request_exits_2_naming_the_field(tmp_path: Path, text: str, needle: str):
    path = tmp_path / "request.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("plan", "--request", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert needle in result.stderr


def test_planning_from_a_request_file_never_loads_the_database_layer():
    path = Path(__file__).parent / "plans" / "conservative-runner.yaml"
    code = (
        "import sys\n"
        "from runready.cli import app\n"
        "try:\n"
        "    app(['plan', '--request', sys.argv[1], '--check'], prog_name='runready')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "loaded = {m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'}\n"
        "loaded |= {m for m in sys.modules if m.startswith('runready.storage')}\n"
        "print(sorted(loaded), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "sessions placed" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "[]"
