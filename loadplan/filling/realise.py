"""Building the layout of one split of a box: lying sections, a lying-across block, a standing strip.

A split is ``m`` sections of drums lying along x from the nose (each ``h``
long), then a block of drums lying across ``s_y`` long, then a standing strip
with the rest of the length: ``k`` layers of the best floor packing, every
drum straight on the one below, and lying drums in the headspace above,
resting on the flat tops of the top layer (kept only when their contact with
the tops runs under their centre and spans at least :data:`MIN_CONTACT_SHARE`
of their length).
"""

from __future__ import annotations

import math

import numpy as np

from loadplan.filling.loading import Parts
from loadplan.filling.pieces import Box, floor_packing, section
from loadplan.filling.validation import TOL

__all__ = ["MIN_CONTACT_SHARE", "head", "standing", "realise", "head_bound", "head_size",
           "standing_bound", "realise_bound"]

#: A lying drum on standing tops must touch them along at least this share of
#: its length, on both sides of its centre (the rule :func:`loadplan.verify` checks).
MIN_CONTACT_SHARE = 0.5


def head(box: Box, tops: np.ndarray, tops_key: np.ndarray, x1: float, rest: float, k: int,
         axis: str) -> Parts:
    """Drums lying along ``axis`` on the flat tops of a standing strip's top layer
    (``k`` layers high, ``[x1, x1 + rest]`` along x)."""
    from loadplan.kernels.layout3d import head_on_tops

    parts = Parts()
    b = box
    z0 = k * b.h
    rem = b.H - z0
    if rem < b.d - TOL:
        return parts
    rows = b.max_layers - k if b.max_layers else 0
    span = MIN_CONTACT_SHARE * b.h
    if axis == "x":
        count = int(math.floor((rest + TOL) / b.h))
        w, wl, wr = b.W, b.walls[0], b.walls[1]
    else:
        count = int(math.floor((b.W + TOL) / b.h))
        w, wl, wr = rest, x1 <= TOL, False
    uv = section(w, rem, b.d, rows, wl, wr)
    if count == 0 or uv.shape[0] == 0:
        return parts
    out = head_on_tops(uv, 0 if axis == "x" else 1, x1, z0, b.h, count, tops, tops_key, b.d,
                       span, w, wl, wr)
    parts.add(out[:, :3].copy(), axis, out[:, 3].copy())
    return parts


def _with_k_layers(box: Box, floor: np.ndarray, x1: float, rest: float, k: int) -> Parts:
    """The standing strip ``k`` layers high on ``floor``, the best head on its tops."""
    from loadplan.kernels.layout3d import stack_standing

    b = box
    trial = Parts()
    cen = stack_standing(floor, x1, 0.0, b.h, k)
    trial.add(cen, "z", cen[:, 0] - 0.5 * b.d)
    rows = b.max_layers - k if b.max_layers else 0
    if (not b.max_layers or rows > 0) and b.H - k * b.h >= b.d - TOL:
        tops = cen[-floor.shape[0]:, :2].copy()
        tkey = tops[:, 0] - 0.5 * b.d
        heads: list[Parts] = []
        for ax in ("x", "y"):
            # the best head is the first of the most drums: a later axis that cannot hold
            # more than the first one does is not laid out
            if ax in b.axes and not (heads and head_size(b, x1, rest, k, ax) <= heads[0].count):
                heads.append(head(b, tops, tkey, x1, rest, k, ax))
        if heads:
            hp = max(heads, key=lambda p: p.count)
            trial.extend(hp)
            if hp.count:
                trial.notes.append(
                    f"{hp.count} drum(s) lie on the flat tops of standing layer {k} "
                    f"(from x = {x1:.0f} mm on)")
    return trial


def standing(box: Box, x1: float, rest: float, k_hint: int, engine: bool) -> Parts:
    """Standing strip ``[x1, x1 + rest]``: the best of a few layer counts and headspaces
    (floors from the circle engine with ``engine``, lattices only without)."""
    b = box
    floor = floor_packing(rest, b.W, b.d, engine) if rest >= b.d - TOL else np.zeros((0, 2))
    kz = int(math.floor((b.H + TOL) / b.h))
    if b.max_layers:
        kz = min(kz, b.max_layers)
    if floor.shape[0] == 0 or kz <= 0:
        return Parts()
    best: Parts | None = None
    for k in sorted({kz, max(1, min(kz, k_hint))}, reverse=True):
        if best is not None and k * floor.shape[0] + head_bound(b, x1, rest, k) <= best.count:
            continue  # cannot hold more than the layer count tried before
        trial = _with_k_layers(b, floor, x1, rest, k)
        if best is None or trial.count > best.count:
            best = trial
    return best if best is not None else Parts()


def realise(box: Box, m: int, sy: float, k_hint: int, engine: bool) -> Parts:
    """Build the layout of one split: ``m`` lying-x sections, a lying-y block ``sy``
    long, standing rest (``k_hint`` layers tried beside the most that fit)."""
    from loadplan.kernels.layout3d import extrude_x, extrude_y, support_keys_2d

    b = box
    parts = Parts((b.d, b.h))
    x = 0.0
    if m > 0:
        uv = section(b.W, b.H, b.d, b.max_layers, b.walls[0], b.walls[1])
        cen = extrude_x(uv, 0.0, 0.0, b.h, m)
        parts.add(cen, "x", np.floor((cen[:, 0] + TOL) / b.h) * b.h)
        x = m * b.h
    if sy > TOL:
        ncol = int(math.floor((b.W + TOL) / b.h))
        uv = section(sy, b.H, b.d, b.max_layers, x <= TOL, False)
        if ncol and uv.shape[0]:
            keys = support_keys_2d(uv, b.d, x + uv[:, 0] - 0.5 * b.d)
            cen = extrude_y(uv, x, 0.0, b.h, ncol)
            parts.add(cen, "y", np.repeat(keys, ncol))
        x += sy
    rest = b.L - x
    if "z" in b.axes and rest >= b.d - TOL:
        parts.extend(standing(b, x, rest, k_hint, engine))
    return parts


def head_bound(box: Box, x1: float, rest: float, k: int) -> int:
    """At least as many drums as :func:`head` lays on ``k`` standing layers, whatever the floor.

    :func:`head` repeats one lying cross-section ``count`` times and keeps the
    drums the tops carry, so ``count`` times the section's size bounds it (the
    section does not depend on the floor); the best of the axes ``standing``
    tries, 0 where it tries none.
    """
    return max((head_size(box, x1, rest, k, ax) for ax in ("x", "y") if ax in box.axes),
               default=0)


def head_size(box: Box, x1: float, rest: float, k: int, axis: str) -> int:
    """The drums :func:`head` places along ``axis`` before keeping those the tops carry
    (the cross-section's size times its repeats; 0 where :func:`_with_k_layers` lays none)."""
    b = box
    rows = b.max_layers - k if b.max_layers else 0
    rem = b.H - k * b.h
    if (b.max_layers and rows <= 0) or rem < b.d - TOL:
        return 0
    if axis == "x":
        count = int(math.floor((rest + TOL) / b.h))
        return count * section(b.W, rem, b.d, rows, b.walls[0], b.walls[1]).shape[0]
    count = int(math.floor((b.W + TOL) / b.h))
    return count * section(rest, rem, b.d, rows, x1 <= TOL, False).shape[0]


def standing_bound(box: Box, x1: float, rest: float, k_hint: int) -> int:
    """A proven upper bound on ``standing(box, x1, rest, k_hint, engine=True).count``.

    The floor holds at most ``max(lattice, C)`` drums, ``C`` the proven circle
    bound (:func:`loadplan.kernels.bounds.circle_upper_bound`; the engine's floor
    is valid, so it holds at most ``C``); each layer count tried adds
    :func:`head_bound`. Costs no circle-engine run.
    """
    from loadplan.kernels.bounds import circle_upper_bound

    b = box
    if rest < b.d - TOL:
        return 0
    lattice = floor_packing(rest, b.W, b.d, False).shape[0]
    kz = int(math.floor((b.H + TOL) / b.h))
    if b.max_layers:
        kz = min(kz, b.max_layers)
    if lattice == 0 or kz <= 0:  # no lattice floor: the box is narrower than a drum
        return 0
    nf = max(lattice, int(circle_upper_bound(rest, b.W, b.d)))
    return max(k * nf + head_bound(b, x1, rest, k) for k in {kz, max(1, min(kz, k_hint))})


def realise_bound(box: Box, m: int, sy: float, k_hint: int) -> int:
    """A proven upper bound on ``realise(box, m, sy, k_hint, engine).count`` for either
    ``engine``: the lying parts counted exactly as :func:`realise` builds them (they do
    not depend on the floor engine), plus :func:`standing_bound`."""
    b = box
    n = 0
    x = 0.0
    if m > 0:
        n += m * section(b.W, b.H, b.d, b.max_layers, b.walls[0], b.walls[1]).shape[0]
        x = m * b.h
    if sy > TOL:
        ncol = int(math.floor((b.W + TOL) / b.h))
        if ncol:
            n += ncol * section(sy, b.H, b.d, b.max_layers, x <= TOL, False).shape[0]
        x += sy
    rest = b.L - x
    if "z" in b.axes and rest >= b.d - TOL:
        n += standing_bound(b, x, rest, k_hint)
    return n
