"""Solve a self-contained plan request: no database, so nothing of storage is imported."""

from __future__ import annotations

from runready.core.plan_values import Plan, PlanRequest
from runready.core.planner import plan


def solve(request: PlanRequest) -> Plan:
    """Return the plan for a self-contained request (no database involved)."""
    from runready.solvers.cpsat import CpSatSolver

    return plan(request, CpSatSolver())
