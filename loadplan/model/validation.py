"""Checks of single values for the model's constructors: each error names the field.

``owner`` and ``name`` make the field's name in messages (``Drum.diameter``).
"""

from __future__ import annotations

import math
import numbers
import unicodedata
from typing import Any

import numpy as np

from loadplan.axes import short_repr
from loadplan.model.limits import (
    MAX_NAME_LENGTH,
    MAX_SIZE_MM,
    MAX_WEIGHT_KG,
    MIN_SIZE_MM,
    MIN_WEIGHT_KG,
)

__all__ = [
    "check_real",
    "unwritable",
    "check_positive",
    "check_non_negative",
    "check_size",
    "check_weight",
    "check_integer",
    "normalise_name",
    "check_name",
    "check_text",
]


def check_real(owner: str, name: str, value: Any) -> float:
    """A real number (not a bool) as float; ValueError naming ``owner.name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{owner}.{name} must be a number, got {value!r}")
    try:
        return float(value)
    except OverflowError:  # an int too large for a float
        raise ValueError(f"{owner}.{name} is too large, got {short_repr(value)}") from None


def unwritable(text: str) -> bool:
    """NUL characters (NumPy drops trailing ones) or lone surrogates (not UTF-8)."""
    return any(c == "\x00" or 0xD800 <= ord(c) <= 0xDFFF for c in text)


def check_positive(owner: str, name: str, value: Any) -> float:
    """A finite number > 0."""
    v = check_real(owner, name, value)
    if not math.isfinite(v) or v <= 0:
        raise ValueError(f"{owner}.{name} must be finite and positive, got {value!r}")
    return v


def check_non_negative(owner: str, name: str, value: Any) -> float:
    """A finite number >= 0."""
    v = check_real(owner, name, value)
    if not math.isfinite(v) or v < 0:
        raise ValueError(f"{owner}.{name} must be finite and >= 0, got {value!r}")
    return v


def check_size(owner: str, name: str, value: Any) -> float:
    """A drum size in mm, from :data:`MIN_SIZE_MM` to :data:`MAX_SIZE_MM`."""
    v = check_positive(owner, name, value)
    if not MIN_SIZE_MM <= v <= MAX_SIZE_MM:
        raise ValueError(f"{owner}.{name} must be between {MIN_SIZE_MM:g} and {MAX_SIZE_MM:,.0f} mm, "
                         f"got {value!r}")
    return v


def check_weight(owner: str, name: str, value: Any) -> float:
    """A drum weight in kg: 0, or from :data:`MIN_WEIGHT_KG` to :data:`MAX_WEIGHT_KG`."""
    v = check_non_negative(owner, name, value)
    if v > MAX_WEIGHT_KG or 0 < v < MIN_WEIGHT_KG:
        raise ValueError(f"{owner}.{name} must be 0 or between {MIN_WEIGHT_KG:g} and "
                         f"{MAX_WEIGHT_KG:,.0f} kg, got {value!r}")
    return v


def check_integer(owner: str, name: str, value: Any, lo: int, hi: int | None = None) -> int:
    """An integer (not a bool) from ``lo`` to ``hi`` (no upper limit when None)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{owner}.{name} must be an integer, got {value!r}")
    v = int(value)
    if v < lo or (hi is not None and v > hi):
        bound = f">= {lo}" if hi is None else f"between {lo} and {hi:_}"
        raise ValueError(f"{owner}.{name} must be {bound}, got {v}")
    return v


def normalise_name(value: str, field: str = "name") -> str:
    """A name (sku, destination) as stored: Unicode NFC, no invisible characters.

    Composed and decomposed spellings (``"Zu\u0308rich"``, ``"Zürich"``)
    become the same text, so they are one SKU or destination. Format
    characters (Unicode category Cf: zero-width spaces and joiners, bidi
    overrides such as U+202E, soft hyphens, byte order marks) and control
    characters would make two names that look the same differ, or make a
    name display as another; they are refused.

    Raises
    ------
    ValueError
        Naming ``field``, the character and its position.

    Examples
    --------
    >>> normalise_name("Zu\u0308rich") == "Z\u00fcrich"
    True
    >>> normalise_name("A\u200b", "sku")
    Traceback (most recent call last):
    ...
    ValueError: sku contains an invisible character U+200B (ZERO WIDTH SPACE) at position 2
    """
    text = unicodedata.normalize("NFC", value)
    for i, c in enumerate(text, start=1):
        category = unicodedata.category(c)
        if category in ("Cf", "Cc"):
            label = unicodedata.name(c, "control character")
            kind = "an invisible" if category == "Cf" else "a control"
            raise ValueError(f"{field} contains {kind} character U+{ord(c):04X} ({label}) "
                             f"at position {i}")
    return text


def check_name(owner: str, name: str, value: Any, *, optional: bool) -> str | None:
    """A sku or destination: non-empty, at most :data:`MAX_NAME_LENGTH` characters,
    normalised by :func:`normalise_name`; None allowed when ``optional``."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        what = "None or a non-empty string" if optional else "a non-empty string"
        raise ValueError(f"{owner}.{name} must be {what}, got {value!r}")
    if not unwritable(value):
        value = normalise_name(value, f"{owner}.{name}")
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError(
            f"{owner}.{name} must be at most {MAX_NAME_LENGTH} characters, got {len(value)}"
        )
    if unwritable(value):
        # NumPy drops trailing NULs from placement strings, and a lone surrogate cannot be
        # written as UTF-8: either would break the plan's exact JSON round trip later
        raise ValueError(f"{owner}.{name} must be valid Unicode text without NUL characters "
                         f"or lone surrogates, got {value!r}")
    return value


def check_text(owner: str, name: str, value: Any) -> str:
    """Free text (a reason, a note): any string that can be written as UTF-8."""
    if not isinstance(value, str):
        raise ValueError(f"{owner}.{name} must hold strings, got {short_repr(value)}")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise ValueError(f"{owner}.{name} must be valid Unicode (no lone surrogates), got {short_repr(value)}")
    return value

