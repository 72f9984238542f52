"""Equal circles in a rectangle: the public wrappers around the circle kernels."""

from __future__ import annotations

import functools
import math

import numpy as np

__all__ = ["pack_circles", "circle_bound"]


def _check_size(name: str, value: float) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if v <= 0.0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    return v


#: Most circles pack_circles will place (a guard against absurdly small diameters).
MAX_CIRCLES = 1_000_000


def _check_scale(length: float, width: float, diameter: float) -> int:
    """The proven circle bound; ValueError when it is over ``MAX_CIRCLES``."""
    from loadplan.kernels.bounds import circle_upper_bound

    bound = int(circle_upper_bound(length, width, diameter))
    if bound > MAX_CIRCLES:
        raise ValueError(
            f"diameter {diameter:g} is too small for a {length:g} x {width:g} rectangle: "
            f"more than {MAX_CIRCLES:,} circles would fit"
        )
    return bound


def pack_circles(length: float, width: float, diameter: float) -> np.ndarray:
    """Pack as many circles of one diameter as possible into a rectangle.

    Parameters
    ----------
    length, width : float
        The rectangle, in mm: ``x`` runs along ``length``, ``y`` along ``width``.
    diameter : float
        Circle diameter in mm.

    Returns
    -------
    numpy.ndarray
        float64 array of shape ``(n, 2)`` with the centres ``(x, y)``. Every
        circle lies inside the rectangle and no two overlap (tolerance 1e-6 mm).
        A circle larger than the rectangle gives an empty ``(0, 2)`` array.

    Raises
    ------
    ValueError
        If a size is not a finite positive number (the message names it), or
        if more than ``MAX_CIRCLES`` (1,000,000) circles would fit.

    Notes
    -----
    The engine (:mod:`loadplan.kernels.circles`): a dynamic programme over
    rows of touching circles (square, hexagonal, shifted and banded rows,
    zig-zag), stretched hexagonal lattices whose rows are spread to fit the
    width exactly, guillotine compositions of up to three sections in
    different directions, hole filling after compaction, and, for up to 60
    circles, an overlap-energy search (L-BFGS with basin hopping) for one
    circle more. Deterministic: the same input gives the same centres.

    Examples
    --------
    >>> import loadplan as lp
    >>> lp.pack_circles(5896, 2350, 585).shape[1]
    2
    """
    length = _check_size("length", length)
    width = _check_size("width", width)
    diameter = _check_size("diameter", diameter)
    if diameter > length + 1e-9 or diameter > width + 1e-9:
        return np.zeros((0, 2), dtype=np.float64)
    if _check_scale(length, width, diameter) > REMEMBER_UP_TO:
        return _engine(length, width, diameter)
    return _packed(length, width, diameter)


#: pack_circles remembers the packings of rectangles whose bound is at most this many
#: circles (the planner's floors; a huge packing is not kept in memory).
REMEMBER_UP_TO = 20_000


def _engine(length: float, width: float, diameter: float) -> np.ndarray:
    from loadplan.kernels.circles import best_packing

    centres = np.ascontiguousarray(best_packing(length, width, diameter), dtype=np.float64)
    centres.setflags(write=False)
    return centres


@functools.lru_cache(maxsize=4096)
def _packed(length: float, width: float, diameter: float) -> np.ndarray:
    """The engine's centres for checked sizes, read-only, remembered for the life of the
    process (the engine is deterministic, so a repeated size gives the same centres;
    the planner asks for the same floor from several places)."""
    return _engine(length, width, diameter)


def circle_bound(length: float, width: float, diameter: float) -> int:
    """A proven upper bound on how many circles of ``diameter`` fit in ``length x width``.

    The smallest of:

    - **Oler's bound** (Oler 1961; see also Groemer): for ``n`` circles of
      diameter ``d`` in an ``L x W`` rectangle the centres lie in the
      ``(L - d) x (W - d)`` rectangle and are pairwise at least ``d`` apart, so
      ``n <= 1 + (2/sqrt3) (L-d)(W-d)/d^2 + (L + W - 2d)/d``.
    - **the narrow-strip bound**: if ``W - d < d``, any two centres differ by
      at most ``W - d`` across the strip, so two centres consecutive along it are
      at least ``sqrt(d^2 - (W-d)^2)`` apart along it; they span at most
      ``L - d``, hence ``n <= 1 + floor((L - d) / sqrt(d^2 - (W-d)^2))``. The same
      holds with length and width swapped.

    Returns 0 when one circle does not fit.

    Raises
    ------
    ValueError
        If a size is not a finite positive number; the message names it.

    Examples
    --------
    >>> import loadplan as lp
    >>> lp.circle_bound(5896, 2350, 1500)
    4
    """
    length = _check_size("length", length)
    width = _check_size("width", width)
    diameter = _check_size("diameter", diameter)
    if diameter > length + 1e-9 or diameter > width + 1e-9:
        return 0
    from loadplan.kernels.bounds import circle_upper_bound

    return int(circle_upper_bound(length, width, diameter))
