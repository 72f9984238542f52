"""Slow, obviously correct pure-Python twins of :mod:`loadplan.kernels.layout3d`.

Each function does what one kernel does, the plain way: every row sequence
tried, every row built in full and filtered drum by drum, all pairs compared.
Tests compare the two on seeded random cases.
"""

from __future__ import annotations

import itertools
import math

TOL = 1e-6
S3 = math.sqrt(3.0) / 2.0


# ----------------------------------------------------------------------------
# lying cross-sections
# ----------------------------------------------------------------------------
def carried(uv, d, w, base_ok, wall_left=True, wall_right=True):
    """Which circles of a lying cross-section are carried, bottom up, all pairs."""
    n = len(uv)
    ok = [False] * n
    for i in sorted(range(n), key=lambda k: uv[k][1]):
        u, v = uv[i]
        if abs(v - d / 2) <= TOL:
            ok[i] = bool(base_ok[i])
            continue
        below = [uv[j] for j in range(n) if ok[j] and uv[j][1] < v - TOL]
        straight = any(abs(p[0] - u) <= TOL and abs(v - p[1] - d) <= TOL for p in below)
        groove_l = any(abs(p[0] - (u - d / 2)) <= TOL and abs(v - p[1] - S3 * d) <= TOL
                       for p in below)
        groove_r = any(abs(p[0] - (u + d / 2)) <= TOL and abs(v - p[1] - S3 * d) <= TOL
                       for p in below)
        ok[i] = (straight or (groove_l and groove_r)
                 or (groove_l and wall_right and u + d / 2 >= w - TOL)
                 or (groove_r and wall_left and u - d / 2 <= TOL))
    return ok


def rows_of(seq, w, d):
    """All slots of every row for a transition sequence (1 straight, 2 staggered)."""
    a0 = math.floor((w + TOL) / d)
    a1 = max(math.floor((w - d / 2 + TOL) / d), 0)
    pts = []
    o, v = 0, d / 2
    for r in range(len(seq) + 1):
        if r > 0:
            if seq[r - 1] == 1:
                v += d
            else:
                v += S3 * d
                o = 1 - o
        count = a0 if o == 0 else a1
        pts += [(d / 2 + o * d / 2 + i * d, v) for i in range(count)]
    return pts


def best_section(w, ht, d, max_rows=0, wall_left=True, wall_right=True):
    """Most carried drums over every row sequence; returns (count, centres)."""
    if w < d - TOL or ht < d - TOL:
        return 0, []
    best = (0, [])
    rmax = 1 + math.floor((ht - d + TOL) / (S3 * d))
    if max_rows > 0:
        rmax = min(rmax, max_rows)
    for nrows in range(1, rmax + 1):
        for seq in itertools.product((1, 2), repeat=nrows - 1):
            height = d + sum(d if s == 1 else S3 * d for s in seq)
            if height > ht + TOL:
                continue
            pts = rows_of(seq, w, d)
            ok = carried(pts, d, w, [True] * len(pts), wall_left, wall_right)
            kept = [p for p, k in zip(pts, ok) if k]
            if len(kept) > best[0]:
                best = (len(kept), kept)
    return best


# ----------------------------------------------------------------------------
# floors and blocks
# ----------------------------------------------------------------------------
def hex_count(a, b, d):
    if a < d - TOL or b < d - TOL:
        return 0
    rows = 1 + math.floor((b - d + TOL) / (S3 * d))
    return sum(math.floor((a - (d / 2 if r % 2 else 0) + TOL) / d) for r in range(rows))


def floor_family_count(length, width, d):
    if length < d - TOL or width < d - TOL:
        return 0
    square = math.floor((length + TOL) / d) * math.floor((width + TOL) / d)
    return max(square, hex_count(length, width, d), hex_count(width, length, d))


def stack_standing(xy, x0, z0, h, layers):
    return [(x0 + x, y, z0 + h / 2 + k * h) for k in range(layers) for x, y in xy]


def extrude_x(uv, x0, z0, h, sections):
    return [(x0 + h / 2 + s * h, u, z0 + v) for s in range(sections) for u, v in uv]


def extrude_y(uv, x0, z0, h, columns):
    return [(x0 + u, h / 2 + c * h, z0 + v) for u, v in uv for c in range(columns)]


def contact(centre, axis, h, tops, r, min_span):
    """Contact intervals of a lying drum's bottom line with standing top discs."""
    a = centre[0] if axis == 0 else centre[1]
    b = centre[1] if axis == 0 else centre[0]
    ivs = []
    for t in tops:
        ta, tb = (t[0], t[1]) if axis == 0 else (t[1], t[0])
        if abs(tb - b) >= r - 1e-3:
            continue
        half = math.sqrt(r * r - (tb - b) ** 2)
        s0, s1 = max(ta - half, a - h / 2), min(ta + half, a + h / 2)
        if s1 > s0:
            ivs.append((s0, s1))
    if not ivs:
        return False
    lo = min(s for s, _ in ivs)
    hi = max(e for _, e in ivs)
    return lo <= a - 1e-3 and hi >= a + 1e-3 and hi - lo >= min_span + 1e-3


def split_total(L, W, H, d, h, m, sy, axes, max_layers):
    """Drums of one split (m lying-x sections, lying-y block of length sy,
    standing rest with a lying headspace), as :func:`split_candidates` scores it."""
    cx = best_section(W, H, d, max_layers)[0] if "x" in axes else 0
    ncol = math.floor((W + TOL) / h) if "y" in axes else 0
    total = m * cx
    if sy > 0:
        total += ncol * best_section(sy, H, d, max_layers, m == 0, False)[0]
    rest = max(L - m * h - sy, 0.0)
    kz = math.floor((H + TOL) / h) if "z" in axes else 0
    if max_layers:
        kz = min(kz, max_layers)
    nf = floor_family_count(rest, W, d)
    best = 0
    for k in range(1, kz + 1):
        if nf == 0:
            break
        head = 0
        rem = H - k * h
        rows = max_layers - k if max_layers else 0
        if rem >= d - TOL and (not max_layers or rows > 0):
            if "x" in axes:
                head = max(head, math.floor((rest + TOL) / h) * best_section(W, rem, d, rows)[0])
            if "y" in axes and ncol:
                wl = m == 0 and sy <= 0
                head = max(head, ncol * best_section(rest, rem, d, rows, wl, False)[0])
        best = max(best, nf * k + head)
    return total + best
def head_on_tops(uv, axis, x1, z0, h, count, tops, d, min_span, w, wall_left, wall_right):
    """Lying drums on standing tops, section by section: (x, y, z) of the kept ones."""
    r = d / 2
    out = []
    for s in range(count):
        pos = [(x1 + s * h + h / 2, u) if axis == 0 else (x1 + u, h / 2 + s * h) for u, _ in uv]
        base_ok = [abs(v - r) <= TOL and contact(p, axis, h, tops, r, min_span)
                   for p, (_, v) in zip(pos, uv)]
        keep = carried(uv, d, w, base_ok, wall_left, wall_right)
        out += [(p[0], p[1], z0 + v) for p, (_, v), k in zip(pos, uv, keep) if k]
    return out
