"""Plan seeded random orders with two source trees in subprocesses; compare the plans' JSON bytes.

Used to show that a speed change leaves every plan identical: 1-6 drum types (catalogue
and random sizes, all orientation sets, ``max_layers`` / ``max_load`` on some, one or two
destinations, four container sets, ``heavy_on_light`` on some), each planned by both trees
(``PYTHONPATH`` = the tree), the sha256 of ``plan.to_json()`` compared; prints the number
that differ and each tree's CPU seconds; for plans that differ, whether tree B's is worse or
better by (drums unplaced, cost, containers, their volume).

Usage::

    python benchmarks/compare_plans.py N START TREE_A TREE_B

e.g. ``python benchmarks/compare_plans.py 120 400 /path/to/main /path/to/branch``
(a tree is a checkout or ``git archive`` of the project).
"""
import hashlib, json, os, subprocess, sys
if len(sys.argv) != 5:
    sys.exit(__doc__)
N, START = int(sys.argv[1]), int(sys.argv[2])
A, B = (os.path.abspath(t) for t in sys.argv[3:5])
WORKER = r'''
import hashlib, json, sys, time
import numpy as np
import loadplan as lp
assert lp.__file__.startswith(sys.argv[1]), lp.__file__
SIZES = [(180, 240, 3.0), (240, 320, 5.0), (320, 400, 8.0), (400, 550, 14.0), (450, 600, 22.0),
         (585, 880, 60.0), (300, 300, 6.0), (500, 700, 35.0), (650, 900, 80.0), (220, 500, 7.0)]
out = []
for seed in range(int(sys.argv[2]), int(sys.argv[3])):
    rng = np.random.default_rng(10_000 + seed)
    k = int(rng.integers(1, 7))
    drums = []
    for j in range(k):
        if rng.random() < 0.6:
            d, h, w = SIZES[int(rng.integers(len(SIZES)))]
        else:
            d, h, w = int(rng.integers(150, 900)), int(rng.integers(200, 1100)), float(rng.integers(1, 90))
        orient = [("z", "x", "y"), ("z",), ("z", "x"), ("x", "y")][int(rng.choice(4, p=[.6, .2, .15, .05]))]
        ml = int(rng.integers(1, 5)) if rng.random() < 0.15 else None
        mload = float(rng.integers(50, 400)) if rng.random() < 0.1 else None
        dest = ["A", "B"][int(rng.integers(2))] if rng.random() < 0.2 else None
        drums.append(lp.Drum(f"S{j}", float(d), float(h), weight=w, quantity=int(rng.integers(5, 500)),
                             destination=dest, orientations=orient, max_layers=ml, max_load=mload))
    conts = [None, ("40GP",), ("20GP",), ("40HC", "40GP")][int(rng.integers(4))]
    kw = {} if conts is None else {"containers": conts}
    if rng.random() < 0.1:
        kw["heavy_on_light"] = True
    t = time.process_time()
    try:
        p = lp.plan(drums, **kw)
        h = hashlib.sha256(p.to_json().encode()).hexdigest()[:16]
        # what a plan is judged by: drums unplaced, cost, containers, their volume (m3)
        score = [p.unplaced_count, p.cost or 0, len(p.loads),
                 round(sum(l.container.volume for l in p.loads) / 1e9, 3)]
    except Exception as e:
        h = "ERR " + type(e).__name__ + ": " + str(e)[:80]
        score = None
    out.append([seed, h, round(time.process_time() - t, 3), score])
    print(json.dumps(out[-1]), flush=True)
'''
def run(tree):
    env = dict(os.environ, PYTHONPATH=tree)
    return subprocess.Popen(["nice", sys.executable, "-c", WORKER, tree, str(START), str(START + N)],
                            env=env, cwd=tree, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
pa, pb = run(A), run(B)
oa, ea = pa.communicate(); ob, eb = pb.communicate()
ra = [json.loads(l) for l in oa.splitlines() if l.startswith("[")]
rb = [json.loads(l) for l in ob.splitlines() if l.startswith("[")]
assert len(ra) == len(rb) == N, (len(ra), len(rb), ea[-1500:], eb[-1500:])
diff = [(x, y) for x, y in zip(ra, rb) if x[1] != y[1]]
ta = sum(x[2] for x in ra); tb = sum(y[2] for y in rb)
nerr = sum(1 for x in ra if x[1].startswith("ERR"))
print(f"{N} orders (seeds {START}..{START+N-1}): {len(diff)} differ, {nerr} errors in A; cpu {A} {ta:.1f}s, {B} {tb:.1f}s")
worse = [(x, y) for x, y in diff if x[3] is not None and (y[3] is None or y[3] > x[3])]
better = [(x, y) for x, y in diff if y[3] is not None and (x[3] is None or y[3] < x[3])]
print(f"of those, B worse (unplaced, cost, containers, volume) on {len(worse)}, better on {len(better)}, "
      f"as good on {len(diff) - len(worse) - len(better)}")
for x, y in diff[:20]:
    print("DIFF", x, y)
for x, y in worse:
    print("WORSE", x, y)
