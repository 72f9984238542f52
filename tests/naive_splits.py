"""Slow twin of :func:`loadplan.kernels.splits.split_candidates`, written from its definition.

Every split the kernel documents is built the plain way: ``m`` sections of
drums lying along x, a block of drums lying across of length ``s_y``, a
standing strip with the rest and, above ``k`` standing layers, drums lying on
the flat tops (along x, or across in ``floor(W/h)`` columns). Every cross-section
count comes from the full enumeration of row sequences in
:func:`naive_layout3d.best_section` (no dynamic programme, no table, no memo by
breakpoint), every floor from :func:`naive_layout3d.floor_family_count`.
"""

from __future__ import annotations

import math

from naive_layout3d import TOL, best_section, floor_family_count

#: Most ``s_y`` lengths tried per ``m`` (none, the whole rest, then breakpoints).
MAX_ACROSS = 23
#: Breakpoints ``a d`` and ``(a + 1/2) d`` are tried for ``a`` this close to either end.
ENDS = 5


def across_lengths(r0: float, d: float, across: bool) -> list[float]:
    """The lengths of the lying-across block tried in a rest ``r0``."""
    out = [0.0]
    if not across or r0 < d - TOL:
        return out
    out.append(r0)
    amax = math.floor((r0 + TOL) / d)
    for a in range(1, amax + 1):
        if a <= ENDS or a > amax - ENDS:
            for s in (a * d, a * d + d / 2):
                if s <= r0 + TOL and len(out) < MAX_ACROSS:
                    out.append(s)
    return out


def standing(rest, W, H, d, h, kz, max_layers, axes, ncol, wall_left, walls_x):
    """(total, layers, head axis 0/1 x/2 y, head count) of the best standing strip: the
    fewest layers among the best totals, lying along x before across on equal heads."""
    nf = floor_family_count(rest, W, d)
    best = (0, 0, 0, 0)
    if nf == 0:
        return best
    for k in range(1, kz + 1):
        rem = H - k * h
        rows = max_layers - k if max_layers > 0 else 0
        heads = [(0, 0)]
        if rem >= d - TOL and (max_layers <= 0 or rows > 0):
            if "x" in axes:
                per = best_section(W, rem, d, rows, *walls_x)[0]
                heads.append((math.floor((rest + TOL) / h) * per, 1))
            if "y" in axes and ncol > 0:
                heads.append((ncol * best_section(rest, rem, d, rows, wall_left, False)[0], 2))
        # the largest head; on equal counts the earlier (none, then x, then y)
        head, axis = max(heads, key=lambda t: (t[0], -t[1]))
        if nf * k + head > best[0]:
            best = (nf * k + head, k, axis, head)
    return best


def split_candidates(L, W, H, d, h, axes, max_layers, wall_y0=True, wall_y1=True):
    """Rows ``[total, m, s_y, layers, head axis, head count, lying-x count, lying-y count]``
    in the kernel's order: by ``m``, then the ``s_y`` lengths as :func:`across_lengths`."""
    kz = math.floor((H + TOL) / h) if "z" in axes else 0
    if max_layers > 0:
        kz = min(kz, max_layers)
    cx = best_section(W, H, d, max_layers, wall_y0, wall_y1)[0] if "x" in axes else 0
    mmax = math.floor((L + TOL) / h) if cx > 0 else 0
    ncol = math.floor((W + TOL) / h) if "y" in axes else 0
    out = []
    for m in range(mmax + 1):
        r0 = max(L - m * h, 0.0)
        for sy in across_lengths(r0, d, ncol > 0):
            cy = best_section(sy, H, d, max_layers, m == 0, False)[0] if sy > 0 else 0
            rest = max(r0 - sy, 0.0)
            st = (0, 0, 0, 0)
            if kz > 0 and rest >= d - TOL:
                st = standing(rest, W, H, d, h, kz, max_layers, axes, ncol, m == 0 and sy <= 0,
                              (wall_y0, wall_y1))
            out.append([m * cx + ncol * cy + st[0], m, sy, st[1], st[2], st[3], m * cx, ncol * cy])
    return out
