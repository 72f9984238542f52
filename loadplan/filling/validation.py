"""Arguments of the fill and box API, checked; which axes a drum fits and passes the door in.

Every check raises ``ValueError`` naming the argument. The sizes and tolerance
here are shared by the rest of :mod:`loadplan.filling`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from loadplan.axes import AXES, AXIS_WORDS_LONG, parse_axes as parse_axis_value

__all__ = ["TOL", "AXES", "AXIS_WORDS", "check_size", "check_box", "check_scale", "parse_axes",
           "parse_layers", "parse_count", "fits_box", "passes_door"]

#: Geometric tolerance of the layouts (mm).
TOL = 1e-6
#: How notes name an axis (the shared vocabulary of :mod:`loadplan.axes`).
AXIS_WORDS = AXIS_WORDS_LONG


def check_size(name: str, value: Any) -> float:
    """``value`` as a finite positive float; ValueError naming ``name`` otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(v) or v <= 0.0:
        raise ValueError(f"{name} must be finite and positive, got {value!r}")
    return v


def check_box(diameter: Any, height: Any, length: Any, width: Any,
              height_limit: Any) -> tuple[float, float, float, float, float]:
    """The drum and box sizes of the box API, validated (ValueError naming the argument),
    within the supported range (:func:`check_scale`)."""
    out = (check_size("diameter", diameter), check_size("height", height),
           check_size("length", length), check_size("width", width),
           check_size("height_limit", height_limit))
    check_scale(*out)
    return out


def check_scale(d: float, h: float, L: float, W: float, H: float) -> None:
    """Refuse a drum of which more than MAX_DRUMS_PER_CONTAINER fit the box by volume:
    the work and memory of a layout grow with that number."""
    from loadplan.containers import MAX_DRUMS_PER_CONTAINER, drums_by_volume

    n = drums_by_volume(d, h, L, W, H)
    if n > MAX_DRUMS_PER_CONTAINER:
        count = f"{n:,.0f}" if n < 1e15 else "more than 1e15"
        raise ValueError(f"diameter {d:g} x height {h:g} mm is too small for a {L:g} x {W:g} x {H:g} mm "
                         f"box: up to {count} would fit by volume; the supported limit is "
                         f"{MAX_DRUMS_PER_CONTAINER:,} drums of one type per container")


def parse_axes(value: Any) -> str:
    """Allowed axes as a string in :data:`AXES` order (``"zxy"``, ``["x", "y"]``, ``"z,x"``),
    parsed by :func:`loadplan.axes.parse_axes`; ValueError naming ``axes``."""
    return "".join(parse_axis_value(value, "axes", empty_means_all=False))


def parse_layers(value: Any) -> int:
    """``max_layers`` as an int, 0 for None (no limit)."""
    from loadplan.model import MAX_LAYERS

    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"max_layers must be None or an integer >= 1, got {value!r}")
    if value > MAX_LAYERS:
        raise ValueError(f"max_layers must be at most {MAX_LAYERS:,}, got {value!r}")
    return int(value)


def parse_count(value: Any) -> int | None:
    """``max_count`` as an int, or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"max_count must be None or an integer >= 0, got {value!r}")
    return int(value)


def fits_box(axis: str, diameter: float, height: float, length: float, width: float,
             height_limit: float) -> bool:
    """Whether one drum with ``axis`` fits the box ``length x width x height_limit`` (1e-6 mm)."""
    d, h, L, W, H, t = diameter, height, length, width, height_limit, TOL
    if axis == "z":
        return d <= L + t and d <= W + t and h <= H + t
    if axis == "x":
        return h <= L + t and d <= W + t and d <= H + t
    return d <= L + t and h <= W + t and d <= H + t


def passes_door(axis: str, diameter: float, height: float, door_width: float,
                door_height: float) -> bool:
    """Whether one drum with ``axis`` passes a door opening, moving along x (1e-6 mm)."""
    d, h, t = diameter, height, TOL
    if axis == "z":
        return d <= door_width + t and h <= door_height + t
    if axis == "x":
        return d <= door_width + t and d <= door_height + t
    return h <= door_width + t and d <= door_height + t
