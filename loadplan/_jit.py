"""The project's one Numba decorator.

Every kernel in :mod:`loadplan.kernels` is compiled through :func:`njit`, so the
compilation options live in one place:

- ``cache=True`` (compiled machine code is kept on disk between processes);
  set the environment variable ``LOADPLAN_NUMBA_CACHE=0`` to turn it off;
- ``error_model="numpy"`` (division by zero gives inf/nan, as in NumPy, instead
  of raising, which keeps the kernels branch-free and fast).

Nothing is compiled at import: Numba compiles a kernel lazily on its first call.
With ``NUMBA_DISABLE_JIT=1`` the kernels run as plain Python, which the test
suite uses to exercise their lines.
"""

from __future__ import annotations

import os
from typing import Any, Callable

__all__ = ["njit", "CACHE"]

CACHE: bool = os.environ.get("LOADPLAN_NUMBA_CACHE", "1").strip().lower() not in {"0", "false", "no", "off"}


def njit(*args: Any, **kwargs: Any) -> Callable:
    """Compile a function with Numba in nopython mode, with the project's options.

    Used bare (``@njit``) or with extra options (``@njit(inline="always")``).
    """
    import numba  # imported here so that importing loadplan never pulls in the compiler eagerly

    options = {"cache": CACHE, "error_model": "numpy", "nogil": True}
    options.update(kwargs)
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return numba.njit(**options)(args[0])
    return numba.njit(*args, **options)
