"""Overlap and containment checks for equal circles, grid-hashed."""

from __future__ import annotations

import numpy as np

from loadplan._jit import njit

__all__ = ["point_bounds", "grid_cells", "count_conflicts", "close_pairs"]


@njit
def point_bounds(pts: np.ndarray) -> tuple:
    """``(xmin, xmax, ymin, ymax)`` of the points ``(n, 2)``, ``n >= 1`` (a plain loop:
    column reductions would compile once per array layout)."""
    xmin = pts[0, 0]
    xmax = pts[0, 0]
    ymin = pts[0, 1]
    ymax = pts[0, 1]
    for i in range(1, pts.shape[0]):
        x = pts[i, 0]
        y = pts[i, 1]
        if x < xmin:
            xmin = x
        if x > xmax:
            xmax = x
        if y < ymin:
            ymin = y
        if y > ymax:
            ymax = y
    return xmin, xmax, ymin, ymax


@njit
def grid_cells(pts: np.ndarray, cell: float) -> tuple:
    """Sort points into square cells of side ``cell``.

    Returns ``(order, starts, nx, ny)``: point indices sorted by cell, and for
    cell ``c = ix * ny + iy`` its points are ``order[starts[c]:starts[c+1]]``."""
    n = pts.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(2, dtype=np.int64), 1, 1
    xmin, xmax, ymin, ymax = point_bounds(pts)
    nx = int((xmax - xmin) / cell) + 1
    ny = int((ymax - ymin) / cell) + 1
    keys = np.zeros(n, dtype=np.int64)
    for i in range(n):
        ix = int((pts[i, 0] - xmin) / cell)
        iy = int((pts[i, 1] - ymin) / cell)
        keys[i] = ix * ny + iy
    starts = np.zeros(nx * ny + 1, dtype=np.int64)
    for i in range(n):
        starts[keys[i] + 1] += 1
    for c in range(nx * ny):
        starts[c + 1] += starts[c]
    # counting sort: points by cell, in index order within a cell (a stable sort)
    fill = starts[:-1].copy()
    order = np.empty(n, dtype=np.int64)
    for i in range(n):
        order[fill[keys[i]]] = i
        fill[keys[i]] += 1
    return order, starts, nx, ny


@njit
def count_conflicts(pts: np.ndarray, length: float, width: float, d: float, tol: float) -> int:
    """Number of circles outside the rectangle plus overlapping pairs
    (centres closer than ``d - tol``)."""
    n = pts.shape[0]
    bad = 0
    r = 0.5 * d
    for i in range(n):
        x = pts[i, 0]
        y = pts[i, 1]
        if not (x >= r - tol and x <= length - r + tol and y >= r - tol and y <= width - r + tol):
            bad += 1
    return bad + close_pairs(pts, d - tol).shape[0]


@njit
def close_pairs(pts: np.ndarray, radius: float) -> np.ndarray:
    """All pairs ``(i, j)``, ``i < j``, of points closer than ``radius``,
    found through a grid of cells of side ``radius``; ``(k, 2)`` int64."""
    n = pts.shape[0]
    out = np.zeros((max(8 * n, 16), 2), dtype=np.int64)
    k = 0
    if n < 2 or radius <= 0.0:
        return out[:0].copy()
    order, starts, nx, ny = grid_cells(pts, radius)
    xmin, _, ymin, _ = point_bounds(pts)
    lim = radius * radius
    for i in range(n):
        ix = int((pts[i, 0] - xmin) / radius)
        iy = int((pts[i, 1] - ymin) / radius)
        for gx in range(max(ix - 1, 0), min(ix + 2, nx)):
            for gy in range(max(iy - 1, 0), min(iy + 2, ny)):
                c = gx * ny + gy
                for t in range(starts[c], starts[c + 1]):
                    j = order[t]
                    if j <= i:
                        continue
                    dx = pts[i, 0] - pts[j, 0]
                    dy = pts[i, 1] - pts[j, 1]
                    if dx * dx + dy * dy < lim:
                        if k == out.shape[0]:
                            bigger = np.zeros((2 * k, 2), dtype=np.int64)
                            for q in range(k):
                                bigger[q, 0] = out[q, 0]
                                bigger[q, 1] = out[q, 1]
                            out = bigger
                        out[k, 0] = i
                        out[k, 1] = j
                        k += 1
    return out[:k].copy()
