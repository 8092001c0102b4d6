"""Run every benchmark, print the figures and write them to bench/RESULTS.md."""

from __future__ import annotations

import platform
import sys
from datetime import date
from pathlib import Path

from bench import advice, apple_health, calibration, imports, limits, planner, squad, web

HEADER = """# Benchmark results

Produced by `make bench` (`python -m bench`) on {machine}, Python {python}, {day}.
Each figure is a median over repeated runs in one process run; peers named in the issues run
side by side in the same process where a section names them.

"""


RUNNERS = {
    "advice": advice.run,
    "apple_health": apple_health.run,
    "calibration": calibration.run,
    "imports": imports.run,
    "limits": limits.run,
    "planner": planner.run,
    "squad": squad.run,
    "web": web.run,
}
RESULTS = Path(__file__).parent / "RESULTS.md"


def main() -> None:
    """Run the benchmarks: all of them, or those named (``python -m bench web``).

    Running all rewrites RESULTS.md; running some replaces only their sections (matched by
    title) and keeps the rest of the file as it was.
    """
    chosen = sys.argv[1:] or list(RUNNERS)
    unknown = [name for name in chosen if name not in RUNNERS]
    if unknown:
        sys.exit(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(RUNNERS)}")
    lines = [line for name in chosen for line in RUNNERS[name]()]
    new = "\n".join(lines) + "\n"
    if set(chosen) == set(RUNNERS) or not RESULTS.exists():
        text = HEADER.format(
            machine=f"{platform.machine()} Linux, {_cores()} cores",
            python=platform.python_version(),
            day=date.today().isoformat(),
        )
        text += new
        print(text)
    else:
        text = merged(RESULTS.read_text(encoding="utf-8"), new)
        print(new)
    RESULTS.write_text(text, encoding="utf-8")


def _sections(text: str) -> tuple[str, dict[str, str]]:
    """Split Markdown into its preamble and its ``## `` sections, keyed by title."""
    preamble, sections, title = [], {}, None
    for line in text.splitlines(keepends=True):
        if line.startswith("## "):
            title = line[3:].split(" (", 1)[0].strip()
            sections[title] = line
        elif title is None:
            preamble.append(line)
        else:
            sections[title] += line
    return "".join(preamble), sections


def merged(old: str, new: str) -> str:
    """Return ``old`` with the sections of ``new`` replacing theirs in place, or appended."""
    preamble, sections = _sections(old)
    _, fresh = _sections(new)
    sections.update(fresh)
    body = "".join(part if part.endswith("\n\n") else part + "\n" for part in sections.values())
    return preamble + body.rstrip("\n") + "\n"


def _cores() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
