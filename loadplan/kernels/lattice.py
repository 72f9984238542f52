"""Lattices: simple floor patterns and a 2-D pattern repeated along an axis.

Kernels only; :mod:`loadplan.filling` wraps them (through the re-exports of
:mod:`loadplan.kernels.layout3d`). Coordinates are relative to the box asked for.
"""

from __future__ import annotations

import math

import numpy as np

from loadplan._jit import njit
from loadplan.kernels.lying import TOL

__all__ = ["floor_family", "floor_family_count", "stack_standing", "extrude_x", "extrude_y"]

_S3 = math.sqrt(3.0) / 2.0


@njit
def _hex_count(a: float, b: float, d: float) -> int:
    """Hex rows along ``a`` stacked across ``b`` (rows alternate long/short)."""
    if a < d - TOL or b < d - TOL:
        return 0
    n0 = int(math.floor((a + TOL) / d))
    n1 = int(math.floor((a - 0.5 * d + TOL) / d))
    rows = 1 + int(math.floor((b - d + TOL) / (_S3 * d)))
    return (rows + 1) // 2 * n0 + rows // 2 * n1


@njit
def floor_family_count(length: float, width: float, d: float) -> int:
    """Circles placed by :func:`floor_family` (cheap, for enumerations)."""
    if length < d - TOL or width < d - TOL:
        return 0
    sq = int(math.floor((length + TOL) / d)) * int(math.floor((width + TOL) / d))
    hx = _hex_count(length, width, d)
    hy = _hex_count(width, length, d)
    return max(sq, max(hx, hy))


@njit
def _hex_pack(a: float, b: float, d: float, swap: bool) -> np.ndarray:
    n = _hex_count(a, b, d)
    out = np.zeros((n, 2))
    if n == 0:
        return out
    n0 = int(math.floor((a + TOL) / d))
    n1 = int(math.floor((a - 0.5 * d + TOL) / d))
    rows = 1 + int(math.floor((b - d + TOL) / (_S3 * d)))
    k = 0
    for r in range(rows):
        m = n0 if r % 2 == 0 else n1
        off = 0.0 if r % 2 == 0 else 0.5 * d
        for i in range(m):
            p = 0.5 * d + off + i * d
            q = 0.5 * d + r * _S3 * d
            if swap:
                out[k, 0] = q
                out[k, 1] = p
            else:
                out[k, 0] = p
                out[k, 1] = q
            k += 1
    return out


@njit
def floor_family(length: float, width: float, d: float) -> np.ndarray:
    """The best of three simple floor patterns: square grid, hex rows along x, along y.

    A fallback and a quick estimate; :func:`loadplan.pack.pack_circles` is the
    real floor engine. Returns ``(n, 2)`` centres in ``[0,length] x [0,width]``.
    """
    if length < d - TOL or width < d - TOL:
        return np.zeros((0, 2))
    nx = int(math.floor((length + TOL) / d))
    ny = int(math.floor((width + TOL) / d))
    sq = nx * ny
    hx = _hex_count(length, width, d)
    hy = _hex_count(width, length, d)
    if hx >= sq and hx >= hy:
        return _hex_pack(length, width, d, False)
    if hy >= sq:
        return _hex_pack(width, length, d, True)
    out = np.zeros((sq, 2))
    k = 0
    for i in range(nx):
        for j in range(ny):
            out[k, 0] = 0.5 * d + i * d
            out[k, 1] = 0.5 * d + j * d
            k += 1
    return out


@njit
def _repeat(pts: np.ndarray, c0: int, c1: int, rep: int, x0: float, z0: float, h: float,
            count: int, pattern_outer: bool) -> np.ndarray:
    """A 2-D pattern repeated ``count`` times along one axis, ``h`` apart.

    Point ``i`` of ``pts`` gives coordinates ``c0`` and ``c1`` of each copy,
    copy ``j`` sits at ``h/2 + j h`` on axis ``rep``; then ``(x0, 0, z0)`` is
    added. Ordered copy by copy, or point by point when ``pattern_outer``.
    """
    n = pts.shape[0]
    out = np.zeros((n * count, 3))
    off = np.zeros(3)
    off[0] = x0
    off[2] = z0
    for a in range(n * count):
        if pattern_outer:
            i = a // count
            j = a % count
        else:
            j = a // n
            i = a % n
        out[a, c0] = off[c0] + pts[i, 0]
        out[a, c1] = off[c1] + pts[i, 1]
        out[a, rep] = off[rep] + 0.5 * h + j * h
    return out


@njit
def stack_standing(xy: np.ndarray, x0: float, z0: float, h: float, layers: int) -> np.ndarray:
    """Standing columns: every floor centre repeated ``layers`` high from ``z0``.

    Returns ``(n*layers, 3)`` centroids, layer by layer (bottom first), each
    drum straight on the one below.
    """
    return _repeat(xy, 0, 1, 2, x0, z0, h, layers, False)


@njit
def extrude_x(uv: np.ndarray, x0: float, z0: float, h: float, sections: int) -> np.ndarray:
    """Drums lying along x: the ``(y, z)`` cross-section repeated in ``sections`` of length ``h``.

    Ordered section by section (nose first), as ``uv`` within a section.
    """
    return _repeat(uv, 1, 2, 0, x0, z0, h, sections, False)


@njit
def extrude_y(uv: np.ndarray, x0: float, z0: float, h: float, columns: int) -> np.ndarray:
    """Drums lying across (axis y): the ``(x, z)`` cross-section repeated ``columns`` times along y.

    Ordered as ``uv``, each drum's columns together.
    """
    return _repeat(uv, 0, 2, 1, x0, z0, h, columns, True)
