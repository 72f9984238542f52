"""A floor plan over column types: the two-lane competitor of :func:`loadplan.fill`.

:func:`loadplan.fill` cuts the container into sections along its length and
bands along its width. Some of the best layouts are not such cuts: across the
width, a drum lying along x (``h`` long, ``d`` wide) beside one lying across
(``d`` long, ``h`` wide), the two swapping sides every ``d + h``; or two bands
whose ends are staggered. This module treats every way a drum can stand or lie
with its stack as a *column type* with a footprint, and lays column types on
the floor in two lanes (one along each side wall) by the exact dynamic
programme of :mod:`loadplan.kernels.floorplan`. Column types:

- ``z``: ``m`` standing stacks side by side, ``d`` long and ``m d`` wide, each
  ``floor(H / h)`` high (at most ``max_layers``);
- ``y``: ``m`` stacks of drums lying across, ``d`` long and ``m h`` wide, each
  ``floor(H / d)`` high, every drum straight on the one below;
- ``x``: one length ``h`` of drums lying along x, any width ``w`` where the best
  sound lying cross-section of ``w x H`` (:func:`loadplan.kernels.layout3d.
  lying_section`, wall on the lane's wall side only, both walls when the block
  spans the width) gains a drum.

Every block is the drums' bounding boxes stacked (or a sound lying section),
so the plan is also the best arrangement of the drums' boxes in this family:
the box competitor that keeps a cylinder-aware plan from losing to a box-only
one on these shapes. Counts are exact (the DP's value is the drums placed).

:func:`tier_plan` is the same two-lane programme over column types whose width
changes with height (:mod:`loadplan.filling.tiers`: drums lying across on
standing stacks, standing drums on a layer board over lying ones), two items of
different lanes fitting side by side when their widths sum to at most ``W`` at
every height (:func:`loadplan.kernels.floorplan.two_lane_fit_plan`).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["floor_items", "floor_plan", "floor_positions", "tier_plan", "micro_positions",
           "MAX_STATES", "MAX_STEPS"]

#: Largest DP table (positions x window x items) tried; bigger floors (small
#: drums, where many columns fit across and sections are already dense) skip it.
MAX_STATES = 3_000_000

#: Most DP moves (cells x items) :func:`tier_plan` tries (about 20 ms).
MAX_STEPS = 12_000_000

_TOL = 1e-6


def floor_positions(lengths: list[float], L: float) -> np.ndarray:
    """Every sum of the lengths up to ``L``, sorted, without repeats (to 1e-6 mm)."""
    pos = {0.0}
    frontier = [0.0]
    while frontier:
        nxt = []
        for p in frontier:
            for q in lengths:
                v = round(p + q, 6)
                if v <= L + _TOL and v not in pos:
                    pos.add(v)
                    nxt.append(v)
        frontier = nxt
    return np.array(sorted(pos))


def floor_items(d: float, h: float, W: float, H: float, axes: str,
                max_layers: int) -> list[tuple[str, float, float, int, int]]:
    """Column types as ``(axis, length, width, value, m)`` (see the module notes).

    ``m`` is the number of stacks side by side (``z``, ``y``), or for ``x`` 0
    when the section has a wall on one side only and 1 when it spans the
    width with both walls. Dominated items (another of the same length at most
    as wide holding as many) are dropped.
    """
    from loadplan.kernels.layout3d import lying_section_count

    items: list[tuple[str, float, float, int, int]] = []
    if "z" in axes and h <= H + _TOL:
        kz = int(math.floor((H + _TOL) / h))
        kz = min(kz, max_layers) if max_layers else kz
        items += [("z", d, m * d, m * kz, m) for m in range(1, int((W + _TOL) // d) + 1)]
    if d <= H + _TOL:
        ky = int(math.floor((H + _TOL) / d))
        ky = min(ky, max_layers) if max_layers else ky
        if "y" in axes and h <= W + _TOL:
            items += [("y", d, m * h, m * ky, m) for m in range(1, int((W + _TOL) // h) + 1)]
        if "x" in axes:
            widths = {round(W, 6)}
            k = 1
            while k * d <= W + _TOL:
                widths.update({round(k * d, 6), round(k * d + 0.5 * d, 6)})
                k += 1
            for w in sorted(x for x in widths if x <= W + _TOL):
                full = w >= W - _TOL
                v = int(lying_section_count(w, H, d, max_layers, True, full))
                items.append(("x", h, w, v, int(full)))
    keep = []
    for it in items:
        if it[3] <= 0:
            continue
        if any(o is not it and o[1] == it[1] and o[2] <= it[2] + _TOL and o[3] >= it[3]
               and (o[2] < it[2] - _TOL or o[3] > it[3] or items.index(o) < items.index(it))
               for o in items):
            continue
        keep.append(it)
    return keep


def floor_plan(d: float, h: float, L: float, W: float, H: float, axes: str,
               max_layers: int, beat: int = 0
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]] | None:
    """The best two-lane floor plan: centres, axes, loading keys and notes.

    Parameters
    ----------
    d, h : float
        Drum diameter and length (mm).
    L, W, H : float
        The box (mm), walls on all sides.
    axes : str
        Allowed axes (``"z"``, ``"x"``, ``"y"``), the drum fitting in each.
    max_layers : int
        Most tiers (0 for no limit).
    beat : int
        Skip the search (None) when it cannot place more than this: the items'
        footprints are disjoint, so the plan holds at most the densest item's
        drums per floor area times ``L W``.

    Returns
    -------
    tuple or None
        ``(centres (n, 3), axes (n,), keys (n,), notes)``, keys being each
        drum's front face (its stack's); None when no column type fits or the
        DP table would exceed :data:`MAX_STATES`.
    """
    from loadplan.kernels.floorplan import two_lane_plan

    items = floor_items(d, h, W, H, axes, max_layers)
    if not items:
        return None
    dense = max(it[3] / (it[1] * it[2]) for it in items)
    if math.floor(dense * L * W + 1e-9) <= beat:
        return None
    lengths = sorted({it[1] for it in items})
    table = _table(lengths, L)
    if table is None:
        return None
    pos, nxt, window = table
    if pos.shape[0] * window * (len(items) + 1) > MAX_STATES:
        return None
    out = two_lane_plan(nxt, window, np.array([lengths.index(it[1]) for it in items], dtype=np.int64),
                        np.array([it[2] for it in items], dtype=np.float64),
                        np.array([it[3] for it in items], dtype=np.int64), float(W))
    return _realise(out, items, pos, d, h, W, H, max_layers)


def micro_positions(lengths: list[float], L: float) -> np.ndarray:
    """:func:`floor_positions` for lengths in whole micrometres, summed exactly in
    integers (vectorised): every sum of the lengths up to ``L``, sorted."""
    li = np.unique(np.round(np.asarray(lengths, dtype=np.float64) * 1000.0).astype(np.int64))
    top = int(math.floor(L * 1000.0 + 1e-3))
    pos = np.zeros(1, dtype=np.int64)
    frontier = pos
    while frontier.size:
        cand = (frontier[:, None] + li[None, :]).ravel()
        cand = np.setdiff1d(np.unique(cand[cand <= top]), pos, assume_unique=True)
        pos = np.union1d(pos, cand)
        frontier = cand
        if pos.size > 20000:
            break
    return pos / 1000.0


def _table(lengths: list[float], L: float, micro: bool = False
           ) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Positions (sums of ``lengths`` up to ``L``; :func:`micro_positions` with ``micro``),
    the next-position table and the DP window; None past 20,000 positions."""
    pos = micro_positions(lengths, L) if micro else floor_positions(lengths, L)
    if pos.shape[0] > 20000:
        return None
    nxt = np.full((pos.shape[0], len(lengths)), -1, dtype=np.int64)
    for q, ln in enumerate(lengths):
        j = np.searchsorted(pos, pos + ln - 1e-5)
        ok = (j < pos.shape[0])
        ok[ok] = np.abs(pos[j[ok]] - (pos[ok] + ln)) <= 1e-5
        nxt[ok, q] = j[ok]
    hi = np.searchsorted(pos, pos + max(lengths) + 1e-5, side="right")
    window = int((hi - np.arange(pos.shape[0])).max()) + 1
    return pos, nxt, window


def _realise(out: np.ndarray, items: list, pos: np.ndarray, d: float, h: float, W: float,
             H: float, max_layers: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Drum centres of the chosen items (the DP's value, exactly)."""
    from loadplan.kernels.layout3d import lying_section

    cen: list[np.ndarray] = []
    axs: list[str] = []
    keys: list[float] = []
    kinds = set()
    for it, lane, p in out[1:]:
        ax, ln, w, v, m = items[int(it)]
        x0 = float(pos[int(p)])
        kinds.add(ax)
        if ax == "x":
            uv = np.asarray(lying_section(w, H, d, max_layers, True, bool(m)))
            pts = [(x0 + 0.5 * h, u, z) for u, z in uv]
        else:
            step, high = (d, h) if ax == "z" else (h, d)
            per = v // m
            pts = [(x0 + 0.5 * d, 0.5 * step + j * step, 0.5 * high + i * high)
                   for j in range(m) for i in range(per)]
        for x, y, z in pts:
            cen.append((x, y if lane == 0 else W - y, z))
            axs.append(ax)
            keys.append(x0)
    centres = np.array(cen, dtype=np.float64).reshape(-1, 3)
    assert centres.shape[0] == int(out[0, 0]), "floor plan realised a different count"
    notes = []
    if len(kinds) > 1:
        notes.append("floor plan of column types in two lanes along the side walls "
                     f"({', '.join(sorted(kinds))})")
    return centres, np.array(axs, dtype="U1"), np.array(keys, dtype=np.float64), notes


def tier_plan(d: float, h: float, L: float, W: float, H: float, axes: str, max_layers: int,
              beat: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], list[tuple]] | None:
    """The best two-lane plan of column types whose width changes with height.

    The items are :mod:`loadplan.filling.tiers`' (the plain column types of
    :func:`floor_items`, standing stacks with drums lying across on top, and
    lying blocks under a layer board with standing layers on it); two items of
    different lanes overlap along x only when their widths sum to at most ``W``
    at every height (:func:`loadplan.kernels.floorplan.two_lane_fit_plan`).

    Parameters
    ----------
    d, h, L, W, H, axes, max_layers
        As for :func:`floor_plan`.
    beat : int
        Skip the search (None) when it cannot place more than this: items fill
        disjoint parts of the box (at every height the lanes' widths sum to at
        most ``W``), so the plan holds at most the densest item's drums per
        mm³ of its profile times ``L W H``.

    Returns
    -------
    tuple or None
        ``(centres (n, 3), axes (n,), keys (n,), notes, boards)``, boards as
        ``(x0, x1, y0, y1, z, thickness)``; None when nothing fits or the DP
        would take more than :data:`MAX_STEPS` moves.
    """
    from loadplan.kernels.floorplan import two_lane_fit_plan

    made = _tier_items(d, h, L, W, H, axes, max_layers)
    if made is None:
        return None
    tiers, wz = made
    dense = max(t.value / (t.length * sum((p[1] - p[0]) * p[2] for p in t.pieces)) for t in tiers)
    if math.floor(dense * L * W * H + 1e-9) <= beat:
        return None
    lengths = sorted({t.length for t in tiers})
    table = _table(lengths, L, micro=True)
    if table is None:
        return None
    pos, nxt, window = table
    if pos.shape[0] * window * (len(tiers) + 1) * len(tiers) > MAX_STEPS:
        return None
    fits = ((wz[:, None, :] + wz[None, :, :]) <= W + 1e-6).all(axis=2)
    # of plans holding as many drums, the one with the fewest layer boards (crew work):
    # value x 1024 less one per board, exact while a plan has fewer than 1024 boards
    value = np.array([t.value * _PER_DRUM - (t.kind in _BOARDED) for t in tiers], dtype=np.int64)
    out = two_lane_fit_plan(nxt, window, np.array([lengths.index(t.length) for t in tiers],
                                                  dtype=np.int64), fits, value)
    return _realise_tiers(out, tiers, pos, d, h, W, H, max_layers)


def _tier_items(d: float, h: float, L: float, W: float, H: float, axes: str,
                max_layers: int) -> tuple[list, np.ndarray] | None:
    """The undominated tiers of :func:`tier_plan` (lengths up to the next micrometre) and
    their widths per height band; None when none fits or a first cost estimate is over
    :data:`MAX_STEPS`."""
    from loadplan.filling.tiers import board_tiers, head_tiers, plain_tiers, tier_widths

    longest = min(4.0 * max(d, h), L)
    table = _table(sorted({_micro(d), _micro(h)}), L, micro=True)
    if table is None or table[0].shape[0] * table[2] * 20 > MAX_STEPS:
        return None  # not even four tiers fit the budget
    tiers = plain_tiers(d, h, W, H, axes, max_layers) + head_tiers(d, h, W, H, axes, max_layers)
    # a first cost estimate before the board tiers are made: as many tiers as there can be,
    # positions and window of the plain lengths (board tiers' lengths only add to both)
    n_est = len(tiers) + len(board_tiers(d, h, W, H, axes, max_layers, longest, check=False))
    if table[0].shape[0] * table[2] * (n_est + 1) * n_est > MAX_STEPS:
        return None
    tiers += board_tiers(d, h, W, H, axes, max_layers, longest)
    # lengths up to the next micrometre: every sum of them is then exact to far below
    # the verifier's 1e-6 mm, so no two positions differ by less than 1e-3 mm and the
    # drums of items that meet along x never overlap by rounding
    tiers = [t._replace(length=_micro(t.length)) for t in tiers]
    tiers = [t for t in tiers if t.length <= L + _TOL]
    if not tiers:
        return None
    wz = tier_widths(tiers)
    keep = _undominated(tiers, wz)
    return [tiers[i] for i in keep], wz[keep]


def _micro(x: float) -> float:
    """``x`` up to the next whole micrometre."""
    return round(math.ceil(x * 1000.0 - 1e-6) / 1000.0, 6)


_PER_DRUM = 1024
_BOARDED = ("yboard", "xboard")


def _undominated(tiers: list, wz: np.ndarray) -> list[int]:
    """Indices of the tiers no other tier of the same length dominates (at most as wide at
    every height, ``wz`` being :func:`loadplan.filling.tiers.tier_widths`, and holding as
    many; of equals, the first)."""
    ln = np.array([t.length for t in tiers])
    val = np.array([t.value for t in tiers])
    n = len(tiers)
    # dom[j, i]: j dominates i
    narrower = (wz[:, None, :] <= wz[None, :, :] + 1e-9).all(axis=2)
    dom = narrower & (ln[:, None] == ln[None, :]) & (val[:, None] >= val[None, :])
    same = dom & dom.T
    first = np.tril(np.ones((n, n), dtype=bool), -1)  # j < i
    beaten = (dom & ~same).any(axis=0) | (same & first).any(axis=0)
    return np.nonzero(~beaten)[0].tolist()


def _realise_tiers(out: np.ndarray, tiers: list, pos: np.ndarray, d: float, h: float, W: float,
                   H: float, max_layers: int) -> tuple:
    """Drum centres, axes, keys, notes and boards of the chosen tiers (the DP's value)."""
    from loadplan.filling.tiers import realise_tier

    cen, axs, keys, boards = [], [], [], []
    kinds = set()
    for it, lane, p in out[1:]:
        t = tiers[int(it)]
        x0 = float(pos[int(p)])
        c, a, bs = realise_tier(t, d, h, W, H, max_layers)
        kinds.add(t.kind)
        c = c.copy()
        c[:, 0] += x0
        if lane:
            c[:, 1] = W - c[:, 1]
        cen.append(c)
        axs.append(a)
        keys.append(np.full(c.shape[0], x0))
        for bx0, bx1, by0, by1, bz, bt in bs:
            ys = (by0, by1) if not lane else (W - by1, W - by0)
            boards.append((x0 + bx0, x0 + bx1, ys[0], ys[1], bz, bt))
    centres = np.concatenate(cen) if cen else np.zeros((0, 3))
    assert centres.shape[0] == -(-int(out[0, 0]) // _PER_DRUM), "tier plan realised a different count"
    notes = []
    if kinds - {"z", "x", "y"}:
        notes.append("floor plan of column types in two lanes along the side walls, with "
                     + ", ".join(_KIND_WORDS[k] for k in sorted(kinds - {"z", "x", "y"})))
    return (centres, np.concatenate(axs) if axs else np.zeros(0, dtype="U1"),
            np.concatenate(keys) if keys else np.zeros(0), notes, boards)


_KIND_WORDS = {"head": "drums lying across on standing stacks",
               "yboard": "standing drums on layer boards over drums lying across",
               "xboard": "standing drums on layer boards over drums lying along"}
