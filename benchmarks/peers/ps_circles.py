"""PackingSolver's irregular solver on one equal-circle case (runs in its own venv).

PyPI ``packingsolver`` needs Python >= 3.12, so ``run.py`` installs it in a
venv under the bench cache dir and calls this script there, once per case::

    ps312/bin/python ps_circles.py LENGTH WIDTH DIAMETER TIME_LIMIT_S

It builds a knapsack instance (one rectangular bin ``LENGTH x WIDTH``, one
circle item type of diameter ``DIAMETER`` with as many copies as Oler's bound
allows, profit 1 each), solves it with the given time limit and prints one
JSON object: ``count`` (items placed), ``ms`` (wall time of ``optimize``,
which uses the whole time limit), ``best_found_ms`` (when the final count was
first reached, from the solver's new-solution callback),
``min_gap_mm`` (smallest centre distance minus the diameter, negative means
overlap), ``max_out_mm`` (largest distance a circle sticks out of the bin)
and ``centres``.

Standard library and packingsolver only: this file is not part of loadplan.
"""

from __future__ import annotations

import json
import math
import sys
import time


def oler(L: float, W: float, d: float) -> int:
    """Oler's upper bound on equal circles in a rectangle."""
    if d > L or d > W:
        return 0
    return int(math.floor(1 + (2 / math.sqrt(3)) * (W - d) * (L - d) / d**2 + (W + L - 2 * d) / d + 1e-9))


def main() -> None:
    import packingsolver
    import packingsolver.irregular as psi

    L, W, d, tl = (float(a) for a in sys.argv[1:5])
    ib = psi.InstanceBuilder()
    ib.set_objective(psi.Objective.Knapsack)
    ib.add_bin_type(psi.build_rectangle(0.0, L, 0.0, W))
    ib.add_item_type(psi.build_circle(d / 2.0), copies=max(1, oler(L, W, d)), profit=1.0)
    instance = ib.build()
    params = psi.OptimizeParameters()
    params.time_limit = tl
    params.verbosity_level = 0
    found: list[tuple[float, int]] = []  # (ms since start, items) of each new best solution
    t0 = time.perf_counter()

    def on_new(out) -> None:
        found.append(((time.perf_counter() - t0) * 1e3, out.solution.number_of_items()))

    params.new_solution_callback = on_new
    output = psi.optimize(instance, params)
    ms = (time.perf_counter() - t0) * 1e3
    sol = output.solution
    centres = []
    for b in range(sol.number_of_bins()):
        for item in sol.bin(b).items:
            # the circle is built around the origin, so the placement's reference
            # point is the centre (angle is irrelevant for a circle)
            centres.append((float(item.bl_corner.x), float(item.bl_corner.y)))
    r = d / 2.0
    max_out = 0.0
    for x, y in centres:
        max_out = max(max_out, r - x, x + r - L, r - y, y + r - W)
    min_gap = math.inf
    for i in range(len(centres)):
        xi, yi = centres[i]
        for j in range(i + 1, len(centres)):
            xj, yj = centres[j]
            if abs(xj - xi) < d:
                min_gap = min(min_gap, math.hypot(xj - xi, yj - yi) - d)
    print(
        json.dumps(
            {
                "count": sol.number_of_items(),
                "ms": ms,
                "best_found_ms": next((t for t, n in found if n >= sol.number_of_items()), None),
                "min_gap_mm": None if math.isinf(min_gap) else min_gap,
                "max_out_mm": max_out,
                "version": packingsolver.__version__,
                "centres": centres,
            }
        )
    )


if __name__ == "__main__":
    main()
