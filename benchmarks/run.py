"""Side-by-side benchmark of loadplan against its peers, in one run.

Usage::

    python benchmarks/run.py [--quick] [--json OUT] [--only SECTION ...]

Prints the tables a person reads and, with ``--json``, writes every figure:
``peers`` (rows ``{case, ours_count, ours_ms, peer, peer_count, peer_ms}``),
``hot_loop_speedup`` (median ratio), ``scaling``, ``cold_start`` and more.
Sections: circles, fills, hotloop, plan, coldstart.

Performance is a ratio measured side by side in the same run, because the
machines are shared and noisy. Peer solvers are installed from PyPI into
private venvs under ``~/.cache/loadplan-bench`` (``LOADPLAN_BENCH_CACHE``) the
first time; a peer that cannot be installed is skipped with a line saying so.
``--quick`` (a few cases, PackingSolver at 1 s) finishes in a few minutes on
2 cores; the full run (all cases, PackingSolver at 10 s) takes about 20 minutes.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BENCH_DIR,
    CACHE_DIR,
    REPO_DIR,
    case_id,
    clear_caches,
    load_circles,
    load_fills,
    machine_info,
    public,
    scaled_order,
    time_call,
)
from peers.families import best_single_family, check_layout  # noqa: E402
from peers.venvs import ensure_venv  # noqa: E402

# The kernel that dominates pack_circles' time (cProfile with the JIT off:
# ``python benchmarks/hotloop.py profile``): the overlap-energy optimisation that
# tries n + 1 circles. Falls back to the whole circle engine if it is absent.
HOT_KERNELS = [k for k in os.environ.get("LOADPLAN_BENCH_KERNEL", "").split(",") if k] or [
    "loadplan.kernels.relax:add_one_circle",
    "loadplan.kernels.circles:best_packing",
]

QUICK_CIRCLES = [
    "20GP_floor/d865",
    "20GP_floor/d300",
    "40GP_floor/d450",
    "45HC_floor/d255",
    "45HC_floor/d885",
    "40GP_xsec/d240",
    "40GP_xsec/d550",
    "40HC_xsec/d655",
]
QUICK_PS = ["20GP_floor/d865", "20GP_floor/d300", "45HC_floor/d885", "40GP_xsec/d550"]
QUICK_FILLS = ["40GP/d1040xh920", "40GP/d890xh1170", "20GP/d285xh1130", "45HC/d570xh550", "40HC/d165xh600"]
PS_TIME_LIMIT: float | None = None  # --ps-time-limit; default 1 s quick, 10 s full

HOT_CASES = ["20GP_floor/d865", "40GP_xsec/d550", "45HC_floor/d885", "20GP_floor/d590"]


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def _p(msg: str = "") -> None:
    print(msg, flush=True)


def _table(rows: list[dict[str, Any]], cols: list[tuple[str, str, str]]) -> None:
    """Print ``rows`` with columns ``(key, header, format)``."""
    cells = [[h for _, h, _ in cols]]
    for r in rows:
        line = []
        for k, _, f in cols:
            v = r.get(k)
            line.append("-" if v is None else (format(v, f) if f else str(v)))
        cells.append(line)
    widths = [max(len(c[i]) for c in cells) for i in range(len(cols))]
    for n, c in enumerate(cells):
        _p("  " + "  ".join(s.rjust(w) if n and i else s.ljust(w) for i, (s, w) in enumerate(zip(c, widths))))
        if n == 0:
            _p("  " + "  ".join("-" * w for w in widths))


# ----------------------------------------------------------------------------- circles


def bench_circles(quick: bool, out: dict[str, Any]) -> None:
    import loadplan as lp

    cases = load_circles()
    if quick:
        cases = [c for c in cases if case_id(c) in QUICK_CIRCLES]
    ps_cases = {case_id(c) for c in cases} if not quick else set(QUICK_PS)
    ps_limit = PS_TIME_LIMIT or (1.0 if quick else 10.0)
    ps_py, msg = ensure_venv(CACHE_DIR, "ps312", "packingsolver", "packingsolver", minimum=(3, 12))
    _p(f"  peer {msg}")
    if ps_py is None:
        out["skipped"].append(msg)
    out["packingsolver_time_limit_s"] = ps_limit

    rows = []
    first = True
    for c in cases:
        L, W, d = c["length"], c["width"], c["diameter"]
        cid = case_id(c)
        t0 = time.perf_counter()
        lp.pack_circles(L, W, d)
        first_ms = (time.perf_counter() - t0) * 1e3
        ms, pts = time_call(lambda: lp.pack_circles(L, W, d), warmup=0, repeat=3 if quick else 11, budget_s=2.0)
        row: dict[str, Any] = {
            "case": cid,
            "ours_count": int(len(pts)),
            "ours_ms": ms,
            "ours_valid": bool(check_layout(pts, L, W, d)),
            "bound": int(lp.circle_bound(L, W, d)),
            "target": c["target"],
            "ref_ps_10s": c["packingsolver_10s"],
        }
        if first:
            row["ours_first_call_ms"] = first_ms  # includes compiling / loading the cache
            first = False
        t0 = time.perf_counter()
        fam_n, fam_name, _ = best_single_family(L, W, d)
        row["family_count"], row["family"], row["family_ms"] = fam_n, fam_name, (time.perf_counter() - t0) * 1e3
        out["peers"].append({"case": cid, "ours_count": row["ours_count"], "ours_ms": ms, "peer": "single-family", "peer_count": fam_n, "peer_ms": row["family_ms"], "peer_detail": fam_name})
        if ps_py is not None and cid in ps_cases:
            try:
                p = subprocess.run(
                    [str(ps_py), str(BENCH_DIR / "peers" / "ps_circles.py"), str(L), str(W), str(d), str(ps_limit)],
                    capture_output=True, text=True, timeout=ps_limit * 5 + 60,
                )
                res = json.loads(p.stdout.strip().splitlines()[-1])
                ok = (res["min_gap_mm"] is None or res["min_gap_mm"] > -1e-3) and res["max_out_mm"] < 1e-3
                row.update(ps_count=res["count"], ps_ms=res["ms"], ps_best_ms=res.get("best_found_ms"), ps_valid=ok)
                out["peers"].append({
                    "case": cid, "ours_count": row["ours_count"], "ours_ms": ms,
                    "peer": f"packingsolver-irregular {ps_limit:g}s", "peer_count": res["count"], "peer_ms": res["ms"],
                    "peer_best_found_ms": res.get("best_found_ms"), "peer_valid": ok, "peer_version": res.get("version"),
                })
            except Exception as exc:  # a peer failure never stops the run
                row["ps_error"] = f"{type(exc).__name__}: {exc}"[:200]
        rows.append(row)
        _p(f"    {cid:18s} ours {row['ours_count']:4d} in {ms:8.2f} ms   family {fam_n:4d}   PS {row.get('ps_count', '-')!s:>4}   target {c['target']}")
    out["circles"] = rows
    _p()
    _table(rows, [("case", "case", ""), ("ours_count", "ours", "d"), ("ours_ms", "ours ms", ".2f"), ("ps_count", "PS", ""),
                  ("ps_ms", "PS ms", ".0f"), ("ps_best_ms", "PS best at", ".0f"), ("family_count", "family", "d"), ("target", "target", "d"), ("bound", "bound", "d"),
                  ("ours_valid", "valid", "")])
    with_ps = [r for r in rows if "ps_count" in r]
    summ: dict[str, Any] = {
        "cases": len(rows),
        "reach_target": sum(r["ours_count"] >= r["target"] for r in rows),
        "beat_family": sum(r["ours_count"] > r["family_count"] for r in rows),
        "below_family": sum(r["ours_count"] < r["family_count"] for r in rows),
        "median_ours_ms": statistics.median(r["ours_ms"] for r in rows),
        "max_ours_ms": max(r["ours_ms"] for r in rows),
        "all_valid": all(r["ours_valid"] for r in rows),
    }
    if with_ps:
        summ.update(
            ps_cases=len(with_ps),
            beat_ps=sum(r["ours_count"] > r["ps_count"] for r in with_ps),
            tie_ps=sum(r["ours_count"] == r["ps_count"] for r in with_ps),
            below_ps=sum(r["ours_count"] < r["ps_count"] for r in with_ps),
            median_ps_over_ours_time=statistics.median(r["ps_ms"] / r["ours_ms"] for r in with_ps),
        )
        best = [r["ps_best_ms"] / r["ours_ms"] for r in with_ps if r.get("ps_best_ms")]
        if best:
            summ["median_ps_time_to_best_over_ours_time"] = statistics.median(best)
    out["circles_summary"] = summ
    _p(f"\n  summary: {json.dumps(summ)}")


# ----------------------------------------------------------------------------- fills


def _payload_cap(container: Any, weight: float) -> int | None:
    if weight and weight > 0:
        return int(container.max_payload // weight)
    return None


def bench_fills(quick: bool, out: dict[str, Any]) -> None:
    import loadplan as lp

    if public("fill") is None:
        msg = "fills: skipped, lp.fill is not written yet"
        _p("  " + msg)
        out["skipped"].append(msg)
        return
    cases = load_fills()
    if quick:
        cases = [c for c in cases if case_id(c) in QUICK_FILLS]
    box_py, msg = ensure_venv(CACHE_DIR, "py3dbp", "py3dbp", "py3dbp", minimum=(3, 8))
    _p(f"  peer {msg}")
    if box_py is None:
        out["skipped"].append(msg)
    ps_py, msg = ensure_venv(CACHE_DIR, "ps312", "packingsolver", "packingsolver", minimum=(3, 12))
    _p(f"  peer {msg}")
    if ps_py is None:
        out["skipped"].append(msg)
    ps_limit = PS_TIME_LIMIT or (1.0 if quick else 10.0)
    out["packingsolver_box_time_limit_s"] = ps_limit
    box_limit = 130 if quick else 320  # py3dbp is cubic in the number of boxes
    rows = []
    for c in cases:
        cont = lp.CONTAINERS[c["container"]]
        cid = case_id(c)
        cap = _payload_cap(cont, c["weight"])
        capped = (lambda n: n if cap is None else min(n, cap))
        row: dict[str, Any] = {
            "case": cid,
            "payload_cap": cap,
            "ref_standing": capped(c["standing_ref"]),
            "ref_ps_box_standing": capped(c["ps_box_standing"]),
            "ref_ps_box_all": capped(c["ps_box_all"]),
        }
        for mode, axes in (("standing", ("z",)), ("all", ("z", "x", "y"))):
            drum = lp.Drum("B", c["diameter"], c["height"], weight=c["weight"], orientations=axes)
            try:
                # uncached: fill's memoised pieces cleared before each call (compiled kernels kept)
                ms, load = time_call(lambda: lp.fill(drum, cont), warmup=1, repeat=3 if quick else 9, budget_s=3.0, setup=clear_caches)
                row[f"ours_{mode}"], row[f"ours_{mode}_ms"] = int(load.count), ms
                row[f"ours_{mode}_cached_ms"] = time_call(lambda: lp.fill(drum, cont), warmup=1, repeat=5, budget_s=1.0)[0]
            except Exception as exc:
                row[f"ours_{mode}_error"] = f"{type(exc).__name__}: {exc}"[:200]
                continue
            if public("verify") is not None:
                try:
                    vms, viol = time_call(lambda: lp.verify(load), warmup=1, repeat=3, budget_s=1.0)
                    row[f"verify_{mode}_ms"], row[f"verify_{mode}_violations"] = vms, len(viol)
                except Exception as exc:
                    row[f"verify_{mode}_error"] = f"{type(exc).__name__}: {exc}"[:200]
            ref = row[f"ref_ps_box_{mode}"]
            out["peers"].append({"case": cid + f"/{mode}", "ours_count": row[f"ours_{mode}"], "ours_ms": ms,
                                 "peer": "packingsolver-box 10s (reference file)", "peer_count": ref,
                                 "peer_ms": c[f"ps_box_{mode}_s"] * 1e3})
            vol_bound = int(cont.length * cont.width * cont.height // (c["diameter"] ** 2 * c["height"]))
            copies = capped(vol_bound)
            if ps_py is not None:
                try:
                    p = subprocess.run(
                        [str(ps_py), str(BENCH_DIR / "peers" / "ps_box.py"), *(str(v) for v in (
                            cont.length, cont.width, cont.height, c["diameter"], c["height"], c["weight"], cont.max_payload)),
                         mode, str(copies), str(ps_limit)],
                        capture_output=True, text=True, timeout=ps_limit * 5 + 120,
                    )
                    res = json.loads(p.stdout.strip().splitlines()[-1])
                    row[f"psbox_{mode}"], row[f"psbox_{mode}_raw"], row[f"psbox_{mode}_ms"] = res["count"], res["raw"], res["ms"]
                    out["peers"].append({"case": cid + f"/{mode}", "ours_count": row[f"ours_{mode}"], "ours_ms": ms,
                                         "peer": f"packingsolver-box {ps_limit:g}s", "peer_count": res["count"], "peer_ms": res["ms"],
                                         "peer_raw": res["raw"], "peer_best_found_ms": res.get("best_found_ms")})
                except Exception as exc:
                    row[f"psbox_{mode}_error"] = f"{type(exc).__name__}: {exc}"[:200]
            if box_py is not None and copies <= box_limit:
                try:
                    p = subprocess.run(
                        [str(box_py), str(BENCH_DIR / "peers" / "box_py3dbp.py"), *(str(v) for v in (
                            cont.length, cont.width, cont.height, c["diameter"], c["height"], c["weight"], cont.max_payload)),
                         mode, str(copies)],
                        capture_output=True, text=True, timeout=600,
                    )
                    res = json.loads(p.stdout.strip().splitlines()[-1])
                    row[f"py3dbp_{mode}"], row[f"py3dbp_{mode}_raw"], row[f"py3dbp_{mode}_ms"] = res["count"], res["raw"], res["ms"]
                    out["peers"].append({"case": cid + f"/{mode}", "ours_count": row[f"ours_{mode}"], "ours_ms": ms,
                                         "peer": "py3dbp", "peer_count": res["count"], "peer_ms": res["ms"], "peer_raw": res["raw"]})
                except Exception as exc:
                    row[f"py3dbp_{mode}_error"] = f"{type(exc).__name__}: {exc}"[:200]
        rows.append(row)
        _p(f"    {cid:22s} standing {row.get('ours_standing', '-')!s:>5} (PS box {row.get('psbox_standing', '-')}, ref {row['ref_ps_box_standing']}, "
           f"py3dbp {row.get('py3dbp_standing', '-')})   all {row.get('ours_all', '-')!s:>5} (PS box {row.get('psbox_all', '-')}, "
           f"ref {row['ref_ps_box_all']}, py3dbp {row.get('py3dbp_all', '-')})")
    out["fills"] = rows
    _p()
    _table(rows, [("case", "case", ""), ("ours_standing", "ours z", ""), ("ours_standing_ms", "ms", ".1f"), ("ref_standing", "family z", ""),
                  ("psbox_standing", "PS box z", ""), ("ref_ps_box_standing", "ref", ""), ("py3dbp_standing", "py3dbp z", ""),
                  ("ours_all", "ours all", ""), ("ours_all_ms", "ms", ".1f"), ("psbox_all", "PS box all", ""), ("ref_ps_box_all", "ref", ""),
                  ("py3dbp_all", "py3dbp all", ""),
                  ("verify_all_violations", "viol", "")])
    done = [r for r in rows if "ours_standing" in r]
    if done:
        summ = {
            "cases": len(done),
            "standing_vs_ps_box_gain_pct_median": statistics.median(100 * (r["ours_standing"] / r["ref_ps_box_standing"] - 1) for r in done),
            "standing_vs_ps_box_gain_pct_min": min(100 * (r["ours_standing"] / r["ref_ps_box_standing"] - 1) for r in done),
            "median_fill_ms_standing": statistics.median(r["ours_standing_ms"] for r in done),
        }
        free = [r for r in done if r["payload_cap"] is None or r["ref_ps_box_standing"] < r["payload_cap"]]
        if free:  # cases where the payload cap does not already bind the box planner
            summ["standing_vs_ps_box_gain_pct_median_not_payload_bound"] = statistics.median(
                100 * (r["ours_standing"] / r["ref_ps_box_standing"] - 1) for r in free)
            summ["cases_not_payload_bound"] = len(free)
        allr = [r for r in rows if "ours_all" in r]
        if allr:
            summ["all_vs_ps_box_gain_pct_median"] = statistics.median(100 * (r["ours_all"] / r["ref_ps_box_all"] - 1) for r in allr)
            summ["median_fill_ms_all"] = statistics.median(r["ours_all_ms"] for r in allr)
        b = [r for r in done if r.get("psbox_standing", 0) > 0]  # a peer that found nothing in its time is left out
        if b:
            summ["standing_vs_live_ps_box_gain_pct_median"] = statistics.median(100 * (r["ours_standing"] / r["psbox_standing"] - 1) for r in b)
            summ["standing_vs_live_ps_box_gain_pct_min"] = min(100 * (r["ours_standing"] / r["psbox_standing"] - 1) for r in b)
            summ["ps_box_over_ours_time_median_standing"] = statistics.median(r["psbox_standing_ms"] / r["ours_standing_ms"] for r in b)
        b = [r for r in allr if r.get("psbox_all", 0) > 0]
        if b:
            summ["all_vs_live_ps_box_gain_pct_median"] = statistics.median(100 * (r["ours_all"] / r["psbox_all"] - 1) for r in b)
            summ["all_vs_live_ps_box_gain_pct_min"] = min(100 * (r["ours_all"] / r["psbox_all"] - 1) for r in b)
        zero = [r["case"] + "/" + m for r in rows for m in ("standing", "all") if r.get(f"psbox_{m}") == 0]
        if zero:
            summ["ps_box_found_nothing_in_time"] = ", ".join(zero)
        b = [r for r in done if r.get("py3dbp_standing", 0) > 0]
        if b:
            summ["standing_vs_py3dbp_gain_pct_median"] = statistics.median(100 * (r["ours_standing"] / r["py3dbp_standing"] - 1) for r in b)
            summ["py3dbp_over_ours_time_median"] = statistics.median(r["py3dbp_standing_ms"] / r["ours_standing_ms"] for r in b)
        out["fills_summary"] = summ
        _p(f"\n  summary: {json.dumps(summ)}")


# ----------------------------------------------------------------------------- hot loop


def bench_hotloop(quick: bool, out: dict[str, Any]) -> None:
    from hotloop import hot_loop_speedup

    cases = [c for c in load_circles() if case_id(c) in HOT_CASES]
    if quick:
        cases = cases[:2]
    res: dict[str, Any] = {}
    for kernel in HOT_KERNELS:
        mod = kernel.partition(":")[0]
        if not _has(mod):
            continue
        res = hot_loop_speedup(kernel, cases, max_calls=1, repeat=1 if quick else 3, py_budget_s=30.0, timeout_s=900.0)
        if "error" not in res:
            break
        _p(f"  {kernel}: {res['error']}")
    out["hot_loop"] = res
    if not res or "error" in res:
        msg = f"hot loop: no kernel could be measured ({res.get('error', 'none found')})"
        _p("  " + msg)
        out["skipped"].append(msg)
        return
    out["hot_loop_speedup"] = res["median"]
    _p(f"  kernel {res['kernel']}")
    _table(res["rows"], [("input", "input", ""), ("numba_ms", "numba ms", ".3f"), ("python_ms", "python ms", ".1f"),
                         ("speedup", "speedup", ".0f"), ("py_func_ms", "py_func ms", ".1f")])
    _p(f"\n  hot_loop_speedup (median) = {res['median']:.0f}x")


# ----------------------------------------------------------------------------- plan scaling


def bench_plan(quick: bool, out: dict[str, Any]) -> None:
    import loadplan as lp

    if public("plan") is None or public("fill") is None:
        msg = "plan/scaling: skipped, lp.plan / lp.fill is not written yet"
        _p("  " + msg)
        out["skipped"].append(msg)
        return
    from _common import load_order_rows

    rows = load_order_rows()
    blitar = scaled_order(sum(int(r["quantity"]) for r in rows), rows)
    ms, plan = time_call(lambda: lp.plan(blitar), warmup=1, repeat=3 if quick else 9, budget_s=5.0, setup=clear_caches)
    cached_ms = time_call(lambda: lp.plan(blitar), warmup=1, repeat=5, budget_s=2.0)[0]
    b = {"drums": sum(d.quantity for d in blitar), "ms": ms, "cached_ms": cached_ms, "containers": len(plan.loads),
         "placed": plan.placed_count, "unplaced": plan.unplaced_count}
    if public("verify") is not None:
        vms, viol = time_call(lambda: lp.verify(plan), warmup=1, repeat=3, budget_s=3.0)
        b["verify_ms"], b["violations"] = vms, len(viol)
    out["blitar"] = b
    _p(f"  Blitar order: {b}")
    scal = []
    for n in (1_000, 10_000, 100_000):
        drums = scaled_order(n, rows)
        ms, plan = time_call(lambda: lp.plan(drums), warmup=0, repeat=1 if n >= 100_000 else 3, budget_s=5.0, setup=clear_caches)
        cached_ms = time_call(lambda: lp.plan(drums), warmup=0, repeat=1 if n >= 100_000 else 3, budget_s=5.0)[0]
        r = {"drums": sum(d.quantity for d in drums), "ms": ms, "cached_ms": cached_ms, "containers": len(plan.loads),
             "placed": plan.placed_count, "unplaced": plan.unplaced_count}
        r["us_per_drum"] = 1e3 * ms / r["drums"]
        scal.append(r)
        _p(f"    {r['drums']:7d} drums: {ms:9.1f} ms  ({r['us_per_drum']:.1f} us/drum, {r['containers']} containers; "
           f"{cached_ms:.1f} ms with the planner's caches warm)")
    out["scaling"] = scal
    if len(scal) >= 2 and scal[0]["ms"] > 0:
        out["scaling_ratio_100x_drums"] = scal[-1]["ms"] / scal[0]["ms"]


# ----------------------------------------------------------------------------- cold start


def _cli_cmd() -> list[str]:
    exe = shutil.which("loadplan")
    if exe and Path(exe).resolve().parent == Path(sys.executable).resolve().parent:
        return [exe]
    return [sys.executable, "-c", "import sys; from loadplan.cli import main; sys.exit(main())"]


COLDSTART_BASELINE: str | None = None


def bench_coldstart(quick: bool, out: dict[str, Any]) -> None:
    if not _has("loadplan.cli"):
        msg = "cold start: skipped, loadplan.cli is not written yet"
        _p("  " + msg)
        out["skipped"].append(msg)
        return
    cmd = _cli_cmd() + ["fit", "--diameter", "585", "--height", "880"]
    res: dict[str, Any] = {"command": "loadplan fit --diameter 585 --height 880"}
    with tempfile.TemporaryDirectory(prefix="loadplan-numba-cache-") as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache, LOADPLAN_NUMBA_CACHE="1")

        def once(args: list[str], debug: bool = False) -> tuple[float, int, str, int]:
            """Wall ms, exit code, output, and how many kernels Numba compiled and saved."""
            e = dict(env, NUMBA_DEBUG_CACHE="1") if debug else env
            t0 = time.perf_counter()
            p = subprocess.run(args, env=e, capture_output=True, text=True, timeout=900)
            ms = (time.perf_counter() - t0) * 1e3
            lines = (p.stdout + "\n" + p.stderr).splitlines()
            saved = sum("[cache] data saved" in ln for ln in lines)
            text = "\n".join(ln for ln in lines if not ln.startswith("[cache]") and ln.strip())
            return ms, p.returncode, text, saved

        cold_ms, rc, text, saved = once(cmd, debug=True)
        res.update(cold_ms=cold_ms, cold_exit=rc, cold_kernels_compiled=saved, output=text.splitlines()[:3])
        warm = [once(cmd, debug=True) for _ in range(3 if quick else 5)]
        res["warm_ms"] = statistics.median(w[0] for w in warm)
        res["warm_runs_ms"] = [w[0] for w in warm]
        res["warm_kernels_compiled"] = [w[3] for w in warm]  # > 0 means a cache miss (e.g. a source file changed)
        res["warm_exit"] = warm[-1][1]
        hlp = [once(_cli_cmd() + ["--help"])[0] for _ in range(3)]
        res["help_ms"] = statistics.median(hlp)
        py = [once([sys.executable, "-c", "pass"])[0] for _ in range(3)]
        res["bare_python_ms"] = statistics.median(py)
    out["cold_start"] = res
    if COLDSTART_BASELINE:
        import coldstart

        summary = coldstart.summarise(coldstart.measure(
            {"baseline": Path(COLDSTART_BASELINE).resolve(), "new": REPO_DIR}, 1 if quick else 3, cli=True))
        out["cold_start_side_by_side"] = {"baseline": COLDSTART_BASELINE, "summary": summary,
                                          "table": coldstart.table(summary)}
        _p("\n".join("  " + line for line in coldstart.table(summary)))
    if res["cold_exit"] != 0:
        _p("  the command failed: " + " | ".join(res["output"]))
    _p(f"  {res['command']}: cold cache {res['cold_ms']:.0f} ms (exit {res['cold_exit']}, {res['cold_kernels_compiled']} kernels compiled), "
       f"warm cache {res['warm_ms']:.0f} ms (exit {res['warm_exit']}; runs {', '.join(f'{w:.0f}' for w in res['warm_runs_ms'])} ms, "
       f"kernels compiled {res['warm_kernels_compiled']}); `loadplan --help` {res['help_ms']:.0f} ms; "
       f"bare `python -c pass` {res['bare_python_ms']:.0f} ms")


# ----------------------------------------------------------------------------- main

SECTIONS = {
    "circles": ("Equal circles in a rectangle: ours vs PackingSolver vs best single family", bench_circles),
    "fills": ("One drum type filling a container: ours vs box planners (drums as bounding boxes)", bench_fills),
    "hotloop": ("Hot loop: the Numba kernel vs the same source as plain Python", bench_hotloop),
    "plan": ("Plan: the Blitar order and scaling with the number of drums", bench_plan),
    "coldstart": ("Cold start: the CLI as a new process, cold and warm Numba cache", bench_coldstart),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a few cases, PackingSolver at 1 s (a few minutes)")
    ap.add_argument("--json", metavar="OUT", help="write all figures to this JSON file")
    ap.add_argument("--only", nargs="+", choices=sorted(SECTIONS), help="run only these sections")
    ap.add_argument("--update-results", action="store_true",
                    help="rewrite the tables in benchmarks/RESULTS.md (between its results markers) with this run")
    ap.add_argument("--ps-time-limit", type=float, metavar="S", help="PackingSolver's time limit per case (default 1 quick, 10 full)")
    ap.add_argument("--coldstart-baseline", metavar="DIR", default=None,
                    help="coldstart section: also run benchmarks/coldstart.py side by side with this checkout")
    args = ap.parse_args(argv)
    global PS_TIME_LIMIT, COLDSTART_BASELINE
    PS_TIME_LIMIT = args.ps_time_limit
    COLDSTART_BASELINE = args.coldstart_baseline

    t_start = time.perf_counter()
    out: dict[str, Any] = {"mode": "quick" if args.quick else "full", "machine": machine_info(), "peers": [], "skipped": [],
                           "started_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())}
    m = out["machine"]
    _p(f"loadplan benchmarks ({out['mode']}) on {m.get('cpu_model_name', '?')}, {m.get('nproc')} CPUs, "
       f"Python {m['python']}, numba {m.get('numba')}, numpy {m.get('numpy')}, load average {m.get('loadavg')}")
    for key, (title, fn) in SECTIONS.items():
        if args.only and key not in args.only:
            continue
        _p(f"\n== {title}")
        t0 = time.perf_counter()
        try:
            fn(args.quick, out)
        except Exception as exc:
            msg = f"{key}: failed: {type(exc).__name__}: {exc}"
            _p("  " + msg)
            _p("".join(traceback.format_exception(exc))[-1500:])
            out["skipped"].append(msg)
        out.setdefault("section_s", {})[key] = time.perf_counter() - t0
    out["total_s"] = time.perf_counter() - t_start
    out["machine"]["loadavg_end"] = machine_info().get("loadavg")
    if out["skipped"]:
        _p("\nskipped / failed:")
        for s in out["skipped"]:
            _p("  - " + s)
    _p(f"\ntotal {out['total_s']:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, default=str) + "\n", encoding="utf-8")
        _p(f"wrote {args.json}")
    if args.update_results:
        _update_results(out)
    return 0


def _update_results(out: dict[str, Any]) -> None:
    from results_md import render

    path = BENCH_DIR / "RESULTS.md"
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmark results\n\n{start}\n{end}\n"
    if start not in text or end not in text:
        text += f"\n{start}\n{end}\n"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    path.write_text(f"{head}{start}\n{render(out)}{end}{tail}", encoding="utf-8")
    _p(f"updated {path}")


if __name__ == "__main__":
    sys.exit(main())
