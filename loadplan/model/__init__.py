"""The data model: drum types in, load plans out.

Inputs are :class:`Drum` (a drum type with a quantity); results are
:class:`ContainerLoad` (one container and the drums in it, as a NumPy
structured array of dtype :data:`PLACEMENT_DTYPE`), :class:`Unplaced` and
:class:`LoadPlan` (the answer for a whole order). All are frozen: results are
immutable and the same plan always serialises to the same JSON, byte for byte.

Modules, each with one job:

* :mod:`~loadplan.model.limits`: the accepted ranges (``MAX_QUANTITY``, ...);
* :mod:`~loadplan.model.validation`: checks of single values, naming the field;
* :mod:`~loadplan.model.drums`: :class:`Drum`, :class:`Unplaced`, :class:`ContainerBound`;
* :mod:`~loadplan.model.arrays`: placement and board arrays;
* :mod:`~loadplan.model.load`: :class:`ContainerLoad`;
* :mod:`~loadplan.model.plan`: :class:`LoadPlan`;
* :mod:`~loadplan.model.plan_json`: the plan's JSON layout, written and read.

Placement arrays
----------------
A placement is one drum: its ``sku``, centroid ``x, y, z`` (mm, container
frame: x from the nose to the doors, y across, z up), ``axis`` (``"z"``
standing, ``"x"`` lying along the container, ``"y"`` lying across), its
``diameter``, ``height`` (length along its axis) and ``weight``, its
``destination`` (``""`` when none was given) and its loading ``step``
(0, 1, 2, ... in the order the crew loads them).

>>> import numpy as np
>>> from loadplan.model import Drum, ContainerLoad, LoadPlan, make_placements
>>> drum = Drum("D200", 585, 880, weight=220)
>>> p = make_placements([[292.5, 292.5, 440.0]], "z", sku=drum.sku,
...                     diameter=drum.diameter, height=drum.height, weight=drum.weight)
>>> load = ContainerLoad("20GP", p, upper_bound=80, destinations=(None,))
>>> load.count, load.weight, load.gap
(1, 220.0, 79)
>>> plan = LoadPlan([load], [])
>>> LoadPlan.from_json(plan.to_json()) == plan
True
"""

from __future__ import annotations

from loadplan.axes import AXES
from loadplan.model.arrays import (
    BOARD_DTYPE,
    PLACEMENT_DTYPE,
    as_boards,
    as_placements,
    make_boards,
    make_placements,
)
from loadplan.model.drums import ContainerBound, Drum, Unplaced
from loadplan.model.limits import (
    MAX_LAYERS,
    MAX_NAME_LENGTH,
    MAX_QUANTITY,
    MAX_SIZE_MM,
    MAX_WEIGHT_KG,
    MIN_SIZE_MM,
    MIN_WEIGHT_KG,
)
from loadplan.model.load import ContainerLoad
from loadplan.model.plan import LoadPlan
from loadplan.model.validation import normalise_name

__all__ = [
    "PLACEMENT_DTYPE",
    "AXES",
    "MAX_QUANTITY",
    "MAX_NAME_LENGTH",
    "MIN_SIZE_MM",
    "MAX_SIZE_MM",
    "MAX_WEIGHT_KG",
    "MIN_WEIGHT_KG",
    "MAX_LAYERS",
    "normalise_name",
    "Drum",
    "Unplaced",
    "ContainerLoad",
    "LoadPlan",
    "make_placements",
    "as_placements",
    "BOARD_DTYPE",
    "make_boards",
    "as_boards",
    "ContainerBound",
]
