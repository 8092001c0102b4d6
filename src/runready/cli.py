"""The ``runready`` command line: a thin shell over the library."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from runready.core.errors import RunreadyError

app = typer.Typer(
    help="May I run after leg day? Explained, evidence-based advice for athletes who lift and run.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])
EXIT_BAD_INPUT = 2


def handles_errors(command: F) -> F:
    """Turn runready's own errors into one line on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except RunreadyError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None

    return wrapper  # type: ignore[return-value]


def example_path() -> Path:
    """Return the bundled example scenario."""
    return Path(str(resources.files("runready.examples").joinpath("leg-day.yaml")))


@app.command()
@handles_errors
def advise(
    scenario: Annotated[Path | None, typer.Option(
        "--scenario", "-s", help="A scenario file (YAML or JSON).", dir_okay=False)] = None,
    example: Annotated[bool, typer.Option(
        "--example", help="Advise on the bundled example scenario.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
    check: Annotated[bool, typer.Option(
        "--check", help="Also check the file's expect block; exit 1 when one fails.")] = False,
) -> None:
    """Advise on a scenario: verdict, limits, earliest times, and why."""
    from runready.core.advisor import advise as run_advice
    from runready.render import render_advice
    from runready.scenario import load_scenario, unmet_expectations

    if scenario is None and not example:
        raise typer.BadParameter("give --scenario FILE or --example", param_hint="--scenario")
    model, expect = load_scenario(scenario or example_path())
    advice = run_advice(model)
    data = advice.as_dict()
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        typer.echo(render_advice(advice))
    if check:
        problems = unmet_expectations(data, expect)
        for problem in problems:
            typer.echo(f"expectation failed: {problem}", err=True)
        if problems:
            raise typer.Exit(1)


@app.command()
@handles_errors
def explain(
    rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule id such as R5 or A3.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Explain one rule: what it says, which policies use it, and its sources."""
    from runready.render import explain_rule, rule_as_dict

    if as_json:
        typer.echo(json.dumps(rule_as_dict(rule_id), indent=2, ensure_ascii=False))
    else:
        typer.echo(explain_rule(rule_id))


@app.command()
def sources(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the two articles' claims, where each is handled, and every cited source."""
    from runready.render import render_sources, sources_as_dict

    if as_json:
        typer.echo(json.dumps(sources_as_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(render_sources())


def main() -> None:
    """Run the command line."""
    sys.exit(app())
