"""What several commands share: lists on the command line, container names, output checks."""

from __future__ import annotations

from typing import Sequence

from loadplan.cli.parser import UsageError
from loadplan.containers import CONTAINERS
from loadplan.io import OutputError, check_output

__all__ = ["split_list", "container_names", "check_outputs"]


def split_list(text: str) -> list[str]:
    """``"a, b,,c"`` -> ``["a", "b", "c"]``."""
    return [part.strip() for part in text.split(",") if part.strip()]


def container_names(text: str) -> list[str]:
    """Validate comma-separated catalog names (case-insensitive) -> canonical names."""
    names = split_list(text)
    if not names:
        raise UsageError("no container type given")
    lookup = {name.upper(): name for name in CONTAINERS}
    out = []
    for name in names:
        canonical = lookup.get(name.upper())
        if canonical is None:
            raise UsageError(f"unknown container {name!r} (known: {', '.join(CONTAINERS)})")
        if canonical not in out:
            out.append(canonical)
    return out




def check_outputs(paths: Sequence[str], inputs: Sequence[str | None] = ()) -> None:
    """Refuse outputs that are not regular files or would replace an input or each other."""
    for i, path in enumerate(paths):
        try:
            check_output(path, inputs=inputs, outputs=paths[:i])
        except OutputError as exc:
            raise UsageError(str(exc)) from None
