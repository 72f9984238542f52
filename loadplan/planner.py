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
   capacity`` (``_mixed_lower_bound``; a yardstick, not a proven bound, since
   mixing sizes can beat it): on their random orders it is never more than
   one container above its ceiling.
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

import functools
import itertools
import math
import numbers
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from loadplan.cog import CTU_TOLERANCE, mass_weights
from loadplan.containers import Container, get_container
from loadplan.model import PLACEMENT_DTYPE, ContainerLoad, Drum, LoadPlan, Unplaced, make_placements

__all__ = ["plan", "cheapest_mix"]

_TOL = 1e-6


# ----------------------------------------------------------------------------
# exact container mix for one drum type
# ----------------------------------------------------------------------------
def cheapest_mix(
    quantity: int,
    capacities: Sequence[int],
    costs: Sequence[float],
    volumes: Sequence[float],
) -> tuple[int, ...]:
    """Container counts that carry ``quantity`` drums at least cost, exactly.

    Solves ``min sum_t n_t costs[t]`` subject to
    ``sum_t n_t capacities[t] >= quantity``, ``n_t >= 0`` integer; ties are
    broken by fewer containers ``sum_t n_t``, then less volume
    ``sum_t n_t volumes[t]`` (exact); among vectors equal on all three, the
    lexicographically smallest one the search meets is returned (deterministic,
    but not necessarily the smallest of all such vectors).

    Method and proof of exactness. Let ``b`` be the type with the least cost
    per drum ``c_t / cap_t`` (ties: larger capacity, then smaller volume).
    (i) In any optimum ``n_t cap_t < quantity + cap_t``, else one container of
    type ``t`` could be dropped (cost no higher, one container fewer).
    (ii) Some optimum uses fewer than ``cap_b`` containers of types other than
    ``b``: among any ``cap_b`` of them, prefix sums of capacities modulo
    ``cap_b`` repeat, so a non-empty subset ``S`` has capacity ``k cap_b``;
    replacing ``S`` by ``k`` containers of type ``b`` keeps the capacity,
    costs ``k c_b <= cost(S)`` (``b`` has the best ratio), and on equal cost
    every member of ``S`` has ``b``'s ratio and at most its capacity, so
    ``k <= |S|`` and, when ``k = |S|``, the volume does not grow.
    So enumerating all counts of the other types within (i) and (ii) and
    completing with the fewest type-``b`` containers finds an optimum. The
    search box holds ``prod_t (min(ceil(quantity / cap_t), cap_b - 1) + 1)``
    vectors over the types other than ``b``; it is evaluated in chunks, and the
    result is exact whenever that is at most 5e7 (e.g. any quantity up to
    ``Drum``'s limit of 10 million with three container types of the catalog).
    Beyond it (millions of drums with four or more types) the box is trimmed
    evenly and the result is the best in the trimmed box.

    Parameters
    ----------
    quantity : int
        Drums to carry, ``>= 0``.
    capacities : sequence of int
        Drums one container of each type holds (0: the type cannot be used).
    costs : sequence of float
        Cost of one container of each type, ``>= 0``.
    volumes : sequence of float
        Volume of each type (the last tie-break).

    Returns
    -------
    tuple of int
        ``n_t`` for each type, in the order given.

    Raises
    ------
    ValueError
        If the sequences differ in length, a value is invalid, or no type has
        a positive capacity while ``quantity > 0``.

    Examples
    --------
    >>> cheapest_mix(100, [30, 70], [1.0, 1.6], [33.0, 67.0])
    (1, 1)
    >>> cheapest_mix(100, [30, 70], [1.0, 1.0], [33.0, 67.0])
    (1, 1)
    """
    k = len(capacities)
    if len(costs) != k or len(volumes) != k:
        raise ValueError("capacities, costs and volumes must have the same length")
    q = int(quantity)
    if q < 0:
        raise ValueError(f"quantity must be >= 0, got {quantity!r}")
    caps = [int(c) for c in capacities]
    if any(c < 0 for c in caps):
        raise ValueError("capacities must be >= 0")
    cost = [float(c) for c in costs]
    if any(not math.isfinite(c) or c < 0 for c in cost):
        raise ValueError("costs must be finite and >= 0")
    vol = [float(v) for v in volumes]
    if q == 0:
        return (0,) * k
    usable = [t for t in range(k) if caps[t] > 0]
    if not usable:
        raise ValueError("no container type has a positive capacity")
    b = min(usable, key=lambda t: (Fraction(cost[t]) / caps[t], -caps[t], vol[t], t))
    others = [t for t in usable if t != b]
    budget = caps[b] - 1
    bounds = [min(-(-q // caps[t]), budget) for t in others]
    ocap = np.array([caps[t] for t in others], dtype=np.int64)
    ocost = np.array([cost[t] for t in others], dtype=np.float64)
    ovol = np.array([vol[t] for t in others], dtype=np.float64)
    m = len(others)
    best: list[Any] = [None]  # (cost, containers, volume, full vector)

    def better(a: tuple, b: tuple | None) -> bool:
        if b is None:
            return True
        tol = 1e-9 * max(1.0, abs(a[0]), abs(b[0]))
        if a[0] < b[0] - tol:
            return True
        if a[0] > b[0] + tol:
            return False
        return a[1:] < b[1:]

    def evaluate(prefix: list[int], j: int, left: int) -> None:
        # every count vector of the types others[j:] with sum <= left, after ``prefix``
        grid = np.array([prefix], dtype=np.int64).reshape(1, j)
        for bd in bounds[j:]:
            bd = min(bd, left)
            g = np.repeat(grid, bd + 1, axis=0)
            g = np.column_stack([g, np.tile(np.arange(bd + 1, dtype=np.int64), grid.shape[0])])
            grid = g[g[:, j:].sum(axis=1) <= left]
        covered = grid @ ocap
        nb = np.maximum(0, -(-(q - covered) // caps[b]))
        tot_cost = grid @ ocost + nb * cost[b]
        tot_n = grid.sum(axis=1) + nb
        tot_vol = grid @ ovol + nb * vol[b]
        low = float(tot_cost.min())
        cand = np.flatnonzero(tot_cost <= low + 1e-9 * max(1.0, abs(low)))
        full = np.zeros((cand.shape[0], k), dtype=np.int64)
        for jj, t in enumerate(others):
            full[:, t] = grid[cand, jj]
        full[:, b] = nb[cand]
        for r, i in enumerate(cand.tolist()):
            key = (float(tot_cost[i]), int(tot_n[i]), float(tot_vol[i]), tuple(full[r].tolist()))
            if better(key, best[0]):
                best[0] = key

    def search(prefix: list[int], j: int, left: int) -> None:
        size = 1
        for bd in bounds[j:]:
            size *= min(bd, left) + 1
        if size <= _CHUNK or j >= m - 1:
            evaluate(prefix, j, left)
            return
        for v in range(min(bounds[j], left) + 1):  # too many at once: one value at a time
            search(prefix + [v], j + 1, left - v)

    work = 1
    for bd in bounds:
        work *= bd + 1
    if work > _MAX_WORK:  # trim the box evenly (documented: then only the best found)
        scale = (_MAX_WORK / work) ** (1.0 / max(1, m))
        bounds = [max(1, int(bd * scale)) for bd in bounds]
    search([], 0, budget)
    return best[0][3]


_MAX_WORK = 50_000_000
"""Largest search box of :func:`cheapest_mix` (count vectors before the sum filter)."""

_CHUNK = 1_000_000
"""Count vectors evaluated at once by :func:`cheapest_mix` (bounds memory, not the result)."""


# ----------------------------------------------------------------------------
# input validation
# ----------------------------------------------------------------------------
def _check_drums(drums: Any) -> list[Drum]:
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
    return items


def _check_containers(containers: Any) -> list[Container]:
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


def _check_costs(
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


def _check_stops(stops: Any, destinations: list[str | None]) -> list[str | None]:
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
# ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Line:
    """One order line after merging identical drums: a drum type for one destination."""

    index: int
    drum: Drum
    quantity: int

    @property
    def sku(self) -> str:
        return self.drum.sku

    @property
    def destination(self) -> str | None:
        return self.drum.destination

    @property
    def size_key(self) -> tuple:
        d = self.drum
        return (d.diameter, d.height, d.weight, d.orientations, d.max_layers)


@functools.lru_cache(maxsize=4096)
def _fill_cached(diameter: float, height: float, weight: float, orientations: tuple,
                 max_layers: int | None, container: Container) -> ContainerLoad:
    from loadplan.filling import fill

    drum = Drum("_", diameter, height, weight=weight, quantity=1,
                orientations=orientations, max_layers=max_layers)
    return fill(drum, container)


def _capacity(line: _Line, container: Container) -> int:
    """How many drums of the line one ``container`` holds (``fill``'s count)."""
    return _fill_cached(*line.size_key, container).count


@functools.lru_cache(maxsize=4096)
def _cap_bound_cached(diameter: float, height: float, weight: float, orientations: tuple,
                      max_layers: int | None, container: Container,
                      payload: bool = True) -> int:
    drum = Drum("_", diameter, height, weight=weight, orientations=orientations,
                max_layers=max_layers)
    axes = _door_axes(drum, container)
    if not axes or weight > container.max_payload:
        return 0
    from loadplan.filling import block_upper_bound

    ub = int(block_upper_bound(diameter, height, container.length, container.width,
                               container.height, axes=axes, max_layers=max_layers))
    if weight > 0 and payload:
        ub = min(ub, int(math.floor(container.max_payload / weight + 1e-9)))
    return ub


def _cap_bound(line: _Line, container: Container) -> int:
    """A cheap upper bound on ``_capacity`` (0 exactly when nothing can be loaded:
    no allowed axis fits the box and passes the door, or one drum is over the payload)."""
    return _cap_bound_cached(*line.size_key, container)


@functools.lru_cache(maxsize=16384)
def _block_cached(diameter: float, height: float, length: float, width: float, height_limit: float,
                  axes: str, max_layers: int | None, max_count: int | None
                  ) -> tuple[np.ndarray, np.ndarray]:
    from loadplan.filling import layout_across, layout_block

    if axes == "y":  # no wall at the zone's ends to lean on
        centres, ax = layout_across(diameter, height, length, width, height_limit,
                                    max_layers=max_layers, max_count=max_count)
    else:
        centres, ax = layout_block(diameter, height, length, width, height_limit, axes=axes,
                                   max_layers=max_layers, max_count=max_count)
    centres = np.array(centres, dtype=np.float64).reshape(-1, 3)
    ax = np.array(ax).astype("U1").reshape(-1)
    if max_count is not None and centres.shape[0] > max_count:
        centres, ax = centres[:max_count], ax[:max_count]
    centres.flags.writeable = False
    ax.flags.writeable = False
    return centres, ax


def _block_bound(diameter: float, height: float, length: float, width: float,
                 height_limit: float, axes: str, max_layers: int | None) -> int:
    """Proven bound for one zone's box (:func:`loadplan.filling.block_upper_bound`)."""
    from loadplan.filling import block_upper_bound

    return int(block_upper_bound(diameter, height, length, width, height_limit,
                                 axes=axes, max_layers=max_layers))


def _why_unplaceable(drum: Drum, containers: list[Container]) -> str:
    """The reason, for :class:`Unplaced`, why no container can take ``drum``."""
    d, h = drum.diameter, drum.height
    names = ", ".join(c.name for c in containers)
    if all(drum.weight > c.max_payload for c in containers):
        return f"heavier ({drum.weight:g} kg) than the payload of every container ({names})"

    from loadplan.filling import _door_ok, _fits

    def box_fits(c: Container, axis: str) -> bool:
        return _fits(axis, d, h, c.length, c.width, c.height)

    def door_fits(c: Container) -> bool:
        return any(_door_ok(a, d, h, c.door_width, c.door_height) for a in "zxy")

    axes = "/".join({"z": "standing", "x": "lying along", "y": "lying across"}[a]
                    for a in drum.orientations)
    if not any(box_fits(c, a) for c in containers for a in drum.orientations):
        return (f"Ø{d:g} x {h:g} mm does not fit inside any container ({names}) "
                f"in its allowed orientations ({axes})")
    if not any(door_fits(c) for c in containers):
        return f"Ø{d:g} x {h:g} mm does not pass the door of any container ({names})"
    return (f"Ø{d:g} x {h:g} mm cannot be loaded soundly in any container ({names}) "
            f"in its allowed orientations ({axes})")


# ----------------------------------------------------------------------------
# building containers
# ----------------------------------------------------------------------------
@dataclass
class _Zone:
    line: _Line
    centres: np.ndarray  # x relative to the zone start (or absolute when fixed)
    axes: np.ndarray
    length: float
    bound: int | None
    fixed: bool = False  # a whole-container fill() layout: never moved
    notes: tuple[str, ...] = ()
    shelf: int = -1  # >= 0: a band of a shelf; bands of one shelf share x and ``length``

    @property
    def count(self) -> int:
        return self.centres.shape[0]


@dataclass
class _Bin:
    container: Container
    zones: list[_Zone] = field(default_factory=list)
    used: float = 0.0
    weight: float = 0.0

    @property
    def count(self) -> int:
        return sum(z.count for z in self.zones)


def _extent(centres: np.ndarray, axes: np.ndarray, drum: Drum) -> tuple[float, float]:
    """Smallest and largest x the drums reach."""
    half = np.where(axes == "x", drum.height, drum.diameter) / 2.0
    return float((centres[:, 0] - half).min()), float((centres[:, 0] + half).max())


def _door_axes(drum: Drum, container: Container) -> str:
    """Allowed axes in which the drum passes the door opening, moving along x."""
    from loadplan.filling import _door_ok

    c = container
    return "".join(a for a in drum.orientations
                   if _door_ok(a, drum.diameter, drum.height, c.door_width, c.door_height))


def _zone_axes(drum: Drum, container: Container) -> str:
    """Axes for a zone: the door axes without "y" when another one is left.

    Drums lying across (axis y) in :func:`loadplan.filling.layout_block` may
    lean on the box's front end; a zone's ends are other zones or empty
    space, so zones avoid them. A line that can only lie across gets zones
    from :func:`loadplan.filling.layout_across`, which needs no wall.
    """
    axes = _door_axes(drum, container)
    return axes.replace("y", "") or axes


def _zone_for(line: _Line, container: Container, room: float, max_count: int) -> _Zone | None:
    """Up to ``max_count`` drums of the line in ``room`` mm of length, as a zone (None: none fit)."""
    d = line.drum
    if room <= 0 or max_count <= 0:
        return None
    axes = _zone_axes(d, container)
    if not axes:
        return None
    centres, ax = _block_cached(d.diameter, d.height, float(room), container.width,
                                container.height, axes, d.max_layers, int(max_count))
    if centres.shape[0] == 0:
        return None
    x0, x1 = _extent(centres, ax, d)
    if x0 < -_TOL or x1 > room + 1e-6:  # pragma: no cover - layout_block broke its contract
        return None
    c = centres.copy()
    c[:, 0] -= max(0.0, x0)
    length = x1 - max(0.0, x0)
    bound = _block_bound(d.diameter, d.height, length, container.width, container.height,
                         axes, d.max_layers)
    return _Zone(line, c, ax.copy(), length, bound)


def _full_zone(line: _Line, container: Container, count: int | None = None) -> _Zone:
    """``fill``'s whole-container layout, or its first ``count`` drums in loading order."""
    load = _fill_cached(*line.size_key, container)
    p = load.placements
    if count is not None:
        p = p[:count]
    c = np.column_stack([p["x"], p["y"], p["z"]]).astype(np.float64)
    bound = load.upper_bound if count is None or count == load.count else None
    notes = tuple(n for n in load.notes if bound is not None or not n.startswith("payload limit"))
    return _Zone(line, c, np.asarray(p["axis"]).copy(), container.length, bound, fixed=True,
                 notes=notes)


@functools.lru_cache(maxsize=16384)
def _band_cached(diameter: float, height: float, length: float, width: float, height_limit: float,
                 axes: str, max_layers: int | None, walls: tuple[bool, bool]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """One drum type in the band box ``[0,length] x [0,width] x [0,height_limit]``, in loading
    order; ``walls`` says which long sides (``y = 0``, ``y = width``) are container walls
    (only those are leant on). Empty arrays if the layout leaves the box (never expected)."""
    from loadplan.filling import _build_one, _loading_order

    parts = _build_one(diameter, height, length, width, height_limit, axes,
                       int(max_layers or 0), walls, False)  # lattice floors: fast
    centres, ax, keys = parts.arrays()
    order = _loading_order(centres, keys)
    centres = np.array(centres[order], dtype=np.float64).reshape(-1, 3)
    ax = np.array(ax[order]).astype("U1").reshape(-1)
    if centres.shape[0]:
        half = np.where(ax[:, None] == np.array(["x", "y", "z"])[None, :],
                        height / 2.0, diameter / 2.0)
        lo = centres - half
        hi = centres + half
        if (lo < -_TOL).any() or (hi - np.array([length, width, height_limit]) > _TOL).any():
            centres, ax = np.zeros((0, 3)), np.zeros(0, dtype="U1")  # pragma: no cover
    centres.flags.writeable = False
    ax.flags.writeable = False
    return centres, ax


def _band_widths(d: float, avail: float) -> list[float]:
    """Band widths to try, narrowest first: rows of ``a`` drums square or staggered, and all."""
    out = {round(avail, 6)}
    a = 1
    while a * d <= avail + _TOL:
        for w in (a * d, d + (a - 1) * d * math.sqrt(3.0) / 2.0):
            if w <= avail + _TOL:
                out.add(round(min(w, avail), 6))
        a += 1
    return sorted(out)


def _band_for(line: _Line, container: Container, length: float, y0: float, avail: float,
              need: int, whole: bool) -> tuple[_Zone, float] | None:
    """The narrowest band ``[0, length] x [y0, y0 + w]`` (``w <= avail``) holding ``need``
    drums of the line; with ``whole`` False, as many as fit ``avail`` when fewer.
    Returns the band as a zone (y absolute, x from the shelf start) and its width."""
    d = line.drum
    axes = _zone_axes(d, container)
    if not axes or "y" in axes or need <= 0 or avail < d.diameter - _TOL:
        return None
    W = container.width

    def layout(w: float) -> tuple[np.ndarray, np.ndarray]:
        walls = (y0 <= _TOL, y0 + w >= W - _TOL)
        return _band_cached(d.diameter, d.height, float(length), float(w), container.height,
                            axes, d.max_layers, walls)

    widths = _band_widths(d.diameter, avail)
    # the narrowest width that holds ``need`` (bisection: counts grow with the width,
    # up to the odd exception, which costs some width but never soundness)
    lo, hi = 0, len(widths) - 1
    if layout(widths[hi])[0].shape[0] < need:
        if whole:
            return None
        lo = hi
    while lo < hi:
        mid = (lo + hi) // 2
        if layout(widths[mid])[0].shape[0] >= need:
            hi = mid
        else:
            lo = mid + 1
    w = widths[lo]
    c, ax = layout(w)
    n = min(need, c.shape[0])
    if n == 0:
        return None
    cen = np.array(c[:n])
    cen[:, 1] += y0
    bound = _block_bound(d.diameter, d.height, length, w, container.height, axes, d.max_layers)
    return _Zone(line, cen, np.array(ax[:n]), length, bound), float(w)


_SHORT_FILL = 0.75
"""A line whose whole rest fits one full-width zone goes to shelves when it would
fill less than this share of the zone's own layout (the zone would be mostly air)."""

_SHORT_SHARE = 0.1
"""Only lines of at most this share of a container's capacity bound are tested for
being short (a cheap pre-test: longer lines fill their zones)."""


def _greedy(lines: list[tuple[_Line, int]], container: Container,
            shelves: bool = True, waited: list[int] | None = None) -> list[_Bin] | None:
    """Zones in order along the length, container after container; None if a line cannot go.

    Lines, in order, get full-width zones; a line whose whole rest would sit in a
    zone that it fills to less than :data:`_SHORT_FILL` (a short line) waits instead and, after
    the other lines of its destination, goes to *shelves*: a shelf is as long as
    the full-width zone of its first line, and its width is cut into bands, each
    the narrowest that holds one line's rest (or what fits the width left), side
    by side across y, each laid out on its own with only real container walls
    leant on. A shelf is used when it holds at least as many drums as the
    first line's full-width zone, else that zone. ``shelves=False``: full-width
    zones only. ``waited``, if given, receives the indices of the lines that waited
    (none: the plan is the one of ``shelves=False``).
    """
    bins: list[_Bin] = []
    cur = _Bin(container)
    rem = [q for _, q in lines]
    W = container.width
    shelf_ids = itertools.count()
    line_pos = {line.index: k for k, (line, _) in enumerate(lines)}

    def close() -> None:
        nonlocal cur
        if cur.zones:
            bins.append(cur)
        cur = _Bin(container)

    def add(z: _Zone, i: int, advance: bool = True) -> None:
        cur.zones.append(z)
        if advance:
            cur.used = container.length if z.fixed else cur.used + z.length
        n = z.centres.shape[0]
        cur.weight += lines[i][0].drum.weight * n
        rem[i] -= n

    def allowance(i: int, spent: float = 0.0) -> int:
        d = lines[i][0].drum
        if d.weight > 0:
            return min(rem[i], int(math.floor(
                (container.max_payload - cur.weight - spent) / d.weight + 1e-9)))
        return rem[i]

    def step(i: int, short: list[int] | None) -> bool | None:
        """One zone (or whole container) for line i; False: the line waits for a shelf."""
        line = lines[i][0]
        q = rem[i]
        if not cur.zones and q >= _cap_bound(line, container):
            # at least a container's worth: fill's layout, whole
            if _capacity(line, container) == 0:
                return None
            add(_full_zone(line, container), i)
            close()
            return True
        room = container.length - cur.used
        max_count = allowance(i)
        z = None
        d = line.drum
        if (shelves and max_count == q and q <= _SHORT_SHARE * _cap_bound(line, container)
                and "y" not in _zone_axes(d, container)):
            # a short line? its zone laid out in a box two drum lengths long (cached
            # across runs, unlike a zone in the room left) tells; it also sets the
            # shelf's length
            probe = min(container.length, 2.0 * max(d.diameter, d.height))
            z = _zone_for(line, container, probe, max_count)
            if z is not None and (z.length > room + 1e-9 or not _short(line, z)):
                z = None
            elif z is not None and short is not None:
                short.append(i)
                if waited is not None:
                    waited.append(i)
                return False
        if z is None and max_count > 0:
            z = _zone_for(line, container, room, max_count)
        if not cur.zones and (z is None or z.count < max_count):
            # an empty container the zone does not settle: fill may hold more
            cap_full = _capacity(line, container)
            if cap_full == 0 and z is None:
                return None
            if cap_full > (0 if z is None else z.count):
                take = min(q, cap_full)
                add(_full_zone(line, container, None if take == cap_full else take), i)
                close()
                return True
        if z is None:
            close()
            return True
        if shelves and short is None:
            shelf = _shelf(i, z)
            if shelf:
                sid = next(shelf_ids)
                for j, band in shelf:
                    band.shelf = sid
                    add(band, j, advance=False)
                cur.used += shelf[0][1].length
                return True
        add(z, i)
        return True

    def _short(line: _Line, z: _Zone) -> bool:
        """Whether zone z holds the line's whole rest and fills less than _SHORT_FILL."""
        d = line.drum
        if z.count != rem[line_pos[line.index]]:
            return False
        full, _ = _band_cached(d.diameter, d.height, float(z.length), W, container.height,
                               _zone_axes(d, container), d.max_layers, (True, True))
        return z.count < _SHORT_FILL * full.shape[0]

    def _shelf(i: int, z: _Zone) -> list[tuple[int, _Zone]]:
        """Bands of the waiting lines in a shelf as long as zone z (empty: use z)."""
        length = z.length
        pend = [j for j in waiting if rem[j] > 0]
        out: list[tuple[int, _Zone]] = []
        y = 0.0
        spent = 0.0
        for whole in (True, False):
            for j in pend:
                if any(j == k for k, _ in out) or W - y < _TOL:
                    continue
                need = allowance(j, spent)
                got = _band_for(lines[j][0], container, length, y, W - y, need, whole)
                if got is None:
                    continue
                band, w = got
                out.append((j, band))
                y += w
                spent += lines[j][0].drum.weight * band.count
                if not whole:
                    break
        if sum(b.count for _, b in out) < z.count:
            return []
        used = max(_extent(b.centres, b.axes, lines[j][0].drum)[1] for j, b in out)
        for _, b in out:
            b.length = used
        out.sort(key=lambda t: float(t[1].centres[:, 1].min()))
        return out

    waiting: list[int] = []
    start = 0
    while start < len(lines):
        stop = start
        dest = lines[start][0].destination
        while stop < len(lines) and lines[stop][0].destination == dest:
            stop += 1
        waiting = []
        for i in range(start, stop):
            while rem[i] > 0:
                r = step(i, waiting)
                if r is None:
                    return None
                if r is False:
                    break
        while True:
            pend = [j for j in waiting if rem[j] > 0]
            if not pend:
                break
            if step(pend[0], None) is None:
                return None
        start = stop
    close()
    return bins


def _greedy_best(lines: list[tuple[_Line, int]], container: Container,
                 costs: Mapping[str, float] | None) -> list[_Bin] | None:
    """:func:`_greedy` with shelves, or with full-width zones only when that is
    better (cost, containers, volume; ties: shelves)."""
    waited: list[int] = []
    a = _greedy(lines, container, True, waited)
    if a is not None and not waited:
        return a  # no line waited for a shelf: the same as zones only
    b = _greedy(lines, container, False)
    if a is None or (b is not None and _objective(b, costs) < _objective(a, costs)):
        return b
    return a


def _bin_lines(b: _Bin) -> list[tuple[_Line, int]]:
    """The lines in a bin with their drum counts, in zone order."""
    acc: dict[int, list] = {}
    for z in b.zones:
        n = z.centres.shape[0]
        if z.line.index in acc:
            acc[z.line.index][1] += n
        else:
            acc[z.line.index] = [z.line, n]
    return [(line, n) for line, n in acc.values()]


def _objective(bins: list[_Bin], costs: Mapping[str, float] | None) -> tuple[float, int, float]:
    """What plans are compared by: (cost, containers, volume), smaller is better."""
    cost = sum(costs[b.container.name] for b in bins) if costs is not None else 0.0
    return (round(cost, 9), len(bins), sum(b.container.volume for b in bins))


def _plan_group(lines: list[_Line], containers: list[Container],
                costs: Mapping[str, float] | None) -> list[_Bin]:
    """Containers for lines that all fit every container in ``containers``."""
    if costs is not None:
        containers = [c for c in containers if c.name in costs]
    if len(lines) == 1:
        line = lines[0]
        caps = [_capacity(line, c) for c in containers]
        if not any(caps):
            raise _NoRoom([line])
        cvals = [costs[c.name] if costs is not None else 1.0 for c in containers]
        counts = cheapest_mix(line.quantity, caps, cvals, [c.volume for c in containers])
        # full containers first (largest capacity first); the last one takes the rest
        order = sorted(range(len(containers)), key=lambda t: (-caps[t], t))
        bins: list[_Bin] = []
        q = line.quantity
        for t in (t for t in order for _ in range(counts[t])):
            take = min(caps[t], q)
            if take <= 0:
                continue
            c = containers[t]
            z = None
            if take < caps[t]:
                # a partial container: a layout without drums lying across can be moved
                # toward the middle for the centre of gravity; fill's prefix otherwise
                z = _zone_for(line, c, c.length, take)
                if z is not None and z.count != take:
                    z = None
            if z is None:
                z = _full_zone(line, c, None if take == caps[t] else take)
            bins.append(_Bin(c, [z], c.length, line.drum.weight * take))
            q -= take
        assert q == 0
        return bins
    best: list[_Bin] | None = None
    best_key: tuple | None = None
    seq = [(line, line.quantity) for line in lines]
    pos = {line.index: k for k, line in enumerate(lines)}

    def price(c: Container) -> float:
        return costs[c.name] if costs is not None else 0.0

    def hopeful(items: list[tuple[_Line, int]], c: Container, prefix: tuple) -> tuple:
        """An optimistic objective for ``items`` in containers ``c`` (pruning only)."""
        # space and payload are separate resources: the larger of the two shares
        # (summing per-line shares of different resources would overestimate)
        bounds = [_cap_bound_cached(*line.size_key, c, False) for line, _ in items]
        if min(bounds) == 0:  # pragma: no cover - lines are feasible in common types
            return (math.inf, 0, 0.0)
        est = max(sum(q / b for (_, q), b in zip(items, bounds)),
                  sum(q * line.drum.weight for line, q in items) / c.max_payload)
        n = max(1, math.ceil(_SYNERGY * est - 1e-9))
        # the last container may be re-planned in a cheaper or smaller type
        low = min([c] + [u for u in containers if (price(u), u.volume) < (price(c), c.volume)],
                  key=lambda u: (price(u), u.volume))
        return (round(prefix[0] + (n - 1) * price(c) + price(low), 9), prefix[1] + n,
                prefix[2] + (n - 1) * c.volume + low.volume)

    mains = sorted(containers, key=lambda c: (hopeful(seq, c, (0.0, 0, 0.0)), c.name))
    for c in mains:
        if best_key is not None and hopeful(seq, c, (0.0, 0, 0.0)) >= best_key:
            continue
        # with shelves, then (if any shelf was made) with full-width zones only:
        # shelves add candidates, never take the zones-only plan away
        for shelves in (True, False):
            waited: list[int] = []
            bins = _greedy(seq, c, shelves, waited)
            if bins is None:  # pragma: no cover - common types carry every line
                break
            key = _objective(bins, costs)
            if best_key is None or key < best_key:
                best, best_key = bins, key
            # re-plan the last container's content in the other types
            last = sorted(_bin_lines(bins[-1]), key=lambda t: pos[t[0].index])
            head = _objective(bins[:-1], costs) if len(bins) > 1 else (0.0, 0, 0.0)
            for u in containers:
                if u is c or (price(u), u.volume) >= (price(c), c.volume):
                    continue  # a dearer and larger type cannot do better than ``c`` itself
                if best_key is not None and hopeful(last, u, head) >= best_key:
                    continue
                tail = _greedy_best(last, u, costs)
                if tail is None:  # pragma: no cover
                    continue
                key = _objective(bins[:-1] + tail, costs)
                if key < best_key:
                    best, best_key = bins[:-1] + tail, key
            if not waited:
                break  # no line waited for a shelf: zones only would give the same plan
    if best is None:
        # some line has no room in any type after all (the cheap test let it through)
        raise _NoRoom([l for l in lines if not any(_capacity(l, c) for c in containers)]
                      or list(lines))
    return best


class _NoRoom(Exception):
    """Lines that turned out to have no room in any allowed container."""

    def __init__(self, lines: list[_Line]) -> None:
        super().__init__(", ".join(l.sku for l in lines))
        self.lines = lines


_SYNERGY = 0.9
"""Mixed orders: a container type is skipped when even ``0.9 x`` its fractional
estimate (sum of quantity / upper bound on the capacity) cannot beat the best
plan found (a pruning heuristic; the margin allows for mixing sizes)."""


def _mixed_lower_bound(lines: list[_Line], container: Container) -> float:
    """Fractional capacity estimate: sum of quantity / capacity in ``container``."""
    total = 0.0
    for line in lines:
        cap = _capacity(line, container)
        if cap == 0:
            return math.inf
        total += line.quantity / cap
    return total


# ----------------------------------------------------------------------------
# arranging zones: centre of gravity, multi-drop order
# ----------------------------------------------------------------------------
def _arrange(b: _Bin, stop_rank: Mapping[str | None, int] | None, tolerance: float
             ) -> tuple[list[tuple[_Zone, float]], list[str]]:
    """Zone order and start positions; notes about the CoG."""
    c = b.container
    L = c.length
    notes: list[str] = []
    if len(b.zones) == 1 and b.zones[0].fixed:
        z = b.zones[0]
        return [(z, _centre_shift(z, c, tolerance, notes))], notes
    # units moved as one: a zone, or all bands of one shelf (side by side across y)
    units: list[list[_Zone]] = []
    for z in b.zones:
        if z.shelf >= 0 and units and units[-1][0].shelf == z.shelf:
            units[-1].append(z)
        else:
            units.append([z])
    masses = []
    weighted = _has_weight(b)
    for u in units:
        m = mom = 0.0
        for z in u:
            dr = z.line.drum
            w = dr.weight if weighted else dr.diameter ** 2 * dr.height
            m += w * z.centres.shape[0]
            mom += w * float(z.centres[:, 0].sum())
        masses.append((m, mom))
    total = sum(m for m, _ in masses)
    zones = [u[0] for u in units]  # a unit's length and destination are its first zone's

    def offset(order: Sequence[int], x0: float = 0.0) -> float:
        if total <= 0:
            return 0.0
        pos, mom = x0, 0.0
        for i in order:
            m, rel = masses[i]
            mom += rel + m * pos
            pos += zones[i].length
        return (mom / total - L / 2.0) / L

    if stop_rank is not None:
        groups: list[list[int]] = []
        for i, z in enumerate(zones):
            r = stop_rank[z.line.destination]
            if groups and stop_rank[zones[groups[-1][0]].line.destination] == r:
                groups[-1].append(i)
            else:
                groups.append([i])
        choices = [list(itertools.permutations(g)) if len(g) <= 6 else [tuple(g)] for g in groups]
        candidates = (tuple(i for part in combo for i in part)
                      for combo in itertools.islice(itertools.product(*choices), 5040))
    else:
        idx = list(range(len(zones)))
        candidates = itertools.permutations(idx) if len(idx) <= 7 else iter([tuple(idx)])
    best_order: tuple[int, ...] | None = None
    best_val = math.inf
    for order in candidates:
        v = abs(offset(order))
        if v < best_val - 1e-12:
            best_order, best_val = tuple(order), v
    assert best_order is not None
    used = sum(z.length for z in zones)
    slack = max(0.0, L - used)
    x0 = _shift_toward_doors(offset(best_order), slack, L, tolerance, notes)
    placed: list[tuple[_Zone, float]] = []
    pos = x0
    for i in best_order:
        for z in units[i]:
            placed.append((z, pos))
        pos += zones[i].length
    return placed, notes


def _has_weight(b: _Bin) -> bool:
    """Whether any drum in the bin has a weight (else volumes are balanced)."""
    return any(z.line.drum.weight > 0 for z in b.zones)


def _centre_shift(z: _Zone, c: Container, tolerance: float, notes: list[str]) -> float:
    """Shift of a whole-container layout toward the doors to bring its CoG within tolerance."""
    if z.centres.shape[0] == 0 or (z.axes == "y").any():
        return 0.0  # drums lying across may lean on the front wall: keep them there
    x0, x1 = _extent(z.centres, z.axes, z.line.drum)
    slack = c.length - x1
    if slack <= _TOL:
        return 0.0
    cx = float(z.centres[:, 0].mean())  # one drum type: equal masses
    return _shift_toward_doors((cx - c.length / 2.0) / c.length, slack, c.length, tolerance,
                               notes)


def _shift_toward_doors(off: float, slack: float, length: float, tolerance: float,
                        notes: list[str]) -> float:
    """How far (mm) to move a stow toward the doors so its CoG comes within tolerance.

    Parameters
    ----------
    off : float
        The stow's longitudinal CoG offset from the middle, as a fraction of
        ``length`` (negative: toward the front wall).
    slack : float
        Free length at the doors (mm): the stow moves at most this far.
    length : float
        Inside length of the container (mm).
    tolerance : float
        Allowed offset as a fraction of ``length``.
    notes : list of str
        Receives a note saying the gap at the front wall must be blocked.

    Returns
    -------
    float
        The shift: 0 when the CoG is not too far forward or there is no
        slack, else the smallest whole number of millimetres that brings it
        within tolerance, capped at the slack.
    """
    if off >= -tolerance or slack <= _TOL:
        return 0.0
    dx = min(float(math.ceil((-tolerance - off) * length + 1e-3)), slack)
    if dx <= 0:
        return 0.0
    notes.append(f"stow starts {dx / 1000:.2f} m from the front wall to keep the centre of gravity "
                 f"near the middle: block that gap (timber bracing or dunnage bags)")
    return float(dx)


def _build_load(b: _Bin, stop_rank: Mapping[str | None, int] | None,
                tolerance: float) -> ContainerLoad:
    """The ContainerLoad of a bin: zones placed, steps numbered, bound and notes."""
    c = b.container
    placed, notes = _arrange(b, stop_rank, tolerance)
    parts = []
    bound_total = 0
    bound_ok = True
    for z, x0 in placed:
        d = z.line.drum
        centres = z.centres + np.array([x0, 0.0, 0.0])
        parts.append(make_placements(centres, z.axes, sku=d.sku, diameter=d.diameter,
                                     height=d.height, weight=d.weight, destination=d.destination))
        if z.bound is None:
            bound_ok = False
        else:
            bound_total += z.bound
        for note in z.notes:
            if note not in notes:
                notes.append(note)

    p = np.concatenate(parts) if parts else np.zeros(0, dtype=PLACEMENT_DTYPE)
    p["step"] = np.arange(p.shape[0])
    if not bound_ok or bound_total < p.shape[0]:
        # bound of the container as if it held only the tightest-packing drum type present
        bound_total = max(
            [_fill_cached(*z.line.size_key, c).upper_bound for z, _ in placed] + [p.shape[0]]
        )
    if (p["axis"] != "z").any() and not any("chock" in n.lower() for n in notes):
        notes.append("Lying drums: chock the free ends of rows that do not run wall to wall "
                     "and the bottom drums at zone ends; drums straight on the drum below "
                     "need their rows held.")
    from loadplan.cog import cog_note

    note = cog_note(p["x"], mass_weights(p), c.length, tolerance)
    if note is not None:
        notes.append(note)
    dests: list[str | None] = []
    for z, _ in placed:
        if z.line.destination not in dests:
            dests.append(z.line.destination)
    if stop_rank is not None:
        dests.sort(key=lambda s: stop_rank[s])
    return ContainerLoad(c, p, int(bound_total), tuple(dests), tuple(notes))


# ----------------------------------------------------------------------------
# the entry point
# ----------------------------------------------------------------------------
def plan(
    drums: Iterable[Drum],
    containers: Sequence[str | Container] = ("20GP", "40GP", "40HC"),
    *,
    costs: Mapping[Any, Any] | None = None,
    multi_drop: bool = False,
    stops: Sequence[str | None] | None = None,
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
        The first stop's drums go nearest the doors.

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
    items = _check_drums(drums)
    conts = _check_containers(containers)
    if not isinstance(multi_drop, (bool, np.bool_)):
        raise ValueError(f"multi_drop must be True or False, got {multi_drop!r}")
    multi_drop = bool(multi_drop)
    tolerance = CTU_TOLERANCE

    # merge identical lines, keep first-appearance order
    merged: dict[Drum, int] = {}
    for d in items:
        key = Drum(d.sku, d.diameter, d.height, d.weight, 0, d.destination, d.orientations,
                   d.max_layers)
        merged[key] = merged.get(key, 0) + d.quantity
    lines = [_Line(i, d, q) for i, (d, q) in enumerate(merged.items())]
    destinations: list[str | None] = []
    for line in lines:
        if line.destination not in destinations:
            destinations.append(line.destination)

    cost_map = _check_costs(costs, conts, destinations, multi_drop)
    stop_list: list[str | None] | None = None
    if multi_drop:
        stop_list = _check_stops(stops, destinations)
    elif stops is not None and (isinstance(stops, (str, bytes)) or not isinstance(stops, Iterable)):
        raise ValueError("stops must be a sequence of destination names, in unloading order")

    unplaced: list[Unplaced] = []
    placeable: list[_Line] = []
    feasible: dict[int, tuple[Container, ...]] = {}
    for line in lines:
        if line.quantity == 0:
            continue
        dest_costs = cost_map[line.destination] if cost_map is not None else None
        usable = [c for c in conts if dest_costs is None or c.name in dest_costs]
        ok = tuple(c for c in usable if _cap_bound(line, c) > 0)
        if not ok:
            unplaced.append(Unplaced(line.sku, line.destination, line.quantity,
                                     _why_unplaceable(line.drum, usable)))
            continue
        feasible[line.index] = ok
        placeable.append(line)

    # groups of lines that share containers
    if multi_drop:
        assert stop_list is not None
        rank = {s: i for i, s in enumerate(stop_list)}
        # nested costs are refused with multi_drop: every destination has the same table
        shared_costs = next(iter(cost_map.values()), None) if cost_map is not None else None
        groups = [(sorted(placeable, key=lambda l: (-rank[l.destination], -_size(l), l.index)),
                   shared_costs)]
        stop_rank: dict[str | None, int] | None = rank
    else:
        groups = []
        for dest in destinations:
            mine = [l for l in placeable if l.destination == dest]
            if mine:
                groups.append((sorted(mine, key=lambda l: (-_size(l), l.index)),
                               cost_map[dest] if cost_map is not None else None))
        stop_rank = None

    loads: list[ContainerLoad] = []
    total_cost = 0.0
    for group, gcost in groups:
        for sub in _split_by_feasibility(group, feasible):
            common = [c for c in conts if all(c in feasible[l.index] for l in sub)]
            while True:
                try:
                    bins = _plan_group(sub, common, gcost)
                    break
                except _NoRoom as exc:
                    for line in exc.lines:
                        unplaced.append(Unplaced(line.sku, line.destination, line.quantity,
                                                 _why_unplaceable(line.drum, common)))
                    sub = [l for l in sub if l not in exc.lines]
                    bins = []
                    if not sub:
                        break
            for b in bins:
                loads.append(_build_load(b, stop_rank, tolerance))
                if gcost is not None:
                    total_cost += gcost[b.container.name]
    return LoadPlan(tuple(loads), tuple(unplaced), total_cost if cost_map is not None else None)


def _size(line: _Line) -> float:
    """Bounding volume (up to a constant) of one drum: larger lines are zoned first."""
    return line.drum.diameter ** 2 * line.drum.height


def _split_by_feasibility(group: list[_Line], feasible: Mapping[int, tuple[Container, ...]]
                          ) -> list[list[_Line]]:
    """Lines whose container types have a common one stay together; the rest split off."""
    if not group:
        return []
    common = set(feasible[group[0].index])
    for l in group[1:]:
        common &= set(feasible[l.index])
    if common:
        return [group]
    subs: dict[tuple[str, ...], list[_Line]] = {}
    for l in group:
        subs.setdefault(tuple(c.name for c in feasible[l.index]), []).append(l)
    return list(subs.values())
