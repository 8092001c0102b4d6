"""The ``watch`` command: import training files as they arrive in a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from runready.cli import app, athlete_option, handles_errors, json_option


@app.command()
@click.argument(
    "folder", type=click.Path(exists=True, file_okay=False, readable=True, path_type=Path)
)
@athlete_option
@json_option
@handles_errors
def watch(folder: Path, athlete: str | None, as_json: bool) -> None:
    """Import new or changed FIT, GPX, TCX and CSV files in FOLDER as they arrive.

    A file is read once its size and time have held for two seconds; one line per import
    (one JSON object per line with --json). Ctrl+C stops.
    """
    import json

    from runready.cli.views import report_line
    from runready.clock import now
    from runready.services import athletes, open_database, watching

    db: Any = open_database()
    profile = athletes.named(db, athlete)

    def report(file: Any) -> None:
        when = now(profile.tz)
        if as_json:
            line = {"at": when.isoformat(timespec="seconds"), **file.as_dict()}
            click.echo(json.dumps(line, ensure_ascii=False))
        else:
            click.echo(f"{when:%H:%M:%S} {report_line(file)}")

    if not as_json:
        click.echo(f"watching {folder} for {profile.name} (Ctrl+C stops)")
    try:
        watching.watch_folder(db, profile.id, folder, lambda: now(profile.tz), report)
    except KeyboardInterrupt:
        if not as_json:
            click.echo("stopped watching")
