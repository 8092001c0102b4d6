"""A local intervals.icu contract server on 127.0.0.1: the event endpoints runready calls."""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

BULK = re.compile(r"^/api/v1/athlete/([^/]+)/events/bulk$")
ONE = re.compile(r"^/api/v1/athlete/([^/]+)/events/(\d+)$")


@dataclass
class Calendar:
    """The server's state: one athlete's events by id, and every request seen."""

    athlete: str
    api_key: str
    events: dict[int, dict[str, Any]] = field(default_factory=dict)
    seen: list[tuple[str, str]] = field(default_factory=list)
    next_id: int = 1000

    def by_external(self) -> dict[str, dict[str, Any]]:
        return {e["external_id"]: e for e in self.events.values()}


def _handler(calendar: Calendar) -> type[BaseHTTPRequestHandler]:
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:  # quiet test output
            pass

        def _answer(self, status: int, body: object = None) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _authorised(self, athlete: str) -> bool:
            expected = base64.b64encode(f"API_KEY:{calendar.api_key}".encode()).decode()
            return self.headers.get("authorization") == f"Basic {expected}" and (
                athlete == calendar.athlete
            )

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            calendar.seen.append(("POST", self.path))
            match = BULK.match(url.path)
            if match is None:
                return self._answer(404, {"error": "no such endpoint"})
            if not self._authorised(match.group(1)):
                return self._answer(401, {"error": "unauthorized"})
            if parse_qs(url.query).get("upsert") != ["true"]:
                return self._answer(422, {"error": "this contract server only upserts"})
            sent = json.loads(self.rfile.read(int(self.headers["content-length"])))
            answered = []
            with lock:
                known = calendar.by_external()
                for event in sent:
                    if not event.get("external_id") or "start_date_local" not in event:
                        return self._answer(422, {"error": "external_id and start needed"})
                    stored = known.get(event["external_id"])
                    if stored is None:
                        stored = {"id": calendar.next_id}
                        calendar.next_id += 1
                    stored.update(event)
                    calendar.events[stored["id"]] = stored
                    answered.append(stored)
            return self._answer(200, answered)

        def do_DELETE(self) -> None:
            calendar.seen.append(("DELETE", self.path))
            match = ONE.match(urlsplit(self.path).path)
            if match is None:
                return self._answer(404, {"error": "no such endpoint"})
            if not self._authorised(match.group(1)):
                return self._answer(401, {"error": "unauthorized"})
            with lock:
                if calendar.events.pop(int(match.group(2)), None) is None:
                    return self._answer(404, {"error": "no such event"})
            return self._answer(200, {})

    return Handler


@contextmanager
def serving(calendar: Calendar) -> Iterator[str]:
    """Serve ``calendar`` on 127.0.0.1 and yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(calendar))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
