"""The optimisation's zones made real: one container's columns merged, trimmed, laid out.

The fill and fit MILPs (:mod:`~loadplan.planner.optimise`) choose how many zones of
each column a container gets; :func:`merge` joins zones of one recipe side by side
into one longer zone where that holds at least as much, and :func:`realise` turns the
chosen zones into the container's :class:`~loadplan.planner.zones.Zone` list, exactly
as counted: a column may hold more of a line than the order has left, and the extra
drums come off the top of the parts that carry nothing.
"""

from __future__ import annotations

import itertools

import numpy as np

from loadplan.containers import Container
from loadplan.planner.nesting import is_nest_key
from loadplan.planner.recipes import Column, Part, column_at
from loadplan.planner.sizes import Line
from loadplan.planner.zones import Bin, Zone

__all__ = ["merge", "realise"]


def _trim(part: Part, keep: int) -> tuple[np.ndarray, np.ndarray]:
    """The part without its ``n - keep`` highest drums (then those nearest the doors):
    nothing kept loses what carries it."""
    n = part.centres.shape[0]
    if keep >= n:
        return part.centres, part.axes
    c = part.centres
    order = np.lexsort((-c[:, 0], -np.round(c[:, 2], 6)))
    idx = np.sort(order[n - max(keep, 0):])
    return c[idx], part.axes[idx]


def _gap_note(col: Column, part: Part, lines: list[Line]) -> tuple[str, ...]:
    """The crew's note for the hole stacks of a nested column (:mod:`~.nesting`)."""
    if not is_nest_key(col.key) or part.line != col.key[2]:
        return ()
    a, b = lines[col.key[0]].drum, lines[col.key[2]].drum
    return (f"Small drums in the gaps: {b.sku} stands in the gaps between four {a.sku} "
            f"(square rows); stow each gap's stack before the next row of {a.sku} "
            "(the steps say when).",)


def merge(cols: list[Column], x: np.ndarray, lines: list[Line], container: Container,
          need: np.ndarray, weight: np.ndarray) -> tuple[list[Column], np.ndarray, np.ndarray]:
    """Zones of one recipe side by side merged into one zone as long as they are together,
    when that holds at least as many drums of every line (zone ends cost drums).

    Returns the columns, their zone counts and the drums per line kept
    (``min(need, what the zones hold)``, within the payload).
    """
    out: list[Column] = []
    xs: list[int] = []
    groups: dict[tuple, list[int]] = {}
    for j in np.flatnonzero(x).tolist():
        groups.setdefault(cols[j].key, []).append(j)
    for key, js in groups.items():
        total = sum(cols[j].length * int(x[j]) for j in js)
        got = column_at(key, lines, container, total) if sum(int(x[j]) for j in js) > 1 else None
        if got is not None and got.length <= total + 1e-6 and all(
                got.count(i) >= sum(cols[j].count(i) * int(x[j]) for j in js)
                and got.fixed(i) <= need[i] for i in range(len(lines))):
            out.append(got)
            xs.append(1)
        else:
            out.extend(cols[j] for j in js)
            xs.extend(int(x[j]) for j in js)
    cap = np.zeros(len(lines), dtype=np.int64)
    for col, k in zip(out, xs):
        for p in col.parts:
            cap[p.line] += p.centres.shape[0] * k
    y = np.minimum(need, cap)
    while float(weight @ y) > container.max_payload + 1e-6:  # the lightest extra drums go back
        i = int(np.argmax(np.where(y > 0, weight, -1)))
        y[i] -= max(1, int((float(weight @ y) - container.max_payload) // max(weight[i], 1e-9)))
    return out, np.array(xs, dtype=np.int64), y


def realise(cols: list[Column], x: np.ndarray, y: np.ndarray, lines: list[Line],
            container: Container, ids: itertools.count) -> Bin:
    """The zones of one container: ``x[j]`` copies of column ``j``, ``y[i]`` drums of line ``i``.

    Parameters
    ----------
    cols : list of Column
    x : ndarray of int
        Zones per column (from :func:`~loadplan.planner.optimise.fill_one`).
    y : ndarray of int
        Drums per line to keep (at most what the zones hold, at least what
        carries a board).
    lines : list of Line
        The group's lines (``Part.line`` indexes them).
    container : Container
    ids : itertools.count
        Source of unit ids (a column's parts move along x as one unit).

    Returns
    -------
    Bin
    """
    c = container
    excess = np.zeros(len(lines), dtype=np.int64)
    copies = [(j, k) for j in np.flatnonzero(x) for k in range(int(x[j]))]
    for j, _ in copies:
        for p in cols[j].parts:
            excess[p.line] += p.centres.shape[0]
    excess -= y
    b = Bin(c)
    for j, _ in reversed(copies):  # trim from the last zones
        col = cols[j]
        sid = next(ids)
        zs = []
        above = 0  # kept parts standing on a board
        for p in col.parts:
            n = p.centres.shape[0]
            cut = min(int(excess[p.line]), n) if p.trimmable else 0
            excess[p.line] -= cut
            cen, ax = _trim(p, n - cut)
            if cen.shape[0]:
                zs.append(Zone(lines[p.line], cen, ax, col.length, p.bound, shelf=sid,
                               notes=_gap_note(col, p, lines)))
                above += p.box[0] > 0.0
        if not zs:
            continue
        if is_nest_key(col.key):  # the hole stacks stand on the floor, beside the base
            if col.board is not None and above:
                zs[0].boards = col.boards()
        elif col.board is not None and len(zs) > 1:
            zs[0].boards = col.boards()[:len(zs) - 1]  # a tier's board only under its drums
        b.zones[:0] = zs
        b.used += col.length
    b.weight = sum(z.line.drum.weight * z.count for z in b.zones)
    return b
