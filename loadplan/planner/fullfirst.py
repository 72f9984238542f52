"""Whole containers of one line first, then the mixed rest: a competitor plan.

The recipe planner's columns lay a drum type out zone by zone; a whole
container of one type laid out by :func:`loadplan.filling.fill` holds more
of it than any zone of the recipe model over the same length (the fill is
optimised for the whole box). When one line of a mixed group is more than a
container's worth, ``k`` containers holding only that line (its full fill,
as the single-type planner builds them), followed by the best plan of what
is left, can need one container fewer than the mixed plan: random order 0
of ``benchmarks/bench_mixed.py`` (1,943 drums of Ø360 x 380 and 625 of
Ø320 x 600) fits one full container of the first type (1,416) and the rest
(527 + 625) in a second one, where the mixed plan took three.

:func:`full_first` builds these plans, one per line and container type
(``k`` the most whole containers of the line), and keeps the best only when
it is strictly better than the plan it is given, by
:func:`~loadplan.planner.greedy.objective` (so no plan gets worse).
"""

from __future__ import annotations

import math
from typing import Callable, Mapping

from loadplan.containers import Container
from loadplan.planner.bounds import cannot_beat, drum_volume
from loadplan.planner.greedy import NoRoom, objective, plan_one_line
from loadplan.planner.mixed import MAX_RECIPE_LINES
from loadplan.planner.sizes import Line, cap_bound, capacity_upto
from loadplan.planner.zones import Bin

__all__ = ["full_first", "candidates", "NEAR_FULL"]

NEAR_FULL = 0.85
"""A line is tried for whole containers only when its quantity is at least this share of
the container's proven capacity bound (a cheap test before the exact fill count)."""


def candidates(lines: list[Line], containers: list[Container]
               ) -> list[tuple[int, Container, int, int]]:
    """``(position, container, k, capacity)`` of each line near or over a whole
    ``container``'s worth: ``k`` containers of ``capacity`` drums each (the most whole
    containers of the line; a line that one container holds entirely gets ``k = 1`` with
    ``capacity`` its quantity), most drums first."""
    out = []
    for pos, line in enumerate(lines):
        for u in containers:
            bound = cap_bound(line, u)
            if bound <= 0 or line.quantity < NEAR_FULL * bound:
                continue
            cap = capacity_upto(line, u, line.quantity)  # min(quantity, fill's count)
            if cap > 0:  # cap == quantity: the whole line in one container of its own
                out.append((pos, u, line.quantity // cap, cap))
    out.sort(key=lambda t: (-t[2] * t[3], t[0], t[1].name))
    return out


def full_first(lines: list[Line], containers: list[Container],
               costs: Mapping[str, float] | None, best: list[Bin],
               solve: Callable[[list[Line]], list[Bin]]) -> list[Bin]:
    """``best``, or a plan of whole one-line containers plus ``solve(rest)`` when that is
    strictly better.

    Parameters
    ----------
    lines : list of Line
        One group's lines (two to :data:`~loadplan.planner.mixed.MAX_RECIPE_LINES`,
        one destination; other groups get ``best`` back).
    containers : list of Container
        The container types allowed (those with a cost when ``costs`` is given).
    costs : mapping or None
        Container name -> cost (None: fewest containers, then least volume).
    best : list of Bin
        The plan to beat.
    solve : callable
        Plans a list of lines (the rest after the whole containers), e.g.
        :func:`~loadplan.planner.mixed.best_plan` with the group's settings.

    Returns
    -------
    list of Bin
    """
    if len(lines) < 2 or len(lines) > MAX_RECIPE_LINES or len(best) < 2:
        return best  # groups of many types: the greedy planner alone (as best_plan)
    usable = [u for u in containers if costs is None or u.name in costs]
    if not usable:
        return best
    key = objective(best, costs)
    big = max(u.length * u.width * u.height for u in usable)
    cheapest = min(costs[u.name] for u in usable) if costs is not None else 0.0
    smallest = min(u.volume for u in usable)
    for pos, u, k, cap in candidates(lines, usable):
        rest = [Line(l.index, l.drum, l.quantity - (k * cap if j == pos else 0))
                for j, l in enumerate(lines)]
        rest = [l for l in rest if l.quantity > 0]
        price = costs[u.name] if costs is not None else 0.0
        # the rest needs at least this many containers (cylinder volume, a proof)
        m = math.ceil(drum_volume(rest, [l.quantity for l in rest]) / big - 1e-9) if rest else 0
        if cannot_beat(k * price + m * cheapest, k + m, k * u.volume + m * smallest, key):
            continue
        head = plan_one_line(Line(lines[pos].index, lines[pos].drum, k * cap), [u], costs)
        if len(head) != k:  # pragma: no cover - k * cap is k whole containers
            continue
        try:
            tail = solve(rest) if rest else []
        except NoRoom:  # pragma: no cover - the same drum types fit the same containers
            continue
        got = objective(head + tail, costs)
        if got < key:
            best, key = head + tail, got
    return best
