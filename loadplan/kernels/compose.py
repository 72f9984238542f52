"""Guillotine compositions of row patterns.

The rectangle is cut across its length into up to three sections; each
section is filled with its own row pattern in its own direction:

- *columns*: rows parallel to the width, stacked along the length (one DP,
  whose frontier gives the least section length for every count);
- *rows*: rows parallel to the length of a section ``a*d + delta`` long,
  stacked across the width (one DP per slack ``delta``; its feasible
  (rows, short rows) pairs give the count for every ``a``).

All candidate sections form a Pareto list (section length -> count); the best
combination of up to three sections whose lengths add up to at most the
rectangle's length is found exactly over that list.
"""

from __future__ import annotations

import math

import numpy as np

from loadplan._jit import njit
from loadplan.kernels.rows import pareto_indices, rows_frontier, rows_layout, rows_table

__all__ = [
    "FAMILY_COLUMNS",
    "FAMILY_ROWS",
    "FAMILY_STRETCHED_ROWS",
    "FAMILY_STRETCHED_COLUMNS",
    "stretched_rows",
    "stretched_columns",
    "slack_candidates",
    "section_items",
    "stretched_items",
    "stretched_layout",
    "best_composition",
    "composition_layout",
]

_EPS = 1e-9
_INF = 1e300

FAMILY_COLUMNS = 0
FAMILY_ROWS = 1
FAMILY_STRETCHED_ROWS = 2
FAMILY_STRETCHED_COLUMNS = 3


@njit
def stretched_rows(width: float, d: float, n_rows: int) -> tuple:
    """Spread ``n_rows`` rows evenly across ``width``: returns the row spacing
    ``h`` and the pitch ``p >= d`` along the rows that lets alternate rows,
    shifted by ``p/2``, clear each other (``(p/2)^2 + h^2 >= d^2``)."""
    h = (width - d) / (n_rows - 1)
    # callers keep n_rows small enough that h >= d/2, so rows two apart
    # (same x) always clear each other
    q = d * d - h * h
    p = 2.0 * math.sqrt(q) if q > 0.0 else 0.0
    if p < d:
        p = d
    return h, p


@njit
def stretched_columns(width: float, d: float, per_column: int, all_full: bool) -> tuple:
    """Columns across ``width`` with ``per_column`` circles spread at pitch
    ``q >= d``, alternate columns shifted by ``q/2`` (with one circle fewer,
    or all full when ``all_full``). Returns ``(q, g)``: pitch and column
    spacing along the length; ``q = 0`` if impossible."""
    steps = per_column - 0.5 if all_full else per_column - 1.0
    if steps <= 0.0:
        return 0.0, 0.0
    q = (width - d) / steps
    if q < d:
        return 0.0, 0.0
    v = d * d - 0.25 * q * q
    g = math.sqrt(v) if v > 0.0 else 0.0
    if g < 0.5 * d:
        g = 0.5 * d  # columns two apart hold the same y: they need d between them
    return q, g


@njit
def _item_buffers(cap: int) -> tuple:
    """Empty section-item arrays ``(ext, cnt, family, p1, p2, p3)`` of size ``cap``."""
    z = np.zeros(cap, dtype=np.int64)
    return np.zeros(cap), z.copy(), z.copy(), z.copy(), z.copy(), z.copy()


@njit
def _put_item(ext, cnt, fam, p1, p2, p3, n: int, e: float, c: int, f: int, a1: int, a2: int, a3: int) -> int:
    """Write one section item at index ``n``; returns ``n + 1``."""
    ext[n] = e
    cnt[n] = c
    fam[n] = f
    p1[n] = a1
    p2[n] = a2
    p3[n] = a3
    return n + 1


@njit
def slack_candidates(d: float, width: float) -> np.ndarray:
    """Slacks worth trying for rows along a section: 0, a grid up to ``d``,
    ``d/2``, and for every number of rows ``R`` the slack that makes ``R``
    rows shifted by it just fit across ``width``."""
    rmax = 1 + int(math.floor((width - d) / (0.5 * math.sqrt(3.0) * d) + _EPS))
    out = np.zeros(8 + max(rmax, 1) + 2)
    n = 0
    for j in range(8):
        out[n] = d * j / 8.0
        n += 1
    for r in range(2, rmax + 1):
        p = (width - d) / (r - 1)
        if p < d:
            delta = math.sqrt(d * d - p * p) + 1e-7
            if delta < d:
                out[n] = delta
                n += 1
    # insertion sort (a few dozen values), then drop near-duplicates
    for i in range(1, n):
        v = out[i]
        j = i - 1
        while j >= 0 and out[j] > v:
            out[j + 1] = out[j]
            j -= 1
        out[j + 1] = v
    kept = np.zeros(n)
    k = 0
    last = -1.0
    for i in range(n):
        if out[i] - last > 1e-6:
            kept[k] = out[i]
            k += 1
            last = out[i]
    return kept[:k].copy()


@njit
def section_items(length: float, width: float, d: float) -> tuple:
    """All candidate sections for a ``length x width`` rectangle, Pareto-pruned.

    Returns ``(ext, cnt, family, p1, p2, p3)``: the section length along
    ``length``, its count, and how to rebuild it (columns: rows, shorts, -;
    rows: rows, shorts, slack index into :func:`slack_candidates`)."""
    ce, cc, cr, cm = rows_frontier(width, d, length)
    deltas = slack_candidates(d, width)
    amax = int(math.floor(length / d + _EPS))
    ext, cnt, fam, p1, p2, p3 = _item_buffers(ce.size + deltas.size * max(amax, 1) + 1)
    n = 0
    for i in range(ce.size):
        if ce[i] <= length + _EPS:
            n = _put_item(ext, cnt, fam, p1, p2, p3, n, ce[i], cc[i], FAMILY_COLUMNS, cr[i], cm[i], 0)
    for t in range(deltas.size):
        delta = deltas[t]
        _, _, best, _ = rows_table(2.0 * d + delta, d, width)
        rmax = best.shape[0] - 1
        feas = np.zeros((rmax + 1, rmax + 1), dtype=np.bool_)
        for r in range(1, rmax + 1):
            for m in range(r + 1):
                v = _INF
                for k in range(best.shape[2]):
                    if best[r, m, k] < v:
                        v = best[r, m, k]
                feas[r, m] = v + d <= width + _EPS
        for a in range(1, amax + 1):
            sec = a * d + delta
            if sec > length + _EPS:
                break
            top = 0
            tr = 0
            tm = 0
            for r in range(1, rmax + 1):
                for m in range(r + 1):
                    if a == 1 and m > 0:
                        continue
                    if feas[r, m] and r * a - m > top:
                        top = r * a - m
                        tr = r
                        tm = m
            if top > 0:
                n = _put_item(ext, cnt, fam, p1, p2, p3, n, sec, top, FAMILY_ROWS, tr, tm, t)
    sext, scnt, sfam, s1, s2, s3 = stretched_items(length, width, d)
    m = n + sext.size
    e_all, c_all, f_all, q1, q2, q3 = _item_buffers(m)
    for i in range(m):
        src = i if i < n else i - n
        if i < n:
            e_all[i], c_all[i], f_all[i] = ext[src], cnt[src], fam[src]
            q1[i], q2[i], q3[i] = p1[src], p2[src], p3[src]
        else:
            e_all[i], c_all[i], f_all[i] = sext[src], scnt[src], sfam[src]
            q1[i], q2[i], q3[i] = s1[src], s2[src], s3[src]
    idx = pareto_indices(e_all, c_all)
    ext, cnt, fam, p1, p2, p3 = _item_buffers(idx.size)
    for t in range(idx.size):
        i = idx[t]
        ext[t], cnt[t], fam[t] = e_all[i], c_all[i], f_all[i]
        p1[t], p2[t], p3[t] = q1[i], q2[i], q3[i]
    return ext, cnt, fam, p1, p2, p3


@njit
def stretched_items(length: float, width: float, d: float) -> tuple:
    """Sections of stretched hexagonal patterns (see :func:`stretched_rows`
    and :func:`stretched_columns`), as ``(ext, cnt, family, p1, p2, p3)``."""
    # rows closer than the hexagonal spacing are fine when their pitch grows;
    # rows two apart share x positions, so the spacing stays >= d/2
    rmax = 1 + int(math.floor((width - d) / (0.5 * d) + _EPS))
    cmax = int(math.floor(width / d + _EPS))
    kmax = int(math.floor(length / d + _EPS)) + 1
    ext, cnt, fam, p1, p2, p3 = _item_buffers(2 * (rmax + 1) * kmax + 2 * (cmax + 1) * (2 * kmax + 2) + 1)
    n = 0
    for r in range(2, rmax + 1):
        h, p = stretched_rows(width, d, r)
        if h <= 0.0:
            continue
        for k in range(1, kmax + 1):
            for full in range(2):
                sec = d + (k - 1) * p + (0.5 * p if full == 1 else 0.0)
                if sec > length + _EPS:
                    break
                c = r * k if full == 1 else ((r + 1) // 2) * k + (r // 2) * (k - 1)
                if c <= 0:
                    continue
                n = _put_item(ext, cnt, fam, p1, p2, p3, n, sec, c, FAMILY_STRETCHED_ROWS, r, k, full)
    for c in range(2, cmax + 1):
        for full in range(2):
            q, g = stretched_columns(width, d, c, full == 1)
            if q <= 0.0 or g <= 0.0:
                continue
            jmax = 1 + int(math.floor((length - d) / g + _EPS))
            for j in range(1, jmax + 1):
                sec = d + (j - 1) * g
                cc = j * c if full == 1 else ((j + 1) // 2) * c + (j // 2) * (c - 1)
                n = _put_item(ext, cnt, fam, p1, p2, p3, n, sec, cc, FAMILY_STRETCHED_COLUMNS, c, j, full)
    return ext[:n].copy(), cnt[:n].copy(), fam[:n].copy(), p1[:n].copy(), p2[:n].copy(), p3[:n].copy()


@njit
def stretched_layout(family: int, width: float, d: float, a: int, b: int, full: int) -> np.ndarray:
    """Centres ``(x, y)`` of one stretched section starting at ``x = 0``."""
    if family == FAMILY_STRETCHED_ROWS:
        h, p = stretched_rows(width, d, a)
        total = a * b
        out = np.zeros((total, 2))
        n = 0
        for r in range(a):
            shift = 0.5 * p if r % 2 == 1 else 0.0
            c = b if (r % 2 == 0 or full == 1) else b - 1
            for i in range(c):
                out[n, 0] = 0.5 * d + shift + i * p
                out[n, 1] = 0.5 * d + r * h
                n += 1
        return out[:n].copy()
    q, g = stretched_columns(width, d, a, full == 1)
    out = np.zeros((a * b, 2))
    n = 0
    for j in range(b):
        shift = 0.5 * q if j % 2 == 1 else 0.0
        c = a if (j % 2 == 0 or full == 1) else a - 1
        for i in range(c):
            out[n, 0] = 0.5 * d + j * g
            out[n, 1] = 0.5 * d + shift + i * q
            n += 1
    return out[:n].copy()


@njit
def _last_fitting(ext: np.ndarray, room: float) -> int:
    """Index of the largest ``ext`` that is ``<= room`` (ext sorted), or -1."""
    lo = 0
    hi = ext.size
    while lo < hi:
        mid = (lo + hi) // 2
        if ext[mid] <= room + _EPS:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


@njit
def best_composition(ext: np.ndarray, cnt: np.ndarray, length: float, max_sections: int) -> np.ndarray:
    """Best choice of up to ``max_sections`` (1 to 3) items whose extents sum
    to at most ``length``; items are a Pareto list sorted by extent (so counts
    increase). Returns the chosen item indices (length 0 to 3)."""
    n = ext.size
    best = 0
    choice = np.full(3, -1, dtype=np.int64)
    i1 = _last_fitting(ext, length)
    if i1 >= 0:
        best = cnt[i1]
        choice[0] = i1
    if max_sections >= 2:
        for i in range(n):
            room = length - ext[i]
            if room < 0:
                break
            j = _last_fitting(ext, room)
            if j >= 0 and cnt[i] + cnt[j] > best:
                best = cnt[i] + cnt[j]
                choice[0] = i
                choice[1] = j
                choice[2] = -1
    if max_sections >= 3:
        for i in range(n):
            if 3.0 * ext[i] > length + _EPS:
                break
            for j in range(i, n):
                room = length - ext[i] - ext[j]
                if room < ext[j] - _EPS:
                    break
                k = _last_fitting(ext, room)
                if k >= j and cnt[i] + cnt[j] + cnt[k] > best:
                    best = cnt[i] + cnt[j] + cnt[k]
                    choice[0] = i
                    choice[1] = j
                    choice[2] = k
    k = 0
    for t in range(3):
        if choice[t] >= 0:
            k += 1
    out = np.zeros(k, dtype=np.int64)
    k = 0
    for t in range(3):
        if choice[t] >= 0:
            out[k] = choice[t]
            k += 1
    return out


def composition_layout(length: float, width: float, d: float, max_sections: int) -> np.ndarray:
    """Centres ``(x, y)`` of the best composition of sections along ``length``.

    Plain Python over the compiled pieces (:func:`section_items`,
    :func:`best_composition`, the layouts): a handful of calls, and one
    compiled closure fewer on the first run."""
    length = float(length)
    width = float(width)
    d = float(d)
    ext, cnt, fam, p1, p2, p3 = section_items(length, width, d)
    if ext.size == 0:
        return np.zeros((0, 2))
    chosen = best_composition(ext, cnt, length, int(max_sections))
    deltas = slack_candidates(d, width)
    parts = []
    x0 = 0.0
    # larger sections first, so the composition is stable and readable
    order = np.argsort(-ext[chosen], kind="stable")
    for t in range(chosen.size):
        i = int(chosen[order[t]])
        if fam[i] == FAMILY_COLUMNS:
            pts = rows_layout(width, d, length, int(p1[i]), int(p2[i]))
            pts = np.column_stack((x0 + pts[:, 1], pts[:, 0]))
        elif fam[i] == FAMILY_STRETCHED_ROWS or fam[i] == FAMILY_STRETCHED_COLUMNS:
            pts = stretched_layout(int(fam[i]), width, d, int(p1[i]), int(p2[i]), int(p3[i]))
            pts = np.column_stack((x0 + pts[:, 0], pts[:, 1]))
        else:
            delta = float(deltas[p3[i]])
            a = int(math.floor((ext[i] - delta) / d + 0.5))
            pts = rows_layout(a * d + delta, d, width, int(p1[i]), int(p2[i]))
            pts = np.column_stack((x0 + pts[:, 0], pts[:, 1]))
        parts.append(pts)
        x0 += ext[i]
    if not parts:
        return np.zeros((0, 2))
    return np.ascontiguousarray(np.concatenate(parts), dtype=np.float64)
