"""Lying drums on the flat tops of standing drums, and which lying drums are carried.

Kernels only; :mod:`loadplan.filling` wraps them (through the re-exports of
:mod:`loadplan.kernels.layout3d`). A lying drum on standing tops is carried when
its bottom line meets the top discs in contact intervals that reach past its
centre on both sides (:func:`contact_supported`); the rows above it follow the
rules of :mod:`loadplan.kernels.lying` (:func:`support_2d`).
"""

from __future__ import annotations

import math

import numpy as np

from loadplan._jit import njit
from loadplan.kernels.lying import TOL
from loadplan.kernels.sort import argsort_stable

__all__ = ["support_2d", "contact_supported", "support_keys_2d", "head_on_tops"]

_S3 = math.sqrt(3.0) / 2.0


@njit
def support_2d(uv: np.ndarray, d: float, w: float, base_ok: np.ndarray,
               wall_left: bool = True, wall_right: bool = True) -> np.ndarray:
    """Which lying drums of a cross-section are carried (no rolling).

    A drum is carried when it is on the base (``v == d/2`` and ``base_ok``),
    straight on a carried drum (same ``u``, ``d`` lower), in the groove of two
    carried drums (``u +- d/2``, ``d sqrt3/2`` lower), or on one carried drum at
    ``u -+ d/2`` with a wall (``wall_left``/``wall_right``) touching it on the
    other side. Drums are decided
    from the bottom up, so a drum over an uncarried one is uncarried too.
    """
    n = uv.shape[0]
    order = argsort_stable(uv[:, 1].copy())
    ok = np.zeros(n, dtype=np.bool_)
    for a in range(n):
        i = order[a]
        u = uv[i, 0]
        v = uv[i, 1]
        if abs(v - 0.5 * d) <= TOL:
            ok[i] = base_ok[i]
            continue
        left = False
        right = False
        straight = False
        for b in range(a - 1, -1, -1):  # sorted by height: only the rows just below
            j = order[b]
            if uv[j, 1] < v - d - TOL:
                break
            if not ok[j]:
                continue
            du = uv[j, 0] - u
            dv = v - uv[j, 1]
            if abs(du) <= TOL and abs(dv - d) <= TOL:
                straight = True
            elif abs(dv - _S3 * d) <= TOL:
                if abs(du + 0.5 * d) <= TOL:
                    left = True
                elif abs(du - 0.5 * d) <= TOL:
                    right = True
        if straight or (left and right):
            ok[i] = True
        elif left and wall_right and u + 0.5 * d >= w - TOL:
            ok[i] = True
        elif right and wall_left and u - 0.5 * d <= TOL:
            ok[i] = True
    return ok

@njit
def _contact(a: float, b: float, h: float, ta: np.ndarray, tb: np.ndarray, tk: np.ndarray,
             lo_i: int, hi_i: int, r: float, min_span: float) -> tuple:
    """Core of :func:`contact_supported` over tops ``lo_i .. hi_i-1`` given by
    their coordinate along (``ta``) and across (``tb``) the drum axis."""
    lo = a - 0.5 * h
    hi = a + 0.5 * h
    cmin = 1e300
    cmax = -1e300
    kmax = -1e300
    for j in range(lo_i, hi_i):
        db = abs(tb[j] - b)
        if db >= r - 1e-3:
            continue
        half = math.sqrt(r * r - db * db)
        s0 = max(ta[j] - half, lo)
        s1 = min(ta[j] + half, hi)
        if s1 <= s0:
            continue
        if s0 < cmin:
            cmin = s0
        if s1 > cmax:
            cmax = s1
        if tk[j] > kmax:
            kmax = tk[j]
    ok = cmin <= a - 1e-3 and cmax >= a + 1e-3 and cmax - cmin >= min_span + 1e-3
    return ok, kmax


@njit
def contact_supported(
    centre: np.ndarray, axis: int, h: float, tops: np.ndarray, tops_key: np.ndarray,
    r: float, min_span: float,
) -> tuple:
    """Is a lying drum carried by the flat standing tops under it?

    ``centre`` is the lying drum's centroid ``(x, y)`` (its bottom line lies at
    the height of the tops), ``axis`` 0 for x and 1 for y, ``tops`` the
    ``(m, 2)`` centres of the standing tops at that height (radius ``r``). The
    bottom line meets the top discs in contact intervals; the drum is carried
    when they reach past its centre on both sides and span at least
    ``min_span`` (a hair more, so an independent check agrees). Returns
    ``(carried, largest tops_key among the tops it touches)``.
    """
    ta = tops[:, axis].copy()
    tb = tops[:, 1 - axis].copy()
    return _contact(centre[axis], centre[1 - axis], h, ta, tb, tops_key, 0, tops.shape[0], r,
                    min_span)


@njit
def support_keys_2d(uv: np.ndarray, d: float, key0: np.ndarray) -> np.ndarray:
    """Loading keys for a lying cross-section: a drum's key is at least the key
    of every drum that carries it (straight below, or in the groove below).

    Loading drums by (key, height) then never puts a drum before its support.
    """
    n = uv.shape[0]
    order = argsort_stable(uv[:, 1].copy())
    key = key0.copy()
    for a in range(n):
        i = order[a]
        for b in range(a - 1, -1, -1):  # sorted by height: only the rows just below
            j = order[b]
            if uv[j, 1] < uv[i, 1] - d - TOL:
                break
            du = abs(uv[j, 0] - uv[i, 0])
            dv = uv[i, 1] - uv[j, 1]
            if (du <= TOL and abs(dv - d) <= TOL) or (
                abs(du - 0.5 * d) <= TOL and abs(dv - _S3 * d) <= TOL
            ):
                if key[j] > key[i]:
                    key[i] = key[j]
    return key


@njit
def head_on_tops(
    uv: np.ndarray, axis: int, x1: float, z0: float, h: float, count: int, tops: np.ndarray,
    tops_key: np.ndarray, d: float, min_span: float, w: float, wall_left: bool,
    wall_right: bool,
) -> np.ndarray:
    """Lying drums on the flat tops of a standing layer (top at ``z0``).

    The cross-section ``uv`` (``u`` across the drum axis from the strip's side,
    ``v`` up from ``z0``) is repeated ``count`` times: sections of length ``h``
    along x from ``x1`` (``axis`` 0) or columns of width ``h`` across y
    (``axis`` 1, ``u`` along x from ``x1``). A bottom-row drum is kept when
    :func:`contact_supported` says the tops carry it, the rows above by
    :func:`support_2d` (``w`` and the walls as there). Returns ``(n, 4)``:
    centroid ``x, y, z`` and a loading key that is at least the key of
    everything carrying the drum.
    """
    n = uv.shape[0]
    r = 0.5 * d
    out = np.zeros((n * count, 4))
    k = 0
    pos = np.zeros((n, 2))
    base_ok = np.zeros(n, dtype=np.bool_)
    key0 = np.zeros(n)
    # tops sorted along the drum axis, so each drum scans only the tops under it
    order = argsort_stable(tops[:, axis].copy())
    ta = np.empty(order.shape[0])
    tb = np.empty(order.shape[0])
    tk = np.empty(order.shape[0])
    for j in range(order.shape[0]):
        ta[j] = tops[order[j], axis]
        tb[j] = tops[order[j], 1 - axis]
        tk[j] = tops_key[order[j]]
    for s in range(count):
        for i in range(n):
            if axis == 0:
                pos[i, 0] = x1 + s * h + 0.5 * h
                pos[i, 1] = uv[i, 0]
                key0[i] = x1 + s * h
            else:
                pos[i, 0] = x1 + uv[i, 0]
                pos[i, 1] = 0.5 * h + s * h
                key0[i] = x1 + uv[i, 0] - r
            base_ok[i] = False
            if abs(uv[i, 1] - r) <= TOL:
                a = pos[i, axis]
                # binary searches (np.searchsorted, left and right sides)
                x_lo = a - 0.5 * h - r
                x_hi = a + 0.5 * h + r
                lo_i = 0
                top = ta.shape[0]
                while lo_i < top:
                    mid = (lo_i + top) // 2
                    if ta[mid] < x_lo:
                        lo_i = mid + 1
                    else:
                        top = mid
                hi_i = lo_i
                top = ta.shape[0]
                while hi_i < top:
                    mid = (hi_i + top) // 2
                    if ta[mid] <= x_hi:
                        hi_i = mid + 1
                    else:
                        top = mid
                ok, km = _contact(a, pos[i, 1 - axis], h, ta, tb, tk, lo_i, hi_i, r, min_span)
                base_ok[i] = ok
                if km > key0[i]:
                    key0[i] = km
        keep = support_2d(uv, d, w, base_ok, wall_left, wall_right)
        keys = support_keys_2d(uv, d, key0)
        for i in range(n):
            if keep[i]:
                out[k, 0] = pos[i, 0]
                out[k, 1] = pos[i, 1]
                out[k, 2] = z0 + uv[i, 1]
                out[k, 3] = keys[i]
                k += 1
    return out[:k].copy()
