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


def main() -> None:
    orig = mx.join_bases

    def wrap(cols, x, y, lines, main, need, wt):
        out = orig(cols, x, y, lines, main, need, wt)
        st, sa = pairs(cols, x, lines, main)
        RECORDS.append((st, sa, groups(out[0], lines, main), (need - out[2]).tolist()))
        return out

    mx.join_bases = wrap
    names = dict(bm.mixes())
    names.update({f"order {i}": o for i, o in enumerate(bm.random_orders())})
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
