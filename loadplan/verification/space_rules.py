"""Rules on where the drums are: through the door, inside the container, no overlap."""

from __future__ import annotations

import numpy as np

from loadplan.verification.arrays import LoadCheck
from loadplan.verification.geometry import pair_overlaps, passes_door
from loadplan.verification.grid import PairGrid
from loadplan.verification.tolerances import LEAN_GAP, MAX_MESSAGES, PAIR_LIMIT, PAIRS_PER_DRUM, TOL

__all__ = ["rule_door", "rule_containment", "rule_overlap"]


def rule_door(ctx: LoadCheck) -> None:
    """Every drum passes the door opening in some orientation: along x as a circle of its
    diameter, or sideways as a ``diameter x height`` rectangle either way up (``TOL``)."""
    q, c = ctx.arrays.q, ctx.load.container
    door_ok = passes_door(q["diameter"], q["height"], c.door_width, c.door_height)
    for i in np.nonzero(~door_ok)[0]:
        ctx.msg.add("door", f"{ctx.arrays.name(i)} ({q['diameter'][i]:g} x {q['height'][i]:g} mm) "
                            f"cannot pass the door opening {c.door_width:g} x {c.door_height:g} mm "
                            "in any orientation")


def rule_containment(ctx: LoadCheck) -> None:
    """Every drum's bounding box lies inside the container box (within ``TOL``)."""
    a = ctx.arrays
    lo, hi, size = a.lo, a.hi, a.size
    out = (lo < -TOL) | (hi > size + TOL)
    names = ("x", "y", "z")
    for i in np.nonzero(out.any(axis=1))[0]:
        parts = []
        for ax in range(3):
            if lo[i, ax] < -TOL:
                parts.append(f"{names[ax]} from {lo[i, ax]:.6g} mm is below 0")
            if hi[i, ax] > size[ax] + TOL:
                parts.append(f"{names[ax]} to {hi[i, ax]:.6g} mm is beyond {size[ax]:g}")
        ctx.msg.add("containment", f"{a.name(i)} sticks out of the container ({'; '.join(parts)})")


def _say_overlaps(ctx: LoadCheck, ov_i: list, ov_j: list, n_over: int) -> None:
    """One message per overlapping pair (the first MAX_MESSAGES by steps), and a count."""
    a = ctx.arrays
    step = a.q["step"]
    a_, b_ = np.concatenate(ov_i), np.concatenate(ov_j)
    swap = step[a_] > step[b_]
    a_, b_ = np.where(swap, b_, a_), np.where(swap, a_, b_)
    order = np.lexsort((step[b_], step[a_]))[:MAX_MESSAGES]
    for u, v in zip(a_[order], b_[order]):
        ctx.msg.add("overlap", f"{a.label(u)} overlaps {a.label(v)}")
    ctx.msg.extra["overlap"] = n_over - len(order)


def rule_overlap(ctx: LoadCheck) -> None:
    """No two drums interpenetrate by more than ``TOL`` (exact for axis-aligned cylinders,
    :func:`~loadplan.verification.geometry.pair_overlaps`).

    Candidate pairs come from a grid; when there are more than
    ``max(PAIR_LIMIT, PAIRS_PER_DRUM * n)`` (drums piled into each other) only the
    first overlaps are counted and the rules on what rests on what are not run.
    Otherwise the pairs are kept in ``ctx.pairs`` for those rules.
    """
    a = ctx.arrays
    lo, hi, size = a.lo, a.hi, a.size
    # bin clipped boxes: absurd coordinates (1e308) would overflow the cell keys and hide pairs.
    # A pair whose boxes meet only beyond the margin is two containment violations already.
    margin = float(size.max())
    grid = PairGrid(np.clip(lo, -margin, size + margin), np.clip(hi, -margin, size + margin),
                    TOL + LEAN_GAP)
    full = grid.raw <= max(PAIR_LIMIT, PAIRS_PER_DRUM * a.n)
    keep_i, keep_j, ov_i, ov_j = [], [], [], []
    n_over = 0
    for ci, cj in grid.chunks(2_000_000 if full else 100_000):
        ov = pair_overlaps(a.cylinders(ci), a.cylinders(cj))
        n_over += int(ov.sum())
        if full:
            keep_i.append(ci)
            keep_j.append(cj)
            ov_i.append(ci[ov])
            ov_j.append(cj[ov])
        else:
            ov_i.append(ci[ov][:MAX_MESSAGES])
            ov_j.append(cj[ov][:MAX_MESSAGES])
            if n_over > MAX_MESSAGES:
                break  # enough to condemn the load; counting every pair is not worth it
    if n_over:
        _say_overlaps(ctx, ov_i, ov_j, n_over)
    if not full:
        ctx.msg.add("support", "overlaps were not all counted, and support, layers and stops "
                               "were not checked: the drums crowd into each other "
                               f"({grid.raw:,} close pairs)")
        return
    ctx.pairs = (np.concatenate(keep_i) if keep_i else np.zeros(0, np.int64),
                 np.concatenate(keep_j) if keep_j else np.zeros(0, np.int64))
