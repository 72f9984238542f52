"""Joint columns: two boarded zones of one base priced as ONE column of the fill MILP.

Measured (docs/decisions.md, "[mixed] quality round 5"): at the bisection limits the
fill MILP's integer zones lose 0.4-2.4 % of the order's volume at the ends of their tops
and as much at the ends of their bases, against the same recipes' density in a long zone.
:func:`~loadplan.planner.joinbases.join_bases` wins some of that back *after* the MILP
(two boarded zones of one base and layers as one floor, one board, the tops side by
side), so the MILP never chooses a mix because it joins well. A *joint column* is such a
join offered to the MILP itself: the pair ``(c1, c2)`` laid out by
:func:`~loadplan.planner.joinbases.joined` (the same call, so what is counted is what is
realised), its drums per line exact, its length at most the two. The pairs are those of
the first MILP's zones and of its LP relaxation's support (:func:`joint_pairs`), so the
pool grows by a few columns, not by the square of it.
"""

from __future__ import annotations

import contextlib
import contextvars
from typing import Callable, Iterator

import numpy as np

from loadplan.containers import Container
from loadplan.planner.joinbases import joined
from loadplan.planner.recipes import Column
from loadplan.planner.sizes import Line

__all__ = ["JOINT_PAIRS", "is_joinable", "joint_pairs", "joint_of", "joint_maker", "joint_fills",
           "joint_fills_on", "joint_rounds_on", "note_later_rounds"]

JOINT_PAIRS = 14
"""The most pairs of zones laid out as joint columns for one fill (each costs one to four
:func:`~loadplan.planner.joinbases.joined` layouts, ~7 ms each)."""


_ON: contextvars.ContextVar[tuple[int, list]] = contextvars.ContextVar("joint_fills",
                                                                      default=(0, [False]))


@contextlib.contextmanager
def joint_fills(on: bool = True, rounds: bool = False) -> Iterator[list]:
    """Within this block (this thread / context), the recipe planner's fills also try
    joint columns (:func:`~loadplan.planner.optimise.fill_joint_rounds`): the first
    round's answer, or with ``rounds`` the last kept round's. The planner plans each
    order without them first, once more with them (one round) and, when a fill's later
    rounds changed its answer in that run (the yielded flag, ``[True]``), once more with
    the rounds, keeping a plan only when it is strictly better, so no plan gets worse."""
    token = _ON.set((0 if not on else 2 if rounds else 1, [False]))
    try:
        yield _ON.get()[1]
    finally:
        _ON.reset(token)


def joint_fills_on() -> bool:
    """Whether :func:`joint_fills` is on here."""
    return _ON.get()[0] > 0


def joint_rounds_on() -> bool:
    """Whether :func:`joint_fills` is on here with its later rounds."""
    return _ON.get()[0] == 2


def note_later_rounds() -> None:
    """Record in this :func:`joint_fills` block that a fill's later rounds gave another
    answer than its first round."""
    _ON.get()[1][0] = True


def is_joinable(col: object) -> bool:
    """Whether ``col`` is a built boarded column of one base and one top (a recipe of
    :mod:`~loadplan.planner.recipes`, not itself a joint)."""
    return (isinstance(col, Column) and col.board is not None and len(col.parts) == 2
            and len(col.key) == 3 and isinstance(col.key[2], (int, np.integer)))


def joint_pairs(cols: list, chosen: np.ndarray, also: np.ndarray,
                limit: int = JOINT_PAIRS,
                skip: frozenset | set = frozenset()) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` of indexes into ``cols`` worth a joint column: ``i`` a zone the
    MILP chose (``chosen[i]`` > 0), ``j`` a column boarded over the same base type and
    layers (``i == j`` only when the MILP chose two zones of ``i``): other chosen zones
    first, then by ``also`` (the LP relaxation's zones less reduced cost: the columns
    the LP uses or nearly would), at most ``limit``; pairs in ``skip`` (already laid
    out, e.g. by an earlier round) are passed over."""
    pick = [int(i) for i in np.argsort(-chosen, kind="stable") if chosen[i] > 0
            and is_joinable(cols[i])]
    keys = {cols[i].key[:2] for i in pick}
    other = sorted((j for j in range(len(cols)) if is_joinable(cols[j])
                    and cols[j].key[:2] in keys),
                   key=lambda j: (-chosen[j], -also[j], j))
    out: list[tuple[int, int]] = []
    seen = set()
    for j in other:
        for i in pick:
            if cols[j].key[:2] != cols[i].key[:2] or (i == j and chosen[i] < 2):
                continue
            p = (min(i, j), max(i, j))
            if p not in seen and p not in skip:
                seen.add(p)
                out.append(p)
    return out[:limit]


def joint_of(c1: Column, c2: Column, lines: list[Line], container: Container,
             length: float) -> list[Column]:
    """The joint columns of ``c1`` and ``c2`` (:func:`~loadplan.planner.joinbases.joined`
    with no extra base drums: each form that exists and fits ``length``; one recipe twice:
    one top over the joint board)."""
    forms = [(False, True)] if c1.key == c2.key else [(False, True), (True, True),
                                                       (False, False), (True, False)]
    out = []
    for first, repack in forms:
        got = joined(c1, c2, lines, container, 0, first, repack)
        if got is not None and got.length <= length + 1e-6:
            out.append(got)
    return out


def joint_maker(lines: list[Line], container: Container
                ) -> Callable[[list, np.ndarray, np.ndarray, float], list[Column]]:
    """The ``joints`` argument of :func:`~loadplan.planner.optimise.fill_joint` for a
    group's lines in one container type: ``(cols, chosen, also, length)`` -> joint
    columns of :func:`joint_pairs`. One maker serves one fill: it remembers the pairs it
    laid out, so a later round (:data:`~loadplan.planner.optimise.JOINT_ROUNDS`, pairs
    from the second MILP's zones) offers only new pairs (indexes into the same ``cols``)."""
    done: set[tuple[int, int]] = set()

    def make(cols: list, chosen: np.ndarray, also: np.ndarray, length: float) -> list[Column]:
        out: list[Column] = []
        for i, j in joint_pairs(cols, chosen, also, JOINT_PAIRS, done):
            done.add((i, j))
            out.extend(joint_of(cols[i], cols[j], lines, container, length))
        return out

    return make
