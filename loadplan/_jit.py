"""The project's one Numba decorator, and where its compiled code is kept.

Every kernel in :mod:`loadplan.kernels` is compiled through :func:`njit`, so the
compilation options live in one place:

- ``error_model="numpy"`` (division by zero gives inf/nan, as in NumPy, instead
  of raising, which keeps the kernels branch-free and fast);
- LLVM optimisation level 1 (``$LOADPLAN_NUMBA_OPT`` to change it), set only
  while a kernel compiles (:mod:`loadplan._numba_cache`);
- **one compiled version per argument type**: a kernel called from another
  kernel with a constant (``f(x, 3)``) is compiled for ``int64``, not once per
  constant value (Numba's default types such a constant as ``Literal[int](3)``);
- **a cache that cannot go stale**: compiled machine code is kept on disk
  between processes in :func:`cache_dir`, a folder named by a hash of the
  source of every kernel module, this file and the Numba version
  (:func:`kernel_key`). Numba's own cache checks only the file of the kernel
  it loads, so a cached kernel could keep running the old code of a kernel it
  calls from another module after that one was edited; with the key, any edit
  to any kernel source gives a new, empty folder. The folder lies under
  ``$NUMBA_CACHE_DIR`` if that is set, else under the user's cache folder
  (``$XDG_CACHE_HOME/loadplan`` or ``~/.cache/loadplan`` on Linux,
  ``~/Library/Caches/loadplan`` on macOS, ``%LOCALAPPDATA%\\loadplan`` on
  Windows), or ``$LOADPLAN_CACHE_DIR`` to choose it outright. Set
  ``LOADPLAN_NUMBA_CACHE=0`` to keep nothing on disk.

Nothing is compiled at import, and importing a kernel module creates no
folder: Numba compiles a kernel lazily on its first call and the cache folder
is made when the first compiled kernel is saved. With ``NUMBA_DISABLE_JIT=1``
the kernels run as plain Python, which the test suite uses to exercise their
lines. This module itself imports only the standard library, so that the
command line can ask :func:`cache_dir` without loading Numba.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path
from typing import Any, Callable

__all__ = ["njit", "CACHE", "kernel_key", "kernel_sources", "cache_root", "cache_dir"]

CACHE: bool = os.environ.get("LOADPLAN_NUMBA_CACHE", "1").strip().lower() not in {"0", "false", "no", "off"}

_PACKAGE = Path(__file__).resolve().parent


def kernel_sources(package: Path | None = None) -> list[Path]:
    """The files whose content keys the cache: this module and every ``kernels/*.py``."""
    root = _PACKAGE if package is None else Path(package)
    return [root / "_jit.py", root / "_numba_cache.py"] + sorted((root / "kernels").glob("*.py"))


def _numba_version() -> str:
    try:
        from importlib.metadata import version

        return version("numba")
    except Exception:  # pragma: no cover - numba always installed with loadplan
        return "unknown"


@functools.lru_cache(maxsize=None)
def kernel_key(package: str | None = None) -> str:
    """A 16-hex-digit hash of the kernel sources, the Numba version and the Python version.

    Parameters
    ----------
    package : str, optional
        The ``loadplan`` package folder (default: this one).
    """
    h = hashlib.sha256()
    h.update(f"numba {_numba_version()} python {sys.version_info[:2]} {sys.implementation.name}".encode())
    h.update(f"opt {os.environ.get('LOADPLAN_NUMBA_OPT', '')}".encode())
    for path in kernel_sources(None if package is None else Path(package)):
        if path.exists():
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def cache_root() -> Path:
    """The folder that holds one cache folder per kernel key (see the module docstring)."""
    explicit = os.environ.get("LOADPLAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    numba_dir = os.environ.get("NUMBA_CACHE_DIR")
    if numba_dir:
        return Path(numba_dir) / "loadplan"
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":  # pragma: no cover - exercised on macOS only
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "loadplan"


def cache_dir() -> Path:
    """Where the compiled kernels of this exact source are kept: ``cache_root() / "numba-<key>"``."""
    return cache_root() / f"numba-{kernel_key()}"


def njit(*args: Any, **kwargs: Any) -> Callable:
    """Compile a function with Numba in nopython mode, with the project's options.

    Used bare (``@njit``) or with extra options (``@njit(inline="always")``).
    """
    def wrap(func: Callable) -> Callable:
        from loadplan._numba_cache import make_dispatcher  # imports numba

        options = {"error_model": "numpy", "nogil": True}
        options.update(kwargs)
        return make_dispatcher(func, options, cache_dir() if CACHE else None)

    if len(args) == 1 and callable(args[0]) and not kwargs:
        return wrap(args[0])
    if args:
        raise TypeError("loadplan's njit takes no signatures: kernels compile lazily, one version per type")
    return wrap
