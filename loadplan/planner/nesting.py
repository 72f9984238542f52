"""Nested recipes: small drums standing in the holes of a square grid of big drums.

A zone's floor is usually the densest circle packing of one type, whose holes
are tiny. A *rectangular grid* of a big type A — ``ny`` drums across at pitch
``py = (W - dA) / (ny - 1)`` (spread over the whole width), rows at pitch
``px >= dA`` along x — leaves in each cell of four drums a hole whose largest
inscribed circle has diameter :func:`hole_diameter` ``= hypot(px, py) - dA``
(the cell centre is ``hypot(px, py) / 2`` from the four centres). A smaller
type B whose diameter fits (with :data:`CLEAR`) stands in every hole, ``m``
standing layers of it no higher than A's ``k`` layers (``max_layers`` and
``max_load`` of B). On A's tops a layer board and a top type may follow, as in
the model's boarded recipes (:func:`loadplan.planner.recipes.top_on_hull`);
then B's stacks end at least :data:`BOARD_GAP` below the board, so nothing on
the board rests on B (heavy on light and ``max_load`` are A's, as in a boarded
recipe). The hole stacks touch no A drum; the loading order (B's stack before
the rows of A nearer the doors) comes from
:func:`loadplan.planner.order.loading_steps` in ``build_load``.

A nested column's key is ``(A, k, B, ("nest", ny, px, m))`` without a top and
``(A, k, B, ("nest", ny, px, m), T)`` with one (``key[2::2]`` are the other lines
sharing the zone, as :mod:`~loadplan.planner.mixed` reads keys). These columns are
outside the issue's recipe model: the yardstick (``recipes.columns(kinds="model")``)
never has them.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from loadplan.containers import Container
from loadplan.planner.sizes import Line, block_bound, door_axes

__all__ = ["CLEAR", "BOARD_GAP", "NEST_ROWS", "hole_diameter", "grid_floor", "hole_centres",
           "nest_pitches", "MIN_COVER", "NEST_BUDGET", "worth_nesting", "nested", "nest_keys", "nest_columns", "is_nest_key", "nestable"]

CLEAR = 1e-3
"""Clearance (mm) between a hole's drum and the four drums around it."""

BOARD_GAP = 1.0
"""Under a layer board the hole stacks end at least this far (mm) below it."""

NEST_ROWS = (3, 6, 10, 16)
"""Rows of A along x tried as zone lengths (and the most that fit)."""

NEST_BUDGET = 64
"""The most nested columns built for one group and container type in the planner's
pools (:func:`nest_columns` with a budget): recipes in :func:`nest_keys` order, most
drum volume per metre first."""

MIN_COVER = 0.51
"""A board goes on A only where A's discs cover this share of it (verify asks 50 %)."""

_TOL = 1e-9


def hole_diameter(px: float, py: float, d: float) -> float:
    """The largest circle inside a cell of four circles of diameter ``d`` at pitches
    ``px`` x ``py`` (both ``>= d``): ``hypot(px, py) - d``."""
    return math.hypot(px, py) - d


def grid_floor(d: float, width: float, ny: int, px: float, nx: int) -> np.ndarray:
    """The ``nx x ny`` grid of A's floor, ``(nx ny, 2)`` centres, row by row along x:
    ``x = d / 2 + i px``, ``y = d / 2 + j py`` with ``py = (width - d) / (ny - 1)``."""
    py = (width - d) / (ny - 1)
    xs = d / 2.0 + px * np.arange(nx)
    ys = d / 2.0 + py * np.arange(ny)
    return np.column_stack([np.repeat(xs, ny), np.tile(ys, nx)])


def hole_centres(d: float, width: float, ny: int, px: float, nx: int) -> np.ndarray:
    """Centres of the ``(nx - 1)(ny - 1)`` cell holes of :func:`grid_floor`, row by row."""
    if nx < 2:
        return np.zeros((0, 2))
    py = (width - d) / (ny - 1)
    xs = d / 2.0 + px * (np.arange(nx - 1) + 0.5)
    ys = d / 2.0 + py * (np.arange(ny - 1) + 0.5)
    return np.column_stack([np.repeat(xs, ny - 1), np.tile(ys, nx - 1)])


def nestable(da: float, db: float, px: float, py: float) -> bool:
    """Does a drum of diameter ``db`` fit a hole of the ``px x py`` grid of ``da``?"""
    return math.hypot(px, py) / 2.0 >= (da + db) / 2.0 + CLEAR - _TOL


def nest_pitches(da: float, db: float, width: float, ny: int) -> float | None:
    """The least row pitch ``px >= da`` whose holes take ``db`` (None: none within
    ``1.3 da``, where the grid has lost too much of A)."""
    py = (width - da) / (ny - 1)
    if py < da - _TOL:
        return None
    need = (da + db) / 2.0 + CLEAR
    px = da if math.hypot(da, py) / 2.0 >= need else math.sqrt(max(4 * need * need - py * py, 0.0))
    px = math.ceil(px * 1e6) / 1e6  # a pitch written to 6 places still takes the hole
    return px if px <= 1.3 * da + _TOL else None


def is_nest_key(key: tuple) -> bool:
    """Is ``key`` a nested column's key (:mod:`loadplan.planner.nesting`)?"""
    return len(key) >= 4 and isinstance(key[3], tuple) and bool(key[3]) and key[3][0] == "nest"


def nested(key: tuple, lines: list[Line], c: Container, length: float):
    """The nested column ``key`` in a zone of at most ``length`` (None: nothing fits);
    remembered by the recipe's drum types, container and rows (read-only arrays)."""
    a = lines[key[0]].drum
    px = key[3][2]
    nx = int(math.floor((length - a.diameter) / px + 1e-9)) + 1 if length >= a.diameter - _TOL else 0
    if nx < 2:
        return None
    kinds = tuple(lines[i].drum for i in (key[0], key[2]) + tuple(key[4:]))
    return _built(tuple(key), kinds, c, nx)


@functools.lru_cache(maxsize=4096)
def _built(key: tuple, kinds: tuple, c: Container, nx: int):
    """:func:`nested` of ``nx`` rows; ``kinds``: the drums of A, B (and T)."""
    from loadplan.planner import recipes as rc

    a_pos, k, b_pos, (_, ny, px, m) = key[:4]
    t_pos = key[4] if len(key) == 5 else None
    a, b = kinds[0], kinds[1]
    if ny < 2 or k < 1 or m < 1:
        return None
    fl = grid_floor(a.diameter, c.width, ny, px, nx)
    holes = hole_centres(a.diameter, c.width, ny, px, nx)
    lb = (nx - 1) * px + a.diameter
    zb = k * a.height
    n = fl.shape[0]
    base = rc.stacked_layers(fl, k, a.height)
    bstack = rc.stacked_layers(holes, m, b.height)
    parts = [rc.Part(a_pos, base, np.full(base.shape[0], "z", dtype="U1"), t_pos is None,
                     (0.0, zb, lb), block_bound(a.diameter, a.height, lb, c.width, zb, "z", k)),
             rc.Part(b_pos, bstack, np.full(bstack.shape[0], "z", dtype="U1"), True,
                     (0.0, zb, lb), block_bound(b.diameter, b.height, lb, c.width, zb, "z", m))]
    board = None
    if t_pos is not None:
        t = kinds[2]
        room = c.height - zb - rc.BOARD_THICKNESS
        layers = rc.top_layers(t, c, k)
        if layers is not None and layers < 1:
            return None
        if n * math.pi * a.diameter ** 2 / 4.0 < MIN_COVER * lb * c.width:
            return None  # verify: the drums under a board cover at least half of it
        got = rc.top_on_hull(fl, a.diameter / 2.0, t, c, lb, room, layers)
        if got is None:
            return None
        tc = np.array(got[0])
        if a.max_load is not None and (k - 1) * a.weight + t.weight * tc.shape[0] / n > a.max_load + 1e-9:
            return None
        tc[:, 2] += zb + rc.BOARD_THICKNESS
        parts.append(rc.Part(t_pos, tc, np.array(got[1]), True, (zb + rc.BOARD_THICKNESS, room, lb),
                             block_bound(t.diameter, t.height, lb, c.width, room,
                                         rc.head_axes(t, c), layers)))
        board = (0.0, lb, 0.0, c.width, zb, rc.BOARD_THICKNESS)
    for p in parts:
        p.centres.flags.writeable = False
        p.axes.flags.writeable = False
    return rc.Column(tuple(key), lb, tuple(parts), board)


def _stack(b, c: Container, k: int, ha: float, boarded: bool) -> int:
    from loadplan.planner.recipes import stack_layers

    room = k * ha - (BOARD_GAP if boarded else 0.0)
    return stack_layers(b, room)


def nest_keys(lines: list[Line], c: Container, heavy_on_light: bool = False,
              need: tuple[int, ...] | None = None) -> list[tuple]:
    """Every nested recipe of ``lines`` in ``c``: for each big type A that stands and
    each smaller B that stands, the grids (A's most across and one fewer) whose holes
    take B (:func:`nest_pitches`), A's most layers and (with a top T) up to two fewer."""
    from loadplan.planner.recipes import LAYER_CHOICES, BOARD_THICKNESS, stack_layers

    out = []
    for i, la in enumerate(lines):
        a = la.drum
        if "z" not in door_axes(a, c) or (need is not None and int(need[i]) == 0):
            continue
        kmax = stack_layers(a, c.height)
        most = int(math.floor(c.width / a.diameter + 1e-9))
        for j, lb in enumerate(lines):
            b = lb.drum
            if j == i or b.diameter >= a.diameter or "z" not in door_axes(b, c):
                continue
            if need is not None and int(need[j]) == 0:
                continue
            for ny in range(most, max(1, most - 2), -1):
                px = nest_pitches(a.diameter, b.diameter, c.width, ny)
                if px is None:
                    continue
                m = _stack(b, c, kmax, a.height, False)
                if kmax >= 1 and m >= 1:
                    out.append((i, kmax, j, ("nest", ny, px, m)))
                for t, lt in enumerate(lines):
                    if t == i or (not heavy_on_light and lt.drum.weight > a.weight):
                        continue
                    if need is not None and int(need[t]) == 0:
                        continue
                    for k in range(kmax, max(0, kmax - LAYER_CHOICES), -1):
                        room = c.height - k * a.height - BOARD_THICKNESS
                        m = _stack(b, c, k, a.height, True)
                        if m >= 1 and room >= min(lt.drum.diameter, lt.drum.height) - 1e-6:
                            out.append((i, k, j, ("nest", ny, px, m), t))
    return out


def _volume_per_metre(key: tuple, lines: list[Line], c: Container) -> float:
    """Drum volume per mm of zone of the recipe's grid and hole stacks (no top)."""
    a, b = lines[key[0]].drum, lines[key[2]].drum
    _, ny, px, m = key[3]
    va = a.diameter ** 2 * a.height
    vb = b.diameter ** 2 * b.height
    return (ny * key[1] * va + (ny - 1) * m * vb) / px


def worth_nesting(key: tuple, lines: list[Line], c: Container) -> bool:
    """Does the recipe's grid with its hole stacks hold at least the drum volume per metre
    of A's own floor (:func:`~loadplan.planner.recipes.floor_cached` over the container's
    length) in as many layers? (A sparser nested base is beaten by A's dense floor and
    B's own zone; measured: the LP's gain on bench_mixed's mixes is kept, see
    docs/decisions.md.)"""
    from loadplan.planner.recipes import floor_cached

    a = lines[key[0]].drum
    n = floor_cached(a.diameter, float(c.length), c.width).shape[0]
    plain = key[1] * a.diameter ** 2 * a.height * n / c.length
    return _volume_per_metre(key, lines, c) >= plain


def nest_columns(lines: list[Line], c: Container, heavy_on_light: bool = False,
                 need: tuple[int, ...] | None = None, rows: tuple[int, ...] = NEST_ROWS,
                 keys: list[tuple] | None = None, budget: int | None = None) -> list:
    """The nested columns of ``lines`` (:func:`nest_keys`, or ``keys``) at ``rows`` rows of
    A and the most rows that fit; a column whose fixed drums (A's, under a board) are more
    than ``need`` is left out. ``budget``: the most builds, of the recipes
    :func:`worth_nesting`, those with the most drum volume per metre (grid and holes)
    first (None: every recipe, in :func:`nest_keys` order)."""
    out = []
    todo = nest_keys(lines, c, heavy_on_light, need) if keys is None else list(keys)
    left = math.inf
    if budget is not None:
        todo = [k for k in todo if worth_nesting(k, lines, c)]
        todo.sort(key=lambda k: (-_volume_per_metre(k, lines, c), k[1:3], len(k), k[-1]))
        left = int(budget)
    for key in todo:
        da, px = lines[key[0]].drum.diameter, key[3][2]
        most = int(math.floor((c.length - da) / px + 1e-9)) + 1
        for nx in sorted({r for r in rows if r <= most} | {most}):
            if left <= 0:
                return out
            left -= 1
            col = nested(key, lines, c, (nx - 1) * px + da)
            if col is None:
                continue
            if need is not None and col.fixed(key[0]) > int(need[key[0]]):
                break
            out.append(col)
    return out
