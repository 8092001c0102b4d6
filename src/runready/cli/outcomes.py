"""Commands on outcomes: feedback after a run, wellness readings, the calibration report."""

from __future__ import annotations

import click

from runready.cli import app, athlete_option, handles_errors, json_option, print_json
from runready.core.model import LegsFelt


@app.command()
@click.argument("legs", type=click.Choice([f.value for f in LegsFelt], case_sensitive=False))
@click.option("--run", "run_id", metavar="ID", help="Which run (default: the latest one).")
@click.option("--rpe", type=click.FloatRange(0, 10), help="The run's session effort, 0-10.")
@athlete_option
@json_option
@handles_errors
def feedback(
    legs: str, run_id: str | None, rpe: float | None, athlete: str | None, as_json: bool
) -> None:
    """Say how the legs felt on a run: fine, heavy or had_to_stop (one word, after the run)."""
    from runready.clock import now
    from runready.services import athletes, open_database, outcomes

    db = open_database()
    profile = athletes.named(db, athlete)
    stored = outcomes.tell(db, profile.id, LegsFelt(legs.lower()), now(profile.tz), run_id, rpe)
    if as_json:
        print_json(stored.as_dict())
        return
    start = stored.feedback.run_start.astimezone(profile.tz)
    effort = f", RPE {rpe:g}" if rpe is not None else ""
    click.echo(f"legs {legs} on the run of {start:%a %d %b %H:%M}{effort}: noted.")


@app.command()
@click.option("--hrv", "rmssd", type=click.FloatRange(1, 500), help="HRV as rMSSD, ms.")
@click.option("--sdnn", type=click.FloatRange(1, 500), help="HRV as SDNN, ms (kept apart).")
@click.option("--rhr", type=click.FloatRange(20, 150), help="Resting heart rate, bpm.")
@click.option("--sleep", "sleep_h", type=click.FloatRange(0, 24), help="Hours slept.")
@click.option("--at", "at", metavar="TIME", help="When measured (default now).")
@athlete_option
@json_option
@handles_errors
def wellness(
    rmssd: float | None,
    sdnn: float | None,
    rhr: float | None,
    sleep_h: float | None,
    at: str | None,
    athlete: str | None,
    as_json: bool,
) -> None:
    """Record this morning's HRV, resting heart rate and sleep (they can only tighten)."""
    from runready import shorthand
    from runready.clock import now
    from runready.core.model import Wellness
    from runready.services import athletes, open_database, outcomes

    db = open_database()
    profile = athletes.named(db, athlete)
    current = now(profile.tz)
    moment = shorthand.moment(at, current, profile.tz) if at else current
    reading = Wellness(moment, rmssd, sdnn, rhr, sleep_h)
    outcomes.wellness(db, profile.id, reading, current)
    values = {"hrv_rmssd_ms": rmssd, "hrv_sdnn_ms": sdnn, "resting_hr": rhr, "sleep_h": sleep_h}
    if as_json:
        print_json({"at": moment.isoformat(timespec="seconds"), **values})
        return
    shown = ", ".join(f"{k} {v:g}" for k, v in values.items() if v is not None)
    click.echo(f"recorded at {moment:%a %d %b %H:%M}: {shown}")


@app.command()
@click.option("--at", "at", metavar="TIME", help="When (default now).")
@athlete_option
@json_option
@handles_errors
def calibration(at: str | None, athlete: str | None, as_json: bool) -> None:
    """Show your personal recovery rate and how often the advice held."""
    from runready import shorthand
    from runready.cli.views import calibration_lines
    from runready.clock import now
    from runready.services import athletes, calibrating, open_database

    db = open_database()
    profile = athletes.named(db, athlete)
    current = now(profile.tz)
    moment = shorthand.moment(at, current, profile.tz) if at else current
    report = calibrating.report_at(db, profile.id, moment)
    if as_json:
        print_json(report.as_dict())
        return
    for line in calibration_lines(report):
        click.echo(line)
