"""Choosing the split (and the band width) of a box: the candidate search.

Every ``m`` and the lengths where the lying-across block gains a drum are
scored with exact counts from lattice floors
(:func:`~loadplan.kernels.layout3d.split_candidates`); the best few are built,
then the best are rebuilt with the real floor engine (the engine's floors only
add drums). With two or more axes the box may also be cut into two bands along
its full length, each laid out on its own.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from loadplan.filling.loading import Parts
from loadplan.filling.pieces import Box, candidates
from loadplan.filling.realise import realise, realise_bound
from loadplan.filling.validation import TOL

__all__ = ["build_one", "build_bound", "split_picks", "band_widths", "build", "build_for",
           "layout_bound"]

_CANDIDATES = 6  # mixed splits rebuilt with the real floor engine


def build_one(box: Box, engine: bool = True, cap: int | None = None, beat: int = -1) -> Parts:
    """Best layout of one box over the splits along x (see the module notes).

    The best few splits are built with lattice floors; with ``engine`` the
    pure layout and the best two are rebuilt with the circle engine's floors
    (which only add drums), so the engine runs at most three times; not at
    all when the lattice layout already holds ``cap`` drums.

    A rebuild is kept only when it holds more than the best so far, so it is
    not made when its proven bound (:func:`~loadplan.filling.realise.realise_bound`)
    says it cannot, nor when it cannot hold more than ``beat`` drums (a caller
    that discards any layout of at most ``beat`` drums): the result is the same
    as without these skips whenever it holds more than ``beat`` drums.
    """
    box = _fitted(box)
    if not box.axes:
        return Parts()
    picks = split_picks(box)
    trials = [realise(box, m, sy, k, False) for m, sy, k in picks]
    ranked = sorted(range(len(picks)), key=lambda i: -trials[i].count)
    best = trials[ranked[0]] if trials else Parts()
    if engine and "z" in box.axes and (cap is None or best.count < cap):
        for i in sorted({0, *ranked[:2]}):
            if realise_bound(box, *picks[i]) <= max(best.count, beat):
                continue  # the rebuild could not be kept
            trial = realise(box, *picks[i], True)
            if trial.count > best.count:
                best = trial
    return best


def build_bound(box: Box) -> int:
    """A proven upper bound on ``build_one(box, ...).count`` (any ``engine``, ``cap``,
    ``beat``): the largest :func:`~loadplan.filling.realise.realise_bound` of its splits."""
    box = _fitted(box)
    if not box.axes:
        return 0
    return max((realise_bound(box, *p) for p in split_picks(box)), default=0)


def _fitted(box: Box) -> Box:
    """``box`` with only the axes in which a drum fits it (the same box when all do)."""
    ax = box.fitting()
    return box if ax == box.axes else replace(box, axes=ax)


def split_picks(box: Box) -> list[tuple[int, float, int]]:
    """The splits :func:`build_one` builds: the pure layout, then the best lattice-scored."""
    cand = candidates(box)
    order = np.argsort(-cand[:, 0], kind="stable")
    picks: list[tuple[int, float, int]] = []
    seen = set()
    # always the pure layouts, then the best mixed splits
    for row in [cand[0]] + [cand[i] for i in order]:
        key = (int(row[1]), round(float(row[2]), 6))
        if key in seen:
            continue
        seen.add(key)
        picks.append((int(row[1]), float(row[2]), int(row[3])))
        if len(picks) >= _CANDIDATES:
            break
    return picks


def band_widths(d: float, h: float, W: float) -> list[float]:
    """Widths of a first band along the full length where a block of up to
    four rows or columns gains one. (Complements are not needed: a band of
    width ``W - w`` against the first wall mirrors a band of width ``w``
    against the other.)"""
    lo = min(d, h) - TOL
    out = set()
    j = 1
    while j * min(d, h) <= W and j <= 4:
        for w in (j * d, j * h, d + (j - 1) * d * math.sqrt(3.0) / 2.0):
            if lo <= w <= W - lo:
                out.add(round(w, 6))
        j += 1
    return sorted(out)


def _bands(box: Box, w: float) -> tuple[Box, Box]:
    """The two bands ``y < w`` (wall at ``y = 0``) and ``y > w`` (wall at ``y = W``)."""
    b = box
    return (Box(b.d, b.h, b.L, w, b.H, b.axes, b.max_layers, (True, False)),
            Box(b.d, b.h, b.L, b.W - w, b.H, b.axes, b.max_layers, (False, True)))


def _band_score(box: Box, w: float) -> float:
    """The lattice score of the two bands at width ``w``."""
    s = 0.0
    for band in _bands(box, w):
        band = _fitted(band)
        if band.axes:
            s += float(candidates(band)[:, 0].max())
    return s


def _band_tries(box: Box) -> list[tuple[float, float]]:
    """``(score, width)`` of the band widths :func:`_two_bands` may build, best first."""
    scored = sorted(((_band_score(box, w), w) for w in band_widths(box.d, box.h, box.W)),
                    key=lambda t: -t[0])
    return scored[:2]


def _two_bands(box: Box, best: Parts, cap: int | None) -> Parts:
    """``best``, or two bands along the full length when they hold more."""
    scored = _band_tries(box)
    base_quick = float(candidates(_fitted(box))[:, 0].max())
    for rank, (s, w) in enumerate(scored[:2]):
        if s <= min(base_quick, best.count) - 1e-9:
            break
        if cap is not None and best.count >= cap:
            break
        # the best-scored width is always built with the engine's floors too; the
        # others only when their lattice floors already win (an engine build keeps
        # the lattice layout unless the engine adds drums)
        engine = rank == 0
        lo, hi = _bands(box, w)
        # the two bands are kept only when they hold more than ``best``: by their proven
        # bounds they may not, and one band need not be built past what the other leaves
        ub_hi = build_bound(hi)
        if build_bound(lo) + ub_hi <= best.count:
            continue
        a = build_one(lo, engine, beat=best.count - ub_hi)
        b = build_one(hi, engine, beat=best.count - a.count)
        if not engine and a.count + b.count > best.count:
            a = build_one(lo, True, beat=best.count - ub_hi)
            b = build_one(hi, True, beat=best.count - a.count)
        if a.count + b.count > best.count:
            merged = Parts((box.d, box.h))
            merged.extend(a)
            merged.extend(b, w)
            merged.notes.append(f"two bands along the length: y < {w:.0f} mm and y > {w:.0f} mm")
            best = merged
    return best


def build(box: Box, cap: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Best layout: centres, axes and loading keys (unsorted), notes.

    The whole box (:func:`build_one`), or, with two or more axes, the box cut
    into two bands along its full length (``y < w`` and ``y > w``), each laid
    out on its own; a band side that is not a container wall gives drums lying
    along x nothing to lean on. Band widths are scored with the lattice counts
    of :func:`~loadplan.kernels.layout3d.split_candidates`; the best two are
    built for real and kept when they beat the whole-box layout. The search
    stops once a layout holds ``cap`` drums (the payload limit).
    """
    best = build_one(box, cap=cap)
    if len(box.fitting()) >= 2 and (cap is None or best.count < cap):
        best = _two_bands(box, best, cap)
    c, a, k = best.arrays()
    return c, a, k, best.notes


def layout_bound(box: Box) -> int:
    """A proven upper bound on ``build(box, cap)`` 's count (any ``cap``), without the
    circle engine: :func:`build_bound` of the whole box, or, where :func:`build` may
    keep two bands, of the bands' sums at the widths it tries, whichever is larger
    (every layout it keeps is one of these)."""
    best = build_bound(box)
    if len(box.fitting()) >= 2:
        for _, w in _band_tries(box):
            lo, hi = _bands(box, w)
            best = max(best, build_bound(lo) + build_bound(hi))
    return best


def build_for(box: Box, cap: int | None,
              shorten: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """:func:`build` for at most ``cap`` drums; with ``shorten``, in the shortest box
    length from the nose (doubling from a volume estimate) that holds ``cap`` drums."""
    if not shorten or cap is None:
        return build(box, cap)
    b = box
    need = max(b.d, b.h)
    # drums fill well under 45 % of a box: start there, double until cap drums fit
    length = min(b.L, max(need, cap * (math.pi * b.d * b.d * b.h / 4.0) / (0.45 * b.W * b.H)))
    while True:
        out = build(replace(b, L=length), cap)
        if out[0].shape[0] >= cap or length >= b.L:
            return out
        length = min(b.L, 2.0 * length)
