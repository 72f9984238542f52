"""Probe: what small drums in the holes of a square grid of big drums could bring.

Run: ``PYTHONPATH=$PWD nice python benchmarks/probe_nesting.py``.

For each mix of ``bench_mixed.mixes()``: the (A, B) pairs whose grid holes take B
(:func:`loadplan.planner.nesting.nest_keys`), and the recipe LP (``lp_scale``) over the
model's columns (``recipes.columns(..., budget=None, kinds="model")``, the yardstick)
against the same with the nested columns (:func:`~loadplan.planner.nesting.nest_columns`)
added: an upper bound on what nesting brings to the LP per mix; the same with the boarded
nested columns only (a top on a board: round 7 measured that the top-less ones never raise
the LP); and the same with only the planner's nested pool (``nest_columns(..., budget=NEST_BUDGET)``: the recipes
``worth_nesting`` keeps, most volume per metre first).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_mixed import C40, mixes  # noqa: E402

from loadplan.planner.nesting import (NEST_BUDGET, hole_diameter, nest_columns,  # noqa: E402
                                      nest_keys)
from loadplan.planner.optimise import lp_scale  # noqa: E402
from loadplan.planner.recipes import columns  # noqa: E402
from loadplan.planner.sizes import Line  # noqa: E402


def main() -> None:
    print("| mix | nestable pairs (B in A: grid, hole mm) | LP (model) | LP (+ nested) | gain % "
          "| boarded only: gain % | planner's pool: columns | gain % |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, drums in mixes():
        lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
        q = np.array([d.quantity for d in drums])
        w = np.array([d.weight for d in drums])
        model = columns(lines, C40, budget=None, kinds="model")
        s0 = lp_scale(model, q, w, C40.length, C40.max_payload)
        keys = nest_keys(lines, C40)
        pairs = sorted({(k[0], k[2], k[3][1], k[3][2]) for k in keys})
        desc = ", ".join(
            f"{drums[b].sku} in {drums[a].sku} ({ny}x, px {px:.0f}, hole "
            f"{hole_diameter(px, (C40.width - drums[a].diameter) / (ny - 1), drums[a].diameter):.0f})"
            for a, b, ny, px in pairs) or "-"
        s1 = s2 = s3 = s0
        pool: list = []
        if keys:
            every = nest_columns(lines, C40)
            s1 = lp_scale(model + every, q, w, C40.length, C40.max_payload)
            s3 = lp_scale(model + [c for c in every if len(c.key) == 5], q, w, C40.length,
                          C40.max_payload)
            pool = nest_columns(lines, C40, budget=NEST_BUDGET)
            s2 = lp_scale(model + pool, q, w, C40.length, C40.max_payload)
        print(f"| {name} | {desc} | {s0:.4f} | {s1:.4f} | {100 * (s1 / s0 - 1):+.2f} "
              f"| {100 * (s3 / s0 - 1):+.2f} | {len(pool)} | {100 * (s2 / s0 - 1):+.2f} |")


if __name__ == "__main__":
    main()
