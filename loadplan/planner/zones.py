"""Zones and bands: one drum type laid out in a stretch of a container's length or width."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np

from loadplan.containers import Container
from loadplan.filling.loading import boards_in_use
from loadplan.model import ContainerLoad, Drum
from loadplan.planner.sizes import (Line, block_bound, block_cached, capacity, fill_cached,
                                    fill_for, knows_capacity, zone_axes)

_TOL = 1e-6

__all__ = ["Zone", "Bin", "units_of", "extent", "zone_for", "repair", "full_zone", "fill_zone", "load_boards",
           "band_cached", "band_for", "zone_length_guess", "FILL_GUESS"]


# building containers
# ----------------------------------------------------------------------------
@dataclass
class Zone:
    line: Line
    centres: np.ndarray  # x relative to the zone start (or absolute when fixed)
    axes: np.ndarray
    length: float
    bound: int | None
    fixed: bool = False  # a whole-container fill() layout: never moved
    notes: tuple[str, ...] = ()
    shelf: int = -1  # >= 0: a band of a shelf; bands of one shelf share x and ``length``
    boards: tuple[tuple[float, ...], ...] = ()  # (x0, x1, y0, y1, z, thickness), x like centres

    @property
    def count(self) -> int:
        return self.centres.shape[0]


@dataclass
class Bin:
    container: Container
    zones: list[Zone] = field(default_factory=list)
    used: float = 0.0
    weight: float = 0.0

    @property
    def count(self) -> int:
        return sum(z.count for z in self.zones)


def units_of(zones: list[Zone]) -> list[list[Zone]]:
    """The zones as units moved as one: a zone alone, or the bands of one shelf
    (consecutive zones with the same ``shelf >= 0``, side by side across y)."""
    units: list[list[Zone]] = []
    for z in zones:
        if z.shelf >= 0 and units and units[-1][0].shelf == z.shelf:
            units[-1].append(z)
        else:
            units.append([z])
    return units


def extent(centres: np.ndarray, axes: np.ndarray, drum: Drum) -> tuple[float, float]:
    """Smallest and largest x the drums reach."""
    half = np.where(axes == "x", drum.height, drum.diameter) / 2.0
    return float((centres[:, 0] - half).min()), float((centres[:, 0] + half).max())




FILL_GUESS = 0.45
"""Share of a zone's box volume that drums' bounding cylinders are assumed to fill when
the zone for a few drums is sized: the box starts at that length and doubles until it
holds them (the same rule as ``fill(..., max_count=)``)."""


def zone_length_guess(drum: Drum, container: Container, count: int) -> float:
    """First box length tried for ``count`` drums: their cylinder volume at
    :data:`FILL_GUESS` of the cross-section, at least one drum long."""
    vol = math.pi * drum.diameter ** 2 * drum.height / 4.0
    return max(max(drum.diameter, drum.height),
               count * vol / (FILL_GUESS * container.width * container.height))


def zone_for(line: Line, container: Container, room: float, max_count: int) -> Zone | None:
    """Up to ``max_count`` drums of the line in ``room`` mm of length, as a zone (None: none fit).

    The work follows ``max_count``: the box is laid out at a length guessed from
    the drums' volume (:func:`zone_length_guess`), doubled until it holds
    ``max_count`` drums or reaches ``room`` (a few drums never cost a layout of
    the whole room); the first ``max_count`` drums in loading order are kept.
    """
    d = line.drum
    if room <= 0 or max_count <= 0:
        return None
    axes = zone_axes(d, container)
    if not axes:
        return None
    length = min(float(room), zone_length_guess(d, container, int(max_count)))
    while True:
        centres, ax = block_cached(d.diameter, d.height, float(length), container.width,
                                   container.height, axes, d.max_layers, int(max_count))
        if centres.shape[0] >= max_count or length >= room:
            break
        length = min(float(room), 2.0 * length)
    if centres.shape[0] == 0:
        return None
    x0, x1 = extent(centres, ax, d)
    if x0 < -_TOL or x1 > room + 1e-6:  # pragma: no cover - layout_block broke its contract
        return None
    c = centres.copy()
    c[:, 0] -= max(0.0, x0)
    length = x1 - max(0.0, x0)
    bound = block_bound(d.diameter, d.height, length, container.width, container.height,
                         axes, d.max_layers)
    return Zone(line, c, ax.copy(), length, bound)


def repair(b: Bin, lines: list[Line], need: np.ndarray) -> None:
    """Single-type zones (:func:`zone_for`) for what is left (``need``, updated in place),
    in the free length at the doors of ``b``, largest drum first, within the payload."""
    c = b.container
    for i in sorted(range(len(lines)), key=lambda i: -lines[i].drum.diameter ** 2
                    * lines[i].drum.height):
        while need[i] > 0:
            d = lines[i].drum
            allow = int(need[i])
            if d.weight > 0:
                allow = min(allow, int(math.floor((c.max_payload - b.weight) / d.weight + 1e-9)))
            z = zone_for(lines[i], c, c.length - b.used, allow)
            if z is None:
                break
            b.zones.append(z)
            b.used += z.length
            b.weight += d.weight * z.count
            need[i] -= z.count


def full_zone(line: Line, container: Container, count: int | None = None) -> Zone:
    """``fill``'s whole-container layout, or its first ``count`` drums in loading order."""
    load = fill_cached(*line.size_key, container)
    p = load.placements
    if count is not None:
        p = p[:count]
    c = np.column_stack([p["x"], p["y"], p["z"]]).astype(np.float64)
    bound = load.upper_bound if count is None or count == load.count else None
    notes = tuple(n for n in load.notes if bound is not None or not n.startswith("payload limit"))
    ax = np.asarray(p["axis"]).copy()
    return Zone(line, c, ax, container.length, bound, fixed=True, notes=notes,
                boards=load_boards(load, line.drum, c, ax))


def fill_zone(line: Line, container: Container, count: int) -> Zone:
    """``fill``'s layout for at most ``count`` drums as a whole-container zone, the work
    sized to ``count`` (:func:`~loadplan.planner.sizes.fill_for`); a whole container's
    worth is :func:`full_zone`. Its bound is the whole container's (the zone is the container)."""
    if knows_capacity(line, container, count):
        return full_zone(line, container, count if count < capacity(line, container) else None)
    load = fill_for(line, container, count)
    p = load.placements
    c = np.column_stack([p["x"], p["y"], p["z"]]).astype(np.float64)
    ax = np.asarray(p["axis"]).copy()
    return Zone(line, c, ax, container.length, load.upper_bound, fixed=True,
                notes=tuple(load.notes), boards=load_boards(load, line.drum, c, ax))


def load_boards(load: ContainerLoad, drum: Drum, centres: np.ndarray,
                axes: np.ndarray) -> tuple[tuple[float, ...], ...]:
    """The layer boards of a ``fill`` load (``ContainerLoad.boards``) that some drum of
    ``centres`` (its drums, or the first of them in loading order) stands on, as the
    ``(x0, x1, y0, y1, z, thickness)`` tuples of :attr:`Zone.boards`: a whole-container
    zone keeps the boards its layout needs (standing drums over lying blocks)."""
    rows = [tuple(float(v) for v in b) for b in load.boards]
    return tuple(boards_in_use(rows, centres, axes, drum.diameter, drum.height)) if rows else ()


@functools.lru_cache(maxsize=16384)
def band_cached(diameter: float, height: float, length: float, width: float, height_limit: float,
                 axes: str, max_layers: int | None, walls: tuple[bool, bool]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """One drum type in the band box ``[0,length] x [0,width] x [0,height_limit]``, in loading
    order; ``walls`` says which long sides (``y = 0``, ``y = width``) are container walls
    (only those are leant on). Empty arrays if the layout leaves the box (never expected)."""
    from loadplan.filling import layout_band

    centres, ax = layout_band(diameter, height, length, width, height_limit, axes,
                              max_layers, walls)  # lattice floors: fast
    centres = np.array(centres, dtype=np.float64).reshape(-1, 3)
    ax = np.array(ax).astype("U1").reshape(-1)
    if centres.shape[0]:
        half = np.where(ax[:, None] == np.array(["x", "y", "z"])[None, :],
                        height / 2.0, diameter / 2.0)
        lo = centres - half
        hi = centres + half
        if (lo < -_TOL).any() or (hi - np.array([length, width, height_limit]) > _TOL).any():
            centres, ax = np.zeros((0, 3)), np.zeros(0, dtype="U1")  # pragma: no cover
    centres.flags.writeable = False
    ax.flags.writeable = False
    return centres, ax


def _band_widths(d: float, avail: float) -> list[float]:
    """Band widths to try, narrowest first: rows of ``a`` drums square or staggered, and all."""
    out = {round(avail, 6)}
    a = 1
    while a * d <= avail + _TOL:
        for w in (a * d, d + (a - 1) * d * math.sqrt(3.0) / 2.0):
            if w <= avail + _TOL:
                out.add(round(min(w, avail), 6))
        a += 1
    return sorted(out)


def band_for(line: Line, container: Container, length: float, y0: float, avail: float,
              need: int, whole: bool) -> tuple[Zone, float] | None:
    """The narrowest band ``[0, length] x [y0, y0 + w]`` (``w <= avail``) holding ``need``
    drums of the line; with ``whole`` False, as many as fit ``avail`` when fewer.
    Returns the band as a zone (y absolute, x from the shelf start) and its width."""
    d = line.drum
    axes = zone_axes(d, container)
    if not axes or "y" in axes or need <= 0 or avail < d.diameter - _TOL:
        return None
    W = container.width

    def layout(w: float) -> tuple[np.ndarray, np.ndarray]:
        walls = (y0 <= _TOL, y0 + w >= W - _TOL)
        return band_cached(d.diameter, d.height, float(length), float(w), container.height,
                            axes, d.max_layers, walls)

    widths = _band_widths(d.diameter, avail)
    # the narrowest width that holds ``need`` (bisection: counts grow with the width,
    # up to the odd exception, which costs some width but never soundness)
    lo, hi = 0, len(widths) - 1
    if layout(widths[hi])[0].shape[0] < need:
        if whole:
            return None
        lo = hi
    while lo < hi:
        mid = (lo + hi) // 2
        if layout(widths[mid])[0].shape[0] >= need:
            hi = mid
        else:
            lo = mid + 1
    w = widths[lo]
    c, ax = layout(w)
    n = min(need, c.shape[0])
    if n == 0:
        return None
    cen = np.array(c[:n])
    cen[:, 1] += y0
    bound = block_bound(d.diameter, d.height, length, w, container.height, axes, d.max_layers)
    return Zone(line, cen, np.array(ax[:n]), length, bound), float(w)
