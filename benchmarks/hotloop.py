"""The hot loop: a Numba kernel against the same function run as plain Python.

Honest protocol (used by ``run.py`` for ``hot_loop_speedup``):

1. **capture** -- in a subprocess with ``NUMBA_DISABLE_JIT=1``, call
   ``lp.pack_circles`` on a few reference cases with the kernel
   ``module:function`` wrapped by a recorder, which keeps a copy of the
   arguments of its first calls. This gives real inputs of the kernel even when
   it is an inner one (with the JIT off, kernels call each other through the
   module's globals, so the wrapper sees every call).
2. **time, compiled** -- a fresh subprocess loads the inputs, calls the Numba
   dispatcher once per input to compile (warm-up, not timed), then times it.
3. **time, plain Python** -- a fresh subprocess with ``NUMBA_DISABLE_JIT=1``
   runs the *same* source on the *same* inputs; every kernel it calls is plain
   Python too. (``dispatcher.py_func`` alone would still call the compiled
   inner kernels, flattering the ratio's denominator; it is reported only as
   a side figure, ``py_func_ms``.)

The speedup per input is ``python_ms / numba_ms``; the summary is the median
over inputs. Kernels that draw random numbers use Numba's own generator when
compiled and NumPy's when not, so their paths may differ slightly; kernels
that are deterministic run the identical algorithm.

CLI (used internally)::

    python benchmarks/hotloop.py capture KERNEL CASES.json ARGS.pkl [MAX_CALLS]
    python benchmarks/hotloop.py time KERNEL ARGS.pkl OUT.json REPEAT BUDGET_S [--py-func]
    python benchmarks/hotloop.py profile CASES.json
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["hot_loop_speedup", "profile_kernels"]

_HERE = Path(__file__).resolve()


def _resolve(kernel: str) -> tuple[Any, str]:
    mod_name, _, fn_name = kernel.partition(":")
    return importlib.import_module(mod_name), fn_name


class _Enough(Exception):
    pass


def _capture(kernel: str, cases_path: str, out_path: str, max_calls: int) -> None:
    import loadplan as lp

    mod, fn_name = _resolve(kernel)
    original = getattr(mod, fn_name)
    cases = json.loads(Path(cases_path).read_text())
    captured: list[tuple] = []
    per_case: list[int] = [0]

    def recorder(*args: Any) -> Any:
        captured.append(copy.deepcopy(args))
        per_case[0] += 1
        if per_case[0] >= max_calls:
            raise _Enough  # enough inputs from this case: skip the rest of it
        return original(*args)

    import pkgutil

    import loadplan.kernels

    # load the engine's modules before patching them (kernels compile nothing at import)
    _ = lp.pack_circles
    for info in pkgutil.iter_modules(loadplan.kernels.__path__, "loadplan.kernels."):
        importlib.import_module(info.name)

    # patch every loaded loadplan module that holds the kernel under some name
    # (``from .relax import add_one_circle`` makes a second reference)
    patched = [
        (m, name)
        for m in list(sys.modules.values())
        if getattr(m, "__name__", "").startswith("loadplan")
        for name, val in list(vars(m).items())
        if val is original
    ]
    for m, name in patched:
        setattr(m, name, recorder)
    try:
        for c in cases:
            per_case[0] = 0
            try:
                lp.pack_circles(c["length"], c["width"], c["diameter"])
            except _Enough:
                pass
    finally:
        for m, name in patched:
            setattr(m, name, original)
    with open(out_path, "wb") as fh:
        pickle.dump(captured, fh)


def _time(kernel: str, args_path: str, out_path: str, repeat: int, budget_s: float, py_func: bool) -> None:
    mod, fn_name = _resolve(kernel)
    fn = getattr(mod, fn_name)
    with open(args_path, "rb") as fh:
        inputs = pickle.load(fh)
    jit = os.environ.get("NUMBA_DISABLE_JIT", "0") != "1"
    rows = []
    for args in inputs:
        row: dict[str, Any] = {}
        if jit:  # compile (and load caches) outside the timing
            t0 = time.perf_counter()
            fn(*copy.deepcopy(args))
            row["first_call_ms"] = (time.perf_counter() - t0) * 1e3
        times: list[float] = []
        spent = 0.0
        for _ in range(repeat):
            a = copy.deepcopy(args)
            t0 = time.perf_counter()
            fn(*a)
            dt = time.perf_counter() - t0
            times.append(dt)
            spent += dt
            if spent > budget_s:
                break
        row["ms"] = statistics.median(times) * 1e3
        row["runs"] = len(times)
        if jit and py_func and hasattr(fn, "py_func"):
            a = copy.deepcopy(args)
            t0 = time.perf_counter()
            fn.py_func(*a)
            row["py_func_ms"] = (time.perf_counter() - t0) * 1e3
        rows.append(row)
    Path(out_path).write_text(json.dumps(rows))


def _run(argv: list[str], env_extra: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(env_extra)
    return subprocess.run([sys.executable, str(_HERE), *argv], env=env, capture_output=True, text=True, timeout=timeout)


def _describe(args: tuple) -> str:
    parts = []
    for a in args:
        shape = getattr(a, "shape", None)
        parts.append(f"array{tuple(shape)}" if shape is not None else f"{a:g}" if isinstance(a, float) else repr(a))
    return "(" + ", ".join(parts) + ")"


def hot_loop_speedup(
    kernel: str,
    cases: list[dict[str, Any]],
    *,
    max_calls: int = 2,
    repeat: int = 5,
    py_budget_s: float = 20.0,
    timeout_s: float = 900.0,
) -> dict[str, Any]:
    """Measure ``kernel`` compiled against plain Python on inputs captured from ``cases``.

    Returns a dict with ``kernel``, ``rows`` (one per input: ``numba_ms``,
    ``python_ms``, ``speedup``, optionally ``py_func_ms``) and ``median``
    (the median speedup), or with ``error`` if a step failed.
    """
    with tempfile.TemporaryDirectory(prefix="loadplan-hotloop-") as tmp:
        cases_path = os.path.join(tmp, "cases.json")
        args_path = os.path.join(tmp, "args.pkl")
        Path(cases_path).write_text(json.dumps(cases))
        p = _run(["capture", kernel, cases_path, args_path, str(max_calls)], {"NUMBA_DISABLE_JIT": "1"}, timeout_s)
        if p.returncode != 0:
            return {"kernel": kernel, "error": "capture failed: " + (p.stderr.strip().splitlines() or ["?"])[-1]}
        with open(args_path, "rb") as fh:
            inputs = pickle.load(fh)
        if not inputs:
            return {"kernel": kernel, "error": "the kernel was never called from pack_circles"}
        out_jit = os.path.join(tmp, "jit.json")
        out_py = os.path.join(tmp, "py.json")
        p = _run(["time", kernel, args_path, out_jit, str(max(repeat, 3)), "2.0", "--py-func"], {"NUMBA_DISABLE_JIT": "0"}, timeout_s)
        if p.returncode != 0:
            return {"kernel": kernel, "error": "numba run failed: " + (p.stderr.strip().splitlines() or ["?"])[-1]}
        p = _run(["time", kernel, args_path, out_py, str(repeat), str(py_budget_s)], {"NUMBA_DISABLE_JIT": "1"}, timeout_s)
        if p.returncode != 0:
            return {"kernel": kernel, "error": "python run failed: " + (p.stderr.strip().splitlines() or ["?"])[-1]}
        jit_rows = json.loads(Path(out_jit).read_text())
        py_rows = json.loads(Path(out_py).read_text())
    rows = []
    for args, j, q in zip(inputs, jit_rows, py_rows):
        row = {
            "input": _describe(args),
            "numba_ms": j["ms"],
            "python_ms": q["ms"],
            "speedup": q["ms"] / j["ms"] if j["ms"] > 0 else float("inf"),
            "first_call_ms": j.get("first_call_ms"),
        }
        if "py_func_ms" in j:
            row["py_func_ms"] = j["py_func_ms"]
        rows.append(row)
    return {
        "kernel": kernel,
        "rows": rows,
        "median": statistics.median(r["speedup"] for r in rows),
        "method": "same kernel source, same captured inputs; numba (warm) vs NUMBA_DISABLE_JIT=1 subprocess",
    }


def profile_kernels(cases: list[dict[str, Any]], top: int = 15) -> str:
    """cProfile of ``pack_circles`` on ``cases`` with the JIT off: which kernels dominate."""
    with tempfile.TemporaryDirectory(prefix="loadplan-prof-") as tmp:
        cases_path = os.path.join(tmp, "cases.json")
        Path(cases_path).write_text(json.dumps(cases))
        p = _run(["profile", cases_path, str(top)], {"NUMBA_DISABLE_JIT": "1"}, 1800)
        return p.stdout + p.stderr


def _profile(cases_path: str, top: int) -> None:
    import cProfile
    import pstats

    import loadplan as lp

    cases = json.loads(Path(cases_path).read_text())
    prof = cProfile.Profile()
    prof.enable()
    for c in cases:
        lp.pack_circles(c["length"], c["width"], c["diameter"])
    prof.disable()
    st = pstats.Stats(prof)
    rows = [
        (ct, tt, nc, f"{Path(fn).stem}:{name}")
        for (fn, _line, name), (_cc, nc, tt, ct, _callers) in st.stats.items()  # type: ignore[attr-defined]
        if "loadplan" in fn and "kernels" in fn and name != "<module>"
    ]
    rows.sort(reverse=True)
    print(f"{'cumulative s':>12} {'own s':>8} {'calls':>8}  kernel")
    for ct, tt, nc, name in rows[:top]:
        print(f"{ct:12.3f} {tt:8.3f} {nc:8d}  {name}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "capture":
        _capture(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 2)
    elif cmd == "time":
        _time(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), float(sys.argv[6]), "--py-func" in sys.argv)
    elif cmd == "profile":
        _profile(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 15)
    else:
        raise SystemExit(f"unknown command {cmd!r}")
