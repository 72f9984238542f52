"""The errors of reading orders and writing outputs (both ValueErrors: CLI exit 2)."""

from __future__ import annotations

__all__ = ["OrderError", "FieldError", "OutputError"]

# the errors are shown (and pickled) under the name users import them by: loadplan.io.X
_PUBLIC_MODULE = "loadplan.io"


class OrderError(ValueError):
    """An order (or costs) file that cannot be read.

    ``str(error)`` has one line per problem (per bad row); :attr:`problems`
    holds the same lines as a list.
    """

    def __init__(self, problems: str | list[str]):
        if isinstance(problems, str):
            problems = [problems]
        self.problems: list[str] = list(problems)
        super().__init__("\n".join(self.problems))


class FieldError(Exception):
    """A bad value in one field (collected into an OrderError naming the row)."""


class OutputError(ValueError):
    """An output path that must not be written (CLI exit 2); the message names it."""


for _cls in (OrderError, OutputError):
    _cls.__module__ = _PUBLIC_MODULE
