"""Drums of one size in a box: the names of the 3-D layout kernels in one place.

A re-export module (kept so that ``from loadplan.kernels.layout3d import ...``
goes on working); the kernels live in modules by job:

- :mod:`loadplan.kernels.lying`: lying cross-sections, the row dynamic programme;
- :mod:`loadplan.kernels.lattice`: floor patterns and a pattern repeated along an axis;
- :mod:`loadplan.kernels.tops`: lying drums on standing tops, which lying drums are carried;
- :mod:`loadplan.kernels.splits`: splits of a box's length into lying and standing sections.
"""

from __future__ import annotations

from loadplan.kernels.lattice import extrude_x, extrude_y, floor_family, floor_family_count, stack_standing
from loadplan.kernels.lying import (
    TOL,
    count_from_table,
    lying_count_open,
    lying_count_table,
    lying_section,
    lying_section_count,
    lying_section_plan,
)
from loadplan.kernels.splits import split_candidates, standing_quick
from loadplan.kernels.tops import contact_supported, head_on_tops, support_2d, support_keys_2d

__all__ = [
    "TOL",
    "lying_section_plan",
    "lying_section",
    "lying_section_count",
    "lying_count_table",
    "count_from_table",
    "lying_count_open",
    "support_2d",
    "floor_family",
    "floor_family_count",
    "stack_standing",
    "extrude_x",
    "extrude_y",
    "contact_supported",
    "head_on_tops",
    "support_keys_2d",
    "standing_quick",
    "split_candidates",
]
