"""The ``loadplan`` argument parser: commands, options and their checks.

Only the standard library is imported here, so that ``loadplan --help``
answers at once. Each command names the module that runs it
(``loadplan.cli.<command>``, a function ``run(args)``); :func:`loadplan.cli.main`
imports that module only when the command runs.
"""

from __future__ import annotations

import argparse
import math
from typing import Any, Callable

from loadplan import __version__

__all__ = ["build_parser", "UsageError", "PROG", "DEFAULT_CONTAINERS"]

PROG = "loadplan"
DEFAULT_CONTAINERS = "20GP,40GP,40HC"
# the supported ranges (loadplan.model.MIN_SIZE_MM, MAX_SIZE_MM, MAX_WEIGHT_KG, MAX_LAYERS),
# repeated so that parsing the command line imports nothing heavy
_MIN_SIZE_MM, _MAX_SIZE_MM, _MAX_WEIGHT_KG, _MAX_LAYERS = 1.0, 100_000.0, 1_000_000.0, 1_000


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that reports usage errors in one line, without exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


# ---------------------------------------------------------------------------
# Argument types
# ---------------------------------------------------------------------------

def _number(name: str, *, positive: bool, low: float | None = None,
            high: float | None = None, unit: str = "mm") -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number, got {text!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{name} must be finite, got {text!r}")
        if positive and value <= 0:
            raise argparse.ArgumentTypeError(f"{name} must be positive, got {text!r}")
        if not positive and value < 0:
            raise argparse.ArgumentTypeError(f"{name} must not be negative, got {text!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            span = (f"at most {high:,.0f} {unit}" if low is None
                    else f"between {low:g} and {high:,.0f} {unit}")
            raise argparse.ArgumentTypeError(f"{name} must be {span}, got {text!r}")
        return value

    parse.__name__ = name  # argparse names the type in some messages
    return parse


def _layers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"max-layers must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"max-layers must be at least 1, got {text!r}")
    if value > _MAX_LAYERS:
        raise argparse.ArgumentTypeError(f"max-layers must be at most {_MAX_LAYERS:,}, got {text!r}")
    return value


# ---------------------------------------------------------------------------
# Parser
# ---------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    """Return the ``loadplan`` argument parser (no side effects, nothing heavy imported)."""
    parser = _Parser(
        prog=PROG,
        description="Plan how to load cylindrical cargo (drums, kegs, reels) into ISO containers.",
        epilog="Exit codes: 0 ok; 1 drums left unplaced or verify found violations; "
               "2 bad input or usage; 3 an internal error (a bug: please report it).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _add_fit_parser(sub)
    _add_plan_parser(sub)
    _add_verify_parser(sub)
    _add_demo_parser(sub)
    _add_warmup_parser(sub)
    _add_serve_parser(sub)
    return parser


def _add_fit_parser(sub: Any) -> None:
    fit = sub.add_parser("fit", help="how many drums of one size fit a container",
                         description="How many drums of one size fit one container, with the upper bound "
                                     "and the count per axis.")
    fit.add_argument("--diameter", required=True,
                     type=_number("diameter", positive=True, low=_MIN_SIZE_MM, high=_MAX_SIZE_MM),
                     metavar="MM", help="drum diameter (mm)")
    fit.add_argument("--height", required=True,
                     type=_number("height", positive=True, low=_MIN_SIZE_MM, high=_MAX_SIZE_MM),
                     metavar="MM", help="drum height (mm)")
    fit.add_argument("--weight", default=0.0,
                     type=_number("weight", positive=False, high=_MAX_WEIGHT_KG, unit="kg"),
                     metavar="KG", help="weight of one drum (kg; default 0)")
    fit.add_argument("--axes", default="z,x,y", metavar="AXES",
                     help="allowed axes: z standing, x lying along, y lying across (default z,x,y)")
    fit.add_argument("--max-layers", type=_layers, default=None, metavar="N",
                     help="most layers stacked (default no limit)")
    fit.add_argument("--container", default="20GP", metavar="TYPE",
                     help="20GP, 40GP, 40HC or 45HC (default 20GP)")
    fit.add_argument("--sku", default="drum", help=argparse.SUPPRESS)
    fit.add_argument("--json", action="store_true", help="print a JSON object instead of text")
    fit.set_defaults(command_module="loadplan.cli.fit")


def _add_plan_parser(sub: Any) -> None:
    pl = sub.add_parser("plan", help="plan an order from a CSV or JSON file",
                        description="Plan an order (CSV or JSON, '-' for stdin) and write the plan as "
                                    "JSON. Output files are written only when everything succeeded.")
    pl.add_argument("order", metavar="ORDER", help="order file (.csv or .json), or - for stdin")
    pl.add_argument("--containers", default=None, metavar="TYPES",
                    help=f"container types to use, comma-separated (default {DEFAULT_CONTAINERS})")
    pl.add_argument("--costs", default=None, metavar="COSTS.json",
                    help='container costs: {"20GP": 1800, ...} or {"CITY": {"40HC": 2900}, ...}')
    pl.add_argument("--multi-drop", action="store_true",
                    help="let several destinations share a container")
    pl.add_argument("--stops", default=None, metavar="A,B,C",
                    help="destinations in unloading order (with --multi-drop); '-' is the stop "
                         "of lines without a destination (write --stops=-,A when it comes first)")
    pl.add_argument("-o", "--output", required=True, metavar="PLAN.json", help="where to write the plan")
    pl.add_argument("--report", default=None, metavar="PLAN.pdf", help="also write a PDF loading report")
    pl.add_argument("--csv", default=None, metavar="PLACEMENTS.csv", help="also write every placement as CSV")
    pl.add_argument("--html", default=None, metavar="PLAN.html",
                    help="also write the interactive 3D viewer (one self-contained HTML file)")
    pl.add_argument("--heavy-on-light", action="store_true",
                    help="let a heavier drum type rest on a lighter one (default: never)")
    pl.add_argument("--no-verify", action="store_true",
                    help="skip the independent check of the plan (bulk runs); the plan is then "
                         "marked 'not verified'")
    pl.set_defaults(command_module="loadplan.cli.plan")


def _add_verify_parser(sub: Any) -> None:
    ve = sub.add_parser("verify", help="check a plan file for violations",
                        description="Check a plan (JSON written by 'loadplan plan') independently: "
                                    "prints each violation, or OK.")
    ve.add_argument("plan", metavar="PLAN.json")
    ve.add_argument("--order", default=None, metavar="ORDER",
                    help="the order the plan was made for (.csv or .json): check allowed axes, "
                         "max_layers, max_load, drum sizes and that placed + unplaced = ordered "
                         "against it (a plan file of version 2 carries its drum types already)")
    ve.add_argument("--heavy-on-light", action="store_true",
                    help="allow a heavier drum type to rest on a lighter one (default: as the plan "
                         "was made)")
    ve.set_defaults(command_module="loadplan.cli.verify")


def _add_demo_parser(sub: Any) -> None:
    de = sub.add_parser("demo", help="plan the Blitar djembe export and write its files",
                        description="Plan the Blitar djembe order (6,000 drums, two cities) and write "
                                    "the plan and its pictures.")
    de.add_argument("--out", default="loadplan-demo", metavar="DIR",
                    help="output folder (default ./loadplan-demo)")
    de.set_defaults(command_module="loadplan.cli.demo")


def _add_warmup_parser(sub: Any) -> None:
    wu = sub.add_parser("warmup", help="compile the packing engine now (for images, CI, workers)",
                        description="Compile every packing kernel into the on-disk cache, so that the "
                                    "next runs start at once (in parallel worker processes where there "
                                    "are several CPUs).")
    wu.add_argument("--serial", action="store_true",
                    help="compile in this process only (default: a worker process too when a CPU is idle)")
    wu.add_argument("--check", action="store_true",
                    help="only tell whether compilation is needed (exit 0 no, 1 yes)")
    wu.set_defaults(command_module="loadplan.cli.warmup")


def _add_serve_parser(sub: Any) -> None:
    se = sub.add_parser("serve", help="serve the upload page and the HTTP API",
                        description="Serve the upload page (/) and the HTTP API (/api/v1/..., described at "
                                    "/docs and /openapi.json). Needs the web extra: pip install "
                                    "'loadplan[web]'. Orders are planned in worker processes; nothing "
                                    "uploaded is stored.")
    se.add_argument("--host", default="127.0.0.1",
                    help="address to listen on (default 127.0.0.1; any other needs a token)")
    se.add_argument("--port", default=8000, type=_port, help="port (default 8000; 0 picks a free one)")
    se.add_argument("--workers", default=2, type=_count("workers", 1), metavar="N",
                    help="planner processes (default 2)")
    se.add_argument("--token", default=None,
                    help="require 'Authorization: Bearer TOKEN' on every API call "
                         "(default: the LOADPLAN_TOKEN environment variable, which other users "
                         "cannot see in the process list)")
    se.add_argument("--time-limit", default=120.0, type=_number("time-limit", positive=True), metavar="S",
                    help="seconds one request may plan before it is stopped with 504 (default 120)")
    se.add_argument("--queue", default=64, type=_count("queue", 0), metavar="N",
                    help="requests that may wait for a planner; more get 503 (default 64)")
    se.add_argument("--max-body", default=16, type=_number("max-body", positive=True), metavar="MIB",
                    help="largest request body in MiB; larger get 413 (default 16)")
    se.add_argument("--body-timeout", default=60.0, type=_number("body-timeout", positive=True),
                    metavar="S", help="seconds a client may take to send its body (default 60)")
    se.add_argument("--worker-memory", default=1024.0, type=_number("worker-memory", positive=True),
                    metavar="MIB", help="replace a planner process once it holds more than this (default 1024)")
    se.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                    help="allow browser calls from this origin (repeatable; default none)")
    se.add_argument("--access-log", action="store_true", help="log every request")
    se.set_defaults(command_module="loadplan.cli.serve")


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"port must be a whole number from 0 to 65535, got {text!r}")
    return int(text)


def _count(name: str, low: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not text.strip().isdigit() or int(text) < low:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number >= {low}, got {text!r}")
        return int(text)

    parse.__name__ = name
    return parse


def _version() -> str:
    return __version__
