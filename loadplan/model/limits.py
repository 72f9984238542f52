"""The limits on what loadplan accepts, defined once (the model and the readers use them).

Each is the largest (or smallest) value that is tested; anything beyond it is refused
with an error naming the field. See ``docs/decisions.md``, "Supported ranges".
"""

from __future__ import annotations

__all__ = [
    "MAX_QUANTITY",
    "MAX_ORDER_DRUMS",
    "MAX_NAME_LENGTH",
    "MIN_SIZE_MM",
    "MAX_SIZE_MM",
    "MAX_WEIGHT_KG",
    "MIN_WEIGHT_KG",
    "MAX_LAYERS",
    "MAX_COST",
    "MAX_ORDER_BYTES",
    "MAX_PLAN_BYTES",
    "MAX_REPORTED_ROWS",
]

MAX_QUANTITY: int = 1_000_000
"""Largest accepted :attr:`Drum.quantity` (the most drums one order row may ask for): the
largest order tested (1,000,000 drums take about 1.5 GB of memory to plan and write)."""

MAX_ORDER_DRUMS: int = 1_000_000
"""Most drums one order may ask for in total: what is tested (a 1,000,000-drum plan takes
about 1.5 GB of memory to plan and write, 1.3 GB to verify; see docs/decisions.md)."""

MAX_NAME_LENGTH: int = 64
"""Longest accepted sku / destination (characters; the width of the placement string fields)."""

MIN_SIZE_MM: float = 1.0
"""Smallest accepted drum diameter or height (mm). Whether a size is supported in a
container also depends on how many would fit it (:func:`loadplan.containers.scale_problem`)."""

MAX_SIZE_MM: float = 100_000.0
"""Largest accepted drum diameter or height (mm); larger than any container, so such
a drum is simply unplaced."""

MAX_WEIGHT_KG: float = 1_000_000.0
"""Largest accepted weight of one drum (kg)."""

MIN_WEIGHT_KG: float = 1e-6
"""Smallest non-zero weight of one drum (kg); 0 means "not given"."""

MAX_LAYERS: int = 1_000
"""Largest accepted ``max_layers`` (no container is 1,000 drums high)."""

MAX_COST: float = 1e12
"""Largest cost of one container in a costs file."""

MAX_ORDER_BYTES: int = 64 * 1024 * 1024
"""Largest order file read (bytes)."""

MAX_PLAN_BYTES: int = 256 * 1024 * 1024
"""Largest plan file read by ``loadplan verify`` (bytes): 256 MiB, about 1.9 million drums
(a plan file takes about 140 bytes per drum)."""

MAX_REPORTED_ROWS: int = 20
"""Most bad rows listed in one :class:`loadplan.io.OrderError`."""
