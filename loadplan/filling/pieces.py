"""The box a layout is built in, and the cached 2-D pieces layouts are made of.

:class:`Box` carries one drum size in one box (what every layout step needs),
so the steps pass one value instead of a dozen. The pieces (floor packings,
lying cross-sections, split candidates) are memoised for the life of the
process; the arrays returned are read-only.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from loadplan.filling.validation import TOL, fits_box

__all__ = ["Box", "floor_packing", "section", "candidates"]


@dataclass(frozen=True)
class Box:
    """One drum size in one box.

    Attributes
    ----------
    d, h : float
        Drum diameter and length along its axis (mm).
    L, W, H : float
        The box: x from 0 to ``L`` (nose to doors), y across to ``W``, z up to ``H``.
    axes : str
        Allowed axes, a subset of ``"zxy"``.
    max_layers : int
        Most tiers, 0 for no limit.
    walls : (bool, bool)
        Whether the long sides ``y = 0`` and ``y = W`` are walls that may be leant on.
    """

    d: float
    h: float
    L: float
    W: float
    H: float
    axes: str
    max_layers: int = 0
    walls: tuple[bool, bool] = (True, True)

    def fitting(self) -> str:
        """The allowed axes in which one drum fits the box."""
        return "".join(a for a in self.axes if fits_box(a, self.d, self.h, self.L, self.W, self.H))


@functools.lru_cache(maxsize=8192)
def floor_packing(length: float, width: float, d: float, engine: bool = True) -> np.ndarray:
    """Best floor packing: the circle engine or a lattice, whichever holds more
    (the lattice alone, fast, when ``engine`` is False)."""
    from loadplan.kernels.layout3d import floor_family

    if length < d - TOL or width < d - TOL:
        out = np.zeros((0, 2))
    else:
        b = floor_family(length, width, d)
        out = np.array(b)
        if engine:
            from loadplan.pack import pack_circles

            a = np.asarray(pack_circles(length, width, d), dtype=np.float64).reshape(-1, 2)
            if a.shape[0] > b.shape[0]:
                out = np.array(a)
    out.flags.writeable = False
    return out


@functools.lru_cache(maxsize=8192)
def section(w: float, ht: float, d: float, rows: int, wall_left: bool,
            wall_right: bool) -> np.ndarray:
    """The best sound lying cross-section of ``w x ht``
    (:func:`loadplan.kernels.layout3d.lying_section`)."""
    from loadplan.kernels.layout3d import lying_section

    out = np.array(lying_section(w, ht, d, rows, wall_left, wall_right))
    out.flags.writeable = False
    return out


@functools.lru_cache(maxsize=4096)
def candidates(box: Box) -> np.ndarray:
    """Every split of ``box`` along x with its lattice count
    (:func:`loadplan.kernels.layout3d.split_candidates`)."""
    from loadplan.kernels.layout3d import split_candidates

    b = box
    out = split_candidates(b.L, b.W, b.H, b.d, b.h, "z" in b.axes, "x" in b.axes, "y" in b.axes,
                           b.max_layers, b.walls[0], b.walls[1])
    out.flags.writeable = False
    return out
