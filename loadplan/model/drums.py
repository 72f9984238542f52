"""Inputs and small results: :class:`Drum` (a drum type), :class:`Unplaced` and
:class:`ContainerBound`. All frozen; each constructor checks its fields and
names the one that is invalid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from loadplan.axes import AXES, parse_axes
from loadplan.model.limits import MAX_LAYERS, MAX_QUANTITY
from loadplan.model.validation import (
    check_integer,
    check_name,
    check_non_negative,
    check_size,
    check_text,
    check_weight,
)

__all__ = ["Drum", "Unplaced", "ContainerBound"]


@dataclass(frozen=True)
class Drum:
    """A drum type (or keg, reel, roll): a cylinder and how many to ship.

    Parameters
    ----------
    sku : str
        Identifier, 1 to 64 characters.
    diameter, height : float
        Size in mm, from :data:`MIN_SIZE_MM` (1) to :data:`MAX_SIZE_MM`
        (100,000). ``height`` is the length along the drum's axis. Planning
        also needs at most 100,000 to fit one container by volume
        (:func:`loadplan.containers.scale_problem`).
    weight : float, default 0.0
        Weight of one drum in kg: 0 (not given) or from 1e-6 to 1,000,000.
    quantity : int, default 1
        How many to ship, ``0 <= quantity <= 1_000_000`` (bools rejected).
    destination : str or None, default None
        Where they go; None means no destination given.
    orientations : sequence of {"z", "x", "y"} or str, default ("z", "x", "y")
        Allowed axes: ``"z"`` standing, ``"x"`` lying along the container,
        ``"y"`` lying across. A string such as ``"zx"`` or ``"z|x"`` is
        accepted; stored as a tuple in the canonical order z, x, y.
    max_layers : int or None, default None
        Most layers (drums stacked on one another) allowed, 1 to
        :data:`MAX_LAYERS` (1,000); None for no limit.
    max_load : float or None, default None
        Stacking strength: the most weight in kg a drum of this type may carry
        (the weight resting on it, see :func:`loadplan.verification.check`),
        finite and ``>= 0``; None for no limit.

    Raises
    ------
    ValueError
        Naming the field that is invalid.

    Examples
    --------
    >>> Drum("DJ60", 380, 600, weight=9.5, quantity=1200, orientations="xz").orientations
    ('z', 'x')
    """

    sku: str
    diameter: float
    height: float
    weight: float = 0.0
    quantity: int = 1
    destination: str | None = None
    orientations: tuple[str, ...] = AXES
    max_layers: int | None = None
    max_load: float | None = None

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "sku", check_name("Drum", "sku", self.sku, optional=False))
        s(self, "diameter", check_size("Drum", "diameter", self.diameter))
        s(self, "height", check_size("Drum", "height", self.height))
        s(self, "weight", check_weight("Drum", "weight", self.weight))
        s(self, "quantity", check_integer("Drum", "quantity", self.quantity, 0, MAX_QUANTITY))
        s(self, "destination", check_name("Drum", "destination", self.destination, optional=True))
        s(self, "orientations", parse_axes(self.orientations, "Drum.orientations",
                                                  empty_means_all=False))
        if self.max_layers is not None:
            s(self, "max_layers", check_integer("Drum", "max_layers", self.max_layers, 1, MAX_LAYERS))
        if self.max_load is not None:
            s(self, "max_load", check_non_negative("Drum", "max_load", self.max_load))

    @property
    def volume(self) -> float:
        """Volume of one drum in mm³ (π d² h / 4)."""
        return math.pi * self.diameter**2 * self.height / 4.0




@dataclass(frozen=True)
class Unplaced:
    """Drums of one type and destination that the plan could not load.

    Parameters
    ----------
    sku : str
    destination : str or None
    quantity : int
        How many, ``>= 0``.
    reason : str
        Why, as a sentence for the user (e.g. ``"larger than the door"``).
    """

    sku: str
    destination: str | None
    quantity: int
    reason: str

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "sku", check_name("Unplaced", "sku", self.sku, optional=False))
        s(self, "destination", check_name("Unplaced", "destination", self.destination, optional=True))
        s(self, "quantity", check_integer("Unplaced", "quantity", self.quantity, 0))
        check_text("Unplaced", "reason", self.reason)



@dataclass(frozen=True)
class ContainerBound:
    """A proven lower bound on the containers one destination group needs.

    Parameters
    ----------
    destinations : sequence of (str or None)
        The destination group (one destination, or all of them for a
        multi-drop plan); None for "no destination given". Stored as a tuple.
    lower_bound : int
        No plan can carry this group's ordered drums in fewer containers
        (of the types offered), ``>= 0``.
    basis : str, default ""
        What proves it, for the user (e.g. ``"volume"``, ``"payload"``).

    Examples
    --------
    >>> ContainerBound(["Shanghai"], 2, "volume").destinations
    ('Shanghai',)
    """

    destinations: tuple[str | None, ...]
    lower_bound: int
    basis: str = ""

    def __post_init__(self) -> None:
        s = object.__setattr__
        if isinstance(self.destinations, str) or self.destinations is None:
            raise ValueError("ContainerBound.destinations must be a sequence of destinations "
                             f"(str or None), got {self.destinations!r}")
        dest = tuple(self.destinations)
        for d in dest:
            check_name("ContainerBound", "destinations", d, optional=True)
        s(self, "destinations", dest)
        s(self, "lower_bound", check_integer("ContainerBound", "lower_bound", self.lower_bound, 0))
        check_text("ContainerBound", "basis", self.basis)

