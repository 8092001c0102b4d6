"""Solve the planner's problems with OR-Tools CP-SAT (deterministic: one worker, fixed seed)."""

from __future__ import annotations

from runready.core.plan_model import Problem, Solution


class CpSatSolver:
    """The planner's solver: CP-SAT, proving optimality when it can within the time limit."""

    def __init__(self, workers: int = 1, seed: int = 0) -> None:
        self.workers = workers
        self.seed = seed

    def solve(self, problem: Problem, time_limit_s: float) -> Solution:
        """Return the best solution found within ``time_limit_s``."""
        from ortools.sat.python import cp_model

        model = cp_model.CpModel()
        x = [model.new_bool_var(f"x{i}") for i in range(problem.size)]
        for group in problem.at_most_one:
            model.add_at_most_one(x[i] for i in group)
        for members, cap in problem.caps:
            if members:
                model.add(sum(x[i] for i in members) <= cap)
        for i, j in problem.pairs:
            model.add_bool_or([x[i].Not(), x[j].Not()])
        for trigger, banned in problem.exclusions:
            model.add_bool_and([x[j].Not() for j in banned]).only_enforce_if(x[trigger])
        for days, minimum in problem.rest:
            if minimum <= 0:
                continue
            rest_days = []
            for day in days:
                if day is None:
                    continue
                rest = model.new_bool_var("")
                for i in day:
                    model.add_implication(x[i], rest.Not())
                rest_days.append(rest)
            model.add(sum(rest_days) >= minimum)
        for groups in problem.no_goods:
            held = []
            for group in groups:
                some = model.new_bool_var("")
                model.add_max_equality(some, [x[i] for i in group])
                held.append(some)
            model.add(sum(held) <= len(held) - 1)
        terms = [w * x[i] for i, w in enumerate(problem.weights)]
        for a, b, penalty in problem.pair_penalties:
            # a and b each hold at most one chosen variable, so this linear bound is exact.
            both = model.new_bool_var("")
            model.add(both >= sum(x[i] for i in a) + sum(x[j] for j in b) - 1)
            terms.append(-penalty * both)
        model.maximize(sum(terms))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit_s
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = self.seed
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Solution(
                frozenset(),
                0.0,
                False,
                feasible=False,
                notes=(f"solver status {solver.status_name(status)}",),
            )
        chosen = frozenset(i for i in range(problem.size) if solver.boolean_value(x[i]))
        return Solution(chosen, solver.objective_value, status == cp_model.OPTIMAL)
