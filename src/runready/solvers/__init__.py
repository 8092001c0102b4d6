"""Solver adapters for the planner's solver-neutral problems."""
