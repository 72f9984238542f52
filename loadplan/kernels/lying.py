"""Lying drums of one size in a cross-section: the row dynamic programme.

Kernels only (floats and arrays in, arrays out); :mod:`loadplan.filling` wraps
them (through the re-exports of :mod:`loadplan.kernels.layout3d`).

A lying drum must not roll. A cross-section (width ``w`` across, height ``ht``
up) is built from horizontal rows. Row slots sit at ``u = d/2 + o d/2 + i d``
where the row's offset ``o`` is 0 (a "long" row, flush with the left wall) or 1
(shifted by ``d/2``). A row is laid either

- *straight* on the row below (same offset, pitch ``d``): every drum straight
  on one drum below, the row held by its neighbours and the walls or chocks; or
- *staggered* (the other offset, pitch ``d*sqrt(3)/2``): every drum in the
  groove of two drums below (offset exactly ``d/2`` each side), or an end drum
  on one drum below with a wall touching it on the side it would roll to.
  Container walls count as walls; a neighbouring block and the doors do not
  (the ``wall_left``/``wall_right`` flags).

Only these two transitions are used (never shifted rows with an offset below
``d/2``, on which a lying drum would roll). :func:`lying_section_plan` finds the
sequence of transitions with the most drums by an exact dynamic programme over
(straight count, staggered count, offset, first and last kept slot): a row's
kept slots are always one run ``lo .. hi`` (a groove needs both neighbours, so
an uncarried drum can only be at an end), so that state is complete. Without
a right wall a row's run depends only on how many staggers lie below it, and
:func:`lying_count_open` counts in O(rows^2).

Coordinates are relative to the cross-section asked for.
"""

from __future__ import annotations

import math

import numpy as np

from loadplan._jit import njit

__all__ = [
    "TOL",
    "lying_section_plan",
    "lying_section",
    "lying_section_count",
    "lying_count_table",
    "count_from_table",
    "lying_count_open",
]

TOL = 1e-6
_S3 = math.sqrt(3.0) / 2.0


@njit
def _slots(w: float, d: float) -> tuple:
    """Slots of a long row (offset 0) and of a shifted row (offset 1)."""
    a0 = int(math.floor((w + TOL) / d))
    a1 = int(math.floor((w - 0.5 * d + TOL) / d))
    if a1 < 0:
        a1 = 0
    return a0, a1


@njit
def _transition_limits(ht: float, d: float) -> tuple:
    """Most straight (pitch ``d``) and most staggered (pitch ``d sqrt3/2``)
    transitions above a first row that fit the height ``ht`` (each ``>= 0``)."""
    smax = int(math.floor((ht - d + TOL) / d))
    tmax = int(math.floor((ht - d + TOL) / (_S3 * d)))
    return max(smax, 0), max(tmax, 0)


@njit
def _plan_count(plan: np.ndarray) -> int:
    """Drums in a row plan of :func:`lying_section_plan`."""
    n = 0
    for r in range(plan.shape[0]):
        n += plan[r, 2] - plan[r, 1] + 1
    return n


@njit
def _stagger(o: int, lo: int, hi: int, w: float, d: float, a0: int, a1: int,
             wall_left: bool, wall_right: bool) -> tuple:
    """Kept slots ``(lo', hi')`` of a staggered row laid on a row (offset ``o``,
    slots ``lo..hi``); ``lo' > hi'`` when none is carried."""
    if hi < lo:
        return 1, 0
    if o == 0:
        # new row offset 1, slot i at d + i d, in the groove of slots i, i+1 below
        nlo = lo
        nh = hi - 1
        # end drum on slot hi below (to its left) would roll right: right wall
        if wall_right and hi <= a1 - 1 and d + hi * d + 0.5 * d >= w - TOL:
            nh = hi
        if nh > a1 - 1:
            nh = a1 - 1
        return nlo, nh
    # o == 1: new row offset 0, slot i at d/2 + i d, in the groove of i-1, i below
    nlo = lo + 1
    if lo == 0 and wall_left:
        nlo = 0  # slot 0 on slot 0 below, against the left wall
    nh = hi
    # end drum hi+1 on slot hi below (to its left) would roll right: right wall
    if wall_right and hi + 1 <= a0 - 1 and (hi + 2) * d >= w - TOL:
        nh = hi + 1
    if nh > a0 - 1:
        nh = a0 - 1
    return nlo, nh


@njit
def _lying_dp(w: float, ht: float, d: float, max_rows: int, wall_left: bool,
              wall_right: bool) -> tuple:
    """The dynamic programme behind :func:`lying_section_plan`.

    Returns ``(best, par, base, a0)``: ``best[s, t, o, lo, hidx]`` the most
    drums with ``s`` straight and ``t`` staggered transitions ending in a row of
    offset ``o`` keeping slots ``lo .. hidx-1+base`` (-1 unreachable or not
    fitting), ``par`` the predecessor state's code.
    """
    a0, a1 = _slots(w, d)
    smax, tmax = _transition_limits(ht, d)
    # every staggered row loses at most one slot at each end, so the first kept
    # slot is in 0 .. tmax+1 and the last in base-1 .. a0-1 (hidx = hi+1-base);
    # with a left wall the first kept slot is always 0
    base = a0 - tmax - 2
    if base < 0:
        base = 0
    hmax = a0 - base
    nlo = tmax + 2 if not wall_left else 1
    best = np.full((smax + 1, tmax + 1, 2, nlo, hmax + 1), -1, dtype=np.int64)
    par = np.full((smax + 1, tmax + 1, 2, nlo, hmax + 1), -1, dtype=np.int64)
    if w < d - TOL or ht < d - TOL or a0 <= 0:
        return best, par, base, a0
    best[0, 0, 0, 0, hmax] = a0
    for s in range(smax + 1):
        for t in range(tmax + 1):
            if d + s * d + t * _S3 * d > ht + TOL:
                continue
            rows = 1 + s + t
            if max_rows > 0 and rows >= max_rows:
                continue
            for o in range(2):
                for lo in range(nlo):
                    for hidx in range(hmax + 1):
                        v = best[s, t, o, lo, hidx]
                        if v < 0:
                            continue
                        hi = hidx - 1 + base
                        if hi < lo:
                            continue  # nothing to stand on
                        code = (o * nlo + lo) * (hmax + 1) + hidx
                        # straight: the same slots, each on the drum below
                        if s + 1 <= smax and d + (s + 1) * d + t * _S3 * d <= ht + TOL:
                            nv = v + hi - lo + 1
                            if nv > best[s + 1, t, o, lo, hidx]:
                                best[s + 1, t, o, lo, hidx] = nv
                                par[s + 1, t, o, lo, hidx] = code
                        # staggered
                        if t + 1 <= tmax and d + s * d + (t + 1) * _S3 * d <= ht + TOL:
                            l2, h2 = _stagger(o, lo, hi, w, d, a0, a1, wall_left, wall_right)
                            if l2 <= h2 and l2 < nlo and h2 + 1 - base >= 0:
                                nv = v + h2 - l2 + 1
                                if nv > best[s, t + 1, 1 - o, l2, h2 + 1 - base]:
                                    best[s, t + 1, 1 - o, l2, h2 + 1 - base] = nv
                                    par[s, t + 1, 1 - o, l2, h2 + 1 - base] = code
    return best, par, base, a0


@njit
def lying_count_open(w: float, ht: float, d: float, max_rows: int,
                     wall_left: bool = True) -> int:
    """:func:`lying_section_count` for a cross-section with no wall on its right.

    Without a right wall every staggered row into offset 1 loses the last slot
    and every one back to offset 0 keeps it, and without a left wall every
    stagger back to offset 0 loses the first slot: a row's slots depend only on
    how many staggers lie below it. So the best sequence is a tiny dynamic
    programme over (straight, staggered) counts, O(rows^2).
    """
    a0, a1 = _slots(w, d)
    if a0 <= 0 or ht < d - TOL:
        return 0
    smax, tmax = _transition_limits(ht, d)
    val = np.full((smax + 1, tmax + 1), -1, dtype=np.int64)
    best = 0
    for s in range(smax + 1):
        for t in range(tmax + 1):
            if d + s * d + t * _S3 * d > ht + TOL:
                continue
            if max_rows > 0 and 1 + s + t > max_rows:
                continue
            hi = a0 - 1 - (t + 1) // 2
            lo = 0 if wall_left else t // 2
            c = hi - lo + 1
            if c < 0:
                c = 0
            if s == 0 and t == 0:
                v = a0
            else:
                p = -1
                if s > 0 and val[s - 1, t] > p:
                    p = val[s - 1, t]
                if t > 0 and val[s, t - 1] > p:
                    p = val[s, t - 1]
                if p < 0:
                    continue
                v = p + c
            val[s, t] = v
            if v > best:
                best = v
    return best


@njit
def lying_section_plan(w: float, ht: float, d: float, max_rows: int,
                       wall_left: bool = True, wall_right: bool = True) -> np.ndarray:
    """Best sound row sequence for lying drums in a ``w x ht`` cross-section.

    Parameters
    ----------
    w, ht : float
        Width (horizontal) and height of the cross-section, mm.
    d : float
        Drum diameter, mm.
    max_rows : int
        Most rows (tiers) allowed; ``<= 0`` means no limit.
    wall_left, wall_right : bool
        Whether the sides ``u = 0`` / ``u = w`` are walls an end drum may lean
        on (container walls are; a neighbouring block or the doors are not).

    Returns
    -------
    numpy.ndarray
        int64 array ``(R, 4)``: per row from the bottom, its offset ``o`` (0 or
        1), its first and last kept slot ``lo``, ``hi`` and its transition from
        the row below (0 first row, 1 straight, 2 staggered). Empty when no
        drum fits.
    """
    out0 = np.zeros((0, 4), dtype=np.int64)
    best, par, base, a0 = _lying_dp(w, ht, d, max_rows, wall_left, wall_right)
    nlo = best.shape[3]
    hmax = best.shape[4] - 1
    top = np.zeros(6, dtype=np.int64)
    top[0] = -1
    for s in range(best.shape[0]):
        for t in range(best.shape[1]):
            for o in range(2):
                for lo in range(nlo):
                    for hidx in range(hmax + 1):
                        v = best[s, t, o, lo, hidx]
                        if v > top[0]:
                            top[0] = v
                            top[1] = s
                            top[2] = t
                            top[3] = o
                            top[4] = lo
                            top[5] = hidx
    if top[0] <= 0:
        return out0
    nrows = 1 + top[1] + top[2]
    out = np.zeros((nrows, 4), dtype=np.int64)
    s = top[1]
    t = top[2]
    o = top[3]
    lo = top[4]
    hidx = top[5]
    for r in range(nrows - 1, -1, -1):
        out[r, 0] = o
        out[r, 1] = lo
        out[r, 2] = hidx - 1 + base
        if r == 0:
            break
        code = par[s, t, o, lo, hidx]
        po = code // (nlo * (hmax + 1))
        plo = (code // (hmax + 1)) % nlo
        ph = code % (hmax + 1)
        if po == o:  # a stagger flips the offset: same offset means straight
            out[r, 3] = 1
            s -= 1
        else:
            out[r, 3] = 2
            t -= 1
        o = po
        lo = plo
        hidx = ph
    return out


@njit
def lying_section(w: float, ht: float, d: float, max_rows: int,
                  wall_left: bool = True, wall_right: bool = True) -> np.ndarray:
    """Centres ``(u, v)`` of the best sound lying cross-section (see module doc).

    ``u`` runs across ``[0, w]`` from the left side, ``v`` up from the floor.
    """
    plan = lying_section_plan(w, ht, d, max_rows, wall_left, wall_right)
    out = np.zeros((_plan_count(plan), 2))
    k = 0
    v = 0.5 * d
    for r in range(plan.shape[0]):
        if r > 0:
            v += d if plan[r, 3] == 1 else _S3 * d
        o = plan[r, 0]
        for i in range(plan[r, 1], plan[r, 2] + 1):
            out[k, 0] = 0.5 * d + 0.5 * d * o + i * d
            out[k, 1] = v
            k += 1
    return out


@njit
def lying_section_count(w: float, ht: float, d: float, max_rows: int,
                        wall_left: bool = True, wall_right: bool = True) -> int:
    """How many drums :func:`lying_section` places."""
    return _plan_count(lying_section_plan(w, ht, d, max_rows, wall_left, wall_right))


@njit
def lying_count_table(w: float, ht: float, d: float, wall_left: bool = True,
                      wall_right: bool = True) -> np.ndarray:
    """Most drums of a ``w x ht`` lying cross-section, per row sequence shape.

    Returns int64 ``(S + 1, T + 1)``: entry ``[s, t]`` is the most drums with
    exactly ``s`` straight and ``t`` staggered transitions (``-1`` when no such
    sequence fits ``ht``), from one run of the dynamic programme of
    :func:`lying_section_plan` without a row limit. The programme's states and
    transitions do not depend on the height or the row limit, which only cut
    off sequences, so :func:`count_from_table` answers every lower height and
    every row limit from this table exactly as :func:`lying_section_count`
    would (one run instead of one per height: the headspace above ``k``
    standing layers is asked for every ``k``).
    """
    best, par, base, a0 = _lying_dp(w, ht, d, 0, wall_left, wall_right)
    out = np.full((best.shape[0], best.shape[1]), -1, dtype=np.int64)
    for s in range(best.shape[0]):
        for t in range(best.shape[1]):
            for o in range(2):
                for lo in range(best.shape[3]):
                    for hidx in range(best.shape[4]):
                        if best[s, t, o, lo, hidx] > out[s, t]:
                            out[s, t] = best[s, t, o, lo, hidx]
    return out


@njit
def count_from_table(table: np.ndarray, ht: float, d: float, max_rows: int) -> int:
    """:func:`lying_section_count` for height ``ht`` (at most the table's) and
    ``max_rows`` rows (``<= 0``: no limit), from :func:`lying_count_table`."""
    best = 0
    for s in range(table.shape[0]):
        for t in range(table.shape[1]):
            if table[s, t] <= best:
                continue
            if d + s * d + t * _S3 * d > ht + TOL:
                continue
            if max_rows > 0 and 1 + s + t > max_rows:
                continue
            best = table[s, t]
    return best
