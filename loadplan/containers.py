"""ISO container types: the :class:`Container` record and the default catalog.

Dimensions are internal (mm) and door openings are from the World Shipping
Council's dry-container table; tare and maximum payload (kg) are typical
published values. Users may define their own :class:`Container`.

>>> from loadplan.containers import CONTAINERS, get_container
>>> CONTAINERS["20GP"].length
5896.0
>>> get_container("40HC").door_height
2577.0
"""

from __future__ import annotations

import math
import numbers
import types
from dataclasses import dataclass
from typing import Mapping

__all__ = ["Container", "CONTAINERS", "get_container"]

_FIELDS = ("length", "width", "height", "door_width", "door_height", "tare", "max_payload")


@dataclass(frozen=True)
class Container:
    """An ISO container's inside box, door opening and weight limits.

    Parameters
    ----------
    name : str
        Short name, e.g. ``"40HC"``.
    length, width, height : float
        Internal dimensions in mm (x from the nose to the doors, y across,
        z up).
    door_width, door_height : float
        The door opening in mm; not larger than the section ``width`` x
        ``height``.
    tare : float
        Empty weight in kg (positive).
    max_payload : float
        Maximum cargo weight in kg (positive).

    Raises
    ------
    ValueError
        Naming the field when a value is not a finite positive number, the
        name is empty, or the door is larger than the section.

    Examples
    --------
    >>> Container("box", 1000, 800, 600, 800, 600, 50, 500).volume
    480000000.0
    """

    name: str
    length: float
    width: float
    height: float
    door_width: float
    door_height: float
    tare: float
    max_payload: float

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"Container.name must be a non-empty string, got {self.name!r}")
        if any(0xD800 <= ord(c) <= 0xDFFF for c in self.name):
            raise ValueError(f"Container.name must be valid Unicode (no lone surrogates), got {self.name!r}")
        for field in _FIELDS:
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise ValueError(f"Container.{field} must be a number, got {value!r}")
            try:
                value = float(value)
            except OverflowError:  # an int too large for a float
                value = math.inf
            if not math.isfinite(value) or value <= 0:
                raise ValueError(f"Container.{field} must be finite and positive, got {value!r}")
            object.__setattr__(self, field, value)
        if self.door_width > self.width:
            raise ValueError(
                f"Container.door_width ({self.door_width:g}) is larger than width ({self.width:g})"
            )
        if self.door_height > self.height:
            raise ValueError(
                f"Container.door_height ({self.door_height:g}) is larger than height ({self.height:g})"
            )

    @property
    def volume(self) -> float:
        """Internal volume in mm³."""
        return self.length * self.width * self.height


CONTAINERS: Mapping[str, Container] = types.MappingProxyType(
    {
        "20GP": Container("20GP", 5896, 2350, 2393, 2340, 2274, 2300, 28180),
        "40GP": Container("40GP", 12032, 2350, 2392, 2340, 2274, 3750, 26730),
        "40HC": Container("40HC", 12032, 2350, 2697, 2340, 2577, 3940, 26540),
        "45HC": Container("45HC", 13556, 2347, 2696, 2340, 2584, 4820, 25660),
    }
)
"""The default catalog, read-only: name -> :class:`Container`."""


def get_container(name_or_container: str | Container) -> Container:
    """Return a :class:`Container` given one or a catalog name.

    Parameters
    ----------
    name_or_container : str or Container
        A key of :data:`CONTAINERS` (e.g. ``"20GP"``) or a Container, which is
        returned as is.

    Returns
    -------
    Container

    Raises
    ------
    ValueError
        For an unknown name or a value of another type.

    Examples
    --------
    >>> get_container("20GP").name
    '20GP'
    """
    if isinstance(name_or_container, Container):
        return name_or_container
    if isinstance(name_or_container, str):
        found = CONTAINERS.get(name_or_container)
        if found is not None:
            return found
    raise ValueError(
        f"unknown container {name_or_container!r}; known: {', '.join(CONTAINERS)}"
    )
