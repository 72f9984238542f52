"""Checks of a plan that do not trust what the file says (used by :mod:`loadplan.verification`).

* :func:`catalog_problems`: a container named like a catalog type must be that type;
* :func:`check_step_order`: the loading order the crew can carry out (after what a drum
  rests on, what lies right under it and what lies between it and the front wall), with
  :func:`blocking_pairs` and :func:`projections_overlap`;
* :func:`consistency_problems`: the file's own totals, and its type table when it has one;
* :func:`check_drums`: the ``drums`` argument of :func:`loadplan.verify`.

Like the rest of the verifier, this shares no code with the packer.
"""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np

__all__ = [
    "catalog_problems",
    "projections_overlap",
    "blocking_pairs",
    "check_step_order",
    "check_drums",
    "consistency_problems",
]

TOL = 1e-6
"""Geometry tolerance in mm (the same as :data:`loadplan.verification.TOL`)."""

_AXIS_NAME = {"x": "lying along", "y": "lying across", "z": "standing"}


def _label(q: np.ndarray, i: int) -> str:
    """``drum 'A' at step 3 (lying across)``, as the verifier names drums."""
    return (f"drum {str(q['sku'][i])!r} at step {int(q['step'][i])} "
            f"({_AXIS_NAME.get(str(q['axis'][i]), str(q['axis'][i]))})")


def catalog_problems(container: Any) -> list[str]:
    """Why a container that bears a catalog name is not that catalog type ([] if it is).

    A plan file states its containers' sizes and limits; a container named
    like a catalog type (``"20GP"``, ...) must have exactly that type's
    dimensions, door, tare and payload, so that an edited file cannot pass
    a 40GP off as a 20GP or raise a payload. A custom container needs a
    name of its own (not in :data:`loadplan.containers.CONTAINERS`).
    """
    from loadplan.containers import CONTAINERS

    # "20gp" or " 20GP" claims the catalog type just as much as "20GP" does
    lookup = {name.upper(): c for name, c in CONTAINERS.items()}
    known = lookup.get(container.name.strip().upper())
    if known is None:
        return []
    out = []
    if container.name != known.name:
        out.append(f"is named {container.name!r}, like the catalog type {known.name}: "
                   "a custom container needs a name of its own")
    for name in ("length", "width", "height", "door_width", "door_height", "tare", "max_payload"):
        mine, theirs = float(getattr(container, name)), float(getattr(known, name))
        if mine != theirs:
            unit = "kg" if name in ("tare", "max_payload") else "mm"
            out.append(f"claims to be the catalog type {known.name} but its {name} is "
                       f"{mine:,.6g} {unit}, not {theirs:,.6g} {unit} (a custom container "
                       "needs a name of its own)")
    return out


def projections_overlap(i: np.ndarray, j: np.ndarray, cen: np.ndarray, k: np.ndarray,
                        r: np.ndarray, hl: np.ndarray, along: int) -> np.ndarray:
    """Do the projections of drums i and j along axis ``along`` overlap by more than TOL?

    Exact projected shapes: looking along its own axis a drum is a disc of
    radius r; looking across it, a rectangle of its length 2l by its
    diameter 2r. Two discs overlap when their centres are nearer than the
    sum of radii minus TOL, two rectangles when both intervals overlap by
    more than TOL, a disc and a rectangle when the disc's centre is nearer
    the rectangle than its radius minus TOL.
    """
    u, v = [a for a in range(3) if a != along]
    du = np.abs(cen[i, u] - cen[j, u])
    dv = np.abs(cen[i, v] - cen[j, v])
    disc_i, disc_j = k[i] == along, k[j] == along
    hu_i = np.where(k[i] == u, hl[i], r[i])
    hv_i = np.where(k[i] == v, hl[i], r[i])
    hu_j = np.where(k[j] == u, hl[j], r[j])
    hv_j = np.where(k[j] == v, hl[j], r[j])
    rect = (du < hu_i + hu_j - TOL) & (dv < hv_i + hv_j - TOL)
    discs = np.hypot(du, dv) < r[i] + r[j] - TOL
    hu = np.where(disc_i, hu_j, hu_i)
    hv = np.where(disc_i, hv_j, hv_i)
    rad = np.where(disc_i, r[i], r[j])
    mixed = np.hypot(np.maximum(du - hu, 0.0), np.maximum(dv - hv, 0.0)) < rad - TOL
    return np.where(disc_i & disc_j, discs, np.where(disc_i | disc_j, mixed, rect))


def blocking_pairs(cen: np.ndarray, k: np.ndarray, r: np.ndarray, hl: np.ndarray,
                   lo: np.ndarray, hi: np.ndarray, along: int, touching: bool = False,
                   chunk: int = 2_000_000) -> Iterable[tuple[np.ndarray, np.ndarray]]:
    """Yield pairs (i, j) where drum j lies between drum i and the wall ``along = 0``.

    ``along = 0``: the front wall (x = 0); ``along = 2``: the floor. *Between*
    means what the crew sees looking along that axis: j's whole extent on
    the axis lies nearer the wall than i's (``hi[j] <= lo[i] + TOL``) and
    the projections of the two drums along the axis overlap by more than
    ``TOL`` (:func:`projections_overlap`). Then i stands in j's way, so j
    must be loaded first. Drums whose extents on the axis overlap (side by
    side, interleaved rows) are not ordered by this rule. With ``touching``
    only pairs that touch count (``hi[j] >= lo[i] - TOL`` and the solids
    less than ``TOL`` apart): used for the floor, where a drum can still be
    slid in under another with room above it, but not under one that sits
    on its top.

    Candidates come from a grid on the other two axes with cells as large as
    the largest drum's projection (drums binned by centre, so overlapping
    projections are in neighbouring cells); pairs are yielded in chunks of
    about ``chunk``.
    """
    n = cen.shape[0]
    if n < 2:
        return
    other = [a for a in range(3) if a != along]
    plane = cen[:, other]
    size = float((hi[:, other] - lo[:, other]).max()) * (1 + 1e-9) + 1e-9
    cells = np.floor((plane - plane.min(axis=0)) / size).astype(np.int64)
    nv = int(cells[:, 1].max()) + 3
    key = (cells[:, 0] + 1) * nv + (cells[:, 1] + 1)
    order = np.argsort(key, kind="stable")
    skey = key[order]
    per_cell = max(1, n // int(np.count_nonzero(np.diff(skey)) + 1))  # drums per occupied cell
    per = max(1, chunk // (9 * per_cell))
    for start in range(0, n, per):
        ii = np.arange(start, min(n, start + per))
        for du in (-1, 0, 1):
            for dv in (-1, 0, 1):
                target = key[ii] + du * nv + dv
                a = np.searchsorted(skey, target, side="left")
                b = np.searchsorted(skey, target, side="right")
                cnt = b - a
                total = int(cnt.sum())
                if not total:
                    continue
                i = np.repeat(ii, cnt)
                first = np.repeat(np.cumsum(cnt) - cnt, cnt)
                j = order[np.repeat(a, cnt) + (np.arange(total) - first)]
                keep = hi[j, along] <= lo[i, along] + TOL
                if touching:
                    keep &= hi[j, along] >= lo[i, along] - TOL
                i, j = i[keep], j[keep]
                keep = projections_overlap(i, j, cen, k, r, hl, along)
                if touching:
                    from loadplan.verification import pair_overlaps

                    keep &= pair_overlaps(cen[i], k[i], r[i], hl[i], cen[j], k[j], r[j], hl[j],
                                          tol=-TOL)
                if keep.any():
                    yield i[keep], j[keep]


def check_step_order(q: np.ndarray, cen: np.ndarray, k: np.ndarray, r: np.ndarray,
                     hl: np.ndarray, lo: np.ndarray, hi: np.ndarray, cu: np.ndarray,
                     cw: np.ndarray, msg: Any) -> None:
    """Every drum's step must come after the steps of what it rests on, of every
    drum right under it (its top level with this drum's bottom, footprints
    overlapping: a tangent contact the support rules do not count as
    carrying) and of every drum between it and the front wall (see
    :func:`blocking_pairs`).

    ``cu[t]`` rests on ``cw[t]`` (direct contacts or contacts through a
    board). One message per drum loaded too early, naming the first drum it
    should have waited for.
    """
    step = q["step"]
    reported: set[int] = set()

    def say(a: int, b: int, how: str) -> None:
        if a not in reported:
            reported.add(a)
            msg.add("order", f"{_label(q, a)} is loaded before {_label(q, b)}, which {how}")

    bad = step[cu] <= step[cw]
    for u, w in zip(cu[bad].tolist(), cw[bad].tolist()):
        say(u, w, "it rests on")
    for along, how in ((2, "lies under it"), (0, "lies between it and the front wall")):
        for i, j in blocking_pairs(cen, k, r, hl, lo, hi, along, touching=along == 2):
            bad = step[i] <= step[j]
            for a, b in zip(i[bad].tolist(), j[bad].tolist()):
                say(a, b, how)


def check_drums(drums: Any) -> list[Any]:
    """The ``drums`` argument of :func:`check` as a list of Drum (a single Drum is accepted).

    Raises
    ------
    ValueError
        Naming the first item that is not a :class:`~loadplan.model.Drum`
        (``drums[1] must be a loadplan.Drum, got int``).
    """
    from loadplan.model import Drum

    if isinstance(drums, Drum):
        return [drums]
    if isinstance(drums, (str, bytes)) or not isinstance(drums, Iterable):
        raise ValueError(f"drums must be a sequence of loadplan.Drum, got {type(drums).__name__}")
    items = list(drums)
    for i, d in enumerate(items):
        if not isinstance(d, Drum):
            raise ValueError(f"drums[{i}] must be a loadplan.Drum, got {type(d).__name__}")
    return items


def _close(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def consistency_problems(plan: Any, document: Any = None) -> list[str]:
    """Where a plan disagrees with itself: its stated totals, and its type table.

    Parameters
    ----------
    plan : LoadPlan
    document : dict, optional
        The JSON document the plan was read from. Its derived fields
        (per load ``count`` and ``weight``; ``placed_count``,
        ``unplaced_count``, ``total_weight``), which :meth:`LoadPlan.from_json`
        ignores, must agree with the placements: a file with placements
        deleted or added by hand is caught even without the order.

    Returns
    -------
    list of str
        One sentence per disagreement. (Conservation against the plan's own
        drum types, ``plan.drums``, is checked by :func:`loadplan.verify`.)
    """
    out: list[str] = []
    if isinstance(document, dict):
        loads = document.get("loads") if isinstance(document.get("loads"), list) else []
        for ci, (item, load) in enumerate(zip(loads, plan.loads), start=1):
            if not isinstance(item, dict):
                continue
            where = f"container {ci} ({load.container.name})"
            count, weight = item.get("count"), item.get("weight")
            if count is not None and count != load.count:
                out.append(f"{where}: the file says it holds {count!r} drums but lists {load.count} "
                           "placements")
            if isinstance(weight, (int, float)) and not isinstance(weight, bool) \
                    and not _close(float(weight), load.weight):
                out.append(f"{where}: the file says its cargo weighs {weight!r} kg but its "
                           f"placements weigh {load.weight:,.6g} kg")
        for key, actual in (("placed_count", plan.placed_count),
                            ("unplaced_count", plan.unplaced_count)):
            stated = document.get(key)
            if stated is not None and stated != actual:
                out.append(f"plan: the file says {key} is {stated!r} but the plan has {actual}")
        stated = document.get("total_weight")
        if isinstance(stated, (int, float)) and not isinstance(stated, bool) \
                and not _close(float(stated), plan.total_weight):
            out.append(f"plan: the file says total_weight is {stated!r} kg but the placements "
                       f"weigh {plan.total_weight:,.6g} kg")
    return out
