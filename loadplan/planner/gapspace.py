"""Free space in one unit of a container: its drums as arrays, exact overlap of a standing
drum with them, free tops, floor corner points (:mod:`loadplan.planner.gapfill` uses them).

A unit is a zone, or the parts of one column or shelf (:func:`~loadplan.planner.zones.units_of`);
x is relative to the unit's start. The overlap test is exact for axis-aligned cylinders
(the verifier's definition, written again here: the planner shares no code with the
verifier) with each solid shrunk by :data:`SHRINK`, a quarter of the verifier's tolerance,
so what passes here passes there. Contact tests are conservative (heights within
:data:`NEAR`, lying drums by their shadow box): they may see a contact that is not one,
never miss one.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from loadplan.planner.zones import Zone

__all__ = ["UnitSolids", "unit_solids", "standing_hits", "touching", "plain_column",
           "free_tops", "floor_spots", "GAP_MAX_SPOTS", "SHRINK", "NEAR"]

GAP_MAX_SPOTS = 4000
"""At most this many floor corner points are checked per unit and drum type."""

SHRINK = 2.5e-7
"""Our overlap test shrinks each solid by this much (mm; the verifier: ``TOL / 2``)."""

NEAR = 1e-3
"""Heights within this much (mm) count as touching in the conservative contact tests."""

_TOL = 1e-6  # the verifier's tolerance
_GAP = 1e-6  # corner points keep this much air to what they touch


@dataclass
class UnitSolids:
    """The drums of one unit as arrays (x relative to the unit's start).

    Attributes
    ----------
    cen : ndarray, shape (n, 3)
        Centroids.
    k : ndarray of int, shape (n,)
        Axis index (0 x, 1 y, 2 z).
    r, hl : ndarray, shape (n,)
        Radii and half lengths along the axis.
    weight : ndarray, shape (n,)
    line : ndarray of int, shape (n,)
        Index of each drum's zone in ``zones``.
    zones : list of Zone
    boards : ndarray, shape (m, 6)
        ``(x0, x1, y0, y1, z, thickness)`` of the unit's boards.
    length : float
        The unit's length.
    """

    cen: np.ndarray
    k: np.ndarray
    r: np.ndarray
    hl: np.ndarray
    weight: np.ndarray
    line: np.ndarray
    zones: list[Zone]
    boards: np.ndarray
    length: float

    @functools.cached_property
    def lo(self) -> np.ndarray:
        """Lower corners of the drums' boxes (computed once: the arrays are not changed)."""
        return self.cen - self._half()

    @functools.cached_property
    def hi(self) -> np.ndarray:
        """Upper corners of the drums' boxes (computed once)."""
        return self.cen + self._half()

    def _half(self) -> np.ndarray:
        h = np.repeat(self.r[:, None], 3, axis=1)
        h[np.arange(self.k.shape[0]), self.k] = self.hl
        return h


def unit_solids(zones: list[Zone]) -> UnitSolids:
    """The drums and boards of one unit as :class:`UnitSolids`."""
    kmap = {"x": 0, "y": 1, "z": 2}
    cen, k, r, hl, wt, ln, boards = [], [], [], [], [], [], []
    for t, z in enumerate(zones):
        d = z.line.drum
        n = z.centres.shape[0]
        cen.append(np.asarray(z.centres, dtype=np.float64).reshape(-1, 3))
        k.append(np.array([kmap[str(a)] for a in z.axes], dtype=np.int64))
        r.append(np.full(n, d.diameter / 2.0))
        hl.append(np.full(n, d.height / 2.0))
        wt.append(np.full(n, float(d.weight)))
        ln.append(np.full(n, t, dtype=np.int64))
        boards.extend(z.boards)
    cat = (lambda xs, dt: np.concatenate(xs).astype(dt) if xs else np.zeros(0, dtype=dt))
    return UnitSolids(np.concatenate(cen) if cen else np.zeros((0, 3)), cat(k, np.int64),
                      cat(r, np.float64), cat(hl, np.float64), cat(wt, np.float64),
                      cat(ln, np.int64), zones,
                      np.array(boards, dtype=np.float64).reshape(-1, 6), zones[0].length)


def standing_hits(s: UnitSolids, x: np.ndarray, y: np.ndarray, z0: float, z1: float,
                  rb: float) -> np.ndarray:
    """Whether a standing cylinder of radius ``rb`` from ``z0`` to ``z1`` centred at each
    ``(x[t], y[t])`` interpenetrates a drum or a board of the unit (exact, vectorised).

    Each solid is shrunk by a quarter of the verifier's tolerance (touching is allowed,
    and anything this accepts the verifier accepts). Standing drums: discs and heights
    overlap. Lying drums: the exact test of two perpendicular cylinders (the verifier's
    definition: slices by the plane across both axes). Boards: the disc meets the board's
    rectangle and the heights overlap.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    hit = np.zeros(x.shape[0], dtype=bool)
    if x.shape[0] == 0:
        return hit
    ra = rb - SHRINK
    la = (z1 - z0) / 2.0 - SHRINK
    za = (z0 + z1) / 2.0
    keep = (s.lo[:, 2] < z1 - SHRINK) & (s.hi[:, 2] > z0 + SHRINK)
    st = keep & (s.k == 2)
    if st.any():
        c, rr = s.cen[st], s.r[st] - SHRINK
        dz = np.abs(za - c[:, 2]) < la + s.hl[st] - SHRINK
        d2 = (x[:, None] - c[None, :, 0]) ** 2 + (y[:, None] - c[None, :, 1]) ** 2
        hit |= ((d2 < (ra + rr[None, :]) ** 2) & dz[None, :]).any(axis=1)
    ly = keep & (s.k != 2)
    if ly.any():
        c, kb = s.cen[ly], s.k[ly]
        rr, lb = s.r[ly] - SHRINK, s.hl[ly] - SHRINK
        pa = np.stack([x, y], axis=1)  # (m, 2)
        along = np.abs(pa[:, None, :] - c[None, :, :2])  # (m, n, 2)
        rows = np.arange(kb.shape[0])
        a_b = along[:, rows, kb]          # distance along B's axis
        a_g = along[:, rows, 1 - kb]      # along the third axis (the other horizontal)
        p = a_b - lb[None, :]
        q = np.abs(za - c[:, 2])[None, :] - la
        ta = np.where(p <= 0, ra, np.sqrt(np.maximum(ra * ra - p * p, 0.0)))
        tb = np.where(q <= 0, rr[None, :], np.sqrt(np.maximum(rr[None, :] ** 2 - q * q, 0.0)))
        ok = (p <= ra) & (q <= rr[None, :]) & (a_g <= ta + tb)
        hit |= ok.any(axis=1)
    if s.boards.shape[0]:
        bd = s.boards
        zb = (bd[:, 4] < z1 - SHRINK) & (bd[:, 4] + bd[:, 5] > z0 + SHRINK)
        if zb.any():
            bd = bd[zb]
            dx = np.maximum(0.0, np.maximum(bd[None, :, 0] - x[:, None], x[:, None] - bd[None, :, 1]))
            dy = np.maximum(0.0, np.maximum(bd[None, :, 2] - y[:, None], y[:, None] - bd[None, :, 3]))
            hit |= (dx * dx + dy * dy < ra * ra).any(axis=1)
    return hit


def touching(s: UnitSolids, x: float, y: float, rb: float, z: float, below: bool,
              skip: int = -1) -> bool:
    """Whether a drum or board of the unit may touch the disc of radius ``rb`` at ``(x, y)``
    at height ``z`` from above (``below`` False: something whose bottom is at ``z``) or
    from below (``below`` True: something whose top is at ``z``), ``skip`` aside.
    Conservative: lying drums by their shadow box, boards by their rectangle."""
    lvl = s.hi[:, 2] if below else s.lo[:, 2]
    near = np.abs(lvl - z) <= NEAR
    if skip >= 0:
        near[skip] = False
    if near.any():
        idx = np.nonzero(near)[0]
        st = s.k[idx] == 2
        d2 = (s.cen[idx, 0] - x) ** 2 + (s.cen[idx, 1] - y) ** 2
        if (st & (d2 < (s.r[idx] + rb - _TOL / 2) ** 2)).any():
            return True
        lo, hi = s.lo[idx], s.hi[idx]
        box = (lo[:, 0] < x + rb + NEAR) & (hi[:, 0] > x - rb - NEAR) \
            & (lo[:, 1] < y + rb + NEAR) & (hi[:, 1] > y - rb - NEAR)
        if (~st & box).any():
            return True
    if s.boards.shape[0]:
        bd = s.boards
        lvl = bd[:, 4] + bd[:, 5] if below else bd[:, 4]
        m = (np.abs(lvl - z) <= NEAR) & (bd[:, 0] < x + rb + NEAR) & (bd[:, 1] > x - rb - NEAR) \
            & (bd[:, 2] < y + rb + NEAR) & (bd[:, 3] > y - rb - NEAR)
        if m.any():
            return True
    return False


def plain_column(s: UnitSolids, i: int) -> list[int] | None:
    """The drums under standing drum ``i`` down to the floor, ``i`` first, when it is a
    plain column (each rests on exactly one coaxial standing drum and carries only the one
    above, no board between); None otherwise."""
    out = [i]
    cur = i
    while s.lo[cur, 2] > _TOL:
        z = s.lo[cur, 2]
        under = np.nonzero((np.abs(s.hi[:, 2] - z) <= NEAR)
                           & (s.lo[:, 0] < s.hi[cur, 0]) & (s.hi[:, 0] > s.lo[cur, 0])
                           & (s.lo[:, 1] < s.hi[cur, 1]) & (s.hi[:, 1] > s.lo[cur, 1]))[0]
        under = [j for j in under.tolist() if s.k[j] != 2 or math.hypot(
            s.cen[j, 0] - s.cen[cur, 0], s.cen[j, 1] - s.cen[cur, 1])
            < s.r[j] + s.r[cur] - _TOL / 2]
        if len(under) != 1:
            return None
        j = under[0]
        if s.k[j] != 2 or math.hypot(s.cen[j, 0] - s.cen[cur, 0],
                                     s.cen[j, 1] - s.cen[cur, 1]) > _TOL:
            return None
        if s.boards.shape[0] and (np.abs(s.boards[:, 4] + s.boards[:, 5] - z) <= NEAR).any() \
                and touching(s, s.cen[j, 0], s.cen[j, 1], s.r[j], z, True, j):
            return None
        if touching(s, s.cen[j, 0], s.cen[j, 1], s.r[j], z, False, cur):
            return None  # j carries something besides ``cur``
        out.append(j)
        cur = j
    return out


def free_tops(s: UnitSolids, height: float, radius: float = 0.0, room: float = 1.0) -> list[int]:
    """Standing drums whose top disc carries nothing (no drum or board touches it there),
    at least ``radius`` wide, with ``room`` mm up to ``height`` above them, in drum order."""
    out = []
    hi = s.hi[:, 2]
    for i in np.nonzero((s.k == 2) & (hi + room <= height + 1e-9)
                        & (s.r >= radius - 1e-9))[0].tolist():
        if not touching(s, s.cen[i, 0], s.cen[i, 1], s.r[i], s.hi[i, 2], False, i):
            out.append(i)
    return out


def _offset_shapes(s: UnitSolids, rb: float) -> tuple[np.ndarray, np.ndarray]:
    """Floor obstacles grown by ``rb``: circles (cx, cy, R) of standing drums and of the
    corners of lying drums' and boards' shadows, and lines (the shadows' edges): ``(axis,
    value, lo, hi)`` (x = value for axis 0, y = value for axis 1, over lo..hi)."""
    circ, lines = [], []
    st = s.k == 2
    for c, r in zip(s.cen[st], s.r[st]):
        circ.append((c[0], c[1], r + rb + _GAP))
    rects = [(lo[0], hi[0], lo[1], hi[1]) for lo, hi, k in zip(s.lo, s.hi, s.k) if k != 2]
    rects += [tuple(b[:4]) for b in s.boards]
    for x0, x1, y0, y1 in rects:
        for cx in (x0, x1):
            for cy in (y0, y1):
                circ.append((cx, cy, rb + _GAP))
        lines += [(0, x0 - rb - _GAP, y0, y1), (0, x1 + rb + _GAP, y0, y1),
                  (1, y0 - rb - _GAP, x0, x1), (1, y1 + rb + _GAP, x0, x1)]
    return np.array(circ, dtype=np.float64).reshape(-1, 3), lines


def floor_spots(s: UnitSolids, rb: float, width: float, xmax: float,
                z1: float) -> np.ndarray:
    """Corner points for a standing disc of radius ``rb`` on the unit's floor: the
    centres where it touches two of the side walls, the unit's ends (``x = 0`` and
    ``x = xmax``) and the grown shadows of what stands or lies below ``z1``, inside
    the unit, at most :data:`GAP_MAX_SPOTS`, sorted by x then y (not yet checked for
    overlap)."""
    low = s.lo[:, 2] < z1
    sub = UnitSolids(s.cen[low], s.k[low], s.r[low], s.hl[low], s.weight[low], s.line[low],
                     s.zones, s.boards[s.boards[:, 4] < z1] if s.boards.shape[0] else s.boards,
                     s.length)
    circ, seg = _offset_shapes(sub, rb)
    walls = [(1, rb, 0.0, xmax), (1, width - rb, 0.0, xmax), (0, rb, 0.0, width),
             (0, xmax - rb, 0.0, width)]
    lines = walls + seg
    pts = []
    # line-line corners
    xs = [ln[1] for ln in lines if ln[0] == 0]
    ys = [ln[1] for ln in lines if ln[0] == 1]
    if xs and ys:
        gx, gy = np.meshgrid(np.array(xs), np.array(ys))
        pts.append(np.stack([gx.ravel(), gy.ravel()], axis=1))
    # line-circle
    if circ.shape[0]:
        for ax, v, _, _ in lines:
            d = v - circ[:, ax]
            h2 = circ[:, 2] ** 2 - d * d
            ok = h2 >= 0
            h = np.sqrt(np.maximum(h2[ok], 0.0))
            other = circ[ok, 1 - ax]
            for sgn in (-1.0, 1.0):
                q = np.empty((h.shape[0], 2))
                q[:, ax] = v
                q[:, 1 - ax] = other + sgn * h
                pts.append(q)
        # circle-circle (pairs near each other)
        a, b = np.triu_indices(circ.shape[0], 1)
        dx = circ[b, 0] - circ[a, 0]
        dy = circ[b, 1] - circ[a, 1]
        d = np.hypot(dx, dy)
        ok = (d < circ[a, 2] + circ[b, 2]) & (d > np.abs(circ[a, 2] - circ[b, 2])) & (d > 0)
        a, b, dx, dy, d = a[ok], b[ok], dx[ok], dy[ok], d[ok]
        if d.shape[0]:
            ra, rbb = circ[a, 2], circ[b, 2]
            t = (ra * ra - rbb * rbb + d * d) / (2 * d)
            h = np.sqrt(np.maximum(ra * ra - t * t, 0.0))
            mx, my = circ[a, 0] + t * dx / d, circ[a, 1] + t * dy / d
            for sgn in (-1.0, 1.0):
                pts.append(np.stack([mx - sgn * h * dy / d, my + sgn * h * dx / d], axis=1))
    if not pts:
        return np.zeros((0, 2))
    p = np.concatenate(pts)
    inside = (p[:, 0] >= rb - 1e-9) & (p[:, 0] <= xmax - rb + 1e-9) \
        & (p[:, 1] >= rb - 1e-9) & (p[:, 1] <= width - rb + 1e-9)
    p = p[inside]
    p[:, 0] = np.clip(p[:, 0], rb, xmax - rb)
    p[:, 1] = np.clip(p[:, 1], rb, width - rb)
    if circ.shape[0] and p.shape[0]:  # cheap 2-D filter before the exact test
        free = np.ones(p.shape[0], dtype=bool)
        for c0 in range(0, circ.shape[0], 256):
            cc = circ[c0:c0 + 256]
            d2 = (p[:, None, 0] - cc[None, :, 0]) ** 2 + (p[:, None, 1] - cc[None, :, 1]) ** 2
            free &= ~(d2 < (cc[None, :, 2] - 2 * _GAP) ** 2).any(axis=1)
        p = p[free]
    p = np.unique(np.round(p, 9), axis=0)
    order = np.lexsort((p[:, 1], p[:, 0]))
    return p[order][:GAP_MAX_SPOTS]
