"""Planner speed on NEW mixed orders: this planner against the baseline planner, side by side.

Run: ``PYTHONPATH=$PWD nice python benchmarks/bench_mixed_speed.py [--quick] [--40gp] [--repeat N]``

What is timed (definitions):

* **orders**: the 14 mixes of ``bench_mixed.py`` (the two Blitar cities and 12 seeded
  random mixes of 2-6 drum types) and 20 further random orders of 2-6 types (seed
  4242, 20-400 drums a type, the same ten drum sizes); ``--quick``: the 14 mixes only.
* **new order, JIT-warm**: one worker process per planner (all planners at once, so
  each sees the same machine load) warms the Numba kernels
  (a single-type plan and two mixed plans of sizes not in the orders, the second of two
  40GPs so that SciPy's optimisers are imported and the recipe MILPs have run once;
  ``--cold-scipy``: without that plan, as before round 7), then, for each
  order, clears every planner and layout cache (every ``functools.lru_cache`` in a
  ``loadplan`` module, the hull cache and the remembered solver answers) and times
  ``plan(order, containers=...)`` once, without the verifier (the baseline has none).
  Two container settings: ``("40GP",)`` (as ``bench_mixed.py``) and the defaults.
  Nothing is reused from one order to the next, so repeated sizes cost what they cost
  the first time.
* **Blitar, fresh process**: ``plan(read_order("examples/blitar_djembe.csv"))`` (with
  the default containers, and with ``("40GP",)``) in a new Python process with a warm
  Numba cache: import, loading the kernels and the plan, as a user's script pays them;
  every tree ``--repeat`` times (default 3), alternating, medians of the whole process's
  wall and CPU time (CPU: ``time.process_time()`` at the end, so interpreter start included).
* **CPU ms** beside each order's wall ms: ``time.process_time()`` around the plan (the
  machine is shared, so wall time includes waiting for a core).
* **before** (optional): ``$LOADPLAN_BEFORE``, another checkout timed the same way
  (e.g. ``git archive 2ff8609`` unpacked: main before this work).
* **baseline**: the previous planner at ``$LOADPLAN_BASELINE`` (default
  ``/work/wt/baseline``, commit fde0d34) in a subprocess, the same orders.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BASELINE = os.environ.get("LOADPLAN_BASELINE", "/work/wt/baseline")
BEFORE = os.environ.get("LOADPLAN_BEFORE")  # optional third tree (e.g. main before this work)

WORKER = r'''
import functools, gc, inspect, json, sys, time
import loadplan as lp

def clear():
    for name, mod in list(sys.modules.items()):
        if not name.startswith("loadplan") or mod is None:
            continue
        for v in list(vars(mod).values()):
            if callable(getattr(v, "cache_clear", None)) and hasattr(v, "cache_info"):
                v.cache_clear()
        for attr in ("_HULLS", "_SOLVED"):
            if isinstance(getattr(mod, attr, None), dict):
                getattr(mod, attr).clear()

kw = {"verify": False} if "verify" in inspect.signature(lp.plan).parameters else {}
# JIT warm-up on sizes that are not in the orders
lp.plan([lp.Drum("W1", 333, 444, 7.0, quantity=50)], **kw)
lp.plan([lp.Drum("W2", 277, 355, 4.0, quantity=120), lp.Drum("W3", 433, 512, 9.0, quantity=40)], **kw)
# ... and a mixed order of two containers, so the recipe MILPs run once (SciPy's optimisers are
# imported on first use: ~0.5-1 s that the first order solving a MILP would pay otherwise)
if "--cold-scipy" not in sys.argv:
    lp.plan([lp.Drum("W2", 277, 355, 4.0, quantity=1500), lp.Drum("W3", 433, 512, 9.0, quantity=400)],
            containers=("40GP",), **kw)
orders = json.load(sys.stdin)
assert lp.__file__.startswith(sys.path[0] if sys.path[0] else __import__("os").getcwd()), lp.__file__
out = []
for conts, o in orders:
    ds = [lp.Drum(s, a, b, w, quantity=q, destination=t) for s, a, b, w, q, t in o]
    clear(); gc.collect()
    t, c = time.perf_counter(), time.process_time()
    p = lp.plan(ds, containers=tuple(conts), **kw) if conts else lp.plan(ds, **kw)
    dt, dc = time.perf_counter() - t, time.process_time() - c
    out.append([dt, len(p.loads), [l.container.name for l in p.loads], p.unplaced_count, dc])
print(json.dumps(out))
'''

FRESH = r'''
import sys, time
t0 = time.perf_counter()
import os
import loadplan as lp
assert lp.__file__.startswith(os.getcwd()), lp.__file__
from loadplan.io import read_order
order = read_order(sys.argv[1])
t1 = time.perf_counter()
kw = {} if sys.argv[2] == "default" else {"containers": ("40GP",)}
p = lp.plan(order, **kw)
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {'+'.join(l.container.name for l in p.loads)} "
      f"{time.process_time():.3f}")
'''


def orders(quick: bool) -> list[tuple[str, list]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_mixed import mixes, random_mix

    out = [(name, ds) for name, ds in mixes()]
    if not quick:
        rng = np.random.default_rng(4242)
        for i in range(20):
            out.append((f"new {i}", random_mix(rng, int(rng.integers(2, 7)))))
    return out


def run_all(paths: list[str | None], data: list) -> list[list | None]:
    """The worker for every tree at once (the same machine load for each), results in order."""
    procs = []
    for path in paths:
        if path is None or not Path(path, "loadplan").is_dir():
            procs.append(None)
            continue
        env = dict(os.environ, PYTHONPATH=path)
        # cwd = the tree: ``python -c`` puts the working directory before PYTHONPATH
        pr = subprocess.Popen([sys.executable, "-c", WORKER] + [a for a in sys.argv
                                                                if a == "--cold-scipy"],
                              stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
                              cwd=path)
        pr.stdin.write(json.dumps(data))
        pr.stdin.close()
        procs.append(pr)
    out: list[list | None] = []
    for pr in procs:
        if pr is None:
            out.append(None)
            continue
        text = pr.stdout.read()
        err = pr.stderr.read()
        if pr.wait() != 0:
            raise RuntimeError(err[-2000:])
        out.append(json.loads(text.strip().splitlines()[-1]))
    return out


def fresh_once(path: str, which: str) -> tuple[float, float, float, str]:
    """One fresh process: (wall of the whole process, its CPU, import + read wall, containers)."""
    env = dict(os.environ, PYTHONPATH=path)
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", FRESH, str(ROOT / "examples" / "blitar_djembe.csv"),
                          which], env=env, capture_output=True, text=True, check=True, cwd=path)
    wall = time.perf_counter() - t
    assert res.stderr.strip() == "" or "Warning" in res.stderr, res.stderr[-500:]
    imp, _, conts, cpu = res.stdout.split()
    return wall, float(cpu), float(imp), conts


def fresh_all(paths: list[str], which: str, repeat: int) -> list[str]:
    """Each tree ``repeat`` times, alternating (so each sees the same load): the medians of
    the whole process's wall time and CPU time (interpreter start to plan done)."""
    runs: list[list] = [[] for _ in paths]
    for _ in range(repeat):
        for k, path in enumerate(paths):
            runs[k].append(fresh_once(path, which))
    out = []
    for r in runs:
        w = float(np.median([x[0] for x in r]))
        c = float(np.median([x[1] for x in r]))
        imp = float(np.median([x[2] for x in r]))
        out.append(f"{w * 1000:.0f} ms wall, {c * 1000:.0f} ms CPU (median of {len(r)}; "
                   f"import + read {imp * 1000:.0f} ms), {r[0][3]}")
    return out


def main(quick: bool = False) -> None:
    named = orders(quick)
    enc = [[[d.sku, d.diameter, d.height, d.weight, d.quantity, d.destination] for d in ds]
           for _, ds in named]
    for conts in (["40GP"],) if "--40gp" in sys.argv else (["40GP"], []):
        label = "40GP only" if conts else "default containers"
        data = [[conts, o] for o in enc]
        mine, before, base = run_all([str(ROOT), BEFORE, BASELINE], data)
        print(f"\n### New orders, JIT-warm, caches cleared ({label})\n")
        head = "| order | types | drums | ms | CPU ms | containers |"
        if before:
            head += " before ms | before CPU ms | before containers |"
        print(head + " baseline ms | baseline CPU ms | baseline containers |")
        print("|---|---:|---:|---:|---:|---|" + ("---:|---:|---|" if before else "") + "---:|---:|---|")
        for k, (name, ds) in enumerate(named):
            m = mine[k]
            row = (f"| {name} | {len(ds)} | {sum(d.quantity for d in ds)} | {m[0] * 1000:.0f} | "
                   f"{m[4] * 1000:.0f} | "
                   f"{'+'.join(m[2])}{' (unplaced %d)' % m[3] if m[3] else ''} |")
            for other in ([before] if before else []) + [base]:
                o = other[k] if other else None
                row += (f" {'-' if o is None else f'{o[0] * 1000:.0f}'} | "
                        f"{'-' if o is None or len(o) < 5 else f'{o[4] * 1000:.0f}'} | "
                        f"{'-' if o is None else '+'.join(o[2])} |")
            print(row)
        t = np.array([m[0] for m in mine])
        tc = np.array([m[4] for m in mine])
        line = (f"\nthis planner: median {np.median(t) * 1000:.0f} ms, max {t.max() * 1000:.0f} ms "
                f"(CPU: median {np.median(tc) * 1000:.0f} ms, max {tc.max() * 1000:.0f} ms)")
        if before:
            tf = np.array([b[0] for b in before])
            fc = np.array([b[4] for b in before])
            line += (f"; before: median {np.median(tf) * 1000:.0f} ms, max {tf.max() * 1000:.0f} ms "
                     f"(CPU: median {np.median(fc) * 1000:.0f} ms, max {fc.max() * 1000:.0f} ms)")
        if base:
            tb = np.array([b[0] for b in base])
            bc = np.array([b[4] for b in base])
            line += (f"; baseline: median {np.median(tb) * 1000:.0f} ms, "
                     f"max {tb.max() * 1000:.0f} ms (CPU: median {np.median(bc) * 1000:.0f} ms, "
                     f"max {bc.max() * 1000:.0f} ms); ratio of medians {np.median(t) / np.median(tb):.2f}"
                     f" (CPU {np.median(tc) / np.median(bc):.2f})")
        print(line)
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    print("\n### Blitar order, fresh process (warm Numba cache)\n")
    names = ["this planner"] + (["before"] if BEFORE else []) + (
        ["baseline"] if Path(BASELINE, "loadplan").is_dir() else [])
    trees = [str(ROOT)] + ([BEFORE] if BEFORE else []) + (
        [BASELINE] if Path(BASELINE, "loadplan").is_dir() else [])
    for which in ("default", "40GP"):
        got = fresh_all(trees, which, repeat)
        print(f"- {which}: " + "; ".join(f"{n} {g}" for n, g in zip(names, got)))


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
