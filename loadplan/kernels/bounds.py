"""Proven upper bounds on how many equal circles fit in a rectangle.

All functions are scalar Numba kernels (floats in, an integer out). The proofs
are sketched in :func:`loadplan.pack.circle_bound`.
"""

from __future__ import annotations

import math

from loadplan._jit import njit

__all__ = ["oler_bound", "strip_bound", "circle_upper_bound"]

# Bounds must never fall below a true count because of rounding: nudge up.
_ROUND_UP = 1e-9


@njit
def oler_bound(length: float, width: float, diameter: float) -> int:
    """Oler's bound for circles of diameter ``d`` with centres in an
    ``(L - d) x (W - d)`` rectangle: ``1 + (2/sqrt3) A / d^2 + P / (2 d)``."""
    a = length - diameter
    b = width - diameter
    if a < -1e-9 or b < -1e-9:
        return 0
    a = max(a, 0.0)
    b = max(b, 0.0)
    val = 1.0 + (2.0 / math.sqrt(3.0)) * a * b / (diameter * diameter) + (a + b) / diameter
    return int(math.floor(val + _ROUND_UP))


@njit
def strip_bound(length: float, width: float, diameter: float) -> int:
    """Narrow-strip bound: when ``W - d < d`` two centres differ by at most
    ``W - d`` across, so consecutive centres along the strip are at least
    ``sqrt(d^2 - (W - d)^2)`` apart. Returns a large number when it does not apply."""
    big = 1 << 40
    best = big
    for k in range(2):
        lng = length if k == 0 else width
        wid = width if k == 0 else length
        if lng < diameter - 1e-9 or wid < diameter - 1e-9:
            return 0
        slack = max(wid - diameter, 0.0)
        if slack < diameter:
            step = math.sqrt(diameter * diameter - slack * slack)
            n = 1 + int(math.floor(max(lng - diameter, 0.0) / step + _ROUND_UP))
            if n < best:
                best = n
    return best


@njit
def circle_upper_bound(length: float, width: float, diameter: float) -> int:
    """The tightest of the bounds above."""
    n = oler_bound(length, width, diameter)
    s = strip_bound(length, width, diameter)
    if s < n:
        n = s
    return n
