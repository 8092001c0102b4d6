"""Run every benchmark, print the figures and write them to bench/RESULTS.md."""

from __future__ import annotations

import platform
import sys
from datetime import date
from pathlib import Path

from bench import advice, imports, planner

HEADER = """# Benchmark results

Produced by `make bench` (`python -m bench`) on {machine}, Python {python}, {day}.
Each figure is a median over repeated runs in one process run; peers named in the issues run
side by side in the same process where a section names them.

"""


def main() -> None:
    """Run the benchmarks."""
    chosen = sys.argv[1:] or ["advice", "imports", "planner"]
    runners = {"advice": advice.run, "imports": imports.run, "planner": planner.run}
    lines = [line for name in chosen for line in runners[name]()]
    text = HEADER.format(
        machine=f"{platform.machine()} Linux, {_cores()} cores",
        python=platform.python_version(),
        day=date.today().isoformat(),
    )
    text += "\n".join(lines) + "\n"
    print(text)
    (Path(__file__).parent / "RESULTS.md").write_text(text, encoding="utf-8")


def _cores() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
