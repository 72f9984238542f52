"""Exact geometry of axis-aligned cylinders: overlap, door passage, disc lens area.

A drum is a solid right circular cylinder: centroid ``(x, y, z)``, axis
index ``k`` (0 x, 1 y, 2 z, :data:`loadplan.axes.AXIS_INDEX`), radius ``r``
and half length ``l`` along its axis. The overlap test is derived in the
docstring of :mod:`loadplan.verification`.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from loadplan.axes import AXIS_INDEX
from loadplan.verification.tolerances import TOL

__all__ = ["Cylinders", "extents", "pair_overlaps", "cylinders_overlap", "passes_door", "lens_area"]


class Cylinders(NamedTuple):
    """Drums as arrays: centroids (m, 3), axis indices (m,), radii (m,), half lengths (m,)."""

    centres: Any
    axes: Any
    radii: Any
    half: Any


def extents(axis_idx: np.ndarray, r: np.ndarray, hl: np.ndarray) -> np.ndarray:
    """Half extents (n, 3) of each drum's bounding box."""
    ext = np.repeat(r[:, None], 3, axis=1)
    rows = np.arange(axis_idx.shape[0])
    ext[rows, axis_idx] = hl
    return ext


def pair_overlaps(a: Cylinders | tuple, b: Cylinders | tuple, tol: float = TOL) -> np.ndarray:
    """Exact overlap test for pairs of axis-aligned cylinders (vectorised).

    Parameters
    ----------
    a, b : Cylinders or tuple ``(centres, axes, radii, half)``
        Row ``t`` of ``a`` is paired with row ``t`` of ``b``: centroids (m, 3),
        axis index (m,) (0 for x, 1 for y, 2 for z), radii and half lengths
        along the axis (m,).
    tol : float
        Each solid is shrunk by ``tol / 2`` (radius and half length) before
        testing for intersection, so touching pairs do not overlap.

    Returns
    -------
    ndarray of bool, shape (m,)
        True where the pair interpenetrates by more than ``tol``. See the
        docstring of :mod:`loadplan.verification` for the derivation.
    """
    centres_a, axes_a, radii_a, half_a = a
    centres_b, axes_b, radii_b, half_b = b
    ca = np.asarray(centres_a, dtype=np.float64).reshape(-1, 3)
    cb = np.asarray(centres_b, dtype=np.float64).reshape(-1, 3)
    ka = np.asarray(axes_a, dtype=np.int64)
    kb = np.asarray(axes_b, dtype=np.int64)
    ra = np.asarray(radii_a, dtype=np.float64) - tol / 2
    rb = np.asarray(radii_b, dtype=np.float64) - tol / 2
    la = np.asarray(half_a, dtype=np.float64) - tol / 2
    lb = np.asarray(half_b, dtype=np.float64) - tol / 2
    m = ca.shape[0]
    out = np.zeros(m, dtype=bool)
    rows = np.arange(m)
    d = np.abs(ca - cb)  # (m, 3)
    par = ka == kb
    if par.any():
        i = rows[par]
        k = ka[par]
        axial = d[i, k]
        # the two coordinates other than the axis
        o1 = (k + 1) % 3
        o2 = (k + 2) % 3
        dist2 = d[i, o1] ** 2 + d[i, o2] ** 2
        out[i] = (axial < la[i] + lb[i]) & (dist2 < (ra[i] + rb[i]) ** 2)
    per = ~par
    if per.any():
        i = rows[per]
        a, b = ka[per], kb[per]
        c = 3 - a - b
        p = d[i, b] - lb[i]  # A's disc half-width along b must reach p
        q = d[i, a] - la[i]  # B's disc half-width along a must reach q
        rA, rB = ra[i], rb[i]
        tA = np.where(p <= 0, rA, np.sqrt(np.maximum(rA * rA - p * p, 0.0)))
        tB = np.where(q <= 0, rB, np.sqrt(np.maximum(rB * rB - q * q, 0.0)))
        out[i] = (p < rA) & (q < rB) & (d[i, c] < tA + tB)
    # a solid shrunk to nothing (radius or half length <= 0) meets nothing
    return out & (ra > 0) & (rb > 0) & (la > 0) & (lb > 0)



def cylinders_overlap(a: tuple, b: tuple, tol: float = TOL) -> bool:
    """Whether two axis-aligned drums interpenetrate by more than ``tol``.

    Parameters
    ----------
    a, b : tuple
        ``(x, y, z, axis, diameter, height)`` with axis ``"x"``, ``"y"`` or
        ``"z"``.
    tol : float

    Returns
    -------
    bool

    Examples
    --------
    >>> cylinders_overlap((0, 0, 0, "z", 2, 2), (2, 0, 0, "z", 2, 2))  # touching
    False
    >>> cylinders_overlap((0, 0, 0, "z", 2, 2), (0, 0, 1.5, "x", 2, 4))
    True
    """
    res = pair_overlaps(
        (np.array([a[:3]], dtype=float), np.array([AXIS_INDEX[a[3]]]),
         np.array([a[4] / 2]), np.array([a[5] / 2])),
        (np.array([b[:3]], dtype=float), np.array([AXIS_INDEX[b[3]]]),
         np.array([b[4] / 2]), np.array([b[5] / 2])), tol,
    )
    return bool(res[0])


def passes_door(diameter: Any, height: Any, door_width: float, door_height: float,
                tol: float = TOL) -> np.ndarray | bool:
    """Whether a drum passes a door opening in some orientation.

    Loaded along x, a drum lying along x shows its circle (``diameter`` by
    ``diameter``); standing or lying across it shows a ``diameter x height``
    rectangle, which may go either way up.

    Parameters
    ----------
    diameter, height : float or array_like
        Drum size(s) in mm.
    door_width, door_height : float
        The door opening in mm.
    tol : float, default TOL
        Slack in mm: a drum exactly as wide as the opening passes.

    Returns
    -------
    bool or numpy.ndarray of bool
        Elementwise: whether the drum passes in some orientation.

    Examples
    --------
    >>> bool(passes_door(2400, 1000, 2340, 2274))   # on its side, 1000 wide
    False
    >>> bool(passes_door(1000, 2300, 2340, 2274))   # lying: 2300 x 1000
    True
    """
    d = np.asarray(diameter, dtype=float)
    h = np.asarray(height, dtype=float)
    w, t = door_width + tol, door_height + tol
    return ((d <= w) & (d <= t)) | ((d <= w) & (h <= t)) | ((h <= w) & (d <= t))



def lens_area(r1: np.ndarray, r2: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Area of the intersection of two discs with radii r1, r2, centres d apart."""
    r1, r2, d = np.broadcast_arrays(np.asarray(r1, float), np.asarray(r2, float),
                                    np.asarray(d, float))
    out = np.zeros(r1.shape)
    inner = d <= np.abs(r1 - r2)
    out[inner] = math.pi * np.minimum(r1, r2)[inner] ** 2
    part = ~inner & (d < r1 + r2)
    if part.any():
        a, b, c = r1[part], r2[part], d[part]
        alpha = np.arccos(np.clip((c * c + a * a - b * b) / (2 * c * a), -1, 1))
        beta = np.arccos(np.clip((c * c + b * b - a * a) / (2 * c * b), -1, 1))
        out[part] = a * a * (alpha - np.sin(2 * alpha) / 2) + b * b * (beta - np.sin(2 * beta) / 2)
    return out

