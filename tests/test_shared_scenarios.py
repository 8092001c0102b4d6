"""Every scenario in ../shared/scenarios passes through the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from runready.scenario import parse_scenario, unmet_expectations
from store_support import SHARED

FILES = sorted((SHARED / "scenarios").glob("*.y*ml")) + sorted(
    (SHARED / "scenarios").glob("*.json")
)
OWN = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def _expectation(path: Path) -> dict:
    import yaml

    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("expect") or {}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the runready command line in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "runready", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _check(path: Path) -> None:
    expect = _expectation(path)
    result = run_cli("advise", "--scenario", str(path), "--json")
    assert "Traceback" not in result.stderr
    if "error" in expect:
        assert result.returncode == 2, result.stdout
        assert str(expect["error"]).lower() in result.stderr.lower()
        assert result.stdout == ""
        return
    assert result.returncode == 0, result.stderr
    problems = unmet_expectations(json.loads(result.stdout), expect)
    assert not problems, f"{path.name}: {problems}"


@pytest.mark.usefixtures("shared")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_shared_scenario_passes_through_the_cli(path: Path) -> None:
    _check(path)


@pytest.mark.parametrize("path", OWN, ids=lambda p: p.name)
def test_own_scenario_file_passes_through_the_cli(path: Path) -> None:
    _check(path)


@pytest.mark.usefixtures("shared")
def test_the_shared_folder_holds_scenarios() -> None:
    assert len(FILES) >= 30


def test_a_scenario_file_is_also_a_valid_advice_input_with_its_expect_block() -> None:
    scenario, expect = parse_scenario(
        "now: 2026-06-09T18:00+01:00\nathlete: {goal: general}\nexpect: {verdict: [go]}\n"
    )
    assert expect == {"verdict": ["go"]}
    assert scenario.history == ()
