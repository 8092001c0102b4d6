"""The root of runready's exception hierarchy."""

from __future__ import annotations


class RunreadyError(Exception):
    """Base class of every error runready raises on purpose."""


class InvalidInput(RunreadyError):
    """A value handed to runready breaks the contract; the message names the field."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class UnknownRule(RunreadyError):
    """A rule id that the rule registry does not know."""
