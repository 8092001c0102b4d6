"""Advice speed: in-process over a 5-year history, and a cold command-line process."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from bench.synthetic import scenario_dict
from runready.core.advisor import advise
from runready.scenario import parse_scenario


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def in_process(repeats: int = 300) -> dict[str, float]:
    """Time advise() over a 5-year history at many different moments."""
    data = scenario_dict()
    scenario, _ = parse_scenario(json.dumps(data), json_only=True)
    samples = []
    for i in range(repeats):
        moment = replace(scenario, now=scenario.now + timedelta(minutes=7 * i))
        start = time.perf_counter()
        advise(moment)
        samples.append(time.perf_counter() - start)
    text = json.dumps(data)
    parse_start = time.perf_counter()
    parse_scenario(text, json_only=True)
    parse_s = time.perf_counter() - parse_start
    return {
        "sessions": len(scenario.history),
        "sets": sum(len(e.sets) for s in scenario.history for e in s.exercises),
        "median_ms": _median_ms(samples),
        "p95_ms": sorted(samples)[int(0.95 * repeats)] * 1000,
        "parse_ms": parse_s * 1000,
    }


def cold_process(repeats: int = 15) -> dict[str, float]:
    """Time whole ``runready advise --scenario`` processes (interpreter start included)."""
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "five-years.json"
        big.write_text(json.dumps(scenario_dict()), encoding="utf-8")
        example = Path(__file__).parents[1] / "src" / "runready" / "examples" / "leg-day.yaml"
        for label, path in (("example", example), ("five_years", big)):
            samples = []
            for _ in range(repeats):
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "runready", "advise", "--scenario", str(path)],
                    check=True,
                    capture_output=True,
                )
                samples.append(time.perf_counter() - start)
            results[f"{label}_median_ms"] = _median_ms(samples)
    return results


def run() -> list[str]:
    """Run the advice benchmarks and return RESULTS.md lines."""
    inner = in_process()
    cold = cold_process()
    return [
        "## Advice (issue: core advisor)",
        "",
        f"Synthetic 5-year history: {inner['sessions']} sessions, {inner['sets']} strength sets.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| advise() median, in-process | {inner['median_ms']:.2f} ms | ≤ 10 ms |",
        f"| advise() p95, in-process | {inner['p95_ms']:.2f} ms | — |",
        f"| parsing the 5-year scenario (JSON) | {inner['parse_ms']:.0f} ms | — |",
        f"| cold `runready advise --scenario` (bundled example) | "
        f"{cold['example_median_ms']:.0f} ms | ≤ 300 ms |",
        f"| cold `runready advise --scenario` (5-year JSON) | "
        f"{cold['five_years_median_ms']:.0f} ms | — |",
        "",
    ]
