"""How much of the overlap relaxation a tighter proven circle bound could skip (a measurement).

Usage::

    PYTHONPATH=$PWD python benchmarks/bench_circles_bounds.py [--mixed]

``kernels.circles.best_packing`` tries the relaxation (``relax.add_one_circle``) while its
count is below ``circle_upper_bound`` (Oler's and the strip bound). A bound that proves the
current count is the most that fits would skip a try exactly (the try must fail). This
records every relaxation call of the Blitar plan (``--mixed``: and of the six slowest mixes
of ``bench_mixed_speed.py``; as ``bench_circles_relax.py`` does) and prints, by the gap
``circle_upper_bound - count``, how many calls failed and their CPU time (the time a bound
tighter by that gap would save at most), and how many calls the **slab bound** below would
skip.

Slab bound (proof). A packing the engine accepts has its centres in the closed rectangle
``[0, a] x [0, b]`` with ``a = L - d + 2 tol``, ``b = W - d + 2 tol`` (shifted by ``d/2 - tol``)
and pairwise at least ``s = d - tol`` apart (``count_conflicts`` with ``tol = 1e-7``). Cut
``[0, a]`` into ``p`` closed slabs of width ``w = a / p < s`` and give each centre to one slab
holding it. Two centres in one slab differ by at most ``w`` along ``a``, so by at least
``h = sqrt(s^2 - w^2)`` along ``b``; sorted along ``b``, a slab's ``k`` centres span at least
``(k - 1) h <= b``. Hence ``n <= p (1 + floor(b / h))`` for every such ``p``, and the same with
``a`` and ``b`` swapped. (It contains the pigeonhole bound of a ``p x q`` grid of cells of
diameter ``< s``: a cell column is a slab.)
"""

from __future__ import annotations

import math
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_circles_relax import RECORD  # noqa: E402

TOL = 1e-7


def slab_bound(length: float, width: float, d: float, max_slabs: int = 200) -> int:
    """The slab bound of the module docstring (a large number when no slab is narrow enough)."""
    s = d - TOL
    best = 1 << 40
    for a, b in ((length - d + 2 * TOL, width - d + 2 * TOL), (width - d + 2 * TOL, length - d + 2 * TOL)):
        p = max(1, int(math.floor(a / s)) + 1)
        while p <= max_slabs:
            w = a / p
            if w < s:
                h = math.sqrt(s * s - w * w)
                best = min(best, p * (1 + int(math.floor(b / h + 1e-12))))
            p += 1
    return best


def main() -> None:
    import numpy as np  # noqa: F401  (the pickle holds arrays)

    with tempfile.TemporaryDirectory(prefix="bench-bounds-") as tmp:
        rec = os.path.join(tmp, "calls.pkl")
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-c", RECORD, rec, "mixed" if "--mixed" in sys.argv else "blitar",
                        str(ROOT / "benchmarks")], env=env, check=True, cwd=str(ROOT))
        with open(rec, "rb") as fh:
            calls = pickle.load(fh)["calls"]
    from loadplan.kernels.bounds import circle_upper_bound
    from loadplan.kernels.relax import add_one_circle

    add_one_circle(*calls[0])  # compile
    by_gap: dict[int, list] = defaultdict(lambda: [0, 0, 0.0])
    skipped = [0, 0.0]
    for c in calls:
        t = time.process_time()
        out = add_one_circle(*c)
        dt = time.process_time() - t
        n = c[0].shape[0]
        gap = int(circle_upper_bound(c[1], c[2], c[3])) - n
        row = by_gap[gap]
        row[0] += 1
        if out.shape[0] == 0:
            row[1] += 1
            row[2] += dt
            if slab_bound(c[1], c[2], c[3]) <= n:
                skipped[0] += 1
                skipped[1] += dt
        elif slab_bound(c[1], c[2], c[3]) <= n:
            raise AssertionError(f"slab bound below a packing the engine found: {c[1:4]}")
    total = sum(r[2] for r in by_gap.values())
    print(f"{len(calls)} relaxation calls, {sum(r[1] for r in by_gap.values())} failed, "
          f"{total:.3f} s CPU in failed calls")
    print("| gap to circle_upper_bound | calls | failed | CPU s in failed calls |")
    print("|---:|---:|---:|---:|")
    for gap in sorted(by_gap):
        r = by_gap[gap]
        print(f"| {gap} | {r[0]} | {r[1]} | {r[2]:.3f} |")
    print(f"\nslab bound <= count (the try would be skipped): {skipped[0]} calls, {skipped[1]:.4f} s CPU")


if __name__ == "__main__":
    main()
