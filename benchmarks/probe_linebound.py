"""Is the line-family LP bound ([fill-general] item 4, round 4) tighter than volume? (measurement)

The bound (decisions.md, ``[fill-general] round 4``): for each axis ``f`` take the lines
parallel to ``f`` through the container (extent ``E_f``, face area ``A_f``). A line meets
each drum in a segment; the segments on a line are disjoint and lie in ``[0, E_f]``. A
drum of axis ``f`` meets the lines over a disc of area ``pi d^2 / 4``, each in a segment
of length ``h``; a drum whose axis ``o`` is across ``f`` meets them over an ``h x d``
rectangle, in a chord ``c(u) = 2 sqrt(r^2 - u^2)``, ``c >= t`` on a width
``d sqrt(1 - (t/d)^2)``. Weights: ``p_f`` per parallel segment, ``beta_{f,o} c +
sum_k a_{f,o,k} [c >= t_k]`` per chord (all ``>= 0``). If every drum of axis ``o`` has
mass ``m_o = sum_f (integral of its weights over its footprint) >= 1 - mu_o`` then

    n = sum_o n_o <= sum_o (m_o + mu_o) n_o <= sum_f A_f M_f + sum_o mu_o B_o,

``B_o`` the per-axis bound (layers x circle bound of the cross-section,
``block_upper_bound``'s ``per_axis``) and ``M_f`` any number at or above the largest
weight one line can carry. With ``beta*_f >= beta_{f,o}`` a line's weight is at most
``beta*_f E_f + sum (a-sums - (beta*_f - beta_{f,o}) t_k) + sum (p_f - beta*_f h)`` over
its chords (at their level ``t_k``) and parallel segments, whose lengths sum to at most
``E_f``; on a grid ``g`` (levels ``t_k`` multiples of ``g``, ``h`` floored to ``g``,
``E_f`` floored) the largest such sum is an unbounded knapsack, written as DP rows
``V(e) >= V(e - len) + val``, ``V(e) >= V(e - 1)``, ``V >= 0``. The LP minimises
``sum_f A_f (beta*_f E_f + V_f(C_f)) + sum_o B_o mu_o`` (scipy HiGHS). ``beta`` alone
(volume weights) is feasible, so the optimum is never above the volume bound.

Usage::

    PYTHONPATH=$PWD nice python benchmarks/probe_linebound.py [--cases 30] [--seed 15] [--cmax 200] [--levels 16] [--no-lp] [--no-ref]

Prints, per case: ``fill``'s count and upper bound (today's), the volume figure, the
per-axis bounds, the LP's value and its floor, the best known count (``fill``, and the
stored PackingSolver supported counts, payload-capped) and the LP's CPU time; then the
shipped bound (``loadplan.filling.linebound.line_upper_bound``: exact lengths, the short
families only; ``-`` where it does not run) and its CPU time. ``--no-lp`` skips the grid LP.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_fill_general import cases, stored_ps30  # noqa: E402

FAMILIES = "xyz"


def per_axis(a: str, d: float, h: float, L: float, W: float, H: float) -> int:
    """``block_upper_bound``'s bound for drums of axis ``a`` alone (in a mixed packing too)."""
    from loadplan.pack import circle_bound

    if a == "z":
        return int(math.floor(H / h + 1e-9)) * int(circle_bound(L, W, d))
    if a == "x":
        return int(math.floor(L / h + 1e-9)) * int(circle_bound(W, H, d))
    return int(math.floor(W / h + 1e-9)) * int(circle_bound(L, H, d))


def levels(d: float, h: float, e_f: float, g: float, parallel: bool, k: int) -> list[int]:
    """Chord levels in grid units: ``k`` evenly spaced in ``(0, d]`` and the points just above
    ``(E_f - j h) / m`` (where ``m`` chords stop fitting beside ``j`` parallel segments)."""
    lv = {int(math.ceil(d * j / k / g)) for j in range(1, k + 1)}
    for jp in range(int(e_f // h) + 1 if parallel else 1):
        for m in range(1, 60):
            t = (e_f - jp * h) / m
            if t < d / 8:
                break
            if t <= d:
                lv.add(int(math.floor(t / g)) + 1)
    return sorted(x for x in lv if 0 < x and x * g <= d + 1e-9)


def line_lp(d: float, h: float, size: tuple[float, float, float], axes: str,
            cmax: int = 200, k: int = 16) -> float:
    """The LP's value (a proven bound on the count) for drums ``d x h`` in ``L x W x H``."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    L, W, H = size
    ext = {"x": L, "y": W, "z": H}
    area = {"x": W * H, "y": L * H, "z": L * W}
    box = {"x": (h, d, d), "y": (d, h, d), "z": (d, d, h)}
    axs = [a for a in axes if all(b <= s + 1e-9 for b, s in zip(box[a], size))]
    vol = math.pi * d * d * h / 4
    ncols = [0]
    rows: list[tuple[list[tuple[int, float]], float]] = []
    cost: dict[int, float] = {}
    mass: dict[str, list[tuple[int, float]]] = {o: [] for o in axs}

    def var() -> int:
        ncols[0] += 1
        return ncols[0] - 1

    for f in FAMILIES:
        g = max(1.0, ext[f] / cmax)
        cap = int(math.floor(ext[f] / g + 1e-9))
        bs = var()
        cost[bs] = area[f] * ext[f]
        items: list[tuple[int, list[tuple[int, float]]]] = []
        if f in axs:
            p = var()
            mass[f].append((p, math.pi * d * d / 4))
            items.append((int(math.floor(h / g + 1e-9)), [(p, 1.0), (bs, -h)]))
        for o in axs:
            if o == f:
                continue
            b = var()
            mass[o].append((b, vol))
            rows.append(([(b, 1.0), (bs, -1.0)], 0.0))
            cum: list[int] = []
            for tau in levels(d, h, ext[f], g, f in axs, k):
                t = tau * g
                a = var()
                cum.append(a)
                mass[o].append((a, h * d * math.sqrt(max(0.0, 1 - (t / d) ** 2))))
                items.append((tau, [(c, 1.0) for c in cum] + [(bs, -t), (b, t)]))
        vv = [var() for _ in range(cap + 1)]
        cost[vv[cap]] = area[f]
        rows.extend(([(vv[e - 1], 1.0), (vv[e], -1.0)], 0.0) for e in range(1, cap + 1))
        for ln, val in items:
            rows.extend(([(vv[e - ln], 1.0), (vv[e], -1.0)] + val, 0.0) for e in range(ln, cap + 1))
    for o in axs:
        mu = var()
        cost[mu] = per_axis(o, d, h, L, W, H)
        rows.append(([(c, -v) for c, v in mass[o]] + [(mu, -1.0)], -1.0))
    r_i = [i for i, (co, _) in enumerate(rows) for _ in co]
    c_i = [c for co, _ in rows for c, _ in co]
    v_i = [v for co, _ in rows for _, v in co]
    a_ub = coo_matrix((v_i, (r_i, c_i)), shape=(len(rows), ncols[0])).tocsr()
    cvec = np.zeros(ncols[0])
    for i, v in cost.items():
        cvec[i] = v
    res = linprog(cvec, A_ub=a_ub, b_ub=np.array([b for _, b in rows]), bounds=(0, None),
                  method="highs")
    if res.status != 0:
        raise RuntimeError(res.message)
    return float(res.fun)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=30)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--cmax", type=int, default=200, help="grid cells per family (finer: slower)")
    ap.add_argument("--levels", type=int, default=16)
    ap.add_argument("--no-ref", action="store_true")
    ap.add_argument("--no-lp", action="store_true", help="only the shipped bound (no grid LP)")
    args = ap.parse_args()
    import loadplan as lp
    from loadplan.filling.bound import block_upper_bound
    from loadplan.filling.linebound import line_upper_bound

    stored = stored_ps30()
    print(f"{'case':26s} {'fill':>6s} {'best':>6s} {'old':>6s} {'vol':>8s} {'sumB':>6s} "
          f"{'LP':>9s} {'new':>6s} {'slack':>6s} {'new sl':>6s} {'LP s':>6s} {'line':>6s} {'ms':>5s}",
          flush=True)
    shipped = []
    slacks = []
    for case in cases(args.cases, args.seed, not args.no_ref):
        c = lp.CONTAINERS[case["container"]]
        d, h, w = float(case["diameter"]), float(case["height"]), float(case["weight"])
        load = lp.fill(lp.Drum("B", d, h, weight=w), c)
        size = (float(c.length), float(c.width), float(c.height))
        cap = int(c.max_payload // w) if w > 0 else None
        ps = max(case.get("ps_box_all") or 0, stored.get(case["name"], {}).get("ps_box_30s") or 0)
        best = max(int(load.count), ps if cap is None else min(ps, cap))
        old = int(block_upper_bound(d, h, *size, "zxy"))
        if cap is not None:
            old = min(old, cap)
        t0 = time.process_time()
        val = float("nan") if args.no_lp else line_lp(d, h, size, "zxy", args.cmax, args.levels)
        dt = time.process_time() - t0
        new = old if args.no_lp else min(old, int(math.floor(val + 1e-6)))
        line_upper_bound.cache_clear()
        t0 = time.process_time()
        line = line_upper_bound(d, h, *size, "zxy")
        ms = (time.process_time() - t0) * 1e3
        shipped.append((old - min(old, line or old), ms))
        volf = size[0] * size[1] * size[2] / (math.pi * d * d * h / 4)
        sum_b = sum(per_axis(a, d, h, *size) for a in "xyz")
        slacks.append((case["name"].startswith("ref"), old - best, new - best))
        print(f"{case['name']:26s} {load.count:6d} {best:6d} {old:6d} {volf:8.2f} {sum_b:6d} "
              f"{val:9.2f} {new:6d} {old - best:6d} {new - best:6d} {dt:6.2f} "
              f"{'-' if line is None else line:>6} {ms:5.1f}", flush=True)
    gains = [g for g, _ in shipped if g > 0]
    print(f"line_upper_bound: below the old bound on {len(gains)} of {len(shipped)} cases, "
          f"{sum(gains)} drums in all; max {max(ms for _, ms in shipped):.1f} ms CPU")
    for label, sel in (("reference", True), ("others", False)):
        part = [s for s in slacks if s[0] == sel]
        if part:
            print(f"{label}: {len(part)} cases, median slack old {statistics.median(s[1] for s in part)}"
                  f", new {statistics.median(s[2] for s in part)}")


if __name__ == "__main__":
    main()
