"""Slow twin of :func:`loadplan.kernels.tops.contact_supported`, written from its definition.

A lying drum (length ``h`` along its axis, radius ``r``) rests with its bottom line,
the segment ``[a - h/2, a + h/2]`` at ``b`` across, on the flat tops of standing
drums (discs of radius ``r``). A top *touches* the line where the line crosses the
disc at least :data:`HAIR` inside its rim (a line grazing the rim carries nothing).
The drum is carried when the touching points, taken together, reach at least
:data:`HAIR` past the drum's centre on both sides and span at least ``min_span``
plus :data:`HAIR`: its weight then lies between supports. Every top is looked at.
"""

from __future__ import annotations

import math

#: The margin of every comparison of the definition, mm.
HAIR = 1e-3


def chord(segment, offset, centre, r):
    """The part ``(s0, s1)`` of the segment ``segment = (lo, hi)`` on the line ``offset``
    across that lies inside the disc (``centre = (along, across)``, radius ``r``), or None
    when the line passes less than :data:`HAIR` inside the rim or misses the segment."""
    depth = r - abs(offset - centre[1])  # how far inside the rim the line runs
    if depth <= HAIR:
        return None
    half = math.sqrt(r * r - (offset - centre[1]) ** 2)
    s0, s1 = max(segment[0], centre[0] - half), min(segment[1], centre[0] + half)
    return (s0, s1) if s1 > s0 else None


def contact_supported(centre, axis, h, tops, keys, r, min_span):
    """``(carried, largest key of a touching top)``; the key is -1e300 when none touches."""
    a, b = centre[axis], centre[1 - axis]
    pieces = []
    key = -1e300
    for t, k in zip(tops, keys):
        c = chord((a - h / 2, a + h / 2), b, (t[axis], t[1 - axis]), r)
        if c is not None:
            pieces.append(c)
            key = max(key, k)
    if not pieces:
        return False, key
    lo = min(p[0] for p in pieces)
    hi = max(p[1] for p in pieces)
    return (lo <= a - HAIR and hi >= a + HAIR and hi - lo >= min_span + HAIR), key
