"""The ``loadplan`` entry point: parse, run the command, turn errors into exit codes."""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import sys
from typing import Sequence

from loadplan.cli.parser import PROG, UsageError, build_parser

__all__ = ["main"]


def _error(lines: str | Sequence[str]) -> None:
    if isinstance(lines, str):
        lines = lines.splitlines() or [lines]
    for line in lines:
        print(f"{PROG}: error: {line}", file=sys.stderr)


def _quiet_streams() -> None:
    """Never fail on printing a name the terminal cannot encode."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``loadplan`` command and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default ``sys.argv[1:]``). Without them (the
        process's own command line: the ``loadplan`` command, ``python -m
        loadplan``) the process is taken to end after the command: what it
        holds is then left out of the garbage collector's passes
        (``gc.freeze``), so that the interpreter's exit frees it without
        walking the heap for cycles (0.2-0.3 s after a demo).

    Returns
    -------
    int
        0 ok; 1 unplaced drums or violations; 2 bad input or usage; 3 an
        internal error.
    """
    code = _run(argv)
    if argv is None:
        gc.freeze()
    return code


def _run(argv: Sequence[str] | None) -> int:
    """:func:`main` but for the exit."""
    _quiet_streams()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        _error(str(exc))
        return 2
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0

    # the commands (and what they need) are imported once the command line is
    # parsed, so that `loadplan --help` stays light
    from loadplan.io import OrderError

    try:
        command = importlib.import_module(args.command_module)
        return int(command.run(args))
    except OrderError as exc:
        _error(exc.problems)
        return 2
    except UsageError as exc:
        _error(str(exc))
        return 2
    except (ValueError, json.JSONDecodeError) as exc:
        _error(str(exc) or type(exc).__name__)
        return 2
    except FileNotFoundError as exc:
        _error(f"{exc.filename}: no such file" if exc.filename else str(exc))
        return 2
    except IsADirectoryError as exc:
        _error(f"{exc.filename}: is a directory" if exc.filename else str(exc))
        return 2
    except BrokenPipeError:  # the reader went away (`loadplan demo | head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes at exit
        return 0
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"{where}{exc.strerror or exc}")
        return 2
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except Exception as exc:  # a bug: one line, the traceback on request
        if os.environ.get("LOADPLAN_DEBUG"):
            raise
        _error(f"internal error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''} "
               "(set LOADPLAN_DEBUG=1 for the traceback; please report it)")
        return 3
