"""Three-tier recipes: a second layer board over the top's standing layers, a third type on it.

The recipe model (:mod:`~loadplan.planner.recipes`) tops ``k`` standing layers of
a *base* type with one board and ONE type in the headroom; the headroom the top
type cannot use is lost (274 mm over two standing Ø210 x 250 layers). A *tiered*
recipe, key ``(base, k, top, j, third)``, goes on:

* ``k`` standing layers of the base on its :func:`~loadplan.planner.recipes.floor_cached`
  floor and the zone's first board over them (as a boarded recipe);
* ``j`` standing layers of the *top* type on that board, inside the hull of the
  base's tops (:func:`~loadplan.planner.recipes.top_on_hull`, standing only);
* a second board on the top's highest layer, over the extent of that layer;
* the *third* type in the room left above the second board, laid out as any top
  (standing layers and/or lying drums) inside the hull of the top's highest layer.

Rules kept (as :func:`loadplan.verify` checks them): ``max_layers`` counted from
the floor through both boards; ``max_load`` for the base and the top, the weight
on a board shared equally by the drums under it; by default (``heavy_on_light``
False) the top is not heavier than the base and the third type not heavier than
the top. The second board covers its carriers' layer (:data:`MIN_COVER` of its
area at least, the verifier asks for 50 %).

These columns are *beyond the issue's yardstick* (the recipe LP of
``benchmarks/bench_mixed.py`` uses ``recipes.columns(..., kinds="model")``); the
planner's pools add them (``kinds="tiers"``).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from loadplan.containers import Container
from loadplan.model import Drum
from loadplan.planner.recipes import (BOARD_THICKNESS, Column, Part, board_box, floor_at_least,
                                      floor_cached, head_axes, lengths_of, stack_layers,
                                      stacked_layers, top_layers, top_on_hull)
from loadplan.planner.sizes import Line, block_bound, door_axes

__all__ = ["tier_keys", "tiered", "tier_columns", "TIER_BUDGET", "MIN_COVER", "MIN_GAIN",
           "tier_pending", "TIER_ROWS"]

TIER_ROWS = (2, 4, 8, 16, 26, 44)
"""Rows of the base (staggered) tried as tiered zone lengths, and the whole container."""

TIER_BUDGET = 64
"""The most tiered column builds (pending ones count too) one :func:`tier_columns` call makes."""

MIN_GAIN = 20.0
"""Least height (mm) a tiered recipe must fill over the model's boarded recipe to be listed."""

MIN_COVER = 0.6
"""Least share of the second board's area its carriers' discs cover (verify asks 0.5)."""

_TOL = 1e-6


def _standing(d: Drum) -> Drum:
    """The drum type allowed to stand only (the top's layers under the second board)."""
    return dataclasses.replace(d, orientations=("z",))


def _low(d: Drum, c: Container) -> float:
    axes = head_axes(d, c)
    if not axes:
        return math.inf
    return min(d.height if a == "z" else d.diameter for a in axes)


def tier_keys(lines: list[Line], container: Container, heavy_on_light: bool = False,
              need: tuple[int, ...] | None = None) -> list[tuple[float, tuple]]:
    """The tiered recipes worth a column, as ``(gain, key)``, the largest gain first.

    ``gain``: the height the tiered recipe fills (``k`` base layers, ``j`` top layers and
    the third type's layers in the room over the second board, each type's standing and
    lying layers counted by their heights) less what the model's boarded recipe
    ``(base, k, top)`` fills with the top alone; only recipes with a gain over
    :data:`MIN_GAIN` mm are listed. ``j``: the most standing layers of the top that leave
    room for the third type, and one fewer.
    """
    c = container
    out = []
    for i, line in enumerate(lines):
        a = line.drum
        if "z" not in door_axes(a, c) or (need is not None and int(need[i]) == 0):
            continue
        kmax = stack_layers(a, c.height)
        for k in range(kmax, max(0, kmax - 3), -1):
            room = c.height - k * a.height - BOARD_THICKNESS
            for t, top in enumerate(lines):
                b = top.drum
                if t == i or (not heavy_on_light and b.weight > a.weight):
                    continue
                if (need is not None and int(need[t]) == 0) or "z" not in door_axes(b, c):
                    continue
                tl = top_layers(b, c, k)
                own = stack_layers(b, room)
                if tl is not None:
                    own = min(own, tl)
                if own < 1:
                    continue
                alone = _used(b, c, room, own)
                for u, third in enumerate(lines):
                    e = third.drum
                    if u == t or (not heavy_on_light and e.weight > b.weight):
                        continue
                    if need is not None and int(need[u]) == 0:
                        continue
                    low = _low(e, c)
                    j = min(own, int(math.floor((room - BOARD_THICKNESS - low) / b.height
                                                + 1e-9)))
                    for jj in (j, j - 1):
                        if jj < 1:
                            continue
                        ul = top_layers(e, c, k + jj)
                        if ul is not None and ul < 1:
                            continue
                        room2 = room - jj * b.height - BOARD_THICKNESS
                        gain = jj * b.height + _fills(e, c, room2, ul) - alone
                        if gain > MIN_GAIN:
                            out.append((gain, (i, k, t, jj, u)))
    out.sort(key=lambda w: (-w[0], w[1]))
    return out


def _fills(e: Drum, c: Container, room: float, layers: int | None) -> float:
    """Height of ``e``'s layers in ``room``: standing layers then lying ones, or lying only,
    whichever is higher."""
    axes = head_axes(e, c)
    best = 0.0
    if "z" in axes:
        n = stack_layers(e, room)
        if layers is not None:
            n = min(n, layers)
        best = n * e.height
        if ("x" in axes or "y" in axes) and e.max_load is None:
            best += math.floor((room - best) / e.diameter + 1e-9) * e.diameter
    if ("x" in axes or "y" in axes):
        best = max(best, math.floor(room / e.diameter + 1e-9) * e.diameter)
    return best


def _used(b: Drum, c: Container, room: float, own: int) -> float:
    """Height of the model's top of ``b`` alone in ``room``: its standing layers and
    lying layers of it above them (a layer of diameter each)."""
    used = own * b.height
    axes = head_axes(b, c)
    if ("x" in axes or "y" in axes) and b.max_load is None:
        used += math.floor((room - used) / b.diameter + 1e-9) * b.diameter
    return used


def _box(key: tuple, lines: list[Line], c: Container, length: float):  # noqa: ANN202
    """``(floor, x0, lb, room2 below the second board's top, z of board 1)`` or None."""
    i, k, t, j, u = key
    a, b = lines[i].drum, lines[t].drum
    got = board_box(a, b, c, k, length)
    if got is None:
        return None
    fl, x0, lb, room, layers = got
    if (layers is not None and j > layers) or j > stack_layers(b, room):
        return None
    room2 = room - j * b.height - BOARD_THICKNESS
    if room2 < _low(lines[u].drum, c) - _TOL:
        return None
    return fl, x0, lb, room2, k * a.height


def tiered(key: tuple, lines: list[Line], container: Container, length: float
           ) -> Column | None:
    """The tiered recipe ``key`` = ``(base, k, top, j, third)`` at zone length ``length``
    (base rows as :func:`~loadplan.planner.recipes.columns` tries them), or None when a
    tier is empty or a rule (``max_load``, board cover) fails."""
    c = container
    i, k, t, j, u = key
    a, b, e = lines[i].drum, lines[t].drum, lines[u].drum
    box = _box(key, lines, c, length)
    if box is None:
        return None
    fl, x0, lb, room2, zb = box
    floor = fl - np.array([x0, 0.0])
    got = top_on_hull(floor, a.diameter / 2.0, _standing(b), c, lb, j * b.height + 1e-6, j)
    if got is None:
        return None
    tc = np.array(got[0])
    tc = tc[tc[:, 2] < j * b.height]  # standing layers only, j of them at most
    high = np.abs(tc[:, 2] - (j - 0.5) * b.height) < 1e-6
    if not high.any():
        return None
    rb = b.diameter / 2.0
    top_xy = np.ascontiguousarray(tc[high, :2])
    bx0, bx1 = float(top_xy[:, 0].min() - rb), float(top_xy[:, 0].max() + rb)
    by0 = max(0.0, float(top_xy[:, 1].min() - rb))
    by1 = min(c.width, float(top_xy[:, 1].max() + rb))
    if top_xy.shape[0] * math.pi * rb * rb < MIN_COVER * (bx1 - bx0) * (by1 - by0):
        return None
    z1 = zb + BOARD_THICKNESS
    z2 = z1 + j * b.height
    ul = top_layers(e, c, k + j)
    third = top_on_hull(top_xy, rb, e, c, lb, room2, ul)
    if third is None:
        return None
    uc, uax = np.array(third[0]), np.array(third[1])
    n, nt = fl.shape[0], top_xy.shape[0]
    wu = e.weight * uc.shape[0]
    wt = b.weight * tc.shape[0]
    if a.max_load is not None and (k - 1) * a.weight + (wt + wu) / n > a.max_load + 1e-9:
        return None
    if b.max_load is not None and (j - 1) * b.weight + wu / nt > b.max_load + 1e-9:
        return None
    base = stacked_layers(floor, k, a.height)
    tc[:, 2] += z1
    uc[:, 2] += z2 + BOARD_THICKNESS
    parts = (
        Part(i, base, np.full(n * k, "z", dtype="U1"), False, (0.0, zb, lb),
             block_bound(a.diameter, a.height, lb, c.width, zb, "z", k)),
        Part(t, tc, np.full(tc.shape[0], "z", dtype="U1"), False, (z1, j * b.height, lb),
             block_bound(b.diameter, b.height, lb, c.width, j * b.height + 1e-6, "z", j)),
        Part(u, uc, uax, True, (z2 + BOARD_THICKNESS, room2, lb),
             block_bound(e.diameter, e.height, lb, c.width, room2, head_axes(e, c), ul)),
    )
    return Column(key, lb, parts, (0.0, lb, 0.0, c.width, zb, BOARD_THICKNESS),
                  ((bx0, bx1, by0, by1, z2, BOARD_THICKNESS),))


def tier_pending(key: tuple, lines: list[Line], container: Container, length: float,
                 cap: int | None):  # noqa: ANN201 - a lazy.Pending or None
    """The tiered recipe at slot ``length``, not built (:class:`~loadplan.planner.lazy.Pending`):
    the base exact, the top and the third type by the proven bounds of their boxes (the
    top's fixed count 0, a lower bound); None when it can hold nothing."""
    from loadplan.planner.lazy import Pending

    c = container
    i, k, t, j, u = key
    box = _box(key, lines, c, length)
    if box is None:
        return None
    fl, _, lb, room2, _ = box
    b, e = lines[t].drum, lines[u].drum
    ul = top_layers(e, c, k + j)
    tbox = (b.diameter, b.height, lb, c.width, j * b.height + 1e-6, "z", j)
    nt = block_bound(*tbox)
    nu = block_bound(e.diameter, e.height, lb, c.width, room2, head_axes(e, c), ul)
    if nt <= 0 or nu <= 0:
        return None
    n = fl.shape[0] * k
    return Pending(key, lb, ((i, n, n), (t, int(nt), 0), (u, int(nu), 0)), lines, c, cap,
                   [float(length)], tbox)


def tier_columns(lines: list[Line], container: Container, heavy_on_light: bool = False,
                 need: tuple[int, ...] | None = None, lazy: bool = False,
                 budget: int | None = TIER_BUDGET) -> list:
    """The tiered columns of ``lines`` (see the module notes) at the base's zone lengths.

    Recipes in :func:`tier_keys` order, each at :data:`TIER_ROWS` staggered rows of its
    base and the whole length, shortest first, while its
    base is not more than ``need`` drums; at most ``budget`` builds (None: no limit).
    ``lazy``: :class:`~loadplan.planner.lazy.Pending` columns, built when used.
    """
    c = container
    left = math.inf if budget is None else int(budget)
    out: list = []
    seen: dict = {}
    for _, key in tier_keys(lines, c, heavy_on_light, need):
        i = key[0]
        d = lines[i].drum
        cap = None if need is None else int(need[i])
        for length in lengths_of(d.diameter, c.length, TIER_ROWS, square=False):
            if cap is not None and key[1] * floor_at_least(d.diameter, length, c.width) > cap:
                break
            if left <= 0:
                return out
            left -= 1
            if cap is not None and key[1] * floor_cached(d.diameter, float(length),
                                                         c.width).shape[0] > cap:
                continue
            if lazy:
                col = tier_pending(key, lines, c, length, cap)
            else:
                col = tiered(key, lines, c, length)
                if col is not None and need is not None and any(
                        col.fixed(q) > int(need[q]) for q in (key[0], key[2])):
                    col = None
            if col is None:
                continue
            got = seen.setdefault((key, round(col.length, 6)), col)
            if got is col:
                out.append(col)
            elif lazy:
                got.also(col)
    return out
