"""Shared helpers for the benchmarks: reference data, timing, machine facts.

Used both by ``benchmarks/run.py`` (the side-by-side table) and by the
pytest-benchmark suites (``pytest benchmarks/``). Nothing here imports
:mod:`loadplan` at import time, so a missing part of the library only skips
the benchmarks that need it.
"""

from __future__ import annotations

import csv
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

__all__ = [
    "BENCH_DIR",
    "DATA_DIR",
    "REPO_DIR",
    "CACHE_DIR",
    "load_circles",
    "load_fills",
    "load_order_rows",
    "scaled_order",
    "case_id",
    "time_call",
    "clear_caches",
    "optional",
    "public",
    "need",
    "machine_info",
]

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
REPO_DIR = BENCH_DIR.parent
CACHE_DIR = Path(os.environ.get("LOADPLAN_BENCH_CACHE", Path.home() / ".cache" / "loadplan-bench"))


def _jsonl(name: str) -> list[dict[str, Any]]:
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_circles() -> list[dict[str, Any]]:
    """The reference circle cases (``data/circles.jsonl``, a copy of the shared file)."""
    return _jsonl("circles.jsonl")


def load_fills() -> list[dict[str, Any]]:
    """The reference one-drum fills (``data/fills.jsonl``, a copy of the shared file)."""
    return _jsonl("fills.jsonl")


def case_id(row: dict[str, Any]) -> str:
    """A unique, readable name for a circle or fill case."""
    if "length" in row:
        return f"{row['case']}/d{row['diameter']:g}"
    return f"{row['container']}/d{row['diameter']:g}xh{row['height']:g}"


def load_order_rows(path: Path | None = None) -> list[dict[str, Any]]:
    """The rows of the Blitar order CSV (``examples/blitar_djembe.csv``)."""
    if path is None:
        path = REPO_DIR / "examples" / "blitar_djembe.csv"
        if not path.exists():
            path = DATA_DIR / "blitar_order.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def scaled_order(total: int, rows: list[dict[str, Any]] | None = None) -> list[Any]:
    """The Blitar order scaled to about ``total`` drums, as a list of ``lp.Drum``.

    Each line keeps its share of the order; quantities are rounded, at least 1.
    """
    import loadplan as lp

    rows = rows if rows is not None else load_order_rows()
    base = sum(int(r["quantity"]) for r in rows)
    drums = []
    for r in rows:
        q = max(1, round(int(r["quantity"]) * total / base))
        drums.append(
            lp.Drum(
                sku=r["sku"],
                diameter=float(r["diameter_mm"]),
                height=float(r["height_mm"]),
                weight=float(r.get("weight_kg") or 0.0),
                quantity=q,
                destination=(r.get("destination") or None),
            )
        )
    return drums


def clear_caches() -> None:
    """Empty every ``functools.lru_cache`` in the loaded ``loadplan`` modules, and
    what a module's public ``forget()`` clears (``loadplan.planner.mixed``'s solver answers).

    ``fill`` and ``plan`` memoise their pieces (floor packings, sections,
    capacities) for the life of the process. Timing a repeated call would
    measure cache hits, so the benchmarks clear them before each timed call
    (the compiled kernels stay: that is the JIT warm-up). Returns ``None``, as
    pytest-benchmark's ``pedantic(setup=...)`` wants.
    """
    for name, mod in list(sys.modules.items()):
        if not name.startswith("loadplan") or mod is None:
            continue
        for val in list(vars(mod).values()):
            if callable(getattr(val, "cache_clear", None)) and hasattr(val, "cache_info"):
                val.cache_clear()
        forget = vars(mod).get("forget")
        if callable(forget):  # caches that are not lru_caches (the planner's solver answers)
            forget()


def time_call(
    fn: Callable[[], Any],
    *,
    repeat: int = 5,
    warmup: int = 1,
    budget_s: float = 5.0,
    setup: Callable[[], Any] | None = None,
) -> tuple[float, Any]:
    """Median wall time of ``fn()`` in milliseconds, after ``warmup`` untimed calls.

    ``setup`` (untimed) runs before every call, e.g. :func:`clear_caches`.
    Stops repeating once ``budget_s`` seconds of timed calls have passed (at
    least one timed call is always made). Returns ``(median_ms, last_result)``.
    """
    result = None
    for _ in range(warmup):
        if setup is not None:
            setup()
        result = fn()
    times = []
    spent = 0.0
    for _ in range(max(1, repeat)):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        times.append(dt)
        spent += dt
        if spent > budget_s:
            break
    return statistics.median(times) * 1e3, result


def optional(module: str, name: str | None = None) -> Any:
    """Import ``module`` (and return ``module.name``), or ``None`` if it is not written yet."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    if name is None:
        return mod
    return getattr(mod, name, None)


def public(name: str) -> Any:
    """``loadplan.<name>`` from the public namespace, or ``None`` if that part is not written yet.

    Going through the public name (not a module path) keeps the benchmarks
    working when modules are renamed behind the namespace.
    """
    try:
        import loadplan

        return getattr(loadplan, name)
    except (ImportError, AttributeError):
        return None


def need(name: str) -> Any:
    """``loadplan.<name>``, or skip the calling pytest benchmark if it is not written yet."""
    import pytest

    obj = public(name)
    if obj is None:
        pytest.skip(f"lp.{name} is not available yet")
    return obj


def _cmd(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_info() -> dict[str, Any]:
    """CPU, core count, Python and library versions, load average."""
    info: dict[str, Any] = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "nproc": os.cpu_count(),
    }
    lscpu = _cmd(["lscpu"])
    for line in lscpu.splitlines():
        key, _, val = line.partition(":")
        if key.strip() in {"Model name", "CPU(s)", "Thread(s) per core", "CPU max MHz", "L3 cache"}:
            info["cpu_" + key.strip().lower().replace(" ", "_").replace("(s)", "s")] = val.strip()
    for mod in ("numpy", "numba", "shapely", "loadplan"):
        m = optional(mod)
        info[mod] = getattr(m, "__version__", "?") if m is not None else None
    try:
        info["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    return info
