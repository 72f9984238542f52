"""Slow twin of :func:`loadplan.kernels.holes.fill_holes`, written from its definition.

A round looks at every point where a new circle of diameter ``d`` would touch
two placed circles, a placed circle and a wall, or two walls (a corner), inside
the rectangle; it takes them in the order of the hole-filling sort key, lowest
``x`` first and, along one ``x``, lowest ``y`` first, and keeps each one that is
at least ``d`` (less a hair) from every circle, those kept before it in this
round included. Rounds repeat until one keeps nothing or ``max_rounds`` passed.
Every pair of circles is looked at (no grid), every distance with ``math.dist``.
"""

from __future__ import annotations

import math

#: How far outside the rectangle a touching point may fall (then clamped onto its edge).
EDGE = 1e-7
#: A kept point is at least ``d - CLEAR`` from every circle.
CLEAR = 1e-7
#: Two ``x`` closer than this are one column of the hole-filling order.
SAME_X = 1e-6


def hole_order(points: list[tuple[float, float]], width: float) -> list[int]:
    """Indices of ``points`` (inside a rectangle ``width`` wide) in the hole-filling order:
    lowest ``x`` first, ``x`` equal within :data:`SAME_X` (rounding noise) meaning the same
    column, and in a column lowest ``y`` first; equal points in list order.

    Columns are formed along ascending ``x``: a point more than :data:`SAME_X` beyond the
    first ``x`` of the current column starts the next one. (The kernel sorts by the one
    number ``x * 4 (width + 1) + y``, which agrees wherever ``x`` differ by noise or by at
    least ``1/4``; ``width`` is asked for that reason only.)
    """
    by_x = sorted(range(len(points)), key=lambda i: (points[i][0], i))
    columns: list[list[int]] = []
    for i in by_x:
        if not columns or points[i][0] > points[columns[-1][0]][0] + SAME_X:
            columns.append([])
        columns[-1].append(i)
    return [i for col in columns for i in sorted(col, key=lambda i: (points[i][1], i))]


def _clamp(v: float, lo: float, hi: float) -> float:
    return min(max(v, lo), hi)


def touching_points(pts, length, width, d):
    """Every point where a circle would touch two circles, a circle and a wall, or two walls."""
    r = d / 2
    xs, ys = (r, length - r), (r, width - r)
    out = [(x, y) for x in xs for y in ys]

    def inside(x, y):
        return xs[0] - EDGE <= x <= xs[1] + EDGE and ys[0] - EDGE <= y <= ys[1] + EDGE

    for cx, cy in pts:
        # on a wall's line of centres, at distance d from the circle's centre
        for x in xs:
            if abs(x - cx) <= d:
                off = math.sqrt(d * d - (x - cx) ** 2)
                out += [(x, _clamp(cy + s * off, *ys)) for s in (-1, 1) if inside(x, cy + s * off)]
        for y in ys:
            if abs(y - cy) <= d:
                off = math.sqrt(d * d - (y - cy) ** 2)
                out += [(_clamp(cx + s * off, *xs), y) for s in (-1, 1) if inside(cx + s * off, y)]
    for i, p in enumerate(pts):
        for q in pts[i + 1:]:
            dist = math.dist(p, q)
            if dist == 0.0 or dist >= 2 * d:
                continue
            # the two apexes of the isosceles triangle with base p-q and sides d
            mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
            up = math.sqrt(d * d - (dist / 2) ** 2)
            nx, ny = -(q[1] - p[1]) / dist, (q[0] - p[0]) / dist
            for s in (-1, 1):
                x, y = mx + s * up * nx, my + s * up * ny
                if inside(x, y):
                    out.append((_clamp(x, *xs), _clamp(y, *ys)))
    return out


def fill_holes(pts, length, width, d, max_rounds):
    """The circles ``pts`` and, after them, every circle added, in the order added."""
    cur = [tuple(map(float, p)) for p in pts]
    for _ in range(max_rounds):
        cand = touching_points(cur, length, width, d)
        added = []
        for i in hole_order(cand, width):
            if all(math.dist(cand[i], q) >= d - CLEAR for q in cur + added):
                added.append(cand[i])
        cur += added
        if not added:
            break
    return cur
