"""How much could a *stepped join* or a *continued top* save? (measurement, no planner change)

Plans mixes of ``bench_mixed.py`` at given scales and records, for every container the
fill MILP fills (``mixed._filled``, through a wrapper around ``mixed.join_bases``):

* **stepped pairs**: two boarded zones of one base type with different numbers of base
  layers; the upper bound of what one floor under both could save is the two zones'
  lengths less the shortest engine floor (rows square or staggered, ``floor_cached``)
  holding both bases' discs (``None``: no floor shorter than the two holds them);
* **same-height pairs**: boarded zones of two base types whose boards are at the same
  height (within 1 mm), where one top could continue over both boards;
* **groups**: per base line, all its boarded zones after ``join_bases`` (the most a
  stepped join of all of them could hold or save: one floor of their total length);
* the drums the container leaves (per line).

Usage::

    PYTHONPATH=$PWD nice python benchmarks/probe_joins.py "Blitar Shenzhen" 1.086 \
        "random 5" 0.55 "order 23" 1

Names are ``bench_mixed.mixes()`` names or ``order N`` (``bench_mixed.random_orders()``).

``--ends`` first (``probe_joins.py --ends "random 5" 0.55 ...``): where the one-container
fill MILP of the whole order loses, as shares of the order's drum volume: what it leaves,
its LP relaxation (same columns), the length it leaves free, and per chosen zone the drums
its base, its top (boarded) or its single-type layout holds less than the same recipe's
density in a zone of the whole length (zone-end losses; round 5's table).

``--rounds`` first (``probe_joins.py --rounds "random 5" 0.55 ...``): the one-container
fill's LP relaxation, the first MILP and the joint-column MILP after 1-4 rounds of
``optimise.fill_joint`` (round 6's table). ``--headroom NAME ...``: the recipe LP's
columns for a mix (scale 1: the LP's shape does not depend on it) with the free height
over each (round 6's headroom notes).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_mixed as bm  # noqa: E402
import loadplan as lp  # noqa: E402
import loadplan.planner.mixed as mx  # noqa: E402
from loadplan.planner.recipes import floor_cached  # noqa: E402

RECORDS: list[tuple[list, list, list, list]] = []


def shortest_floor(d: float, width: float, n: int, lo: float, hi: float) -> float | None:
    """The length of the shortest engine floor of rows in ``[lo, hi)`` holding ``n`` discs."""
    out, r = set(), 1
    while min(r * d, d + (r - 1) * d * math.sqrt(3.0) / 2.0) < hi - 1.0:
        for v in (r * d, d + (r - 1) * d * math.sqrt(3.0) / 2.0):
            if lo - 1e-6 <= v < hi - 1.0:
                out.add(round(v, 6))
        r += 1
    for length in sorted(out):
        fl = floor_cached(d, float(length), width)
        if fl.shape[0] >= n:
            return float(fl[:, 0].max() - fl[:, 0].min() + d)
    return None


def pairs(cols, x, lines, main) -> tuple[list, list]:
    """Stepped and same-height pairs among the zones ``x`` of ``cols``."""
    copies = [cols[j] for j in np.flatnonzero(x) for _ in range(int(x[j]))]
    boarded = [c for c in copies if c.board is not None and len(c.key) == 3]
    stepped, same = [], []
    for i, a in enumerate(boarded):
        for b in boarded[i + 1:]:
            za = a.key[1] * lines[a.key[0]].drum.height
            zb = b.key[1] * lines[b.key[0]].drum.height
            if a.key[0] != b.key[0]:
                if abs(za - zb) < 1.0:
                    same.append((a.key, b.key, za))
                continue
            if a.key[1] == b.key[1]:
                continue  # same base and layers: joinbases.py
            d = lines[a.key[0]].drum.diameter
            n1 = a.parts[0].centres.shape[0] // a.key[1]
            n2 = b.parts[0].centres.shape[0] // b.key[1]
            fl = shortest_floor(d, main.width, n1 + n2, max(a.length, b.length),
                                a.length + b.length + 1.0 + 1e-6)
            saved = None if fl is None else round(a.length + b.length - fl, 1)
            stepped.append((a.key, b.key, n1, n2, round(a.length), round(b.length), saved))
    return stepped, same


def groups(cols, lines, main) -> list:
    """Per base line with two or more boarded zones (after ``join_bases``; joined zones
    count as one): ``(line, zones, discs, length, discs of one floor of that length,
    length saved by the shortest floor holding the discs)``: the most one floor under all
    of them (a stepped join of every zone of the base) could hold or save."""
    out = []
    by: dict[int, list] = {}
    for c in cols:
        if c.board is not None:
            by.setdefault(c.key[0], []).append(c)
    for ib, cs in sorted(by.items()):
        if len(cs) < 2:
            continue
        d = lines[ib].drum.diameter
        n = sum(c.parts[0].centres.shape[0] // c.key[1] for c in cs)
        total = sum(c.length for c in cs)
        fl = shortest_floor(d, main.width, n, max(c.length for c in cs), total + 1.0 + 1e-6)
        whole = floor_cached(d, float(total), main.width).shape[0]
        out.append((ib, [c.key for c in cs], n, round(total), whole,
                    None if fl is None else round(total - fl, 1)))
    return out


def first_fill(drums: list, s: float) -> tuple:
    """The order scaled by ``s``, its arrays, the planner's pool and the first fill MILP's
    ``(x, y)`` over it in one 40GP: ``(c, drums, lines, need, vol, wt, pool, x, y)``."""
    from loadplan.containers import CONTAINERS
    from loadplan.planner.optimise import fill_one
    from loadplan.planner.sizes import Line

    c = CONTAINERS["40GP"]
    drums = bm.scaled(drums, s)
    lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
    need = np.array([d.quantity for d in drums])
    vol = np.array([d.diameter ** 2 * d.height for d in drums], dtype=float)
    wt = np.array([d.weight for d in drums], dtype=float)
    pool = mx.cached_pool(tuple(drums), c, False, tuple(need.tolist()))
    x, y = fill_one(pool, need, vol, wt, c.length, c.max_payload)
    return c, drums, lines, need, vol, wt, pool, x, y


def ends(name: str, drums: list, s: float) -> None:
    """Print the zone-end losses of the one-container fill of ``drums`` (see the notes)."""
    from scipy.optimize import linprog

    from loadplan.planner.lazy import live, resolve_all
    from loadplan.planner.recipes import column_at

    c, drums, lines, need, vol, wt, pool, x, y = first_fill(drums, s)
    cols = resolve_all(pool)
    cs = [cols[j] for j in live(cols)]
    rows_a = np.zeros((len(lines), len(cs)))
    for j, col in enumerate(cs):
        for p in col.parts:
            rows_a[p.line, j] += p.centres.shape[0]
    lens = np.array([col.length for col in cs])
    n, m = len(lines), len(cs)
    a_ub = np.vstack([np.concatenate([lens, np.zeros(n)]), np.concatenate([np.zeros(m), wt]),
                      np.hstack([-rows_a, np.eye(n)])])
    res = linprog(np.concatenate([np.zeros(m), -vol]), A_ub=a_ub,
                  b_ub=np.concatenate([[c.length, c.max_payload], np.zeros(n)]),
                  bounds=[(0, None)] * m + [(0, q) for q in need], method="highs")
    tot = float(vol @ need)
    loss = {"base": 0.0, "top": 0.0, "single": 0.0}
    used = 0.0
    for j in np.flatnonzero(x):
        col = cols[j]
        used += col.length * int(x[j])
        whole = column_at(col.key, lines, c, c.length)
        if whole is None:
            continue
        for k, (p, q) in enumerate(zip(col.parts, whole.parts)):
            lost = q.centres.shape[0] / whole.length * col.length - p.centres.shape[0]
            kind = "single" if len(col.parts) == 1 else ("base" if k == 0 else "top")
            loss[kind] += lost * vol[p.line] * int(x[j]) / tot
    print(f"{name} s={s}: MILP {float(vol @ y) / tot:.2%} LP {-res.fun / tot:.2%} of the "
          f"order; free {c.length - used:.0f} mm; end losses base {loss['base']:.2%} top "
          f"{loss['top']:.2%} single {loss['single']:.2%}; left {(need - y).tolist()}")


def rounds(name: str, drums: list, s: float, most: int = 4) -> None:
    """Print the one-container fill of ``drums`` at scale ``s``: its LP relaxation, the
    first MILP, and the joint-column MILP after 1..``most`` rounds
    (``optimise.fill_joint`` with ``JOINT_ROUNDS`` = r), as shares of the order's drum volume, with
    the drums each leaves and the CPU seconds of the joint rounds."""
    import time

    from loadplan.planner.jointcols import joint_maker
    from loadplan.planner.lazy import live, resolve_all
    import loadplan.planner.optimise as op
    from loadplan.planner.optimise import fill_joint
    from loadplan.planner.relaxation import matrices
    from scipy.optimize import linprog

    c, drums, lines, need, vol, wt, pool, x, y = first_fill(drums, s)
    cs = [col for col in (lambda w: [w[j] for j in live(w)])(resolve_all(pool))]
    a, _, lens = matrices(cs, len(lines))
    n, m = len(lines), len(cs)
    res = linprog(np.concatenate([np.zeros(m), -vol]),
                  A_ub=np.vstack([np.concatenate([lens, np.zeros(n)]),
                                  np.concatenate([np.zeros(m), wt]), np.hstack([-a, np.eye(n)])]),
                  b_ub=np.concatenate([[c.length, c.max_payload], np.zeros(n)]),
                  bounds=[(0, None)] * m + [(0, q) for q in need], method="highs")
    tot = float(vol @ need)
    out = [f"LP {-res.fun / tot:.3%}", f"MILP1 {float(vol @ y) / tot:.3%} {(need - y).tolist()}"]
    for r in range(1, most + 1):
        t = time.process_time()
        op.JOINT_ROUNDS = r
        got = fill_joint(pool, (x, y), need, vol, wt, c.length, c.max_payload,
                         joint_maker(lines, c))
        t = time.process_time() - t
        yy = y if got is None else got[2]
        out.append(f"J{r} {float(vol @ yy) / tot:.3%} {(need - yy).tolist()} {t:.2f}s")
    print(f"{name} s={s}: " + "; ".join(out), flush=True)


def headroom(name: str, drums: list) -> None:
    """Print the recipe LP's solution for ``drums`` (the yardstick: ``kinds="model"``, no
    budget): per column used, its zones, key, length, per part the line, drums, axes and
    box, and the free height over its highest drum."""
    from scipy.optimize import linprog

    from loadplan.containers import CONTAINERS
    from loadplan.planner.lazy import live, resolve_all
    from loadplan.planner.recipes import columns
    from loadplan.planner.relaxation import matrices
    from loadplan.planner.sizes import Line

    c = CONTAINERS["40GP"]
    lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
    q = np.array([d.quantity for d in drums], dtype=float)
    w = np.array([d.weight for d in drums], dtype=float)
    cols = resolve_all(columns(lines, c, budget=None, kinds="model"))
    cols = [cols[j] for j in live(cols)]
    n, m = len(q), len(cols)
    a, _, lens = matrices(cols, n)
    res = linprog(np.concatenate([np.zeros(m), [-1.0]]),
                  A_ub=np.vstack([np.concatenate([lens, [0.0]]), np.concatenate([np.zeros(m),
                                  [w @ q]]), np.hstack([-a, q[:, None]])]),
                  b_ub=np.concatenate([[c.length, c.max_payload], np.zeros(n)]),
                  bounds=(0, None), method="highs")
    print(f"{name}: " + ", ".join(f"{d.sku} x {d.quantity}" for d in drums)
          + f"; LP s {res.x[-1]:.4f}")
    for j in np.flatnonzero(res.x[:m] > 1e-6):
        col, top, parts = cols[j], 0.0, []
        for p in col.parts:
            d = drums[p.line]
            axes = {str(k): int((p.axes == k).sum()) for k in np.unique(p.axes)}
            parts.append(f"{d.sku} {p.centres.shape[0]} {axes} z0 {p.box[0]:.0f} h {p.box[1]:.0f}")
            for cen, ax in zip(p.centres, p.axes):
                top = max(top, cen[2] + (d.height if str(ax) == "z" else d.diameter) / 2.0)
        print(f"  {res.x[j]:.3f} x {col.key} {col.length:.0f} mm: {'; '.join(parts)}; "
              f"free {c.height - top:.0f} mm")


def main() -> None:
    names = dict(bm.mixes())
    if any(a.startswith("order ") for a in sys.argv[1:]):
        names.update({f"order {i}": o for i, o in enumerate(bm.random_orders())})
    if sys.argv[1:2] == ["--headroom"]:
        for name in sys.argv[2:]:
            headroom(name, names[name])
        return
    if sys.argv[1:2] == ["--rounds"]:
        args = sys.argv[2:]
        for name, s in zip(args[::2], map(float, args[1::2])):
            rounds(name, names[name], s)
        return
    if sys.argv[1:2] == ["--ends"]:
        args = sys.argv[2:]
        for name, s in zip(args[::2], map(float, args[1::2])):
            ends(name, names[name], s)
        return
    orig = mx.join_bases

    def wrap(cols, x, y, lines, main, need, wt):
        out = orig(cols, x, y, lines, main, need, wt)
        st, sa = pairs(cols, x, lines, main)
        RECORDS.append((st, sa, groups(out[0], lines, main), (need - out[2]).tolist()))
        return out

    mx.join_bases = wrap
    args = sys.argv[1:]
    for name, s in zip(args[::2], map(float, args[1::2])):
        RECORDS.clear()
        p = lp.plan(bm.scaled(names[name], s), containers=("40GP",))
        print(f"{name} s={s}: {len(p.loads)} x 40GP, unplaced {p.unplaced_count}, "
              f"violations {len(p.violations)}, fills {len(RECORDS)}")
        for k, (st, sa, gr, rest) in enumerate(RECORDS):
            print(f"  fill {k}: stepped {st} same-height {sa} groups {gr} left {rest}")


if __name__ == "__main__":
    main()
