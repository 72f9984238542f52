"""The box API the planner uses for mixed containers: one drum size in a box.

:func:`layout_block` packs a box as :func:`loadplan.fill` packs a container
(without the door and payload rules); :func:`layout_across` lays drums across
with no wall at either end; :func:`layout_band` is :func:`layout_block` with
lattice floors only, for a band whose long sides may not be walls.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from loadplan.filling.loading import loading_order
from loadplan.filling.pieces import Box, section
from loadplan.filling.search import build, build_one
from loadplan.filling.validation import (TOL, check_box, fits_box, parse_axes, parse_count,
                                         parse_layers)

__all__ = ["layout_block", "layout_across", "layout_band"]


def layout_block(diameter: float, height: float, length: float, width: float,
                 height_limit: float, axes: Any = "zxy", max_layers: int | None = None,
                 max_count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pack drums of one size into the box ``[0,length] x [0,width] x [0,height_limit]``.

    Parameters
    ----------
    diameter, height : float
        The drum (mm); ``height`` is its length along its axis.
    length, width, height_limit : float
        The box (mm): x from 0 to ``length`` (nose to doors), y across, z up.
    axes : str or sequence, default ``"zxy"``
        Allowed axes: ``"z"`` standing, ``"x"`` lying along, ``"y"`` lying across.
    max_layers : int or None
        Most tiers (drums on top of one another); None for no limit.
    max_count : int or None
        At most this many drums; extra drums are removed from the doors end,
        top first, so the rest stays carried.

    Returns
    -------
    centres : numpy.ndarray
        float64 ``(n, 3)`` centroids relative to the box, in loading order
        (nose to doors, bottom up; every prefix is sound).
    axes : numpy.ndarray
        ``(n,)`` array of ``"x"``, ``"y"``, ``"z"``.

    Every drum lies inside the box, none overlap and nothing floats (see the
    notes of :mod:`loadplan.filling`). A drum that fits in no allowed axis gives empty arrays.

    Raises
    ------
    ValueError
        Naming the argument when a size is not finite and positive, ``axes``
        is not made of z/x/y, or ``max_layers``/``max_count`` is invalid.

    Examples
    --------
    >>> c, a = layout_block(585, 880, 5896, 2350, 2393)
    >>> len(c)
    106
    """
    d, h, L, W, H = check_box(diameter, height, length, width, height_limit)
    ax = parse_axes(axes)
    ml = parse_layers(max_layers)
    mc = parse_count(max_count)
    centres, axs, keys, _ = build(Box(d, h, L, W, H, ax, ml))
    order = loading_order(centres, keys)
    centres, axs = centres[order], axs[order]
    if mc is not None and centres.shape[0] > mc:
        centres, axs = centres[:mc], axs[:mc]
    return np.ascontiguousarray(centres), axs.astype("U1")


def layout_across(diameter: float, height: float, length: float, width: float,
                  height_limit: float, max_layers: int | None = None,
                  max_count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Drums lying across (axis y) in a box with no wall at either end along x.

    :func:`layout_block` lets drums lying across lean on the box's ``x = 0``
    side (the front wall of a container). A zone in a shared container has
    other cargo or empty space there, so this builds the best lying-across
    cross-section with no wall on either side (end drums of upper rows only
    in grooves, see :mod:`loadplan.kernels.layout3d`), repeated
    ``floor(width / height)`` times across.

    Parameters
    ----------
    diameter, height : float
        The drum (mm); ``height`` is its length along its axis (across).
    length, width, height_limit : float
        The box (mm).
    max_layers : int or None
        Most tiers; None for no limit.
    max_count : int or None
        At most this many drums: the first ones in loading order, so every
        drum kept keeps what carries it.

    Returns
    -------
    centres : numpy.ndarray
        float64 ``(n, 3)`` centroids relative to the box, in loading order
        (nose to doors, bottom up).
    axes : numpy.ndarray
        ``(n,)`` array of ``"y"``.

    Raises
    ------
    ValueError
        Naming the argument, as :func:`layout_block`.

    Examples
    --------
    >>> c, a = layout_across(585, 880, 2000, 2350, 2393)
    >>> len(c), set(a.tolist())
    (24, {'y'})
    """
    from loadplan.kernels.layout3d import extrude_y, support_keys_2d

    d, h, L, W, H = check_box(diameter, height, length, width, height_limit)
    ml = parse_layers(max_layers)
    mc = parse_count(max_count)
    ncol = int(math.floor((W + TOL) / h))
    uv = section(L, H, d, ml, False, False) if fits_box("y", d, h, L, W, H) else np.zeros((0, 2))
    if ncol == 0 or uv.shape[0] == 0:
        return np.zeros((0, 3)), np.zeros(0, dtype="U1")
    keys = np.repeat(support_keys_2d(uv, d, uv[:, 0] - 0.5 * d), ncol)
    centres = extrude_y(uv, 0.0, 0.0, h, ncol)
    order = loading_order(centres, keys)
    if mc is not None:
        order = order[:mc]
    return np.ascontiguousarray(centres[order]), np.full(order.shape[0], "y", dtype="U1")


def layout_band(diameter: float, height: float, length: float, width: float,
                height_limit: float, axes: str, max_layers: int | None,
                walls: tuple[bool, bool]) -> tuple[np.ndarray, np.ndarray]:
    """One drum size in a band box, lattice floors only (fast), in loading order.

    Parameters
    ----------
    diameter, height, length, width, height_limit : float
        Drum and box (mm).
    axes : str
        Allowed axes.
    max_layers : int or None
        Most standing layers.
    walls : (bool, bool)
        Whether the long sides ``y = 0`` and ``y = width`` are walls that may be leant on.

    Returns
    -------
    centres : ndarray (n, 3)
    axes : ndarray (n,) of str
    """
    parts = build_one(Box(diameter, height, length, width, height_limit, axes,
                          int(max_layers or 0), tuple(walls)), False)
    centres, ax, keys = parts.arrays()
    order = loading_order(centres, keys)
    return centres[order], ax[order]
