"""The ``loadplan`` command: ``fit``, ``plan``, ``verify``, ``demo`` and ``warmup``.

Exit codes
----------
0
    Success.
1
    ``plan``: the plan was written but some drums are unplaced;
    ``verify``: the plan has violations.
2
    Bad input or usage: a short message on stderr (one line, or one line per
    bad order row), never a traceback, and no output file touched.
3
    An internal error (a bug in loadplan): one line on stderr; set
    ``LOADPLAN_DEBUG=1`` to see the traceback.

This module imports only the standard library at the top, so that
``loadplan --help`` answers at once: NumPy, Numba and the packing engine are
imported by the command that needs them, and nothing is compiled before then.

Examples
--------
.. code-block:: console

    $ loadplan fit --diameter 585 --height 880 --container 20GP
    $ loadplan plan order.csv --containers 20GP,40HC -o plan.json --csv placements.csv
    $ loadplan plan order.csv -o plan.json --html plan.html
    $ loadplan verify plan.json --order order.csv
    $ loadplan demo --out ./loadplan-demo
    $ loadplan warmup

The first run on a machine compiles the packing engine (Numba): ``fit``,
``plan`` and ``demo`` then say so in one line on stderr and, on a terminal,
draw a progress bar with a time estimate there; nothing when the compiled
engine is already cached, and never anything on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
from typing import Any, Callable, Sequence

from loadplan.axes import AXIS_WORDS

__all__ = ["main", "build_parser", "prepare_kernels", "COMPILE_MESSAGE"]

_PROG = "loadplan"
_DEFAULT_CONTAINERS = "20GP,40GP,40HC"
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


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _container_names(text: str) -> list[str]:
    """Validate comma-separated catalog names (case-insensitive) -> canonical names."""
    from loadplan.containers import CONTAINERS

    names = _split(text)
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


# ---------------------------------------------------------------------------
# Parser
# ---------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    """Return the ``loadplan`` argument parser (no side effects, nothing heavy imported)."""
    parser = _Parser(
        prog=_PROG,
        description="Plan how to load cylindrical cargo (drums, kegs, reels) into ISO containers.",
        epilog="Exit codes: 0 ok; 1 drums left unplaced or verify found violations; "
               "2 bad input or usage; 3 an internal error (a bug: please report it).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

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
    fit.set_defaults(func=_cmd_fit)

    pl = sub.add_parser("plan", help="plan an order from a CSV or JSON file",
                        description="Plan an order (CSV or JSON, '-' for stdin) and write the plan as "
                                    "JSON. Output files are written only when everything succeeded.")
    pl.add_argument("order", metavar="ORDER", help="order file (.csv or .json), or - for stdin")
    pl.add_argument("--containers", default=None, metavar="TYPES",
                    help=f"container types to use, comma-separated (default {_DEFAULT_CONTAINERS})")
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
    pl.set_defaults(func=_cmd_plan)

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
    ve.set_defaults(func=_cmd_verify)

    de = sub.add_parser("demo", help="plan the Blitar djembe export and write its files",
                        description="Plan the Blitar djembe order (6,000 drums, two cities) and write "
                                    "the plan and its pictures.")
    de.add_argument("--out", default="loadplan-demo", metavar="DIR",
                    help="output folder (default ./loadplan-demo)")
    de.set_defaults(func=_cmd_demo)

    wu = sub.add_parser("warmup", help="compile the packing engine now (for images, CI, workers)",
                        description="Compile every packing kernel into the on-disk cache, so that the "
                                    "next runs start at once (in parallel worker processes where there "
                                    "are several CPUs).")
    wu.add_argument("--serial", action="store_true",
                    help="compile in this process only (default: a worker process too when a CPU is idle)")
    wu.add_argument("--check", action="store_true",
                    help="only tell whether compilation is needed (exit 0 no, 1 yes)")
    wu.set_defaults(func=_cmd_warmup)
    _add_serve_parser(sub)
    return parser


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
    se.set_defaults(func=_cmd_serve)


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
    from loadplan import __version__

    return __version__


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------

_AXIS_NAMES = {a: f"{word} ({a})" for a, word in AXIS_WORDS.items()}  # one vocabulary: loadplan.axes


def _axis_counts(placements: Any) -> dict[str, int]:
    axes = [str(a) for a in placements["axis"].tolist()] if len(placements) else []
    return {axis: axes.count(axis) for axis in ("z", "x", "y") if axes.count(axis)}


def _cmd_fit(args: argparse.Namespace) -> int:
    from loadplan.containers import get_container
    from loadplan.io import parse_axes

    try:
        axes = parse_axes(args.axes, "axes")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if axes is None:
        raise UsageError("axes must name at least one of z, x, y")
    names = _container_names(args.container)
    if len(names) != 1:
        raise UsageError("--container takes one container type")
    container = get_container(names[0])

    from loadplan.filling import fill
    from loadplan.model import Drum

    drum = Drum(sku=args.sku, diameter=args.diameter, height=args.height, weight=args.weight,
                quantity=1, orientations=axes, max_layers=args.max_layers)
    prepare_kernels()
    load = fill(drum, container)
    count = int(load.count)
    bound = int(load.upper_bound)
    by_axis = _axis_counts(load.placements)
    result = {
        "container": container.name,
        "diameter": args.diameter,
        "height": args.height,
        "weight": args.weight,
        "axes": list(axes),
        "max_layers": args.max_layers,
        "count": count,
        "upper_bound": bound,
        "gap": bound - count,
        "by_axis": by_axis,
        "cargo_weight": float(load.weight),
        "volume_utilisation": float(load.volume_utilisation),
        "payload_utilisation": float(load.payload_utilisation),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{count} drums of diameter {args.diameter:g} x height {args.height:g} mm fit a "
          f"{container.name} ({container.length:g} x {container.width:g} x {container.height:g} mm); "
          f"upper bound {bound} (gap {bound - count})")
    for axis, n in by_axis.items():
        print(f"  {_AXIS_NAMES[axis]:<18} {n}")
    print(f"  volume used {100 * result['volume_utilisation']:.1f} %, "
          f"cargo {result['cargo_weight']:,.0f} kg ({100 * result['payload_utilisation']:.1f} % of payload)")
    return 0


def _check_outputs(paths: Sequence[str], inputs: Sequence[str | None] = ()) -> None:
    """Refuse outputs that are not regular files or would replace an input or each other."""
    from loadplan.io import OutputError, check_output

    for i, path in enumerate(paths):
        try:
            check_output(path, inputs=inputs, outputs=paths[:i])
        except OutputError as exc:
            raise UsageError(str(exc)) from None


def _cmd_plan(args: argparse.Namespace) -> int:
    from loadplan.io import atomic_path, placements_csv, read_costs, read_order

    if args.stops is not None and not args.multi_drop:
        raise UsageError("--stops needs --multi-drop")
    stops = tuple(_split(args.stops)) if args.stops is not None else None
    if stops is not None and not stops:
        raise UsageError("--stops is empty")
    if stops is not None and len(set(stops)) != len(stops):
        raise UsageError("--stops names a destination twice")
    containers = _container_names(args.containers) if args.containers is not None else None
    outputs = [p for p in (args.output, args.csv, args.report, args.html) if p is not None]
    _check_outputs(outputs, [args.order, args.costs])
    costs = read_costs(args.costs) if args.costs is not None else None
    order = sys.stdin.buffer if args.order == "-" else args.order
    drums = read_order(order, containers=containers or _split(_DEFAULT_CONTAINERS))

    from loadplan.planner import plan as make_plan

    stops = _stops_for(stops, drums)
    kwargs: dict[str, Any] = {"costs": costs, "multi_drop": args.multi_drop, "stops": stops}
    if containers is not None:
        kwargs["containers"] = tuple(containers)
    prepare_kernels()
    if args.heavy_on_light:
        kwargs["heavy_on_light"] = True
    if args.no_verify:
        kwargs["verify"] = False
    result = make_plan(drums, **kwargs)

    report: Callable[..., Any] | None = None
    if args.report is not None:
        try:
            from loadplan.reporting import report
        except ModuleNotFoundError as exc:
            raise UsageError(f"--report is not available in this installation ({exc})") from None

    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(atomic_path(args.output))
        tmp.write_text(result.to_json(), encoding="utf-8")
        if args.csv is not None:
            tmp = stack.enter_context(atomic_path(args.csv))
            tmp.write_text(placements_csv(result), encoding="utf-8", newline="")
        if args.html is not None:
            from loadplan.web.viewer import viewer_html

            tmp = stack.enter_context(atomic_path(args.html))
            tmp.write_text(viewer_html(result), encoding="utf-8")
        if report is not None:
            tmp = stack.enter_context(atomic_path(args.report))
            try:
                report(result, str(tmp))
            except ImportError as exc:
                raise UsageError(f"--report needs an optional dependency: {exc}") from None

    _print_summary(result, drums)
    print("wrote " + ", ".join(outputs))
    return 1 if result.unplaced or result.violations else 0


_SUMMARY_LINES = 12
_NO_DESTINATION = "-"
"""How ``--stops`` names the stop of the order lines that have no destination."""


def _stops_for(stops: tuple[str, ...] | None, drums: Sequence[Any]) -> tuple[str | None, ...] | None:
    """``--stops`` as the planner's stops: ``-`` is the stop of lines without a destination."""
    if stops is None:
        return None
    from loadplan.model import normalise_name

    named = {d.destination for d in drums}
    if _NO_DESTINATION in stops and _NO_DESTINATION in named:
        raise UsageError(f"--stops: {_NO_DESTINATION!r} means the lines without a destination, but "
                         f"the order also has a destination named {_NO_DESTINATION!r}; rename it")
    try:
        out = tuple(None if s == _NO_DESTINATION else normalise_name(s, "--stops") for s in stops)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    missing = [_NO_DESTINATION if d is None else d for d in named if d not in out]
    if missing:
        hint = f" (write {_NO_DESTINATION} for the lines without a destination)" if None in named else ""
        raise UsageError(f"--stops does not name the destination(s) "
                         f"{', '.join(sorted(missing))} of the order{hint}")
    return out


def _print_summary(result: Any, drums: Sequence[Any]) -> None:
    """A short summary: identical consecutive containers share one line."""
    ordered = sum(int(d.quantity) for d in drums)
    placed = result.placed_count
    types: dict[str, int] = {}
    for load in result.loads:
        types[load.container.name] = types.get(load.container.name, 0) + 1
    mix = ", ".join(f"{n} x {name}" for name, n in types.items())
    print(f"{placed:,} of {ordered:,} drums ({len(drums)} order lines) placed in "
          f"{len(result.loads)} container{'s' if len(result.loads) != 1 else ''}"
          + (f" ({mix})" if mix else ""))
    groups: list[list[Any]] = []  # [first number, last number, text]
    for number, load in enumerate(result.loads, start=1):
        dests = ", ".join(d for d in load.destinations if d) or "-"
        count, bound = int(load.count), int(load.upper_bound)
        text = (f"{load.container.name:<5} -> {dests}: {count:,} drums, "
                f"{float(load.weight):,.0f} kg, volume {100 * float(load.volume_utilisation):.1f} %, "
                f"payload {100 * float(load.payload_utilisation):.1f} %, bound {bound:,} (gap {bound - count:,})")
        if groups and groups[-1][2] == text:
            groups[-1][1] = number
        else:
            groups.append([number, number, text])
    for first, last, text in groups[:_SUMMARY_LINES]:
        label = f"{first}" if first == last else f"{first}-{last}"
        each = "" if first == last else " each"
        print(f"  {label:>7}. {text.replace(' drums,', ' drums' + each + ',', 1)}")
    if len(groups) > _SUMMARY_LINES:
        rest = len(result.loads) - groups[_SUMMARY_LINES][0] + 1
        print(f"  ... and {rest} more containers (see the plan file)")
    if result.cost is not None:
        print(f"  cost {float(result.cost):,.2f}")
    for line in result.bound_lines()[:_SUMMARY_LINES]:
        print(f"  {line}")
    if result.violations:
        print(f"VIOLATIONS: {len(result.violations):,} (the plan breaks safety rules)")
    else:
        print(f"  {result.verdict_line()}")
    for violation in (result.violations or ())[:_SUMMARY_LINES]:
        print(f"  {violation}")
    if result.violations and len(result.violations) > _SUMMARY_LINES:
        print(f"  ... and {len(result.violations) - _SUMMARY_LINES} more (loadplan verify PLAN.json)")
    if result.unplaced:
        missing = result.unplaced_count
        print(f"UNPLACED: {missing:,} drums")
        for u in result.unplaced[:_SUMMARY_LINES]:
            print(f"  {u.sku} -> {u.destination or '-'}: {int(u.quantity):,} ({u.reason})")
        if len(result.unplaced) > _SUMMARY_LINES:
            print(f"  ... and {len(result.unplaced) - _SUMMARY_LINES} more lines (see the plan file)")


def _cmd_verify(args: argparse.Namespace) -> int:
    drums = None
    if args.order is not None:
        if args.order == "-" and args.plan == "-":
            raise UsageError("the plan and the order cannot both come from stdin")
        from loadplan.io import read_order

        drums = read_order(sys.stdin.buffer if args.order == "-" else args.order)
    from loadplan.io import MAX_PLAN_BYTES, OrderError, parse_json, read_limited

    if args.plan == "-":
        data = sys.stdin.buffer.read(MAX_PLAN_BYTES + 1)
        name = "stdin"
        if len(data) > MAX_PLAN_BYTES:
            raise UsageError(f"stdin: plan too large (more than {MAX_PLAN_BYTES:,} bytes)")
    else:
        name = args.plan
        try:
            data = read_limited(args.plan, MAX_PLAN_BYTES, what="plan file")
        except OrderError as exc:
            raise UsageError(str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{name}: not a plan file (not UTF-8 JSON)") from None
    try:
        doc = parse_json(text, name)
    except OrderError as exc:
        raise UsageError(str(exc)) from None
    if not isinstance(doc, dict) or "loads" not in doc:
        raise UsageError(f"{name}: not a loadplan plan (a JSON object with 'loads' is expected)")

    from loadplan.model import LoadPlan

    try:
        plan = LoadPlan.from_dict(doc)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        detail = f"{type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc)
        raise UsageError(f"{name}: not a valid loadplan plan ({detail.splitlines()[0] if detail else ''})") from None

    from loadplan.verification import consistency_problems, verify

    violations = verify(plan, drums, heavy_on_light=True if args.heavy_on_light else None) + consistency_problems(plan, doc)
    if not violations:
        print("OK")
        return 0
    for violation in violations:
        print(violation)
    print(f"{len(violations)} violation{'s' if len(violations) != 1 else ''}", file=sys.stderr)
    return 1


def _cmd_serve(args: argparse.Namespace) -> int:
    token = args.token if args.token is not None else os.environ.get("LOADPLAN_TOKEN") or None
    from loadplan.web.server import ServeError, check_bind

    try:
        check_bind(args.host, token)
        from loadplan.web.app import Settings
        from loadplan.web.server import serve
    except ServeError as exc:
        raise UsageError(str(exc)) from None
    except ModuleNotFoundError as exc:
        raise UsageError(f"'loadplan serve' needs the web extra: pip install 'loadplan[web]' ({exc})") from None
    settings = Settings(token=token, workers=args.workers, queue=args.queue, time_limit=args.time_limit,
                        body_limit=int(args.max_body * 1024 * 1024), body_timeout=args.body_timeout,
                        worker_memory=args.worker_memory, cors_origins=tuple(args.cors_origin))
    try:
        serve(args.host, args.port, settings, access_log=args.access_log)
    except ServeError as exc:
        raise UsageError(str(exc)) from None
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from loadplan.demo import run_demo

    prepare_kernels()
    code = run_demo(args.out, echo=print)
    return code if isinstance(code, int) and not isinstance(code, bool) else 0


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
    from loadplan.warmup import ProgressBar, estimated_seconds, needs_compile, warm_up

    if not needs_compile():
        return False
    print(COMPILE_MESSAGE.format(prog=_PROG, seconds=estimated_seconds()), file=stream, flush=True)
    isatty = getattr(stream, "isatty", None)
    bar = ProgressBar(stream) if isatty is not None and isatty() else None
    warm_up(progress=bar)
    return True


def _cmd_warmup(args: argparse.Namespace) -> int:
    from loadplan._jit import cache_dir
    from loadplan.warmup import ProgressBar, missing_kernels, warm_up

    missing = missing_kernels()
    if args.check:
        print(f"{len(missing)} kernel(s) to compile" if missing else "compiled engine cached")
        return 1 if missing else 0
    if not missing:
        print(f"compiled engine already cached in {cache_dir()}")
        return 0
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    seconds = warm_up(parallel=False if args.serial else None, progress=bar)
    print(f"compiled {len(missing)} kernel(s) in {seconds:.1f} s into {cache_dir()}")
    return 0


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------

def _error(lines: str | Sequence[str]) -> None:
    if isinstance(lines, str):
        lines = lines.splitlines() or [lines]
    for line in lines:
        print(f"{_PROG}: error: {line}", file=sys.stderr)


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
        The arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 ok; 1 unplaced drums or violations; 2 bad input or usage; 3 an
        internal error.
    """
    _quiet_streams()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        _error(str(exc))
        return 2
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0

    from loadplan.io import OrderError

    try:
        return int(args.func(args))
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
