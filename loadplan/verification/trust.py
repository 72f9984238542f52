"""Checks of a plan that do not trust what the file says.

* :func:`catalog_problems`: a container named like a catalog type must be that type;
* :func:`consistency_problems`: the file's own totals agree with its placements;
* :func:`check_drums`: the ``drums`` argument of :func:`loadplan.verify`.
"""

from __future__ import annotations

from typing import Any, Iterable

from loadplan.containers import CONTAINERS
from loadplan.model import Drum

__all__ = ["catalog_problems", "check_drums", "consistency_problems"]


def catalog_problems(container: Any) -> list[str]:
    """Why a container that bears a catalog name is not that catalog type ([] if it is).

    A plan file states its containers' sizes and limits; a container named
    like a catalog type (``"20GP"``, ...) must have exactly that type's
    dimensions, door, tare and payload, so that an edited file cannot pass
    a 40GP off as a 20GP or raise a payload. A custom container needs a
    name of its own (not in :data:`loadplan.containers.CONTAINERS`).
    """
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



def check_drums(drums: Any) -> list[Any]:
    """The ``drums`` argument of :func:`loadplan.verification.check` as a list of Drum (a single Drum is accepted).

    Raises
    ------
    ValueError
        Naming the first item that is not a :class:`~loadplan.model.Drum`
        (``drums[1] must be a loadplan.Drum, got int``).
    """
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
