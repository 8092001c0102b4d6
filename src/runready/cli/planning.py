"""Commands that plan: plan, availability, template, replan, ics, calendar."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from runready.cli import app, athlete_option, handles_errors, json_option, print_json
from runready.core.errors import InvalidInput

if TYPE_CHECKING:
    from runready.core.plan_values import Plan
    from runready.services import Database
    from runready.services.athletes import AthleteId

#: How to make each setting that planning needs, on the command line.
HOW_TO_SET = {
    "availability": "runready availability mon 17:30-21:00",
    "template": "runready template legs:2x60 easy:2x40 long:1x90",
}


@contextmanager
def _says_how_to_set() -> Iterator[None]:
    """Turn a missing planning setting into the command that sets it."""
    from runready.services.planning import SettingsMissing

    try:
        yield
    except SettingsMissing as exc:
        raise InvalidInput(exc.field, f"{exc.problem}, e.g. `{HOW_TO_SET[exc.field]}`") from exc


@app.command(name="plan")
@click.option(
    "--request",
    "request_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Plan from a request file (YAML or JSON) instead of the database.",
)
@click.option(
    "--week",
    "week",
    metavar="DATE",
    help="Plan the stored athlete from DATE (e.g. next Monday) and save the plan.",
)
@click.option(
    "--weeks",
    type=click.IntRange(1, 12),
    default=1,
    show_default=True,
    help="With --week: how many weeks.",
)
@click.option(
    "--check",
    is_flag=True,
    help="With --request: check validity and the expect block; exit 1 on failure.",
)
@click.option(
    "--fit",
    "fit_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --week: also write each planned run as a FIT workout into this folder.",
)
@athlete_option
@json_option
@handles_errors
def plan_command(
    request_file: Path | None,
    week: str | None,
    weeks: int,
    check: bool,
    fit_dir: Path | None,
    athlete: str | None,
    as_json: bool,
) -> None:
    """Plan the week around leg day: place lifts and runs in your free windows."""
    from runready.render import plan_json, render_plan

    if request_file is not None:
        if week or athlete or fit_dir:
            raise click.UsageError(
                "--week, --athlete and --fit read the database; a request file "
                "carries its own athlete and dates"
            )
        result = _plan_request(request_file, check)
    else:
        from runready import shorthand
        from runready.clock import now
        from runready.services import athletes, open_database, planning

        if week is None:
            raise click.UsageError("give --request FILE, or --week DATE for the stored athlete")
        db = open_database()
        profile = athletes.named(db, athlete)
        start = shorthand.day(week, profile.tz, "--week").date()
        moment = now(profile.tz)
        with _says_how_to_set():
            result = planning.plan_weeks(db, profile.id, start, weeks, moment)
        if fit_dir is not None:
            _write_workouts(db, profile.id, start, 7 * weeks, fit_dir)
    if as_json:
        print_json(plan_json(result))
    else:
        click.echo(render_plan(result))


def _write_workouts(db: Database, athlete_id: AthleteId, start: date, days: int, out: Path) -> None:
    """Write the planned runs as FIT workouts into ``out`` (made if missing); say where on
    stderr, so --json output stays one document."""
    from runready.clock import now
    from runready.services import workouts

    files = workouts.week_files(db, athlete_id, start, days, now(UTC))
    out.mkdir(parents=True, exist_ok=True)
    for made in files:
        (out / made.name).write_bytes(made.data)
    click.echo(f"wrote {len(files)} FIT workouts to {out}", err=True)


def _plan_request(path: Path, check: bool) -> Plan:
    from runready.core.plan_check import problems
    from runready.plan_format import load_request
    from runready.services.solving import solve

    request, expect = load_request(path)
    result = solve(request)
    if check:
        failures = problems(request, result)
        placed = sum(1 for s in result.sessions if not s.fixed)
        wanted = expect.get("placed_at_least")
        if wanted is not None and placed < wanted:
            failures.append(f"placed {placed}, expected at least {wanted}")
        for failure in failures:
            click.echo(f"check failed: {failure}", err=True)
        if failures:
            raise SystemExit(1)
    return result


@app.command()
@click.argument("day", required=False)
@click.argument("windows", nargs=-1)
@click.option("--clear", is_flag=True, help="Remove every window of DAY.")
@athlete_option
@json_option
@handles_errors
def availability(
    day: str | None, windows: tuple[str, ...], clear: bool, athlete: str | None, as_json: bool
) -> None:
    """Show or set free windows: `runready availability mon 06:30-08:00 17:30-21:00`."""
    from runready.clock import now
    from runready.services import athletes, open_database, planning

    db = open_database()
    profile = athletes.named(db, athlete)
    moment = now(profile.tz)
    if day is not None:
        if not windows and not clear:
            raise click.UsageError("give the windows (e.g. 17:30-21:00) or --clear")
        found = planning.set_availability(db, profile.id, day, list(windows), moment)
    else:
        found = planning.settings(db, profile.id, moment)
    if as_json:
        print_json(found.availability)
        return
    from runready.core.plan_values import WEEKDAYS

    for name in WEEKDAYS:
        click.echo(f"{name}: {', '.join(found.availability.get(name, [])) or '-'}")


@app.command()
@click.argument("items", nargs=-1, metavar="KIND:COUNTxMIN...")
@click.option("--rest", "rest_days", type=click.IntRange(0, 7), help="Rest days per week.")
@athlete_option
@json_option
@handles_errors
def template(
    items: tuple[str, ...], rest_days: int | None, athlete: str | None, as_json: bool
) -> None:
    """Show or set the weekly sessions: `runready template legs:2x60 upper:2x50 long:1x90`."""
    from runready import shorthand
    from runready.clock import now
    from runready.services import athletes, open_database, planning

    db = open_database()
    profile = athletes.named(db, athlete)
    moment = now(profile.tz)
    if items or rest_days is not None:
        if items:
            specs = [shorthand.template_item(text) for text in items]
        else:
            specs = list(planning.settings(db, profile.id, moment).specs)
        found = planning.set_template(db, profile.id, specs, rest_days, moment)
    else:
        found = planning.settings(db, profile.id, moment)
    if as_json:
        print_json({"sessions": found.template, "rest_days_min": found.rest_days_min})
        return
    for spec in found.specs:
        click.echo(f"{spec.count} x {spec.label}, {spec.duration_min} min")
    click.echo(f"at least {found.rest_days_min} rest day(s) a week")


@app.command()
@click.option("--weeks", type=click.IntRange(1, 12), default=1, show_default=True)
@athlete_option
@json_option
@handles_errors
def replan(weeks: int, athlete: str | None, as_json: bool) -> None:
    """Re-plan the rest of this week after a missed, moved or extra session."""
    from runready.clock import now
    from runready.render import plan_json, render_plan
    from runready.services import athletes, open_database, planning

    db = open_database()
    profile = athletes.named(db, athlete)
    with _says_how_to_set():
        result = planning.replan(db, profile.id, now(profile.tz), weeks)
    if as_json:
        print_json(plan_json(result))
    else:
        click.echo(render_plan(result))


@app.command()
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the .ics file.",
)
@click.option("--since", metavar="DATE", help="First day to include (default: 4 weeks ago).")
@athlete_option
@handles_errors
def ics(out: Path, since: str | None, athlete: str | None) -> None:
    """Export the planned sessions and ready events as an iCalendar file (stable UIDs, SEQUENCE
    on change, the reminders set with ``runready calendar``)."""
    from runready import shorthand
    from runready.clock import now
    from runready.services import athletes, calendar_feed, open_database

    db = open_database()
    profile = athletes.named(db, athlete)
    moment = now(profile.tz)
    first = shorthand.day(since, profile.tz) if since else moment - timedelta(weeks=4)
    body, count = calendar_feed.ics_file(db, profile, first, moment)
    out.write_bytes(body)
    click.echo(f"wrote {count} events to {out}")
    if not count:
        click.echo(
            "note: nothing is planned since then; plan a week first with "
            "`runready plan --week DATE` (free times: `runready availability`, sessions: "
            "`runready template`)",
            err=True,
        )


@app.command()
@click.option(
    "--alarms",
    metavar="MINUTES",
    help='Reminders on every calendar event, minutes before it ("30,600"; "" for none).',
)
@click.option("--rotate", is_flag=True, help="Make a new feed link; the old one stops working.")
@athlete_option
@json_option
@handles_errors
def calendar(alarms: str | None, rotate: bool, athlete: str | None, as_json: bool) -> None:
    """Show or set the calendar reminders, or make a new calendar feed link."""
    from runready import plan_format
    from runready.clock import now
    from runready.services import athletes, open_database, planning

    db = open_database()
    profile = athletes.named(db, athlete)
    moment = now(profile.tz)
    found = planning.settings(db, profile.id, moment)
    if alarms is not None:
        minutes = plan_format.alarm_minutes(alarms)
        found = planning.set_alarms(db, profile.id, minutes, moment)
    if rotate:
        found = planning.rotate_feed(db, profile.id, moment)
    if as_json:
        print_json({"alarms_min": found.alarms_min, "rotated": rotate})
        return
    shown = ", ".join(f"{m} min" for m in found.alarms_min) or "none"
    click.echo(f"reminders before each event: {shown}")
    if rotate:
        click.echo("new calendar link made: the old one no longer works (the Plan page shows it)")


@app.command()
@click.option("--link", "url", metavar="URL", help="Link to intervals.icu at URL (its address).")
@click.option("--remote", metavar="ID", help="With --link: the intervals.icu athlete id (i12345).")
@click.option(
    "--week",
    metavar="DATE",
    help="Push the sessions planned from DATE for a week (default: this week).",
)
@athlete_option
@json_option
@handles_errors
def intervals(
    url: str | None, remote: str | None, week: str | None, athlete: str | None, as_json: bool
) -> None:
    """Push the planned week to intervals.icu (link first with --link URL --remote ID; the API
    key is asked for, or read from RUNREADY_INTERVALS_KEY, and stored encrypted)."""

    from runready import settings, shorthand
    from runready.clock import now
    from runready.services import athletes, open_database
    from runready.services import intervals as icu

    db = open_database()
    profile = athletes.named(db, athlete)
    moment = now(profile.tz)
    if url is not None:
        if remote is None:
            raise click.UsageError("--link needs --remote, the intervals.icu athlete id")
        given = settings.load().intervals_key
        key = given.get_secret_value() if given is not None else None
        key = key or click.prompt("intervals.icu API key", hide_input=True, err=True)
        icu.link(db, profile.id, url, remote, key, moment)
        click.echo(f"linked to intervals.icu athlete {remote}", err=True)
    today = moment.date()
    start = (
        shorthand.day(week, profile.tz, "--week").date()
        if week
        else today - timedelta(days=today.weekday())
    )
    result = icu.push_week(db, profile.id, start, 7, moment)
    if as_json:
        print_json({"upserted": result.upserted, "deleted": result.deleted})
    else:
        click.echo(f"intervals.icu: {result.upserted} events sent, {result.deleted} removed")
