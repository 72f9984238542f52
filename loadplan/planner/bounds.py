"""A proven lower bound on the containers a destination group needs."""

from __future__ import annotations

import math
from typing import Sequence

from loadplan.containers import Container
from loadplan.model import ContainerBound
from loadplan.planner.sizes import Line, cap_bound

__all__ = ["group_lower_bound", "drum_volume", "may_hold", "cannot_beat"]


def group_lower_bound(lines: list[Line], containers: list[Container],
                      destinations: tuple[str | None, ...]) -> ContainerBound:
    """The most of three proven bounds on the number of containers for ``lines``.

    * **volume**: the drums' cylinder volume over the largest container volume;
    * **payload**: their weight over the largest payload;
    * **one SKU alone**: for each line, its quantity over the largest proven
      capacity bound of one container for that drum alone
      (:func:`loadplan.filling.block_upper_bound` over the container, within
      the payload): any container holds at most that many of it, whatever
      else it holds.

    Parameters
    ----------
    lines : list of Line
        The group's placeable lines.
    containers : list of Container
        The types the group may use.
    destinations : tuple
        The group's destinations (as recorded on the bound).

    Returns
    -------
    ContainerBound
        ``basis`` names the bound(s) reaching the value.
    """
    if not lines or not containers:
        return ContainerBound(destinations, 0, "")
    vol = sum(math.pi / 4.0 * l.drum.diameter ** 2 * l.drum.height * l.quantity for l in lines)
    wt = sum(l.drum.weight * l.quantity for l in lines)
    cands = {"volume": math.ceil(vol / max(c.volume for c in containers) - 1e-9),
             "payload": math.ceil(wt / max(c.max_payload for c in containers) - 1e-9)}
    for l in lines:
        ub = max(cap_bound(l, c) for c in containers)
        if ub > 0:
            key = f"{l.sku} alone"
            cands[key] = max(cands.get(key, 0), -(-l.quantity // ub))
    best = max(max(cands.values()), 1 if any(l.quantity for l in lines) else 0)
    basis = ", ".join(k for k, v in cands.items() if v == best and v > 0)
    return ContainerBound(destinations, int(best), basis)


def drum_volume(lines: list[Line], need: Sequence[int]) -> float:
    """Cylinder volume (mm^3) of ``need[i]`` drums of each line."""
    return sum(math.pi / 4.0 * l.drum.diameter ** 2 * l.drum.height * int(q)
               for l, q in zip(lines, need))


def may_hold(volume: float, container: Container, n: int = 1) -> bool:
    """Whether ``n`` containers could hold drums of cylinder ``volume`` at all (False is a
    proof that they cannot: drums do not overlap and stay inside; used to skip building
    recipe columns for a container type that cannot take the rest)."""
    return volume <= n * container.length * container.width * container.height * (1 + 1e-9)


def cannot_beat(cost: float, count: int, volume: float, stop_at: Sequence | None) -> bool:
    """Whether a plan of at least this objective (cost, containers, volume) is no better
    than ``stop_at`` (None: nothing to beat), compared as :func:`objective` does."""
    return stop_at is not None and (round(cost, 9), count, volume) >= tuple(stop_at)
