"""The library's first run on a cold compile cache: compile in two processes at once.

:func:`prepare_first_run` is called by :func:`loadplan.plan` before it packs.
On a cold cache (and an idle CPU) it starts one worker process that compiles
the first kernel group of :data:`loadplan.warmup.GROUPS` into the on-disk
cache, and returns at once: this process goes on planning, compiling the
kernels it needs lazily as always. When it reaches a kernel the worker is
compiling, it waits for the worker's code and loads it from the cache (the
cache is the hand-off) rather than compile it a second time
(:data:`loadplan._numba_cache.before_compile`). So the planning itself runs
beside the worker's compilation instead of after it.

Safe by construction:

- once per process, never in a worker (:data:`loadplan.warmup.WORKER_ENV`) nor in a
  frozen application (its ``sys.executable`` is the application, not Python),
  never with ``LOADPLAN_PARALLEL_WARMUP=0`` (``=always``: even without an idle
  CPU), with ``NUMBA_DISABLE_JIT=1`` or with caching off;
- only when a kernel of the worker's group is not cached yet (on a warm
  cache the check costs a few ``stat`` calls, 3 ms), the cache folder is writable
  (:func:`cache_writable`) and a CPU is idle
  (:func:`loadplan.warmup.parallel_pays`); otherwise nothing changes;
- a worker that fails or ends early releases every kernel it had not
  finished: this process then compiles them itself; a worker still running
  when this process exits is waited for (it is filling the cache).

It prints nothing (a library does not write to stdout or stderr); it logs
one INFO line on the ``loadplan.warmup`` logger when it starts a worker.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
from typing import Any, Callable

__all__ = ["prepare_first_run", "cache_writable", "WorkerHandOff"]

_LOG = logging.getLogger("loadplan.warmup")
_lock = threading.Lock()
_seen = False
_OFF = {"0", "false", "no", "off"}

#: The hand-off of the worker this process started, if any (for measurements and tests).
last_handoff: "WorkerHandOff | None" = None


def cache_writable() -> bool:
    """Whether compiled kernels can be saved: caching is on and the cache folder, or the nearest
    folder above it that exists, is writable (the hand-off from a worker needs it)."""
    from loadplan._jit import CACHE, cache_dir

    if not CACHE:
        return False
    path = cache_dir()
    while not path.exists() and path.parent != path:
        path = path.parent
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def kernel_name(py_func: Callable) -> str:
    """``module.kernel`` under :mod:`loadplan.kernels` (the names of :data:`warmup.ENTRY_KERNELS`)."""
    return f"{py_func.__module__.removeprefix('loadplan.kernels.')}.{py_func.__name__}"


class WorkerHandOff:
    """The kernels a worker process is compiling, and waiting for them.

    Installed as :data:`loadplan._numba_cache.before_compile`: a kernel of the
    worker's group that this process is about to compile waits until the
    worker reports it done (or ends), then Numba finds it in the cache.

    Parameters
    ----------
    kernels : iterable of str
        ``module.kernel`` names the worker compiles.
    timeout : float
        Longest wait for one kernel, in seconds.
    """

    def __init__(self, kernels: Any, timeout: float) -> None:
        self.events = {name: threading.Event() for name in kernels}
        self.timeout = timeout
        self.waited = 0.0

    def done(self, kernel: str, weight: float = 0.0) -> None:
        """The worker finished ``kernel`` (saved in the cache)."""
        event = self.events.get(kernel)
        if event is not None:
            event.set()

    def release(self) -> None:
        """The worker ended: nothing more to wait for (what it left undone compiles here)."""
        for event in self.events.values():
            event.set()

    def __call__(self, py_func: Callable) -> None:
        event = self.events.get(kernel_name(py_func))
        if event is not None and not event.is_set():
            import time

            t0 = time.perf_counter()
            event.wait(self.timeout)
            self.waited += time.perf_counter() - t0


def _disabled() -> bool:
    from loadplan import warmup

    if os.environ.get(warmup.WORKER_ENV) or getattr(sys, "frozen", False) or not sys.executable:
        return True  # a worker; or an application bundle whose interpreter would run the app
    return os.environ.get("LOADPLAN_PARALLEL_WARMUP", "1").strip().lower() in _OFF


def prepare_first_run() -> bool:
    """On a cold compile cache, start a worker process compiling half the engine (see the module
    docstring); returns whether it started one. Once per process; never raises for a worker
    that cannot start (the kernels then compile here, lazily)."""
    global _seen
    with _lock:
        if _seen:
            return False
        _seen = True
        if _disabled() or not cache_writable():
            return False
        from loadplan import warmup

        group = next(iter(warmup.GROUPS))
        force = os.environ.get("LOADPLAN_PARALLEL_WARMUP", "").strip().lower() == "always"
        if not warmup.missing_kernels([group]) or not (force or warmup.parallel_pays()):
            return False
        return _start(warmup, group)


def _start(warmup: Any, group: str) -> bool:
    """Start the worker for ``group`` and install its hand-off."""
    from loadplan import _numba_cache

    global last_handoff
    kernels = [f"{m}.{k}" for m, k, _, _ in warmup.GROUPS[group]]
    handoff = last_handoff = WorkerHandOff(kernels, warmup.WORKER_TIMEOUT_S)

    def finished() -> None:
        handoff.release()
        if _numba_cache.before_compile is handoff:
            _numba_cache.before_compile = None

    _numba_cache.before_compile = handoff  # before the worker starts: it may end at once
    try:
        proc, _ = warmup.start_worker(group, handoff.done, finished)
    except OSError:  # no interpreter to start: compile here
        finished()
        return False
    atexit.register(_reap, proc)
    _LOG.info("compiling the packing engine for this machine in 2 processes, first run only "
              "('loadplan warmup' does it ahead)")
    return True


def _reap(proc: Any) -> None:
    """At exit: let a running worker finish filling the cache, then collect it."""
    from loadplan import warmup

    try:
        proc.wait(timeout=warmup.WORKER_TIMEOUT_S)
    except Exception:  # pragma: no cover - a hung worker
        proc.kill()
        proc.wait()
