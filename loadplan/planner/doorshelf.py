"""Mixed last rows at the doors: the rest of several lines side by side in one shelf.

Integer zones waste the unfilled part of each zone's last cross-section
(the recipe LP, with fractional zones, does not). When the optimised zones
of a container leave a few drums of several lines, a *door shelf* holds
them in one short stretch of the length at the doors: one band per line
across the width (:func:`loadplan.planner.zones.band_for`, the narrowest
band that holds the line's rest, lying drums leaning only on the real
walls), so the lines share one cross-section instead of each wasting its
own. The optimisation is then asked to fill the container's length less
the shelf (:func:`shelf_lengths` gives the shelf lengths tried).
"""

from __future__ import annotations

import itertools
import math
from typing import Callable

import numpy as np

from loadplan.containers import Container
from loadplan.planner.sizes import Line
from loadplan.planner.zones import Bin, band_for

__all__ = ["door_shelf", "shelf_lengths", "SHELF_TRIES", "SMALL_REST"]

SHELF_TRIES = 2
"""Shelf lengths tried per container (shortest first, among those that hold the rest)."""

SMALL_REST = 0.12
"""Door shelves are tried only when what a container's zones leave is at most this share
of the container's volume (bounding cylinders): then the rest may still fit."""

_TOL = 1e-6


def shelf_lengths(lines: list[Line], rest: np.ndarray, room: float, container: Container,
                  ids: itertools.count,
                  pairs_ok: Callable[[Line, Line], bool] | None = None,
                  need: np.ndarray | None = None) -> list[float]:
    """Shelf lengths to try, shortest first: one to three rows (square or staggered) of
    each line to place (``need > 0``: the zones of a shorter length may leave any of
    them), at most a quarter of ``room``, kept only when a door shelf of that length
    alone holds all of ``rest`` (a cheap test: band layouts, no solver), at most
    :data:`SHELF_TRIES` of them.

    Parameters
    ----------
    lines : list of Line
    rest : ndarray of int
        Drums of each line left by the container's zones over its whole length.
    room : float
        The container's length.
    container : Container
    ids : itertools.count
        Unit ids (the test shelves draw from it too).
    pairs_ok : callable or None
        As for :func:`door_shelf`.
    need : ndarray of int or None
        Drums of each line to place in the container (default: ``rest``).

    Returns
    -------
    list of float
    """
    out: set[float] = set()
    for i in np.flatnonzero((rest if need is None else need) > 0).tolist():
        d = lines[i].drum.diameter
        for k in (1, 2, 3):
            for v in (k * d, d + (k - 1) * d * math.sqrt(3.0) / 2.0):
                if v <= room / 4.0 + _TOL:
                    out.add(round(v, 6))
    got = []
    for f in sorted(out):
        left = rest.copy()
        door_shelf(Bin(container), lines, left, f, ids, pairs_ok)
        if left.sum() == 0:
            got.append(f)
            if len(got) == SHELF_TRIES:
                break
    return got


def door_shelf(b: Bin, lines: list[Line], rest: np.ndarray, length: float,
               ids: itertools.count,
               pairs_ok: Callable[[Line, Line], bool] | None = None) -> int:
    """Append to ``b`` a shelf of ``length`` mm holding as much of ``rest`` as fits.

    Lines go largest drum first, each in the narrowest band holding its rest
    (or as many as the width left holds), within the payload left; in
    multi-drop plans (``pairs_ok`` given) only lines that may share a unit
    with the first line placed. ``rest`` and ``b`` (zones, used length,
    weight) are updated in place.

    Returns
    -------
    int
        Drums placed (0: the shelf is not added).
    """
    c = b.container
    sid = next(ids)
    order = sorted(np.flatnonzero(rest > 0).tolist(),
                   key=lambda i: (-lines[i].drum.diameter, -lines[i].drum.height, i))
    y0, placed, first = 0.0, 0, None
    zones = []
    weight = b.weight
    for i in order:
        line = lines[i]
        d = line.drum
        if c.width - y0 < d.diameter - _TOL or length < min(d.diameter, d.height) - _TOL:
            continue
        if first is not None and pairs_ok is not None and not pairs_ok(first, line):
            continue
        allow = int(rest[i])
        if d.weight > 0:
            allow = min(allow, int(math.floor((c.max_payload - weight) / d.weight + 1e-9)))
        if allow <= 0:
            continue
        got = band_for(line, c, length, y0, c.width - y0, allow, False)
        if got is None:
            continue
        z, w = got
        z.shelf = sid
        zones.append(z)
        first = first or line
        y0 += w
        rest[i] -= z.count
        placed += z.count
        weight += d.weight * z.count
    if placed:
        b.zones.extend(zones)
        b.used += length
        b.weight = weight
    return placed
