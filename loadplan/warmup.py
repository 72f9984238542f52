"""Compile the packing engine ahead of use: ``loadplan warmup`` and the CLI's first run.

Numba compiles a kernel on its first call and keeps the machine code on disk
(:func:`loadplan._jit.cache_dir`), so only the first run on a machine (or
after the kernels changed) pays for compilation. This module makes that step
explicit and visible:

- :func:`needs_compile` tells, without compiling anything, whether the cache
  lacks any kernel the planner calls (it looks for their cache index files);
- :func:`warm_up` compiles every kernel the planner calls from Python, with
  the one signature each is called with (callees compile with their callers).
  The kernels fall into independent groups (:data:`GROUPS`); in parallel
  (by default when a CPU is idle, :func:`parallel_pays`) the first group is
  compiled in a worker process while this process compiles the other, and the
  on-disk cache is the hand-off: later calls load the worker's machine code;
- :class:`ProgressBar` draws a one-line bar with a time estimate on a terminal;
- :func:`start_worker` starts one worker process (also used by
  :mod:`loadplan.first_run`, the library's first run on a cold cache).

Run ``python -m loadplan.warmup --group NAME`` to compile one group (what a
worker does); ``loadplan warmup`` compiles them all.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Sequence, TextIO

__all__ = ["GROUPS", "ENTRY_KERNELS", "WORKER_ENV", "WORKER_TIMEOUT_S", "needs_compile",
           "missing_kernels", "warm_up", "compile_group", "estimated_seconds", "parallel_pays",
           "idle_cpus", "cpu_ticks", "idle_between", "cpu_count", "start_worker", "ProgressBar", "main"]

#: Entry kernels by independent group: (module, kernel, argument types, CPU seconds to compile
#: here, measured on a 2-core 2026 Xeon; only for the progress estimate): exactly the kernels
#: that ``plan``, ``fit`` and ``demo`` call from Python (their callees compile with them; a
#: kernel none of them calls, such as ``rows.periodic_rows_layout`` for circles a
#: hundredth of the box wide, compiles lazily on first use). Argument types:
#: f float64, i int64, b bool, A2 float64 (n, 2) C array, R2 the same read-only,
#: A1 float64 1-D, I1 int64 1-D, I2 int64 (n, m) C array.
#: The first group is the one a worker process compiles. Split so that the two take about the
#: same CPU time (circles 8.5 s, layout3d 8.2 s with start-up, ``python -m loadplan.warmup
#: --group NAME`` each in an empty cache) and, within each, in the order the Blitar plan first
#: calls them: ``lp.plan`` on a cold cache (:mod:`loadplan.first_run`) compiles layout3d's
#: kernels as it reaches them while the worker compiles the circle kernels it needs later.
GROUPS: dict[str, list[tuple[str, str, str, float]]] = {
    "circles": [
        ("compose", "section_items", "f f f", 3.6),
        ("compose", "best_composition", "A1 I1 f i", 0.3),
        ("rows", "rows_layout", "f f f i i", 0.4),
        ("compose", "stretched_layout", "i f f i i i", 0.2),
        ("check", "count_conflicts", "A2 f f f f", 0.85),
        ("holes", "fill_holes", "A2 f f f i", 1.1),
        ("relax", "add_one_circle", "A2 f f f i i", 1.5),
    ],
    "layout3d": [
        ("bounds", "circle_upper_bound", "f f f", 0.4),
        ("splits", "split_candidates", "f f f f f b b b i b b", 2.5),
        ("lattice", "floor_family", "f f f", 0.3),
        ("lattice", "stack_standing", "R2 f f f i", 0.2),
        ("lying", "lying_section", "f f f i b b", 0.7),
        ("tops", "head_on_tops", "R2 i f f f i A2 A1 f f f b b", 1.2),
        ("lattice", "extrude_x", "R2 f f f i", 0.1),
        ("rows", "max_rows", "f f", 0.05),
        ("holes", "compact_left", "A2 f", 0.25),
        ("support_keys", "raise_support_keys", "A2 I1 f f A1", 0.65),
        ("tops", "support_keys_2d", "R2 f A1", 0.05),
        ("lattice", "extrude_y", "R2 f f f i", 0.1),
        ("lying", "lying_section_count", "f f f i b b", 0.2),
        ("floorplan", "two_lane_plan", "I2 i I1 A1 I1 f", 0.6),
    ],
}

#: Every entry kernel, as ``module.kernel`` under :mod:`loadplan.kernels`.
ENTRY_KERNELS: tuple[str, ...] = tuple(f"{m}.{k}" for g in GROUPS.values() for m, k, _, _ in g)

#: Seconds for a worker process to start (Python, NumPy and Numba imports).
_WORKER_START_S = 1.0

#: Set (to "1") in a warm-up worker's environment: a worker never starts a warm-up of its own.
WORKER_ENV = "LOADPLAN_WARMUP_WORKER"

#: Seconds to wait for a worker before compiling its group here instead.
WORKER_TIMEOUT_S = 900.0


def _kernel(module: str, name: str) -> Any:
    import importlib

    return getattr(importlib.import_module(f"loadplan.kernels.{module}"), name)


def _signature(spec: str) -> tuple:
    from numba.core import types

    f8, i8 = types.float64, types.int64
    table = {"f": f8, "i": i8, "b": types.boolean,
             "A2": types.Array(f8, 2, "C"), "R2": types.Array(f8, 2, "C", readonly=True),
             "A1": types.Array(f8, 1, "C"), "I1": types.Array(i8, 1, "C"),
             "I2": types.Array(i8, 2, "C")}
    return tuple(table[t] for t in spec.split())


def missing_kernels(groups: Sequence[str] | None = None) -> list[str]:
    """Entry kernels whose compiled code is not in the cache (all of them when caching is off).

    Imports the kernel modules (and so Numba) but compiles nothing.
    """
    from loadplan._jit import CACHE

    from numba.core import config

    if config.DISABLE_JIT:
        return []
    from loadplan._numba_cache import index_path

    out = []
    for g in groups or list(GROUPS):
        for module, name, _, _ in GROUPS[g]:
            disp = _kernel(module, name)
            path = index_path(disp)
            if not CACHE or path is None or not path.exists():
                out.append(f"{module}.{name}")
    return out


def needs_compile() -> bool:
    """Whether the next planning call would compile kernels (see :func:`missing_kernels`)."""
    return bool(missing_kernels())


def estimated_seconds(parallel: bool | None = None, groups: Sequence[str] | None = None) -> float:
    """Rough wall time of :func:`warm_up` on an idle 2-core machine like the one the table was made on."""
    costs = [sum(c for _, _, _, c in GROUPS[g]) for g in (groups or list(GROUPS))]
    if parallel is None:
        parallel = parallel_pays()
    if parallel and len(costs) > 1 and _cpus() > 1:
        return max(costs) + _WORKER_START_S
    return sum(costs)


def parallel_pays() -> bool:
    """Whether a worker process would shorten the warm-up: two CPUs or more, one of them idle.

    Measured on a shared 2-core machine: with both cores busy, the worker only
    adds its start-up and the kernels both groups share (about 20 % more CPU
    time for no shorter wall time), so the warm-up then runs in this process.
    "Idle" is what :func:`idle_cpus` sees now (at least 3/4 of a CPU), not the
    1-minute load average, which still counts work that ended a minute ago.
    """
    if _cpus() < 2:
        return False
    return idle_cpus() >= 0.75


def idle_cpus(window: float = 0.1) -> float:
    """How many CPUs are idle, measured over the next ``window`` seconds (``/proc/stat``;
    elsewhere the number of CPUs less the 1-minute load average)."""
    start = cpu_ticks()
    if start is None:
        try:
            return max(_cpus() - os.getloadavg()[0], 0.0)
        except (AttributeError, OSError):  # pragma: no cover - no load average on this OS
            return float(_cpus())
    time.sleep(window)
    end = cpu_ticks()
    return 0.0 if end is None else idle_between(start, end)


def cpu_ticks() -> tuple[int, int] | None:
    """The machine's idle and total CPU ticks so far (``/proc/stat``), or None where unreadable."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            ticks = [int(v) for v in fh.readline().split()[1:]]
        return ticks[3] + ticks[4], sum(ticks[:8])  # idle + iowait; all but guest time
    except (OSError, ValueError, IndexError):
        return None


def idle_between(start: tuple[int, int], end: tuple[int, int]) -> float:
    """How many CPUs were idle on average between two :func:`cpu_ticks` readings."""
    (idle0, total0), (idle1, total1) = start, end
    if total1 <= total0:
        return 0.0
    return (os.cpu_count() or 1) * (idle1 - idle0) / (total1 - total0)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def cpu_count() -> int:
    """The number of CPUs this process may run on (its affinity mask where there is one)."""
    return _cpus()


def compile_group(name: str, done: Callable[[str, float], None] | None = None) -> None:
    """Compile one group's entry kernels in this process; ``done(kernel, weight)`` after each."""
    for module, kernel, spec, cost in GROUPS[name]:
        disp = _kernel(module, kernel)
        if hasattr(disp, "compile"):
            disp.compile(_signature(spec))
        if done is not None:
            done(f"{module}.{kernel}", cost)


def start_worker(name: str, done: Callable[[str, float], None],
                 finished: Callable[[], None] | None = None) -> tuple[subprocess.Popen, threading.Thread]:
    """Start ``python -m loadplan.warmup --group name`` (a worker process compiling that group into
    the on-disk cache); a thread calls ``done(kernel, weight)`` for each kernel it finishes, then
    ``finished()`` when the worker's output ends (it exited, or failed)."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env[WORKER_ENV] = "1"
    proc = subprocess.Popen([sys.executable, "-m", "loadplan.warmup", "--group", name],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    costs = {f"{m}.{k}": c for m, k, _, c in GROUPS[name]}

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            kernel = line.strip().removeprefix("compiled ")
            if kernel in costs:
                done(kernel, costs[kernel])
        if finished is not None:
            finished()

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return proc, thread


def warm_up(parallel: bool | None = None, progress: "ProgressBar | None" = None,
            groups: Sequence[str] | None = None) -> float:
    """Compile every entry kernel (of ``groups``, default all) and return the seconds it took.

    Parameters
    ----------
    parallel : bool, optional
        Compile the first group in a worker process (when the cache is on and
        this machine has at least two CPUs) while this process compiles the
        rest; the on-disk cache hands the worker's machine code over. Default:
        when :func:`parallel_pays`.
    progress : ProgressBar, optional
        Told the total work first and each finished kernel's share after.
    groups : sequence of str, optional
        Names from :data:`GROUPS`.
    """
    from loadplan._jit import CACHE

    names = list(groups or GROUPS)
    if parallel is None:
        parallel = parallel_pays()
    t0 = time.perf_counter()
    lock = threading.Lock()

    def done(kernel: str, weight: float) -> None:
        if progress is not None:
            with lock:
                progress.advance(weight)

    if progress is not None:
        progress.start(sum(c for g in names for _, _, _, c in GROUPS[g]),
                       estimated_seconds(parallel and CACHE, names))
    workers: list[tuple[str, tuple[subprocess.Popen, threading.Thread]]] = []
    if parallel and CACHE and len(names) > 1 and _cpus() > 1 and sys.executable:
        # the worker takes the first group (the largest), this process the rest
        workers = [(g, start_worker(g, done)) for g in names[:1]]
        names = names[1:]
    try:
        for g in names:
            compile_group(g, done)
        for g, (proc, reader) in workers:
            try:
                proc.wait(timeout=WORKER_TIMEOUT_S)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung worker
                proc.kill()
                proc.wait()
            reader.join()
            if proc.returncode != 0:  # the worker failed: compile here what it did not
                compile_group(g, done)
    finally:
        for _, (proc, _) in workers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if progress is not None:
            progress.finish()
    return time.perf_counter() - t0


class ProgressBar:
    """A one-line progress bar with a time estimate, redrawn on ``stream`` (a terminal).

    Parameters
    ----------
    stream : text stream
        Where to draw (``sys.stderr``); nothing else is written there.
    width : int
        Characters in the bar.
    interval : float
        Seconds between redraws (a background thread redraws while compilation runs).
    """

    def __init__(self, stream: TextIO, width: int = 30, interval: float = 0.2) -> None:
        self.stream = stream
        self.width = width
        self.interval = interval
        self.total = 1.0
        self.done = 0.0
        self.estimate = 0.0
        self._t0 = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, total: float, estimate: float) -> None:
        """Begin: ``total`` units of work, ``estimate`` seconds expected."""
        self.total = max(total, 1e-9)
        self.estimate = estimate
        self._t0 = time.perf_counter()
        self.draw()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def advance(self, amount: float) -> None:
        """``amount`` more units done."""
        self.done = min(self.total, self.done + amount)

    def remaining(self) -> float:
        """Seconds still expected: from the estimate at first, from the rate so far once work is done."""
        elapsed = time.perf_counter() - self._t0
        frac = self.done / self.total
        if frac <= 0.0:
            return max(self.estimate - elapsed, 1.0)
        return max(elapsed * (1.0 - frac) / frac, 0.0)

    def line(self) -> str:
        """The bar as text (without the carriage return)."""
        frac = self.done / self.total
        n = int(round(frac * self.width))
        return f"[{'#' * n}{'.' * (self.width - n)}] {100 * frac:3.0f}%  about {self.remaining():.0f} s left"

    def draw(self) -> None:
        """Redraw the line in place."""
        self.stream.write("\r" + self.line())
        self.stream.flush()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.draw()

    def finish(self) -> None:
        """Stop redrawing, show the full bar with the time taken, end the line."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        elapsed = time.perf_counter() - self._t0
        self.stream.write(f"\r[{'#' * self.width}] 100%  compiled in {elapsed:.0f} s\n")
        self.stream.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m loadplan.warmup [--group NAME]``: compile one group (prints each kernel done) or all."""
    ap = argparse.ArgumentParser(prog="python -m loadplan.warmup", description=__doc__.splitlines()[0])
    ap.add_argument("--group", choices=sorted(GROUPS), default=None)
    args = ap.parse_args(argv)
    if args.group is None:
        warm_up()
        return 0

    def report(kernel: str, weight: float) -> None:
        print(f"compiled {kernel}", flush=True)

    compile_group(args.group, report)
    return 0


if __name__ == "__main__":  # pragma: no cover - run as a worker process
    sys.exit(main())
