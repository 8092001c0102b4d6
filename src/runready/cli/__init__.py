"""The ``runready`` command line: a thin shell over the library and its services.

Built on click; every command imports what it needs when it runs, so a cold start stays well
under the 300 ms budget.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from runready.core.errors import RunreadyError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


def handles_errors(command: F) -> F:
    """Turn runready's own errors into one line on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except RunreadyError as exc:
            click.echo(f"error: {exc}", err=True)
            raise SystemExit(EXIT_BAD_INPUT) from None
        except (click.ClickException, click.exceptions.Exit, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if _debugging():
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {exc} (this is a bug; run with "
                "RUNREADY_DEBUG=1 for details)",
                err=True,
            )
            raise SystemExit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def _debugging() -> bool:
    from runready import settings

    try:
        return settings.load().debug
    except settings.ConfigError:
        return False  # a bad setting must not hide the error being reported


def print_json(data: object) -> None:
    """Print ``data`` as indented JSON."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


athlete_option = click.option(
    "--athlete", "athlete", metavar="NAME", help="Which athlete (default: the default one)."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="runready")
def app() -> None:
    """May I run after leg day? Explained, evidence-based advice for athletes who lift and run.

    Data lives in SQLite in your user data folder (RUNREADY_HOME overrides it), or in
    PostgreSQL when RUNREADY_DATABASE_URL says so.
    """


def main() -> None:
    """Run the command line."""
    app(prog_name="runready")


from runready.cli import advice as _advice  # noqa: E402,F401  (registers the commands)
from runready.cli import data as _data  # noqa: E402,F401
from runready.cli import outcomes as _outcomes  # noqa: E402,F401
from runready.cli import planning as _planning  # noqa: E402,F401
from runready.cli import server as _server  # noqa: E402,F401
from runready.cli import watching as _watching  # noqa: E402,F401
