"""A stable argsort for the kernels, as one small compiled function.

``np.argsort(kind="mergesort")`` in a kernel makes Numba compile its generic
merge sort for every array type it meets (several seconds on the first run);
the kernels sort only 1-D float64 keys, so one plain merge sort does, with one
compiled version.
"""

from __future__ import annotations

import numpy as np

from loadplan._jit import njit

__all__ = ["argsort_stable"]


@njit
def argsort_stable(keys: np.ndarray) -> np.ndarray:
    """Indices that sort the 1-D float64 ``keys`` ascending, equal keys in index
    order: the same as ``np.argsort(keys, kind="stable")`` for keys without NaN.

    A bottom-up merge sort of the indices (runs of 1, 2, 4, ... merged pairwise,
    the left run winning ties)."""
    n = keys.shape[0]
    idx = np.empty(n, dtype=np.int64)
    for i in range(n):
        idx[i] = i
    buf = np.empty(n, dtype=np.int64)
    width = 1
    while width < n:
        lo = 0
        while lo < n:
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            i = lo
            j = mid
            k = lo
            while i < mid and j < hi:
                if keys[idx[j]] < keys[idx[i]]:
                    buf[k] = idx[j]
                    j += 1
                else:
                    buf[k] = idx[i]
                    i += 1
                k += 1
            while i < mid:
                buf[k] = idx[i]
                i += 1
                k += 1
            while j < hi:
                buf[k] = idx[j]
                j += 1
                k += 1
            lo = hi
        idx, buf = buf, idx
        width *= 2
    return idx
