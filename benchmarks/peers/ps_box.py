"""PackingSolver's box solver on one drum fill, drums as bounding boxes (runs in its own venv).

::

    ps312/bin/python ps_box.py L W H D HEIGHT WEIGHT MAX_PAYLOAD MODE COPIES TIME_LIMIT_S [--boxes]

The container is one bin ``L x W x H`` (z up), each drum the box
``D x D x HEIGHT`` (sizes rounded up to whole mm: the solver takes integers),
``COPIES`` copies, knapsack objective. ``MODE`` ``standing`` allows the two
rotations that keep the drum's height vertical, ``all`` the six. The solver
has no gravity, so a box counts only if the centre of its base rests on the
floor or on the top of a counted box (floating boxes, and what stood on them,
are removed). Prints one JSON object: ``raw`` (the solver's count), ``count``
(supported), ``ms`` (wall time of ``optimize``), ``best_found_ms``; with
``--boxes``, first a JSON list of the boxes ``(x, y, z, dx, dy, dz)``.

A rotation's name lists which of the item's dimensions lies along x, y, z
(``YZX``: the item's y along x, its z along y, its x along z), as checked on
a small instance.

Standard library and packingsolver only: this file is not part of loadplan.
"""

from __future__ import annotations

import json
import math
import sys
import time

from _support import supported_count  # the scripts' folder is on sys.path


def main() -> None:
    import packingsolver.box as psb

    L, W, H, d, h, wt, payload = (float(a) for a in sys.argv[1:8])
    mode, copies, tl = sys.argv[8], int(sys.argv[9]), float(sys.argv[10])
    D, Hh = int(math.ceil(d)), int(math.ceil(h))
    dims = {"X": D, "Y": D, "Z": Hh}
    rot = [psb.Rotation.XYZ, psb.Rotation.YXZ] if mode == "standing" else list(psb.Rotation.__members__.values())
    ib = psb.InstanceBuilder()
    ib.set_objective(psb.Objective.Knapsack)
    ib.add_bin_type(int(math.floor(L)), int(math.floor(W)), int(math.floor(H)))
    ib.add_item_type(D, D, Hh, rotations=rot, copies=max(1, copies), profit=1.0)
    params = psb.OptimizeParameters()
    params.time_limit = tl
    params.verbosity_level = 0
    found: list[tuple[float, int]] = []
    t0 = time.perf_counter()
    params.new_solution_callback = lambda out: found.append(((time.perf_counter() - t0) * 1e3, out.solution.number_of_items()))
    output = psb.optimize(ib.build(), params)
    ms = (time.perf_counter() - t0) * 1e3
    sol = output.solution
    boxes = []
    for b in range(sol.number_of_bins()):
        for it in sol.bin(b).items:
            name = it.rotation.name
            boxes.append((float(it.x), float(it.y), float(it.z), dims[name[0]], dims[name[1]], dims[name[2]]))
    n = sol.number_of_items()
    if "--boxes" in sys.argv[11:]:  # the layout itself, one JSON line before the counts
        print(json.dumps(boxes))
    print(json.dumps({"raw": n, "count": supported_count(boxes), "ms": ms,
                      "best_found_ms": next((t for t, k in found if k >= n), None)}))


if __name__ == "__main__":
    main()
