"""Geometry for the board rule of stack recipes: which bases on a board its hull surely carries.

:mod:`loadplan.planner.recipes` keeps a drum standing on a layer board when its
base centre is inside the hull of the drums under the board and at least 55 % of
its base (a 32-gon, ``shapely.buffer(point, r, quad_segs=8)``) lies over the hull.
These two functions decide most bases with numpy and a proven margin, so the
exact shapely area is measured only for the few they cannot decide.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["edge_line_distance", "share_at_least"]


def edge_line_distance(ring, pts: np.ndarray) -> np.ndarray:  # noqa: ANN001 - a LinearRing
    """Signed distances ``(m, e)`` of points ``(m, 2)`` to the lines through the edges of
    ``ring`` (positive on the side of the ring's inside; zero-length edges left out).

    Their smallest absolute value is never more than the distance to the ring (a segment
    lies on its line) and equals it for a point inside a convex ring.
    """
    xy = np.asarray(ring.coords, dtype=np.float64)[:, :2]
    a, b = xy[:-1], xy[1:]
    t = b - a
    norm = np.hypot(t[:, 0], t[:, 1])
    ok = norm > 1e-12  # a zero-length edge's point is an end of its neighbours
    a, t, norm = a[ok], t[ok], norm[ok]
    area2 = float(np.sum(xy[:-1, 0] * xy[1:, 1] - xy[1:, 0] * xy[:-1, 1]))
    side = 1.0 if area2 >= 0.0 else -1.0  # counter-clockwise: the inside is on the left
    cross = (t[None, :, 0] * (pts[:, None, 1] - a[None, :, 1])
             - t[None, :, 1] * (pts[:, None, 0] - a[None, :, 0]))
    return side * cross / norm[None, :]


def share_at_least(dist: np.ndarray, r: float) -> np.ndarray:
    """A lower bound on the share of each base (the 32-gon of radius ``r`` that
    ``shapely.buffer(point, r, quad_segs=8)`` makes) inside a polygon, from the signed
    distances ``(m, e)`` of its centre to the polygon's edge lines (:func:`edge_line_distance`).

    The polygon holds every point inside all its edge lines (their intersection is its
    kernel), so what of a base lies outside lies beyond one line at least; beyond a line
    at distance ``t`` the base holds no more than the disc's segment,
    ``r^2 acos(t/r) - t sqrt(r^2 - t^2)`` (``pi r^2`` minus that for ``-t``). Hence
    ``share >= 1 - sum(segments) / (16 r^2 sin(pi/16))``.
    """
    t = np.clip(dist / r, -1.0, 1.0)
    a = np.abs(t)
    seg = r * r * (np.arccos(a) - a * np.sqrt(1.0 - a * a))
    seg = np.where(t < 0.0, math.pi * r * r - seg, seg)
    foot = 16.0 * r * r * math.sin(math.pi / 16.0)
    return 1.0 - seg.sum(axis=1) / foot
