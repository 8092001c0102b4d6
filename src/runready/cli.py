"""The ``runready`` command line: a thin shell over the library.

Built on click: every command imports what it needs when it runs, so a cold start stays well
under the 300 ms budget.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from runready.core.errors import RunreadyError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_BAD_INPUT = 2


def handles_errors(command: F) -> F:
    """Turn runready's own errors into one line on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except RunreadyError as exc:
            click.echo(f"error: {exc}", err=True)
            raise SystemExit(EXIT_BAD_INPUT) from None

    return wrapper  # type: ignore[return-value]


def _print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def example_path() -> Path:
    """Return the bundled example scenario."""
    return Path(__file__).parent / "examples" / "leg-day.yaml"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="runready")
def app() -> None:
    """May I run after leg day? Explained, evidence-based advice for athletes who lift and run."""


@app.command()
@click.option(
    "--scenario",
    "-s",
    "scenario",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A scenario file (YAML or JSON).",
)
@click.option("--example", is_flag=True, help="Advise on the bundled example scenario.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract.")
@click.option(
    "--check", is_flag=True, help="Also check the file's expect block; exit 1 when one fails."
)
@handles_errors
def advise(scenario: Path | None, example: bool, as_json: bool, check: bool) -> None:
    """Advise on a scenario: verdict, limits, earliest times, and why."""
    from runready.core.advisor import advise as run_advice
    from runready.render import render_advice
    from runready.scenario import load_scenario, unmet_expectations

    if scenario is None and not example:
        raise click.UsageError("give --scenario FILE or --example")
    model, expect = load_scenario(scenario or example_path())
    advice = run_advice(model)
    data = advice.as_dict()
    if as_json:
        _print_json(data)
    else:
        click.echo(render_advice(advice))
    if check:
        problems = unmet_expectations(data, expect)
        for problem in problems:
            click.echo(f"expectation failed: {problem}", err=True)
        if problems:
            raise SystemExit(1)


@app.command()
@click.argument("rule_id", metavar="RULE")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def explain(rule_id: str, as_json: bool) -> None:
    """Explain one rule (such as R5 or A3): what it says, its policies and sources."""
    from runready.render import explain_rule, rule_as_dict

    if as_json:
        _print_json(rule_as_dict(rule_id))
    else:
        click.echo(explain_rule(rule_id))


@app.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def sources(as_json: bool) -> None:
    """List the two articles' claims, where each is handled, and every cited source."""
    from runready.render import render_sources, sources_as_dict

    if as_json:
        _print_json(sources_as_dict())
    else:
        click.echo(render_sources())


def main() -> None:
    """Run the command line."""
    app(prog_name="runready")
