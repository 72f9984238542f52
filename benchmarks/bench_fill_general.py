"""fill with every axis allowed against its floor-plan competitor and PackingSolver's box solver.

Usage::

    python benchmarks/bench_fill_general.py [--cases 30] [--seed 15] [--ps SECONDS] [--no-ref] [--json OUT]

Cases: the reference fills (``tests/data/fills.jsonl``, weights as given, so
the payload may cap them), the Ø 1180 x 1060 drum in a 45HC, and ``--cases``
random drums (seeded; Ø 300-1300 mm, 250-1300 mm long, no weight) in a random
container. Per case: ``fill`` (all axes; median warm wall time and median CPU
time, caches cleared before every call), ``fill`` standing only (standing layers x best floor
pattern), the two-lane floor plan (:func:`loadplan.floorplan.floor_plan`),
``fill``'s upper bound (``bound``; ``old bd``: without the line-family bound of round 4,
i.e. ``block_upper_bound`` capped by the payload), and whether ``verify`` passes. With ``--ps SECONDS``
PackingSolver's box solver (all six rotations) runs on every case too, in its
own venv (``benchmarks/peers/ps_box.py``; about ``2 x SECONDS`` per case
with start-up; 30 s is the issue's setting): ``ps_all`` is its supported
count. Without it only loadplan's side runs, the reference cases show the
file's 10 s PackingSolver figures, and every case the stored 30 s run of
2026-12-01 (``data/ps_box_30s.jsonl``, supported and raw, the round-2 table of
RESULTS.md) as ``PS30``. ``tiers`` is the two-lane plan with heads and layer
boards (:func:`loadplan.floorplan.tier_plan`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from _common import CACHE_DIR, clear_caches, load_fills, time_call  # noqa: E402

CONTAINERS = ("20GP", "40GP", "40HC", "45HC")


def cases(n: int, seed: int, ref: bool = True) -> list[dict]:
    """The reference fills (unless ``ref`` is False), the 45HC interlock case and ``n`` random drums."""
    out = [dict(r, name=f"ref {r['container']} {r['diameter']}x{r['height']}") for r in load_fills()]
    if not ref:
        out = []
    out.append({"name": "45HC 1180x1060", "container": "45HC", "diameter": 1180, "height": 1060,
                "weight": 0.0, "ps_box_all": 48})
    rng = np.random.default_rng(seed)
    for i in range(n):
        d, h = int(rng.integers(300, 1301)), int(rng.integers(250, 1301))
        c = CONTAINERS[int(rng.integers(0, 4))]
        out.append({"name": f"rnd{i:02d} {c} {d}x{h}", "container": c, "diameter": d, "height": h,
                    "weight": 0.0})
    return out


def stored_ps30() -> dict[str, dict]:
    """The stored 30 s PackingSolver box counts by case name (``data/ps_box_30s.jsonl``)."""
    path = BENCH_DIR / "data" / "ps_box_30s.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {r["case"]: r for r in rows}


def ps_box(case: dict, seconds: float) -> dict:
    """PackingSolver's box solver, all rotations, on one case (its own venv)."""
    import loadplan as lp
    from peers.venvs import ensure_venv

    py, msg = ensure_venv(CACHE_DIR, "ps312", "packingsolver", "packingsolver", minimum=(3, 12))
    if py is None:
        return {"error": msg}
    c = lp.CONTAINERS[case["container"]]
    vol = int(c.length * c.width * c.height // (case["diameter"] ** 2 * case["height"]))
    p = subprocess.run([str(py), str(BENCH_DIR / "peers" / "ps_box.py"), *(str(v) for v in (
        c.length, c.width, c.height, case["diameter"], case["height"], case["weight"], c.max_payload)),
        "all", str(vol), str(seconds)], capture_output=True, text=True, timeout=seconds * 5 + 120)
    return json.loads(p.stdout.strip().splitlines()[-1])


def cpu_ms(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median CPU time (``time.process_time``) of ``fn()`` in ms, caches cleared before each
    call: on a shared, loaded machine this is close to what a quiet machine's wall time is."""
    times = []
    for _ in range(repeat):
        clear_caches()
        t0 = time.process_time()
        fn()
        times.append((time.process_time() - t0) * 1e3)
    return statistics.median(times)


def run_case(case: dict, ps_seconds: float | None) -> dict:
    """loadplan's figures for one case (and PackingSolver's with ``ps_seconds``)."""
    import loadplan as lp
    from loadplan.floorplan import floor_plan, tier_plan

    c = lp.CONTAINERS[case["container"]]
    d, h = float(case["diameter"]), float(case["height"])
    drum = lp.Drum("B", d, h, weight=float(case["weight"]))
    ms, load = time_call(lambda: lp.fill(drum, c), repeat=5, setup=clear_caches)
    cpu = cpu_ms(lambda: lp.fill(drum, c))
    standing = lp.fill(lp.Drum("B", d, h, weight=float(case["weight"]), orientations="z"), c)
    alt = floor_plan(d, h, float(c.length), float(c.width), float(c.height), "zxy", 0)
    tiers = tier_plan(d, h, float(c.length), float(c.width), float(c.height), "zxy", 0)
    cap = int(c.max_payload // case["weight"]) if case["weight"] > 0 else None
    row = {"case": case["name"], "fill_all": int(load.count), "fill_ms": round(ms, 2),
           "fill_cpu_ms": round(cpu, 2), "payload_cap": cap,
           "standing": int(standing.count), "floor_plan": None if alt is None else int(alt[0].shape[0]),
           "tier_plan": None if tiers is None else int(tiers[0].shape[0]),
           "boards": int(load.boards.shape[0]),
           "bound": int(load.upper_bound), "bound_volume": _old_bound(case, c, cap),
           "verify_ok": lp.verify(load) == [],
           "ps_all_ref": case.get("ps_box_all"), "ps30": case.get("ps30"),
           "ps30_raw": case.get("ps30_raw")}
    if ps_seconds:
        res = ps_box(case, ps_seconds)
        row["ps_all"] = res.get("count")
        row["ps_raw"] = res.get("raw")
        row["ps_error"] = res.get("error")
    return row


def _old_bound(case: dict, c: object, cap: int | None) -> int:
    """The bound before the line-family bound (round 4): ``block_upper_bound``, payload-capped."""
    from loadplan.filling import block_upper_bound

    ub = int(block_upper_bound(float(case["diameter"]), float(case["height"]), float(c.length),
                               float(c.width), float(c.height), "zxy"))
    return ub if cap is None else min(ub, cap)


def _cell(v: int | None) -> str:
    """A count right-aligned in 6 columns, ``-`` for none."""
    return f"{v if v is not None else '-':>6}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=30)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--ps", type=float, default=None, help="run PackingSolver's box solver, seconds per case")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--no-ref", action="store_true",
                    help="leave out the reference fills (their 10 s PackingSolver figures are in the file)")
    args = ap.parse_args()
    import loadplan as lp

    lp.fill(lp.Drum("B", 585, 880), "20GP")  # compile, not timed
    print(f"{'case':26s} {'fill':>6s} {'ms':>6s} {'cpu':>6s} {'stand':>6s} {'floor':>6s} {'tiers':>6s} "
          f"{'boards':>6s} {'PS ref':>6s} {'PS30':>6s} {'raw30':>6s} {'PS':>6s} {'PS raw':>6s} "
          f"{'bound':>6s} {'old bd':>6s} ok", flush=True)
    rows = []
    stored = stored_ps30()
    for case in cases(args.cases, args.seed, not args.no_ref):  # each row as it is done
        ps30 = stored.get(case["name"], {})
        case = dict(case, ps30=ps30.get("ps_box_30s"), ps30_raw=ps30.get("ps_box_30s_raw"))
        r = run_case(case, args.ps)
        rows.append(r)
        print(f"{r['case']:26s} {r['fill_all']:6d} {r['fill_ms']:6.1f} {r['fill_cpu_ms']:6.1f} {r['standing']:6d} "
              f"{_cell(r['floor_plan'])} {_cell(r['tier_plan'])} {r['boards']:6d} "
              f"{_cell(r['ps_all_ref'])} {_cell(r['ps30'])} {_cell(r['ps30_raw'])} {_cell(r.get('ps_all'))} "
              f"{_cell(r.get('ps_raw'))} {r['bound']:6d} {r['bound_volume']:6d} "
              f"{'yes' if r['verify_ok'] else 'NO'}", flush=True)

    def best_rival(r: dict) -> int:
        rival = max(r["standing"], r["floor_plan"] or 0, r["tier_plan"] or 0, r["ps_all_ref"] or 0,
                    r["ps30"] or 0, r.get("ps_all") or 0)
        return rival if r["payload_cap"] is None else min(rival, r["payload_cap"])

    below = [r["case"] for r in rows if r["fill_all"] < best_rival(r)]
    summary = {"cases": len(rows), "median_fill_ms": statistics.median(r["fill_ms"] for r in rows),
               "max_fill_ms": max(r["fill_ms"] for r in rows),
               "max_fill_cpu_ms": max(r["fill_cpu_ms"] for r in rows),
               "all_verified": all(r["verify_ok"] for r in rows), "below_a_competitor": below}
    for label, part in (("ref", [r for r in rows if r["case"].startswith("ref ")]),
                        ("other", [r for r in rows if not r["case"].startswith("ref ")])):
        if part:  # slack over the best known count, bound of round 4 and before it
            best = [max(r["fill_all"], best_rival(r)) for r in part]
            summary[f"median_slack_{label}"] = statistics.median(r["bound"] - b for r, b in zip(part, best))
            summary[f"median_slack_{label}_old"] = statistics.median(
                r["bound_volume"] - b for r, b in zip(part, best))
    print("summary:", json.dumps(summary))
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "summary": summary}, indent=1))


if __name__ == "__main__":
    main()
