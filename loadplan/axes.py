"""One vocabulary for a drum's axis: the type, the parser, the words and the index.

A drum's axis is ``"z"`` (standing), ``"x"`` (lying along the container, the
length) or ``"y"`` (lying across it). Every module that reads, names or indexes
an axis uses the names here, so the same value is spelled, accepted and shown
the same way everywhere (the ``Drum``, the order files, the CLI, the fill,
plots, steps and the verifier's messages).

This module imports nothing heavy: the CLI uses it before NumPy is loaded.

>>> parse_axes("x|z")
('z', 'x')
>>> parse_axes("zy") == parse_axes("z, y") == parse_axes(["y", "z"])
True
>>> AXIS_WORDS["x"], AXIS_INDEX["x"]
('lying along', 0)
"""

from __future__ import annotations

import re
from typing import Any, Literal

__all__ = [
    "Axis",
    "AXES",
    "AXIS_INDEX",
    "AXIS_WORDS",
    "AXIS_WORDS_LONG",
    "short_repr",
    "parse_axes",
    "half_x",
]

Axis = Literal["z", "x", "y"]
"""A drum's axis: ``"z"`` standing, ``"x"`` lying along, ``"y"`` lying across."""

AXES: tuple[Axis, Axis, Axis] = ("z", "x", "y")
"""Drum axes in canonical order: standing, lying along x, lying across (y)."""

AXIS_INDEX: dict[str, int] = {"x": 0, "y": 1, "z": 2}
"""Coordinate index of each axis in a centroid ``(x, y, z)``."""

AXIS_WORDS: dict[str, str] = {"z": "standing", "x": "lying along", "y": "lying across"}
"""Short words for an axis (legends, tables, the verifier's messages)."""

AXIS_WORDS_LONG: dict[str, str] = {"z": "standing", "x": "lying along the length",
                                   "y": "lying across"}
"""Words for an axis in a sentence (loading steps, notes, fill errors)."""

_SEPARATORS = re.compile(r"[|,/;\s]+")


def short_repr(value: Any) -> str:
    """``repr(value)``, cut to 40 characters for error messages."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _tokens(value: Any, field: str) -> list[str]:
    """The axis letters named by ``value`` (a string or an iterable of strings)."""
    if isinstance(value, str):
        # "z|x", "z,x", "z/x", "z;x", "z x" and runs of letters ("zx") alike
        return [c for t in _SEPARATORS.split(value.strip().lower()) for c in
                (list(t) if set(t) <= set(AXES) else [t]) if c]
    if isinstance(value, (bytes, bytearray)):
        raise ValueError(f"{field} must be text such as 'z|x' or a list of axes "
                         f"(got {short_repr(value)})")
    try:
        items = list(value)
    except TypeError:
        raise ValueError(f"{field} must be text such as 'z|x' or a list of axes "
                         f"(got {short_repr(value)})") from None
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{field} must list axes 'z', 'x' or 'y' (got {short_repr(item)})")
    return [item.strip().lower() for item in items]


def parse_axes(value: Any, field: str = "orientations", *,
               empty_means_all: bool = True) -> tuple[Axis, ...] | None:
    """Parse allowed axes: ``"z|x"``, ``"z,x"``, ``"z x"``, ``"zx"`` or ``["z", "x"]``.

    Parameters
    ----------
    value : str or iterable of str
        The axes; case and separators (``| , / ;`` and spaces) are ignored,
        repeats are dropped.
    field : str, default "orientations"
        The field named in errors (e.g. ``"Drum.orientations"``, ``"row 3: orientations"``).
    empty_means_all : bool, default True
        Return None for None or a blank string (an order file's empty cell:
        all axes allowed); with False they are an error (``Drum.orientations``).

    Returns
    -------
    tuple of str or None
        The axes in the canonical order z, x, y; None for an empty value
        when ``empty_means_all``.

    Raises
    ------
    ValueError
        Naming ``field``: an unknown axis, no axis at all, or a value that is
        neither text nor a sequence of text.

    Examples
    --------
    >>> parse_axes("Y; x")
    ('x', 'y')
    >>> parse_axes("") is None
    True
    >>> parse_axes("", "axes", empty_means_all=False)
    Traceback (most recent call last):
    ...
    ValueError: axes must name at least one axis
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if empty_means_all:
            return None
        if value is None:
            raise ValueError(f"{field} must name at least one axis (got None)")
    tokens = _tokens(value, field)
    if not tokens:
        raise ValueError(f"{field} must name at least one axis")
    bad = [t for t in tokens if t not in AXES]
    if bad:
        raise ValueError(f"{field} must name axes from z, x, y, such as 'z|x' or 'z,x' "
                         f"(got {short_repr(value)})")
    return tuple(a for a in AXES if a in tokens)


def half_x(axis: Any, diameter: Any, height: Any) -> Any:
    """Half extent along the container's length (x) of drums on ``axis``.

    A drum lying along x reaches ``height / 2`` either side of its centre
    along x; standing or lying across, ``diameter / 2``.

    Parameters
    ----------
    axis : str or array_like of str
    diameter, height : float or array_like

    Returns
    -------
    numpy.ndarray or float
        Elementwise half extents in mm.

    Examples
    --------
    >>> half_x(["x", "z"], 585, 880).tolist()
    [440.0, 292.5]
    """
    import numpy as np  # here, not at the top: the CLI imports this module before NumPy

    return np.where(np.asarray(axis) == "x", height, diameter) / 2.0
