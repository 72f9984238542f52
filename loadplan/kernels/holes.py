"""Fill holes with extra circles, and compact a packing toward one wall.

Candidate positions for a new circle are the points where it would touch two
placed circles, a placed circle and a wall, or two walls; a candidate is taken
when it clears every placed circle. Compaction slides circles one by one toward
``x = 0`` (keeping ``y``) as far as they go, which gathers the slack at the far
end where the hole filler can use it.
"""

from __future__ import annotations

import math

import numpy as np

from loadplan._jit import njit
from loadplan.kernels.check import close_pairs, grid_cells, point_bounds
from loadplan.kernels.sort import argsort_stable

__all__ = ["hole_candidates", "fill_holes", "compact_left"]

_TOL = 1e-7


@njit
def _clear(px: float, py: float, pts: np.ndarray, lo: int, hi: int, d: float) -> bool:
    """Whether ``(px, py)`` is at least ``d`` (less a hair) from ``pts[lo:hi]``."""
    lim = d * d - 2.0 * _TOL * d
    for j in range(lo, hi):
        dx = px - pts[j, 0]
        dy = py - pts[j, 1]
        if dx * dx + dy * dy < lim:
            return False
    return True


@njit
def _clear_of_grid(px: float, py: float, pts: np.ndarray, order: np.ndarray, starts: np.ndarray,
                   nx: int, ny: int, xmin: float, ymin: float, d: float) -> bool:
    """:func:`_clear` against the points sorted into cells of side ``d``
    (:func:`loadplan.kernels.check.grid_cells`): only the 3 x 3 cells around
    the point can hold one closer than ``d``."""
    ix = min(max(int(math.floor((px - xmin) / d)), 0), nx - 1)
    iy = min(max(int(math.floor((py - ymin) / d)), 0), ny - 1)
    lim = d * d - 2.0 * _TOL * d
    for gx in range(max(ix - 1, 0), min(ix + 2, nx)):
        for gy in range(max(iy - 1, 0), min(iy + 2, ny)):
            c = gx * ny + gy
            for t in range(starts[c], starts[c + 1]):
                j = order[t]
                dx = px - pts[j, 0]
                dy = py - pts[j, 1]
                if dx * dx + dy * dy < lim:
                    return False
    return True


@njit
def hole_candidates(pts: np.ndarray, length: float, width: float, d: float) -> np.ndarray:
    """Candidate centres ``(m, 2)`` touching two circles, a circle and a wall,
    or two walls, inside the rectangle (not yet checked against circles)."""
    n = pts.shape[0]
    r = 0.5 * d
    lo_x = r
    hi_x = length - r
    lo_y = r
    hi_y = width - r
    cap = 4 + 8 * n
    out = np.zeros((cap, 2))
    m = 0
    for k in range(4):
        out[m, 0] = lo_x if k < 2 else hi_x
        out[m, 1] = lo_y if k % 2 == 0 else hi_y
        m += 1
    # circle + wall: on the wall's line of centres, at distance d from the centre
    lines = np.empty(4)
    lows = np.empty(4)
    highs = np.empty(4)
    lines[0], lines[1], lines[2], lines[3] = lo_x, hi_x, lo_y, hi_y
    lows[0], lows[1], lows[2], lows[3] = lo_y, lo_y, lo_x, lo_x
    highs[0], highs[1], highs[2], highs[3] = hi_y, hi_y, hi_x, hi_x
    for i in range(n):
        for wall in range(4):
            fixed = 0 if wall < 2 else 1  # the coordinate the wall fixes
            gap = lines[wall] - pts[i, fixed]
            dd = d * d - gap * gap
            if dd < 0.0:
                continue
            s = math.sqrt(dd)
            for sgn in (-1.0, 1.0):
                free = pts[i, 1 - fixed] + sgn * s
                if free >= lows[wall] - _TOL and free <= highs[wall] + _TOL and m < cap:
                    out[m, fixed] = lines[wall]
                    out[m, 1 - fixed] = min(max(free, lows[wall]), highs[wall])
                    m += 1
    pairs = close_pairs(pts, 2.0 * d)
    if m + 2 * pairs.shape[0] > cap:
        bigger = np.zeros((m + 2 * pairs.shape[0], 2))
        for q in range(m):
            bigger[q, 0] = out[q, 0]
            bigger[q, 1] = out[q, 1]
        out = bigger
    for t in range(pairs.shape[0]):
        i = pairs[t, 0]
        j = pairs[t, 1]
        dx = pts[j, 0] - pts[i, 0]
        dy = pts[j, 1] - pts[i, 1]
        q = dx * dx + dy * dy
        if q <= 0.0:
            continue
        dist = math.sqrt(q)
        hgt = math.sqrt(d * d - 0.25 * q)
        mx = pts[i, 0] + 0.5 * dx
        my = pts[i, 1] + 0.5 * dy
        for sgn in (-1.0, 1.0):
            x = mx - sgn * hgt * dy / dist
            y = my + sgn * hgt * dx / dist
            if x >= lo_x - _TOL and x <= hi_x + _TOL and y >= lo_y - _TOL and y <= hi_y + _TOL:
                out[m, 0] = min(max(x, lo_x), hi_x)
                out[m, 1] = min(max(y, lo_y), hi_y)
                m += 1
    return out[:m].copy()


@njit
def fill_holes(pts: np.ndarray, length: float, width: float, d: float, max_rounds: int) -> np.ndarray:
    """Add circles at candidate positions that clear every circle, lowest
    ``x`` (then ``y``) first, until a round adds none or ``max_rounds`` pass."""
    cur = pts.copy()
    for _ in range(max_rounds):
        cand = hole_candidates(cur, length, width, d)
        if cand.shape[0] == 0:
            break
        key = np.empty(cand.shape[0])
        scale = 4.0 * (width + 1.0)
        for c in range(cand.shape[0]):
            key[c] = cand[c, 0] * scale + cand[c, 1]
        order = argsort_stable(key)
        n = cur.shape[0]
        buf = np.zeros((n + cand.shape[0], 2))
        for q in range(n):
            buf[q, 0] = cur[q, 0]
            buf[q, 1] = cur[q, 1]
        # the circles placed so far through a grid; this round's few additions plainly
        cells, starts, nx, ny = grid_cells(cur, d)
        xmin = 0.0
        ymin = 0.0
        if n > 0:
            xmin, _, ymin, _ = point_bounds(cur)
        added = 0
        for t in range(order.size):
            c = order[t]
            px = cand[c, 0]
            py = cand[c, 1]
            if _clear_of_grid(px, py, cur, cells, starts, nx, ny, xmin, ymin, d) and _clear(
                px, py, buf, n, n + added, d
            ):
                buf[n + added, 0] = cand[c, 0]
                buf[n + added, 1] = cand[c, 1]
                added += 1
        cur = buf[: n + added].copy()
        if added == 0:
            break
    return cur


@njit
def compact_left(pts: np.ndarray, d: float) -> np.ndarray:
    """Slide every circle toward ``x = 0`` (keeping ``y``) as far as it goes,
    in order of ``x``: each stops at the wall or against a circle already moved."""
    n = pts.shape[0]
    out = pts.copy()
    order = argsort_stable(pts[:, 0].copy())
    r = 0.5 * d
    for t in range(n):
        i = order[t]
        x = r
        for s in range(t):
            j = order[s]
            dy = out[i, 1] - out[j, 1]
            if abs(dy) < d:
                cand = out[j, 0] + math.sqrt(d * d - dy * dy)
                if cand > x:
                    x = cand
        if x < out[i, 0]:
            out[i, 0] = x
    return out
