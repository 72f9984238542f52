"""Container costs from JSON, for :func:`loadplan.plan`'s ``costs``."""

from __future__ import annotations

from typing import Any

from loadplan.axes import short_repr
from loadplan.containers import CONTAINERS
from loadplan.io.errors import FieldError, OrderError
from loadplan.io.fields import json_number
from loadplan.io.files import Source, decode_text, load_source
from loadplan.io.jsontext import parse_json
from loadplan.model.limits import MAX_COST

__all__ = ["read_costs"]


def read_costs(source: Source) -> dict[str, Any]:
    """Read container costs from JSON, for :func:`loadplan.plan`'s ``costs``.

    Either ``{"20GP": 1800, "40HC": 2900}`` (container name -> cost) or
    ``{"Shenzhen": {"40HC": 2900}, "Shanghai": {...}}`` (destination ->
    container name -> cost); the two may be mixed. Costs are finite numbers
    >= 0; container names must be in the catalog.

    Raises
    ------
    OrderError
        Missing file, invalid JSON, unknown container, bad cost.

    Examples
    --------
    >>> read_costs('{"20GP": 1800, "Shenzhen": {"40HC": 2900}}')
    {'20GP': 1800.0, 'Shenzhen': {'40HC': 2900.0}}
    """
    data, name, _ = load_source(source)
    if name == "order":
        name = "costs"
    text = decode_text(data, name)
    if not text.strip():
        raise OrderError(f"{name}: empty costs file")
    doc = parse_json(text, name)
    if not isinstance(doc, dict) or not doc:
        raise OrderError(f"{name}: costs must be a non-empty JSON object mapping container name to cost")

    def cost(value: Any, where: str) -> float:
        try:
            number = json_number(value, f"cost of {where}", positive=False)
        except FieldError as exc:
            raise OrderError(f"{name}: {exc}") from None
        if number > MAX_COST:
            raise OrderError(f"{name}: cost of {where} must be at most {MAX_COST:,.0f} "
                             f"(got {short_repr(value)})")
        return number

    def container(key: str) -> str:
        if key not in CONTAINERS:
            raise OrderError(f"{name}: unknown container {key!r} (known: {', '.join(CONTAINERS)})")
        return key

    out: dict[str, Any] = {}
    for key, value in doc.items():
        if isinstance(value, dict):
            if not value:
                raise OrderError(f"{name}: destination {key!r} has no container costs")
            out[key] = {container(k): cost(v, f"{k} for {key}") for k, v in value.items()}
        else:
            out[container(key)] = cost(value, key)
    return out
