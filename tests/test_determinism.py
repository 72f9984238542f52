"""The same order gives the same plan, byte for byte in JSON, across processes.

Two fresh interpreters with different ``PYTHONHASHSEED`` (string hashing, so
set and dict order of SKUs and destinations) and each with its own EMPTY
kernel cache (so each compiles the kernels it needs itself) plan the Blitar
order and a random mixed order; their plan JSON must equal each other's and
this process's (which runs with the suite's warm cache). The two children run
at the same time, so the test costs one cold compile of wall time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import loadplan as lp
from loadplan.io import read_order

ROOT = Path(__file__).resolve().parents[1]
BLITAR = ROOT / "examples" / "blitar_djembe.csv"

CHILD = """
import sys
from pathlib import Path
import loadplan as lp
from loadplan.io import read_order
out = Path(sys.argv[1])
for name in sys.argv[2:]:
    plan = lp.plan(read_order(name))
    (out / (Path(name).stem + ".plan.json")).write_bytes(plan.to_json().encode("utf-8"))
"""


def random_mixed_order(rng) -> dict:
    """A mixed order as order JSON: four lines, two destinations, sizes and axes drawn at random."""
    axes = ["zxy", "z", "zx", "xy"]
    drums = []
    for i in range(4):
        drums.append({"sku": f"M{i}", "diameter": float(rng.integers(250, 700)),
                      "height": float(rng.integers(300, 1000)), "weight": float(rng.integers(5, 120)),
                      "quantity": int(rng.integers(10, 150)), "destination": ["Surabaya", "Ningbo"][i % 2],
                      "orientations": axes[int(rng.integers(0, len(axes)))]})
    return {"drums": drums}


@pytest.mark.slow
def test_plan_json_is_the_same_in_fresh_processes_with_empty_caches(tmp_path, rng):
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps(random_mixed_order(rng)), encoding="utf-8")
    orders = [BLITAR, mixed]
    children = []
    for name, hash_seed in (("a", "1"), ("b", "4242")):
        folder = tmp_path / name
        (folder / "cache").mkdir(parents=True)
        env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(ROOT),
                   LOADPLAN_CACHE_DIR=str(folder / "cache"), NUMBA_CACHE_DIR=str(folder / "numba"))
        env.pop("LOADPLAN_NUMBA_CACHE", None)
        env.pop("NUMBA_DISABLE_JIT", None)
        children.append((folder, subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder)] + [str(o) for o in orders],
            env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    here = {o.stem: lp.plan(read_order(o)).to_json().encode("utf-8") for o in orders}
    for folder, proc in children:
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err
        # each child compiled its own kernels: its empty cache folder was filled
        assert any((folder / "cache").rglob("*.nbi")), sorted((folder / "cache").rglob("*"))
    for stem, want in here.items():
        a = (tmp_path / "a" / f"{stem}.plan.json").read_bytes()
        b = (tmp_path / "b" / f"{stem}.plan.json").read_bytes()
        assert a == b, f"{stem}: two fresh processes disagree"
        assert a == want, f"{stem}: a fresh process disagrees with this one"
    assert json.loads(here["blitar_djembe"])["loads"]  # the Blitar order was planned
    mixed_plan = lp.LoadPlan.from_json(here["mixed"].decode("utf-8"))
    assert {u.sku for u in mixed_plan.unplaced} | {str(s) for load in mixed_plan.loads
                                                    for s in load.placements["sku"]} \
        == {"M0", "M1", "M2", "M3"}
