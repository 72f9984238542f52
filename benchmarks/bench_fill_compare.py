"""fill on two source trees side by side: counts, boards and CPU time per case.

Usage::

    git archive fcc6f83 | (mkdir -p /tmp/base && tar -x -C /tmp/base)
    python benchmarks/bench_fill_compare.py /tmp/base . [--cases 30] [--seed 15] [--no-ref] [--json OUT]

The cases are :func:`bench_fill_general.cases` (the reference fills, the 45HC
interlock case and ``--cases`` seeded random drums). Each tree runs in its own
process (``PYTHONPATH`` set to it), one after the other, on the same cases:
``fill`` with every axis allowed, the median CPU time (``time.process_time``) of
5 calls with caches cleared before each, the boards, and whether ``verify``
passes. Prints every case whose count differs and a summary (max and median CPU
time per tree); a count that falls is flagged.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent

_CHILD = r"""
import json, statistics, sys, time
sys.path.insert(0, {bench!r})
from bench_fill_general import cases
from _common import clear_caches
import loadplan as lp
lp.fill(lp.Drum("B", 585, 880), "20GP")
out = {{}}
for cs in cases({n}, {seed}, {ref}):
    c = lp.CONTAINERS[cs["container"]]
    drum = lp.Drum("B", float(cs["diameter"]), float(cs["height"]), weight=float(cs["weight"]))
    ts = []
    for _ in range(5):
        clear_caches()
        t = time.process_time()
        load = lp.fill(drum, c)
        ts.append((time.process_time() - t) * 1e3)
    out[cs["name"]] = {{"count": int(load.count), "cpu": statistics.median(ts),
                       "boards": int(load.boards.shape[0]), "ok": lp.verify(load) == []}}
print(json.dumps(out))
"""


def run_tree(tree: Path, n: int, seed: int, ref: bool) -> dict:
    """Per case name: count, median CPU ms, boards and verify of ``fill`` in ``tree``."""
    code = _CHILD.format(bench=str(tree / "benchmarks"), n=n, seed=seed, ref=ref)
    env = dict(os.environ, PYTHONPATH=str(tree))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       cwd=str(tree), check=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--cases", type=int, default=30)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--no-ref", action="store_true")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    a = run_tree(args.before.resolve(), args.cases, args.seed, not args.no_ref)
    b = run_tree(args.after.resolve(), args.cases, args.seed, not args.no_ref)
    print(f"{'case':26s} {'before':>7s} {'after':>7s} {'boards':>6s} {'cpu b':>7s} {'cpu a':>7s} ok")
    for name in a:
        x, y = a[name], b[name]
        if x["count"] != y["count"]:
            flag = "  FELL" if y["count"] < x["count"] else ""
            print(f"{name:26s} {x['count']:7d} {y['count']:7d} {y['boards']:6d} {x['cpu']:7.1f} "
                  f"{y['cpu']:7.1f} {'yes' if y['ok'] else 'NO'}{flag}")
    summary = {"cases": len(a), "changed": sum(a[k]["count"] != b[k]["count"] for k in a),
               "fell": [k for k in a if b[k]["count"] < a[k]["count"]],
               "all_verified_after": all(v["ok"] for v in b.values()),
               "max_cpu_ms": [round(max(v["cpu"] for v in t.values()), 2) for t in (a, b)],
               "median_cpu_ms": [round(statistics.median(v["cpu"] for v in t.values()), 2)
                                 for t in (a, b)]}
    print("summary:", json.dumps(summary))
    if args.json:
        args.json.write_text(json.dumps({"before": a, "after": b, "summary": summary}, indent=1))


if __name__ == "__main__":
    main()
