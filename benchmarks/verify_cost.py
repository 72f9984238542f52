"""What verifying a plan costs next to making it: ``plan(verify=False)`` vs ``verify(plan)``.

Run from the repository root::

    PYTHONPATH=. python benchmarks/verify_cost.py            # Blitar and 100,000 drums
    PYTHONPATH=. python benchmarks/verify_cost.py --quick    # Blitar only

A small other order is planned first (JIT compilation). Then each order is
planned once as a user's first call would (``first``: the planner's caches do
not know it yet), planned again ``--repeat`` times (``again``: its caches warm),
and its plan verified ``--repeat`` times; the table shows the best times and
verify's share of the first planning time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import loadplan as lp
from loadplan.io import read_order

ROOT = Path(__file__).resolve().parents[1]


def orders(quick: bool) -> dict[str, list]:
    blitar = read_order(ROOT / "examples" / "blitar_djembe.csv")
    out = {"Blitar (6,000 drums, 3 sizes x 2 cities)": blitar}
    if not quick:
        total = sum(d.quantity for d in blitar)
        scale = 100_000 / total
        big = [lp.Drum(d.sku, d.diameter, d.height, d.weight, round(d.quantity * scale),
                       d.destination) for d in blitar]
        out["Blitar mix x 16.7 (100,000 drums)"] = big
    return out


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the Blitar order only")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    lp.plan([lp.Drum("W", 500, 700, 10.0, 50)], verify=False)  # JIT warm-up, another order
    print(f"{'order':<42} {'drums':>8} {'first s':>8} {'again s':>8} {'verify s':>9} "
          f"{'verify/first':>13} verdict")
    for name, drums in orders(args.quick).items():
        t_first, _ = best(lambda: lp.plan(drums, verify=False), 1)
        t_again, plan = best(lambda: lp.plan(drums, verify=False), args.repeat)
        t_verify, found = best(lambda: lp.verify(plan), args.repeat)
        verdict = "sound" if not found else f"{len(found)} violations"
        print(f"{name:<42} {plan.placed_count:>8,} {t_first:>8.2f} {t_again:>8.2f} "
              f"{t_verify:>9.3f} {t_verify / t_first:>12.1%} {verdict}")


if __name__ == "__main__":
    main()
