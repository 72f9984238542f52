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
import unicodedata
from dataclasses import dataclass
from typing import Mapping

__all__ = ["Container", "CONTAINERS", "get_container", "MAX_CONTAINER_MM", "MAX_CONTAINER_KG",
           "MAX_DRUMS_PER_CONTAINER", "drums_by_volume", "scale_problem"]

_FIELDS = ("length", "width", "height", "door_width", "door_height", "tare", "max_payload")

MAX_CONTAINER_MM: float = 100_000.0
"""Largest container length, width or height accepted (mm): 100 m."""
MAX_CONTAINER_KG: float = 1e9
"""Largest tare or maximum payload accepted (kg)."""
MAX_DRUMS_PER_CONTAINER: int = 100_000
"""Most drums of one type that one container may hold by volume (the supported range)."""


def _visible_name(name: str) -> str:
    """NFC, and no invisible (format, category Cf) or control characters: a name such as
    "20GP" followed by a zero-width space would pass for a catalog type on paper."""
    text = unicodedata.normalize("NFC", name)
    for i, c in enumerate(text, start=1):
        if unicodedata.category(c) in ("Cf", "Cc"):
            raise ValueError(f"Container.name contains an invisible or control character "
                             f"U+{ord(c):04X} at position {i}, got {name!r}")
    return text


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

    Sizes are at most :data:`MAX_CONTAINER_MM` (100 m), tare and payload at
    most :data:`MAX_CONTAINER_KG`. A container named like a catalog type
    (``"20GP"``, ...) should have that type's values: :func:`loadplan.verify`
    reports one that does not (give a custom container its own name).

    Raises
    ------
    ValueError
        Naming the field when a value is not a finite positive number or is
        over its limit, the name is empty, or the door is larger than the
        section.

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
        object.__setattr__(self, "name", _visible_name(self.name))
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
            limit = MAX_CONTAINER_KG if field in ("tare", "max_payload") else MAX_CONTAINER_MM
            if value > limit:
                unit = "kg" if field in ("tare", "max_payload") else "mm"
                raise ValueError(f"Container.{field} must be at most {limit:,.0f} {unit}, got {value!r}")
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


def drums_by_volume(diameter: float, height: float, length: float, width: float,
                    height_limit: float) -> float:
    """How many drums could fit the box by volume alone: ``L W H / (pi d^2 h / 4)``.

    A proven upper bound on any layout (the drums are disjoint inside the
    box); returned as a float so that absurd sizes cannot overflow.
    """
    one = math.pi * diameter * diameter * height / 4.0
    return (length * width * height_limit) / one if one > 0 else math.inf


def scale_problem(diameter: float, height: float, container: Container) -> str | None:
    """Why a drum size is outside the supported range for ``container`` (None if it is not).

    The engine's work and memory grow with the number of drums a container
    can hold, so a drum type of which more than
    :data:`MAX_DRUMS_PER_CONTAINER` (100,000) could fit one container by
    volume is not supported: in a 45HC that means ``d^2 h`` below about
    1.1e6 mm^3, e.g. smaller than Ø 103 x 103 mm or Ø 330 x 10 mm.

    Examples
    --------
    >>> scale_problem(585, 880, CONTAINERS["40HC"]) is None
    True
    >>> print(scale_problem(20, 20, CONTAINERS["20GP"]))
    Ø20 x 20 mm is too small: up to 5,277,013 would fit a 20GP by volume; the supported limit is 100,000 drums of one type per container
    """
    n = drums_by_volume(diameter, height, container.length, container.width, container.height)
    if n <= MAX_DRUMS_PER_CONTAINER:
        return None
    count = f"{n:,.0f}" if n < 1e15 else "more than 1e15"
    return (f"Ø{diameter:g} x {height:g} mm is too small: up to {count} would fit a "
            f"{container.name} by volume; the supported limit is "
            f"{MAX_DRUMS_PER_CONTAINER:,} drums of one type per container")
