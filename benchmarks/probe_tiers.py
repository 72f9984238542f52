"""Probe for tiered recipes: unused headroom of the recipe LP's zones, and the LP with
the tiered columns (``recipes.columns(..., kinds="tiers")``) against the model's.

Run: ``PYTHONPATH=$PWD nice python benchmarks/probe_tiers.py`` (prints a table).
Per mix of ``bench_mixed.mixes()`` at scale 1 (the LP's scale does not depend on it):
``lp``: the model's LP scale; ``head``: the zones' unused headroom in the LP's
solution (height above each column's highest drum x zone length x width) as a share
of the container; ``tiers``: the LP scale with the tiered columns too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_mixed import C40, mixes  # noqa: E402
from loadplan.planner.recipes import columns  # noqa: E402
from loadplan.planner.sizes import Line  # noqa: E402


def lp_solution(cols: list, q: np.ndarray, w: np.ndarray) -> tuple[float, np.ndarray]:
    """The recipe LP (as ``optimise.lp_scale``) with its zone lengths."""
    from scipy.optimize import linprog

    n, m = q.shape[0], len(cols)
    a = np.zeros((n, m))
    for j, col in enumerate(cols):
        for p in col.parts:
            a[p.line, j] += p.centres.shape[0]
    lens = np.array([col.length for col in cols])
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_ub = np.vstack([np.concatenate([lens, [0.0]])[None, :],
                      np.concatenate([np.zeros(m), [float(w @ q)]])[None, :],
                      np.hstack([-a, q.astype(float)[:, None]])])
    b_ub = np.concatenate([[C40.length], [C40.max_payload], np.zeros(n)])
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
    return float(res.x[-1]), res.x[:-1]


def head(col, drums) -> float:  # noqa: ANN001
    """Height above the column's highest drum."""
    h = 0.0
    for p in col.parts:
        if p.centres.shape[0] == 0:
            continue
        dr = drums[p.line]
        half = np.where(p.axes == "z", dr.height, dr.diameter) / 2.0
        h = max(h, float((p.centres[:, 2] + half).max()))
    return C40.height - h


def main() -> None:
    print(f"{'mix':<18}{'lp':>8}{'head %':>8}{'tiers':>8}{'gain %':>8}{'n tier':>8}{'s':>6}")
    for name, drums in mixes():
        lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
        q = np.array([d.quantity for d in drums])
        w = np.array([d.weight for d in drums])
        model = columns(lines, C40, budget=None)
        s0, x = lp_solution(model, q, w)
        box = C40.length * C40.width * C40.height
        hv = sum(x[j] * model[j].length * C40.width * head(model[j], drums)
                 for j in np.flatnonzero(x > 1e-9))
        t = time.process_time()
        allc = columns(lines, C40, budget=None, kinds="tiers")
        s1, x1 = lp_solution(allc, q, w)
        dt = time.process_time() - t
        used = [allc[j].key for j in np.flatnonzero(x1 > 1e-9) if len(allc[j].key) == 5]
        print(f"{name:<18}{s0:8.4f}{100 * hv / box:8.2f}{s1:8.4f}{100 * (s1 / s0 - 1):8.2f}"
              f"{len(allc) - len(model):8d}{dt:6.1f}  {used[:4]}")


if __name__ == "__main__":
    main()
