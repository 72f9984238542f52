"""Hash every pack_circles and fill result over the reference files (plus a few extra sizes).

Run before and after a change to the engine: equal hashes mean equal results.

    python benchmarks/result_hashes.py [tests/data]
"""
import hashlib
import json
import sys
from pathlib import Path
import numpy as np
import loadplan as lp
data = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "tests" / "data"
h_c = hashlib.sha256()
cases = [json.loads(l) for l in (data / "circles.jsonl").read_text().splitlines() if l.strip()]
extra = [(5896, 2350, d) for d in (150, 333.3, 585, 611, 777, 1000, 2000)] + [(12032, 2350, 95), (2392, 2350, 480.5)]
for L, W, d in [(c["length"], c["width"], c["diameter"]) for c in cases] + extra:
    a = np.ascontiguousarray(lp.pack_circles(L, W, d), dtype=np.float64)
    h_c.update(f"{L},{W},{d},{a.shape}".encode()); h_c.update(a.tobytes())
h_f = hashlib.sha256()
fills = [json.loads(l) for l in (data / "fills.jsonl").read_text().splitlines() if l.strip()]
rows = [(f["container"], f["diameter"], f["height"], f["weight"]) for f in fills]
rows += [("20GP", 585, 880, 10.0), ("40HC", 410, 600, 8.0), ("40GP", 300, 450, 5.0)]
for cont, d, h, w in rows:
    for axes in (("z",), ("z", "x", "y")):
        load = lp.fill(lp.Drum("A", d, h, weight=w, orientations=axes), cont)
        p = load.placements
        h_f.update(f"{cont},{d},{h},{w},{axes},{load.count},{load.upper_bound}".encode())
        for f in ("x", "y", "z", "axis", "step"):
            h_f.update(np.ascontiguousarray(p[f]).tobytes())
print(json.dumps({"circles": h_c.hexdigest()[:16], "fills": h_f.hexdigest()[:16], "n_circles": len(cases) + len(extra), "n_fills": 2 * len(rows)}))
