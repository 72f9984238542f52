"""Weight distribution: centre of gravity of a container's cargo and the rule it keeps.

The guideline
-------------
IMO/ILO/UNECE *Code of Practice for Packing of Cargo Transport Units* (CTU
Code, 2014), Annex 7 "Packing and securing cargo into CTUs", section 3.1
(load distribution), paragraph 3.1.4: the centre of gravity of the cargo
should lie near the middle of the unit's length; in general it should be off
centre by **no more than ±5 % of the length**, and up to ±10 % may be accepted
in special circumstances, because the spreaders that lift ISO containers cannot
compensate a larger offset. A rule of thumb in the same paragraph: no more
than 60 % of the cargo mass in half of the length.

Source: IMO/ILO/UNECE, *Code of Practice for Packing of Cargo Transport
Units (CTU Code)*, 2014 edition (IMO sales number IC284E), Annex 7, 3.1.4;
the annex text is reproduced in Lloyd's Register Rulefinder
(https://imorules.com/GUID-5EDD9F35-0C18-42FE-AF69-5E442824D99F.html).
The 60 % rule of thumb is not checked separately: the ±5 % CoG limit is
the constraint loadplan keeps.

What loadplan uses
------------------
:data:`CTU_TOLERANCE` ``= 0.05``: the longitudinal CoG ``x`` of the cargo must
satisfy ``|x - L/2| <= 0.05 L`` (``L`` the inside length), i.e. ±295 mm in a
20GP and ±602 mm in a 40GP/40HC. The planner enforces it by ordering the
zones along the length and, if ordering is not enough, by moving the whole
stow away from the front wall (the gap is then blocked, and the steps say so);
what it cannot fix is reported in the container's notes. Cargo without weight
(all ``weight == 0``) is weighted by drum volume instead (uniform density),
as :attr:`loadplan.model.ContainerLoad.cog` does.

>>> import numpy as np
>>> from loadplan.cog import longitudinal_offset
>>> x = np.array([1000.0, 5000.0]); w = np.array([1.0, 1.0])
>>> round(longitudinal_offset(x, w, 6000.0), 3)
0.0
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "CTU_TOLERANCE",
    "mass_weights",
    "cog_of",
    "longitudinal_offset",
    "cog_ok",
    "cog_note",
]

CTU_TOLERANCE: float = 0.05
"""Default longitudinal CoG tolerance as a fraction of the length (CTU Code Annex 7, 3.1.4)."""


def mass_weights(placements: np.ndarray) -> np.ndarray:
    """Weights to balance: drum weights, or drum volumes when no drum has weight.

    Parameters
    ----------
    placements : numpy.ndarray
        Structured array with the fields ``weight``, ``diameter``, ``height``.
    """
    w = np.asarray(placements["weight"], dtype=np.float64)
    if w.shape[0] and not w.sum() > 0.0:
        w = np.asarray(placements["diameter"], dtype=np.float64) ** 2 * placements["height"]
    return w


def cog_of(x: np.ndarray, y: np.ndarray, z: np.ndarray, weight: np.ndarray) -> tuple[float, float, float]:
    """Weight-weighted centre of gravity of point masses.

    Parameters
    ----------
    x, y, z, weight : numpy.ndarray
        Centroids (mm) and weights (kg) of the drums; a drum's centroid is its
        centre of mass.

    Returns
    -------
    tuple of float
        ``(x, y, z)`` in mm; ``(nan, nan, nan)`` when the total weight is 0.
    """
    w = np.asarray(weight, dtype=np.float64)
    total = float(w.sum())
    if not total > 0.0:
        return (math.nan, math.nan, math.nan)
    return (
        float(np.dot(np.asarray(x, dtype=np.float64), w) / total),
        float(np.dot(np.asarray(y, dtype=np.float64), w) / total),
        float(np.dot(np.asarray(z, dtype=np.float64), w) / total),
    )


def longitudinal_offset(x: np.ndarray, weight: np.ndarray, length: float) -> float:
    """Signed offset of the longitudinal CoG from the middle, as a fraction of ``length``.

    Positive toward the doors. ``0.0`` when the total weight is 0 (nothing to balance).
    """
    w = np.asarray(weight, dtype=np.float64)
    total = float(w.sum())
    if not total > 0.0:
        return 0.0
    cx = float(np.dot(np.asarray(x, dtype=np.float64), w) / total)
    return (cx - 0.5 * float(length)) / float(length)


def cog_ok(x: np.ndarray, weight: np.ndarray, length: float, tolerance: float = CTU_TOLERANCE) -> bool:
    """Whether the longitudinal CoG is within ``tolerance * length`` of the middle."""
    return abs(longitudinal_offset(x, weight, length)) <= tolerance + 1e-12


def cog_note(x: np.ndarray, weight: np.ndarray, length: float, tolerance: float = CTU_TOLERANCE) -> str | None:
    """A note for the container when the CoG rule is broken, else ``None``."""
    off = longitudinal_offset(x, weight, length)
    if abs(off) <= tolerance + 1e-12:
        return None
    side = "doors" if off > 0 else "front wall"
    return (
        f"centre of gravity {abs(off) * 100:.1f} % of the length off the middle toward the {side} "
        f"(CTU Code Annex 7, 3.1.4 allows ±{tolerance * 100:g} %)"
    )
