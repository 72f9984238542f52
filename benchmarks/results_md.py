"""Render the JSON written by ``run.py --json`` as the Markdown tables of RESULTS.md.

Usage::

    python benchmarks/results_md.py OUT.json > tables.md
"""

from __future__ import annotations

import json
import sys
from typing import Any

__all__ = ["render"]


def _fmt(v: Any, f: str) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "**no**"
    return format(v, f) if f else str(v)


def _table(rows: list[dict[str, Any]], cols: list[tuple[str, str, str]]) -> str:
    head = "| " + " | ".join(h for _, h, _ in cols) + " |"
    sep = "|" + "|".join("---" if i == 0 else "---:" for i in range(len(cols))) + "|"
    body = ["| " + " | ".join(_fmt(r.get(k), f) for k, _, f in cols) + " |" for r in rows]
    return "\n".join([head, sep, *body])


def render(out: dict[str, Any]) -> str:
    """Markdown for every section present in ``out``."""
    m = out.get("machine", {})
    parts = [
        f"Run: `python benchmarks/run.py{' --quick' if out.get('mode') == 'quick' else ''} --json OUT`, "
        f"{out.get('started_utc', '?')} UTC, {out.get('total_s', 0):.0f} s in all.",
        "",
        f"Machine: {m.get('cpu_model_name', '?')}, {m.get('nproc')} CPUs (`nproc`), {m.get('platform', '')}; "
        f"Python {m.get('python')}, numba {m.get('numba')}, numpy {m.get('numpy')}, shapely {m.get('shapely')}. "
        f"Load average at start {m.get('loadavg')}, at end {m.get('loadavg_end')}: **the machine was shared** with "
        "other sessions, so absolute times are noisy; ratios measured side by side are the figures to read.",
    ]
    if "circles" in out:
        s = out.get("circles_summary", {})
        parts += [
            "",
            f"### Equal circles in a rectangle (PackingSolver irregular, time limit {out.get('packingsolver_time_limit_s', '?'):g} s)",
            "",
            _table(out["circles"], [("case", "case", ""), ("ours_count", "ours", "d"), ("ours_ms", "ours ms", ".2f"),
                                    ("ps_count", "PS", ""), ("ps_ms", "PS ms", ".0f"), ("ps_best_ms", "PS best found at ms", ".0f"), ("ref_ps_10s", "PS 10 s (ref file)", "d"),
                                    ("family_count", "best family", "d"), ("target", "target", "d"), ("bound", "bound", "d"),
                                    ("ours_valid", "sound", "")]),
            "",
            f"{s.get('reach_target')}/{s.get('cases')} cases reach the target; ours beats the best single family in "
            f"{s.get('beat_family')} and is below it in {s.get('below_family')}. Median {s.get('median_ours_ms', 0):.2f} ms, "
            f"slowest {s.get('max_ours_ms', 0):.1f} ms per case.",
        ]
        if "ps_cases" in s:
            parts.append(
                f"Against PackingSolver run live on {s['ps_cases']} cases: more drums in {s['beat_ps']}, equal in {s['tie_ps']}, "
                f"fewer in {s['below_ps']}; PackingSolver's time / ours (median) = **{s['median_ps_over_ours_time']:.0f}×** "
                "(PackingSolver uses its whole time limit)"
                + (f"; measured to the moment PackingSolver first reached its final count, the ratio is "
                   f"**{s['median_ps_time_to_best_over_ours_time']:.0f}×**." if "median_ps_time_to_best_over_ours_time" in s else ".")
            )
    if "fills" in out:
        s = out.get("fills_summary", {})
        parts += [
            "",
            "### One drum type filling a container (box planners get the drums as bounding boxes)",
            "",
            _table(out["fills"], [("case", "case", ""), ("ours_standing", "ours z", ""), ("ours_standing_ms", "ms", ".1f"),
                                  ("ours_standing_cached_ms", "ms cached", ".2f"), ("ref_standing", "family z", ""), ("psbox_standing", "PS box z", ""),
                                  ("ref_ps_box_standing", "PS box z (ref)", ""),
                                  ("py3dbp_standing", "py3dbp z", ""), ("py3dbp_standing_ms", "py3dbp ms", ".0f"),
                                  ("ours_all", "ours all", ""), ("ours_all_ms", "ms", ".1f"), ("ours_all_cached_ms", "ms cached", ".2f"),
                                  ("psbox_all", "PS box all", ""), ("ref_ps_box_all", "PS box all (ref)", ""),
                                  ("py3dbp_all", "py3dbp all", ""), ("verify_all_violations", "violations", "")]),
            "",
            f"`z` = standing only, `all` = any axis. `PS box`: PackingSolver's box solver run live "
            f"({out.get('packingsolver_box_time_limit_s', '?'):g} s, knapsack); `(ref)`: the reference file's 10 s figure; "
            "py3dbp ran live. Box planners count only boxes whose base centre rests on the floor or a counted box, and every "
            "figure is capped by payload (⌊max payload / drum weight⌋) like ours. `family z` = ⌊H/h⌋ × best single-family floor.",
        ]
        if s:
            parts.append("Summary: " + ", ".join(f"{k} = {v:.1f}" if isinstance(v, float) else f"{k} = {v}" for k, v in s.items()) + ".")
    if "hot_loop" in out and "rows" in out["hot_loop"]:
        h = out["hot_loop"]
        parts += [
            "",
            f"### Hot loop: `{h['kernel']}`, Numba vs the same source as plain Python",
            "",
            _table(h["rows"], [("input", "input (captured from pack_circles)", ""), ("numba_ms", "numba ms", ".3f"),
                               ("python_ms", "plain Python ms", ".1f"), ("speedup", "speedup", ".0f"),
                               ("py_func_ms", "`.py_func` ms (inner kernels compiled)", ".1f")]),
            "",
            f"`hot_loop_speedup` (median) = **{h['median']:.0f}×**.",
        ]
    if "blitar" in out or "scaling" in out:
        parts += ["", "### Plan: the Blitar order and scaling", ""]
        if "blitar" in out:
            b = out["blitar"]
            parts.append(
                f"Blitar order ({b['drums']} drums, 6 lines, 2 destinations): {b['ms']:.1f} ms once compiled "
                f"({b.get('cached_ms', float('nan')):.1f} ms when the planner's caches already hold these sizes), "
                f"{b['containers']} containers, {b['placed']} placed, {b['unplaced']} unplaced"
                + (f"; `verify` {b['verify_ms']:.1f} ms, {b['violations']} violations." if "verify_ms" in b else ".")
            )
            parts.append("")
        if "scaling" in out:
            parts.append(_table(out["scaling"], [("drums", "drums", "d"), ("ms", "plan ms", ".1f"), ("us_per_drum", "µs / drum", ".1f"),
                                                 ("cached_ms", "plan ms, caches warm", ".1f"),
                                                 ("containers", "containers", "d"), ("unplaced", "unplaced", "d")]))
    if "cold_start" in out:
        c = out["cold_start"]
        parts += [
            "",
            "### Cold start",
            "",
            f"`{c['command']}` as a new process: empty Numba cache **{c['cold_ms'] / 1e3:.1f} s** (exit {c['cold_exit']}, "
            f"{c.get('cold_kernels_compiled', '?')} kernels compiled and cached), "
            f"warm cache **{c['warm_ms'] / 1e3:.2f} s** median (exit {c['warm_exit']}; runs "
            f"{', '.join(f'{w / 1e3:.2f}' for w in c.get('warm_runs_ms', []))} s; kernels compiled in each: "
            f"{c.get('warm_kernels_compiled', '?')}); `loadplan --help` {c['help_ms']:.0f} ms; "
            f"a bare `python -c pass` {c['bare_python_ms']:.0f} ms.",
        ]
    if "cold_start_side_by_side" in out:
        s = out["cold_start_side_by_side"]
        parts += ["", f"Side by side with `{s['baseline']}` (`benchmarks/coldstart.py`; medians; CPU = user + sys "
                  "of the child process):", ""] + list(s["table"])
    if out.get("skipped"):
        parts += ["", "Skipped or failed in this run:", ""] + [f"- {s}" for s in out["skipped"]]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":  # pragma: no cover
    with open(sys.argv[1], encoding="utf-8") as fh:
        sys.stdout.write(render(json.load(fh)))
