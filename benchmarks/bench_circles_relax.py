"""The circle engine's overlap relaxation on the floors a real plan asks for: two trees, side by side.

Usage::

    PYTHONPATH=$PWD python benchmarks/bench_circles_relax.py OTHER_TREE [--repeat N] [--mixed]

1. **record** (a subprocess of this tree): plan the Blitar order (default containers, then
   ``("40GP",)``; with ``--mixed`` also the six slowest mixes of ``bench_mixed_speed.py``
   with ``("40GP",)``, caches cleared before each) with ``kernels.circles.best_packing`` and
   ``kernels.relax.add_one_circle`` wrapped by recorders: every floor the engine is asked
   for and every relaxation call with its arguments.
2. **time** (one fresh subprocess per tree and repeat, trees alternating, so both see the
   same machine load): compile on a floor not in the list (not timed), then the CPU time
   (``time.process_time``) of every recorded ``add_one_circle`` call and of
   ``best_packing`` over every recorded floor, and a sha256 of all their outputs.

Prints, per tree, the median CPU seconds of both and the output hashes (equal hashes:
bit-identical centres), and the ratio this tree / other tree.
"""

from __future__ import annotations

import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RECORD = r'''
import pickle, sys
sys.path.insert(0, sys.argv[3])
import loadplan.kernels.circles as C
floors, calls = [], []
bp, aoc = C.best_packing, C.add_one_circle
def rec_bp(L, W, d):
    floors.append((float(L), float(W), float(d)))
    return bp(L, W, d)
def rec_aoc(pts, L, W, d, attempts, seed):
    calls.append((pts.copy(), L, W, d, attempts, seed))
    return aoc(pts, L, W, d, attempts, seed)
C.best_packing, C.add_one_circle = rec_bp, rec_aoc
import loadplan as lp
from loadplan.demo import demo_order
for kw in ({}, {"containers": ("40GP",)}):
    lp.plan(demo_order(), **kw)
if sys.argv[2] == "mixed":
    from bench_mixed_speed import orders
    slow = {"random 0", "random 4", "random 10", "new 8", "new 12", "new 18"}
    for name, ds in orders(False):
        if name in slow:
            for mod in list(sys.modules.values()):
                for v in list(vars(mod).values()) if mod and mod.__name__.startswith("loadplan") else []:
                    if callable(getattr(v, "cache_clear", None)) and hasattr(v, "cache_info"):
                        v.cache_clear()
            lp.plan(ds, containers=("40GP",))
with open(sys.argv[1], "wb") as fh:
    pickle.dump({"floors": floors, "calls": calls}, fh)
'''

TIME = r'''
import hashlib, json, pickle, sys, time
import numpy as np
import loadplan as lp
assert lp.__file__.startswith(sys.argv[2]), lp.__file__
from loadplan.kernels.circles import best_packing
from loadplan.kernels.relax import add_one_circle
data = pickle.load(open(sys.argv[1], "rb"))
best_packing(1234.0, 1111.0, 333.0)  # compile (and load the cache), not timed
add_one_circle(np.array([[200.0, 200.0]]), 820.0, 820.0, 400.0, 12, 1)
h_r = hashlib.sha256()
t = time.process_time()
outs = [add_one_circle(*c) for c in data["calls"]]
t_relax = time.process_time() - t
for o in outs:
    h_r.update(str(o.shape).encode() + np.ascontiguousarray(o).tobytes())
h_b = hashlib.sha256()
t = time.process_time()
outs = [best_packing(*f) for f in data["floors"]]
t_bp = time.process_time() - t
for o in outs:
    h_b.update(str(o.shape).encode() + np.ascontiguousarray(o).tobytes())
print(json.dumps([t_relax, t_bp, h_r.hexdigest()[:16], h_b.hexdigest()[:16]]))
'''


def main() -> None:
    argv = sys.argv[1:]
    repeat = 3
    if "--repeat" in argv:
        k = argv.index("--repeat")
        repeat = int(argv[k + 1])
        del argv[k:k + 2]
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    other = os.path.abspath(args[0])
    trees = [str(ROOT), other]
    with tempfile.TemporaryDirectory(prefix="bench-relax-") as tmp:
        rec = os.path.join(tmp, "floors.pkl")
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-c", RECORD, rec, "mixed" if "--mixed" in sys.argv else "blitar",
                        str(ROOT / "benchmarks")], env=env, check=True, cwd=str(ROOT))
        with open(rec, "rb") as fh:
            data = pickle.load(fh)
        print(f"{len(data['floors'])} floors, {len(data['calls'])} relaxation calls recorded")
        runs: list[list] = [[] for _ in trees]
        for _ in range(repeat):
            for k, tree in enumerate(trees):
                env = dict(os.environ, PYTHONPATH=tree)
                p = subprocess.run([sys.executable, "-c", TIME, rec, tree], env=env, cwd=tree,
                                   capture_output=True, text=True, check=True)
                runs[k].append(json.loads(p.stdout.strip().splitlines()[-1]))
    med = []
    print("| tree | add_one_circle CPU s | best_packing CPU s | relax hash | engine hash |")
    print("|---|---:|---:|---|---|")
    for tree, r in zip(trees, runs):
        m = (statistics.median(x[0] for x in r), statistics.median(x[1] for x in r))
        med.append(m)
        hashes = {(x[2], x[3]) for x in r}
        print(f"| {tree} | {m[0]:.3f} | {m[1]:.3f} | {', '.join(h[0] for h in hashes)} | "
              f"{', '.join(h[1] for h in hashes)} |")
    print(f"\nthis / other: add_one_circle {med[0][0] / med[1][0]:.3f}, best_packing {med[0][1] / med[1][1]:.3f} "
          f"(median of {repeat} CPU times each)")


if __name__ == "__main__":
    main()
