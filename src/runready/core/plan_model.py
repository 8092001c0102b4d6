"""A solver-neutral 0/1 optimisation problem, and the port a solver implements.

The planner states its problem in these few shapes; an adapter outside the core (CP-SAT) turns
them into a model. Keeping the problem plain data keeps the core free of solver imports and
lets tests inspect exactly what was asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Problem:
    """Maximise ``sum(weights[i] * x[i]) - sum(penalty * [any(a) and any(b)])`` over 0/1 ``x``.

    - ``at_most_one``: groups of which at most one variable is 1;
    - ``caps``: (variables, cap) pairs: at most ``cap`` of them are 1;
    - ``pairs``: pairs that cannot both be 1;
    - ``exclusions``: (trigger, variables): when the trigger is 1, all those variables are 0;
    - ``rest``: (day groups, minimum) — at least ``minimum`` of the groups have no variable at 1
      (a group of None stands for a day that is already busy);
    - ``pair_penalties``: (variables a, variables b, penalty) paid when some of a and some of b
      are 1; the problem guarantees that at most one variable of a (and of b) is 1;
    - ``no_goods``: groups of variable sets that may not all hold a 1 at once (a combination
      the readiness engine refused, lifted to every combination at least as demanding).
    """

    size: int
    weights: tuple[int, ...]
    at_most_one: tuple[tuple[int, ...], ...] = ()
    caps: tuple[tuple[tuple[int, ...], int], ...] = ()
    pairs: tuple[tuple[int, int], ...] = ()
    exclusions: tuple[tuple[int, tuple[int, ...]], ...] = ()
    rest: tuple[tuple[tuple[tuple[int, ...] | None, ...], int], ...] = ()
    pair_penalties: tuple[tuple[tuple[int, ...], tuple[int, ...], int], ...] = ()
    no_goods: tuple[tuple[tuple[int, ...], ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Solution:
    """Which variables are 1, the objective value, and whether optimality was proven."""

    chosen: frozenset[int]
    objective: float
    optimal: bool
    feasible: bool = True
    notes: tuple[str, ...] = field(default=())


class Solver(Protocol):
    """Something that solves a ``Problem`` within a time limit."""

    def solve(self, problem: Problem, time_limit_s: float) -> Solution:
        """Return the best solution found."""
        ...
