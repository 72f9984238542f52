"""Stack recipes: what one full-width zone of a container can hold, counted exactly.

A *recipe* fills a zone ``[0, l] x [0, W] x [0, H]`` of a container:

* **single**: one drum type, laid out by :func:`loadplan.filling.layout_block`
  over the whole height (standing layers, then the same type lying on the
  flat tops, or lying only);
* **boarded**: ``k`` standing layers of a *base* type on the floor pattern of
  :func:`loadplan.pack_circles`, a layer board (:data:`BOARD_THICKNESS`) on
  their flat tops spanning the zone's full width and the base's extent along
  x, and on it a *top* type laid out by ``layout_block`` in the headroom left
  (standing layers of it, and lying drums of it above them, or lying only).

A *column* is a recipe at one zone length: its drums per line, exactly, from
the engine (every layout is cached by size, so repeated sizes cost nothing).
Zone lengths tried are those of ``r`` rows of the base type, square or
staggered (boarded recipes: staggered), for a spread of ``r`` (:data:`ROWS`),
and the whole container; boarded recipes take the most base layers that fit
and up to two fewer (:data:`LAYER_CHOICES`).

Stacking rules kept by every column: no drum is in a layer (counted from the
floor, through boards, as :func:`loadplan.verify` counts) above its type's
``max_layers``; by default a heavier type never stands on a lighter one's
board (``heavy_on_light=True`` lifts that); ``max_load`` holds for the base
drums, counting the board's load as shared equally by the drums under it; a
type with ``max_load`` gets at most ``1 + floor(max_load / weight)`` standing
layers of its own and no lying drums on its tops.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from loadplan.containers import Container
from loadplan.model import Drum
from loadplan.planner.board_hull import board_hull_of, drop_unsupported, off_hull
from loadplan.planner.sizes import Line, block_bound, block_cached, door_axes, zone_axes

__all__ = ["BOARD_THICKNESS", "ROWS", "Part", "Column", "columns", "stack_layers",
           "head_axes", "floor_cached", "top_layers", "head_layout", "column_at",
           "LAYER_CHOICES", "floor_at_least", "drop_unsupported", "BUILD_BUDGET",
           "build_order", "top_on_hull", "board_box", "lengths_of", "KINDS",
           "stacked_layers"]

KINDS = ("model", "tiers")
"""Column kinds of :func:`columns`: ``"model"``, the issue's recipe model (the yardstick
of ``benchmarks/bench_mixed.py``); ``"tiers"``, the model and the tiered recipes of
:mod:`~loadplan.planner.tiers` (a second board and a third type)."""

BOARD_THICKNESS = 18.0
"""Layer board thickness, mm (plywood sheet)."""

ROWS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 26, 34, 44, 56, 70)
"""Rows of the base type along x tried as zone lengths (square and staggered)."""

LAYER_CHOICES = 3
"""Boarded recipes use the most standing base layers that fit and up to two fewer."""

BUILD_BUDGET = 600
"""The most column builds (one recipe laid out at one zone length) :func:`columns`
makes for one group and container type: a deterministic work budget (counts, not
seconds), spent on the most promising recipes first (:func:`build_order`)."""

_TOL = 1e-6


@dataclass(frozen=True)
class Part:
    """One line's drums in a column (x from the zone start)."""

    line: int  # position of the line in the group
    centres: np.ndarray
    axes: np.ndarray
    trimmable: bool  # drums may be taken off the top (nothing rests on them)
    box: tuple[float, float, float]  # (z0, height) of its part of the zone and bound box length
    bound: int


@dataclass(frozen=True)
class Column:
    """A recipe at one zone length."""

    key: tuple  # (base, layers, top); layers 0 and top -1: a single-type zone
    length: float
    parts: tuple[Part, ...]
    board: tuple[float, ...] | None  # (x0, x1, y0, y1, z, thickness)
    more_boards: tuple[tuple[float, ...], ...] = ()  # boards above ``board`` (tiers.py)

    def boards(self) -> tuple[tuple[float, ...], ...]:
        """Every layer board of the column, lowest first (``board`` and ``more_boards``)."""
        return ((self.board,) if self.board is not None else ()) + tuple(self.more_boards)

    def count(self, line: int) -> int:
        """Drums of ``line`` in the column."""
        return sum(p.centres.shape[0] for p in self.parts if p.line == line)

    def fixed(self, line: int) -> int:
        """Drums of ``line`` that cannot be left out (something rests on them)."""
        return sum(p.centres.shape[0] for p in self.parts if p.line == line and not p.trimmable)


def stack_layers(drum: Drum, height_limit: float) -> int:
    """Most standing layers of ``drum`` in ``height_limit`` (``max_layers``, ``max_load``)."""
    n = int(math.floor(height_limit / drum.height + 1e-9))
    if drum.max_layers is not None:
        n = min(n, int(drum.max_layers))
    if drum.max_load is not None and drum.weight > 0:
        n = min(n, 1 + int(math.floor(drum.max_load / drum.weight + 1e-9)))
    return max(n, 0)


def head_axes(drum: Drum, container: Container) -> str:
    """Zone axes of ``drum``; a type with ``max_load`` that can stand stands only."""
    axes = zone_axes(drum, container)
    if drum.max_load is not None and "z" in axes:
        return "z"
    return axes


def top_layers(drum: Drum, container: Container, below: int) -> int | None:
    """Layers of ``drum`` allowed on a board over ``below`` layers: ``max_layers`` counts
    a drum's layer from the floor, whatever carries it (as :func:`loadplan.verify` does)."""
    own = _layers_arg(drum, container)
    return None if own is None else own - below


def _layers_arg(drum: Drum, container: Container) -> int | None:
    """``max_layers`` for a layout of the drum alone in the container height."""
    if drum.max_load is None:
        return drum.max_layers
    return max(1, stack_layers(drum, container.height))


@functools.lru_cache(maxsize=8192)
def floor_cached(diameter: float, length: float, width: float) -> np.ndarray:
    """:func:`loadplan.pack_circles` centres, cached (read-only)."""
    from loadplan.pack import pack_circles

    c = np.array(pack_circles(length, width, diameter), dtype=np.float64).reshape(-1, 2)
    c.flags.writeable = False
    return c


def lengths_of(d: float, length: float, rows: tuple[int, ...] = ROWS,
               square: bool = True) -> list[float]:
    """The zone lengths tried for a base of diameter ``d``: ``r`` rows for ``r`` in
    ``rows``, square (when ``square``) or staggered, and the whole ``length``, shortest
    first."""
    out = {round(length, 6)}
    for r in rows:
        for v in ((r * d, d + (r - 1) * d * math.sqrt(3.0) / 2.0) if square
                  else (d + (r - 1) * d * math.sqrt(3.0) / 2.0,)):
            if v <= length + _TOL:
                out.add(round(min(v, length), 6))
    return sorted(out)


def _head(drum: Drum, container: Container, length: float, height: float,
          max_count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    axes = head_axes(drum, container)
    if not axes or height < min(drum.diameter, drum.height) - _TOL:
        return np.zeros((0, 3)), np.zeros(0, dtype="U1")
    ml = _layers_arg(drum, container)
    return block_cached(drum.diameter, drum.height, float(length), container.width,
                        float(height), axes, ml, max_count)


def head_layout(drum: Drum, container: Container, length: float, height: float,
                max_count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The drums of one type in a ``length x W x height`` box (a top part or a single zone)."""
    return _head(drum, container, length, height, max_count)


def _single(pos: int, line: Line, c: Container, length: float) -> Column | None:
    d = line.drum
    cen, ax = _head(d, c, length, c.height)
    if cen.shape[0] == 0:
        return None
    half = np.where(ax == "x", d.height, d.diameter) / 2.0
    x1 = float((cen[:, 0] + half).max())
    bound = block_bound(d.diameter, d.height, x1, c.width, c.height, head_axes(d, c),
                        _layers_arg(d, c))
    part = Part(pos, cen, ax, True, (0.0, c.height, x1), bound)
    return Column((pos, 0, -1), x1, (part,), None)


def top_on_hull(floor: np.ndarray, r: float, drum: Drum, c: Container, length: float,
                room: float, layers: int | None,
                want: int | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """The top part in the board's box, kept inside the hull of the drums under the board.

    A board spreads its load over the drums under it; what stands on it must
    have its base centre inside the convex hull of their tops and most of its
    base over that hull (the rule :func:`loadplan.verify` checks). The box is
    laid out once; the drums on the board that break the rule are left out,
    with everything that rests on them (:func:`drop_unsupported`); None when
    nothing is left. ``want``: the most drums of the type wanted; the box then
    starts at the length guessed for them (from the nose end of the board) and
    doubles until what stays holds ``want`` or the box is the board's length.
    Remembered by its arguments (read-only arrays): recipes with other line positions
    or another need ask for the same top.
    """
    return _top_remembered(np.ascontiguousarray(floor, dtype=np.float64).tobytes(),
                           int(floor.shape[0]), float(r), drum, c, float(length), float(room),
                           layers, want)


@functools.lru_cache(maxsize=4096)
def _top_remembered(floor_bytes: bytes, n: int, r: float, drum: Drum, c: Container,
                    length: float, room: float, layers: int | None,
                    want: int | None) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`top_on_hull` of the floor ``floor_bytes`` (``n`` centres), not remembered."""
    floor = np.frombuffer(floor_bytes, dtype=np.float64).reshape(n, 2)
    hull = board_hull_of(floor, r)
    size = length
    if want is not None:
        vol = math.pi * drum.diameter ** 2 * drum.height / 4.0
        size = min(length, max(max(drum.diameter, drum.height),
                               want * vol / (0.45 * c.width * max(room, 1.0))))
    while True:
        cen, ax = _head_box(drum, c, size, c.width, room, layers)
        cen = np.array(cen)
        ax = np.array(ax)
        if cen.shape[0]:
            bad = off_hull(hull, cen, ax, drum)
            if bad.any():
                keep = drop_unsupported(cen, ax, drum, bad)
                cen, ax = cen[keep], ax[keep]
        if size >= length or (want is not None and cen.shape[0] >= want):
            break
        size = min(length, 2.0 * size)
    if cen.shape[0] == 0:
        return None
    cen.flags.writeable = False
    ax.flags.writeable = False
    return cen, ax


def _head_box(drum: Drum, container: Container, length: float, width: float,
              height: float, layers: int | None) -> tuple[np.ndarray, np.ndarray]:
    axes = head_axes(drum, container)
    if not axes or height < min(drum.diameter, drum.height) - _TOL:
        return np.zeros((0, 3)), np.zeros(0, dtype="U1")
    return block_cached(drum.diameter, drum.height, float(length), float(width), float(height),
                        axes, layers, None)


def stacked_layers(floor: np.ndarray, k: int, height: float) -> np.ndarray:
    """Centres of ``k`` standing layers of drums ``height`` high on the floor pattern
    ``floor`` (``(n, 2)`` x, y), layer by layer from the floor: ``(n k, 3)``."""
    n = floor.shape[0]
    out = np.empty((n * k, 3))
    for j in range(k):
        out[j * n:(j + 1) * n, :2] = floor
        out[j * n:(j + 1) * n, 2] = (j + 0.5) * height
    return out


def board_box(base: Drum, top: Drum, c: Container, k: int, length: float
              ) -> tuple[np.ndarray, float, float, float, int | None] | None:
    """Where the top of a boarded recipe goes: ``(floor, x0, board_length, room, layers)``.

    ``floor``: the base's standing floor over ``length`` (:func:`floor_cached`),
    starting at ``x0``; the board covers ``board_length`` from there; ``room``: the
    height above the board over ``k`` layers of the base; ``layers``: the top's layer
    limit (:func:`top_layers`). None when the floor is empty or the top may have no layer.
    """
    fl = floor_cached(base.diameter, float(length), c.width)
    if fl.shape[0] == 0:
        return None
    r = base.diameter / 2.0
    x0 = float(fl[:, 0].min()) - r
    lb = float(fl[:, 0].max()) + r - x0
    room = c.height - k * base.height - BOARD_THICKNESS
    layers = top_layers(top, c, k)
    if layers is not None and layers < 1:
        return None
    return fl, x0, lb, room, layers


def _boarded(pos: int, line: Line, k: int, tpos: int, top: Line, c: Container,
             length: float, want: int | None = None) -> Column | None:
    a, b = line.drum, top.drum
    box = board_box(a, b, c, k, length)
    if box is None:
        return None
    fl, x0, lb, room, layers = box
    r = a.diameter / 2.0
    zb = k * a.height
    got = top_on_hull(fl - np.array([x0, 0.0]), r, b, c, lb, room, layers, want)
    if got is None:
        return None
    tc, tax = got
    n = fl.shape[0]
    top_w = b.weight * tc.shape[0]
    if a.max_load is not None and (k - 1) * a.weight + top_w / n > a.max_load + 1e-9:
        return None
    base = stacked_layers(fl - np.array([x0, 0.0]), k, a.height)
    tcen = np.array(tc)
    tcen[:, 2] += zb + BOARD_THICKNESS
    bb = block_bound(a.diameter, a.height, lb, c.width, zb, "z", k)
    tb = block_bound(b.diameter, b.height, lb, c.width, room, head_axes(b, c),
                     layers)
    parts = (Part(pos, base, np.full(n * k, "z", dtype="U1"), False, (0.0, zb, lb), bb),
             Part(tpos, tcen, np.array(tax), True, (zb + BOARD_THICKNESS, room, lb), tb))
    return Column((pos, k, tpos), lb, parts, (0.0, lb, 0.0, c.width, zb, BOARD_THICKNESS))


def column_at(key: tuple, lines: list[Line], container: Container,
              length: float) -> Column | None:
    """The recipe ``key`` (base, layers, top) of :func:`columns` at another zone length
    (a five-part key: a tiered recipe of :mod:`~loadplan.planner.tiers`; a key with a
    ``("nest", ...)`` fourth part: a nested recipe of :mod:`~loadplan.planner.nesting`)."""
    from loadplan.planner.nesting import is_nest_key, nested

    if is_nest_key(key):
        return nested(key, lines, container, length)
    if len(key) == 5:
        from loadplan.planner.tiers import tiered

        return tiered(key, lines, container, length)
    base, k, top = key
    if k == 0:
        return _single(base, lines[base], container, length)
    return _boarded(base, lines[base], k, top, lines[top], container, length)


def columns(lines: list[Line], container: Container, heavy_on_light: bool = False,
            rows: tuple[int, ...] = ROWS, need: tuple[int, ...] | None = None,
            lazy: bool = False, budget: int | None = BUILD_BUDGET,
            builds: list | None = None, *, kinds: str = "model") -> list[Column]:
    """Every recipe of ``lines`` at the zone lengths tried, in ``container``.

    Parameters
    ----------
    lines : list of Line
        The group's lines (drum types of one destination group).
    container : Container
        The container type.
    heavy_on_light : bool, default False
        Allow a heavier type on a lighter one's board.
    rows : tuple of int
        Rows of the base type tried as zone lengths.
    need : tuple of int, optional
        The most drums of each line any container will be asked for (None: no
        limit). The work then follows the order: a line's single-type zones stop
        at the first length that holds ``need`` drums (a longer one holds more
        than is wanted, in more length), and a boarded recipe whose base holds
        more than ``need`` drums is not built (its base drums carry the board and
        cannot be left out, so no plan may use it). (Tops on boards are laid out
        over the whole board: sizing them to the top type's ``need`` was measured
        to cost plan quality, see docs/decisions.md.)
    lazy : bool, default False
        Boarded columns as :class:`~loadplan.planner.lazy.Pending` (top counted by
        its proven bound, built when a solution uses it), at the same places in
        the list; ``Pending.exact()`` gives the column this call would have made
        (or None where it makes none).
    budget : int or None, default BUILD_BUDGET
        The most column builds (engine layouts of one recipe at one length) made;
        None: no limit. Builds are made in :func:`build_order` (single-type zones
        first, then boarded recipes by layers and volume), so a budget keeps the
        most promising ones; the result is the same set, in the same order, as
        without a budget whenever the budget is not used up.
    builds : list, optional
        If given, ``(key, length)`` of every build made is appended (for tests).
    kinds : {"model", "tiers"}, default "model"
        ``"model"``: the issue's recipe model only (single-type and boarded zones;
        the yardstick); ``"tiers"``: also the tiered recipes of
        :func:`~loadplan.planner.tiers.tier_columns` (their own work budget), after
        the model's columns.

    Returns
    -------
    list of Column
        Deduplicated by (recipe, length), in the order of the lines, tops and
        layers (as without a budget); lines that fit no zone get none.
    """
    if kinds not in KINDS:
        raise ValueError(f"kinds must be one of {KINDS}, got {kinds!r}")
    c = container
    out: dict[tuple, tuple[tuple, Column]] = {}
    left = [math.inf if budget is None else int(budget)]
    for rank, key in build_order(lines, c, heavy_on_light, need):
        if left[0] <= 0:
            break
        base, k, top = key
        cap = None if need is None else int(need[base])
        if k == 0:
            made = _single_run(lines[base], base, c, cap, left, builds)
        else:
            made = _boarded_run(key, lines, c, cap, left, builds, lazy)
        for n, col in enumerate(made):
            got = out.setdefault((col.key, round(col.length, 6)), (rank + (n,), col))[1]
            if lazy and got is not col and not isinstance(got, Column):
                got.also(col)  # the eager run keeps the first of these that builds
    got = [col for _, col in sorted(out.values(), key=lambda rc: rc[0])]
    if kinds == "tiers":
        from loadplan.planner.tiers import TIER_BUDGET, tier_columns

        got += tier_columns(lines, c, heavy_on_light, need, lazy,
                            None if budget is None else TIER_BUDGET)
    return got


def build_order(lines: list[Line], container: Container, heavy_on_light: bool = False,
                need: tuple[int, ...] | None = None) -> list[tuple[tuple, tuple]]:
    """The recipes :func:`columns` builds, most promising first: ``(rank, key)`` pairs.

    Single-type recipes of every line first (every line needs one to be placed at
    all); then boarded recipes with the most base layers that fit, then one fewer,
    then two fewer; within each, base lines with the most ordered volume first
    (``need`` x bounding volume; without ``need`` the drum's volume), then tops the
    same way. ``rank`` is the position of the recipe in the enumeration without a
    budget (line, single before boarded, top, layers from the most down), used to
    give the columns back in that order.
    """
    c = container

    def volume(i: int) -> float:
        d = lines[i].drum
        return d.diameter ** 2 * d.height * (1.0 if need is None else float(need[i]))

    first = [((i, 0), (i, 0, -1)) for i in range(len(lines))]
    later = []
    for i, line in enumerate(lines):
        d = line.drum
        if "z" not in door_axes(d, c) or (need is not None and int(need[i]) == 0):
            continue
        kmax = stack_layers(d, c.height)
        for j, top in enumerate(lines):
            t = top.drum
            if j == i or (not heavy_on_light and t.weight > d.weight):
                continue
            if need is not None and int(need[j]) == 0:
                continue
            for k in range(kmax, max(0, kmax - LAYER_CHOICES), -1):
                room = c.height - k * d.height - BOARD_THICKNESS
                if room < min(t.diameter, t.height) - _TOL:
                    continue
                later.append(((kmax - k, -volume(i), -volume(j), i, j), (i, 1, j, kmax - k),
                              (i, k, j)))
    later.sort(key=lambda t: t[0])
    return first + [(rank, key) for _, rank, key in later]


def _single_run(line: Line, pos: int, c: Container, cap: int | None, left: list,
                builds: list | None) -> list[Column]:
    """A line's single-type zones, shortest first, up to the first holding ``cap``."""
    made = []
    for length in lengths_of(line.drum.diameter, c.length):
        if left[0] <= 0:
            break
        left[0] -= 1
        if builds is not None:
            builds.append(((pos, 0, -1), length))
        col = _single(pos, line, c, length)
        if col is not None:
            made.append(col)
            if cap is not None and col.count(pos) >= cap:
                break
    return made


def _boarded_run(key: tuple, lines: list[Line], c: Container, cap: int | None, left: list,
                 builds: list | None, lazy: bool = False) -> list[Column]:
    """One boarded recipe at its zone lengths, shortest first, while its base is not
    more than ``cap`` drums."""
    i, k, j = key
    d = lines[i].drum
    made = []
    for length in lengths_of(d.diameter, c.length):
        if cap is not None and k * floor_at_least(d.diameter, length, c.width) > cap:
            break  # the base alone is more than wanted, here and longer
        if left[0] <= 0:
            break
        left[0] -= 1
        if builds is not None:
            builds.append((key, length))
        if cap is not None and k * floor_cached(d.diameter, float(length), c.width).shape[0] > cap:
            continue  # its base alone (the drums it fixes) is more than wanted: not kept
        if lazy:
            from loadplan.planner.lazy import pending_at

            pend = pending_at(key, lines, c, length, cap)
            if pend is not None:
                made.append(pend)
            continue
        col = _boarded(i, lines[i], k, j, lines[j], c, length)
        if col is not None and (cap is None or col.fixed(i) <= cap):
            made.append(col)
    return made


def floor_at_least(diameter: float, length: float, width: float) -> int:
    """A count :func:`floor_cached` never falls below: the square grid of ``diameter``
    in ``length x width`` (pack_circles keeps the best of its pattern families, the
    square grid among them), so the engine need not run to know a floor is too big."""
    if length < diameter - _TOL or width < diameter - _TOL:
        return 0
    return int(math.floor(length / diameter + 1e-9)) * int(math.floor(width / diameter + 1e-9))
