"""Lazy recipe columns: proven upper bounds first, exact counts only where a solution needs them.

A boarded recipe's top is laid out by the engine (its count is what the layout
holds after the board's hull rule), which is most of the cost of the recipe
columns. A :class:`Pending` column stands for one such build before it is made:
its base (the drums under the board, the floor of :func:`~loadplan.planner.recipes.floor_cached`)
is known exactly, its top only by the proven bound of the top's box
(:func:`~loadplan.planner.sizes.block_bound`, which the layout never exceeds; the
hull rule only takes drums away). A model solved with pending columns at their
bounds is a *relaxation* of the model with the exact columns (more drums per zone
for the same length; the drums that carry a board are exact). The solvers of
:mod:`~loadplan.planner.optimise` therefore evaluate exactly only the columns a
solution uses (:func:`resolve`) and solve again, until the solution uses exact
columns only: a least length found that way is the exact least length; a fit is a
fit of exact columns; an infeasible relaxation proves the exact model infeasible.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from loadplan.containers import Container
from loadplan.planner.recipes import Column, board_box, column_at, head_axes
from loadplan.planner.sizes import Line, block_bound

__all__ = ["Pending", "pending_at", "is_pending", "resolve", "build", "resolve_all", "tally",
           "live", "pending_in", "top_bound", "EAGER"]

EAGER = False
"""Evaluate every pending column before any solve (the eager planner; tests compare)."""

START_LEVEL = 0
"""The level pending columns start at (0: the cheap box bound, 1: the layout bound)."""

_TOL = 1e-6


@dataclass(eq=False)
class Pending:
    """A boarded column not yet built: key, zone length and per-line bounds.

    ``bounds``: ``(line, count, fixed)`` per part, ``count`` at least the exact
    count, ``fixed`` (drums carrying the board) exact. ``slots``: the zone lengths
    (``r`` rows) whose build gives this column, tried in order (the first that
    yields a column is the one :func:`~loadplan.planner.recipes.columns` keeps).
    ``top``: the top's box (the arguments of :func:`top_bound`). ``level`` 0: the top
    counted by :func:`~loadplan.planner.sizes.block_bound` (any packing of its box,
    almost free); 1: by :func:`top_bound` (the layout's own bound, ~1.5 ms).
    """

    key: tuple
    length: float
    bounds: tuple
    lines: list
    container: Container
    cap: int | None
    slots: list = field(default_factory=list)
    top: tuple = ()
    level: int = 0
    parent: "Pending | None" = None
    _done: bool = False
    _col: Column | None = None
    _tight: "Pending | None" = None

    def exact(self) -> Column | None:
        """The built column (None: its top is empty after the hull rule, or breaks
        ``max_load``); built once."""
        if self.parent is not None:
            return self.parent.exact()
        if not self._done:
            base = self.key[0]
            for length in self.slots:
                col = column_at(self.key, self.lines, self.container, length)
                if col is not None and (self.cap is None or col.fixed(base) <= self.cap):
                    self._col = col
                    break
            self._done = True
        return self._col

    def refined(self) -> "Pending":
        """This column at level 1 (a new object, made once: solves that started from
        level 0 are not changed by another solve's refinement)."""
        if self.level >= 1:
            return self
        if self._tight is None:
            tb = top_bound(*self.top)
            bounds = tuple((ln, min(n, tb) if j == 1 else n, fx)
                           for j, (ln, n, fx) in enumerate(self.bounds))
            self._tight = Pending(self.key, self.length, bounds, self.lines, self.container,
                                  self.cap, self.slots, self.top, 1, self)
        return self._tight

    def also(self, other: "Pending") -> None:
        """Another slot with the same key and zone length (so the same top box): tried
        after this one's."""
        self.slots.extend(other.slots)
        # a count no exact column of either exceeds, a fixed count none falls below
        self.bounds = tuple((ln, max(n, m), min(fx, gx)) for (ln, n, fx), (_, m, gx) in
                            zip(self.bounds, other.bounds))


def pending_at(key: tuple, lines: list[Line], container: Container, length: float,
               cap: int | None) -> Pending | None:
    """The boarded recipe ``key`` (base, layers, top) at slot ``length``, not built:
    None when it can hold nothing (no floor, no layers or no room for the top)."""
    base, k, top = key
    a, b, c = lines[base].drum, lines[top].drum, container
    got = board_box(a, b, c, k, length)
    if got is None:
        return None
    fl, _, lb, room, layers = got
    axes = head_axes(b, c)
    if not axes or room < min(b.diameter, b.height) - _TOL:
        return None
    box = (b.diameter, b.height, lb, c.width, room, axes, layers)
    tb = block_bound(*box)
    if tb <= 0:
        return None
    n = fl.shape[0] * k
    pend = Pending(key, lb, ((base, n, n), (top, int(tb), 0)), lines, c, cap, [float(length)],
                   box)
    return pend.refined() if START_LEVEL else pend


def top_bound(diameter: float, height: float, length: float, width: float, height_limit: float,
              axes: str, max_layers: int | None) -> int:
    """A proven upper bound on the drums of a top laid out in its box (the count of
    :func:`~loadplan.planner.sizes.block_cached` with these arguments, which the hull
    rule only lowers), without the circle engine.

    :func:`~loadplan.filling.layout_block` keeps the best of
    :func:`~loadplan.filling.search.build_one` on the whole box and, with two axes or
    more, pairs of bands along the length each laid out by ``build_one``; each is at
    most :func:`~loadplan.filling.search.build_bound` of its box, so the largest of
    the whole box's bound and the bands' sums bounds it. Drums that can only lie
    across are laid out by ``layout_across``: the box's
    :func:`~loadplan.filling.block_upper_bound` (any packing) bounds that.
    """
    if axes == "y":
        return block_bound(diameter, height, length, width, height_limit, axes, max_layers)
    from loadplan.filling.pieces import Box
    from loadplan.filling.search import layout_bound
    from loadplan.filling.validation import check_box, parse_axes, parse_layers

    d, h, L, W, H = check_box(diameter, height, length, width, height_limit)
    return layout_bound(Box(d, h, L, W, H, parse_axes(axes), parse_layers(max_layers)))


def is_pending(col: object) -> bool:
    """Whether ``col`` is a :class:`Pending` column (its top count is a bound)."""
    return isinstance(col, Pending)


def tally(col: object) -> tuple:
    """``(line, count, fixed)`` per part of a column, pending or built."""
    if isinstance(col, Pending):
        return col.bounds
    return tuple((p.line, p.centres.shape[0], 0 if p.trimmable else p.centres.shape[0])
                 for p in col.parts)


def resolve(cols: list, used: np.ndarray | list) -> list:
    """``cols`` with the pending columns at indexes ``used`` one step nearer built: a
    level-0 column refined (:meth:`Pending.refined`), a level-1 one built (None where a
    build makes no column); at the same places."""
    out = list(cols)
    for j in used:
        col = out[int(j)]
        if isinstance(col, Pending):
            out[int(j)] = col.refined() if col.level < 1 else col.exact()
    return out


def build(cols: list, used: np.ndarray | list) -> list:
    """``cols`` with the pending columns at indexes ``used`` built, at the same places
    (None where a build makes no column)."""
    out = list(cols)
    for j in used:
        col = out[int(j)]
        if isinstance(col, Pending):
            out[int(j)] = col.exact()
    return out


def resolve_all(cols: list) -> list:
    """Every column built (the eager columns, with None where a build makes none)."""
    return build(cols, range(len(cols)))


def live(cols: list) -> np.ndarray:
    """Indexes of the entries of ``cols`` that are columns (built or pending)."""
    return np.array([j for j, col in enumerate(cols) if col is not None], dtype=np.int64)


def pending_in(cols: list, idx: np.ndarray | list) -> list[int]:
    """The indexes among ``idx`` whose columns are pending."""
    return [int(j) for j in idx if isinstance(cols[int(j)], Pending)]
