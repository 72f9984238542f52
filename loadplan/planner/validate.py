"""Argument checks of :func:`loadplan.plan`: each error names the argument."""

from __future__ import annotations

import math
import numbers
from typing import Any, Mapping

import numpy as np

from loadplan.containers import Container, get_container, scale_problem
from loadplan.model import Drum

__all__ = ["check_drums", "check_one_type_per_sku", "check_sizes", "check_containers", "check_costs",
           "check_stops", "TYPE_FIELDS"]


# ----------------------------------------------------------------------------
# input validation
# ----------------------------------------------------------------------------
def check_drums(drums: Any) -> list[Drum]:
    """``drums`` as a list of Drum (a single Drum is accepted); ValueError naming the item."""
    if isinstance(drums, Drum):
        return [drums]
    if drums is None or isinstance(drums, (str, bytes, Mapping)):
        raise ValueError(f"drums must be a sequence of Drum, got {type(drums).__name__}")
    try:
        items = list(drums)
    except TypeError:
        raise ValueError(f"drums must be a sequence of Drum, got {type(drums).__name__}") from None
    for i, d in enumerate(items):
        if not isinstance(d, Drum):
            raise ValueError(f"drums[{i}] must be a Drum, got {type(d).__name__}")
    check_one_type_per_sku(items)
    return items


#: The fields that make a drum type: one SKU must keep them on every line.
TYPE_FIELDS = ("diameter", "height", "weight", "orientations", "max_layers", "max_load")


def check_one_type_per_sku(drums: list[Drum]) -> None:
    """One SKU names one drum type: ValueError naming the lines and the field that differ.

    Lines of one SKU may differ in quantity and destination only (as
    :func:`loadplan.io.read_order` requires of a file): the plan, the report
    and the verifier know a drum type by its SKU.
    """
    first: dict[str, int] = {}
    for i, d in enumerate(drums):
        j = first.setdefault(d.sku, i)
        diffs = [k for k in TYPE_FIELDS if getattr(drums[j], k) != getattr(d, k)]
        if diffs:
            raise ValueError(f"drums[{i}]: sku {d.sku!r} has a different {diffs[0]} than drums[{j}] "
                             f"({getattr(d, diffs[0])!r} vs {getattr(drums[j], diffs[0])!r}); "
                             "one sku is one drum type")


def check_sizes(drums: list[Drum], containers: list[Container]) -> None:
    """Every drum size within the engine's supported range for the largest allowed container.

    Raises ValueError naming the drum (``drums[i]``, its sku) and the limit
    (:func:`loadplan.containers.scale_problem`), as ``read_order`` names the row.
    """
    if not containers:
        return
    largest = max(containers, key=lambda c: c.volume)
    for i, d in enumerate(drums):
        problem = scale_problem(d.diameter, d.height, largest)
        if problem is not None:
            raise ValueError(f"drums[{i}] (sku {d.sku!r}): {problem}")


def check_containers(containers: Any) -> list[Container]:
    """Container types, catalog names resolved, repeats dropped; ValueError naming the item."""
    if isinstance(containers, (str, Container)):
        containers = [containers]
    if containers is None or isinstance(containers, (bytes, Mapping)):
        raise ValueError("containers must be a sequence of container names or Container objects")
    try:
        items = list(containers)
    except TypeError:
        raise ValueError(
            "containers must be a sequence of container names or Container objects"
        ) from None
    if not items:
        raise ValueError("containers must not be empty")
    out: list[Container] = []
    seen: dict[str, Container] = {}
    for i, c in enumerate(items):
        try:
            cont = get_container(c)
        except ValueError as exc:
            raise ValueError(f"containers[{i}]: {exc}") from None
        prev = seen.get(cont.name)
        if prev is not None:
            if prev != cont:
                raise ValueError(f"containers[{i}]: two different containers named {cont.name!r}")
            continue
        seen[cont.name] = cont
        out.append(cont)
    return out


def _cost_value(value: Any, where: str) -> float:
    """One cost: a finite number ``>= 0`` (``where`` names it in the error)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"costs{where} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v < 0:
        raise ValueError(f"costs{where} must be finite and >= 0, got {value!r}")
    return v


def _cost_table(table: Any, names: set[str], known: set[str], where: str) -> dict[str, float]:
    """Costs of the listed containers; catalog names not in the list are ignored."""
    if not isinstance(table, Mapping):
        raise ValueError(f"costs{where} must map container names to numbers")
    out: dict[str, float] = {}
    for key, value in table.items():
        if not isinstance(key, str) or key not in known:
            raise ValueError(
                f"costs{where} names {key!r}, which is not a container "
                f"(containers: {', '.join(sorted(names))})"
            )
        v = _cost_value(value, f"{where}[{key!r}]")
        if key in names:
            out[key] = v
    return out


def check_costs(
    costs: Any, containers: list[Container], destinations: list[str | None], multi_drop: bool
) -> dict[str | None, dict[str, float]] | None:
    """Normalise to destination -> {container name -> cost}, or None.

    Flat entries (container -> cost) apply to every destination; nested ones
    (destination -> {container -> cost}) add to or override them for that
    destination.
    """
    if costs is None:
        return None
    if not isinstance(costs, Mapping):
        raise ValueError(f"costs must be a mapping, got {type(costs).__name__}")
    if not costs:
        raise ValueError("costs must not be empty")
    from loadplan.containers import CONTAINERS

    names = {c.name for c in containers}
    known = names | set(CONTAINERS)
    flat = {k: v for k, v in costs.items() if not isinstance(v, Mapping)}
    nested = {k: v for k, v in costs.items() if isinstance(v, Mapping)}
    if nested and multi_drop:
        raise ValueError(
            "costs per destination cannot be used with multi_drop=True "
            "(containers are shared); give costs per container"
        )
    default = _cost_table(flat, names, known, "")
    out: dict[str | None, dict[str, float]] = {}
    for dest in destinations:
        table = dict(default)
        if dest in nested:
            table.update(_cost_table(nested[dest], names, known, f"[{dest!r}]"))
        elif not flat:
            raise ValueError(f"costs has no entry for destination {dest!r}")
        if not table:
            where = "" if dest not in nested else f"[{dest!r}]"
            raise ValueError(f"costs{where} gives none of the containers "
                             f"({', '.join(sorted(names))}) a cost")
        out[dest] = table
    return out


def check_stops(stops: Any, destinations: list[str | None]) -> list[str | None]:
    """The order's destinations in unloading order (stops without drums dropped)."""
    if stops is None:
        if len(destinations) > 1:
            raise ValueError(
                "stops is required with multi_drop=True when the order has several destinations"
            )
        return list(destinations)
    if isinstance(stops, (str, bytes, Mapping)):
        raise ValueError("stops must be a sequence of destination names, in unloading order")
    try:
        items = list(stops)
    except TypeError:
        raise ValueError("stops must be a sequence of destination names, in unloading order") from None
    for i, s in enumerate(items):
        if s is not None and not isinstance(s, str):
            raise ValueError(f"stops[{i}] must be a destination name, got {s!r}")
    if len(set(items)) != len(items):
        raise ValueError("stops must not repeat a destination")
    missing = [d for d in destinations if d not in items]
    if missing:
        raise ValueError(f"stops does not cover the destination(s) {', '.join(map(repr, missing))}")
    return [s for s in items if s in destinations]


# ----------------------------------------------------------------------------
# what fits where (cached)
