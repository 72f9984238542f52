"""The support rule for standing drums (axis z) that rest on other drums.

The supported region is the base disc intersected with the union of the top
footprints of what carries it: a standing drum's top disc, a lying drum's top
contact line as a strip :data:`LINE_STRIP_SHARE` (10 %) of its diameter wide.
The base is stable when its centre lies in the convex hull of that region
(within ``TOL``) and the hull covers at least :data:`MIN_SUPPORT_SHARE` (50 %)
of the base area.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from loadplan.verification.arrays import LoadArrays
from loadplan.verification.geometry import lens_area
from loadplan.verification.tolerances import LINE_STRIP_SHARE, MIN_SUPPORT_SHARE, TOL

__all__ = ["footprints", "standing_problems"]


def footprints(a: LoadArrays, w: np.ndarray) -> np.ndarray:
    """Top footprints of drums ``w`` as shapely polygons (discs or strips)."""
    cen, k, r, hl = a.cen, a.k, a.r, a.hl

    feet = np.empty(w.shape[0], dtype=object)
    st = k[w] == 2
    if st.any():
        ws = w[st]
        feet[st] = shapely.buffer(shapely.points(cen[ws, 0], cen[ws, 1]), r[ws], quad_segs=16)
    ly = ~st
    if ly.any():
        wl = w[ly]
        half_w = LINE_STRIP_SHARE * r[wl]  # strip width = 10 % of the diameter
        ex = np.where(k[wl] == 0, hl[wl], half_w)
        ey = np.where(k[wl] == 0, half_w, hl[wl])
        feet[ly] = shapely.box(cen[wl, 0] - ex, cen[wl, 1] - ey, cen[wl, 0] + ex, cen[wl, 1] + ey)
    return feet


def _fast_path(a: LoadArrays, cu: np.ndarray, cw: np.ndarray) -> np.ndarray:
    """Standing drums whose support is sound without shapely: a coaxial standing drum
    right below at least as wide, or a standing drum below under the base centre whose
    top disc alone covers the required share of the base."""
    cen, k, r = a.cen, a.k, a.r
    done = np.zeros(k.shape[0], dtype=bool)
    # a standing drum right below, coaxial and at least as wide
    co = (k[cw] == 2) & (np.hypot(cen[cu, 0] - cen[cw, 0], cen[cu, 1] - cen[cw, 1]) <= TOL) \
        & (r[cw] >= r[cu] - TOL)
    done[cu[co]] = True
    # second fast path: the base centre is over a standing drum below whose top
    # disc alone covers the required share of the base (the hull contains it)
    st = (k[cw] == 2) & ~co
    if st.any():
        up, b = cu[st], cw[st]
        dist = np.hypot(cen[up, 0] - cen[b, 0], cen[up, 1] - cen[b, 1])
        lens = lens_area(r[up], r[b], dist)
        ok = (dist < r[b] - TOL) & (lens >= MIN_SUPPORT_SHARE * math.pi * r[up] ** 2 * (1 + 1e-9))
        done[up[ok]] = True
    return done


def standing_problems(a: LoadArrays, cu: np.ndarray, cw: np.ndarray,
                      todo: np.ndarray) -> dict[int, str]:
    """Problems of standing drums, vectorised; returns {drum: problem}.

    ``(cu, cw)`` are contacts (drum above, drum below); ``todo`` marks the
    standing drums to check. Drums on layer boards are
    :func:`loadplan.verification.stacking.board_support`'s.
    """
    cen, r = a.cen, a.r
    todo = todo & ~_fast_path(a, cu, cw)
    if not todo.any():
        return {}
    sel = todo[cu]
    u, w = cu[sel], cw[sel]
    order = np.argsort(u, kind="stable")
    u, w = u[order], w[order]
    drums = np.unique(u)
    centres = shapely.points(cen[drums, 0], cen[drums, 1])
    bases = shapely.buffer(centres, r[drums], quad_segs=16)
    slot = np.searchsorted(drums, u)
    feet = footprints(a, w)
    pieces = shapely.intersection(bases[slot], feet)
    coords, idx = shapely.get_coordinates(pieces, return_index=True)
    owner = slot[idx]
    hulls = np.empty(drums.shape[0], dtype=object)
    hulls[:] = shapely.from_wkt("POLYGON EMPTY")
    if coords.shape[0]:
        present = np.unique(owner)
        mps = shapely.multipoints(coords, indices=np.searchsorted(present, owner))
        hulls[present] = shapely.convex_hull(mps)
    share = shapely.area(hulls) / shapely.area(bases)
    dist = shapely.distance(hulls, centres)
    out: dict[int, str] = {}
    for t, i in enumerate(drums.tolist()):
        if shapely.is_empty(hulls[t]) or not dist[t] <= TOL:
            out[i] = "floats: its base centre is not over what carries it"
        elif share[t] < MIN_SUPPORT_SHARE - 1e-9:
            out[i] = (f"is barely carried: only {share[t]:.0%} of its base is over its support "
                      f"(at least {MIN_SUPPORT_SHARE:.0%} required)")
    return out
