"""The exact cheapest container mix for one drum type (an integer covering problem)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

import numpy as np

__all__ = ["cheapest_mix"]


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
    caps, cost, vol = _checked(quantity, capacities, costs, volumes)
    q, k = int(quantity), len(caps)
    if q == 0:
        return (0,) * k
    usable = [t for t in range(k) if caps[t] > 0]
    if not usable:
        raise ValueError("no container type has a positive capacity")
    b = min(usable, key=lambda t: (Fraction(cost[t]) / caps[t], -caps[t], vol[t], t))
    others = [t for t in usable if t != b]
    budget = caps[b] - 1
    bounds = [min(-(-q // caps[t]), budget) for t in others]
    work = 1
    for bd in bounds:
        work *= bd + 1
    if work > _MAX_WORK:  # trim the box evenly (documented: then only the best found)
        scale = (_MAX_WORK / work) ** (1.0 / max(1, len(others)))
        bounds = [max(1, int(bd * scale)) for bd in bounds]
    box = _MixSearch(q, caps, cost, vol, b, others, bounds)
    box.search([], 0, budget)
    assert box.best is not None
    return box.best[3]


def _checked(quantity: int, capacities: Sequence[int], costs: Sequence[float],
             volumes: Sequence[float]) -> tuple[list[int], list[float], list[float]]:
    """The arguments of :func:`cheapest_mix` as lists, checked (ValueError naming them)."""
    k = len(capacities)
    if len(costs) != k or len(volumes) != k:
        raise ValueError("capacities, costs and volumes must have the same length")
    if int(quantity) < 0:
        raise ValueError(f"quantity must be >= 0, got {quantity!r}")
    caps = [int(c) for c in capacities]
    if any(c < 0 for c in caps):
        raise ValueError("capacities must be >= 0")
    cost = [float(c) for c in costs]
    if any(not math.isfinite(c) or c < 0 for c in cost):
        raise ValueError("costs must be finite and >= 0")
    return caps, cost, [float(v) for v in volumes]


def _better(a: tuple, b: tuple | None) -> bool:
    """Whether key ``a`` (cost, containers, volume, vector) beats ``b`` (cost within 1e-9)."""
    if b is None:
        return True
    tol = 1e-9 * max(1.0, abs(a[0]), abs(b[0]))
    if a[0] < b[0] - tol:
        return True
    if a[0] > b[0] + tol:
        return False
    return a[1:] < b[1:]


class _MixSearch:
    """The enumeration of :func:`cheapest_mix`: counts of the types other than ``b``
    within ``bounds``, each completed with the fewest type-``b`` containers."""

    def __init__(self, q: int, caps: list[int], cost: list[float], vol: list[float], b: int,
                 others: list[int], bounds: list[int]) -> None:
        self.q, self.caps, self.cost, self.vol, self.b = q, caps, cost, vol, b
        self.others, self.bounds, self.k = others, bounds, len(caps)
        self.ocap = np.array([caps[t] for t in others], dtype=np.int64)
        self.ocost = np.array([cost[t] for t in others], dtype=np.float64)
        self.ovol = np.array([vol[t] for t in others], dtype=np.float64)
        self.best: tuple | None = None  # (cost, containers, volume, full vector)

    def search(self, prefix: list[int], j: int, left: int) -> None:
        """Every count vector after ``prefix`` with at most ``left`` more containers, in chunks."""
        size = 1
        for bd in self.bounds[j:]:
            size *= min(bd, left) + 1
        if size <= _CHUNK or j >= len(self.others) - 1:
            self.evaluate(prefix, j, left)
            return
        for v in range(min(self.bounds[j], left) + 1):  # too many at once: one value at a time
            self.search(prefix + [v], j + 1, left - v)

    def evaluate(self, prefix: list[int], j: int, left: int) -> None:
        """Every count vector of the types ``others[j:]`` with sum <= ``left``, after ``prefix``."""
        b, q = self.b, self.q
        grid = np.array([prefix], dtype=np.int64).reshape(1, j)
        for bd in self.bounds[j:]:
            bd = min(bd, left)
            g = np.repeat(grid, bd + 1, axis=0)
            g = np.column_stack([g, np.tile(np.arange(bd + 1, dtype=np.int64), grid.shape[0])])
            grid = g[g[:, j:].sum(axis=1) <= left]
        covered = grid @ self.ocap
        nb = np.maximum(0, -(-(q - covered) // self.caps[b]))
        tot_cost = grid @ self.ocost + nb * self.cost[b]
        tot_n = grid.sum(axis=1) + nb
        tot_vol = grid @ self.ovol + nb * self.vol[b]
        low = float(tot_cost.min())
        cand = np.flatnonzero(tot_cost <= low + 1e-9 * max(1.0, abs(low)))
        full = np.zeros((cand.shape[0], self.k), dtype=np.int64)
        for jj, t in enumerate(self.others):
            full[:, t] = grid[cand, jj]
        full[:, b] = nb[cand]
        for r, i in enumerate(cand.tolist()):
            key = (float(tot_cost[i]), int(tot_n[i]), float(tot_vol[i]), tuple(full[r].tolist()))
            if _better(key, self.best):
                self.best = key


_MAX_WORK = 50_000_000
"""Largest search box of :func:`cheapest_mix` (count vectors before the sum filter)."""

_CHUNK = 1_000_000
"""Count vectors evaluated at once by :func:`cheapest_mix` (bounds memory, not the result)."""
