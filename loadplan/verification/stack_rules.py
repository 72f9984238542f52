"""Rules on what rests on what: support, boards, heavy on light, stops, loading order,
layers and the weight each drum carries. They run only when every candidate pair
of drums was checked (``ctx.pairs``); the support rule runs first and records
``ctx.support`` for the others."""

from __future__ import annotations

import numpy as np

from loadplan.axes import AXIS_WORDS
from loadplan.verification.arrays import DrumTypes, LoadCheck, type_keys
from loadplan.verification.order import check_step_order
from loadplan.verification.stacking import board_problems, carried_weight, heavy_on_light_pairs
from loadplan.verification.support import find_support, support_notes, support_problems
from loadplan.verification.tolerances import MAX_MESSAGES, TOL

__all__ = [
    "rule_support",
    "rule_boards",
    "rule_heavy_on_light",
    "rule_stops",
    "rule_loading_order",
    "rule_layers",
    "rule_max_load",
]


def rule_support(ctx: LoadCheck) -> None:
    """Nothing floats: every drum is on the floor, or carried soundly by drums or a layer
    board (the standing and lying rules in :mod:`~loadplan.verification.standing`,
    :mod:`~loadplan.verification.lying` and :mod:`~loadplan.verification.stacking`:
    50 % of a base or of a line carried, centre over the support, heights within ``TOL``).
    Notes say which drums need chocks or lean on a wall or neighbour."""
    a = ctx.arrays
    ctx.support = find_support(a, ctx.pairs, ctx.load.boards)
    problems, chocks, leaning = support_problems(a, ctx.support, ctx.pairs)
    bottom = a.lo[:, 2]
    for i, problem in problems:
        ctx.msg.add("support", f"{a.name(i)} ({AXIS_WORDS[str(a.q['axis'][i])]}, bottom at "
                               f"z = {bottom[i]:.6g} mm) {problem}")
    ctx.notes += support_notes(a, ctx.where, chocks, leaning)


def rule_boards(ctx: LoadCheck) -> None:
    """Layer boards lie inside the container and cut through no drum and no other board
    (``TOL``), and each is carried by a full layer (:data:`MIN_BOARD_COVER` of its area)."""
    a = ctx.arrays
    for text in board_problems(ctx.load.boards, a.cen, a.k, a.r, a.hl, a.size):
        ctx.msg.add("board", text)


def rule_heavy_on_light(ctx: LoadCheck) -> None:
    """Unless allowed, no drum rests (directly or through a board) on a drum of a lighter
    sku (relative tolerance 1e-9)."""
    if ctx.heavy_ok:
        return
    a, su, sw = ctx.arrays, ctx.support.cu, ctx.support.cw
    q = a.q
    bad = heavy_on_light_pairs(q["sku"], q["weight"], su, sw)
    for j in bad[:MAX_MESSAGES].tolist():
        u, w = int(su[j]), int(sw[j])
        ctx.msg.add("heavy", f"{a.name(u)} ({q['weight'][u]:g} kg) rests on {a.name(w)} "
                             f"({q['weight'][w]:g} kg), a lighter type (heavy on light; allowed "
                             "only with heavy_on_light=True)")
    if bad.size > MAX_MESSAGES:
        ctx.msg.extra["heavy"] = int(bad.size) - MAX_MESSAGES


def _blocked_from_the_doors(a_: np.ndarray, b: np.ndarray, rank: np.ndarray, lo: np.ndarray,
                            hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (a_[s], b[t]) where b is of a later stop, reaches nearer the doors and its
    y-z box overlaps a_'s by more than TOL."""
    hit = (rank[b][None, :] > rank[a_][:, None]) \
        & (hi[b, 0][None, :] > hi[a_, 0][:, None] + TOL) \
        & (lo[b, 1][None, :] < hi[a_, 1][:, None] - TOL) & (lo[a_, 1][:, None] < hi[b, 1][None, :] - TOL) \
        & (lo[b, 2][None, :] < hi[a_, 2][:, None] - TOL) & (lo[a_, 2][:, None] < hi[b, 2][None, :] - TOL)
    return np.nonzero(hit)


def rule_stops(ctx: LoadCheck, block: int = 256) -> None:
    """Multi-drop: no drum is blocked by a drum of a later stop (``destinations`` in
    unloading order): none resting on it, none in its way out (y-z boxes overlapping by
    more than ``TOL`` and reaching nearer the doors, ``xmax`` beyond by more than ``TOL``)."""
    destinations = ctx.load.destinations
    if len(destinations) <= 1:
        return
    a, cu, cw = ctx.arrays, ctx.support.cu, ctx.support.cw
    rank_of = {("" if d is None else d): i for i, d in enumerate(destinations)}
    rank = np.array([rank_of.get(str(d), -1) for d in a.q["destination"]], dtype=np.int64)
    stop = {i: ("no destination" if d is None else repr(d)) for i, d in enumerate(destinations)}

    def say(u: int, w: int, how: str) -> None:
        ctx.msg.add("stops", f"{a.name(u)} for {stop[int(rank[u])]} (stop {int(rank[u]) + 1}) "
                             f"is blocked by {a.name(w)} for {stop[int(rank[w])]} "
                             f"(stop {int(rank[w]) + 1}), which {how}")

    known = rank >= 0
    on_top = known[cu] & known[cw] & (rank[cu] > rank[cw])
    for u, w in zip(cw[on_top].tolist(), cu[on_top].tolist()):
        say(u, w, "rests on it")
    idx = np.nonzero(known)[0]
    later_any = rank[idx] < rank[idx].max()
    for start in range(0, idx.shape[0], block):
        first = idx[start:start + block]
        first = first[later_any[start:start + block]]
        if first.size == 0:
            continue
        ai, bi = _blocked_from_the_doors(first, idx, rank, a.lo, a.hi)
        # one message per blocked drum
        new = np.r_[True, ai[1:] != ai[:-1]] if ai.size else np.zeros(0, bool)
        for t in np.nonzero(new)[0]:
            say(int(first[ai[t]]), int(idx[bi[t]]), "lies between it and the doors")


def rule_loading_order(ctx: LoadCheck) -> None:
    """Every drum's step comes after the steps of what it rests on, what lies right under
    it and what lies between it and the front wall (:mod:`~loadplan.verification.order`)."""
    check_step_order(ctx.arrays, ctx.support.cu, ctx.support.cw, ctx.msg)


def type_limits(q: np.ndarray, types: DrumTypes) -> tuple[np.ndarray, np.ndarray]:
    """Per placement: its type's ``max_layers`` and ``max_load`` (inf when unset or unknown)."""
    found, inv = type_keys(q, types)
    layers = np.full(len(found), np.inf)
    loads = np.full(len(found), np.inf)
    for t, d in enumerate(found):
        if d is not None and d.max_layers is not None:
            layers[t] = d.max_layers
        if d is not None and d.max_load is not None:
            loads[t] = d.max_load
    return layers[inv], loads[inv]


def rule_layers(ctx: LoadCheck) -> None:
    """With the drum types: no drum in a higher layer than its type's ``max_layers`` (a drum
    on the floor is in layer 1, any other in one more than the highest it rests on)."""
    if not ctx.types.given:
        return
    a, layers = ctx.arrays, ctx.support.layers
    max_layers, _ = type_limits(a.q, ctx.types)
    for i in np.nonzero(layers > max_layers)[0][:MAX_MESSAGES + 1].tolist():
        ctx.msg.add("layers", f"{a.name(i)} is in layer {int(layers[i])}, above the "
                              f"{int(max_layers[i])} layer(s) allowed for {str(a.q['sku'][i])!r}")


def rule_max_load(ctx: LoadCheck) -> None:
    """With the drum types: no drum carries more than its type's ``max_load`` (weight passed
    down the support contacts in equal shares, :func:`~loadplan.verification.stacking.carried_weight`;
    relative tolerance 1e-9)."""
    if not ctx.types.given:
        return
    a = ctx.arrays
    _, max_load = type_limits(a.q, ctx.types)
    if not np.isfinite(max_load).any():
        return
    carried = carried_weight(a.q["weight"], a.lo[:, 2], ctx.support.cu, ctx.support.cw)
    over = np.nonzero(carried > max_load * (1 + 1e-9))[0]
    for i in over[:MAX_MESSAGES].tolist():
        ctx.msg.add("max_load", f"{a.name(i)} carries {carried[i]:,.1f} kg, more than "
                                f"the {max_load[i]:g} kg max_load of {str(a.q['sku'][i])!r}")
    if over.size > MAX_MESSAGES:
        ctx.msg.extra["max_load"] = int(over.size) - MAX_MESSAGES
