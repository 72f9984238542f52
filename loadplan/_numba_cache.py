"""Numba plumbing behind :func:`loadplan._jit.njit` (imports Numba; kernels only).

- :class:`KernelDispatcher`: Numba's CPU dispatcher, except that a call from
  another kernel is typed without literal constants, so ``f(x, 3)`` and
  ``f(x, 4)`` share one compiled ``f(float64, int64)``, and that it compiles
  at LLVM level :data:`KERNEL_OPT` (``-O1``: a fifth less compile time than
  Numba's ``-O3``, the same results and the same speed for these branchy
  scalar loops; see :class:`kernel_opt_level`).
- :class:`KeyedFunctionCache`: Numba's on-disk function cache, kept in one
  folder given by :func:`loadplan._jit.cache_dir` (keyed by the hash of all
  kernel sources), made only when something is saved; a folder that cannot be
  written means "not cached", never an error.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from numba.core import config, types
from numba.core.compiler_lock import global_compiler_lock
from numba.core.caching import FunctionCache, _CacheLocator, _SourceFileBackedLocatorMixin
from numba.core.caching import CompileResultCacheImpl
from numba.core.registry import CPUDispatcher
from numba.core.runtime import rtsys

__all__ = ["KernelDispatcher", "KeyedFunctionCache", "make_dispatcher", "index_path", "KERNEL_OPT",
           "kernel_opt_level", "LAZY_REGISTRIES"]

#: LLVM optimisation level the kernels are compiled at (Numba's default is 3);
#: ``$LOADPLAN_NUMBA_OPT`` overrides it (1, 2 or 3; part of the cache key).
KERNEL_OPT: int = int(os.environ.get("LOADPLAN_NUMBA_OPT", "1"))

#: Load cached kernels without Numba's refresh of all its compile-time registries (see
#: :meth:`KeyedFunctionCache.load_overload`); ``$LOADPLAN_NUMBA_LAZY_REGISTRIES=0`` restores
#: Numba's own loading (for measurements).
LAZY_REGISTRIES: bool = os.environ.get("LOADPLAN_NUMBA_LAZY_REGISTRIES", "1") != "0"

_CACHE_DIR: Path | None = None

#: Called as ``before_compile(py_func)`` before a kernel compiles (or loads from the cache) in
#: this process, when set: :mod:`loadplan.first_run` sets it while a worker process compiles
#: kernels into the cache, to wait for the worker's code rather than compile it twice.
before_compile: Callable[[Callable], None] | None = None


class KeyedLocator(_SourceFileBackedLocatorMixin, _CacheLocator):
    """Every kernel's cache files in the one keyed folder (file names carry module and line)."""

    def __init__(self, py_func: Callable, py_file: str) -> None:
        self._py_file = py_file
        self._lineno = py_func.__code__.co_firstlineno
        self._cache_path = str(_CACHE_DIR)

    def get_cache_path(self) -> str:
        return self._cache_path

    @classmethod
    def from_function(cls, py_func: Callable, py_file: str) -> "KeyedLocator | None":
        if _CACHE_DIR is None or not os.path.exists(py_file):
            return None
        return cls(py_func, py_file)  # no folder made here: Numba makes it before saving


class _KeyedImpl(CompileResultCacheImpl):
    _locator_classes = [KeyedLocator]


class KeyedFunctionCache(FunctionCache):
    """A :class:`numba.core.caching.FunctionCache` in the keyed folder; write errors disable it."""

    _impl_class = _KeyedImpl

    def load_overload(self, sig: Any, target_context: Any) -> Any:
        """The cached version for ``sig``, or None; without Numba's registry refresh.

        Numba's own ``load_overload`` first refreshes the target context: it
        imports and installs every lowering registry (array maths, typed
        containers, random, jitclass... and, for BLAS, SciPy's linalg), which
        only compiling needs (a compilation refreshes the context itself) and
        costs ~0.2 s in each new process. Running loaded machine code needs
        only Numba's runtime (NRT: array allocation), initialised here, and
        the C helpers, registered when Numba is imported.
        """
        if not LAZY_REGISTRIES:
            return super().load_overload(sig, target_context)
        rtsys.initialize(target_context)
        with self._guard_against_spurious_io_errors():
            return self._load_overload(sig, target_context)

    def save_overload(self, sig: Any, data: Any) -> None:
        try:
            super().save_overload(sig, data)
        except OSError:
            self.disable()  # an unwritable cache folder: keep running, uncached


class kernel_opt_level:
    """Context manager: Numba compiles at LLVM level :data:`KERNEL_OPT` inside it.

    Numba reads ``config.OPT`` each time it builds its LLVM pass pipelines, so
    setting it for the duration of one compilation (under Numba's global
    compiler lock, so no other thread compiles meanwhile) changes only the
    kernels compiled in it, and what they call; it is restored on exit.
    Without fast-math, every level keeps IEEE semantics, so results do not
    depend on it, only compile time and speed.
    """

    def __enter__(self) -> None:
        global_compiler_lock.acquire()
        self._old = config.OPT
        config.OPT = config._OptLevel(KERNEL_OPT)

    def __exit__(self, *exc: Any) -> None:
        config.OPT = self._old
        global_compiler_lock.release()


class KernelDispatcher(CPUDispatcher):
    """Numba's CPU dispatcher: compiled at :data:`KERNEL_OPT`, calls from other kernels typed
    without literal constants."""

    def compile(self, sig: Any) -> Any:
        hook = before_compile
        if hook is not None:
            hook(self.py_func)  # outside the compiler lock: another thread may compile meanwhile
        with kernel_opt_level():
            return super().compile(sig)

    def get_call_template(self, args: Any, kws: Any) -> Any:
        args = tuple(types.unliteral(a) for a in args)
        kws = {k: types.unliteral(v) for k, v in kws.items()}
        return super().get_call_template(args, kws)


def index_path(dispatcher: Any) -> Path | None:
    """The cache index file of a kernel (it exists once a version of the kernel was saved)."""
    cache = getattr(dispatcher, "_cache", None)
    cache_file = getattr(cache, "_cache_file", None)
    path = getattr(cache_file, "_index_path", None)
    return None if path is None else Path(path)


def make_dispatcher(func: Callable, options: dict[str, Any], cache: Path | None) -> Callable:
    """A :class:`KernelDispatcher` for ``func`` (nopython), cached in ``cache`` unless None.

    With ``NUMBA_DISABLE_JIT=1`` returns ``func`` itself.
    """
    global _CACHE_DIR
    if config.DISABLE_JIT:
        return func
    targetoptions = {"nopython": True, "boundscheck": None}
    targetoptions.update(options)
    disp = KernelDispatcher(py_func=func, locals={}, targetoptions=targetoptions)
    if cache is not None:
        _CACHE_DIR = cache
        disp._cache = KeyedFunctionCache(func)
    return disp
