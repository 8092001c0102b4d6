"""Where a web request's server time goes: the app called in-process, without HTTP or uvicorn.

``python -m bench.web_profile [sqlite|postgresql] [--top N]`` builds the app as ``runready
serve`` does, sets it up through the API (account, key, demo athlete, a 2,000-session
athlete), then:

1. times the cached ``GET /advice`` through the ASGI app directly, once with FastAPI's real
   thread pool and once with the thread pool replaced by a direct call (the difference is
   the cost of the thread hops);
2. profiles that loop with cProfile (thread pool inlined, so every frame is in one thread);
3. profiles single computed advice requests (a new ``at`` each time) for both athletes.
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.synthetic import history
from bench.web import HISTORY_SESSIONS, PASSWORD, PROFILE, postgres_database

API = "/api/v1"


@contextlib.contextmanager
def app_on(database: str) -> Iterator[Any]:
    """Yield the app on a fresh SQLite data home or a throwaway PostgreSQL database."""
    with tempfile.TemporaryDirectory(prefix="runready-profile-") as home:
        os.environ["RUNREADY_HOME"] = home
        os.environ.pop("RUNREADY_SECRET_KEY", None)
        from runready.app import create_app
        from runready.settings import load

        if database == "sqlite":
            yield create_app(load(inprocess_jobs=False))
            return
        with postgres_database() as url:
            app = create_app(load(database_url=url, inprocess_jobs=False))
            try:
                yield app
            finally:
                app.state.db.close()


def set_up(app: Any) -> tuple[str, str, str]:
    """Create the account, an API key, the demo athlete and a long history; return ids."""
    from fastapi.testclient import TestClient

    client = TestClient(app, base_url="http://127.0.0.1")
    answer = client.post(f"{API}/setup", json={"username": "bench", "password": PASSWORD})
    signed_in = {  # the session cookie is Secure on loopback: send it by hand over http
        "cookie": answer.headers["set-cookie"].split(";", 1)[0],
        "x-csrf-token": answer.json()["csrf_token"],
    }
    client.cookies.clear()
    key = client.post(f"{API}/keys", json={"name": "b"}, headers=signed_in).json()
    client.headers["authorization"] = f"Bearer {key['key']}"
    demo = client.post(f"{API}/demo").json()["id"]
    own = next(a for a in client.get(f"{API}/me").json()["athletes"] if not a["demo"])["id"]
    client.patch(f"{API}/athletes/{own}", json=PROFILE)
    end = datetime.now(UTC) - timedelta(hours=12)
    for item in history(years=4.3, end=end)[-HISTORY_SESSIONS:]:
        client.post(f"{API}/athletes/{own}/sessions", json=item).raise_for_status()
    return key["key"], demo, own


def asgi_call(app: Any, method: str, path: str, key: str, body: bytes = b"") -> Awaitable[int]:
    """Return a coroutine that sends one request straight to the ASGI app; it gives the status."""
    headers = [(b"host", b"127.0.0.1"), (b"authorization", f"Bearer {key}".encode())]
    if body:
        headers += [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    status = [0]

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status[0] = message["status"]

    async def run() -> int:
        await app(scope, receive, send)
        return status[0]

    return run()


@contextlib.contextmanager
def inline_threadpool() -> Iterator[None]:
    """Run FastAPI's sync endpoints and dependencies in the calling thread."""
    import fastapi.dependencies.utils
    import fastapi.routing

    async def direct(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    modules = (fastapi.routing, fastapi.dependencies.utils)
    saved = [getattr(module, "run_in_threadpool") for module in modules]  # noqa: B009
    for module in modules:
        setattr(module, "run_in_threadpool", direct)  # noqa: B010
    try:
        yield
    finally:
        for module, original in zip(modules, saved, strict=True):
            setattr(module, "run_in_threadpool", original)  # noqa: B010


def time_loop(app: Any, path: str, key: str, count: int) -> float:
    """Return the mean milliseconds of ``count`` sequential cached GETs through the app."""

    async def loop() -> float:
        for _ in range(50):
            await asgi_call(app, "GET", path, key)
        start = time.perf_counter()
        for _ in range(count):
            if await asgi_call(app, "GET", path, key) != 200:
                raise RuntimeError("the advice request failed")
        return (time.perf_counter() - start) / count * 1000

    return asyncio.run(loop())


def profiled(work: Callable[[], Any], top: int, sort: str = "cumulative") -> str:
    """Return the cProfile report of ``work()``, ``top`` lines sorted by ``sort``."""
    profile = cProfile.Profile()
    profile.enable()
    work()
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).strip_dirs().sort_stats(sort).print_stats(top)
    return out.getvalue()


def main() -> None:
    """Set up on one database, time and profile the advice endpoint, print the reports."""
    database = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "sqlite"
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 45
    with app_on(database) as app:
        start = time.perf_counter()
        key, demo, own = set_up(app)
        print(f"{database}: set up in {time.perf_counter() - start:.1f} s")
        path = f"{API}/athletes/{demo}/advice"
        threaded = time_loop(app, path, key, 2000)
        with inline_threadpool():
            inline = time_loop(app, path, key, 2000)
            print(
                f"cached GET advice in-process (no HTTP): {threaded:.3f} ms with the thread "
                f"pool, {inline:.3f} ms inline; thread hops {threaded - inline:.3f} ms"
            )

            async def cached_loop() -> None:
                for _ in range(2000):
                    await asgi_call(app, "GET", path, key)

            print("== cached GET advice x2000, by own time ==")
            print(profiled(lambda: asyncio.run(cached_loop()), top, "tottime"))
            print("== cached GET advice x2000, cumulative ==")
            print(profiled(lambda: asyncio.run(cached_loop()), top))
            base = datetime.now(UTC) - timedelta(days=2)
            for label, athlete in (("2000 sessions", own), ("demo", demo)):
                bodies = [
                    f'{{"at": "{(base + timedelta(minutes=7 * i)).isoformat()}"}}'.encode()
                    for i in range(10)
                ]
                posts = f"{API}/athletes/{athlete}/advice"

                async def computed(bodies: list[bytes] = bodies, posts: str = posts) -> None:
                    for body in bodies:
                        await asgi_call(app, "POST", posts, key, body)

                start = time.perf_counter()
                asyncio.run(computed(bodies[:5]))
                each = (time.perf_counter() - start) / 5 * 1000
                print(f"== computed advice, {label}: {each:.1f} ms each; 5 more profiled ==")
                rest = computed(bodies[5:])
                print(profiled(lambda rest=rest: asyncio.run(rest), top))  # type: ignore[misc]


if __name__ == "__main__":
    main()
