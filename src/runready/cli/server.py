"""``runready serve`` (the web app and API) and ``runready worker`` (background imports)."""

from __future__ import annotations

import click

from runready.cli import app, handles_errors

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@app.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="App processes behind the port (they share nothing but the database).",
)
@handles_errors
def serve(host: str, port: int, workers: int) -> None:
    """Start the web app and the REST API (/api/v1, OpenAPI at /docs).

    The first start runs the database migrations and creates the server's secret key; the
    first visit shows a setup page that creates the owner account.
    """
    import uvicorn

    from runready import settings as configuration
    from runready.services import accounts, open_database
    from runready.services.secret_key import server_secret

    settings = configuration.load()  # a bad setting stops here, with one line naming it
    server_secret()
    db = open_database(settings=settings)  # migrate once, before any worker starts
    first_visit = accounts.needs_setup(db)
    db.close()
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"runready is running at http://{shown}:{port}/  (Ctrl+C stops it)")
    click.echo(f"database: {db.safe_url}")
    if first_visit:
        click.echo("first visit: open the address above to create your account")
    if host not in LOOPBACK:
        click.echo(
            "note: serving plain HTTP on a network address; put it behind HTTPS (a reverse "
            "proxy) before anyone signs in from another machine",
            err=True,
        )
    uvicorn.run(
        "runready.app:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,  # the app reads forwarded headers itself, from trusted proxies only
        log_level="warning",
        server_header=False,
    )


@app.command()
@click.option("--once", is_flag=True, help="Run the queued jobs, then stop.")
@handles_errors
def worker(once: bool) -> None:
    """Run background import jobs (for PostgreSQL deployments; SQLite runs them in the app).

    Start as many as you like, on any machine that reaches the database (and the blob store):
    one athlete's imports run one at a time, and a job whose worker died is run by another.
    SIGTERM or Ctrl+C stops it after the job it is running.
    """
    import logging
    import os
    import signal
    import threading

    from runready.services import open_database
    from runready.services.queue import open_queue

    logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT)
    db = open_database(name=f"runready-worker-{os.getpid()}")
    queue = open_queue(db)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    click.echo(f"worker: waiting for import jobs in {db.safe_url}")
    try:
        ran = queue.work(stop, once=once)
    finally:
        queue.close()
        db.close()
    click.echo(f"worker: stopped after {ran} jobs")
