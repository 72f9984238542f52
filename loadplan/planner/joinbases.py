"""Two boarded zones of one base joined: one floor, one board, two tops side by side.

Measured (docs/decisions.md, "[mixed] quality round 3"): a boarded column's top part
loses most at the zone's ends (the top must stand inside the hull of the drums under the
board, whose corners are rounded, and lying rows end where the box ends), so a top of
the recipe model holds 8-10 % fewer drums per metre in a 4 m zone than in an 11 m one.
When the fill MILP picks two boarded columns with the same base type and the same
number of base layers but different tops, :func:`join_bases` lays their bases out as
one floor (one zone end fewer), lays one board over it and puts the two tops on it side
by side along x, each in its own box (the boundary between the two tops is no hull
corner). The joined zone is kept when it is shorter than the two and holds at least as
many drums of each line (its base may hold a few more, never more than the order's
rest); the length it frees goes to the door shelf and repair passes. Two zones of one
recipe that ``merge`` left apart (the floor of their joint length holds more base than
the order's rest) are joined the same way with one top over the whole board.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from loadplan.containers import Container
from loadplan.planner.recipes import (BOARD_THICKNESS, Column, Part, floor_cached, head_axes,
                                      stacked_layers, top_layers, top_on_hull)
from loadplan.planner.sizes import Line, block_bound

__all__ = ["join_bases", "joined", "SPLIT_STEPS"]

SPLIT_STEPS = 10
"""Bisection steps for where the first top's box ends on the joined board."""

_TOL = 1e-6


def _floor_for(d: float, width: float, n: int, lo: float, hi: float) -> np.ndarray | None:
    """The shortest engine floor (rows of ``d``, square or staggered, lengths in
    ``[lo, hi)``) holding at least ``n`` discs; None if none is shorter than ``hi``."""
    out = set()
    r = 1
    while min(r * d, d + (r - 1) * d * math.sqrt(3.0) / 2.0) < hi - 1.0:
        for v in (r * d, d + (r - 1) * d * math.sqrt(3.0) / 2.0):
            if lo - _TOL <= v < hi - 1.0:
                out.add(round(v, 6))
        r += 1
    for length in sorted(out):
        fl = floor_cached(d, float(length), width)
        if fl.shape[0] >= n:
            return fl
    return None


def _top(fl: np.ndarray, r: float, line: Line, c: Container, x0: float, x1: float,
         room: float, k: int) -> np.ndarray | tuple:
    """The top of ``line`` in the board box ``[x0, x1]``, on the hull of ``fl``."""
    if x1 - x0 < min(line.drum.diameter, line.drum.height) - _TOL:
        return np.zeros((0, 3)), np.zeros(0, dtype="U1")
    got = top_on_hull(fl - np.array([x0, 0.0]), r, line.drum, c, x1 - x0, room,
                      top_layers(line.drum, c, k))
    if got is None:
        return np.zeros((0, 3)), np.zeros(0, dtype="U1")
    cen = np.array(got[0])
    cen[:, 0] += x0
    return cen, np.array(got[1])


def _split(fl: np.ndarray, r: float, line: Line, c: Container, lb: float, room: float,
           k: int, m: int, mirror: bool) -> float | None:
    """The shortest box along the board (from the nose end, or from the door end when
    ``mirror``) holding ``m`` drums of the top ``line`` (bisection; None: the whole board
    does not)."""
    def count(span: float) -> int:
        x0, x1 = (lb - span, lb) if mirror else (0.0, span)
        return _top(fl, r, line, c, x0, x1, room, k)[0].shape[0]

    if count(lb) < m:
        return None
    lo, hi = 0.0, lb
    for _ in range(SPLIT_STEPS):
        mid = (lo + hi) / 2.0
        if count(mid) >= m:
            hi = mid
        else:
            lo = mid
    return hi


def joined(c1: Column, c2: Column, lines: list[Line], container: Container,
           extra: int, prefer_first: bool = False, repack: bool = True) -> Column | None:
    """``c1`` and ``c2`` (boarded, same base line and layers) as one zone, their two tops
    side by side (one recipe twice: one top over the whole board), or None when that is
    not shorter or holds fewer drums of a line; ``extra``: the most base drums it may hold
    beyond the two (the order's rest of the base line); the spare board goes to the
    second top, or to the first with ``prefer_first``. ``repack``: one engine floor for
    both bases (a zone end fewer when it is shorter); otherwise the two floors one after
    the other under one board (the tops gain the boundary's hull corners)."""
    c = container
    ib, k, t1 = c1.key
    t2 = c2.key[2]
    a = lines[ib].drum
    r = a.diameter / 2.0
    n1 = c1.parts[0].centres.shape[0] // k
    n2 = c2.parts[0].centres.shape[0] // k
    if repack:
        fl = _floor_for(a.diameter, c.width, n1 + n2, max(c1.length, c2.length),
                        c1.length + c2.length + 1.0 + _TOL)
        if fl is None:
            return None
        # a floor holding more than the two bases keeps its discs nearest the nose (the
        # others, in the door-end row, would carry the board and could not be left out)
        keep = min(fl.shape[0], n1 + n2 + max(extra, 0) // k)
        fl = fl[np.lexsort((fl[:, 1], np.round(fl[:, 0], 6)))[:keep]]
    else:  # the two floors as they are, one after the other
        def first_layer(col: Column) -> np.ndarray:
            cen = col.parts[0].centres
            return cen[np.abs(cen[:, 2] - a.height / 2.0) < 1e-6][:, :2]

        fl = np.vstack([first_layer(c1), first_layer(c2) + np.array([c1.length, 0.0])])
    x0 = float(fl[:, 0].min()) - r
    fl = fl - np.array([x0, 0.0])
    lb = float(fl[:, 0].max()) + r
    room = c.height - k * a.height - BOARD_THICKNESS
    m1, m2 = c1.parts[1].centres.shape[0], c2.parts[1].centres.shape[0]
    if t1 == t2:  # one recipe twice: one top over the whole board (no box boundary)
        return _one_top(fl, r, lines, c, (ib, k, t1), lb, room, m1 + m2)
    # where the first top's box ends: the smallest split holding m1 of it (the second top
    # gets the rest of the board), or the largest leaving m2 of the second (counts grow
    # with their boxes); ``prefer_first`` picks which top gets the spare board
    if prefer_first:
        got = _split(fl, r, lines[t2], c, lb, room, k, m2, mirror=True)
        s = None if got is None else lb - got  # no split holds m2: no joint
    else:
        s = _split(fl, r, lines[t1], c, lb, room, k, m1, mirror=False)
    if s is None or not 0.0 <= s <= lb:
        return None
    top1 = _top(fl, r, lines[t1], c, 0.0, s, room, k)
    top2 = _top(fl, r, lines[t2], c, s, lb, room, k)
    if top1[0].shape[0] < m1 or top2[0].shape[0] < m2:
        return None
    return _column(fl, lines, c, (ib, k, (t1, t2)), lb, ((t1, top1, s), (t2, top2, lb - s)))


def _one_top(fl: np.ndarray, r: float, lines: list[Line], c: Container, key: tuple,
             lb: float, room: float, m: int) -> Column | None:
    """The recipe ``key`` (base, layers, top) over the floor ``fl`` with one top on the
    whole board holding at least ``m`` drums; None when it holds fewer."""
    top = _top(fl, r, lines[key[2]], c, 0.0, lb, room, key[1])
    if top[0].shape[0] < m:
        return None
    return _column(fl, lines, c, key, lb, ((key[2], top, lb),))


def _column(fl: np.ndarray, lines: list[Line], c: Container, key: tuple, lb: float,
            tops: tuple) -> Column | None:
    """The boarded column ``key`` of base floor ``fl`` (``key[1]`` layers) and ``tops``
    (``(line, (centres, axes), span)``, side by side from the nose end); None when the
    base's ``max_load`` does not allow the tops."""
    ib, k = key[0], key[1]
    a = lines[ib].drum
    zb = k * a.height
    room = c.height - zb - BOARD_THICKNESS
    n = fl.shape[0]
    load = sum(lines[t].drum.weight * top[0].shape[0] for t, top, _ in tops)
    if a.max_load is not None and (k - 1) * a.weight + load / n > a.max_load + 1e-9:
        return None
    base = stacked_layers(fl, k, a.height)
    parts = [Part(ib, base, np.full(n * k, "z", dtype="U1"), False, (0.0, zb, lb),
                  block_bound(a.diameter, a.height, lb, c.width, zb, "z", k))]
    for t, (cen, ax), span in tops:
        d = lines[t].drum
        cen = cen.copy()
        cen[:, 2] += zb + BOARD_THICKNESS
        parts.append(Part(t, cen, ax, True, (zb + BOARD_THICKNESS, room, span),
                          block_bound(d.diameter, d.height, span, c.width, room,
                                      head_axes(d, c), top_layers(d, c, k))))
    return Column(key, lb, tuple(parts), (0.0, lb, 0.0, c.width, zb, BOARD_THICKNESS))


def _gain(col: Column, parts_before: list[Column], y: np.ndarray, need: np.ndarray,
          volume: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Drums kept per line with ``col`` instead of ``parts_before``, the drum volume that
    adds and the length it saves."""
    y2 = y.copy()
    for p in col.parts:
        y2[p.line] += p.centres.shape[0]
    for old in parts_before:
        for p in old.parts:
            y2[p.line] -= p.centres.shape[0]
    y2 = np.minimum(y2, np.maximum(need, y))  # extra tops beyond the order: trimmed
    saved = sum(c.length for c in parts_before) - col.length
    return y2, float(volume @ (y2 - y)), saved


def join_bases(cols: list[Column], x: np.ndarray, y: np.ndarray, lines: list[Line],
               container: Container, need: np.ndarray, weight: np.ndarray
               ) -> tuple[list[Column], np.ndarray, np.ndarray]:
    """The zones ``x[j]`` of ``cols`` with pairs of boarded zones of one base and layers
    joined (:func:`joined`) where that saves length or holds more of the order's rest;
    ``y`` (drums kept per line) grows by what a joined zone adds (within ``need`` and the
    payload; extra base drums carry the board, so never beyond ``need``).

    Returns the columns, their zone counts and the drums kept, as
    :func:`~loadplan.planner.mixed.merge` does.
    """
    volume = np.array([l.drum.diameter ** 2 * l.drum.height for l in lines], dtype=np.float64)
    copies = [j for j in np.flatnonzero(x) for _ in range(int(x[j]))]
    out: list[Column] = []
    y = y.copy()
    used = [False] * len(copies)
    for p, j in enumerate(copies):
        if used[p]:
            continue
        used[p] = True
        col = cols[j]
        best = None
        if col.board is not None and len(col.parts) == 2 and len(col.key) == 3:
            for q in range(p + 1, len(copies)):
                other = cols[copies[q]]
                if (used[q] or other.board is None or len(other.parts) != 2
                        or len(other.key) != 3 or other.key[:2] != col.key[:2]):
                    continue
                spare = int(need[col.key[0]] - y[col.key[0]])
                same = other.key == col.key  # one recipe twice (merge left them apart)
                for first, repack in itertools.product((False,) if same else (False, True),
                                                       (True,) if same else (True, False)):
                    got = joined(col, other, lines, container, max(spare, 0), first, repack)
                    if got is None:
                        continue
                    y2, more, saved = _gain(got, [col, other], y, need, volume)
                    if (y2 < y).any() or float(weight @ y2) > container.max_payload + 1e-6:
                        continue
                    if (more > 0 or saved > 1.0) and (best is None or (more, saved) > best[3:]):
                        best = (got, q, y2, more, saved)
        if best is None:
            out.append(col)
            continue
        got, q, y, _, _ = best
        used[q] = True
        out.append(got)
    return out, np.ones(len(out), dtype=np.int64), y
