"""Commands that advise and explain: advise, explain, sources."""

from __future__ import annotations

from pathlib import Path

import click

from runready.cli import app, athlete_option, handles_errors, json_option, print_json


def example_path() -> Path:
    """Return the bundled example scenario."""
    return Path(__file__).parents[1] / "examples" / "leg-day.yaml"


@app.command()
@click.option(
    "--scenario",
    "-s",
    "scenario",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Advise on a scenario file (YAML or JSON) instead of the database.",
)
@click.option("--example", is_flag=True, help="Advise on the bundled example scenario.")
@click.option("--at", "at", metavar="TIME", help="When (default now): ISO time, 18:00 or -2h.")
@click.option(
    "--intent",
    "intents",
    multiple=True,
    metavar="KIND[:MIN[:KM]][@TIME]",
    help="What you would like to do, e.g. intervals:45:10 or legs:60 (repeatable).",
)
@click.option(
    "--keep",
    "keep",
    metavar="'DAY HH:MM KIND MIN'",
    help="The largest leg session now that keeps this run allowed, e.g. 'thu 18:00 intervals 45'.",
)
@click.option(
    "--when",
    "when",
    metavar="'KIND MIN'",
    help="The earliest moment this run is allowed, e.g. 'intervals 45'.",
)
@click.option(
    "--check",
    is_flag=True,
    help="With --scenario: check the file's expect block; exit 1 when one fails.",
)
@athlete_option
@json_option
@handles_errors
def advise(
    scenario: Path | None,
    example: bool,
    at: str | None,
    intents: tuple[str, ...],
    keep: str | None,
    when: str | None,
    check: bool,
    athlete: str | None,
    as_json: bool,
) -> None:
    """Advise: may I run now, how hard, how long, and if not, what and when."""
    from runready import shorthand
    from runready.core import whatif
    from runready.core.advisor import advise as run_advice_of
    from runready.render import advice_json, moment_in, render_advice, render_whatif
    from runready.scenario import unmet_expectations

    if scenario is not None or example:
        from runready.scenario import load_scenario

        if at or intents or athlete:
            raise click.UsageError(
                "--at, --intent and --athlete read the database; a scenario file carries its own"
            )
        model, expect = load_scenario(scenario or example_path())
        zone = model.now.tzinfo
        assert zone is not None  # scenarios are aware by contract
        keep_run = shorthand.run(keep, model.now, zone, "--keep") if keep else None
        when_run = shorthand.run(when, model.now, zone, "--when") if when else None
        advice = run_advice_of(model)
        asked_keep = whatif.keep(model, keep_run) if keep_run else None
        asked_when = whatif.when(model, when_run) if when_run else None
    else:
        from runready.clock import now
        from runready.services import advising, athletes, open_database

        db = open_database()
        profile = athletes.named(db, athlete)
        current = now(profile.tz)
        moment = shorthand.moment(at, current, profile.tz) if at else current
        items = tuple(shorthand.intent(text, moment, profile.tz) for text in intents)
        keep_run = shorthand.run(keep, moment, profile.tz, "--keep") if keep else None
        when_run = shorthand.run(when, moment, profile.tz, "--when") if when else None
        answer = advising.answer_at(
            db, profile.id, moment, items, keep_run, when_run, shown=at is None
        )
        advice, asked_keep, asked_when = answer.advice, answer.keep, answer.when
        expect = {}
    data = advice_json(advice)
    show = moment_in(advice.at)
    if asked_keep is not None:
        data["keep"] = asked_keep.as_dict(show)
    if asked_when is not None:
        data["when"] = asked_when.as_dict(show)
    if as_json:
        print_json(data)
    else:
        click.echo(render_advice(advice))
        if asked_keep or asked_when:
            click.echo(render_whatif(asked_keep, asked_when, advice.at))
    if check:
        problems = unmet_expectations(data, expect)
        for problem in problems:
            click.echo(f"expectation failed: {problem}", err=True)
        if problems:
            raise SystemExit(1)


@app.command()
@click.argument("rule_id", metavar="RULE")
@json_option
@handles_errors
def explain(rule_id: str, as_json: bool) -> None:
    """Explain one rule (such as R5 or A3): what it says, its policies and sources.

    DOSE explains the readiness engine: each standard example's dose and gate times."""
    from runready.render import engine_as_dict, explain_rule, rule_as_dict

    if as_json:
        data = rule_as_dict(rule_id)
        if data["id"] == "DOSE":
            data["engine"] = engine_as_dict()
        print_json(data)
    else:
        click.echo(explain_rule(rule_id))


@app.command()
@json_option
def sources(as_json: bool) -> None:
    """List the two articles' claims, where each is handled, and every cited source."""
    from runready.render import render_sources, sources_as_dict

    if as_json:
        print_json(sources_as_dict())
    else:
        click.echo(render_sources())
