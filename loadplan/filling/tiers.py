"""Column types whose width changes with height: heads on standing stacks, standing on boards.

The two-lane floor plan (:mod:`loadplan.floorplan`) lays blocks of one width
from floor to roof. Some of the best layouts are narrower low down than high
up: a drum lying across on top of a standing drum, beside a drum lying across
under a layer board that carries a standing drum (a pinwheel in the
cross-section: each lane's wide tier sits beside the other's narrow one). A
*tier item* is a block with a length along x, a value (drums) and a width
*profile*: pieces ``(z0, z1, width)`` measured from its lane's side wall. Two
items of different lanes may overlap along x when their widths sum to at most
``W`` at every height (:func:`fits_matrix`), which is what
:func:`loadplan.kernels.floorplan.two_lane_fit_plan` is given. Kinds:

- the plain column types of :func:`loadplan.floorplan.floor_items` (``z``,
  ``y``, ``x``), as tall as their drums reach;
- ``head``: ``m`` standing stacks ``k`` high, ``d`` long, with ``j`` layers of
  ``n`` drums lying across on their flat tops (each straight on the one below).
  A head drum's bottom line runs along the stacks' centre line, which the top
  discs cover without a gap from ``0`` to ``m d``, so it is carried under its
  centre along at least half its length when its centre is at most ``m d``
  (``(n - 1/2) h <= m d``): the rule :func:`loadplan.verify` applies;
- ``yboard``: ``c >= 2`` rows of ``n`` drums lying across, ``j`` high, straight,
  the rows spread evenly over ``c d + e``; an 18 mm board (:data:`BOARD`) on
  them; ``k`` standing layers on the board, ``s`` rows of ``c`` (or ``c - 1``)
  drums, centred along x;
- ``xboard``: ``n >= 2`` rows of ``c`` drums lying along x, ``j`` high,
  straight; a board; standing layers on it, ``s <= n`` rows of
  ``floor(c h / d)`` drums.

A board's support region is the convex hull of its carriers' top lines, each
a strip a tenth of the diameter wide (:data:`STRIP`); a standing drum on the
board must have its base centre in it and half its base over it. Every drum
on a board is checked here with the exact disc (:func:`disc_share`), keeping
:data:`SHARE` (51 %) and its centre :data:`INSET` inside: the verifier's
64-gon and its tolerances then never disagree. The board covers the carriers'
rectangle exactly, so the carriers' shadows cover it (half is required) and
nothing else touches it.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np

__all__ = ["BOARD", "STRIP", "SHARE", "INSET", "Tier", "disc_share", "plain_tiers",
           "head_tiers", "board_tiers", "tier_widths", "fits_matrix", "realise_tier"]

BOARD = 18.0
"""Thickness of a layer board, mm (the mixed planner's ``BOARD_THICKNESS``)."""

STRIP = 0.1
"""A lying carrier's top line counts as a strip this share of its diameter wide
(the verifier's ``LINE_STRIP_SHARE``)."""

SHARE = 0.51
"""Least share of a standing base over its board's support region kept here
(the verifier asks for 50 %)."""

INSET = 1.0
"""How far (mm) a standing base centre is kept inside its board's support region."""

_TOL = 1e-6


class Tier(NamedTuple):
    """A column type: ``kind``, ``length`` along x, width ``pieces`` ``((z0, z1, w), ...)``,
    ``value`` (drums) and ``spec`` (what :func:`realise_tier` needs)."""

    kind: str
    length: float
    pieces: tuple
    value: int
    spec: tuple


def disc_share(cx: float, cy: float, r: float, rect: tuple[float, float, float, float],
               n: int = 512) -> float:
    """Share of the disc ``(cx, cy, r)`` inside ``rect = (x0, x1, y0, y1)``.

    The chord across y at ``x = cx + r sin t`` clipped to ``y0..y1``, integrated over
    ``t`` between the rectangle's x-limits (``dx = r cos t dt``) by the midpoint rule
    on ``n`` steps: smooth in ``t``, so exact to about ``1e-5``.
    """
    x0, x1, y0, y1 = rect
    lo = math.asin(max(-1.0, min(1.0, (x0 - cx) / r)))
    hi = math.asin(max(-1.0, min(1.0, (x1 - cx) / r)))
    if hi <= lo:
        return 0.0
    t = lo + (np.arange(n) + 0.5) / n * (hi - lo)
    s = r * np.cos(t)
    ln = np.clip(np.minimum(cy + s, y1) - np.maximum(cy - s, y0), 0.0, None)
    return float((ln * s).sum() * (hi - lo) / n / (math.pi * r * r))


def _carried(xs: np.ndarray, ys: np.ndarray, r: float, hull: tuple[float, float, float, float]
             ) -> bool:
    """Whether every standing base at ``xs x ys`` (grid) has its centre :data:`INSET` inside
    the rectangle ``hull`` and :data:`SHARE` of its area over it.

    The area of a disc inside a rectangle is a log-concave function of the disc's
    centre (a convolution of two convex sets' indicators, Prékopa-Leindler), so its
    least value over the grid is at a corner of the grid's bounding box.
    """
    x0, x1, y0, y1 = hull
    ax, bx, ay, by = float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max())
    if ax < x0 + INSET or bx > x1 - INSET or ay < y0 + INSET or by > y1 - INSET:
        return False
    return all(_corner_share(round((x - x0) / r, 9), round((x1 - x) / r, 9),
                             round((y - y0) / r, 9), round((y1 - y) / r, 9)) >= SHARE
               for x in {ax, bx} for y in {ay, by})


@functools.lru_cache(maxsize=4096)
def _corner_share(left: float, right: float, low: float, high: float) -> float:
    """:func:`disc_share` of a unit disc whose centre is ``left, right, low, high`` from the
    rectangle's edges (remembered: the same few geometries recur)."""
    return disc_share(0.0, 0.0, 1.0, (-min(left, 2.0), min(right, 2.0), -min(low, 2.0),
                                      min(high, 2.0)))


def plain_tiers(d: float, h: float, W: float, H: float, axes: str, max_layers: int) -> list[Tier]:
    """:func:`loadplan.floorplan.floor_items` as tiers, each as tall as its drums reach."""
    from loadplan.floorplan import floor_items
    from loadplan.kernels.layout3d import lying_section

    out = []
    for ax, ln, w, v, m in floor_items(d, h, W, H, axes, max_layers):
        if ax == "x":
            uv = np.asarray(lying_section(w, H, d, max_layers, True, bool(m)))
            top = float(uv[:, 1].max()) + 0.5 * d
        else:
            top = (v // m) * (h if ax == "z" else d)
        out.append(Tier(ax, ln, ((0.0, top, w),), v, (m,)))
    return out


def head_tiers(d: float, h: float, W: float, H: float, axes: str, max_layers: int) -> list[Tier]:
    """``head`` tiers: ``m`` standing stacks ``k`` high, ``j`` layers of ``n`` lying across on top."""
    if "z" not in axes or "y" not in axes or h > W + _TOL:
        return []
    out = []
    kz = int(math.floor((H + _TOL) / h))
    for m in range(1, int((W + _TOL) // d) + 1):
        n_max = min(int(math.floor(m * d / h + 0.5 - 1e-9)), int((W + _TOL) // h))
        for k in range(1, kz + 1):
            j = int(math.floor((H - k * h + _TOL) / d))
            if max_layers:
                if k > max_layers:
                    break
                j = min(j, max_layers - k)
            if j <= 0:
                continue
            for n in range(1, n_max + 1):
                pieces = ((0.0, k * h, m * d), (k * h, k * h + j * d, n * h))
                out.append(Tier("head", d, pieces, m * k + n * j, (m, k, n, j)))
    return out


def _standing_layers(room: float, h: float, max_layers: int, below: int) -> int:
    """Standing layers in ``room`` over ``below`` tiers (``max_layers`` 0: no limit)."""
    k = int(math.floor((room + _TOL) / h))
    return min(k, max_layers - below) if max_layers else k


def board_tiers(d: float, h: float, W: float, H: float, axes: str, max_layers: int,
                longest: float, check: bool = True) -> list[Tier]:
    """``yboard`` and ``xboard`` tiers at most ``longest`` long (see the module notes).

    Only heights that are tight both ways are tried (``j`` lying layers, the most
    standing layers ``k`` over them, and ``j`` the most under ``k``), the two widest
    standing row counts over each block, and for ``xboard`` only the lengths that hold
    more than two shorter blocks of the same profile end to end (which the plan can
    lay instead).
    """
    if "z" not in axes:
        return []
    out = []
    jk = []
    for j in range(1, int(math.floor((H + _TOL) / d)) + 1):
        k = _standing_layers(H - j * d - BOARD, h, max_layers, j)
        if k <= 0:
            break
        if _standing_layers(H - (j + 1) * d - BOARD, h, max_layers, j + 1) < k:
            jk.append((j, k))
    for j, k in jk:
        if "y" in axes and h <= W + _TOL:
            out += _yboard(d, h, W, longest, j, k, check)
        if "x" in axes:
            out += _xboard(d, h, W, longest, j, k, check)
    return out


def _xboard(d: float, h: float, W: float, longest: float, j: int, k: int,
            check: bool = True) -> list[Tier]:
    """``xboard`` tiers: rows of drums lying along x ``j`` high, a board, ``k`` standing layers."""
    r = 0.5 * d
    out = []
    per = [int((c * h + _TOL) // d) for c in range(int((longest + _TOL) // h) + 1)]
    lengths = [c for c in range(1, len(per)) if per[c] > 0 and all(
        per[c] > per[a] + per[c - a] for a in range(1, c))]
    for n in range(2, int((W + _TOL) // d) + 1):
        hull_y = ((1.0 - STRIP) * r, (n - 1) * d + (1.0 + STRIP) * r)
        for s in (n, n - 1):
            for c in lengths:
                sx = per[c]
                xs = (c * h - sx * d) / 2 + r + d * np.arange(sx)
                if check and not _carried(xs, r + d * np.arange(s), r, (0.0, c * h) + hull_y):
                    continue
                pieces = ((0.0, j * d + BOARD, n * d), (j * d + BOARD, j * d + BOARD + k * h, s * d))
                out.append(Tier("xboard", c * h, pieces, c * n * j + sx * s * k, (n, j, c, s, sx, k)))
    return out


def _yboard(d: float, h: float, W: float, longest: float, j: int, k: int,
            check: bool = True) -> list[Tier]:
    """``yboard`` tiers: rows of drums lying across ``j`` high, a board, ``k`` standing layers."""
    r = 0.5 * d
    out = []
    for n in range(1, int((W + _TOL) // h) + 1):
        s_max = int(math.floor((n * h - INSET - r) / d)) + 1
        for s in (s_max, s_max - 1):
            if s < 1 or s * d > W + _TOL:
                continue
            ys = r + d * np.arange(s)
            # the extra length a block needs depends on c - sx only (the end drums' insets
            # in the support region are ((c - sx) d + e) / 2 + r/10 at both ends)
            spread = {0: _spread(2, 2, d, ys, n * h), 1: _spread(2, 1, d, ys, n * h)} if check \
                else {0: 0.0, 1: 0.0}
            for c in range(2, int((longest + _TOL) // d) + 1):
                for sx in (c, c - 1):
                    e = spread[c - sx]
                    if e is None or c * d + e > longest + _TOL:
                        continue
                    ln = c * d + e
                    pieces = ((0.0, j * d + BOARD, n * h), (j * d + BOARD, j * d + BOARD + k * h, s * d))
                    out.append(Tier("yboard", ln, pieces, c * n * j + sx * s * k, (n, j, c, s, sx, k)))
                    break  # c - 1 standing rows only when c do not fit
    return out


def _spread(c: int, sx: int, d: float, ys: np.ndarray, wy: float) -> float | None:
    """Least extra length ``e`` (whole mm, at most ``d``) over ``c`` rows lying across, spread
    evenly over ``c d + e``, that carries ``sx`` standing drums per row (pitch ``d``, centred)
    at ``ys`` on a board; None when none does."""
    r = 0.5 * d

    def ok(e: float) -> bool:
        ln = c * d + e
        xs = (ln - sx * d) / 2 + r + d * np.arange(sx)
        return _carried(xs, ys, r, ((1.0 - STRIP) * r, ln - (1.0 - STRIP) * r, 0.0, wy))

    if ok(0.0):
        return 0.0
    if not ok(d):
        return None
    lo, hi = 0, int(math.ceil(d))
    while hi - lo > 1:  # the share grows with e: the least whole-mm e by bisection
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if ok(float(mid)) else (mid, hi)
    return float(hi)


def tier_widths(tiers: list[Tier]) -> np.ndarray:
    """``(n, m)`` widths of the tiers over the ``m`` height bands between all their pieces'
    ends (each band's width is the tier's widest piece over it)."""
    zs = np.array(sorted({round(z, 6) for t in tiers for p in t.pieces for z in p[:2]}))
    mid = (zs[:-1] + zs[1:]) / 2 if zs.shape[0] > 1 else np.zeros(1)
    wz = np.zeros((len(tiers), mid.shape[0]))
    for i, t in enumerate(tiers):
        for z0, z1, w in t.pieces:
            band = (mid > z0) & (mid < z1)
            wz[i, band] = np.maximum(wz[i, band], w)
    return wz


def fits_matrix(tiers: list[Tier], W: float) -> np.ndarray:
    """``fits[i, j]``: tiers ``i`` and ``j`` fit side by side (widths summing to at most ``W``
    at every height)."""
    wz = tier_widths(tiers)
    return ((wz[:, None, :] + wz[None, :, :]) <= W + 1e-6).all(axis=2)


def realise_tier(t: Tier, d: float, h: float, W: float, H: float, max_layers: int
                 ) -> tuple[np.ndarray, np.ndarray, list[tuple]]:
    """Drum centres (lane frame: x from the tier's start, y from the lane's wall), axes and
    boards ``(x0, x1, y0, y1, z, thickness)`` of one tier."""
    from loadplan.kernels.layout3d import lying_section

    r = 0.5 * d
    pts: list[tuple[float, float, float, str]] = []
    boards: list[tuple] = []
    if t.kind == "x":
        uv = np.asarray(lying_section(t.pieces[0][2], H, d, max_layers, True, bool(t.spec[0])))
        pts = [(0.5 * h, u, z, "x") for u, z in uv]
    elif t.kind in ("z", "y"):
        m = t.spec[0]
        step, high = (d, h) if t.kind == "z" else (h, d)
        pts = [(r, 0.5 * step + a * step, 0.5 * high + b * high, t.kind)
               for a in range(m) for b in range(t.value // m)]
    elif t.kind == "head":
        m, k, n, j = t.spec
        pts = [(r, r + a * d, 0.5 * h + b * h, "z") for a in range(m) for b in range(k)]
        pts += [(r, (a + 0.5) * h, k * h + r + b * d, "y") for a in range(n) for b in range(j)]
    else:
        n, j, c, s, sx, k = t.spec
        zb = j * d
        if t.kind == "yboard":
            xs = [r + a * (t.length - d) / (c - 1) for a in range(c)]
            pts = [(x, (a + 0.5) * h, r + b * d, "y") for x in xs for a in range(n) for b in range(j)]
            wy = n * h
        else:
            pts = [((a + 0.5) * h, r + b * d, r + q * d, "x") for a in range(c) for b in range(n)
                   for q in range(j)]
            wy = n * d
        boards.append((0.0, t.length, 0.0, wy, zb, BOARD))
        x0 = (t.length - sx * d) / 2 + r
        pts += [(x0 + a * d, r + b * d, zb + BOARD + 0.5 * h + q * h, "z")
                for a in range(sx) for b in range(s) for q in range(k)]
    cen = np.array([p[:3] for p in pts], dtype=np.float64).reshape(-1, 3)
    assert cen.shape[0] == t.value, "tier realised a different count"
    return cen, np.array([p[3] for p in pts], dtype="U1"), boards
