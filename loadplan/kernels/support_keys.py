"""Loading keys raised over what lies under a drum, for 3-D layouts of one drum size.

A fill's layout gives each drum a loading key (its block along the length);
loading sorts by (key, height). A drum must never come before a lower drum
whose box touches its own with overlapping footprints (what carries it, and
a drum right under it that only touches it, such as a standing drum under the
edge of a lying one), so keys are raised bottom up: a drum's key becomes at
least the key of every such lower drum.
"""

from __future__ import annotations

import math

import numpy as np

from loadplan._jit import njit
from loadplan.kernels.sort import argsort_stable

__all__ = ["raise_support_keys"]

TOL = 1e-6


@njit
def _footprints_overlap(cen: np.ndarray, axis: np.ndarray, half: np.ndarray, i: int, j: int) -> bool:
    """Seen from above, do drums i and j overlap by more than TOL? A standing drum
    (axis 2) is a disc, a lying one the rectangle of its box."""
    dx = abs(cen[i, 0] - cen[j, 0])
    dy = abs(cen[i, 1] - cen[j, 1])
    disc_i = axis[i] == 2
    disc_j = axis[j] == 2
    if disc_i and disc_j:
        return math.sqrt(dx * dx + dy * dy) < half[i, 0] + half[j, 0] - TOL
    if not disc_i and not disc_j:
        return dx < half[i, 0] + half[j, 0] - TOL and dy < half[i, 1] + half[j, 1] - TOL
    r = half[i, 0] if disc_i else half[j, 0]
    rx = half[j, 0] if disc_i else half[i, 0]
    ry = half[j, 1] if disc_i else half[i, 1]
    ex = max(dx - rx, 0.0)
    ey = max(dy - ry, 0.0)
    return math.sqrt(ex * ex + ey * ey) < r - TOL


@njit
def _boxes_touch(cen: np.ndarray, half: np.ndarray, i: int, j: int) -> bool:
    for c in range(3):
        if cen[j, c] - half[j, c] > cen[i, c] + half[i, c] + TOL:
            return False
        if cen[i, c] - half[i, c] > cen[j, c] + half[j, c] + TOL:
            return False
    return True


@njit
def _lower_bound(sorted_keys: np.ndarray, target: float) -> int:
    lo = 0
    hi = sorted_keys.shape[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if sorted_keys[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit
def raise_support_keys(centres: np.ndarray, axis: np.ndarray, d: float, h: float,
                       keys: np.ndarray) -> np.ndarray:
    """Loading keys raised so that no drum comes before anything under it.

    Parameters
    ----------
    centres : float64 (n, 3)
        Drum centres.
    axis : int64 (n,)
        0 lying along x, 1 lying across (y), 2 standing.
    d, h : float
        Diameter and length of every drum.
    keys : float64 (n,)
        Loading keys.

    Returns
    -------
    float64 (n,)
        Every drum's key at least the key of each drum whose centre is lower
        by more than TOL, whose box touches its box (within TOL) and whose
        footprint overlaps its footprint (by more than TOL).
    """
    n = centres.shape[0]
    out = keys.copy()
    if n < 2:
        return out
    half = np.empty((n, 3))
    for i in range(n):
        for c in range(3):
            half[i, c] = 0.5 * d
        half[i, axis[i]] = 0.5 * h
    size = max(d, h) * (1 + 1e-9) + 1e-9
    x0 = centres[0, 0]
    y0 = centres[0, 1]
    for i in range(n):
        x0 = min(x0, centres[i, 0])
        y0 = min(y0, centres[i, 1])
    cx = np.empty(n, dtype=np.int64)
    cy = np.empty(n, dtype=np.int64)
    nv = 0
    for i in range(n):
        cx[i] = int(math.floor((centres[i, 0] - x0) / size))
        cy[i] = int(math.floor((centres[i, 1] - y0) / size))
        nv = max(nv, cy[i])
    nv += 3
    cell = np.empty(n)
    for i in range(n):
        cell[i] = float((cx[i] + 1) * nv + cy[i] + 1)
    by_cell = argsort_stable(cell)
    sorted_cell = np.empty(n)
    for a in range(n):
        sorted_cell[a] = cell[by_cell[a]]
    z = np.empty(n)
    for i in range(n):
        z[i] = centres[i, 2]
    by_height = argsort_stable(z)
    for a in range(n):
        i = by_height[a]
        for du in range(-1, 2):
            for dv in range(-1, 2):
                target = cell[i] + du * nv + dv
                b = _lower_bound(sorted_cell, target)
                while b < n and sorted_cell[b] == target:
                    j = by_cell[b]
                    b += 1
                    if z[j] >= z[i] - TOL or out[j] <= out[i]:
                        continue
                    if _boxes_touch(centres, half, i, j) and _footprints_overlap(centres, axis, half, i, j):
                        out[i] = out[j]
    return out
