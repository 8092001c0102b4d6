"""The command line: human and JSON output, explanations, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from runready.cli import app
from test_shared_scenarios import run_cli

runner = CliRunner()

CONTRACT_KEYS = {
    "at",
    "policy",
    "verdict",
    "run",
    "earliest",
    "order",
    "alternatives",
    "recovery",
    "avoid",
    "warnings",
    "reasons",
    "conflicts",
    "state",
}


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_advise_prints_a_verdict_line_then_earliest_times_then_reasons_with_sources():
    result = runner.invoke(app, ["advise", "--example"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split(":")[0] in {"GO", "EASY", "WAIT", "ALTERNATIVE", "REST"}
    assert lines[1].startswith("Earliest: recovery")
    assert "Why:" in lines
    assert any("[doma" in line for line in lines)


def test_advise_json_follows_the_contract():
    result = runner.invoke(app, ["advise", "--example", "--json"])
    data = json.loads(result.output)
    assert set(data) >= CONTRACT_KEYS
    assert set(data["earliest"]) == {"recovery", "easy", "moderate", "hard"}
    assert set(data["run"]) == {"max_intensity", "max_duration_min"}
    assert all({"rule", "message", "sources"} <= set(r) for r in data["reasons"])


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("now: 2026-06-09T18:00+01:00\nathlete: {goal: swimming}\n", "athlete.goal"),
        ("now: 2026-06-09T18:00\n", "offset"),
        ("now: 2026-06-09\n", "now"),
        ("athlete: {}\n", "now: is required"),
        (
            "now: 2026-06-09T18:00+01:00\nhistory: [{type: run, start: 2026-06-08T18:00+01:00}]\n",
            "history[0].duration_min",
        ),
        (
            "now: 2026-06-09T18:00+01:00\nhistory: [{type: run, start: 2026-06-08T18:00+01:00,"
            " duration_min: 30, exercises: []}]\n",
            "history[0].exercises",
        ),
        (
            "now: 2026-06-09T18:00+01:00\ncheckins: [{at: 2026-06-09T10:00+01:00,"
            " soreness: {knees: 3}}]\n",
            "checkins[0].soreness.knees",
        ),
        ("now: 2026-06-09T18:00+01:00\nintent: {type: run, kind: sprint}\n", "intent.kind"),
        ("now: [unclosed\n", "YAML"),
        ("- just\n- a list\n", "must be a mapping"),
        (
            "now: 2026-06-09T18:00+01:00\nhistory: [{type: strength, start: 2026-06-08T18:00+01:00"
            ", duration_min: 30, exercises: [{name: Squat, sets: [{reps: 5, rpe: 12}]}]}]\n",
            "history[0].exercises[0].sets[0].rpe",
        ),
        (
            "now: 2026-06-09T18:00+01:00\nhistory: [{type: run, start: 2026-06-08T18:00+01:00,"
            " duration_min: '30'}]\n",
            "must be a number",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(tmp_path, text, needle):
    result = run_cli("advise", "--scenario", write(tmp_path, text))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert needle.lower() in result.stderr.lower()
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_a_missing_scenario_file_is_a_clear_error(tmp_path):
    result = run_cli("advise", "--scenario", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "nope.yaml" in result.stderr


def test_json_scenarios_are_read_too(tmp_path):
    text = json.dumps({"now": "2026-06-09T18:00+01:00", "athlete": {"goal": "running"}})
    result = runner.invoke(app, ["advise", "--scenario", write(tmp_path, text, "s.json"), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["verdict"] == "go"


def test_check_exits_1_when_an_expectation_fails(tmp_path):
    text = "now: 2026-06-09T18:00+01:00\nathlete: {goal: running}\nexpect: {verdict: [rest]}\n"
    result = runner.invoke(app, ["advise", "--scenario", write(tmp_path, text), "--check"])
    assert result.exit_code == 1
    assert "verdict" in result.output


def test_explain_prints_the_rule_its_policies_and_full_citations():
    result = runner.invoke(app, ["explain", "r5"])
    assert result.exit_code == 0
    assert "48 h" in result.output
    assert "balanced" in result.output
    assert "Marcora SM" in result.output


def test_explain_an_unknown_rule_exits_2():
    result = runner.invoke(app, ["explain", "R99"])
    assert result.exit_code == 2
    assert "unknown rule" in result.output


def test_sources_list_every_article_claim():
    result = runner.invoke(app, ["sources", "--json"])
    data = json.loads(result.output)
    assert [c["id"] for c in data["claims"]] == [f"A{i}" for i in range(1, 10)] + [
        f"B{i}" for i in range(1, 11)
    ]


@pytest.mark.parametrize("command", sorted(app.commands))
def test_every_command_is_documented_in_the_readme(command):
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"runready {command}" in readme


def test_advise_answers_what_if_keep_and_when_in_the_json_contract():
    result = runner.invoke(
        app,
        [
            "advise",
            "--example",
            "--keep",
            "tue 18:00 intervals 45",
            "--when",
            "intervals 45",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= CONTRACT_KEYS
    assert data["keep"]["max_hard_sets"] > 12  # three days ahead: a heavy session fits
    assert data["keep"]["run"] == {
        "kind": "intervals",
        "duration_min": 45.0,
        "start": "2026-11-24T18:00:00+01:00",
    }
    assert data["when"]["at"] == data["earliest"]["hard"]


def test_a_run_the_morning_leg_session_already_rules_out_says_so():
    result = runner.invoke(
        app, ["advise", "--example", "--keep", "sun 18:00 intervals 45", "--json"]
    )
    keep = json.loads(result.output)["keep"]
    assert keep["max_hard_sets"] is None
    assert "even without a leg session" in keep["reasons"][0]["message"]


def test_a_what_if_that_cannot_be_read_names_the_option():
    result = runner.invoke(app, ["advise", "--example", "--keep", "someday intervals"])
    assert result.exit_code == 2
    assert "--keep" in result.output and "Traceback" not in result.output


def test_explain_dose_prints_the_engine_examples_generated_from_the_code():
    result = runner.invoke(app, ["explain", "DOSE"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    standard = next(line for line in lines if line.strip().startswith("standard"))
    assert standard.split()[-9:] == ["1.00", "6", "h", "6", "h", "24", "h", "48", "h"]
    data = json.loads(runner.invoke(app, ["explain", "DOSE", "--json"]).output)
    rows = data["engine"]["examples"]["balanced"]
    marathon = next(row for row in rows if row["name"].startswith("marathon"))
    assert (marathon["hours"]["easy"], marathon["hours"]["hard"]) == (48.0, None)
    assert marathon["hours"]["moderate"] >= 96
    assert all(entry["tag"] in ("V", "P", "H") for entry in data["engine"]["constants"])
