"""Commands on the stored history: import, log, checkin, sessions, status, athlete."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from runready.cli import app, athlete_option, handles_errors, json_option, print_json
from runready.core import limits
from runready.core.model import (
    CheckIn,
    Feel,
    Focus,
    Goal,
    Pain,
    PolicyName,
    Region,
    RunKind,
    Session,
    SessionType,
    Sex,
)

EXIT_SOME_REJECTED = 3
LIST_ALL_UP_TO = 40


def _db() -> Any:
    from runready.services import open_database

    return open_database()


def _choice(enum: Any) -> click.Choice[str]:
    return click.Choice([member.value for member in enum], case_sensitive=False)


@app.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--all", "list_all", is_flag=True, help="List every file, not only problems.")
@athlete_option
@json_option
@handles_errors
def import_(paths: tuple[Path, ...], list_all: bool, athlete: str | None, as_json: bool) -> None:
    """Import files, folders, zips and whole Strava or Garmin exports.

    Exit code 0 when nothing was rejected, 3 when some files were rejected (the rest is kept).
    """
    from runready.cli.views import import_lines, progress_bar
    from runready.clock import now
    from runready.services import athletes, importing

    db = _db()
    profile = athletes.named(db, athlete)
    total = importing.estimate_files(paths)
    with progress_bar(total, quiet=as_json) as advance:
        summary = importing.import_paths(
            db, profile.id, paths, now(profile.tz), advance, workers=os.cpu_count() or 1
        )
    if as_json:
        print_json(
            {
                "files": [f.as_dict() for f in summary.files],
                "counts": dict(summary.counts),
                "sessions_added": summary.sessions_added,
            }
        )
    else:
        for line in import_lines(summary, list_all or len(summary.files) <= LIST_ALL_UP_TO):
            click.echo(line)
    if summary.any_rejected:
        raise SystemExit(EXIT_SOME_REJECTED)


@app.group()
def log() -> None:
    """Log a session by hand: runready log strength|run|walk|cycle|swim|yoga|other."""


def _log_options(func: Any) -> Any:
    for option in reversed(
        [
            click.option(
                "--at",
                "at",
                metavar="TIME",
                help="Start time (ISO, 18:00 or -2h); default: it just ended.",
            ),
            click.option("--minutes", type=click.FloatRange(1, 1440), help="Duration in minutes."),
            click.option("--rpe", type=click.FloatRange(0, 10), help="Session effort, 0-10."),
            click.option("--name", help="A label for the session."),
            athlete_option,
            json_option,
        ]
    ):
        func = option(func)
    return func


def _store(
    athlete: str | None, session_of: Any, at: str | None, minutes: float, as_json: bool
) -> None:
    from runready import shorthand
    from runready.clock import now
    from runready.services import athletes, journal

    db = _db()
    profile = athletes.named(db, athlete)
    current = now(profile.tz)
    start = (
        shorthand.moment(at, current, profile.tz) if at else current - timedelta(minutes=minutes)
    )
    session: Session = session_of(start, profile.weight_unit)
    clashes = journal.overlapping(db, profile.id, session)
    stored = journal.log_session(db, profile.id, session, current)
    from runready.cli.views import session_line

    if as_json:
        print_json(stored.as_dict())
    else:
        click.echo(f"logged: {session_line(stored)}")
    for other in clashes:
        click.echo(
            f"note: it overlaps {session_line(other)}; both are kept (give --at with the "
            "start time when it was not just now)",
            err=True,
        )


@log.command(name="strength")
@_log_options
@click.option("--focus", type=_choice(Focus), default="legs", show_default=True)
@click.option(
    "--exercise",
    "exercises",
    multiple=True,
    metavar="'NAME SETSxREPS[@KG]'",
    help="e.g. 'Squat 5x5@100' or 'Bench Press 3x8@135lb rpe 8' (repeatable).",
)
@handles_errors
def log_strength(
    at: str | None,
    minutes: float | None,
    rpe: float | None,
    name: str | None,
    athlete: str | None,
    as_json: bool,
    focus: str,
    exercises: tuple[str, ...],
) -> None:
    """Log a strength session (default: 60 min of legs at RPE 7, just finished)."""
    from runready import shorthand

    length = minutes or 60.0

    def build(start: Any, unit: str) -> Session:
        parsed = tuple(shorthand.exercise(text, unit) for text in exercises)
        return Session(
            SessionType.STRENGTH,
            start,
            length,
            rpe=7.0 if rpe is None else rpe,
            focus=Focus(focus),
            exercises=parsed,
            name=name,
        )

    _store(athlete, build, at, length, as_json)


@log.command(name="run")
@_log_options
@click.option("--kind", type=_choice(RunKind), default="easy", show_default=True)
@click.option("--km", type=click.FloatRange(0, 500), help="Distance in km.")
@click.option("--hr", type=click.FloatRange(30, 240), help="Average heart rate.")
@click.option("--descent", type=click.FloatRange(0, 20000), help="Elevation lost, metres.")
@handles_errors
def log_run(
    at: str | None,
    minutes: float | None,
    rpe: float | None,
    name: str | None,
    athlete: str | None,
    as_json: bool,
    kind: str,
    km: float | None,
    hr: float | None,
    descent: float | None,
) -> None:
    """Log a run (default: an easy 40 min, just finished)."""
    length = minutes or 40.0

    def build(start: Any, _unit: str) -> Session:
        return Session(
            SessionType.RUN,
            start,
            length,
            rpe=rpe,
            kind=RunKind(kind),
            distance_km=km,
            avg_hr_bpm=hr,
            elevation_loss_m=descent,
            name=name,
        )

    _store(athlete, build, at, length, as_json)


def _simple(kind: SessionType) -> None:
    @log.command(
        name=kind.value, help=f"Log a {kind.value} session (default 30 min, just finished)."
    )
    @_log_options
    @click.option("--km", type=click.FloatRange(0, 1000), help="Distance in km.")
    @handles_errors
    def command(
        at: str | None,
        minutes: float | None,
        rpe: float | None,
        name: str | None,
        athlete: str | None,
        as_json: bool,
        km: float | None,
    ) -> None:
        length = minutes or 30.0

        def build(start: Any, _unit: str) -> Session:
            return Session(kind, start, length, rpe=rpe, distance_km=km, name=name)

        _store(athlete, build, at, length, as_json)


for _kind in (
    SessionType.WALK,
    SessionType.CYCLE,
    SessionType.SWIM,
    SessionType.YOGA,
    SessionType.OTHER,
):
    _simple(_kind)


def _soreness_options(func: Any) -> Any:
    for region in reversed(list(Region)):
        func = click.option(
            f"--{region.value.replace('_', '-')}",
            region.value,
            type=click.FloatRange(0, 10),
            help=f"Soreness of {region.value}.",
        )(func)
    return func


@app.command()
@click.option(
    "--soreness",
    type=click.FloatRange(0, 10),
    help="Leg soreness overall, 0-10 (quads, hamstrings, glutes, calves).",
)
@_soreness_options
@click.option("--sleep", "sleep_h", type=click.FloatRange(0, 24), help="Hours slept last night.")
@click.option("--feel", type=_choice(Feel))
@click.option("--pain", type=_choice(Pain), default="none", show_default=True)
@click.option("--at", "at", metavar="TIME", help="When (default now).")
@athlete_option
@json_option
@handles_errors
def checkin(
    soreness: float | None,
    sleep_h: float | None,
    feel: str | None,
    pain: str,
    at: str | None,
    athlete: str | None,
    as_json: bool,
    **regions: float | None,
) -> None:
    """Check in: soreness, sleep, how you feel, pain. Then `runready advise`."""
    from runready import shorthand
    from runready.clock import now
    from runready.services import athletes, journal

    db = _db()
    profile = athletes.named(db, athlete)
    current = now(profile.tz)
    moment = shorthand.moment(at, current, profile.tz) if at else current
    values = {Region(name): value for name, value in regions.items() if value is not None}
    base = CheckIn.of(
        moment, soreness, sleep_h=sleep_h, feel=Feel(feel) if feel else None, pain=Pain(pain)
    )
    merged = dict(base.soreness) | values
    report = replace(base, soreness=tuple(sorted(merged.items(), key=lambda i: i[0].value)))
    journal.check_in(db, profile.id, report)
    if as_json:
        print_json(
            {
                "at": moment.isoformat(timespec="seconds"),
                "soreness": {r.value: v for r, v in report.soreness},
                "sleep_h": sleep_h,
                "feel": feel,
                "pain": pain,
            }
        )
    else:
        sore = ", ".join(f"{r.value} {v:g}" for r, v in report.soreness) or "none"
        click.echo(
            f"checked in at {moment:%a %d %b %H:%M}: soreness {sore}; "
            f"sleep {sleep_h if sleep_h is not None else '-'} h; feel {feel or '-'}; "
            f"pain {pain}"
        )


@app.command()
@click.option("--since", metavar="DATE", help="Only sessions from this date (2026-11-01).")
@click.option("--until", metavar="DATE", help="Only sessions up to this date.")
@athlete_option
@json_option
@handles_errors
def sessions(since: str | None, until: str | None, athlete: str | None, as_json: bool) -> None:
    """List stored sessions, oldest first."""
    from runready import shorthand
    from runready.cli.views import session_line
    from runready.services import athletes, journal

    db = _db()
    profile = athletes.named(db, athlete)
    start = shorthand.day(since, profile.tz) if since else None
    end = shorthand.day(until, profile.tz, "--until") + timedelta(days=1) if until else None
    found = journal.sessions(db, profile.id, start, end)
    if as_json:
        print_json([item.as_dict() for item in found])
        return
    for item in found:
        click.echo(session_line(item))
    click.echo(f"{len(found)} sessions")


@app.command()
@click.option("--at", "at", metavar="TIME", help="When (default now).")
@athlete_option
@json_option
@handles_errors
def status(at: str | None, athlete: str | None, as_json: bool) -> None:
    """Show fatigue per muscle, fitness/fatigue/form, and the last 7 and 28 days."""
    from runready import shorthand
    from runready.cli.views import status_lines
    from runready.clock import now
    from runready.services import advising, athletes

    db = _db()
    profile = athletes.named(db, athlete)
    current = now(profile.tz)
    moment = shorthand.moment(at, current, profile.tz) if at else current
    state = advising.advise_at(db, profile.id, moment).state
    if as_json:
        print_json(
            {"at": moment.isoformat(timespec="seconds"), "athlete": profile.name, **state.as_dict()}
        )
    else:
        for line in status_lines(profile.name, moment, state):
            click.echo(line)


@app.command()
@click.option("--name", help="Which athlete to show or change; created when new.")
@click.option("--goal", type=_choice(Goal))
@click.option("--policy", type=_choice(PolicyName))
@click.option("--sex", type=_choice(Sex))
@click.option("--age", "age_years", type=click.IntRange(*limits.AGE_YEARS))
@click.option("--hr-max", "hr_max_bpm", type=click.IntRange(*limits.HR_MAX_BPM))
@click.option("--hr-rest", "hr_rest_bpm", type=click.IntRange(*limits.HR_REST_BPM))
@click.option(
    "--experience",
    "lifting_experience_months",
    type=click.FloatRange(*limits.LIFTING_EXPERIENCE_MONTHS),
    help="Months of consistent lifting.",
)
@click.option("--weight-unit", type=click.Choice(["kg", "lb"]))
@click.option("--timezone", help="IANA time zone, e.g. Europe/Berlin.")
@click.option(
    "--calibrate/--no-calibrate",
    default=None,
    help="Use the recovery rate learned from your outcomes (default on).",
)
@click.option("--default", "make_default", is_flag=True, help="Make this the default athlete.")
@click.option("--list", "list_all", is_flag=True, help="List every athlete.")
@json_option
@handles_errors
def athlete(
    name: str | None, make_default: bool, list_all: bool, as_json: bool, **fields: Any
) -> None:
    """Show or set an athlete's goal, policy and profile (several athletes per database)."""
    from runready.services import athletes

    db = _db()
    if list_all:
        found = athletes.listing(db)
        if as_json:
            print_json([p.as_dict() for p in found])
        for profile in found if not as_json else []:
            mark = "*" if profile.is_default else " "
            a = profile.athlete
            click.echo(f"{mark} {profile.name}: goal {a.goal.value}, policy {a.policy.value}")
        return
    enums = {"goal": Goal, "policy": PolicyName, "sex": Sex}
    changes = {k: (enums[k](v) if k in enums else v) for k, v in fields.items() if v is not None}
    profile = athletes.save(db, name, changes, create=name is not None, make_default=make_default)
    if as_json:
        print_json(profile.as_dict())
        return
    for key, value in profile.as_dict().items():
        click.echo(f"{key:>26}: {value if value is not None else '-'}")
