"""Support contacts: which drum rests directly on which, and the layer each drum is in.

A directed pair (``u`` above, ``w`` below) is a contact when ``w``'s top is
level with ``u``'s bottom (within ``TOL``) and they touch there: a standing
drum's base disc on a standing drum's top disc or across a lying drum's top
line; a lying drum's bottom line on a standing drum's top disc or crossing a
perpendicular lying drum's top line; or a lying drum touching a parallel lying
drum below its centre (distance between axes ``r1 + r2`` within ``TOL``).
Contacts through layer boards are :func:`loadplan.verification.stacking.board_support`'s.
"""

from __future__ import annotations

import numpy as np

from loadplan.verification.arrays import LoadArrays
from loadplan.verification.tolerances import TOL

__all__ = ["contacts", "group_by", "layers_of"]


def contacts(a: LoadArrays, u: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Which directed pairs (``u[t]`` above, ``w[t]`` below) are direct support contacts."""
    cen, k, r, hl = a.cen, a.k, a.r, a.hl
    bottom, top = a.lo[:, 2], a.hi[:, 2]
    m = u.shape[0]
    res = np.zeros(m, dtype=bool)
    if m == 0:
        return res
    level = np.abs(top[w] - bottom[u]) <= TOL
    ku, kw = k[u], k[w]
    d = cen[u] - cen[w]
    # standing on standing: top disc of w meets the base disc of u
    ss = level & (ku == 2) & (kw == 2)
    dist2 = d[:, 0] ** 2 + d[:, 1] ** 2
    res |= ss & (dist2 < (r[u] + r[w] - TOL) ** 2)
    # standing u on lying w: w's top line (lateral = cen[w][other]) crosses u's base disc
    sl = level & (ku == 2) & (kw != 2)
    if sl.any():
        idx = np.nonzero(sl)[0]
        ax = kw[idx]            # w's axis (0 or 1)
        lat = 1 - ax            # the other horizontal axis
        dl = np.abs(d[idx, lat])
        chord2 = r[u][idx] ** 2 - dl**2
        ok = chord2 > 0
        chord = np.sqrt(np.maximum(chord2, 0.0))
        da = np.abs(d[idx, ax])
        ok &= da < chord + hl[w][idx] - TOL
        res[idx] = ok
    # lying u on standing w: w's top disc meets u's bottom line
    ls = level & (ku != 2) & (kw == 2)
    if ls.any():
        idx = np.nonzero(ls)[0]
        ax = ku[idx]
        lat = 1 - ax
        dl = np.abs(d[idx, lat])
        chord2 = r[w][idx] ** 2 - dl**2
        chord = np.sqrt(np.maximum(chord2, 0.0))
        res[idx] = (chord2 > 0) & (np.abs(d[idx, ax]) < chord + hl[u][idx] - TOL)
    # lying on perpendicular lying: the lines cross
    lp = level & (ku != 2) & (kw != 2) & (ku != kw)
    if lp.any():
        idx = np.nonzero(lp)[0]
        au, aw = ku[idx], kw[idx]
        # w's top line sits at coordinate cen[w][au] along u's axis
        res[idx] = (np.abs(d[idx, au]) <= hl[u][idx] + TOL) & (np.abs(d[idx, aw]) <= hl[w][idx] + TOL)
    # lying on parallel lying, touching below the centre
    pp = (ku != 2) & (ku == kw) & (d[:, 2] > TOL)
    if pp.any():
        idx = np.nonzero(pp)[0]
        ax = ku[idx]
        lat = 1 - ax
        dist = np.hypot(d[idx, lat], d[idx, 2])
        touch = np.abs(dist - (r[u][idx] + r[w][idx])) <= TOL
        axial = np.abs(d[idx, ax]) < hl[u][idx] + hl[w][idx] - TOL
        res[idx] = touch & axial
    return res


def group_by(u: np.ndarray, w: np.ndarray, n: int) -> list[np.ndarray]:
    """For each drum ``i < n``, the ``w[t]`` of the pairs with ``u[t] == i`` (in pair order)."""
    order = np.argsort(u, kind="stable")
    u, w = u[order], w[order]
    bounds = np.searchsorted(u, np.arange(n + 1))
    return [w[bounds[i]:bounds[i + 1]] for i in range(n)]


def layers_of(on_floor: np.ndarray, su: np.ndarray, sw: np.ndarray) -> np.ndarray:
    """Each drum's layer: 1 on the floor, else one more than the highest layer it rests on.

    ``su[t]`` rests on ``sw[t]``; iterated to a fixed point (supporters have lower centres).
    """
    n = on_floor.shape[0]
    layers = np.ones(n, dtype=np.int64)
    for _ in range(n + 1):
        new = layers.copy()
        if su.size:
            np.maximum.at(new, su, layers[sw] + 1)
        new[on_floor] = 1
        if np.array_equal(new, layers):
            break
        layers = new
    return layers
