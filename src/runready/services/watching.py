"""Watch a folder and import each training file once it has settled.

A file is imported when its size and modification time have held for ``SETTLE_S`` seconds,
so a watch mounted over USB, Syncthing or an app still writing a file is never read halfway.
Each import goes through ``importing.import_paths``: one file, one transaction, and the same
bytes twice (a copy under another name) add nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from runready.services import importing
from runready.storage.database import Database
from runready.storage.records import AthleteId, FileReport

__all__ = [
    "SETTLE_S",
    "WATCHED_SUFFIXES",
    "Look",
    "Seen",
    "look",
    "settle",
    "wanted",
    "watch_folder",
]

#: The file kinds a watched folder imports (case-insensitive).
WATCHED_SUFFIXES = (".fit", ".gpx", ".tcx", ".csv")
#: How long (s) a file's size and modification time must hold before it counts as complete.
SETTLE_S = 2.0
#: How often (ms) the watcher looks again at files that are settling, without new events.
LOOK_EVERY_MS = 250


@dataclass(frozen=True, slots=True)
class Look:
    """What one look at a file saw: its size and modification time."""

    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Seen:
    """A file waiting to settle: the last look, and since when (monotonic s) it has held."""

    look: Look
    since_s: float


def wanted(name: str) -> bool:
    """Return True for a visible FIT, GPX, TCX or CSV file name (temporary files are hidden)."""
    base = Path(name).name
    return not base.startswith(".") and base.lower().endswith(WATCHED_SUFFIXES)


def look(path: Path) -> Look | None:
    """Return a look at ``path``, or None when it is gone, empty or not a regular file."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not path.is_file() or info.st_size == 0:
        return None
    return Look(info.st_size, info.st_mtime_ns)


def settle(
    waiting: Mapping[Path, Seen],
    looks: Mapping[Path, Look | None],
    at_s: float,
    settle_s: float = SETTLE_S,
) -> tuple[dict[Path, Seen], list[Path]]:
    """Return the files still settling and those complete, from a new look at each one.

    A file is complete once the same look has held for ``settle_s``; any change starts the
    wait again, and a file gone or empty stops waiting.
    """
    still: dict[Path, Seen] = {}
    ready: list[Path] = []
    for path, now_look in looks.items():
        if now_look is None:
            continue
        before = waiting.get(path)
        if before is None or before.look != now_look:
            still[path] = Seen(now_look, at_s)
        elif at_s - before.since_s >= settle_s:
            ready.append(path)
        else:
            still[path] = before
    return still, sorted(ready)


def watch_folder(
    db: Database,
    athlete_id: AthleteId,
    folder: Path,
    now: Callable[[], datetime],
    report: Callable[[FileReport], None],
    stop: threading.Event | None = None,
    settle_s: float = SETTLE_S,
) -> None:
    """Import new or changed training files under ``folder`` until ``stop`` is set.

    Ctrl+C raises KeyboardInterrupt between imports or inside one, whose unit of work then
    rolls back: nothing is half-written.
    """
    from watchfiles import Change, watch

    waiting: dict[Path, Seen] = {}
    changes_seen = watch(
        folder,
        watch_filter=lambda _change, name: wanted(name),
        stop_event=stop,
        rust_timeout=LOOK_EVERY_MS,
        yield_on_timeout=True,
        debounce=LOOK_EVERY_MS,
    )
    for changes in changes_seen:
        touched = {Path(raw) for change, raw in changes if change != Change.deleted}
        paths: Iterable[Path] = waiting.keys() | touched
        looks = {path: look(path) for path in paths}
        waiting, ready = settle(waiting, looks, time.monotonic(), settle_s)
        for path in ready:
            summary = importing.import_paths(db, athlete_id, [path], now())
            for file in summary.files:
                report(file)
