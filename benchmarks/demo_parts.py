"""Warm ``loadplan demo``, whole and in parts, side by side with another checkout.

For each checkout (this tree, and ``--baseline DIR`` when given), alternating,
``--repeat`` times, each in a new process with the code on ``PYTHONPATH`` and
warm caches:

- ``demo``: the whole ``python -m loadplan demo`` into a temporary folder;
- ``pdf``, ``png``, ``html``: the demo's PDF report, its PNG views and its 3D
  viewer page drawn from the plan that checkout's own demo wrote (so planning is
  left out), in a process of their own, the first use of Matplotlib included.

Reported: the median CPU time (user + sys of the child, from
``resource.getrusage``: contention on a shared machine affects it less than wall
time) and the ratio this tree / baseline.

Usage::

    python benchmarks/demo_parts.py [--baseline DIR] [--repeat N]
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

ROOT = pathlib.Path(__file__).resolve().parents[1]

# runs inside the checkout under test: draws one part from a saved plan, prints its CPU seconds
PART = r"""
import json, pathlib, sys, time
part, plan_file, out = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
from loadplan.model import LoadPlan
from loadplan import demo
plan = LoadPlan.from_json(pathlib.Path(plan_file).read_text(encoding="utf-8"))
t = time.process_time()
if part == "pdf":
    from loadplan.reporting import report
    report(plan, out / "plan.pdf")
elif part == "png":
    if hasattr(demo, "write_pngs"):
        from loadplan import plot
        with plot.unicode_text():
            demo.write_pngs(plan, out)
    else:  # older checkouts: the pictures without the report
        import loadplan.reporting
        loadplan.reporting.report = lambda plan, path: path
        demo._pictures(plan, out, lambda line: None)
else:
    try:
        from loadplan.web.viewer import write_html
        write_html(plan, out / "plan.html")
    except ImportError:  # a checkout without the viewer (or an installed one that does not fit)
        t = time.process_time()
print(json.dumps(time.process_time() - t))
"""


def _cpu(argv: list[str], root: pathlib.Path, cwd: str) -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(root), MPLBACKEND="Agg")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run(argv, cwd=cwd, env=env, check=True, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), run.stdout


def measure(root: pathlib.Path, plan_file: str) -> dict[str, float]:
    """One round for one checkout: the whole demo, then each part alone."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out["demo"], _ = _cpu([sys.executable, "-m", "loadplan", "demo", "--out", tmp], root, tmp)
    for part in ("pdf", "png", "html"):
        with tempfile.TemporaryDirectory() as tmp:
            _, stdout = _cpu([sys.executable, "-c", PART, part, plan_file, tmp], root, tmp)
            out[part] = json.loads(stdout.strip().splitlines()[-1])
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the table; returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=pathlib.Path, default=None, help="a checkout to compare with")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    trees = {"this": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    with tempfile.TemporaryDirectory() as keep:
        plans = {}
        for name, root in trees.items():  # each checkout plans (and warms its caches) once
            folder = pathlib.Path(keep) / name
            _cpu([sys.executable, "-m", "loadplan", "demo", "--out", str(folder)], root, keep)
            plans[name] = str(folder / "plan.json")
        rounds: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
        for _ in range(args.repeat):
            for name, root in trees.items():
                rounds[name].append(measure(root, plans[name]))
    parts = ("demo", "pdf", "png", "html")
    print(f"warm demo, CPU seconds (median of {args.repeat})")
    print(f"{'':10s}" + "".join(f"{p:>9s}" for p in parts))
    medians = {name: {p: statistics.median(r[p] for r in rs) for p in parts}
               for name, rs in rounds.items()}
    for name, m in medians.items():
        print(f"{name:10s}" + "".join(f"{m[p]:9.2f}" for p in parts))
    if "baseline" in medians:
        base = medians["baseline"]
        print(f"{'ratio':10s}" + "".join(
            f"{medians['this'][p] / base[p]:9.2f}" if base[p] > 0.005 else f"{'-':>9s}" for p in parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
