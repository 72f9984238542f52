"""Share of the recipe LP per mix, as ``bench_mixed.py`` bisects it, for chosen mixes only.

Run: ``PYTHONPATH=$PWD nice python benchmarks/share_per_mix.py ["Blitar Shanghai" "random 8" ...]``
(no names: all 14 mixes); run the same from another tree (cwd and PYTHONPATH that tree)
to compare side by side. ``--counts``: instead, the 30 random orders' container counts
(``plan(order, containers=("40GP",))``) beside ``bench_mixed.lp_count``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import loadplan as lp  # noqa: E402
from bench_mixed import lp_count, mixes, plan_scale, random_orders, recipe_lp  # noqa: E402


def main(args: list[str]) -> None:
    if args[:1] == ["--counts"]:
        within = 0
        for k, o in enumerate(random_orders()):
            p = lp.plan(o, containers=("40GP",))
            n, c = len(p.loads), lp_count(o)
            within += n <= c
            print(k, n, c, p.unplaced_count, len(p.violations), flush=True)
        print("within", within, "of 30")
        return
    got = dict(mixes())
    for name in args or list(got):
        t = time.process_time()
        s_lp = recipe_lp(got[name])
        s = plan_scale(got[name], s_lp)
        print(f"{name:<16} lp {s_lp:.4f} plan {s:.4f} share {100 * s / s_lp:.1f} % "
              f"cpu {time.process_time() - t:.0f}s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
