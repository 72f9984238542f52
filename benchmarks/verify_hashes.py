"""Hash the verifier's verdict (violations and notes) over fills and perturbed fills.

Run before and after a change to the verifier: equal hashes mean equal messages, in order.

    python benchmarks/verify_hashes.py
"""
import hashlib, json
import numpy as np
import loadplan as lp
from loadplan.verification import check
from loadplan.model import ContainerLoad, LoadPlan
h = hashlib.sha256()
rng = np.random.default_rng(7)
cases = [("20GP", 585, 880, 220.0, "zxy"), ("40HC", 410, 600, 8.0, "zxy"), ("20GP", 585, 880, 220.0, "z"),
         ("40GP", 300, 450, 5.0, "xy"), ("20GP", 1170, 1100, 500.0, "zxy"), ("20GP", 865, 900, 50.0, "zxy")]
n_lines = 0
for cont, d, hh, w, axes in cases:
    drum = lp.Drum("A", d, hh, weight=w, orientations=axes, max_layers=3, max_load=500)
    load = lp.fill(drum, cont)
    variants = [load]
    for t in range(4):
        p = np.array(load.placements)
        m = rng.random(p.shape[0]) < 0.08
        p["x"][m] += rng.normal(0, d / 3, m.sum())
        p["z"][m] += rng.normal(0, 5, m.sum()) * (t % 2)
        if t == 3:
            p["axis"][m] = "y"
            p["destination"][m] = "B"
        variants.append(ContainerLoad(load.container, p, load.upper_bound, (None, "B") if t == 3 else (None,), load.notes, load.boards))
    for v in variants:
        for drums in (None, [drum]):
            r = check(LoadPlan([v], [], drums=[lp.Drum("A", d, hh, weight=w, orientations=axes, quantity=v.count, max_layers=3, max_load=500)]) if drums else v, drums)
            h.update(json.dumps([r.violations, r.notes]).encode())
            n_lines += len(r.violations) + len(r.notes)
print(json.dumps({"verify": h.hexdigest()[:16], "lines": n_lines}))
