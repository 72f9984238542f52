"""The support rule for lying drums (axis x or y) that rest on other drums.

Projected on the horizontal plane, a lying drum's contacts are segments along
its axis: under a standing drum's top disc (a chord), at a crossing
perpendicular lying drum (a point), or along a parallel lying drum it touches
below (offset to the side the other drum lies on). The drum is stable when
its centre lies in the convex hull of its contacts (within ``TOL``) and the
hull spans at least :data:`MIN_LINE_SHARE` (50 %) of its length. A drum in a
groove (a parallel drum each side) is stable; one touching a parallel drum on
one side only rolls off, unless a side wall (drums lying across: the front
wall or the closed doors) or a neighbour level with its centre is within
:data:`LEAN_GAP` (2 mm) on the other side; one straight on top of a parallel
drum is sound but needs chocks.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from shapely.geometry import MultiPoint, Point

from loadplan.verification.arrays import LoadArrays
from loadplan.verification.contacts import group_by
from loadplan.verification.geometry import pair_overlaps
from loadplan.verification.tolerances import LEAN_GAP, MIN_LINE_SHARE, TOL

__all__ = ["straight_stacked", "Neighbours", "lying_problem"]

Segment = tuple[float, float, float]
"""A contact ``(start, end, side)``: along the axis relative to the centre, and the
lateral offset of the line of contact (0 under the axis)."""


def straight_stacked(a: LoadArrays, cu: np.ndarray, cw: np.ndarray) -> np.ndarray:
    """Lying drums straight on parallel drums below, sound: :func:`lying_problem` would
    return ``(None, "straight")`` for them (vectorised; the others take the per-drum path).

    Every direct supporter is a parallel lying drum right under the axis (lateral
    offset of the contact within 1e-3 mm), their segments along the axis reach the
    drum's centre from both sides and span at least ``MIN_LINE_SHARE`` of its length.
    """
    cen, k, r, hl, n = a.cen, a.k, a.r, a.hl, a.n
    ok = np.zeros(n, dtype=bool)
    lying = k[cu] != 2
    if not lying.any():
        return ok
    u, w = cu[lying], cw[lying]
    par = k[w] == k[u]
    ax = k[u]
    lat = 1 - ax
    off = np.where(par, r[u] * (cen[w, lat] - cen[u, lat]) / (r[u] + r[w]), np.inf)
    other = np.zeros(n, dtype=bool)
    other[u[~par | (np.abs(off) > 1e-3)]] = True
    a0, li = cen[u, ax], hl[u]
    s0 = np.maximum(cen[w, ax] - hl[w] - a0, -li)
    s1 = np.minimum(cen[w, ax] + hl[w] - a0, li)
    lo_s = np.full(n, np.inf)
    hi_s = np.full(n, -np.inf)
    np.minimum.at(lo_s, u, s0)
    np.maximum.at(hi_s, u, s1)
    ok[u] = True
    with np.errstate(invalid="ignore"):
        span = (hi_s - lo_s) / (2 * hl)
    return ok & ~other & (lo_s <= TOL) & (hi_s >= -TOL) & (span >= MIN_LINE_SHARE - 1e-9)


class Neighbours:
    """Whether a neighbour holds a lying drum from rolling sideways.

    Parameters
    ----------
    a : LoadArrays
    pi, pj : numpy.ndarray
        Candidate pairs of drums near each other (each pair once).
    """

    def __init__(self, a: LoadArrays, pi: np.ndarray, pj: np.ndarray) -> None:
        self.a = a
        self.pairs = (pi, pj)
        self._near: list[np.ndarray] = []

    def holds(self, i: int, side: int) -> bool:
        """A neighbour within LEAN_GAP on ``side`` (+1 or -1) of lying drum i, level with its centre."""
        a = self.a
        if not self._near:
            pi, pj = self.pairs
            self._near.extend(group_by(np.r_[pi, pj], np.r_[pj, pi], a.n))
        js = self._near[i]
        if js.size == 0:
            return False
        lat = 1 - int(a.k[i])
        js = js[((a.cen[js, lat] - a.cen[i, lat]) * side > 0)
                & (a.lo[js, 2] <= a.cen[i, 2]) & (a.hi[js, 2] >= a.cen[i, 2])]
        if js.size == 0:
            return False
        m = js.shape[0]
        me = (np.repeat(a.cen[i:i + 1], m, 0), np.full(m, a.k[i]), np.full(m, a.r[i]),
              np.full(m, a.hl[i]))
        close = pair_overlaps(me, a.cylinders(js), tol=-LEAN_GAP)
        return bool(close.any())


def _segments(a: LoadArrays, i: int, sup: np.ndarray) -> tuple[list[Segment], bool]:
    """Contact segments of lying drum i on its supporters ``sup``, and whether it lies
    straight on parallel drums only (all segments under its axis)."""
    cen, k, r, hl = a.cen, a.k, a.r, a.hl
    ax = int(k[i])
    lat = 1 - ax
    a0, l0, ri, li = cen[i, ax], cen[i, lat], r[i], hl[i]
    segs: list[Segment] = []
    straight = True
    for j in sup:
        kj = int(k[j])
        if kj == 2:
            dl = cen[j, lat] - l0
            ch = math.sqrt(max(r[j] ** 2 - dl**2, 0.0))
            s0 = max(cen[j, ax] - ch - a0, -li)
            s1 = min(cen[j, ax] + ch - a0, li)
            segs.append((s0, s1, 0.0))
            straight = False
        elif kj != ax:
            p_ = cen[j, ax] - a0
            segs.append((p_, p_, 0.0))
            straight = False
        else:
            s0 = max(cen[j, ax] - hl[j] - a0, -li)
            s1 = min(cen[j, ax] + hl[j] - a0, li)
            off = ri * (cen[j, lat] - l0) / (ri + r[j])
            segs.append((s0, s1, off if abs(off) > 1e-3 else 0.0))
    return segs, straight and all(s[2] == 0.0 for s in segs)


def _held(a: LoadArrays, i: int, segs: list[Segment], neighbours: Any) -> bool:
    """On one side of a drum below, the drum would roll toward the other side: add the
    wall or neighbour that holds it there as a contact. True when a neighbour or a wall
    not quite touching (within LEAN_GAP) holds it (the notes list those)."""
    has_left = any(s[2] < 0 for s in segs)
    has_right = any(s[2] > 0 for s in segs)
    if has_left == has_right or any(s[2] == 0 for s in segs):
        return False
    lat = 1 - int(a.k[i])
    l0, ri, li = a.cen[i, lat], a.r[i], a.hl[i]
    side = 1 if has_left else -1
    wall_gap = (a.size[lat] - (l0 + ri)) if side > 0 else (l0 - ri)
    if wall_gap <= TOL:
        segs.append((-li, li, side * ri))  # against the wall: the normal case
        return False
    if wall_gap <= LEAN_GAP or (neighbours is not None and neighbours.holds(i, side)):
        segs.append((-li, li, side * ri))
        return True
    return False


def _centre_inside(segs: list[Segment]) -> bool:
    """Whether the drum's centre (0, 0) is in the convex hull of its contacts."""
    left = [s for s in segs if s[2] < 0]
    right = [s for s in segs if s[2] > 0]
    mid = [s for s in segs if s[2] == 0]

    def covers(s: Segment) -> bool:
        return s[0] <= TOL and s[1] >= -TOL

    if any(covers(s) for s in mid) or (any(covers(s) for s in left)
                                       and any(covers(s) for s in right)):
        return True
    pts = [(s[0], s[2]) for s in segs] + [(s[1], s[2]) for s in segs]
    return MultiPoint(pts).convex_hull.distance(Point(0.0, 0.0)) <= TOL


def lying_problem(a: LoadArrays, i: int, sup: np.ndarray,
                  neighbours: Neighbours | None = None) -> tuple[str | None, str | None]:
    """(problem or None, advice or None) for lying drum i resting on drums ``sup``.

    Advice is ``"straight"`` (lies straight on a parallel drum) or ``"lean"``
    (held by a wall or neighbour within ``LEAN_GAP``). A wall (or the closed
    doors) within ``LEAN_GAP`` of the drum's side counts as a contact on that
    side, and so does a neighbour when ``neighbours.holds(i, side)``.
    """
    segs, straight = _segments(a, i, sup)
    lo_a = min(s[0] for s in segs)
    hi_a = max(s[1] for s in segs)
    span = (hi_a - lo_a) / (2 * a.hl[i])
    lean = _held(a, i, segs, neighbours)
    mid = [s for s in segs if s[2] == 0]
    if not _centre_inside(segs):
        if not mid and not (any(s[2] < 0 for s in segs) and any(s[2] > 0 for s in segs)):
            return ("would roll: it touches drums below on one side only (no groove), and no "
                    "wall or neighbour holds it on the other"), None
        return "would tip or roll: its centre is not between the contacts that carry it", None
    if span < MIN_LINE_SHARE - 1e-9:
        return (f"is barely carried: its contacts span {span:.0%} of its length "
                f"(at least {MIN_LINE_SHARE:.0%} required)"), None
    if straight and mid:
        return None, "straight"
    return None, "lean" if lean else None
