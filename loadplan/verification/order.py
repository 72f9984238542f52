"""The loading-order rule: the crew can carry out the steps as numbered.

Every drum's step must come after the steps of what it rests on, of every
drum right under it and of every drum between it and the front wall
(:func:`blocking_pairs`, with the exact projected shapes of
:func:`projections_overlap`).
"""

from __future__ import annotations

from typing import Iterable

import numpy as np

from loadplan.verification.arrays import LoadArrays, Messages
from loadplan.verification.geometry import pair_overlaps
from loadplan.verification.tolerances import TOL

__all__ = ["projections_overlap", "blocking_pairs", "check_step_order"]


def projections_overlap(a: LoadArrays, i: np.ndarray, j: np.ndarray, along: int) -> np.ndarray:
    """Do the projections of drums i and j along axis ``along`` overlap by more than TOL?

    Exact projected shapes: looking along its own axis a drum is a disc of
    radius r; looking across it, a rectangle of its length 2l by its
    diameter 2r. Two discs overlap when their centres are nearer than the
    sum of radii minus TOL, two rectangles when both intervals overlap by
    more than TOL, a disc and a rectangle when the disc's centre is nearer
    the rectangle than its radius minus TOL.
    """
    cen, k, r, hl = a.cen, a.k, a.r, a.hl
    u, v = [ax for ax in range(3) if ax != along]
    du = np.abs(cen[i, u] - cen[j, u])
    dv = np.abs(cen[i, v] - cen[j, v])
    disc_i, disc_j = k[i] == along, k[j] == along
    hu_i = np.where(k[i] == u, hl[i], r[i])
    hv_i = np.where(k[i] == v, hl[i], r[i])
    hu_j = np.where(k[j] == u, hl[j], r[j])
    hv_j = np.where(k[j] == v, hl[j], r[j])
    rect = (du < hu_i + hu_j - TOL) & (dv < hv_i + hv_j - TOL)
    discs = np.hypot(du, dv) < r[i] + r[j] - TOL
    hu = np.where(disc_i, hu_j, hu_i)
    hv = np.where(disc_i, hv_j, hv_i)
    rad = np.where(disc_i, r[i], r[j])
    mixed = np.hypot(np.maximum(du - hu, 0.0), np.maximum(dv - hv, 0.0)) < rad - TOL
    return np.where(disc_i & disc_j, discs, np.where(disc_i | disc_j, mixed, rect))


def blocking_pairs(a: LoadArrays, along: int, touching: bool = False,
                   chunk: int = 2_000_000,
                   early: np.ndarray | None = None) -> Iterable[tuple[np.ndarray, np.ndarray]]:
    """Yield pairs (i, j) where drum j lies between drum i and the wall ``along = 0``.

    ``along = 0``: the front wall (x = 0); ``along = 2``: the floor. *Between*
    means what the crew sees looking along that axis: j's whole extent on
    the axis lies nearer the wall than i's (``hi[j] <= lo[i] + TOL``) and
    the projections of the two drums along the axis overlap by more than
    ``TOL`` (:func:`projections_overlap`). Then i stands in j's way, so j
    must be loaded first. Drums whose extents on the axis overlap (side by
    side, interleaved rows) are not ordered by this rule. With ``touching``
    only pairs that touch count (``hi[j] >= lo[i] - TOL`` and the solids
    less than ``TOL`` apart): used for the floor, where a drum can still be
    slid in under another with room above it, but not under one that sits
    on its top.

    Candidates come from a grid on the other two axes with cells as large as
    the largest drum's projection (drums binned by centre, so overlapping
    projections are in neighbouring cells); pairs are yielded in chunks of
    about ``chunk``. With ``early`` (one value per drum, e.g. its step), only the
    pairs with ``early[i] <= early[j]`` are yielded (the others are dropped before
    the shapes are compared; the pairs yielded and their order are those of the
    full set filtered so).
    """
    cen, lo, hi = a.cen, a.lo, a.hi
    n = cen.shape[0]
    if n < 2:
        return
    other = [ax for ax in range(3) if ax != along]
    plane = cen[:, other]
    size = float((hi[:, other] - lo[:, other]).max()) * (1 + 1e-9) + 1e-9
    cells = np.floor((plane - plane.min(axis=0)) / size).astype(np.int64)
    nv = int(cells[:, 1].max()) + 3
    key = (cells[:, 0] + 1) * nv + (cells[:, 1] + 1)
    order = np.argsort(key, kind="stable")
    skey = key[order]
    per_cell = max(1, n // int(np.count_nonzero(np.diff(skey)) + 1))  # drums per occupied cell
    per = max(1, chunk // (9 * per_cell))
    for start in range(0, n, per):
        ii = np.arange(start, min(n, start + per))
        for du in (-1, 0, 1):
            for dv in (-1, 0, 1):
                target = key[ii] + du * nv + dv
                first_at = np.searchsorted(skey, target, side="left")
                cnt = np.searchsorted(skey, target, side="right") - first_at
                total = int(cnt.sum())
                if not total:
                    continue
                i = np.repeat(ii, cnt)
                first = np.repeat(np.cumsum(cnt) - cnt, cnt)
                j = order[np.repeat(first_at, cnt) + (np.arange(total) - first)]
                keep = hi[j, along] <= lo[i, along] + TOL
                if touching:
                    keep &= hi[j, along] >= lo[i, along] - TOL
                if early is not None:
                    keep &= early[i] <= early[j]
                i, j = i[keep], j[keep]
                keep = projections_overlap(a, i, j, along)
                if touching:
                    keep &= pair_overlaps(a.cylinders(i), a.cylinders(j), tol=-TOL)
                if keep.any():
                    yield i[keep], j[keep]


def check_step_order(a: LoadArrays, cu: np.ndarray, cw: np.ndarray, msg: Messages) -> None:
    """Every drum's step must come after the steps of what it rests on, of every
    drum right under it (its top level with this drum's bottom, footprints
    overlapping: a tangent contact the support rules do not count as
    carrying) and of every drum between it and the front wall (see
    :func:`blocking_pairs`).

    ``cu[t]`` rests on ``cw[t]`` (direct contacts or contacts through a
    board). One message per drum loaded too early, naming the first drum it
    should have waited for.
    """
    step = a.q["step"]
    reported: set[int] = set()

    def say(u: int, w: int, how: str) -> None:
        if u not in reported:
            reported.add(u)
            msg.add("order", f"{a.label(u)} is loaded before {a.label(w)}, which {how}")

    bad = step[cu] <= step[cw]
    for u, w in zip(cu[bad].tolist(), cw[bad].tolist()):
        say(u, w, "it rests on")
    for along, how in ((2, "lies under it"), (0, "lies between it and the front wall")):
        for i, j in blocking_pairs(a, along, touching=along == 2, early=step):
            bad = step[i] <= step[j]
            for u, w in zip(i[bad].tolist(), j[bad].tolist()):
                say(u, w, how)
