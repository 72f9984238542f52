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
from loadplan.planner.gapspace import (NEAR, UnitSolids, floor_spots, free_tops,
                                       plain_column, standing_hits, touching, unit_solids)
from loadplan.planner.order import loading_steps
from loadplan.planner.sizes import Line, door_axes
from loadplan.planner.zones import Bin, Zone, units_of

__all__ = ["fill_gaps", "place_floor_stack", "unit_steps", "order_ok", "GAP_MAX_DRUMS"]

_TOL = 1e-6  # the verifier's tolerance

GAP_MAX_DRUMS = 24
"""The pass runs only when the zones leave at most this many drums (a few drums;
more cannot fit in the gaps of a full container)."""


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
            col = plain_column(s, a)
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
                and not touching(s, spot.x, spot.y, rb, z1, False):
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
        if touching(s, x, y, rb, z0, True, a):
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
              pairs_ok: Callable[[Line, Line], bool] | None = None,
              max_drums: int = GAP_MAX_DRUMS) -> int:
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
    max_drums : int
        The pass runs only when ``rest`` holds at most this many drums.

    Returns
    -------
    int
        Drums placed.
    """
    c = b.container
    if rest.sum() <= 0 or rest.sum() > max_drums or not b.zones:
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
            if n > 0 and _insert(b, (first, zs, s), spot, line, n, ids):
                return n
    return 0


def _insert(b: Bin, unit: tuple[int, list[Zone], UnitSolids], spot: _Spot, line: Line,
            n: int, ids: Iterator[int]) -> bool:
    """A stack of ``n`` drums of ``line`` at ``spot`` joins the unit ``(first zone index,
    zones, solids)`` of ``b`` as a zone of its own, unless the unit's loading order then
    breaks (:func:`order_ok`; ``b`` is then unchanged). Whether it joined."""
    first, zs, s = unit
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
    new = Zone(line, cen, np.full(n, "z", dtype="U1"), length, None, shelf=sid)
    # floor stacks first in the unit, stacks on a top right after the top's zone
    at = 0 if spot.carrier < 0 else int(s.line[spot.carrier]) + 1
    trial = zs[:at] + [new] + zs[at:]
    if not order_ok(trial):
        for z in zs:
            z.length = s.length
        return False
    b.used += spot.grow
    b.zones[first:first + len(zs)] = trial
    return True


def place_floor_stack(b: Bin, unit: int, xy: tuple[float, float], line: Line, most: int,
                      heavy_ok: bool, ids: Iterator[int]) -> int:
    """A stack of up to ``most`` drums of ``line`` standing on the floor of unit ``unit``
    of ``b`` (:func:`~loadplan.planner.zones.units_of`) at ``xy`` (x from the unit's
    start), every rule of :func:`fill_gaps` checked (overlap, walls, ceiling, layers,
    load, payload left to the caller); the unit may grow into the free length at the
    doors. Returns the drums placed (0: ``b`` unchanged)."""
    c = b.container
    units = units_of(b.zones)
    if not 0 <= unit < len(units) or any(z.fixed for z in units[unit]):
        return 0
    first = sum(len(zs) for zs in units[:unit])
    zs = units[unit]
    s = unit_solids(zs)
    rb = line.drum.diameter / 2.0
    x, y = float(xy[0]), float(xy[1])
    slack = max(0.0, c.length - b.used)
    if x < rb - 1e-9 or x + rb > s.length + slack + 1e-9 or y < rb - 1e-9 \
            or y + rb > c.width + 1e-9:
        return 0
    spot = _Spot(unit, x, y, 0.0, -1, max(0.0, x + rb - s.length))
    n = _stack(s, spot, line, most, c.height, heavy_ok)
    if n > 0 and _insert(b, (first, zs, s), spot, line, n, ids):
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
        meet = (p["x"] - ex < x1 + NEAR) & (p["x"] + ex > x0 - NEAR) \
            & (p["y"] - ey < y1 + NEAR) & (p["y"] + ey > y0 - NEAR)
        carriers = meet & (np.abs(p["z"] + ez - zb) <= NEAR)
        riders = meet & (np.abs(p["z"] - ez - (zb + t)) <= NEAR)
        if carriers.any() and riders.any() and \
                p["step"][carriers].max() > p["step"][riders].min():
            return False
    return True
