"""Equal circles in a rectangle: the whole engine.

:func:`best_packing` is plain Python that calls the compiled stages in turn
(a few calls per packing, so the interpreter costs microseconds, while one
kernel holding every stage would make Numba compile and optimise all of them
once more as a whole on the first run). It runs, in order:

1. guillotine compositions of row patterns (:mod:`loadplan.kernels.compose`)
   cutting across the length, and the same on the transposed rectangle;
2. compaction toward one wall and hole filling (:mod:`loadplan.kernels.holes`);
3. where circles are few (``n <= RELAX_MAX_N``), overlap-energy optimisation
   that tries one circle more, again and again, until it fails or the upper
   bound is reached (:mod:`loadplan.kernels.relax`).

Every stage's result is checked for overlap and containment before it is kept.
"""

from __future__ import annotations

import numpy as np

from loadplan.kernels.bounds import circle_upper_bound
from loadplan.kernels.check import count_conflicts
from loadplan.kernels.compose import composition_layout
from loadplan.kernels.holes import compact_left, fill_holes
from loadplan.kernels.relax import add_one_circle
from loadplan.kernels.rows import max_rows, periodic_rows_layout

__all__ = [
    "RELAX_MAX_N",
    "RELAX_ATTEMPTS",
    "MAX_SECTIONS",
    "HOLES_MAX_N",
    "DP_MAX_ROWS",
    "best_packing",
]

#: Most circles for which the overlap-energy stage runs.
RELAX_MAX_N = 60
#: Local minimisations per attempt to add one circle.
RELAX_ATTEMPTS = 12
#: Most sections in a guillotine composition.
MAX_SECTIONS = 3
#: Most circles for which hole filling runs.
HOLES_MAX_N = 3000
#: Most rows for the row DP and compositions; beyond, periodic rows only.
DP_MAX_ROWS = 200

_TOL = 1e-7


def _transpose(pts: np.ndarray) -> np.ndarray:
    out = np.empty_like(pts)
    out[:, 0] = pts[:, 1]
    out[:, 1] = pts[:, 0]
    return out


def _valid(pts: np.ndarray, length: float, width: float, d: float) -> bool:
    return count_conflicts(pts, length, width, d, _TOL) == 0


def best_packing(length: float, width: float, diameter: float) -> np.ndarray:
    """Centres ``(n, 2)`` of a packing of circles of ``diameter`` in
    ``[0, length] x [0, width]`` (all stages; see the module docstring).
    Expects finite positive sizes; returns ``(0, 2)`` if one circle does not fit."""
    length = float(length)
    width = float(width)
    d = float(diameter)
    if d > length + 1e-9 or d > width + 1e-9:
        return np.zeros((0, 2))
    best = np.zeros((0, 2))
    if max_rows(max(length, width), d) > DP_MAX_ROWS:
        # very small circles: the two-state periodic patterns, both ways
        along = periodic_rows_layout(length, d, width)
        across = _transpose(periodic_rows_layout(width, d, length))
        if across.shape[0] > along.shape[0]:
            along = across
        if _valid(along, length, width, d):
            return along
        return best
    along = composition_layout(length, width, d, MAX_SECTIONS)
    if _valid(along, length, width, d):
        best = along
    across = _transpose(composition_layout(width, length, d, MAX_SECTIONS))
    if across.shape[0] > best.shape[0] and _valid(across, length, width, d):
        best = across
    bound = circle_upper_bound(length, width, d)
    if best.shape[0] < bound and best.shape[0] <= HOLES_MAX_N:
        filled = fill_holes(compact_left(best, d), length, width, d, 3)
        if filled.shape[0] > best.shape[0] and _valid(filled, length, width, d):
            best = filled
    seed = 1
    while best.shape[0] < bound and best.shape[0] <= RELAX_MAX_N:
        more = add_one_circle(best, length, width, d, RELAX_ATTEMPTS, seed)
        if more.shape[0] <= best.shape[0] or not _valid(more, length, width, d):
            break
        best = more
        seed += 1
    return best
