"""Compiling the packing engine when the cache lacks it, and saying so on stderr."""

from __future__ import annotations

import sys
from typing import Any

from loadplan.cli.parser import PROG
from loadplan import warmup

__all__ = ["COMPILE_MESSAGE", "prepare_kernels"]


#: The line printed on stderr before the first run compiles the engine.
COMPILE_MESSAGE = ("{prog}: compiling the packing engine for this machine, first run only "
                   "(about {seconds:.0f} s; 'loadplan warmup' does it ahead)...")


def prepare_kernels(stream: Any = None) -> bool:
    """Compile the packing engine now if the cache lacks it, saying so on ``stream`` (stderr).

    One line when compilation is needed, then, when ``stream`` is a terminal, a
    progress bar with a time estimate; nothing at all when the compiled engine
    is cached. Never writes to stdout. Returns whether it compiled.
    """
    stream = sys.stderr if stream is None else stream
    if not warmup.needs_compile():
        return False
    print(COMPILE_MESSAGE.format(prog=PROG, seconds=warmup.estimated_seconds()), file=stream, flush=True)
    isatty = getattr(stream, "isatty", None)
    bar = warmup.ProgressBar(stream) if isatty is not None and isatty() else None
    warmup.warm_up(progress=bar)
    return True
