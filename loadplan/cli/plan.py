"""``loadplan plan``: plan an order file and write the plan (and its report, CSV, viewer)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any, Callable, Sequence

from loadplan import planner
from loadplan.cli.common import check_outputs, container_names, split_list
from loadplan.cli.engine import prepare_kernels
from loadplan.cli.parser import DEFAULT_CONTAINERS, UsageError
from loadplan.cli.summary import print_summary
from loadplan.io import atomic_path, placements_csv, read_costs, read_order
from loadplan.model import normalise_name
from loadplan.web.viewer import viewer_html

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Run ``loadplan plan``: exit 0, or 1 when drums are unplaced or the plan has violations."""
    if args.stops is not None and not args.multi_drop:
        raise UsageError("--stops needs --multi-drop")
    stops = tuple(split_list(args.stops)) if args.stops is not None else None
    if stops is not None and not stops:
        raise UsageError("--stops is empty")
    if stops is not None and len(set(stops)) != len(stops):
        raise UsageError("--stops names a destination twice")
    containers = container_names(args.containers) if args.containers is not None else None
    outputs = [p for p in (args.output, args.csv, args.report, args.html) if p is not None]
    check_outputs(outputs, [args.order, args.costs])
    costs = read_costs(args.costs) if args.costs is not None else None
    order = sys.stdin.buffer if args.order == "-" else args.order
    drums = read_order(order, containers=containers or split_list(DEFAULT_CONTAINERS))

    stops = _stops_for(stops, drums)
    kwargs: dict[str, Any] = {"costs": costs, "multi_drop": args.multi_drop, "stops": stops}
    if containers is not None:
        kwargs["containers"] = tuple(containers)
    prepare_kernels()
    if args.heavy_on_light:
        kwargs["heavy_on_light"] = True
    if args.no_verify:
        kwargs["verify"] = False
    result = planner.plan(drums, **kwargs)

    report: Callable[..., Any] | None = None
    if args.report is not None:
        try:  # an optional part of the installation
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
            tmp = stack.enter_context(atomic_path(args.html))
            tmp.write_text(viewer_html(result), encoding="utf-8")
        if report is not None:
            tmp = stack.enter_context(atomic_path(args.report))
            try:
                report(result, str(tmp))
            except ImportError as exc:
                raise UsageError(f"--report needs an optional dependency: {exc}") from None

    print_summary(result, drums)
    print("wrote " + ", ".join(outputs))
    return 1 if result.unplaced or result.violations else 0




_NO_DESTINATION = "-"
"""How ``--stops`` names the stop of the order lines that have no destination."""


def _stops_for(stops: tuple[str, ...] | None, drums: Sequence[Any]) -> tuple[str | None, ...] | None:
    """``--stops`` as the planner's stops: ``-`` is the stop of lines without a destination."""
    if stops is None:
        return None
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
