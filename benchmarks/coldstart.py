"""Cold start: the first run of loadplan in a new process, with an empty Numba cache.

Runs, each as a new process (the code under test on ``PYTHONPATH``):

- ``plan cold``: the Blitar order (``loadplan.demo.demo_order``) through
  ``lp.plan`` (the library, which compiles lazily in one process) with
  ``NUMBA_CACHE_DIR`` pointed at a new empty folder, so every kernel compiles;
  with ``--events`` it also records Numba's compile events
  (``numba.core.event.install_recorder("numba:compile")``) and prints the top
  compile costs per kernel (self time: a kernel's own compilation, without the
  kernels it calls; total: with them);
- with ``--cli``: ``cli plan cold``, ``loadplan plan`` of the Blitar CSV from
  another empty cache: the command a new user runs (the CLI may compile
  kernel groups in parallel worker processes);
- ``plan warm``, ``fit warm`` (``loadplan fit --diameter 585 --height 880``),
  ``demo warm`` (``loadplan demo`` into a temporary folder): with the cache as
  the cold command-line run left it (the library's with ``--cli`` off).

With ``--baseline DIR`` every measurement runs for that checkout too,
alternating with the code under test in the same run (the machine may be
shared: alternating spreads the noise over both), each repeat with its own
empty cache. Reported: median wall time, and the CPU time (user + sys) of the
child process from ``resource.getrusage(RUSAGE_CHILDREN)``, which contention
affects less, plus the ratios new / baseline.

Usage::

    python benchmarks/coldstart.py [--baseline DIR] [--repeat N] [--events] [--cli] [--json OUT]
    python benchmarks/coldstart.py --groups   # CPU of each warm-up group alone (balancing)

``plan cold`` of the code under test compiles in two processes when a CPU is
idle (:mod:`loadplan.first_run`); each run says whether it did ("worker",
and how long the main process waited for the worker's kernels). Set
``LOADPLAN_PARALLEL_WARMUP=always`` (or ``0``) to force that either way.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

__all__ = ["run_case", "measure", "group_costs", "main", "PLAN_SCRIPT"]

REPO = Path(__file__).resolve().parents[1]

#: The Blitar plan in a new process; with argv[1] == "events", compile costs as JSON on stdout.
PLAN_SCRIPT = r"""
import json, sys, time
events = len(sys.argv) > 1 and sys.argv[1] == "events"
if events:
    from numba.core import event
    _cm = event.install_recorder("numba:compile")
    rec = _cm.__enter__()
t0 = time.perf_counter()
import loadplan as lp
from loadplan.demo import demo_order
plan = lp.plan(demo_order())
wall = time.perf_counter() - t0
out = {"wall": wall, "placed": plan.placed_count, "containers": len(plan.loads)}
try:  # whether the first run compiled half the engine in a worker process (loadplan.first_run)
    from loadplan import first_run
    out["worker"] = first_run.last_handoff is not None
    out["waited"] = first_run.last_handoff.waited if out["worker"] else 0.0
except ImportError:
    out["worker"] = None
if events:
    tot = {}; own = {}; cnt = {}; stack = []
    for ts, ev in rec.buffer:
        f = ev.data["dispatcher"].py_func
        name = f.__module__ + "." + f.__qualname__
        if ev.is_start:
            stack.append([name, ts, 0.0])
            continue
        n, t, child = stack.pop()
        dt = ts - t
        tot[n] = tot.get(n, 0.0) + dt
        own[n] = own.get(n, 0.0) + dt - child
        cnt[n] = cnt.get(n, 0) + 1
        if stack:
            stack[-1][2] += dt
    out["compilations"] = sum(cnt.values())
    out["kernels"] = sorted(([own[k], tot[k], cnt[k], k] for k in own), reverse=True)
print(json.dumps(out))
"""


def run_case(tree: Path, argv: list[str], cache: Path, cwd: Path | None = None) -> dict[str, Any]:
    """Run ``argv`` as a new process with ``tree`` on ``PYTHONPATH`` and the Numba cache in ``cache``.

    Returns ``{"wall": s, "cpu": s, "rc": int, "stdout": str, "stderr": str}``; ``cpu`` is the
    child's user + sys time (``RUSAGE_CHILDREN`` before and after).
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree)
    env["NUMBA_CACHE_DIR"] = str(cache)
    env.pop("LOADPLAN_NUMBA_CACHE", None)
    env.pop("NUMBA_DISABLE_JIT", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(argv, env=env, cwd=str(cwd or cache), capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rc": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}


def _cases(cli: bool, events: bool) -> list[tuple[str, list[str], str]]:
    """(name, argv, cache folder name) in the order they run within one repeat.

    ``plan cold`` (the library) gets an empty cache of its own; ``cli plan cold``
    (``loadplan plan``, the command a new user runs; with ``cli`` only) starts
    from another empty cache, which the warm cases then use: the cache as the
    first command-line run leaves it.
    """
    py = sys.executable
    plan = [py, "-c", PLAN_SCRIPT] + (["events"] if events else [])
    out = [("plan cold", plan, "cache-lib")]
    if cli:
        csv = str(REPO / "examples" / "blitar_djembe.csv")
        out.append(("cli plan cold", [py, "-m", "loadplan.cli", "plan", csv, "-o", "plan.json"], "cache"))
    warm = "cache" if cli else "cache-lib"
    out += [("plan warm", [py, "-c", PLAN_SCRIPT], warm),
            ("fit warm", [py, "-m", "loadplan.cli", "fit", "--diameter", "585", "--height", "880"], warm),
            ("demo warm", [py, "-m", "loadplan.cli", "demo", "--out", "demo-out"], warm)]
    return out


def measure(trees: dict[str, Path], repeat: int, cli: bool = False,
            events: bool = False) -> dict[str, Any]:
    """Every case for every tree, alternating trees within each repeat; raw runs per tree and case."""
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {t: defaultdict(list) for t in trees}
    with tempfile.TemporaryDirectory(prefix="loadplan-coldstart-") as tmp:
        for r in range(repeat):
            for label, tree in trees.items():
                work = Path(tmp) / f"{label}-{r}"
                work.mkdir()
                for name, argv, cache in _cases(cli, events and r == 0):
                    res = run_case(tree, argv, work / cache, cwd=work)
                    if res["rc"] != 0:
                        print(f"{label} {name}: exit {res['rc']}: {res['stderr'][-2000:]}", file=sys.stderr)
                    runs[label][name].append(res)
                    print(f"  [{r + 1}/{repeat}] {label:>8} {name:<14} {res['wall']:6.2f} s wall "
                          f"{res['cpu']:6.2f} s cpu (exit {res['rc']}){_worker_note(res)}",
                          file=sys.stderr, flush=True)
    return {t: dict(v) for t, v in runs.items()}


def _worker_note(res: dict[str, Any]) -> str:
    """", worker (waited N s)" when a library plan compiled half the engine in a worker."""
    try:
        out = json.loads(res["stdout"].strip().splitlines()[-1])
    except (ValueError, IndexError):
        return ""
    if not isinstance(out, dict) or "worker" not in out:
        return ""
    if out["worker"] is None:
        return ""
    return f", worker (main waited {out['waited']:.1f} s)" if out["worker"] else ", no worker"


def group_costs(tree: Path) -> dict[str, dict[str, float]]:
    """Wall and CPU seconds of ``python -m loadplan.warmup --group NAME`` for each warm-up group
    of ``tree``, each alone in an empty cache (what balancing the worker against the main
    process needs)."""
    code = "from loadplan.warmup import GROUPS; print(' '.join(GROUPS))"
    names = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, PYTHONPATH=str(tree)),
                           capture_output=True, text=True, check=True).stdout.split()
    out = {}
    with tempfile.TemporaryDirectory(prefix="loadplan-groups-") as tmp:
        for name in names:
            res = run_case(tree, [sys.executable, "-m", "loadplan.warmup", "--group", name],
                           Path(tmp) / name, cwd=Path(tmp))
            out[name] = {"wall": res["wall"], "cpu": res["cpu"]}
    return out


def summarise(runs: dict[str, Any]) -> dict[str, Any]:
    """Medians per tree and case, ratios to ``baseline`` if present, compile costs if recorded."""
    out: dict[str, Any] = {}
    for label, cases in runs.items():
        out[label] = {}
        for name, rs in cases.items():
            out[label][name] = {"wall_median": statistics.median(r["wall"] for r in rs),
                                "cpu_median": statistics.median(r["cpu"] for r in rs),
                                "walls": [round(r["wall"], 2) for r in rs],
                                "cpus": [round(r["cpu"], 2) for r in rs]}
            first = rs[0]
            if name == "plan cold" and first["rc"] == 0:
                with_events = json.loads(first["stdout"].strip().splitlines()[-1])
                if "kernels" in with_events:
                    out[label]["compile"] = {"compilations": with_events["compilations"],
                                             "top": with_events["kernels"][:25]}
    if "baseline" in out and "new" in out:
        out["ratios"] = {name: {"wall": out["new"][name]["wall_median"] / out["baseline"][name]["wall_median"],
                                "cpu": out["new"][name]["cpu_median"] / out["baseline"][name]["cpu_median"]}
                         for name in out["new"] if name in out["baseline"] and name != "compile"}
    return out


def table(summary: dict[str, Any]) -> list[str]:
    """The cold-start table (Markdown)."""
    labels = [t for t in ("baseline", "new") if t in summary]
    head = "| run | " + " | ".join(f"{t} wall s | {t} CPU s" for t in labels)
    rule = "|---|" + "---:|---:|" * len(labels)
    if "ratios" in summary:
        head += " | wall ratio | CPU ratio"
        rule += "---:|---:|"
    lines = [head + " |", rule]
    for name in summary[labels[0]]:
        if name == "compile":
            continue
        row = f"| {name} | " + " | ".join(
            f"{summary[t][name]['wall_median']:.2f} | {summary[t][name]['cpu_median']:.2f}" for t in labels)
        if "ratios" in summary and name in summary["ratios"]:
            r = summary["ratios"][name]
            row += f" | {r['wall']:.2f}× | {r['cpu']:.2f}×"
        lines.append(row + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", type=Path, default=None, help="a checkout to compare with")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--events", action="store_true", help="record compile events in the first cold plan")
    ap.add_argument("--cli", action="store_true", help="also time 'loadplan plan' from an empty cache")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--groups", action="store_true",
                    help="only time each warm-up group of this tree alone in an empty cache")
    args = ap.parse_args(argv)
    if args.groups:
        for name, cost in group_costs(REPO).items():
            print(f"{name:<10} {cost['wall']:6.2f} s wall {cost['cpu']:6.2f} s cpu")
        return 0
    trees = {"new": REPO}
    if args.baseline is not None:
        trees = {"baseline": args.baseline.resolve(), "new": REPO}
    summary = summarise(measure(trees, args.repeat, cli=args.cli, events=args.events))
    for label in trees:
        comp = summary[label].get("compile")
        if comp:
            print(f"\n{label}: {comp['compilations']} compilations; top compile costs (s):")
            print(f"  {'self':>6} {'total':>6} {'n':>3}  kernel")
            for own, tot, n, name in comp["top"]:
                print(f"  {own:6.2f} {tot:6.2f} {n:3d}  {name}")
    print()
    print("\n".join(table(summary)))
    if args.json is not None:
        args.json.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
