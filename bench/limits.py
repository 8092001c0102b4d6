"""Import limits: the audit's three costly inputs, each imported end to end in its own process.

The inputs are built here (the tests import them too): 1,000,000 empty chained FIT headers
(16 MB), 49 chained copies of a 2.4 MB activity (117 MB), and an 11 KB zip of 16 zips of 16
zips of 16 zips, each holding one more zip (4,096 members nested too deep).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from bench import fitwriter
from bench.imports import in_own_process
from bench.web import source_state

#: The bar of the issue: a clean rejection within this time and peak memory, each.
BAR_S = 2.0
BAR_MB = 300.0


def empty_fit_chain(count: int = 1_000_000) -> bytes:
    """Return ``count`` empty FIT files back to back (a header and a CRC each, 16 bytes)."""
    return fitwriter.Encoder().finish() * count


def large_fit_chain(copies: int = 49) -> bytes:
    """Return ``copies`` chained copies of a 17.5-hour 1 Hz run (2.4 MB each)."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    seconds = 63_000
    run = fitwriter.activity(start, "running", seconds, seconds * 3.0, hr_at=lambda s: 140)
    return run * copies


def nested_zip_bomb(width: int = 16) -> bytes:
    """Return a zip of ``width`` zips of ``width`` zips of ``width`` zips, each holding a zip."""
    inner = _zipped([("x.zip", _zipped([("a.fit", bytes(10))]))])
    for _ in range(3):
        inner = _zipped([(f"{i}.zip", inner) for i in range(width)])
    return inner


def _zipped(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


CASES = {
    "1,000,000 empty chained FIT headers": ("empty-chain.fit", empty_fit_chain, "17.5 s, 305 MB"),
    "49 chained copies of a 2.4 MB activity": (
        "large-chain.fit",
        large_fit_chain,
        "over 30 s, 808 MB",
    ),
    "nested zip bomb (4,096 members too deep)": (
        "bomb.zip",
        nested_zip_bomb,
        "4,096 import rows",
    ),
}

WORKER = """
import json, sys, time
from datetime import UTC, datetime
from pathlib import Path
from runready.services import athletes, importing
from runready.storage.database import Database

def status_mb(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) / 1024
db = Database(sys.argv[2])
me = athletes.named(db, None).id  # the athlete and tables exist
before = status_mb("VmRSS:")
start = time.perf_counter()
summary = importing.import_paths(db, me, [Path(sys.argv[1])], datetime.now(UTC))
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries the parent's peak into ru_maxrss across exec.
peak = status_mb("VmHWM:")
with db.unit() as uow:
    rows = uow.journal.counts(me).imports
print(json.dumps({"seconds": seconds, "peak_mb": peak, "before_mb": before, "rows": rows,
                  "counts": dict(summary.counts), "first": summary.files[0].reason,
                  "last": summary.files[-1].reason, "sessions": summary.sessions_added}))
"""


def measure(name: str, data: bytes) -> dict[str, object]:
    """Import ``data`` as a file called ``name`` into a fresh SQLite database, in a new process."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return in_own_process(WORKER, path)


def run() -> list[str]:
    """Run the import-limits benchmark and return RESULTS.md lines."""
    lines = [
        "## Import limits (issue: solid and fast for a squad)",
        "",
        f"`python -m bench limits` at {source_state()}. The audit's three inputs, built by "
        "`bench/limits.py`, each imported once by `importing.import_paths` into a fresh SQLite "
        "file in a process of its own (as `runready import` would). Seconds: the import call; "
        "memory: the process's peak RSS (VmHWM; interpreter and libraries included), with the "
        "RSS before the import beside it; rows: import rows written.",
        "",
        "| input | size | outcome | seconds | peak RSS MB (before) | rows | audit before | bar |",
        "|---|---|---|---|---|---|---|---|",
    ]
    reasons = []
    for title, (name, build, before) in CASES.items():
        data = build()
        size = len(data)
        found = measure(name, data)
        seconds, peak = float(found["seconds"]), float(found["peak_mb"])  # type: ignore[arg-type]
        counts = found["counts"]
        rejected = isinstance(counts, dict) and set(counts) == {"rejected"}
        met = rejected and seconds <= BAR_S and peak <= BAR_MB
        lines.append(
            f"| {title} | {_size(size)} | {', '.join(f'{n} {k}' for k, n in counts.items())} "  # type: ignore[union-attr]
            f"| {seconds:.3f} | {peak:.0f} ({float(found['before_mb']):.0f}) "  # type: ignore[arg-type]
            f"| {found['rows']} | {before} | {'**met**' if met else 'not met'} |"
        )
        reasons.append(f"- {title}: {found['first']}")
        if found["last"] != found["first"]:
            reasons.append(f"  … last row: {found['last']}")
    lines += [
        "",
        f"Bar: each a clean rejection within {BAR_S:g} s and {BAR_MB:g} MB. Reasons given:",
        "",
        *reasons,
    ]
    return lines


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.1f} KB"


if __name__ == "__main__":
    print("\n".join(run()))
