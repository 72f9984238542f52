"""Slow, obviously correct pure-Python twins of the circle kernels.

Each function here does what one kernel does, the plain way (all pairs, full
enumeration, no grids, no clever bookkeeping); tests compare the two.
"""

from __future__ import annotations

import itertools
import math

import numpy as np


def conflicts(pts, length, width, d, tol):
    """Circles outside the rectangle plus overlapping pairs, all pairs."""
    r = d / 2
    bad = sum(
        1
        for x, y in pts
        if not (r - tol <= x <= length - r + tol and r - tol <= y <= width - r + tol)
    )
    for i in range(len(pts)):
        for j in range(i + 1, len(pts)):
            if math.dist(pts[i], pts[j]) < d - tol:
                bad += 1
    return bad


def row_gap(d, s1, s2):
    """Least vertical distance between rows (unbounded, pitch d) by trying shifts."""
    m = min(abs(s2 - s1 + k * d) for k in range(-200, 201))
    return math.sqrt(max(d * d - m * m, 0.0))


def rows_min_extent(counts, starts, a, d, n_rows):
    """Least stacking extent for every (rows, short rows), by trying every
    sequence of row states."""
    best = {}
    states = range(len(counts))
    for seq in itertools.product(states, repeat=n_rows):
        ext = d + sum(row_gap(d, starts[seq[i]], starts[seq[i + 1]]) for i in range(n_rows - 1))
        m = sum(1 for k in seq if counts[k] < a)
        key = (n_rows, m)
        if ext < best.get(key, math.inf):
            best[key] = ext
    return best


def best_composition(ext, cnt, length, max_sections):
    """Best total count over all multisets of up to ``max_sections`` items."""
    best = 0
    n = len(ext)
    for k in range(1, max_sections + 1):
        for combo in itertools.combinations_with_replacement(range(n), k):
            if sum(ext[i] for i in combo) <= length + 1e-9:
                best = max(best, sum(cnt[i] for i in combo))
    return best


def compact_left(pts, d):
    """Slide circles toward x = 0 one by one in order of x (plain loops)."""
    out = [list(p) for p in pts]
    order = sorted(range(len(pts)), key=lambda i: pts[i][0])
    done = []
    for i in order:
        x = d / 2
        for j in done:
            dy = out[i][1] - out[j][1]
            if abs(dy) < d:
                x = max(x, out[j][0] + math.sqrt(d * d - dy * dy))
        out[i][0] = min(out[i][0], x)
        done.append(i)
    return np.array(out, dtype=float).reshape(-1, 2)


def hole_candidates(pts, length, width, d):
    """Points touching two circles, a circle and a wall, or two walls."""
    r = d / 2
    lo_x, hi_x, lo_y, hi_y = r, length - r, r, width - r
    out = [(lo_x, lo_y), (lo_x, hi_y), (hi_x, lo_y), (hi_x, hi_y)]
    tol = 1e-7

    def inside(x, y):
        return lo_x - tol <= x <= hi_x + tol and lo_y - tol <= y <= hi_y + tol

    for cx, cy in pts:
        for line in (lo_x, hi_x):
            dd = d * d - (line - cx) ** 2
            if dd >= 0:
                for y in (cy - math.sqrt(dd), cy + math.sqrt(dd)):
                    if inside(line, y):
                        out.append((line, min(max(y, lo_y), hi_y)))
        for line in (lo_y, hi_y):
            dd = d * d - (line - cy) ** 2
            if dd >= 0:
                for x in (cx - math.sqrt(dd), cx + math.sqrt(dd)):
                    if inside(x, line):
                        out.append((min(max(x, lo_x), hi_x), line))
    for (x1, y1), (x2, y2) in itertools.combinations(pts, 2):
        q = (x2 - x1) ** 2 + (y2 - y1) ** 2
        if 0 < q < 4 * d * d:
            dist = math.sqrt(q)
            h = math.sqrt(d * d - q / 4)
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            ux, uy = -(y2 - y1) / dist, (x2 - x1) / dist
            for s in (-1, 1):
                x, y = mx + s * h * ux, my + s * h * uy
                if inside(x, y):
                    out.append((min(max(x, lo_x), hi_x), min(max(y, lo_y), hi_y)))
    return np.array(out, dtype=float).reshape(-1, 2)


def fill_holes(pts, length, width, d, max_rounds):
    """Greedy insertion at candidates, lowest x then y first."""
    cur = [tuple(p) for p in pts]
    for _ in range(max_rounds):
        cand = hole_candidates(cur, length, width, d)
        keyed = sorted(range(len(cand)), key=lambda i: cand[i][0] * (4 * (width + 1)) + cand[i][1])
        added = 0
        for i in keyed:
            x, y = cand[i]
            if all((x - px) ** 2 + (y - py) ** 2 >= d * d - 2e-7 * d for px, py in cur):
                cur.append((x, y))
                added += 1
        if not added:
            break
    return np.array(cur, dtype=float).reshape(-1, 2)


def overlap_energy(x, lx, ly, big):
    """The overlap energy, written out plainly."""
    pts = np.asarray(x).reshape(-1, 2)
    r = big / 2
    e = 0.0
    for px, py in pts:
        e += max(0.0, r - px) ** 2 + max(0.0, px - (lx - r)) ** 2
        e += max(0.0, r - py) ** 2 + max(0.0, py - (ly - r)) ** 2
    for i in range(len(pts)):
        for j in range(i + 1, len(pts)):
            e += max(0.0, big - math.dist(pts[i], pts[j])) ** 2
    return e


def gradient_descent(x, lx, ly, big, steps=20000, lr=0.05):
    """Minimise the overlap energy by plain gradient descent with a numerical gradient."""
    x = np.array(x, dtype=float)
    h = 1e-7
    for _ in range(steps):
        e = overlap_energy(x, lx, ly, big)
        if e < 1e-22:
            break
        g = np.zeros_like(x)
        for k in range(x.size):
            xp = x.copy()
            xp[k] += h
            g[k] = (overlap_energy(xp, lx, ly, big) - e) / h
        x -= lr * g
    return overlap_energy(x, lx, ly, big)


def oler(length, width, d):
    """Oler's bound, straight from the formula."""
    a, b = length - d, width - d
    return math.floor(1 + (2 / math.sqrt(3)) * a * b / d**2 + (a + b) / d + 1e-9)


def single_family_best(length, width, d):
    """Best count of the classical single families (square, hexagonal rows
    both ways, rows shifted by the slack, zig-zag), each built and checked."""
    best = 0
    for lng, wid in ((length, width), (width, length)):
        a = math.floor(lng / d + 1e-12)
        if a < 1 or wid < d:
            continue
        s = lng - a * d
        layouts = []
        # square grid
        rows = math.floor(wid / d + 1e-12)
        layouts.append([(d / 2 + i * d, d / 2 + r * d) for r in range(rows) for i in range(a)])
        # hexagonal rows
        p = d * math.sqrt(3) / 2
        rows = 1 + math.floor((wid - d) / p + 1e-12)
        pts = []
        for r in range(rows):
            off = 0 if r % 2 == 0 else d / 2
            pts += [(d / 2 + off + i * d, d / 2 + r * p) for i in range(a) if off + (i + 1) * d <= lng + 1e-9]
        layouts.append(pts)
        # rows shifted by the slack (zig-zag when a = 1)
        delta = min(s, d / 2)
        if delta > 0:
            p = math.sqrt(d * d - delta * delta)
            rows = 1 + math.floor((wid - d) / p + 1e-12)
            layouts.append(
                [(d / 2 + (delta if r % 2 else 0) + i * d, d / 2 + r * p) for r in range(rows) for i in range(a)]
            )
        for pts in layouts:
            if pts and conflicts(pts, lng, wid, d, 1e-6) == 0:
                best = max(best, len(pts))
    return best
