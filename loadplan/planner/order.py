"""Loading steps: every drum after what it rests on and what lies between it and the front wall."""

from __future__ import annotations

import heapq

import numpy as np

__all__ = ["loading_steps", "WINDOW"]

_TOL = 1e-6
_GAP = 25.0  # a drum resting on a board sits at most a board's thickness above what carries it
_CHUNK = 512


def _boxes(p: np.ndarray) -> np.ndarray:
    r = p["diameter"] / 2.0
    hh = p["height"] / 2.0
    ax = p["axis"]
    ex = np.where(ax == "x", hh, r)
    ey = np.where(ax == "y", hh, r)
    ez = np.where(ax == "z", hh, r)
    return np.column_stack([p["x"] - ex, p["x"] + ex, p["y"] - ey, p["y"] + ey,
                            p["z"] - ez, p["z"] + ez])


def _before(b: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``out[i, k]``: drum ``cols[k]`` must be loaded before drum ``rows[i]``."""
    me, ot = b[rows], b[cols]
    x0, x1, y0, y1, z0, z1 = (me[:, k][:, None] for k in range(6))
    ox0, ox1, oy0, oy1, oz0, oz1 = (ot[:, k][None, :] for k in range(6))
    y_ov = (np.minimum(y1, oy1) - np.maximum(y0, oy0)) > _TOL
    z_ov = (np.minimum(z1, oz1) - np.maximum(z0, oz0)) > _TOL
    x_ov = (np.minimum(x1, ox1) - np.maximum(x0, ox0)) > _TOL
    between = (ox1 <= x0 + _TOL) & y_ov & z_ov
    zc, ozc = (z0 + z1) / 2.0, (oz0 + oz1) / 2.0
    rests = (ozc < zc - _TOL) & (oz0 < z0 - _TOL) & (z0 - oz1 <= _GAP) & x_ov & y_ov
    return between | rests


WINDOW = 3.0
"""Precedences are looked for among drums starting within this many drum lengths (the
longest extent along x) before a drum. Two were not enough: in staggered rows of
standing drums a drum is only "between" another two rows back (one row back their boxes
overlap along x), so a drum three rows back is reached through links of two and three
rows only, and a window of two lengths missed the three-row link."""


def _preds(b: np.ndarray) -> list[np.ndarray]:
    """Each drum's predecessors among the drums that start within a window of
    :data:`WINDOW` drum lengths before it along x (farther ones are reached through the
    drums between: a lane along x is a chain of links of two and three rows)."""
    n = b.shape[0]
    order = np.argsort(b[:, 0], kind="stable")
    xs = b[order, 0]
    window = WINDOW * float((b[:, 1] - b[:, 0]).max()) if n else 0.0
    out: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * n
    for s in range(0, n, _CHUNK):
        rows = order[s:s + _CHUNK]
        lo = np.searchsorted(xs, float(b[rows, 0].min()) - window, side="left")
        hi = np.searchsorted(xs, float(b[rows, 1].max()), side="right")
        cols = order[lo:hi]
        m = _before(b, rows, cols)
        m &= cols[None, :] != rows[:, None]
        for i, r in enumerate(rows.tolist()):
            out[r] = cols[m[i]]
    return out


def loading_steps(placements: np.ndarray) -> np.ndarray:
    """A loading order (step of each drum) that keeps the current order where it can.

    Drum ``j`` must come before drum ``i`` when ``i`` rests on it (their
    plan-view boxes overlap, ``j``'s centre and bottom are lower and ``i``'s
    bottom is at most 25 mm above ``j``'s top: straight on it, nested in the
    groove between lying drums, or on a layer board on it), or when ``j`` is between
    ``i`` and the front wall (``j`` ends at or before ``i``'s start along x,
    and their y and z extents overlap). Among the drums free to go next, the
    one with the lowest current step goes first (a topological sort; boxes
    are the drums' bounding boxes, which only adds precedences). Drums more
    than :data:`WINDOW` drum lengths apart along x are ordered through the drums
    between them (checked independently by :func:`loadplan.verify`).

    Parameters
    ----------
    placements : ndarray
        Placements (``PLACEMENT_DTYPE``) in their current order.

    Returns
    -------
    ndarray of int64
        ``steps[i]``: the new step of drum ``i`` (a permutation of ``0..n-1``).
    """
    n = placements.shape[0]
    b = _boxes(placements)
    preds = _preds(b)
    ok = all(pr.size == 0 or pr.max() < i for i, pr in enumerate(preds))
    if ok:
        return np.arange(n, dtype=np.int64)
    indeg = np.array([p.size for p in preds], dtype=np.int64)
    succ: list[list[int]] = [[] for _ in range(n)]
    for i, pr in enumerate(preds):
        for j in pr.tolist():
            succ[j].append(i)
    heap = [i for i in range(n) if indeg[i] == 0]
    heapq.heapify(heap)
    steps = np.full(n, -1, dtype=np.int64)
    k = 0
    while heap:
        i = heapq.heappop(heap)
        steps[i] = k
        k += 1
        for j in succ[i]:
            indeg[j] -= 1
            if indeg[j] == 0:
                heapq.heappush(heap, j)
    for i in np.flatnonzero(steps < 0).tolist():  # a cycle (never expected): current order
        steps[i] = k
        k += 1
    return steps
