"""Repacking at the limit: floor stacks of smaller drums make room for a leftover big drum.

When the free-space pass (:func:`~loadplan.planner.gapfill.fill_gaps`) leaves a few
drums, they are mostly of the widest, heaviest line, which only the floor or a free top
of its own type can take, and the floor is full. :func:`repack` then takes out a few
*floor stacks* of smaller lines (a standing drum on the floor and the coaxial drums on
it, carrying nothing else: no board, no other drum) so that a stack of the big drum
stands where they stood, and puts the removed drums back with the free-space pass
(free tops of their own or wider types, the big drum's own top, floor corner points).

Candidate spots for the big drum, per unit (:func:`~loadplan.planner.zones.units_of`):
the floor corner points of the unit without its removable stacks
(:func:`~loadplan.planner.gapspace.floor_spots`) and the centres of those stacks, each
free of every drum and board that stays (exact, :func:`~loadplan.planner.gapspace.standing_hits`);
a spot's price is the drums of the stacks its disc meets. The cheapest spots (at most
:data:`REPACK_TRIES` distinct sets of stacks per line) are tried on a copy of the bin: the
stacks out, the big stack in (:func:`~loadplan.planner.gapfill.place_floor_stack`, every
rule of the free-space pass), the removed drums and the rest through
:func:`~loadplan.planner.gapfill.fill_gaps`. A try is kept only when strictly fewer drums
are left and no more drum volume; otherwise nothing changes. Everything the container
does not hold stays in ``rest`` (listed unplaced or planned into the next container).

When no swap helps, :func:`relay` lays one or two units without boards (at the door end
or anywhere: units are moved along x as one) out again together with the rest, as a door
shelf or single-type zones in the freed length, then the free-space pass. Every repacked
container is checked by :func:`loadplan.verify` before it is kept. The planner calls
:func:`repack` as the last resort of its one-container door fit
(:func:`~loadplan.planner.mixed.recipe_plan`), where only a container holding the whole
rest counts.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable, Iterator

import numpy as np

from loadplan.planner.arrange import build_load
from loadplan.planner.doorshelf import door_shelf
from loadplan.planner.gapfill import fill_gaps, place_floor_stack
from loadplan.planner.gapspace import (NEAR, SHRINK, UnitSolids, floor_spots, standing_hits,
                                       unit_solids)
from loadplan.planner.sizes import Line, door_axes
from loadplan.planner.zones import Bin, repair, units_of

__all__ = ["repack", "relay", "resting_on", "floor_stacks", "removal_spots",
           "REPACK_MAX_DRUMS", "REPACK_TRIES", "REPACK_REMOVE", "RELAY_TRIES", "RELAY_MAX",
           "VERIFY_TRIES"]

REPACK_MAX_DRUMS = 12
"""Repacking runs only when the free-space pass leaves at most this many drums."""

REPACK_TRIES = 6
"""At most this many sets of stacks are tried per leftover line (cheapest first)."""

REPACK_REMOVE = 24
"""A set of stacks to take out holds at most this many drums."""

RELAY_TRIES = 6
"""At most this many sets of units are laid out again (fewest drums first)."""

VERIFY_TRIES = 3
"""At most this many improving tries are checked by the verifier per step (best first)."""

RELAY_MAX = 400
"""A unit laid out again holds at most this many drums."""

_TOL = 1e-6


def resting_on(s: UnitSolids) -> np.ndarray:
    """``m[i, j]``: drum ``j`` may rest on drum ``i`` (conservative): ``j``'s centre is
    higher, its bottom at most :data:`~loadplan.planner.gapspace.NEAR` above ``i``'s top,
    and their footprints overlap (two standing drums: discs by more than the verifier's
    tolerance; otherwise boxes)."""
    lo, hi, cen = s.lo, s.hi, s.cen
    up = (cen[None, :, 2] > cen[:, None, 2] + 1e-3) & (lo[None, :, 2] <= hi[:, None, 2] + NEAR)
    box = (lo[None, :, 0] < hi[:, None, 0] - NEAR) & (hi[None, :, 0] > lo[:, None, 0] + NEAR) \
        & (lo[None, :, 1] < hi[:, None, 1] - NEAR) & (hi[None, :, 1] > lo[:, None, 1] + NEAR)
    st = s.k == 2
    d2 = (cen[:, None, 0] - cen[None, :, 0]) ** 2 + (cen[:, None, 1] - cen[None, :, 1]) ** 2
    disc = d2 < (s.r[:, None] + s.r[None, :] - _TOL) ** 2
    both = st[:, None] & st[None, :]
    return up & np.where(both, disc, box)


def floor_stacks(s: UnitSolids, small: np.ndarray) -> list[list[int]]:
    """The removable floor drums of a unit, each with what rests on it: for each drum
    on the floor whose zone's line is marked in ``small`` (indexed by the unit's zone
    index), the drum and every drum resting on it, directly or through others
    (:func:`resting_on`), when all are of ``small`` lines and none carries a board.
    The floor drum first."""
    n = s.cen.shape[0]
    floor = np.flatnonzero((s.lo[:, 2] <= _TOL) & small[s.line])
    if n == 0 or floor.shape[0] == 0:
        return []
    rests = resting_on(s)
    carries = np.zeros(n, dtype=bool)
    if s.boards.shape[0]:
        bd = s.boards
        carries = ((np.abs(bd[None, :, 4] - s.hi[:, None, 2]) <= NEAR)
                   & (bd[None, :, 0] < s.hi[:, None, 0]) & (bd[None, :, 1] > s.lo[:, None, 0])
                   & (bd[None, :, 2] < s.hi[:, None, 1])
                   & (bd[None, :, 3] > s.lo[:, None, 1])).any(axis=1)
    ok = small[s.line] & ~carries
    out = []
    for i in floor.tolist():
        seen = np.zeros(n, dtype=bool)
        seen[i] = True
        todo = [i]
        good = True
        while todo and good:
            nxt = np.flatnonzero(rests[todo].any(axis=0) & ~seen)
            seen[nxt] = True
            todo = nxt.tolist()
            good = bool(ok[seen].all()) and int(seen.sum()) <= REPACK_REMOVE
        if good:
            out.append([i] + [j for j in np.flatnonzero(seen).tolist() if j != i])
    return out


def removal_spots(s: UnitSolids, stacks: list[list[int]], rb: float, h: float,
                  width: float, xmax: float) -> list[tuple[int, tuple[int, ...], float, float]]:
    """Floor spots for a standing drum of radius ``rb`` and height ``h`` once some of the
    unit's removable ``stacks`` (:func:`floor_stacks`) are out: ``(price, drums out, x,
    y)``, cheapest first, one per set of drums; the drums out are those of every stack
    whose floor drum the disc meets, the price their number. The spot is free of every
    drum and board outside ``stacks`` (exact)."""
    if not stacks:
        return []
    gone = np.zeros(s.cen.shape[0], dtype=bool)
    for col in stacks:
        gone[col] = True
    keep = ~gone
    rest = UnitSolids(s.cen[keep], s.k[keep], s.r[keep], s.hl[keep], s.weight[keep],
                      s.line[keep], s.zones, s.boards, s.length)
    base = np.array([col[0] for col in stacks])
    pts = [floor_spots(rest, rb, width, xmax, h), s.cen[base, :2]]
    p = np.concatenate([q.reshape(-1, 2) for q in pts])
    inside = (p[:, 0] >= rb - 1e-9) & (p[:, 0] <= xmax - rb + 1e-9) \
        & (p[:, 1] >= rb - 1e-9) & (p[:, 1] <= width - rb + 1e-9)
    p = p[inside]
    if p.shape[0] == 0:
        return []
    p = p[~standing_hits(rest, p[:, 0], p[:, 1], 0.0, h, rb)]
    if p.shape[0] == 0:
        return []
    fx = s.cen[base, 0][None, :]
    fy = s.cen[base, 1][None, :]
    px, py = p[:, 0][:, None], p[:, 1][:, None]
    st = (s.k[base] == 2)[None, :]
    disc = (px - fx) ** 2 + (py - fy) ** 2 < (rb + s.r[base][None, :] - 2 * SHRINK) ** 2
    dx = np.maximum(0.0, np.abs(px - fx) - (s.hi[base, 0] - s.cen[base, 0])[None, :])
    dy = np.maximum(0.0, np.abs(py - fy) - (s.hi[base, 1] - s.cen[base, 1])[None, :])
    rect = dx * dx + dy * dy < (rb - 2 * SHRINK) ** 2
    meets = np.where(st, disc, rect)
    member = np.zeros((len(stacks), s.cen.shape[0]), dtype=bool)
    for t, col in enumerate(stacks):
        member[t, col] = True
    gone_t = (meets.astype(np.int64) @ member.astype(np.int64)) > 0
    price = gone_t.sum(axis=1)
    out: dict[tuple[int, ...], tuple[int, tuple[int, ...], float, float]] = {}
    for t in np.argsort(price, kind="stable").tolist():
        key = tuple(np.flatnonzero(gone_t[t]).tolist())
        if key and key not in out:
            out[key] = (int(price[t]), key, float(p[t, 0]), float(p[t, 1]))
    return sorted(out.values(), key=lambda v: v[0])


def _pos(lines: list[Line], line: Line) -> int:
    """The position of ``line`` in ``lines`` (the zones hold the group's own objects)."""
    for k, other in enumerate(lines):
        if other is line:
            return k
    return next(k for k, other in enumerate(lines) if other.index == line.index)


def _copy(b: Bin) -> Bin:
    return Bin(b.container, [dataclasses.replace(z, centres=z.centres.copy(),
                                                 axes=z.axes.copy()) for z in b.zones],
               b.used, b.weight)


def _take_out(b: Bin, lines: list[Line], unit: int,
              drums: np.ndarray) -> dict[int, int] | None:
    """Remove the unit's drums ``drums`` (indices into its :func:`unit_solids`) from the
    copy ``b``: the removed drums per position in ``lines``, or None if a zone with boards would
    lose all its drums."""
    units = units_of(b.zones)
    zs = units[unit]
    counts = np.cumsum([0] + [z.count for z in zs])
    removed: dict[int, int] = {}
    empty = []
    for t, z in enumerate(zs):
        mine = drums[(drums >= counts[t]) & (drums < counts[t + 1])] - counts[t]
        if mine.shape[0] == 0:
            continue
        if mine.shape[0] == z.count:
            if z.boards:
                return None
            empty.append(z)
        keep = np.ones(z.count, dtype=bool)
        keep[mine] = False
        z.centres, z.axes = z.centres[keep], z.axes[keep]
        k = _pos(lines, z.line)
        removed[k] = removed.get(k, 0) + int(mine.shape[0])
        b.weight -= z.line.drum.weight * int(mine.shape[0])
    b.zones = [z for z in b.zones if not any(z is e for e in empty)]
    return removed


def repack(b: Bin, lines: list[Line], rest: np.ndarray, ids: Iterator[int],
           heavy_on_light: bool = False,
           pairs_ok: Callable[[Line, Line], bool] | None = None) -> int:
    """Make room on the floor for drums the free-space pass left (see the module notes).

    Parameters
    ----------
    b : Bin
        A realised container after :func:`~loadplan.planner.gapfill.fill_gaps`; replaced
        in place by the repacked one when that leaves strictly fewer drums.
    lines : list of Line
        The group's lines (``rest`` indexes them).
    rest : ndarray of int
        Drums of each line still to place; updated in place.
    ids : iterator of int
        Unit ids (as for :func:`~loadplan.planner.gapfill.fill_gaps`).
    heavy_on_light : bool
        Allow a drum on a lighter one.
    pairs_ok : callable or None
        Multi-drop: whether two lines may share a unit.

    Returns
    -------
    int
        How many fewer drums are left.
    """
    total = int(rest.sum())
    if total <= 0 or total > REPACK_MAX_DRUMS or not b.zones:
        return 0
    vol = np.array([l.drum.diameter ** 2 * l.drum.height for l in lines], dtype=np.float64)
    order = sorted(np.flatnonzero(rest > 0).tolist(), key=lambda i: (-vol[i], i))
    rules = (heavy_on_light, pairs_ok)
    for i in order:
        while rest[i] > 0:
            got = _first_sound(_swap_in(b, lines, rest, i, vol, ids, rules), lines, rules)
            if got is None:
                break
            b.zones, b.used, b.weight = got[0].zones, got[0].used, got[0].weight
            rest[:] = got[1]
    if rest.sum() > 0:
        got = _first_sound(relay(b, lines, rest, ids, heavy_on_light, pairs_ok), lines, rules)
        if got is not None:
            b.zones, b.used, b.weight = got[0].zones, got[0].used, got[0].weight
            rest[:] = got[1]
    return total - int(rest.sum())


def _first_sound(cands: list, lines: list[Line],
                 rules: tuple) -> tuple[Bin, np.ndarray] | None:
    """The best of ``cands`` (``(key, (bin, left))``, least key first) whose container
    passes :func:`loadplan.verify` (at most :data:`VERIFY_TRIES` are checked)."""
    from loadplan.verification import verify  # the independent check, at call time

    for _, (t, left) in sorted(cands, key=lambda c: c[0])[:VERIFY_TRIES]:
        load = build_load(t, None, 0.05)
        if not verify(load, [l.drum for l in lines], heavy_on_light=rules[0]):
            return t, left
    return None


def _better(left: np.ndarray, rest: np.ndarray, vol: np.ndarray,
            best: tuple | None) -> bool:
    """Whether ``left`` leaves strictly fewer drums than ``rest`` and no more volume, and
    is better than ``best`` ((drums, volume), None: nothing yet)."""
    key = (int(left.sum()), float(vol @ left))
    return key[0] < int(rest.sum()) and key[1] <= float(vol @ rest) + 1e-9 and (
        best is None or key < best)


def relay(b: Bin, lines: list[Line], rest: np.ndarray, ids: Iterator[int],
          heavy_on_light: bool = False,
          pairs_ok: Callable[[Line, Line], bool] | None = None) -> list[tuple[tuple, tuple]]:
    """Lay one or two units of ``b`` out again together with ``rest``: the units (no
    boards, at most :data:`RELAY_MAX` drums each; singles, then pairs, fewest drums first,
    at most :data:`RELAY_TRIES`) come out, their length joins the free length, and their
    drums with the rest go into it as a door shelf
    (:func:`~loadplan.planner.doorshelf.door_shelf`) or as single-type zones
    (:func:`~loadplan.planner.zones.repair`), then the free-space pass. The copies of
    ``b`` leaving strictly fewer drums than ``rest`` and no more volume:
    ``((drums left, volume left), (bin, drums left))`` each; ``b`` and ``rest`` are not
    changed."""
    vol = np.array([l.drum.diameter ** 2 * l.drum.height for l in lines], dtype=np.float64)
    units = units_of(b.zones)
    ok = [u for u, zs in enumerate(units) if not any(z.fixed or z.boards for z in zs)
          and sum(z.count for z in zs) <= RELAY_MAX]
    size = {u: sum(z.count for z in units[u]) for u in ok}
    sets = [(u,) for u in ok] + [(u, v) for k, u in enumerate(ok) for v in ok[k + 1:]]
    sets.sort(key=lambda t: sum(size[u] for u in t))
    out = []
    for chosen in sets[:RELAY_TRIES]:
        for shelf in (True, False):
            t = _copy(b)
            gone = {id(z) for u in chosen for z in units_of(t.zones)[u]}
            left = rest.copy()
            for z in t.zones:
                if id(z) in gone:
                    left[_pos(lines, z.line)] += z.count
                    t.weight -= z.line.drum.weight * z.count
            t.used -= sum(units[u][0].length for u in chosen)
            t.zones = [z for z in t.zones if id(z) not in gone]
            if shelf:
                door_shelf(t, lines, left, t.container.length - t.used, ids, pairs_ok)
            repair(t, lines, left)
            fill_gaps(t, lines, left, ids, heavy_on_light, pairs_ok)
            if _better(left, rest, vol, None):
                out.append(((int(left.sum()), float(vol @ left)), (t, left)))
    return out


def _swap_in(b: Bin, lines: list[Line], rest: np.ndarray, i: int, vol: np.ndarray,
             ids: Iterator[int], rules: tuple) -> list[tuple[tuple, tuple[Bin, np.ndarray]]]:
    """The tries for line ``i`` that leave strictly fewer drums and no more volume than
    ``rest``: ``((drums left, volume left), (bin, drums left))`` each."""
    heavy_on_light, pairs_ok = rules
    line = lines[i]
    d = line.drum
    c = b.container
    if "z" not in door_axes(d, c) or d.height > c.height + 1e-9:
        return []
    if d.weight > 0 and b.weight + d.weight > c.max_payload + 1e-9:
        return []
    cands = []
    xmax_free = max(0.0, c.length - b.used)
    for u, zs in enumerate(units_of(b.zones)):
        if any(z.fixed for z in zs) or (pairs_ok is not None and not all(
                pairs_ok(z.line, line) for z in zs)):
            continue
        s = unit_solids(zs)
        small = np.array([vol[_pos(lines, z.line)] < vol[i] for z in zs])
        if not small.any():
            continue
        stacks = floor_stacks(s, small)
        for price, key, x, y in removal_spots(s, stacks, d.diameter / 2.0, float(d.height),
                                              c.width, s.length + xmax_free):
            if price <= REPACK_REMOVE:
                drums = np.array(key, dtype=np.int64)
                cands.append((price, u, x, y, drums))
    cands.sort(key=lambda t: t[0])
    out = []
    for price, u, x, y, drums in cands[:REPACK_TRIES]:
        got = _try(b, lines, rest, i, (u, x, y, drums), ids, rules)
        if got is not None and _better(got[1], rest, vol, None):
            out.append(((int(got[1].sum()), float(vol @ got[1])), got))
    return out


def _try(b: Bin, lines: list[Line], rest: np.ndarray, i: int, where: tuple,
         ids: Iterator[int], rules: tuple) -> tuple[Bin, np.ndarray] | None:
    """One repack on a copy of ``b``: the drums ``drums`` of unit ``u`` out, a stack of
    line ``i`` at ``(x, y)``, then the free-space pass; (bin, drums left) or None."""
    heavy_on_light, pairs_ok = rules
    u, x, y, drums = where
    t = _copy(b)
    removed = _take_out(t, lines, u, drums)
    if removed is None:
        return None
    left = rest.copy()
    for li, n in removed.items():
        left[li] += n
    d = lines[i].drum
    most = int(left[i])
    if d.weight > 0:
        most = min(most, int(math.floor((t.container.max_payload - t.weight) / d.weight + 1e-9)))
    if most <= 0:
        return None
    # the unit's index is unchanged unless a zone was emptied (then the unit is gone)
    units = units_of(t.zones)
    if u >= len(units) or len(units) != len(units_of(b.zones)):
        return None
    n = place_floor_stack(t, u, (x, y), lines[i], most, heavy_on_light, ids)
    if n <= 0:
        return None
    left[i] -= n
    t.weight += d.weight * n
    fill_gaps(t, lines, left, ids, heavy_on_light, pairs_ok, max_drums=int(left.sum()))
    return t, left
