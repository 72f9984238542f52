"""``loadplan fit``: how many drums of one size fit one container."""

from __future__ import annotations

import argparse
import json

from loadplan.axes import AXIS_WORDS
from loadplan.cli.common import container_names
from loadplan.cli.engine import prepare_kernels
from loadplan.cli.parser import UsageError
from loadplan.containers import get_container
from loadplan.filling import fill
from loadplan.filling.container import fit_summary
from loadplan.io import parse_axes
from loadplan.model import Drum

__all__ = ["run"]

_AXIS_NAMES = {a: f"{word} ({a})" for a, word in AXIS_WORDS.items()}  # one vocabulary: loadplan.axes


def run(args: argparse.Namespace) -> int:
    """Run ``loadplan fit``: the count, the bound and the count per axis (text or ``--json``)."""
    try:
        axes = parse_axes(args.axes, "axes")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if axes is None:
        raise UsageError("axes must name at least one of z, x, y")
    names = container_names(args.container)
    if len(names) != 1:
        raise UsageError("--container takes one container type")
    container = get_container(names[0])

    drum = Drum(sku=args.sku, diameter=args.diameter, height=args.height, weight=args.weight,
                quantity=1, orientations=axes, max_layers=args.max_layers)
    prepare_kernels()
    load = fill(drum, container)
    result = fit_summary(drum, container, load)
    count, bound, by_axis = result["count"], result["upper_bound"], result["by_axis"]
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{count} drums of diameter {args.diameter:g} x height {args.height:g} mm fit a "
          f"{container.name} ({container.length:g} x {container.width:g} x {container.height:g} mm); "
          f"upper bound {bound} (gap {bound - count})")
    for axis, n in by_axis.items():
        print(f"  {_AXIS_NAMES[axis]:<18} {n}")
    if result["boards"]:
        print(f"  layer boards       {result['boards']} (standing drums on boards over lying ones)")
    print(f"  volume used {100 * result['volume_utilisation']:.1f} %, "
          f"cargo {result['cargo_weight']:,.0f} kg ({100 * result['payload_utilisation']:.1f} % of payload)")
    return 0
