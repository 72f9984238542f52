"""Warm ``loadplan demo``, whole and in parts, side by side with another checkout.

For each checkout (this tree, and ``--baseline DIR`` when given), alternating,
``--repeat`` times, each in a new process with the code on ``PYTHONPATH`` and
warm caches:

- ``demo``: the whole ``python -m loadplan demo`` into a temporary folder;
- ``demo1``, ``demo0``: the same with ``LOADPLAN_DEMO_PARALLEL=1`` (the
  pictures in worker processes forked before planning, the PNGs beside the
  PDF whatever the load) and ``0`` (everything in the one process);
  checkouts without the workers ignore it;
- ``after``: everything the demo does after planning — ``plan.json``,
  ``plan.html``, the PDF report and the PNG views (``demo.write_files``; older
  checkouts: the same steps one by one) — for the plan that checkout's own
  demo wrote, the first use of Matplotlib included;
- ``serial``, ``worker``: the same with ``LOADPLAN_DEMO_PARALLEL`` set to
  ``0`` (the PDF report drawn in the process) and ``1`` (in a worker process
  beside the PNGs whatever the load; ``after`` runs the demo's default,
  ``demo.PARALLEL_DEFAULT``). Checkouts without the worker ignore it;
- ``pdf``, ``png``, ``html``: the demo's PDF report, its PNG views and its 3D
  viewer page alone, each in a process of its own.

Reported, as medians (``--best``: the best of the repeats): the CPU time (user + sys, of the process and the
workers it waited for, from ``resource.getrusage``: contention on a shared
machine affects it less than wall time) and the wall time; for the parts,
the time of the call alone (imports before it left out, the first use of
Matplotlib's fonts and caches inside it). Then the ratio this tree / baseline.

Usage::

    nice python benchmarks/demo_parts.py [--baseline DIR] [--repeat N] [--best]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]

# runs inside the checkout under test: draws one part from a saved plan, prints CPU and wall seconds
PART = r"""
import json, pathlib, resource, sys, time
part, plan_file, out = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
from loadplan.model import LoadPlan
from loadplan import demo
plan = LoadPlan.from_json(pathlib.Path(plan_file).read_text(encoding="utf-8"))

def cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

def html():
    import os
    try:
        from loadplan.web import viewer
    except ImportError:  # a checkout without the viewer
        return
    if not viewer.__file__.startswith(os.environ["PYTHONPATH"]):  # an installed one, not this checkout's
        return
    viewer.write_html(plan, out / "plan.html")

t, c = time.perf_counter(), cpu()
if part in ("after", "serial", "worker"):
    if hasattr(demo, "write_files"):
        demo.write_files(plan, out, echo=lambda line: None)
    else:  # older checkouts: the same steps
        from loadplan.io import atomic_write
        atomic_write(out / "plan.json", plan.to_json())
        html()
        demo._pictures(plan, out, lambda line: None)
elif part == "pdf":
    from loadplan.reporting import report
    report(plan, out / "plan.pdf")
elif part == "png":
    if hasattr(demo, "write_pngs"):
        from loadplan import plot
        kw = {"texts": plot.style.plan_texts(plan)} if hasattr(plot.style, "plan_texts") else {}
        with plot.unicode_text(**kw):
            demo.write_pngs(plan, out)
    else:  # older checkouts: the pictures without the report
        import loadplan.reporting
        loadplan.reporting.report = lambda plan, path: path
        demo._pictures(plan, out, lambda line: None)
else:
    html()
print(json.dumps({"cpu": cpu() - c, "wall": time.perf_counter() - t}))
"""

PARTS = ("demo", "demo1", "demo0", "after", "serial", "worker", "pdf", "png", "html")
MODES = {"serial": "0", "worker": "1", "demo1": "1", "demo0": "0"}
DEMOS = ("demo", "demo1", "demo0")


def _run(argv: list[str], root: pathlib.Path, cwd: str,
         **env_extra: str) -> tuple[float, float, str]:
    """CPU seconds (the child and what it waited for), wall seconds, stdout."""
    env = dict(os.environ, PYTHONPATH=str(root), MPLBACKEND="Agg", **env_extra)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    run = subprocess.run(argv, cwd=cwd, env=env, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, run.stdout


def measure(root: pathlib.Path, plan_file: str) -> dict[str, tuple[float, float]]:
    """One round for one checkout: the whole demo, then each part alone: {part: (cpu, wall)}."""
    out: dict[str, tuple[float, float]] = {}
    for part in DEMOS:
        with tempfile.TemporaryDirectory() as tmp:
            extra = {"LOADPLAN_DEMO_PARALLEL": MODES[part]} if part in MODES else {}
            cpu, wall, _ = _run([sys.executable, "-m", "loadplan", "demo", "--out", tmp], root, tmp,
                                **extra)
            out[part] = (cpu, wall)
    for part in PARTS[len(DEMOS):]:
        with tempfile.TemporaryDirectory() as tmp:
            extra = {"LOADPLAN_DEMO_PARALLEL": MODES[part]} if part in MODES else {}
            _, _, stdout = _run([sys.executable, "-c", PART, part, plan_file, tmp], root, tmp, **extra)
            got = json.loads(stdout.strip().splitlines()[-1])
            out[part] = (got["cpu"], got["wall"])
    return out


def _table(title: str, medians: dict[str, dict[str, float]]) -> list[str]:
    lines = [title, f"{'':10s}" + "".join(f"{p:>9s}" for p in PARTS)]
    for name, m in medians.items():
        lines.append(f"{name:10s}" + "".join(f"{m[p]:9.2f}" for p in PARTS))
    if "baseline" in medians:
        base = medians["baseline"]
        lines.append(f"{'ratio':10s}" + "".join(
            f"{medians['this'][p] / base[p]:9.2f}" if base[p] > 0.005 else f"{'-':>9s}"
            for p in PARTS))
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the tables; returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=pathlib.Path, default=None, help="a checkout to compare with")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--best", action="store_true", help="the best of the repeats, not the median")
    args = parser.parse_args(argv)
    trees = {"this": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    with tempfile.TemporaryDirectory() as keep:
        plans = {}
        for name, root in trees.items():  # each checkout plans (and warms its caches) once
            folder = pathlib.Path(keep) / name
            _run([sys.executable, "-m", "loadplan", "demo", "--out", str(folder)], root, keep)
            plans[name] = str(folder / "plan.json")
        rounds: dict[str, list[dict[str, tuple[float, float]]]] = {name: [] for name in trees}
        for _ in range(args.repeat):
            for name, root in trees.items():
                rounds[name].append(measure(root, plans[name]))
    for k, what in enumerate(("CPU", "wall")):
        stat = min if args.best else statistics.median
        medians = {name: {p: stat(r[p][k] for r in rs) for p in PARTS}
                   for name, rs in rounds.items()}
        print("\n".join(_table(f"warm demo, {what} seconds ({'best' if args.best else 'median'} "
                               f"of {args.repeat}; "
                               f"os.getloadavg at the end {os.getloadavg()[0]:.1f})", medians)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
