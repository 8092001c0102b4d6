"""Web API under load: a bounded keep-alive client against the advice endpoint.

The real server runs as ``runready serve --workers 2`` on a free loopback port, once on a
fresh SQLite file and once on a throwaway PostgreSQL database. The load client runs in this
process: asyncio over raw HTTP/1.1 keep-alive connections (``asyncio.open_connection``), a
fixed number of connections, a warm-up, then a timed run with each request's latency
recorded. Client and server share the machine's cores, so the client is kept cheap, and the
CPU used by the server, PostgreSQL, the client and everything else is measured alongside.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import itertools
import json
import math
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.synthetic import history

API = "/api/v1"
HOST = "127.0.0.1"
WORKERS = 2
CONCURRENCY = 16
WARMUP = 1_000
#: A 60 s window always holds one minute boundary, where each worker recomputes the answer
#: (the cache is keyed by the minute), so every timed run includes exactly that cost.
TIMED_SECONDS = 60.0
COMPUTED = {"long": 100, "demo": 200}  # requests per computed-advice run
AFTER_CHANGES = 20  # asks right after a change (each reads the history and computes)
HISTORY_SESSIONS = 2_000
BAR_RPS = 500.0
BAR_P99_MS = 50.0
QUIET_SHARE = 0.15  # wait (a while) until other processes use less than this of the cores
ATTEMPTS = 3  # timed runs during which other processes used more are redone, up to this
PG_URL = os.environ.get("RUNREADY_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "bench-password-0123"
PROFILE = {
    "goal": "hypertrophy",
    "sex": "female",
    "age": 34,
    "hr_max": 188,
    "hr_rest": 52,
    "lifting_experience_months": 40,
}
TICK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1


# The server


def free_port() -> int:
    """Return a loopback TCP port nobody listens on (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def serve_command(port: int) -> list[str]:
    """Return the command that starts the app: the venv's ``runready serve``."""
    script = Path(sys.executable).with_name("runready")
    start = [str(script)] if script.exists() else [sys.executable, "-m", "runready"]
    return [*start, "serve", "--host", HOST, "--port", str(port), "--workers", str(WORKERS)]


@contextlib.contextmanager
def running_server(database_url: str | None) -> Iterator[tuple[int, int]]:
    """Start the server on a fresh data home and yield (port, pid); stop it afterwards."""
    with tempfile.TemporaryDirectory(prefix="runready-bench-web-") as home:
        env = {**os.environ, "RUNREADY_HOME": home}
        env.pop("RUNREADY_SECRET_KEY", None)
        env.pop("RUNREADY_DATABASE_URL", None)
        if database_url:
            env["RUNREADY_DATABASE_URL"] = database_url
        port = free_port()
        log_path = Path(home) / "server.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                serve_command(port),
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_healthy(port, process, log_path)
            yield port, process.pid
        finally:
            stop_server(process)


def wait_healthy(port: int, process: subprocess.Popen[bytes], log: Path, limit: float = 60) -> None:
    """Wait until GET /health answers 200, or fail with the server's log."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start:\n{log.read_text(errors='replace')}")
        with contextlib.suppress(OSError):
            if call(port, "GET", f"{API}/health")[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {limit:.0f} s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop uvicorn cleanly (SIGTERM, wait); kill its own process group only if it hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# CPU accounting from /proc


@dataclass(frozen=True, slots=True)
class Snapshot:
    """CPU seconds used so far: per process of the server and of PostgreSQL, by us, by all."""

    server: dict[int, float]
    postgres: dict[int, float]
    client: float
    machine: float


@dataclass(frozen=True, slots=True)
class Usage:
    """CPU seconds used between two snapshots by the server, PostgreSQL, this client, and all.

    Counted per process, so processes that start or stop in between (other sessions'
    PostgreSQL backends) neither go negative nor count twice.
    """

    server: float = 0.0
    postgres: float = 0.0
    client: float = 0.0
    machine: float = 0.0

    @classmethod
    def between(cls, before: Snapshot, after: Snapshot) -> Usage:
        """Return the CPU used from ``before`` to ``after``."""

        def grown(old: dict[int, float], new: dict[int, float]) -> float:
            return sum(seconds - old.get(pid, 0.0) for pid, seconds in new.items())

        return cls(
            grown(before.server, after.server),
            grown(before.postgres, after.postgres),
            after.client - before.client,
            after.machine - before.machine,
        )

    @property
    def other(self) -> float:
        """CPU seconds of every other process on the machine."""
        return max(0.0, self.machine - self.server - self.postgres - self.client)


def usage(server_pid: int | None) -> Snapshot:
    """Return the CPU used so far: ``server_pid``'s process tree, PostgreSQL, us, the machine."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    postgres: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :]
        fields = rest.split()
        pid, seconds = int(entry.name), (int(fields[11]) + int(fields[12])) / TICK
        parents[pid], times[pid] = int(fields[1]), seconds
        if name == "postgres":
            postgres[pid] = seconds
    tree, todo = {}, [server_pid] if server_pid else []
    while todo:
        current = todo.pop()
        tree[current] = times.get(current, 0.0)
        todo += [child for child, parent in parents.items() if parent == current]
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    machine = (sum(values[:8]) - values[3] - values[4]) / TICK  # all but idle and iowait
    return Snapshot(tree, postgres, time.process_time(), machine)


def wait_quiet(limit: float = 180.0) -> float:
    """Wait until the rest of the machine is nearly idle (or ``limit`` s); return its share."""
    deadline = time.monotonic() + limit
    while True:
        before = usage(None).machine
        time.sleep(1.0)
        share = (usage(None).machine - before) / CORES
        if share <= QUIET_SHARE or time.monotonic() > deadline:
            return share
        print(f"web: other processes use {share:.0%} of the cores; waiting", file=sys.stderr)


# Setting up an account, a key and athletes (plain http.client: a few calls)


def call(
    port: int,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any, http.client.HTTPResponse]:
    """Make one JSON request and return (status, decoded body or None, response)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        data = None if body is None else json.dumps(body).encode()
        sent = {"content-type": "application/json", **(headers or {})}
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw else None, response
    finally:
        connection.close()


def _expect(port: int, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    status, found, _ = call(port, method, path, body, headers)
    if status >= 300:
        raise RuntimeError(f"{method} {path} answered {status}: {found}")
    return found


def api_key(port: int) -> str:
    """Create the first account and return a new API key of it."""
    status, found, response = call(
        port,
        "POST",
        f"{API}/setup",
        {"username": "bench", "password": PASSWORD, "timezone": "Europe/Berlin"},
    )
    if status != 201:
        raise RuntimeError(f"setup answered {status}: {found}")
    cookie = response.getheader("set-cookie", "").split(";", 1)[0]
    headers = {"cookie": cookie, "x-csrf-token": found["csrf_token"]}
    key: str = _expect(port, "POST", f"{API}/keys", {"name": "bench"}, headers)["key"]
    return key


@dataclass(frozen=True, slots=True)
class Athletes:
    """The benchmark's athletes: the demo one, and one with a long logged history."""

    demo: str
    long: str
    long_sessions: int


def athletes(port: int, key: str) -> Athletes:
    """Create the demo athlete and give the account's own athlete a multi-year history."""
    auth = {"authorization": f"Bearer {key}"}
    demo = _expect(port, "POST", f"{API}/demo", None, auth)["id"]
    own = next(
        a for a in _expect(port, "GET", f"{API}/me", None, auth)["athletes"] if not a["demo"]
    )
    _expect(port, "PATCH", f"{API}/athletes/{own['id']}", PROFILE, auth)
    end = datetime.now(UTC) - timedelta(hours=12)
    sessions = history(years=4.3, end=end)[-HISTORY_SESSIONS:]
    path = f"{API}/athletes/{own['id']}/sessions"
    requests = [post(path, key, port, item) for item in sessions]
    run = asyncio.run(
        load(port, requests.__getitem__, total=len(requests), concurrency=4, expect=201)
    )
    if run.errors:
        raise RuntimeError(f"logging the history failed: {dict(run.errors)}")
    checkin = {"soreness": {"quads": 3}, "sleep_h": 7.0, "feel": "normal"}
    _expect(port, "POST", f"{API}/athletes/{own['id']}/checkins", checkin, auth)
    return Athletes(demo=demo, long=own["id"], long_sessions=len(sessions))


# The load client: raw HTTP/1.1 over keep-alive connections


def get(path: str, key: str, port: int) -> bytes:
    """Return an encoded GET request."""
    return (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAuthorization: Bearer {key}\r\n\r\n"
    ).encode()


def post(path: str, key: str, port: int, body: Any) -> bytes:
    """Return an encoded POST request with a JSON body."""
    data = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAuthorization: Bearer {key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


def always(request: bytes) -> Callable[[int], bytes]:
    """Return a request maker that sends the same request every time."""
    return lambda _i: request


class Connection:
    """One keep-alive HTTP/1.1 connection that sends a request and reads the whole answer."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        """Connect to the server on loopback."""
        reader, writer = await asyncio.open_connection(HOST, port)
        writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(reader, writer)

    async def exchange(self, request: bytes) -> tuple[int, bytes, bool]:
        """Send ``request``; return (status, body, whether the server keeps the connection)."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        lower = head.lower()
        at = lower.find(b"\r\ncontent-length:")
        if at >= 0:
            end = lower.index(b"\r\n", at + 2)
            body = await self.reader.readexactly(int(lower[at + 17 : end]))
        elif b"\r\ntransfer-encoding: chunked" in lower:
            body = await self._chunked()
        else:
            raise ValueError("an answer without Content-Length or chunked encoding")
        return status, body, b"\r\nconnection: close" not in lower

    async def _chunked(self) -> bytes:
        parts = []
        while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append(await self.reader.readexactly(size + 2))
        await self.reader.readuntil(b"\r\n")
        return b"".join(part[:-2] for part in parts)

    def close(self) -> None:
        """Close the connection."""
        self.writer.close()


@dataclass(slots=True)
class Run:
    """What one bounded run measured."""

    seconds: float
    latencies: list[float]
    errors: Counter[str] = field(default_factory=Counter)
    used: Usage = field(default_factory=Usage)
    split: tuple[int, ...] = ()  # open connections per server process at the end
    rate: float | None = None  # the pace asked for, None for flat out
    attempt: int = 1  # which attempt this was (runs disturbed by other processes are redone)
    sequential: bool = False  # one timed request at a time between untimed ones

    @property
    def other_share(self) -> float:
        """The share of the machine's cores that other processes used during the run."""
        return self.used.other / (self.seconds * CORES)

    @property
    def requests(self) -> int:
        """Requests answered (or failed) in the run."""
        return len(self.latencies)

    @property
    def rps(self) -> float:
        """Requests per second over the whole run."""
        return self.requests / self.seconds

    def ms(self, fraction: float) -> float:
        """Return the latency at ``fraction`` (nearest rank) in milliseconds."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

    @property
    def error_count(self) -> int:
        """Answers with another status than expected, plus connection errors."""
        return sum(self.errors.values())

    def per_request_ms(self, seconds: float) -> float:
        """Return ``seconds`` of CPU spread over the run's requests, in milliseconds."""
        return 1000 * seconds / max(self.requests, 1)


async def load(
    port: int,
    request: Callable[[int], bytes],
    *,
    total: int | None = None,
    seconds: float | None = None,
    rate: float | None = None,
    concurrency: int = CONCURRENCY,
    expect: int = 200,
    server_pid: int | None = None,
) -> Run:
    """Send ``request(i)`` for i = 0, 1, ... over ``concurrency`` keep-alive connections.

    Each connection has one request in flight at a time. Without ``rate`` every connection
    sends its next request as soon as the answer is in (a closed loop: the server runs flat
    out). With ``rate``, request i is due ``i / rate`` s after the start and its latency
    counts from then, so time spent waiting for a free connection counts too. The run stops
    after ``total`` requests or ``seconds``, whichever comes first.
    """
    connections: list[Connection | None] = []
    for _ in range(concurrency):  # a little apart, as independent clients would connect
        connections.append(await Connection.open(port))
        await asyncio.sleep(0.005)
    limit = total if total is not None else sys.maxsize
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    numbers = itertools.count()
    clock = time.perf_counter
    start = deadline = 0.0  # set just before the lanes start

    async def lane(slot: int) -> None:
        while (i := next(numbers)) < limit:
            due = start + i / rate if rate else clock()
            if due >= deadline:
                return
            if due > clock():
                await asyncio.sleep(due - clock())
            data = request(i)
            try:
                connection = connections[slot] or await Connection.open(port)
                connections[slot] = connection
                status, _body, keep = await connection.exchange(data)
            except (OSError, EOFError, ValueError, asyncio.IncompleteReadError) as exc:
                latencies.append(clock() - due)
                errors[type(exc).__name__] += 1
                _drop(connections, slot)
                continue
            latencies.append(clock() - due)
            if status != expect:
                errors[f"HTTP {status}"] += 1
            if not keep:
                _drop(connections, slot)

    before = usage(server_pid)
    start = clock()
    deadline = start + (seconds if seconds is not None else math.inf)
    bound = (seconds or 0) + 60 + (limit / 10 if total else 0)
    async with asyncio.timeout(bound):
        await asyncio.gather(*(lane(slot) for slot in range(concurrency)))
    elapsed = clock() - start
    used = Usage.between(before, usage(server_pid))
    split = connection_split(port) if server_pid else ()
    for slot in range(concurrency):
        _drop(connections, slot)
    return Run(elapsed, latencies, errors, used, split, rate)


def connection_split(port: int) -> tuple[int, ...]:
    """Return how many of the open connections to ``port`` each server process holds."""
    try:
        out = subprocess.run(
            ["ss", "-tnpH", "state", "established", f"( sport = :{port} )"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return ()
    return tuple(sorted(Counter(re.findall(r"pid=(\d+)", out)).values(), reverse=True))


def _drop(connections: list[Connection | None], slot: int) -> None:
    connection = connections[slot]
    if connection is not None:
        connection.close()
    connections[slot] = None


def measure(
    port: int,
    pid: int,
    request: Callable[[int], bytes],
    warmup: int,
    total: int | None = None,
    seconds: float | None = None,
    rate: float | None = None,
) -> Run:
    """Warm up (connections, caches in both workers), wait for a quiet machine, then time."""
    if warmup:
        asyncio.run(load(port, lambda i: request(-1 - i), total=warmup))
    runs = []
    for attempt in range(1, ATTEMPTS + 1):
        wait_quiet()
        timed = load(port, request, total=total, seconds=seconds, rate=rate, server_pid=pid)
        run = asyncio.run(timed)
        run.attempt = attempt
        runs.append(run)
        if run.other_share <= QUIET_SHARE:
            break
        print(
            f"web: other processes took {run.other_share:.0%} of the cores; again", file=sys.stderr
        )
    return min(runs, key=lambda r: r.other_share)


# One database


@dataclass(slots=True)
class Row:
    """One line of the results table."""

    database: str
    what: str
    run: Run
    barred: bool

    @property
    def meets(self) -> bool:
        """Whether the run meets the acceptance bar."""
        run = self.run
        return run.rps >= BAR_RPS and run.ms(0.99) <= BAR_P99_MS and not run.error_count


def bench_database(label: str, database_url: str | None) -> tuple[list[Row], float]:
    """Start the server on one database, set it up, measure the advice endpoint.

    Returns the table rows and the setup time in seconds.
    """
    with running_server(database_url) as (port, pid):
        start = time.perf_counter()
        key = api_key(port)
        people = athletes(port, key)
        setup_s = time.perf_counter() - start
        print(f"web: {label} set up in {setup_s:.1f} s", file=sys.stderr)
        auth = {"authorization": f"Bearer {key}"}
        for athlete_id in (people.demo, people.long):
            sample = _expect(port, "GET", f"{API}/athletes/{athlete_id}/advice", None, auth)
            if "verdict" not in sample:
                raise RuntimeError(f"advice without a verdict: {sample}")
        rows = []
        athletes_named = (
            ("long", f"{people.long_sessions} logged sessions", people.long),
            ("demo", "demo athlete, 10 weeks", people.demo),
        )
        for _, name, athlete_id in athletes_named:
            cached = get(f"{API}/athletes/{athlete_id}/advice", key, port)
            print(f"web: {label}, cached advice, {name}", file=sys.stderr)
            run = measure(port, pid, always(cached), WARMUP, seconds=TIMED_SECONDS)
            rows.append(Row(label, f"GET advice (now, cached), {name}", run, True))
        cached = get(f"{API}/athletes/{people.long}/advice", key, port)
        print(f"web: {label}, cached advice at {BAR_RPS:.0f} req/s", file=sys.stderr)
        run = measure(port, pid, always(cached), WARMUP, seconds=TIMED_SECONDS, rate=BAR_RPS)
        what = f"GET advice (now, cached), {athletes_named[0][1]}, paced at {BAR_RPS:.0f} req/s"
        rows.append(Row(label, what, run, False))
        for short, name, athlete_id in athletes_named:
            path = f"{API}/athletes/{athlete_id}/advice"
            base = datetime.now(UTC) - timedelta(days=3)
            moments = {
                i: post(path, key, port, {"at": (base + timedelta(minutes=7 * i)).isoformat()})
                for i in range(-20, COMPUTED[short])
            }
            print(f"web: {label}, computed advice, {name}", file=sys.stderr)
            run = measure(port, pid, moments.__getitem__, 20, total=COMPUTED[short])
            rows.append(Row(label, f"POST advice (computed each time), {name}", run, False))
        for _, name, athlete_id in athletes_named:
            print(f"web: {label}, advice after each change, {name}", file=sys.stderr)
            wait_quiet()
            run = asyncio.run(after_changes(port, pid, key, athlete_id, AFTER_CHANGES))
            what = f"GET advice right after a check-in (nothing cached), {name}"
            rows.append(Row(label, what, run, False))
        return rows, setup_s


async def after_changes(port: int, pid: int, key: str, athlete_id: str, count: int) -> Run:
    """Time ``count`` GET advice requests, each right after a check-in changed the data.

    A change bumps the athlete's data version, so nothing cached serves the next ask: it
    reads the history from the database and computes. One connection, one at a time; only
    the GETs are timed (the check-ins are not).
    """
    checkin = post(
        f"{API}/athletes/{athlete_id}/checkins", key, port, {"sleep_h": 7.5, "feel": "normal"}
    )
    ask = get(f"{API}/athletes/{athlete_id}/advice", key, port)
    connection = await Connection.open(port)
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    before = usage(pid)
    start = time.perf_counter()
    try:
        for _ in range(count):
            status, _body, _keep = await connection.exchange(checkin)
            if status != 201:
                errors[f"check-in HTTP {status}"] += 1
            asked = time.perf_counter()
            status, _body, _keep = await connection.exchange(ask)
            latencies.append(time.perf_counter() - asked)
            if status != 200:
                errors[f"HTTP {status}"] += 1
        elapsed = time.perf_counter() - start
        used = Usage.between(before, usage(pid))
        split = connection_split(port)
    finally:
        connection.close()
    return Run(elapsed, latencies, errors, used, split, sequential=True)


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """Create a throwaway database beside ``test`` and yield its URL; drop it afterwards."""
    import psycopg

    plain = PG_URL.replace("+psycopg", "")
    name = f"runready_bench_{os.getpid()}"
    with psycopg.connect(plain, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_unreachable() -> str | None:
    """Return None when PostgreSQL answers, else why not."""
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except Exception as exc:  # any failure means: skip, saying why
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# Report


def table(rows: list[Row]) -> list[str]:
    """Return the results as a Markdown table."""
    lines = [
        "| database | request | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors "
        "| CPU ms/req: server | PostgreSQL | client | other processes | connections per worker "
        "| bar |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        run, used = row.run, row.run.used
        if row.barred:
            bar = "**met**" if row.meets else "**not met**"
        elif run.rate:
            within = run.ms(0.99) <= BAR_P99_MS and not run.error_count
            bar = (
                f"informational: p99 ≤ {BAR_P99_MS:.0f} ms at this pace {'yes' if within else 'no'}"
            )
        else:
            bar = "informational"
        errors = f"{run.error_count}" + (f" {dict(run.errors)}" if run.errors else "")
        if run.sequential:  # the untimed check-ins between make rates and CPU meaningless
            rps = server = postgres = client = "—"
        else:
            rps = f"{run.rps:.0f}"
            server = f"{run.per_request_ms(used.server):.2f}"
            postgres = f"{run.per_request_ms(used.postgres):.2f}"
            client = f"{run.per_request_ms(used.client):.2f}"
        if row.database == "SQLite":
            postgres = "—"
        lines.append(
            f"| {row.database} | {row.what} | {run.requests} | {rps} | "
            f"{run.ms(0.50):.1f} | {run.ms(0.95):.1f} | {run.ms(0.99):.1f} | {run.ms(1.0):.0f} | "
            f"{errors} | {server} | {postgres} | {client} | "
            f"{run.other_share:.0%} of cores{_nth(run.attempt)} | "
            f"{'/'.join(map(str, run.split)) or '?'} | {bar} |"
        )
    return lines


def source_state() -> str:
    """Return the commit the server ran, noting uncommitted changes under src/."""
    root = Path(__file__).parents[1]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "src"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "an unknown commit"
    return f"commit {commit or '?'}" + (" with uncommitted changes in src/" if dirty else "")


def _nth(attempt: int) -> str:
    return "" if attempt == 1 else f" (try {attempt})"


def run() -> list[str]:
    """Run the web benchmark on SQLite and PostgreSQL and return RESULTS.md lines."""
    rows: list[Row] = []
    notes: list[str] = []
    source = source_state()
    print("web: SQLite", file=sys.stderr)
    found, setup_s = bench_database("SQLite", None)
    rows += found
    notes.append(
        f"setup (account, key, demo, {HISTORY_SESSIONS} POSTed sessions) {setup_s:.0f} s on SQLite"
    )
    why = _pg_unreachable()
    if why is None:
        print("web: PostgreSQL", file=sys.stderr)
        with postgres_database() as url:
            found, setup_s = bench_database("PostgreSQL", url)
        rows += found
        notes.append(f"{setup_s:.0f} s on PostgreSQL")
    else:
        skip = f"PostgreSQL skipped: not reachable at {PG_URL} ({why})"
        print(f"web: {skip}", file=sys.stderr)
        notes.append(skip)
    verdicts = []
    for database in dict.fromkeys(row.database for row in rows):
        barred = [row for row in rows if row.database == database and row.barred]
        verdicts.append(f"{database} {'met' if all(r.meets for r in barred) else 'not met'}")
    return [
        "## Web API under load (issue: web app and REST API)",
        "",
        f"`python -m bench web` at {source}: `runready serve --workers {WORKERS}` (uvicorn) "
        "on loopback and "
        f"the load client in the benchmark process, on the same {CORES}-core machine (client "
        "and server share the cores). The client: asyncio, raw HTTP/1.1 over "
        f"{CONCURRENCY} keep-alive connections opened 5 ms apart, one request in flight on "
        "each, API-key auth. Cached rows: the same `GET /advice` (now), "
        f"{WARMUP} warm-up requests, then {TIMED_SECONDS:.0f} s timed, which holds one minute "
        "boundary, where each worker recomputes the answer (it is cached per athlete data "
        "version and minute). Flat-out rows send the next request as soon as an answer is in "
        "(the bar applies to these); the paced row sends "
        f"{BAR_RPS:.0f} req/s on a schedule and counts latency from each request's due time. "
        "Computed rows: every request asks at a different `at`, so every answer is computed "
        '(from the history the server keeps per athlete data version and day). "Right after '
        f'a check-in" rows: {AFTER_CHANGES} asks, each after a check-in (untimed) changed the '
        "data, so the history is read from the database too; one connection, one at a time. "
        "Latency: request sent (or due) to last body byte. Errors: any other status or a "
        'connection error. CPU per request from /proc over the timed run; "other '
        'processes" is everything else on the machine meanwhile: each run first waits up to '
        f"3 min for that to fall under {QUIET_SHARE:.0%} of the cores, and a run during which "
        f"it went over is redone, up to {ATTEMPTS} tries, keeping the least disturbed. "
        "Connections per worker: which "
        "uvicorn worker holds the keep-alive connections (the kernel hands each new connection "
        "to one worker and it stays there).",
        "",
        *table(rows),
        "",
        f"Bar (cached GET rows: ≥ {BAR_RPS:.0f} req/s, p99 ≤ {BAR_P99_MS:.0f} ms, 0 errors): "
        + "; ".join(verdicts)
        + ". "
        + "; ".join(notes)
        + ".",
        "",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
