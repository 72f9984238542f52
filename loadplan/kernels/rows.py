"""Row patterns: equal circles in parallel rows inside a strip.

A *row* is a line of circles at pitch ``d`` (touching), parallel to a side of
length ``span``: a full row holds ``a = floor(span / d)`` circles and may start
anywhere in ``[0, s]`` (``s = span - a d``, the slack); a short row holds
``a - 1`` and may start anywhere in ``[0, s + d]``. Rows are stacked across the
strip; two consecutive rows whose starts differ by ``D`` must be
``sqrt(d^2 - m^2)`` apart, where ``m`` is the distance from ``D`` to the
nearest multiple of ``d`` (the closest horizontal gap between their circles).

A dynamic programme over (rows so far, short rows so far, last row's start)
finds, for every (r, m), the least stacking extent. This one DP contains the
classical families: the square grid (equal starts), hexagonal rows (starts
``d/2`` apart, full and short rows alternating), rows shifted by the slack
(``0`` and ``s`` alternating, every row full), bands that switch between square
and staggered rows (Lubachevsky & Graham 2003), and single-file zig-zag in a
strip narrower than ``2d`` (full rows of one circle).
"""

from __future__ import annotations

import math

import numpy as np

from loadplan._jit import njit
from loadplan.kernels.sort import argsort_stable

__all__ = [
    "row_gap",
    "row_states",
    "max_rows",
    "rows_table",
    "pareto_indices",
    "rows_frontier",
    "rows_layout",
    "periodic_rows_layout",
]

_EPS = 1e-9
_INF = 1e300


@njit
def row_gap(d: float, start1: float, start2: float) -> float:
    """Least centre-to-centre distance between two rows of circles (pitch ``d``)
    whose first circles start at ``start1`` and ``start2``.

    The horizontal gap is taken over all integer shifts (rows of unbounded
    length), which can only overestimate the distance needed: always safe."""
    delta = start2 - start1
    wrapped = delta - d * math.floor(delta / d + 0.5)
    m = abs(wrapped)
    v2 = d * d - m * m
    if v2 <= 0.0:
        return 0.0
    return math.sqrt(v2)


@njit
def row_states(span: float, d: float) -> tuple:
    """Candidate rows in a strip side of length ``span``.

    Returns ``(counts, starts)``: int64 and float64 arrays, one entry a row
    state. Starts are offsets of the first circle's edge from the strip end."""
    a = int(math.floor(span / d + _EPS))
    s = span - a * d
    if s < 0.0:
        s = 0.0
    h = 0.5 * d
    full = np.empty(5)
    full[0], full[1], full[2], full[3], full[4] = 0.0, s, 0.5 * s, h, s - h
    short = np.empty(8)
    short[0], short[1], short[2], short[3] = 0.0, s, h, s + h
    short[4], short[5], short[6], short[7] = s + d, 0.5 * (s + d), s - h, h + 0.5 * s
    counts = np.zeros(full.size + short.size, dtype=np.int64)
    starts = np.zeros(full.size + short.size)
    n = 0
    for i in range(full.size):
        o = full[i]
        if o < -_EPS or o > s + _EPS or a < 1:
            continue
        o = min(max(o, 0.0), s)
        dup = False
        for j in range(n):
            if counts[j] == a and abs(starts[j] - o) < 1e-7:
                dup = True
        if not dup:
            counts[n] = a
            starts[n] = o
            n += 1
    if a >= 2:
        for i in range(short.size):
            o = short[i]
            if o < -_EPS or o > s + d + _EPS:
                continue
            o = min(max(o, 0.0), s + d)
            dup = False
            for j in range(n):
                if counts[j] == a - 1 and abs(starts[j] - o) < 1e-7:
                    dup = True
            if not dup:
                counts[n] = a - 1
                starts[n] = o
                n += 1
    return counts[:n].copy(), starts[:n].copy()


@njit
def max_rows(extent: float, d: float) -> int:
    """Most rows that can stack in ``extent`` (consecutive rows are at least
    ``(sqrt3/2) d`` apart)."""
    if extent < d - _EPS:
        return 0
    return 1 + int(math.floor((extent - d) / (0.5 * math.sqrt(3.0) * d) + _EPS))


@njit
def rows_table(span: float, d: float, extent: float) -> tuple:
    """The row DP.

    Returns ``(counts, starts, best, parent)`` where ``best[r, m, k]`` is the
    least sum of row spacings of ``r`` rows with ``m`` short rows ending in
    state ``k`` (``inf`` if impossible) and ``parent[r, m, k]`` the previous
    state. Only tables whose extent ``best + d`` fits in ``extent`` matter."""
    counts, starts = row_states(span, d)
    n_states = counts.size
    rmax = max_rows(extent, d)
    a = int(math.floor(span / d + _EPS))
    best = np.full((rmax + 1, rmax + 1, n_states), _INF)
    parent = np.full((rmax + 1, rmax + 1, n_states), -1, dtype=np.int64)
    if rmax == 0 or n_states == 0:
        return counts, starts, best, parent
    gap = np.zeros((n_states, n_states))
    for i in range(n_states):
        for j in range(n_states):
            gap[i, j] = row_gap(d, starts[i], starts[j])
    limit = extent - d + _EPS
    for k in range(n_states):
        short = 1 if counts[k] < a else 0
        best[1, short, k] = 0.0
    for r in range(1, rmax):
        for m in range(r + 1):
            for i in range(n_states):
                cur = best[r, m, i]
                if cur >= _INF:
                    continue
                for j in range(n_states):
                    nxt = cur + gap[i, j]
                    if nxt > limit:
                        continue
                    mm = m + (1 if counts[j] < a else 0)
                    if nxt < best[r + 1, mm, j]:
                        best[r + 1, mm, j] = nxt
                        parent[r + 1, mm, j] = i
    return counts, starts, best, parent


@njit
def pareto_indices(ext: np.ndarray, cnt: np.ndarray) -> np.ndarray:
    """Indices of the items on the Pareto frontier (least extent for more
    count), sorted by extent: each kept item counts more than all before it."""
    order = argsort_stable(ext)
    keep = np.zeros(ext.size, dtype=np.int64)
    k = 0
    top = 0
    for j in range(ext.size):
        i = order[j]
        if cnt[i] > top:
            top = cnt[i]
            keep[k] = i
            k += 1
    return keep[:k].copy()


@njit
def rows_frontier(span: float, d: float, extent: float) -> tuple:
    """For each circle count reachable by rows in a ``span``-wide strip, the
    least stacking extent (Pareto frontier, sorted by extent).

    Returns ``(extents, counts, rows, shorts)``."""
    counts, starts, best, parent = rows_table(span, d, extent)
    a = int(math.floor(span / d + _EPS))
    rmax = best.shape[0] - 1
    n_items = 0
    ext = np.zeros((rmax + 1) * (rmax + 1))
    cnt = np.zeros((rmax + 1) * (rmax + 1), dtype=np.int64)
    rr = np.zeros((rmax + 1) * (rmax + 1), dtype=np.int64)
    ss = np.zeros((rmax + 1) * (rmax + 1), dtype=np.int64)
    for r in range(1, rmax + 1):
        for m in range(r + 1):
            v = _INF
            for k in range(counts.size):
                if best[r, m, k] < v:
                    v = best[r, m, k]
            if v < _INF:
                ext[n_items] = v + d
                cnt[n_items] = r * a - m
                rr[n_items] = r
                ss[n_items] = m
                n_items += 1
    idx = pareto_indices(ext[:n_items].copy(), cnt[:n_items].copy())
    k = idx.size
    e_out = np.zeros(k)
    c_out = np.zeros(k, dtype=np.int64)
    r_out = np.zeros(k, dtype=np.int64)
    s_out = np.zeros(k, dtype=np.int64)
    for t in range(k):
        i = idx[t]
        e_out[t] = ext[i]
        c_out[t] = cnt[i]
        r_out[t] = rr[i]
        s_out[t] = ss[i]
    return e_out, c_out, r_out, s_out


@njit
def rows_layout(span: float, d: float, extent: float, n_rows: int, n_short: int) -> np.ndarray:
    """Centres of the least-extent pattern with ``n_rows`` rows of which
    ``n_short`` are short, as ``(along, across)`` pairs: ``along`` in
    ``[0, span]``, rows stacked along ``across`` from 0."""
    counts, starts, best, parent = rows_table(span, d, extent)
    empty = np.zeros((0, 2))
    if n_rows < 1 or n_rows >= best.shape[0] or n_short > n_rows:
        return empty
    k_best = -1
    v = _INF
    for k in range(counts.size):
        if best[n_rows, n_short, k] < v:
            v = best[n_rows, n_short, k]
            k_best = k
    if k_best < 0:
        return empty
    a = int(math.floor(span / d + _EPS))
    seq = np.zeros(n_rows, dtype=np.int64)
    k = k_best
    m = n_short
    for r in range(n_rows, 0, -1):
        seq[r - 1] = k
        prev = parent[r, m, k]
        if counts[k] < a:
            m -= 1
        k = prev
    total = 0
    for r in range(n_rows):
        total += counts[seq[r]]
    out = np.zeros((total, 2))
    y = 0.5 * d
    n = 0
    for r in range(n_rows):
        if r > 0:
            y += row_gap(d, starts[seq[r - 1]], starts[seq[r]])
        c = counts[seq[r]]
        for i in range(c):
            out[n, 0] = starts[seq[r]] + 0.5 * d + i * d
            out[n, 1] = y
            n += 1
    return out


@njit
def periodic_rows_layout(span: float, d: float, extent: float) -> np.ndarray:
    """Best two-state periodic row pattern (rows alternate between two row
    states: square, hexagonal, shifted by the slack, zig-zag), without the
    full DP: for very many rows, where the DP table would be too large.
    Returns ``(along, across)`` centres."""
    counts, starts = row_states(span, d)
    best = -1
    bi = 0
    bj = 0
    bn = 0
    for i in range(counts.size):
        for j in range(counts.size):
            g = row_gap(d, starts[i], starts[j])
            if g <= 0.0:
                continue
            n_rows = 1 + int(math.floor((extent - d) / g + _EPS))
            total = ((n_rows + 1) // 2) * counts[i] + (n_rows // 2) * counts[j]
            if total > best:
                best = total
                bi = i
                bj = j
                bn = n_rows
    if best <= 0:
        return np.zeros((0, 2))
    out = np.zeros((best, 2))
    g = row_gap(d, starts[bi], starts[bj])
    n = 0
    for r in range(bn):
        k = bi if r % 2 == 0 else bj
        for c in range(counts[k]):
            out[n, 0] = starts[k] + 0.5 * d + c * d
            out[n, 1] = 0.5 * d + r * g
            n += 1
    return out[:n].copy()
