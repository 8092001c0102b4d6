"""Planner speed: one-week requests to proven optimality, and 12-week blocks."""

from __future__ import annotations

import dataclasses
import statistics
import subprocess
import sys
import time
from pathlib import Path

from runready.core.planner import plan
from runready.plan_format import load_request
from runready.solvers.cpsat import CpSatSolver

ROOT = Path(__file__).parents[1]
SHARED_PLANS = ROOT.parent / "shared" / "plans"
OWN_PLANS = ROOT / "tests" / "plans"


def _timed(path: Path, days: int | None = None, repeats: int = 5) -> tuple[float, bool, int]:
    request, _ = load_request(path)
    if days is not None:
        request = dataclasses.replace(request, days=days)
    samples, optimal, placed = [], True, 0
    for _ in range(repeats):
        start = time.perf_counter()
        result = plan(request, CpSatSolver())
        samples.append(time.perf_counter() - start)
        optimal = optimal and result.optimal
        placed = sum(1 for s in result.sessions if not s.fixed)
    return statistics.median(samples), optimal, placed


def run() -> list[str]:
    """Run the planner benchmark and return RESULTS.md lines."""
    requests = sorted(SHARED_PLANS.glob("*.yaml")) + sorted(OWN_PLANS.glob("*.yaml"))
    plan(load_request(requests[0])[0], CpSatSolver())  # load OR-Tools once
    lines = [
        "## Planner (issue: plan the week)",
        "",
        "Median of 5 solves in one process (OR-Tools CP-SAT, one worker, fixed seed; the "
        "time includes building the model). 12-week blocks are solved week by week, each week "
        "to proven optimality given the weeks before it.",
        "",
        "| request | days | seconds | proven optimal | sessions placed | target |",
        "|---|---|---|---|---|---|",
    ]
    for path in requests:
        request, _ = load_request(path)
        seconds, optimal, placed = _timed(path)
        target = "≤ 1 s, optimal" if request.days <= 7 else "≤ 10 s"
        lines.append(
            f"| {path.name} | {request.days} | {seconds:.2f} | {optimal} | {placed} | {target} |"
        )
    for path in requests[:3]:
        seconds, optimal, placed = _timed(path, days=84, repeats=3)
        lines.append(
            f"| {path.name} as 12 weeks | 84 | {seconds:.2f} | {optimal} | {placed} | ≤ 10 s |"
        )
    cold = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "runready", "plan", "--request", str(requests[0])],
            check=True,
            capture_output=True,
        )
        cold.append(time.perf_counter() - start)
    lines += [
        "",
        f"Cold `runready plan --request {requests[0].name}` process: "
        f"{statistics.median(cold):.2f} s median (OR-Tools import included).",
        "",
    ]
    return lines
