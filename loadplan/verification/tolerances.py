"""The verifier's tolerances and limits, each defined once (see the rules that use them)."""

from __future__ import annotations

__all__ = [
    "TOL",
    "MIN_SUPPORT_SHARE",
    "MIN_LINE_SHARE",
    "LINE_STRIP_SHARE",
    "LEAN_GAP",
    "MAX_MESSAGES",
    "PAIR_LIMIT",
    "PAIRS_PER_DRUM",
    "MIN_BOARD_COVER",
]

TOL = 1e-6
"""Geometry tolerance in mm: touching is allowed, interpenetration beyond it is not."""

MIN_SUPPORT_SHARE = 0.5
"""Least share of a standing drum's base area that its support polygon must cover."""

MIN_LINE_SHARE = 0.5
"""Least share of a lying drum's length that the hull of its contacts must span."""

LINE_STRIP_SHARE = 0.1
"""Width of a lying drum's top contact strip, as a share of its diameter."""

LEAN_GAP = 2.0
"""Widest gap (mm) to a wall or neighbour that still holds a lying drum from rolling."""

MAX_MESSAGES = 50
"""Most messages of one kind per container; the rest are summarised in one line."""

PAIR_LIMIT = 2_000_000
"""Most candidate pairs for the full check (or :data:`PAIRS_PER_DRUM` per drum, if
more); beyond it (drums piled into each other) only overlaps are counted and
support is reported as unchecked."""

PAIRS_PER_DRUM = 64
"""Candidate pairs per drum always checked in full: a sound layout has about 35 (a
container of 63,789 drums of Ø 110 x 110 mm has 2.19 million), drums piled into
each other have many more."""

MIN_BOARD_COVER = 0.5
"""Least share of a raised board's area that the shadows of its carriers must cover."""
