"""Sections along x: score every split of a box's length into lying and standing blocks.

:func:`split_candidates` scores every split of a box's length into drums lying
along x, a block lying across and a standing strip with lying drums on its
tops (:func:`standing_quick`, :func:`loadplan.kernels.tops.head_on_tops`);
:mod:`loadplan.filling` builds the best. Kernels only.
"""

from __future__ import annotations

import math

import numpy as np

from loadplan._jit import njit
from loadplan.kernels.lattice import floor_family_count
from loadplan.kernels.lying import TOL, count_from_table, lying_count_open, lying_count_table

__all__ = ["standing_quick", "split_candidates"]


@njit
def _bp(s: float, d: float) -> tuple:
    """Breakpoint index of a length: ``a`` whole diameters and a half or not."""
    a = int(math.floor((s + TOL) / d))
    half = 1 if s - a * d >= 0.5 * d - TOL else 0
    return a, half


@njit
def _cy(tab: np.ndarray, s: float, ht: float, d: float, rows: int, wall_left: bool) -> int:
    """Lying-across cross-section count of length ``s`` with no wall on its
    right (:func:`lying_count_open`); it depends on ``s`` only through
    ``a, half`` (see :func:`_bp`), memoised in ``tab[a, half]``."""
    a, half = _bp(s, d)
    if a <= 0:
        return 0
    if a >= tab.shape[0]:
        return lying_count_open(s, ht, d, rows, wall_left)
    if tab[a, half] < 0:
        tab[a, half] = lying_count_open(a * d + 0.5 * d * half, ht, d, rows, wall_left)
    return tab[a, half]


@njit
def standing_quick(
    rest: float, W: float, H: float, d: float, h: float, floor_n: int, kz: int,
    max_layers: int, allow_x: bool, allow_y: bool, head_x: np.ndarray, ncol: int,
    head_y: np.ndarray, wall_left: bool,
) -> np.ndarray:
    """Best standing strip of length ``rest`` (full width and height).

    ``floor_n`` drums a layer, ``k`` layers for ``k = 1..kz``, and lying drums
    in the headspace above, resting on the flat tops: along x
    (``floor(rest/h) * head_x[k]``) or across (``ncol`` columns of the
    ``rest x (H - k h)`` cross-section, memoised in ``head_y[k]``, see
    :func:`_cy`). Returns ``[total, k, head_axis (0 none, 1 x, 2 y),
    head_count]`` as int64. The head counts are optimistic: the wrapper drops
    lying drums whose contact with the tops does not carry them.
    """
    out = np.zeros(4, dtype=np.int64)
    if floor_n <= 0 or kz <= 0:
        return out
    for k in range(1, kz + 1):
        hd = 0
        ha = 0
        rem = H - k * h
        rows = 0
        if max_layers > 0:
            rows = max_layers - k
        if rem >= d - TOL and (max_layers <= 0 or rows > 0):
            if allow_x:
                c = int(math.floor((rest + TOL) / h)) * head_x[k]
                if c > hd:
                    hd = c
                    ha = 1
            if allow_y and ncol > 0:
                c = ncol * _cy(head_y[k], rest, rem, d, rows, wall_left)
                if c > hd:
                    hd = c
                    ha = 2
        tot = floor_n * k + hd
        if tot > out[0]:
            out[0] = tot
            out[1] = k
            out[2] = ha
            out[3] = hd
    return out


@njit
def _lying_x_counts(W: float, H: float, d: float, h: float, max_layers: int, wall_y0: bool,
                    wall_y1: bool, head_x: np.ndarray) -> int:
    """Drums of the lying-along-x ``W x H`` cross-section; writes into ``head_x[k]`` those of
    the headspace above ``k`` standing layers (one dynamic programme serves every height)."""
    tab_x = lying_count_table(W, H, d, wall_y0, wall_y1)
    for k in range(1, head_x.shape[0]):
        rem = H - k * h
        rows = 0
        if max_layers > 0:
            rows = max_layers - k
        if rem >= d - TOL and (max_layers <= 0 or rows > 0):
            head_x[k] = count_from_table(tab_x, rem, d, rows)
    return count_from_table(tab_x, H, d, max_layers)


@njit
def _across_lengths(r0: float, d: float, across: bool, sy_list: np.ndarray) -> int:
    """Lengths ``s_y`` of the lying-across block tried in a rest ``r0``, into ``sy_list``
    (at most 23): none, the whole rest, and ``a d``, ``(a + 1/2) d`` near both ends."""
    sy_list[0] = 0.0
    nsy = 1
    if across and r0 >= d - TOL:
        amax = int(math.floor((r0 + TOL) / d))
        sy_list[nsy] = r0
        nsy += 1
        for a in range(1, amax + 1):
            if a <= 5 or a >= amax - 4:
                for half in range(2):
                    s = a * d + 0.5 * d * half
                    if s <= r0 + TOL and nsy < 23:
                        sy_list[nsy] = s
                        nsy += 1
    return nsy


@njit
def split_candidates(
    L: float, W: float, H: float, d: float, h: float, allow_z: bool, allow_x: bool,
    allow_y: bool, max_layers: int, wall_y0: bool = True, wall_y1: bool = True,
) -> np.ndarray:
    """Enumerate splits of the length into three full-height sections.

    From the nose: ``m`` sections of drums lying along x (each ``h`` long, the
    best lying ``W x H`` cross-section), then a block of length ``s_y`` of drums
    lying across (the ``s_y x H`` cross-section, ``floor(W/h)`` columns), then a
    standing strip with the rest (:func:`standing_quick`, floor by
    :func:`floor_family_count`). ``s_y`` runs over the lengths where the
    cross-section gains a drum (``a d`` and ``(a + 1/2) d``) near both ends and
    over the whole rest. Counts are exact for the layouts they describe, bar the
    headspace (see :func:`standing_quick`); the wrapper rebuilds the best few
    with the real floor engine. ``wall_y0``/``wall_y1`` say whether the sides
    ``y = 0``/``y = W`` are walls that drums lying along x may lean on.

    Returns
    -------
    numpy.ndarray
        float64 ``(k, 8)``: total, m, s_y, standing layers, head axis, head
        count, lying-x count, lying-y count.
    """
    kz = int(math.floor((H + TOL) / h)) if allow_z else 0
    if max_layers > 0 and kz > max_layers:
        kz = max_layers
    mmax = int(math.floor((L + TOL) / h)) if allow_x else 0
    cx = 0
    head_x = np.zeros(kz + 1, dtype=np.int64)
    if allow_x:
        cx = _lying_x_counts(W, H, d, h, max_layers, wall_y0, wall_y1, head_x)
    if cx == 0:
        mmax = 0
    ncol = int(math.floor((W + TOL) / h)) if allow_y else 0
    amax_all = int(math.floor((L + TOL) / d)) + 2
    cy_tab = np.full((2, amax_all, 2), -1, dtype=np.int64)  # [wall_left, a, half]
    hy_tab = np.full((2, kz + 1, amax_all, 2), -1, dtype=np.int64)
    out = np.zeros(((mmax + 1) * 24, 8))
    sy_list = np.zeros(23)
    k = 0
    for m in range(mmax + 1):
        r0 = L - m * h
        if r0 < -TOL:
            break
        if r0 < 0.0:
            r0 = 0.0
        nsy = _across_lengths(r0, d, ncol > 0, sy_list)
        wl = 1 if m == 0 else 0
        for q in range(nsy):
            sy = sy_list[q]
            rest = r0 - sy
            if rest < 0.0:
                rest = 0.0
            cy = 0
            if sy > 0.0:
                cy = _cy(cy_tab[wl], sy, H, d, max_layers, wl == 1)
            fz = np.zeros(4, dtype=np.int64)
            if kz > 0 and rest >= d - TOL:
                fn = floor_family_count(rest, W, d)
                hl = 1 if (m == 0 and sy <= 0.0) else 0
                fz = standing_quick(rest, W, H, d, h, fn, kz, max_layers, allow_x, allow_y,
                                    head_x, ncol, hy_tab[hl], hl == 1)
            out[k, 0] = m * cx + ncol * cy + fz[0]
            out[k, 1] = m
            out[k, 2] = sy
            out[k, 3] = fz[1]
            out[k, 4] = fz[2]
            out[k, 5] = fz[3]
            out[k, 6] = m * cx
            out[k, 7] = ncol * cy
            k += 1
    return out[:k].copy()
