"""Strict JSON text for orders, costs and plans: duplicate keys and huge integers refused."""

from __future__ import annotations

import json
from typing import Any

from loadplan.io.errors import OrderError
from loadplan.model.plan_json import unique_keys

__all__ = ["LongNumber", "parse_json"]


class LongNumber:
    """A JSON integer literal too long to convert (Python refuses > 4,300 digits)."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"a number of {self.digits:,} digits"


def _parse_int(text: str) -> Any:
    digits = len(text.lstrip("-"))
    return LongNumber(digits) if digits > 4000 else int(text)


def parse_json(text: str, name: str) -> Any:
    """Parse JSON text strictly: duplicate keys in an object are an error.

    Raises
    ------
    OrderError
        Naming ``name`` and where the JSON is wrong (line and column, the
        duplicate key, too deeply nested, an integer with too many digits).
    """
    try:
        return json.loads(text, object_pairs_hook=unique_keys, parse_int=_parse_int)
    except OrderError as exc:
        raise OrderError(f"{name}: invalid JSON: {exc}") from None
    except json.JSONDecodeError as exc:
        raise OrderError(f"{name}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise OrderError(f"{name}: invalid JSON: nested too deeply") from None
    except ValueError as exc:  # a duplicate key (unique_keys), an integer of too many digits
        raise OrderError(f"{name}: invalid JSON: {exc}") from None
