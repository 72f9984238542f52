"""Geometry for the board rule of stack recipes: which bases on a board its hull surely carries.

:mod:`loadplan.planner.recipes` keeps a drum standing on a layer board when its
base centre is inside the hull of the drums under the board and at least 55 % of
its base (a 32-gon, ``shapely.buffer(point, r, quad_segs=8)``) lies over the hull
(:data:`BASE_SHARE`); a drum lying on it when its centre is inside the hull and at
least 55 % of its bottom line (:data:`LINE_SHARE`, :func:`line_share`) is over it.
:func:`edge_line_distance` and :func:`share_at_least` decide most bases with numpy
and a proven margin, so that :func:`off_hull` measures the exact shapely area only
for the few they cannot decide; :func:`drop_unsupported` then leaves out the drums
that are not carried with all that rests on them; :func:`board_hull_of` is the hull.
"""

from __future__ import annotations

import math

import numpy as np

from loadplan.model import Drum

__all__ = ["edge_line_distance", "share_at_least", "off_hull", "drop_unsupported",
           "board_hull_of", "line_share", "LINE_SHARE", "BASE_SHARE", "inner_box"]

BASE_SHARE = 0.55
"""Least share of a standing drum's base the planner keeps over the hull (the verifier
asks 50 %: ``MIN_SUPPORT_SHARE``)."""

LINE_SHARE = 0.55
"""Least share of a lying drum's bottom line the planner keeps over the hull (the
verifier asks 50 %: ``MIN_LINE_SHARE``), its centre inside."""


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


def off_hull(hull, cen: np.ndarray, ax: np.ndarray, drum: Drum) -> np.ndarray:  # noqa: ANN001
    """Drums standing or lying on the board whose base is not carried by the hull: a
    standing one with its centre outside or less than :data:`BASE_SHARE` of its base
    inside, a lying one with its centre outside or less than :data:`LINE_SHARE` of its
    bottom line inside (the verifier's rules, 50 % each, with a margin)."""
    import shapely

    edge = hull.exterior
    low = np.abs(cen[:, 2] - np.where(ax == "z", drum.height, drum.diameter) / 2.0) < 1e-6
    bad = np.zeros(cen.shape[0], dtype=bool)
    x0, y0, x1, y1 = inner_box(hull)
    # a base whose plan-view box is inside a rectangle inside the hull is carried whole
    hx = np.where(ax == "x", drum.height, drum.diameter) / 2.0
    hy = np.where(ax == "y", drum.height, drum.diameter) / 2.0
    low &= ~((cen[:, 0] - hx >= x0) & (cen[:, 0] + hx <= x1)
             & (cen[:, 1] - hy >= y0) & (cen[:, 1] + hy <= y1))
    idx = np.flatnonzero(low)
    x, y, al = cen[idx, 0], cen[idx, 1], ax[idx]
    bad[idx] = ~shapely.contains_xy(hull, x, y)
    ly = idx[(al != "z") & ~bad[idx]]  # lying, centre inside: the share of the bottom line
    if ly.size:
        bad[ly] |= line_share(hull, cen[ly], ax[ly], drum.height) < LINE_SHARE
    st_ = idx[(al == "z") & ~bad[idx]]  # standing: a base near the edge is checked exactly
    if st_.size:
        # a base whose disc is inside the hull is carried: only those nearer the edge than
        # the radius are checked, found with the lines of the edges (never farther than
        # the edges themselves, so no base nearer the edge is missed; one that is not
        # comes out carried, its disc being inside the hull)
        r = drum.diameter / 2.0
        dist = edge_line_distance(edge, cen[st_, :2])
        near = st_[np.abs(dist).min(axis=1) < r + 1e-6] if dist.shape[1] else st_
        if near.size:
            # a base surely carried: more than 55 % of it inside by a proven margin (what
            # lies outside the hull lies beyond one edge line at least, and beyond a line
            # the base holds no more than the disc does); the others are measured exactly
            sure = np.zeros(near.size, dtype=bool)
            if dist.shape[1]:
                sure = share_at_least(dist[np.searchsorted(st_, near)], r) >= BASE_SHARE + 1e-7
            check = near[~sure]
            if check.size:
                feet = shapely.buffer(shapely.points(cen[check, 0], cen[check, 1]), r,
                                      quad_segs=8)
                share = shapely.area(shapely.intersection(feet, hull)) / shapely.area(feet)
                bad[check] |= share < BASE_SHARE
    return bad


def line_share(hull, cen: np.ndarray, ax: np.ndarray, length: float) -> np.ndarray:  # noqa: ANN001
    """Share of each lying drum's bottom line (``length`` long along its axis ``ax``,
    ``"x"`` or ``"y"``, through its centre ``cen[:, :2]``) inside the convex ``hull``.

    Both ends inside puts the whole line inside (share 1, numpy only); the others are
    measured exactly (shapely: the length of the line's intersection with the hull).
    """
    import shapely

    h = length / 2.0
    dx = np.where(ax == "x", h, 0.0)
    dy = np.where(ax == "y", h, 0.0)
    x0, y0, x1, y1 = cen[:, 0] - dx, cen[:, 1] - dy, cen[:, 0] + dx, cen[:, 1] + dy
    share = np.ones(cen.shape[0])
    part = np.flatnonzero(~(shapely.contains_xy(hull, x0, y0) & shapely.contains_xy(hull, x1, y1)))
    if part.size:
        lines = shapely.linestrings(np.stack([np.column_stack([x0[part], y0[part]]),
                                              np.column_stack([x1[part], y1[part]])], axis=1))
        share[part] = shapely.length(shapely.intersection(lines, hull)) / length
    return share


def drop_unsupported(centres: np.ndarray, axes: np.ndarray, drum: Drum,
                     out: np.ndarray) -> np.ndarray:
    """Which drums stay when those marked ``out`` are left out with all that rests on them.

    A drum goes when its plan-view box overlaps (by more than 1e-6 mm) the box of
    a drum that goes and its bottom is above that drum's bottom (a lying drum nested
    between two below it sits lower than their tops): whatever
    rests on a drum that goes, directly or through others, goes too (it may be
    more than what rests on it; never less). Returns a boolean mask of the drums kept.
    """
    r, h = drum.diameter / 2.0, drum.height / 2.0
    hx = np.where(axes == "x", h, r)
    hy = np.where(axes == "y", h, r)
    hz = np.where(axes == "z", h, r)
    lo = np.column_stack([centres[:, 0] - hx, centres[:, 1] - hy, centres[:, 2] - hz])
    hi = np.column_stack([centres[:, 0] + hx, centres[:, 1] + hy, centres[:, 2] + hz])
    gone = out.copy()
    frontier = np.flatnonzero(gone)
    while frontier.size:
        f_lo, f_hi = lo[frontier], hi[frontier]
        # only drums not gone whose bottom is above the lowest bottom of the frontier
        # can rest on it (for the others every comparison below is False)
        cand = np.flatnonzero(~gone & (lo[:, 2] > f_lo[:, 2].min() + 1e-6))
        c_lo, c_hi = lo[cand], hi[cand]
        over = ((c_lo[:, None, 0] < f_hi[None, :, 0] - 1e-6)
                & (c_hi[:, None, 0] > f_lo[None, :, 0] + 1e-6)
                & (c_lo[:, None, 1] < f_hi[None, :, 1] - 1e-6)
                & (c_hi[:, None, 1] > f_lo[None, :, 1] + 1e-6)
                & (c_lo[:, None, 2] > f_lo[None, :, 2] + 1e-6))  # nested rows sink below a top
        new = cand[over.any(axis=1)]
        gone[new] = True
        frontier = new
    return ~gone


_HULLS: dict = {}
_BOXES: dict = {}


def inner_box(hull) -> tuple[float, float, float, float]:  # noqa: ANN001 - a shapely Polygon
    """A rectangle ``(x0, y0, x1, y1)`` inside ``hull``: its bounds shrunk alike on every
    side by the least of ``0, 1/16, 2/16, ...`` of the shorter side that the hull contains
    (an empty rectangle, ``x0 > x1``, when none does). Cached by the hull (kept alive
    beside its rectangle, so its ``id`` is not reused)."""
    import shapely

    held = _BOXES.get(id(hull))
    got = held[1] if held is not None and held[0] is hull else None
    if got is None:
        bx0, by0, bx1, by1 = hull.bounds
        side = min(bx1 - bx0, by1 - by0)
        got = (1.0, 1.0, 0.0, 0.0)
        for k in range(8):
            t = side * k / 16.0
            box = (bx0 + t, by0 + t, bx1 - t, by1 - t)
            if shapely.contains(hull, shapely.box(*box)):
                got = box
                break
        if len(_BOXES) > 4096:
            _BOXES.clear()
        _BOXES[id(hull)] = (hull, got)
    return got


def board_hull_of(floor: np.ndarray, r: float):  # noqa: ANN202 - a shapely Polygon
    """Convex hull of a floor's discs (shrunk 0.5 mm), prepared; cached by the floor."""
    import shapely
    from shapely.geometry import MultiPoint

    key = (floor.shape[0], r, floor.tobytes())
    got = _HULLS.get(key)
    if got is None:
        got = MultiPoint([tuple(p) for p in floor]).convex_hull.buffer(r - 0.5, quad_segs=32)
        shapely.prepare(got)
        if len(_HULLS) > 4096:
            _HULLS.clear()
        _HULLS[key] = got
    return got
