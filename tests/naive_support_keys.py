"""Slow twin of :mod:`loadplan.kernels.support_keys`, written from its definition:
every pair of drums is looked at, no grid."""

from __future__ import annotations

import math

TOL = 1e-6


def _half(axis: str, d: float, h: float) -> list[float]:
    half = [d / 2, d / 2, d / 2]
    half["xyz".index(axis)] = h / 2
    return half


def _footprint_gap(ci, hi, ai, cj, hj, aj) -> bool:
    """True when the plan-view shapes overlap by more than TOL."""
    dx, dy = abs(ci[0] - cj[0]), abs(ci[1] - cj[1])
    if ai == "z" and aj == "z":
        return math.hypot(dx, dy) < hi[0] + hj[0] - TOL
    if ai != "z" and aj != "z":
        return dx < hi[0] + hj[0] - TOL and dy < hi[1] + hj[1] - TOL
    disc, rect = (hi, hj) if ai == "z" else (hj, hi)
    # distance from the disc's centre to the rectangle
    return math.hypot(max(dx - rect[0], 0.0), max(dy - rect[1], 0.0)) < disc[0] - TOL


def raise_support_keys(centres, axes, d, h, keys):
    """Each drum, lowest first, takes the largest key of the lower drums it touches."""
    n = len(centres)
    out = [float(k) for k in keys]
    halves = [_half(a, d, h) for a in axes]
    for i in sorted(range(n), key=lambda i: centres[i][2]):
        for j in range(n):
            if centres[j][2] >= centres[i][2] - TOL:
                continue
            touch = all(centres[j][c] - halves[j][c] <= centres[i][c] + halves[i][c] + TOL
                        and centres[i][c] - halves[i][c] <= centres[j][c] + halves[j][c] + TOL
                        for c in range(3))
            if touch and _footprint_gap(centres[i], halves[i], axes[i], centres[j], halves[j], axes[j]):
                out[i] = max(out[i], out[j])
    return out
