"""The front door: :func:`fill`, as many drums of one type as fit one container."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from loadplan.filling.bound import block_upper_bound
from loadplan.filling.linebound import line_upper_bound
from loadplan.filling.loading import boards_in_use, chock_note, drop_top, loading_order
from loadplan.filling.pieces import Box
from loadplan.filling.search import build_for
from loadplan.filling.validation import (AXES, AXIS_WORDS, check_scale, fits_box, parse_count,
                                         parse_layers, passes_door)

if TYPE_CHECKING:  # pragma: no cover
    from loadplan.containers import Container
    from loadplan.model import ContainerLoad, Drum

__all__ = ["fill", "fit_summary"]


def fill(drum: Any, container: Any, *, max_count: int | None = None) -> Any:
    """As many drums of one type as fit one container.

    Parameters
    ----------
    drum : Drum
        The drum type; its ``quantity`` is ignored. ``orientations`` and
        ``max_layers`` are honoured.
    container : Container or str
        A container or a catalog name (``"20GP"``, ``"40GP"``, ``"40HC"``,
        ``"45HC"``).
    max_count : int, optional
        At most this many drums (e.g. the quantity ordered). The work then
        follows ``max_count``, not what the container could hold: the layout
        is built in the shortest length from the nose (doubling from an
        estimate) that holds ``max_count`` drums, and its first
        ``max_count`` drums in loading order are kept (so every drum keeps
        what carries it). ``count < max_count`` means the container holds no
        more. ``upper_bound`` stays the bound for the whole container.

    Returns
    -------
    ContainerLoad
        The layout (see :mod:`loadplan.filling`; the two-lane floor plans of
        :mod:`loadplan.floorplan` replace it when they hold more, layer boards in
        ``boards``), its loading steps, and
        ``upper_bound``: the smaller of :func:`~loadplan.filling.block_upper_bound` over the
        usable axes, with several axes the line-family bound
        (:func:`~loadplan.filling.linebound.line_upper_bound`, big drums), and the payload
        cap ``floor(max_payload / weight)``.
        Over the payload cap, the highest drums are left out (then those
        nearest the doors), so the rest stays carried and the centre of
        gravity low. An axis is usable when the drum fits the container in it
        *and* passes the door opening in it (moving along x: standing, its
        ``diameter x height`` must pass ``door_width x door_height``; lying
        along x, ``diameter x diameter``; lying across, ``height x diameter``).
        No usable axis gives an empty load with a note saying why.

    Raises
    ------
    ValueError
        Unknown container name, ``drum`` is not a Drum, or the drum is outside
        the supported range: more than
        :data:`~loadplan.containers.MAX_DRUMS_PER_CONTAINER` (100,000) would
        fit the container by volume.

    Examples
    --------
    >>> import loadplan as lp
    >>> lp.fill(lp.Drum("200L", 585, 880), "20GP").count
    106
    >>> lp.fill(lp.Drum("200L", 585, 880, orientations="z"), "20GP").count
    80
    """
    c = _container_for(drum, container)
    d, h = float(drum.diameter), float(drum.height)
    L, W, H = float(c.length), float(c.width), float(c.height)
    ml = parse_layers(drum.max_layers)
    cap = None
    if drum.weight > 0:
        cap = int(math.floor(c.max_payload / drum.weight + 1e-9))
    usable, notes, refusal = _usable_axes(drum, c, cap)
    if refusal is not None:
        return _empty_load(drum, c, refusal)
    mc = parse_count(max_count)
    if mc == 0:
        return _empty_load(drum, c, f"max_count is 0: no {drum.sku} wanted")
    box = Box(d, h, L, W, H, usable, ml)
    centres, axs, keys, bnotes, boards = _layout(box, cap, mc)
    notes.extend(bnotes)
    ub = block_upper_bound(d, h, L, W, H, usable, drum.max_layers)
    if len(usable) > 1:  # several axes: the line-family bound may be tighter (big drums)
        ub = min(ub, line_upper_bound(d, h, L, W, H, usable) or ub)
    if cap is not None:
        ub = min(ub, cap)
        if centres.shape[0] > cap and (mc is None or mc > cap):
            keep = drop_top(centres, cap)
            notes.append(_payload_note(drum, c, cap, centres.shape[0] - cap))
            centres, axs, keys = centres[keep], axs[keep], keys[keep]
    order = loading_order(centres, keys)
    if mc is not None and order.shape[0] > mc:
        order = order[:mc]
        notes = [n for n in notes if n not in bnotes]  # they describe the layout before the cut
    boards = boards_in_use(boards, centres[order], axs[order], d, h)
    return _load(drum, c, centres[order], axs[order], int(ub), notes, boards)


def _container_for(drum: Any, container: Any) -> Any:
    """The container, once ``drum`` is known to be a Drum within the supported range in it."""
    from loadplan.containers import get_container
    from loadplan.model import Drum

    if not isinstance(drum, Drum):
        raise ValueError(f"drum must be a loadplan.Drum, got {type(drum).__name__}")
    c = get_container(container)
    try:
        check_scale(float(drum.diameter), float(drum.height), float(c.length), float(c.width),
                    float(c.height))
    except ValueError as exc:
        raise ValueError(f"drum {drum.sku!r} in a {c.name}: {exc}") from None
    return c


def _payload_note(drum: Any, c: Any, cap: int, left_out: int) -> str:
    """The note on drums left out over the payload limit."""
    return (f"payload limit: {cap} drums of {drum.weight:g} kg "
            f"(max payload {c.max_payload:g} kg); {left_out} drum(s) left out from the top")


def _usable_axes(drum: Any, c: Any, cap: int | None) -> tuple[str, list[str], str | None]:
    """The axes the drum fits the container in and passes its door in, notes on
    the axes left out, and why nothing can be loaded (None when something can)."""
    d, h = float(drum.diameter), float(drum.height)
    L, W, H = float(c.length), float(c.width), float(c.height)
    allowed = "".join(a for a in AXES if a in drum.orientations)
    fit = [a for a in allowed if fits_box(a, d, h, L, W, H)]
    usable = [a for a in fit if passes_door(a, d, h, c.door_width, c.door_height)]
    if not fit:
        return "", [], (f"{drum.sku} (Ø{d:g} x {h:g} mm) does not fit a {c.name} in any "
                         f"allowed orientation ({', '.join(AXIS_WORDS[a] for a in allowed)})")
    if not usable:
        return "", [], (f"{drum.sku} (Ø{d:g} x {h:g} mm) does not pass the {c.name} door "
                         f"({c.door_width:g} x {c.door_height:g} mm) in any allowed orientation")
    if cap == 0:
        return "", [], (f"{drum.sku} ({drum.weight:g} kg) is heavier than the {c.name} payload "
                         f"({c.max_payload:g} kg)")
    notes = [f"not loaded {AXIS_WORDS[a]}: the drum would not pass the door that way"
             for a in fit if a not in usable]
    return "".join(usable), notes, None


def _layout(box: Box, cap: int | None, mc: int | None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], list[tuple]]:
    """The section/band build for the drums wanted, or the two-lane floor plan
    (:func:`loadplan.floorplan.floor_plan`), or the two-lane plan of column types with
    heads and layer boards (:func:`loadplan.floorplan.tier_plan`) when that holds more;
    with the layer boards ``(x0, x1, y0, y1, z, thickness)`` it needs."""
    want = cap if mc is None else (mc if cap is None else min(cap, mc))
    out = build_for(box, want, mc is not None)
    boards: list[tuple] = []
    if want is None or out[0].shape[0] < want:  # competitor: column types on the floor
        from loadplan.floorplan import floor_plan, tier_plan

        b = box
        alt = floor_plan(b.d, b.h, b.L, b.W, b.H, b.axes, b.max_layers, beat=int(out[0].shape[0]))
        if alt is not None and alt[0].shape[0] > out[0].shape[0]:
            out = alt
        if want is None or out[0].shape[0] < want:
            more = tier_plan(b.d, b.h, b.L, b.W, b.H, b.axes, b.max_layers,
                             beat=int(out[0].shape[0]))
            if more is not None and more[0].shape[0] > out[0].shape[0]:
                out, boards = more[:4], more[4]
    return (*out, boards)


def _load(drum: Any, c: Any, centres: np.ndarray, axs: np.ndarray, ub: int,
          notes: list[str], boards: list[tuple] | None = None) -> Any:
    """The ContainerLoad of ``centres`` (in loading order), with the crew notes and
    its layer ``boards``."""
    from loadplan.model import ContainerLoad, make_placements

    notes = list(notes) + chock_note(axs)
    placements = make_placements(centres, axs, sku=drum.sku, diameter=float(drum.diameter),
                                 height=float(drum.height), weight=drum.weight,
                                 destination=drum.destination)
    return ContainerLoad(c, placements, ub, (drum.destination,), tuple(notes), boards or None)


def _empty_load(drum: Any, c: Any, reason: str) -> Any:
    """An empty load with ``reason`` as its note."""
    from loadplan.model import ContainerLoad, make_placements

    d, h = float(drum.diameter), float(drum.height)
    return ContainerLoad(c, make_placements(np.zeros((0, 3)), np.zeros(0, dtype="U1"),
                                            sku=drum.sku, diameter=d, height=h,
                                            weight=drum.weight,
                                            destination=drum.destination),
                         0, (drum.destination,), (reason,))


def fit_summary(drum: Drum, container: Container, load: ContainerLoad) -> dict[str, Any]:
    """What ``loadplan fit`` and ``POST /api/v1/fit`` answer for ``fill(drum, container)``.

    Parameters
    ----------
    drum : Drum
        The drum type that was filled (its size, weight, axes and layers are echoed).
    container : Container
        The container.
    load : ContainerLoad
        ``fill(drum, container)``.

    Returns
    -------
    dict
        JSON-able: ``container``, the drum's ``diameter``, ``height``, ``weight``,
        ``axes``, ``max_layers``, then ``count``, ``upper_bound``, ``gap``,
        ``by_axis`` (drums per axis used), ``boards`` (layer boards),
        ``cargo_weight``, ``volume_utilisation``, ``payload_utilisation``.
    """
    axes = [str(a) for a in load.placements["axis"].tolist()]
    count, bound = int(load.count), int(load.upper_bound)
    return {
        "container": container.name, "diameter": drum.diameter, "height": drum.height,
        "weight": drum.weight, "axes": list(drum.orientations), "max_layers": drum.max_layers,
        "count": count, "upper_bound": bound, "gap": bound - count,
        "by_axis": {a: axes.count(a) for a in ("z", "x", "y") if axes.count(a)},
        "boards": int(len(load.boards)),
        "cargo_weight": float(load.weight),
        "volume_utilisation": float(load.volume_utilisation),
        "payload_utilisation": float(load.payload_utilisation),
    }
