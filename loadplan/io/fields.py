"""Parsers of one order field (shared by CSV and JSON); each raises :class:`FieldError`
naming the field, and :class:`Collector` gathers the bad rows into an :class:`OrderError`."""

from __future__ import annotations

import math
import re
from typing import Any

from loadplan.axes import parse_axes, short_repr
from loadplan.io.errors import FieldError, OrderError
from loadplan.io.jsontext import LongNumber
from loadplan.model.limits import MAX_NAME_LENGTH, MAX_QUANTITY, MAX_REPORTED_ROWS
from loadplan.model.validation import normalise_name

__all__ = [
    "parse_name",
    "number_text",
    "parse_number",
    "parse_limit",
    "json_limit",
    "parse_whole",
    "axes_field",
    "json_number",
    "json_whole",
    "Collector",
]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NONFINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_MAX_DIGITS = 18  # longer whole numbers are over every limit (and int() may refuse them)


def parse_name(value: Any, field: str, *, required: bool) -> str | None:
    """A sku or destination (stripped, NFC); None for an empty optional one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise FieldError(f"{field} is missing")
        return None
    if not isinstance(value, str):
        raise FieldError(f"{field} must be text (got {short_repr(value)})")
    text = value.strip()
    if len(text) > MAX_NAME_LENGTH:
        raise FieldError(f"{field} is longer than {MAX_NAME_LENGTH} characters ({len(text)})")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise FieldError(f"{field} contains control characters (got {short_repr(text)})")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise FieldError(f"{field} is not valid Unicode (a lone surrogate; got {short_repr(text)})")
    try:
        return normalise_name(text, field)
    except ValueError as exc:
        raise FieldError(str(exc)) from None


def number_text(text: str, field: str, decimal_comma: bool) -> float:
    """A number written as text (a decimal comma allowed with ``decimal_comma``)."""
    raw = text.strip()
    if not raw:
        raise FieldError(f"{field} is missing")
    candidate = raw
    if decimal_comma and "," in raw and "." not in raw and raw.count(",") == 1:
        candidate = raw.replace(",", ".")
    if _NONFINITE.fullmatch(candidate):
        raise FieldError(f"{field} must be a finite number (got {short_repr(raw)})")
    if not _NUMBER.fullmatch(candidate):
        raise FieldError(f"{field} must be a number (got {short_repr(raw)})")
    return float(candidate)


def parse_number(value: Any, field: str, *, positive: bool, decimal_comma: bool = False,
                 default: float | None = None) -> float:
    """A number > 0 (``positive``) or >= 0, from text or JSON; ``default`` for an empty cell."""
    if isinstance(value, str):
        if not value.strip() and default is not None:
            return default
        number = number_text(value, field, decimal_comma)
    elif value is None:
        if default is not None:
            return default
        raise FieldError(f"{field} is missing")
    elif isinstance(value, LongNumber):
        raise FieldError(f"{field} is too large (got {short_repr(value)})")
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldError(f"{field} must be a number (got {short_repr(value)})")
    else:
        try:
            number = float(value)
        except OverflowError:
            raise FieldError(f"{field} is too large (got {short_repr(value)})") from None
    if not math.isfinite(number):
        raise FieldError(f"{field} must be a finite number (got {short_repr(value)})")
    if positive and number <= 0:
        raise FieldError(f"{field} must be positive (got {short_repr(value)})")
    if not positive and number < 0:
        raise FieldError(f"{field} must not be negative (got {short_repr(value)})")
    return number


def parse_limit(value: Any, field: str, *, decimal_comma: bool = False) -> float | None:
    """An optional limit >= 0 (kg): empty or None means no limit."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_number(value, field, positive=False, decimal_comma=decimal_comma)


def json_limit(value: Any, field: str) -> float | None:
    """An optional JSON limit >= 0 (not a string): :func:`parse_limit`."""
    if isinstance(value, str):
        raise FieldError(f"{field} must be a JSON number or null, not a string (got {short_repr(value)})")
    return parse_limit(value, field)


def parse_whole(value: Any, field: str, *, low: int, high: int, decimal_comma: bool = False,
                required: bool = True) -> int | None:
    """A whole number from ``low`` to ``high``, from text (digits only) or JSON."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise FieldError(f"{field} is missing")
        return None
    if isinstance(value, str):
        raw = value.strip()
        point = "," if decimal_comma else "."
        whole = re.fullmatch(r"\+?(\d+)(?:" + re.escape(point) + r"0*)?", raw)
        if whole:
            digits = whole.group(1).lstrip("0") or "0"
            if len(digits) > _MAX_DIGITS:  # int() refuses > 4300 digits; nothing valid is this long
                raise FieldError(f"{field} must be at most {high:,} (got {short_repr(raw)})")
            number = int(digits)
        else:
            try:
                parsed = number_text(raw, field, decimal_comma)
            except FieldError:
                raise FieldError(f"{field} must be a whole number (got {short_repr(raw)})") from None
            if parsed.is_integer() and parsed < low:
                raise FieldError(f"{field} must be at least {low} (got {short_repr(raw)})")
            if parsed.is_integer():
                raise FieldError(f"{field} must be a whole number written with digits only, "
                                  f"no separators or exponent (got {short_repr(raw)})")
            raise FieldError(f"{field} must be a whole number (got {short_repr(raw)})")
    elif isinstance(value, LongNumber):
        raise FieldError(f"{field} must be at most {high:,} (got {short_repr(value)})")
    elif isinstance(value, bool):
        raise FieldError(f"{field} must be a whole number (got {short_repr(value)})")
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise FieldError(f"{field} must be a whole number (got {short_repr(value)})")
        number = int(value)
    else:
        raise FieldError(f"{field} must be a whole number (got {short_repr(value)})")
    if number < low:
        raise FieldError(f"{field} must be at least {low} (got {short_repr(value)})")
    if number > high:
        raise FieldError(f"{field} must be at most {high:,} (got {short_repr(value)})")
    return number


def axes_field(value: Any, field: str) -> tuple[str, ...] | None:
    """Allowed axes (:func:`loadplan.axes.parse_axes`); empty means all (None)."""
    try:
        return parse_axes(value, field)
    except ValueError as exc:
        raise FieldError(str(exc)) from None


def json_number(value: Any, field: str, *, positive: bool, default: float | None = None) -> float:
    """A JSON number (not a string): :func:`parse_number`."""
    if isinstance(value, str):
        raise FieldError(f"{field} must be a JSON number, not a string (got {short_repr(value)})")
    return parse_number(value, field, positive=positive, default=default)


def json_whole(value: Any, field: str, *, required: bool, high: int = MAX_QUANTITY) -> int | None:
    """A JSON whole number (not a string): :func:`parse_whole`."""
    if isinstance(value, str):
        raise FieldError(f"{field} must be a JSON number, not a string (got {short_repr(value)})")
    return parse_whole(value, field, low=1, high=high, required=required)


class Collector:
    """Collects one message per bad row; at most MAX_REPORTED_ROWS are kept."""

    def __init__(self, name: str):
        self.name = name
        self.lines: list[str] = []
        self.count = 0

    def add(self, where: str, messages: list[str]) -> None:
        self.count += 1
        if len(self.lines) < MAX_REPORTED_ROWS:
            self.lines.append(f"{self.name}: {where}: " + "; ".join(messages))

    def _row(self, line: str) -> int:
        found = re.search(r"\d+", line[len(self.name) + 2:])
        return int(found.group()) if found else 0

    def raise_if_any(self) -> None:
        if self.count:
            lines = sorted(self.lines, key=self._row)  # rows found bad later (sizes) in row order
            if self.count > len(lines):
                lines.append(f"{self.name}: ... and {self.count - len(lines)} more bad rows")
            raise OrderError(lines)
