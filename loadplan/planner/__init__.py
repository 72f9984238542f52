"""Plan a whole order: destinations, the container mix, zones, multi-drop, loading order.

:func:`plan` is the entry point; :func:`cheapest_mix` is the exact integer
optimiser behind the choice of containers for one drum type.

Method
------
1. **Split by destination.** Each destination gets its own containers, unless
   ``multi_drop=True``, when the whole order is one sequence of stops.
2. **What fits where.** A drum type can go in a container type when one of
   its allowed axes fits the box and passes the door, and one drum is within
   the payload (a cheap test; ``fill`` confirms it when it is asked for a
   count). Capacities are ``fill(drum, container).count``, cached per drum
   size and container. A drum type that fits no allowed container is
   reported in :attr:`LoadPlan.unplaced` with the reason.
3. **One drum type (per destination): provably cheapest.** The container
   counts solve the integer covering problem
   ``min sum_t n_t c_t  s.t.  sum_t n_t cap_t >= quantity`` exactly
   (:func:`cheapest_mix`), ties broken by fewer containers, then less
   container volume. Full containers take :func:`loadplan.filling.fill`'s
   layout; the one partial container (which may be a smaller type) takes a
   ``layout_block`` layout without drums lying across, which can be moved
   toward the middle for the centre of gravity, or else the first drums of
   ``fill``'s layout in loading order (every prefix is sound).
4. **Several drum types: greedy zone packing.** Drum types, largest first,
   are laid out one after another along the length, each in a zone
   ``[x0, x0 + l] x W x H`` packed by :func:`loadplan.filling.layout_block`;
   a zone that does not fit the room left is split and continues in the next
   container, and whole containers of one type use ``fill``. Each zone's
   headspace is filled by ``layout_block`` with drums of its own type (lying
   on the flat tops); zones do not use drums lying across (axis y), which
   ``layout_block`` may lean on the box's front end; a type that can only lie
   across gets zones from :func:`loadplan.filling.layout_across`, which lean
   on nothing. This is run with each container
   type as the main type (types whose optimistic estimate, with the last
   container in the cheapest smaller type, cannot beat the best plan so far
   are skipped); the last container's content is then
   re-planned in the smaller or cheaper types (a partial last container may be
   smaller), and the best result wins (cost, then containers, then volume).
   **Short lines share shelves.** A line of at most a tenth of a container's
   capacity bound whose whole rest would fill less than 75 % of its own
   full-width zone (a few drums in a whole cross-section)
   waits until the other lines of its destination (stop) have their zones;
   then the waiting lines go to *shelves*: a shelf is as long as the first
   waiting line's full-width zone, and its width is cut into bands
   ``[x0, x0 + l] x [y0, y0 + w] x H``, side by side across y, each holding one
   line (the narrowest band that takes the line's rest, or, to use the width
   left, part of a line that continues in the next shelf). A band is laid out
   like a zone and leans lying drums only on real container walls (a band
   side between two bands is no wall). A shelf is moved along x as one zone
   and is used only when it holds at least as many drums as the first line's
   zone alone. Each main type is also run without shelves whenever a line
   waited for one, and the better plan is kept.
   This is a heuristic without an optimality guarantee. What holds: every
   plan conserves the drums and keeps the safety rules, and the tests compare
   the container count with the fractional estimate ``sum quantity /
   capacity`` (``mixed_lower_bound``; a yardstick, not a proven bound, since
   mixing sizes can beat it): on their random orders it is never more than
   one container above its ceiling.
   **Mixed orders** also get the recipe planner (:mod:`loadplan.planner.mixed`; kept
   only when strictly better), and, for one destination, whole containers of one
   line first (:mod:`loadplan.planner.fullfirst`: ``fill``'s layout of a line of more
   than a container's worth, then the best plan of the rest; kept only when strictly
   better).
5. **Multi-drop.** Stops are unloaded in the order given, so the zones run in
   reverse stop order from the nose: the first stop's drums are nearest the
   doors, and every zone (and every shelf, which holds one stop's lines) is a
   full-height slab, so no drum has a drum of a later stop between it and the
   doors or on top of it.
6. **Weight distribution** (:mod:`loadplan.cog`): in each container the zones
   are ordered (within a stop, for multi-drop) to keep the longitudinal centre
   of gravity within ±5 % of the length of the middle (CTU Code, Annex 7,
   3.1.4); if no order does, the stow is moved away from the front wall as
   far as needed and the gap is noted for blocking; what remains off is
   reported in the container's ``notes``.
7. **Loading order.** ``step`` numbers the drums zone by zone from the nose,
   each zone in its own layout's order (nose to doors, bottom up); a shelf's
   bands follow one another across the width (from ``y = 0``).
8. **Upper bound.** A whole-container ``fill`` keeps fill's bound; a zoned
   container gets the sum of :func:`loadplan.filling.block_upper_bound` over its
   zones' and bands' boxes (a proven bound for that zoning, not for any mix of sizes).

Deterministic: the same input gives the same plan, byte for byte in JSON.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from loadplan.cog import CTU_TOLERANCE
from loadplan.containers import Container
from loadplan.model import ContainerBound, ContainerLoad, Drum, LoadPlan, Unplaced
from loadplan.planner.arrange import build_load
from loadplan.planner.bounds import group_lower_bound
from loadplan.planner.sizes import Line, cap_bound, why_unplaceable
from loadplan.planner.greedy import NoRoom
from loadplan.planner.mixed import best_plan
from loadplan.planner.fullfirst import full_first
from loadplan.planner.mix import cheapest_mix
from loadplan.planner.validate import (check_containers, check_costs, check_drums, check_sizes,
                                       check_stops)

__all__ = ["plan", "cheapest_mix"]


# ----------------------------------------------------------------------------
def plan(
    drums: Iterable[Drum],
    containers: Sequence[str | Container] = ("20GP", "40GP", "40HC"),
    *,
    costs: Mapping[Any, Any] | None = None,
    multi_drop: bool = False,
    stops: Sequence[str | None] | None = None,
    heavy_on_light: bool = False,
    verify: bool = True,
) -> LoadPlan:
    """Plan an order: which containers, which drums in each, where, in what order.

    Parameters
    ----------
    drums : sequence of Drum
        The order lines (a single Drum is accepted). Lines with the same
        drum (sku, size, weight, axes, layers, destination) are merged.
    containers : sequence of str or Container, default ("20GP", "40GP", "40HC")
        Container types that may be used (catalog names or Container objects).
    costs : mapping, optional
        Container name -> cost, or destination -> {container name -> cost}
        (every destination of the order needs an entry). Containers without a
        cost are not used. Without costs: fewest containers, then least total
        container volume.
    multi_drop : bool, default False
        Let several destinations share a container.
    stops : sequence of str, optional
        With ``multi_drop``: the destinations in unloading order (required
        when the order has several destinations; must cover all of them).
        The first stop's drums go nearest the doors. Given without
        ``multi_drop=True``: ValueError.
    heavy_on_light : bool, default False
        Let a heavier drum type stand on a lighter one's layer board (by
        default it never does; recorded as :attr:`LoadPlan.heavy_on_light`).
    verify : bool, default True
        Run :func:`loadplan.verify` on the plan and store the verdict in
        :attr:`LoadPlan.violations` (False: left None, for bulk runs).

    Returns
    -------
    LoadPlan
        ``cost`` is the sum of the chosen containers' costs when costs were
        given, else None. Placed plus unplaced equals ordered for every
        (sku, destination).

    Raises
    ------
    ValueError
        Naming the argument (``drums``, ``containers``, ``costs``, ``stops``)
        when it is invalid.

    Notes
    -----
    The method and what it guarantees are in the module docstring
    (:mod:`loadplan.planner`): the container mix is provably cheapest for one
    drum type per destination (exact integer optimisation over ``fill``
    capacities); mixed orders use greedy zone packing along the length, run
    with each main container type and a re-planned last container.

    Examples
    --------
    >>> import loadplan as lp
    >>> p = lp.plan([lp.Drum("D200", 585, 880, weight=220, quantity=100)])
    >>> p.placed_count, p.unplaced_count
    (100, 0)
    """
    items = check_drums(drums)
    conts = check_containers(containers)
    check_sizes(items, conts)
    multi_drop, heavy_on_light, verify = check_flags(multi_drop, heavy_on_light, verify)
    labels = merge_lines(items)
    destinations = list(dict.fromkeys(line.destination for line in labels.lines))
    cost_map = check_costs(costs, conts, destinations, multi_drop)
    stop_list = stops_for(multi_drop, stops, destinations)
    from loadplan.first_run import prepare_first_run  # (apps layer: at call time)

    prepare_first_run()  # a cold compile cache: compile in two processes at once
    unplaced: list[Unplaced] = []
    placeable, feasible = placeable_lines(labels, conts, cost_map, unplaced)
    groups, stop_rank = line_groups(placeable, destinations, cost_map, stop_list)
    loads, bounds, total_cost = plan_groups(groups, conts, feasible, heavy_on_light, stop_rank,
                                            labels, unplaced)
    out = LoadPlan(tuple(loads), tuple(unplaced), total_cost if cost_map is not None else None,
                   drums=tuple(items), container_bounds=tuple(bounds),
                   heavy_on_light=heavy_on_light)
    if verify:
        from loadplan.verification import verify as check

        out = dataclasses.replace(out, violations=tuple(check(out)))
    return out


# ----------------------------------------------------------------------------
# the steps of plan()
# ----------------------------------------------------------------------------
def stops_for(multi_drop: bool, stops: Any,
              destinations: list[str | None]) -> list[str | None] | None:
    """The checked unloading order with ``multi_drop`` (None without); ValueError for
    ``stops`` given without ``multi_drop``."""
    if multi_drop:
        return check_stops(stops, destinations)
    if stops is not None:
        raise ValueError("stops is only used with multi_drop=True (got stops without it)")
    return None


def check_flags(multi_drop: Any, heavy_on_light: Any, verify: Any) -> tuple[bool, bool, bool]:
    """The three switches of :func:`plan` as bools (ValueError naming one that is not)."""
    for name, flag in (("multi_drop", multi_drop), ("heavy_on_light", heavy_on_light),
                       ("verify", verify)):
        if not isinstance(flag, (bool, np.bool_)):
            raise ValueError(f"{name} must be True or False, got {flag!r}")
    return bool(multi_drop), bool(heavy_on_light), bool(verify)


def merge_lines(items: Sequence[Drum]) -> "Labels":
    """Identical order lines merged (first-appearance order), as packing lines with labels."""
    merged: dict[Drum, int] = {}
    for d in items:
        key = packing_drum(d)
        merged[key] = merged.get(key, 0) + d.quantity
    return Labels(merged)


def placeable_lines(labels: "Labels", conts: Sequence[Container],
                    cost_map: Mapping[Any, Any] | None, unplaced: list[Unplaced]
                    ) -> tuple[list[Line], dict[int, tuple[Container, ...]]]:
    """Lines some usable container can take, with those containers; the others go to
    ``unplaced`` with the reason."""
    placeable: list[Line] = []
    feasible: dict[int, tuple[Container, ...]] = {}
    for line in labels.lines:
        if line.quantity == 0:
            continue
        dest_costs = cost_map[line.destination] if cost_map is not None else None
        usable = [c for c in conts if dest_costs is None or c.name in dest_costs]
        ok = tuple(c for c in usable if cap_bound(line, c) > 0)
        if not ok:
            unplaced.extend(labels.rest(line, why_unplaceable(line.drum, usable)))
            continue
        feasible[line.index] = ok
        placeable.append(line)
    return placeable, feasible


def line_groups(placeable: list[Line], destinations: list[str | None],
                cost_map: Mapping[Any, Any] | None, stop_list: list[str | None] | None
                ) -> tuple[list[tuple[list[Line], Any]], dict[str | None, int] | None]:
    """Groups of lines that share containers (one per destination, or one multi-drop
    sequence), each with its cost table, and the stop rank (multi-drop) or None."""
    if stop_list is not None:
        rank = {s: i for i, s in enumerate(stop_list)}
        # nested costs are refused with multi_drop: every destination has the same table
        shared_costs = next(iter(cost_map.values()), None) if cost_map is not None else None
        return [(sorted(placeable, key=lambda l: (-rank[l.destination], -_size(l), l.index)),
                 shared_costs)], rank
    groups = []
    for dest in destinations:
        mine = [l for l in placeable if l.destination == dest]
        if mine:
            groups.append((sorted(mine, key=lambda l: (-_size(l), l.index)),
                           cost_map[dest] if cost_map is not None else None))
    return groups, None


def plan_groups(groups: list[tuple[list[Line], Any]], conts: Sequence[Container],
                feasible: Mapping[int, tuple[Container, ...]], heavy_on_light: bool,
                stop_rank: Mapping[str | None, int] | None, labels: "Labels",
                unplaced: list[Unplaced]
                ) -> tuple[list[ContainerLoad], list[ContainerBound], float]:
    """The containers of every group: loads, one lower bound per group, total cost."""
    loads: list[ContainerLoad] = []
    bounds: list[ContainerBound] = []
    total_cost = 0.0
    for group, gcost in groups:
        dests = tuple(dict.fromkeys(l.destination for l in group))
        bounds.append(group_lower_bound(group, [c for c in conts if any(
            c in feasible[l.index] for l in group)], dests))
        for sub in split_by_feasibility(group, feasible):
            common = [c for c in conts if all(c in feasible[l.index] for l in sub)]
            for b in group_bins(sub, common, gcost, heavy_on_light, stop_rank, labels,
                                unplaced):
                loads.append(build_load(b, stop_rank, CTU_TOLERANCE, labels))
                if gcost is not None:
                    total_cost += gcost[b.container.name]
    return loads, bounds, total_cost


def group_bins(sub: list[Line], common: list[Container], gcost: Any, heavy_on_light: bool,
               stop_rank: Mapping[str | None, int] | None, labels: "Labels",
               unplaced: list[Unplaced]) -> list[Any]:
    """The bins of one group of lines; a line no container has room for goes to
    ``unplaced`` and the rest are planned again."""
    while sub:
        try:
            best = best_plan(sub, common, gcost, heavy_on_light, stop_rank)
            if stop_rank is None:  # one destination: whole one-line containers first?
                best = full_first(sub, common, gcost, best,
                                  lambda rest: best_plan(rest, common, gcost, heavy_on_light))
            return best
        except NoRoom as exc:
            for line in exc.lines:
                unplaced.extend(labels.rest(line, why_unplaceable(line.drum, common)))
            sub = [l for l in sub if l not in exc.lines]
    return []


class Labels:
    """Order lines of one physical type (size, weight, axes, layers, load, destination)
    packed as one line; the SKUs are handed out to its drums as they are placed.

    Parameters
    ----------
    merged : dict
        Packing drum (with its SKU) -> quantity, in first-appearance order.
    """

    def __init__(self, merged: Mapping[Drum, int]) -> None:
        groups: dict[Drum, list[list[Any]]] = {}
        for d, q in merged.items():
            groups.setdefault(dataclasses.replace(d, sku="_"), []).append([d.sku, q])
        self.lines: list[Line] = []
        self._skus: dict[int, list[list[Any]]] = {}
        for i, (key, skus) in enumerate(groups.items()):
            drum = dataclasses.replace(key, sku=skus[0][0])
            self.lines.append(Line(i, drum, sum(q for _, q in skus)))
            self._skus[i] = skus

    def take(self, line: Line, n: int) -> Any:
        """The SKUs of the line's next ``n`` placed drums (a str when only one SKU)."""
        skus = self._skus[line.index]
        if len(skus) == 1:
            skus[0][1] -= n
            return skus[0][0]
        out: list[str] = []
        for item in skus:
            k = min(item[1], n - len(out))
            out.extend([item[0]] * k)
            item[1] -= k
        return np.array(out, dtype=object)

    def rest(self, line: Line, reason: str) -> list[Unplaced]:
        """What of the line was not placed, per SKU, as Unplaced entries."""
        out = [Unplaced(sku, line.destination, q, reason)
               for sku, q in self._skus[line.index] if q > 0]
        for item in self._skus[line.index]:
            item[1] = 0
        return out


def packing_drum(drum: Drum) -> Drum:
    """The drum type as packed: quantity 0; with ``max_load``, at most
    ``1 + floor(max_load / weight)`` layers, standing only when it may stand
    (lying drums on its tops would load it unevenly)."""
    d = drum
    axes, layers = d.orientations, d.max_layers
    if d.max_load is not None and d.weight > 0:
        cap = 1 + int(math.floor(d.max_load / d.weight + 1e-9))
        layers = cap if layers is None else min(layers, cap)
        if "z" in axes:
            axes = ("z",)
    return Drum(d.sku, d.diameter, d.height, d.weight, 0, d.destination, axes, layers,
                max_load=d.max_load)


def _size(line: Line) -> float:
    """Bounding volume (up to a constant) of one drum: larger lines are zoned first."""
    return line.drum.diameter ** 2 * line.drum.height


def split_by_feasibility(group: list[Line], feasible: Mapping[int, tuple[Container, ...]]
                          ) -> list[list[Line]]:
    """Lines whose container types have a common one stay together; the rest split off."""
    if not group:
        return []
    common = set(feasible[group[0].index])
    for l in group[1:]:
        common &= set(feasible[l.index])
    if common:
        return [group]
    subs: dict[tuple[str, ...], list[Line]] = {}
    for l in group:
        subs.setdefault(tuple(c.name for c in feasible[l.index]), []).append(l)
    return list(subs.values())
