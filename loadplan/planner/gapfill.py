"""A last pass that puts leftover drums into free space of a realised container.

The zones a container gets (:func:`~loadplan.planner.mixed.realise`, the
door-end repair, door shelves) leave room the recipe model does not count:
the tops of stacks that were trimmed or that a zone leaves short of the
ceiling, the ends of partial rows, the floor beside a zone's last drums, and
the free length at the doors. :func:`fill_gaps` puts drums that the zones
left (the *rest*) there, standing, one stack at a time:

* **on a free top**: coaxially on a standing drum whose top disc carries
  nothing and is at least as wide (the verifier's coaxial rule: the base is
  carried in full), then more drums of the same type on that one;
* **on the floor**: at a *corner point* of the unit's floor, a position where
  the drum's disc touches two of the side walls, the unit's ends and the
  shadows of the drums standing or lying there (the drum cannot move closer
  to either), then more drums of the same type on it.

Every position is checked exactly against every drum and board of its unit
(cylinder against cylinder, disc against board), against the walls and the
ceiling, and kept only when the new drums touch nothing above them and rest
on nothing but the drum they stand on; layers (``max_layers``, counted down
the column under the free top), the weight each drum carries (``max_load``,
passed down the column), heavy on light and the payload are kept. Where a
rule cannot be followed exactly (a column that rests on a board or on more
than one drum while a limit is set), the position is not used: the pass is
conservative, never unsound.

A drum goes into one *unit* of the bin (a zone, or the parts of one column or
shelf, :func:`~loadplan.planner.zones.units_of`), inside that unit's stretch of
the length (which may grow into the free length at the doors); units are moved
along x as one, so the new drums keep their place whatever order the zones get.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np

from loadplan.model import make_placements
from loadplan.planner.order import loading_steps
from loadplan.planner.sizes import Line, door_axes
from loadplan.planner.zones import Bin, Zone, units_of

__all__ = ["fill_gaps", "UnitSolids", "unit_solids", "standing_hits", "free_tops",
           "floor_spots", "unit_steps", "order_ok", "GAP_MAX_DRUMS", "GAP_MAX_SPOTS"]

GAP_MAX_DRUMS = 24
"""The pass runs only when the zones leave at most this many drums (a few drums;
more cannot fit in the gaps of a full container)."""

GAP_MAX_SPOTS = 4000
"""At most this many floor corner points are checked per unit and drum type."""

_TOL = 1e-6      # the verifier's tolerance
_SHRINK = 2.5e-7  # our own overlap test shrinks each solid by this (the verifier: TOL / 2)
_GAP = 1e-6       # corner points keep this much air to what they touch
_NEAR = 1e-3      # "touching" for the conservative contact tests (mm)


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

    @property
    def lo(self) -> np.ndarray:
        """Lower corners of the drums' boxes."""
        return self.cen - self._half()

    @property
    def hi(self) -> np.ndarray:
        """Upper corners of the drums' boxes."""
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
    ra = rb - _SHRINK
    la = (z1 - z0) / 2.0 - _SHRINK
    za = (z0 + z1) / 2.0
    keep = (s.lo[:, 2] < z1 - _SHRINK) & (s.hi[:, 2] > z0 + _SHRINK)
    st = keep & (s.k == 2)
    if st.any():
        c, rr = s.cen[st], s.r[st] - _SHRINK
        dz = np.abs(za - c[:, 2]) < la + s.hl[st] - _SHRINK
        d2 = (x[:, None] - c[None, :, 0]) ** 2 + (y[:, None] - c[None, :, 1]) ** 2
        hit |= ((d2 < (ra + rr[None, :]) ** 2) & dz[None, :]).any(axis=1)
    ly = keep & (s.k != 2)
    if ly.any():
        c, kb = s.cen[ly], s.k[ly]
        rr, lb = s.r[ly] - _SHRINK, s.hl[ly] - _SHRINK
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
        zb = (bd[:, 4] < z1 - _SHRINK) & (bd[:, 4] + bd[:, 5] > z0 + _SHRINK)
        if zb.any():
            bd = bd[zb]
            dx = np.maximum(0.0, np.maximum(bd[None, :, 0] - x[:, None], x[:, None] - bd[None, :, 1]))
            dy = np.maximum(0.0, np.maximum(bd[None, :, 2] - y[:, None], y[:, None] - bd[None, :, 3]))
            hit |= (dx * dx + dy * dy < ra * ra).any(axis=1)
    return hit


def _touching(s: UnitSolids, x: float, y: float, rb: float, z: float, below: bool,
              skip: int = -1) -> bool:
    """Whether a drum or board of the unit may touch the disc of radius ``rb`` at ``(x, y)``
    at height ``z`` from above (``below`` False: something whose bottom is at ``z``) or
    from below (``below`` True: something whose top is at ``z``), ``skip`` aside.
    Conservative: lying drums by their shadow box, boards by their rectangle."""
    lvl = s.hi[:, 2] if below else s.lo[:, 2]
    near = np.abs(lvl - z) <= _NEAR
    if skip >= 0:
        near[skip] = False
    if near.any():
        idx = np.nonzero(near)[0]
        st = s.k[idx] == 2
        d2 = (s.cen[idx, 0] - x) ** 2 + (s.cen[idx, 1] - y) ** 2
        if (st & (d2 < (s.r[idx] + rb - _TOL / 2) ** 2)).any():
            return True
        lo, hi = s.lo[idx], s.hi[idx]
        box = (lo[:, 0] < x + rb + _NEAR) & (hi[:, 0] > x - rb - _NEAR) \
            & (lo[:, 1] < y + rb + _NEAR) & (hi[:, 1] > y - rb - _NEAR)
        if (~st & box).any():
            return True
    if s.boards.shape[0]:
        bd = s.boards
        lvl = bd[:, 4] + bd[:, 5] if below else bd[:, 4]
        m = (np.abs(lvl - z) <= _NEAR) & (bd[:, 0] < x + rb + _NEAR) & (bd[:, 1] > x - rb - _NEAR) \
            & (bd[:, 2] < y + rb + _NEAR) & (bd[:, 3] > y - rb - _NEAR)
        if m.any():
            return True
    return False


def _column(s: UnitSolids, i: int) -> list[int] | None:
    """The drums under standing drum ``i`` down to the floor, ``i`` first, when it is a
    plain column (each rests on exactly one coaxial standing drum and carries only the one
    above, no board between); None otherwise."""
    out = [i]
    cur = i
    while s.lo[cur, 2] > _TOL:
        z = s.lo[cur, 2]
        under = np.nonzero((np.abs(s.hi[:, 2] - z) <= _NEAR)
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
        if s.boards.shape[0] and (np.abs(s.boards[:, 4] + s.boards[:, 5] - z) <= _NEAR).any() \
                and _touching(s, s.cen[j, 0], s.cen[j, 1], s.r[j], z, True, j):
            return None
        if _touching(s, s.cen[j, 0], s.cen[j, 1], s.r[j], z, False, cur):
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
        if not _touching(s, s.cen[i, 0], s.cen[i, 1], s.r[i], s.hi[i, 2], False, i):
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


@dataclass
class _Spot:
    unit: int
    x: float
    y: float
    z0: float
    carrier: int  # -1: the floor
    grow: float   # how much the unit grows (mm)


def _stack(s: UnitSolids, spot: _Spot, line: Line, most: int, height: float,
           heavy_ok: bool) -> int:
    """How many drums of ``line`` stand at ``spot`` (0 to ``most``), all rules kept."""
    d = line.drum
    rb, h = d.diameter / 2.0, float(d.height)
    n = min(most, int(math.floor((height - spot.z0) / h + 1e-9)))
    base_layer, col = 0, None
    limits = d.max_layers is not None or d.max_load is not None or any(
        z.line.drum.max_load is not None for z in s.zones)
    if spot.carrier >= 0:
        a = spot.carrier
        wa = s.weight[a]
        if not heavy_ok and d.weight > wa * (1 + 1e-12):
            return 0
        if limits:
            col = _column(s, a)
            if col is None:
                return 0
            base_layer = len(col)
    if d.max_layers is not None:
        n = min(n, d.max_layers - base_layer)
    while n > 0:
        ok = d.max_load is None or (n - 1) * d.weight <= d.max_load
        if col is not None:
            above = 0.0
            for j in col:  # carried now: the column drums above it (the top carries nothing)
                ml = s.zones[int(s.line[j])].line.drum.max_load
                if ml is not None and above + n * d.weight > ml:
                    ok = False
                above += s.weight[j]
        z1 = spot.z0 + n * h
        if ok and z1 <= height + 1e-9 and not standing_hits(
                s, np.array([spot.x]), np.array([spot.y]), spot.z0, z1, rb)[0] \
                and not _touching(s, spot.x, spot.y, rb, z1, False):
            return n
        n -= 1
    return 0


def _spots(s: UnitSolids, u: int, line: Line, width: float, height: float,
           slack: float) -> list[_Spot]:
    """Positions for one standing drum of ``line`` in unit ``s`` (free tops first, then
    floor corner points; those that need no growth first), each checked for one drum."""
    d = line.drum
    rb, h = d.diameter / 2.0, float(d.height)
    out: list[_Spot] = []
    for a in free_tops(s, height, rb, h):
        z0 = float(s.hi[a, 2])
        x, y = float(s.cen[a, 0]), float(s.cen[a, 1])
        if standing_hits(s, np.array([x]), np.array([y]), z0, z0 + h, rb)[0]:
            continue
        if _touching(s, x, y, rb, z0, True, a):
            continue
        out.append(_Spot(u, x, y, z0, a, 0.0))
    if h <= height + 1e-9:
        pts = floor_spots(s, rb, width, s.length + slack, h)
        if pts.shape[0]:
            free = ~standing_hits(s, pts[:, 0], pts[:, 1], 0.0, h, rb)
            for x, y in pts[free].tolist():
                out.append(_Spot(u, x, y, 0.0, -1, max(0.0, x + rb - s.length)))
    out.sort(key=lambda p: p.grow > 0)  # stable: tops, then floor by x, y
    return out


def fill_gaps(b: Bin, lines: list[Line], rest: np.ndarray, ids: Iterator[int],
              heavy_on_light: bool = False,
              pairs_ok: Callable[[Line, Line], bool] | None = None) -> int:
    """Put drums of ``rest`` into the free space of ``b`` (see the module notes).

    Lines go largest drum first; each drum type stands in the first spot of the first
    unit that takes one (free tops, then the floor; spots needing no growth of the unit
    first), as a stack of as many as fit there, until none is left or no spot takes one.

    Parameters
    ----------
    b : Bin
        A realised container (zones, used length, weight); updated in place.
    lines : list of Line
        The group's lines (``rest`` indexes them).
    rest : ndarray of int
        Drums of each line still to place; updated in place.
    ids : iterator of int
        Unit ids (a zone that gets drums becomes a unit of its own id).
    heavy_on_light : bool
        Allow a drum on a lighter one.
    pairs_ok : callable or None
        Multi-drop: ``pairs_ok(a, b)`` whether lines ``a`` and ``b`` may share a unit.

    Returns
    -------
    int
        Drums placed.
    """
    c = b.container
    if rest.sum() <= 0 or rest.sum() > GAP_MAX_DRUMS or not b.zones:
        return 0
    placed = 0
    order = sorted(np.flatnonzero(rest > 0).tolist(),
                   key=lambda i: (-lines[i].drum.diameter ** 2 * lines[i].drum.height, i))
    for i in order:
        line = lines[i]
        d = line.drum
        if "z" not in door_axes(d, c):
            continue
        while rest[i] > 0:
            most = int(rest[i])
            if d.weight > 0:
                most = min(most, int(math.floor((c.max_payload - b.weight) / d.weight + 1e-9)))
            got = _place_one(b, line, most, heavy_on_light, pairs_ok, ids) if most > 0 else 0
            if got == 0:
                break
            rest[i] -= got
            placed += got
            b.weight += d.weight * got
    return placed


def _place_one(b: Bin, line: Line, most: int, heavy_ok: bool,
               pairs_ok: Callable[[Line, Line], bool] | None, ids: Iterator[int]) -> int:
    """One stack of ``line`` into the first unit of ``b`` with a spot; the drums placed."""
    c = b.container
    slack = max(0.0, c.length - b.used)
    units = units_of(b.zones)
    start = 0
    for u, zs in enumerate(units):
        first = start
        start += len(zs)
        if any(z.fixed for z in zs) or (pairs_ok is not None and not all(
                pairs_ok(z.line, line) for z in zs)):
            continue
        s = unit_solids(zs)
        for spot in _spots(s, u, line, c.width, c.height, slack):
            n = _stack(s, spot, line, most, c.height, heavy_ok)
            if n <= 0:
                continue
            d = line.drum
            cen = np.zeros((n, 3))
            cen[:, 0], cen[:, 1] = spot.x, spot.y
            cen[:, 2] = spot.z0 + d.height / 2.0 + d.height * np.arange(n)
            sid = zs[0].shelf
            if sid < 0:
                sid = next(ids)
                for z in zs:
                    z.shelf = sid
            length = s.length + spot.grow
            for z in zs:
                z.length = length
            b.used += spot.grow
            new = Zone(line, cen, np.full(n, "z", dtype="U1"), length, None, shelf=sid)
            # floor stacks first in the unit, stacks on a top right after the top's zone
            at = 0 if spot.carrier < 0 else int(s.line[spot.carrier]) + 1
            trial = zs[:at] + [new] + zs[at:]
            if not order_ok(trial):
                for z in zs:
                    z.length = s.length
                b.used -= spot.grow
                continue
            b.zones[first:first + len(zs)] = trial
            return n
    return 0


def unit_steps(zones: list[Zone], sorted_: bool) -> np.ndarray:
    """The placements of a unit in the loading order the load will get
    (:func:`~loadplan.planner.arrange.build_load`: the zones' order, re-sorted by
    :func:`~loadplan.planner.order.loading_steps` when ``sorted_``, when a drum lies, or
    when the drums do not start in order along x), with ``step`` set."""
    parts = [make_placements(z.centres, z.axes, sku=z.line.drum.sku,
                             diameter=z.line.drum.diameter, height=z.line.drum.height,
                             weight=z.line.drum.weight) for z in zones]
    p = np.concatenate(parts)
    x0 = p["x"] - np.where(p["axis"] == "x", p["height"], p["diameter"]) / 2.0
    if p.shape[0] > 1 and (sorted_ or (p["axis"] != "z").any()
                           or not bool((np.diff(x0) >= -_TOL).all())):
        p = p[np.argsort(loading_steps(p), kind="stable")]
    p["step"] = np.arange(p.shape[0])
    return p


def order_ok(zones: list[Zone]) -> bool:
    """Whether the unit's loading order (:func:`unit_steps`) loads every carrier of each
    of its boards (top at the board's underside, shadow meeting it) before every drum
    on that board (bottom at its top, shadow meeting it): drums on a board rest on all
    its carriers. Conservative: heights within 1e-3 mm, shadows meeting at all."""
    boards = [bd for z in zones for bd in z.boards]
    if not boards:
        return True
    p = unit_steps(zones, True)  # a load with boards has its units sorted
    r = p["diameter"] / 2.0
    hh = p["height"] / 2.0
    ex = np.where(p["axis"] == "x", hh, r)
    ey = np.where(p["axis"] == "y", hh, r)
    ez = np.where(p["axis"] == "z", hh, r)
    for x0, x1, y0, y1, zb, t in boards:
        meet = (p["x"] - ex < x1 + _NEAR) & (p["x"] + ex > x0 - _NEAR) \
            & (p["y"] - ey < y1 + _NEAR) & (p["y"] + ey > y0 - _NEAR)
        carriers = meet & (np.abs(p["z"] + ez - zb) <= _NEAR)
        riders = meet & (np.abs(p["z"] - ez - (zb + t)) <= _NEAR)
        if carriers.any() and riders.any() and \
                p["step"][carriers].max() > p["step"][riders].min():
            return False
    return True
