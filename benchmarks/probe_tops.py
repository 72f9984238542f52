"""Where a top on a board loses at zone ends (measurement, no planner change).

For the one-container fill MILP of a mix at scale ``s`` (``probe_joins.first_fill``), every
boarded zone it chooses: its top against the same recipe's density over the whole length
(``column_at`` at the container's length), split into

* **quantisation**: the density times the zone length less what the top's box holds laid
  out as it is (``recipes._head_box``: the box's rows end with it);
* **hull**: what the box holds less what ``recipes.top_on_hull`` keeps on the hull of the
  drums under the board (drums dropped with what rests on them);
* **want**: what ``top_on_hull`` keeps less what the zone's column holds (trimming to a need);

each as shares of the order's drum volume. Usage::

    PYTHONPATH=$PWD nice python benchmarks/probe_tops.py "random 0" 0.446 "Blitar Shenzhen" 1.092
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_mixed as bm  # noqa: E402
import probe_joins as pj  # noqa: E402
from loadplan.planner import recipes as rc  # noqa: E402
from loadplan.planner.lazy import resolve_all  # noqa: E402


def split(name: str, s: float) -> None:
    """Print the zone-end losses of the tops the first fill of mix ``name`` at ``s`` chooses."""
    c, drums, lines, need, vol, wt, pool, x, y = pj.first_fill(dict(bm.mixes())[name], s)
    cols = resolve_all(pool)
    tot = float(vol @ need)
    agg = {"hull": 0.0, "quantisation": 0.0, "want": 0.0}
    print(f"{name} s={s}")
    for j in np.flatnonzero(x):
        col = cols[j]
        if col.board is None or len(col.key) != 3:
            continue
        a, b = lines[col.key[0]].drum, lines[col.key[2]].drum
        fl, x0, lb, room, layers = rc.board_box(a, b, c, col.key[1], col.length)
        whole = rc.column_at(col.key, lines, c, c.length)
        ideal = whole.parts[1].centres.shape[0] / whole.length * col.length
        nbox = rc._head_box(b, c, lb, c.width, room, layers)[0].shape[0]
        got = rc.top_on_hull(fl - np.array([x0, 0.0]), a.diameter / 2.0, b, c, lb, room, layers)
        nhull = 0 if got is None else got[0].shape[0]
        nact = col.parts[1].centres.shape[0]
        share = vol[col.key[2]] * int(x[j]) / tot
        agg["quantisation"] += (ideal - nbox) * share
        agg["hull"] += (nbox - nhull) * share
        agg["want"] += (nhull - nact) * share
        print(f"  {col.key} x{int(x[j])} {col.length:.0f} mm, top {b.diameter:g} x {b.height:g}: "
              f"density {ideal:.1f}, box {nbox}, on the hull {nhull}, column {nact}")
    print("  losses: " + ", ".join(f"{k} {v:.2%}" for k, v in agg.items()))


def main() -> None:
    """``NAME S`` pairs from the command line."""
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit(__doc__)
    for i in range(0, len(args), 2):
        split(args[i], float(args[i + 1]))


if __name__ == "__main__":
    main()
