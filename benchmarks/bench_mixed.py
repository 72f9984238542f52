"""Mixed orders: the planner against the recipe LP and against the previous planner.

Run: ``PYTHONPATH=$PWD nice python benchmarks/bench_mixed.py [--quick]`` (prints tables).

Measures (definitions):

* **share of the recipe model** per mix (14 mixes: the two Blitar cities and
  12 seeded random mixes of 2-6 drum types): ``s_plan / s_lp`` where
  ``s_lp`` is the recipe LP (:func:`loadplan.planner.optimise.lp_scale`: the
  largest ``s`` with ``s x`` the mix in one 40GP in the continuous model of
  full-width recipe zones, exact counts per zone) and ``s_plan`` the largest
  ``s`` (bisection, 1e-3) such that ``plan(round(s x mix), containers=("40GP",))``
  uses one container, leaves nothing unplaced and passes ``verify`` (no violations).
  The yardstick is the issue's model exactly: ``recipes.columns(..., kinds="model")``
  (single-type and one-board zones); the planner's richer columns (``kinds="tiers"``:
  a second board and a third type, :mod:`loadplan.planner.tiers`) are never in it.
* **container count** on 30 seeded random orders (2-6 types, 0.5-3
  containers' worth, 40GP only): this planner, the baseline planner
  (``/work/wt/baseline``, run in a subprocess) and the recipe LP count
  ``ceil(max(min zone length / L, weight / payload))``.
* **time** of each plan of the 14 mixes at scale 1 (warm: second run). This is a
  *repeat* of the same order, with its layouts and solver answers cached; the time a
  NEW order takes (caches cleared, JIT warm) is measured by ``bench_mixed_speed.py``.
"""

from __future__ import annotations

import builtins
import functools
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import loadplan as lp  # noqa: E402
from loadplan.containers import CONTAINERS  # noqa: E402
from loadplan.io import read_order  # noqa: E402
from loadplan.planner.optimise import lp_scale, min_length  # noqa: E402
from loadplan.planner.recipes import columns  # noqa: E402
from loadplan.planner.sizes import Line  # noqa: E402

print = functools.partial(builtins.print, flush=True)  # noqa: A001
BASELINE = os.environ.get("LOADPLAN_BASELINE", "/work/wt/baseline")
C40 = CONTAINERS["40GP"]
SIZES = [(180, 300, 1.5), (240, 400, 3.0), (320, 600, 6.0), (400, 500, 9.0), (460, 700, 14.0),
         (585, 880, 30.0), (280, 450, 4.0), (360, 380, 7.0), (500, 600, 20.0), (210, 250, 2.0)]


def random_mix(rng: np.random.Generator, k: int, dest: str = "X") -> list[lp.Drum]:
    idx = rng.choice(len(SIZES), size=k, replace=False)
    out = []
    for i in idx:
        d, h, w = SIZES[int(i)]
        out.append(lp.Drum(f"T{d}x{h}", float(d), float(h), weight=w,
                           quantity=int(rng.integers(20, 400)), destination=dest))
    return out


def mixes() -> list[tuple[str, list[lp.Drum]]]:
    out = []
    order = read_order(ROOT / "examples" / "blitar_djembe.csv")
    for city in ("Shenzhen", "Shanghai"):
        out.append((f"Blitar {city}", [d for d in order if d.destination == city]))
    rng = np.random.default_rng(2026)
    for i in range(12):
        out.append((f"random {i}", random_mix(rng, int(rng.integers(2, 7)))))
    return out


def scaled(drums: list[lp.Drum], s: float) -> list[lp.Drum]:
    import dataclasses

    return [dataclasses.replace(d, quantity=max(0, int(round(d.quantity * s)))) for d in drums]


def fits_one(drums: list[lp.Drum]) -> bool:
    """One 40GP, nothing unplaced and no ``verify`` violation (a plan that breaks a rule
    does not count as fitting)."""
    p = lp.plan(drums, containers=("40GP",))
    return len(p.loads) <= 1 and p.unplaced_count == 0 and not p.violations


def recipe_lp(drums: list[lp.Drum]) -> float:
    lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
    q = np.array([d.quantity for d in drums])
    # the model: every recipe of the model (kinds="model": no tiered recipes,
    # which the planner has and the yardstick must not), no work budget
    cols = columns(lines, C40, budget=None, kinds="model")
    return lp_scale(cols, q, np.array([d.weight for d in drums]), C40.length, C40.max_payload)


def plan_scale(drums: list[lp.Drum], hi: float) -> float:
    lo = 0.0
    while hi - lo > 2e-3 * hi:
        mid = (lo + hi) / 2
        if fits_one(scaled(drums, mid)):
            lo = mid
        else:
            hi = mid
    return lo


def lp_count(drums: list[lp.Drum]) -> int:
    lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
    q = np.array([d.quantity for d in drums])
    need = min_length(columns(lines, C40, budget=None, kinds="model"), q) / C40.length
    wt = sum(d.weight * d.quantity for d in drums) / C40.max_payload
    return math.ceil(max(need, wt) - 1e-9)


def baseline_counts(orders: list[list[lp.Drum]]) -> list[int] | None:
    if not Path(BASELINE, "loadplan").is_dir():
        return None
    data = [[[d.sku, d.diameter, d.height, d.weight, d.quantity, d.destination] for d in o]
            for o in orders]
    code = ("import json,sys,loadplan as lp\n"
            f"assert lp.__file__.startswith({str(Path(BASELINE).resolve())!r}), lp.__file__\n"
            "out=[]\n"
            "for o in json.load(sys.stdin):\n"
            "    ds=[lp.Drum(s,a,b,w,quantity=q,destination=t) for s,a,b,w,q,t in o]\n"
            "    out.append(len(lp.plan(ds, containers=('40GP',)).loads))\n"
            "print(json.dumps(out))\n")
    env = dict(os.environ, PYTHONPATH=BASELINE)
    # cwd: ``python -c`` puts the working directory first on sys.path, so run from the
    # baseline tree (from this tree, ``import loadplan`` would import this planner)
    res = subprocess.run([sys.executable, "-c", code], input=json.dumps(data), env=env,
                         capture_output=True, text=True, check=True, cwd=BASELINE)
    return json.loads(res.stdout.strip().splitlines()[-1])


def random_orders(n: int = 30) -> list[list[lp.Drum]]:
    rng = np.random.default_rng(30)
    out = []
    for _ in range(n):
        mix = random_mix(rng, int(rng.integers(2, 7)))
        s = recipe_lp(mix)
        worth = float(rng.uniform(0.5, 3.0))
        out.append(scaled(mix, worth * s))
    return out


def lines_of_one_size() -> None:
    """1,000 one-drum lines of one drum against one line; 10,000 lines of 20 sizes."""
    one = lp.plan([lp.Drum("C", 585, 880, 220, quantity=1000)], verify=False)
    t = time.perf_counter()
    many = lp.plan([lp.Drum(f"C{i}", 585, 880, 220, quantity=1) for i in range(1000)],
                   verify=False)
    t1 = time.perf_counter() - t
    print(f"\n1,000 one-drum lines of Ø585 x 880: {len(many.loads)} containers "
          f"(one line of 1,000: {len(one.loads)}), {t1:.2f} s")
    rng = np.random.default_rng(10_000)
    sizes = [(float(rng.integers(180, 600)), float(rng.integers(250, 900))) for _ in range(20)]
    order = []
    for i in range(10_000):
        d, h = sizes[int(rng.integers(0, 20))]
        order.append(lp.Drum(f"S{i}", d, h, weight=round(d * h / 3e4, 1),
                             quantity=int(rng.integers(1, 6))))
    t = time.perf_counter()
    p = lp.plan(order, verify=False)
    t2 = time.perf_counter() - t
    print(f"10,000 lines of 20 sizes ({sum(d.quantity for d in order):,} drums): "
          f"{len(p.loads)} containers, {p.unplaced_count} unplaced, {t2:.1f} s")


def main(quick: bool = False) -> None:
    lines_of_one_size()
    rows = []
    times = []
    for name, drums in mixes():
        s_lp = recipe_lp(drums)
        lp.plan(drums, containers=("40GP",), verify=False)
        t = time.perf_counter()
        lp.plan(drums, containers=("40GP",), verify=False)
        times.append(time.perf_counter() - t)
        s_plan = plan_scale(drums, 1.3 * s_lp) if not quick else float("nan")
        rows.append((name, len(drums), s_lp, s_plan, s_plan / s_lp if s_lp else float("nan")))
    print("| mix | types | recipe LP s | planner s | planner / LP | plan ms (warm) |")
    print("|---|---:|---:|---:|---:|---:|")
    for (name, k, a, b, r), t in zip(rows, times):
        print(f"| {name} | {k} | {a:.3f} | {b:.3f} | {r:.1%} | {t * 1000:.0f} |")
    ratios = np.array([r[4] for r in rows])
    print(f"\nmedian planner/LP {np.median(ratios):.1%}, worst {ratios.min():.1%}; "
          f"plan time median {np.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    orders = random_orders()
    plans = [lp.plan(o, containers=("40GP",)) for o in orders]
    mine = [len(p.loads) for p in plans]
    lpc = [lp_count(o) for o in orders]
    base = baseline_counts(orders)
    print("\n| order | types | drums | LP count | baseline | this planner |")
    print("|---:|---:|---:|---:|---:|---:|")
    for i, o in enumerate(orders):
        b = "-" if base is None else base[i]
        print(f"| {i} | {len(o)} | {sum(d.quantity for d in o)} | {lpc[i]} | {b} | {mine[i]} |")
    within = sum(m <= c for m, c in zip(mine, lpc))
    print(f"\nwithin the LP count: {within} / {len(orders)}; verify violations in these "
          f"plans: {sum(len(p.violations) for p in plans)}")
    if base is not None:
        worse = sum(m > b for m, b in zip(mine, base))
        better = sum(m < b for m, b in zip(mine, base))
        print(f"against the baseline: {worse} worse, {better} better, "
              f"{len(orders) - worse - better} equal")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
