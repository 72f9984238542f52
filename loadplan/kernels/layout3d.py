"""Drums of one size in a box: lying cross-sections, standing layers, sections along x.

Kernels only (floats and arrays in, arrays out); :mod:`loadplan.filling` wraps them.

Lying cross-sections
--------------------
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

Sections along x
----------------
:func:`split_candidates` scores every split of a box's length into drums lying
along x, a block lying across and a standing strip with lying drums on its
tops (:func:`standing_quick`, :func:`head_on_tops`); :mod:`loadplan.filling`
builds the best.

Coordinates returned by the kernels are relative to the box or section they
were asked for.
"""

from __future__ import annotations

import math

import numpy as np

from loadplan._jit import njit
from loadplan.kernels.sort import argsort_stable

__all__ = [
    "TOL",
    "lying_section_plan",
    "lying_section",
    "lying_section_count",
    "lying_count_table",
    "count_from_table",
    "lying_count_open",
    "support_2d",
    "floor_family",
    "floor_family_count",
    "stack_standing",
    "extrude_x",
    "extrude_y",
    "contact_supported",
    "head_on_tops",
    "support_keys_2d",
    "standing_quick",
    "split_candidates",
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


@njit
def support_2d(uv: np.ndarray, d: float, w: float, base_ok: np.ndarray,
               wall_left: bool = True, wall_right: bool = True) -> np.ndarray:
    """Which lying drums of a cross-section are carried (no rolling).

    A drum is carried when it is on the base (``v == d/2`` and ``base_ok``),
    straight on a carried drum (same ``u``, ``d`` lower), in the groove of two
    carried drums (``u +- d/2``, ``d sqrt3/2`` lower), or on one carried drum at
    ``u -+ d/2`` with a wall (``wall_left``/``wall_right``) touching it on the
    other side. Drums are decided
    from the bottom up, so a drum over an uncarried one is uncarried too.
    """
    n = uv.shape[0]
    order = argsort_stable(uv[:, 1].copy())
    ok = np.zeros(n, dtype=np.bool_)
    for a in range(n):
        i = order[a]
        u = uv[i, 0]
        v = uv[i, 1]
        if abs(v - 0.5 * d) <= TOL:
            ok[i] = base_ok[i]
            continue
        left = False
        right = False
        straight = False
        for b in range(a - 1, -1, -1):  # sorted by height: only the rows just below
            j = order[b]
            if uv[j, 1] < v - d - TOL:
                break
            if not ok[j]:
                continue
            du = uv[j, 0] - u
            dv = v - uv[j, 1]
            if abs(du) <= TOL and abs(dv - d) <= TOL:
                straight = True
            elif abs(dv - _S3 * d) <= TOL:
                if abs(du + 0.5 * d) <= TOL:
                    left = True
                elif abs(du - 0.5 * d) <= TOL:
                    right = True
        if straight or (left and right):
            ok[i] = True
        elif left and wall_right and u + 0.5 * d >= w - TOL:
            ok[i] = True
        elif right and wall_left and u - 0.5 * d <= TOL:
            ok[i] = True
    return ok


@njit
def _hex_count(a: float, b: float, d: float) -> int:
    """Hex rows along ``a`` stacked across ``b`` (rows alternate long/short)."""
    if a < d - TOL or b < d - TOL:
        return 0
    n0 = int(math.floor((a + TOL) / d))
    n1 = int(math.floor((a - 0.5 * d + TOL) / d))
    rows = 1 + int(math.floor((b - d + TOL) / (_S3 * d)))
    return (rows + 1) // 2 * n0 + rows // 2 * n1


@njit
def floor_family_count(length: float, width: float, d: float) -> int:
    """Circles placed by :func:`floor_family` (cheap, for enumerations)."""
    if length < d - TOL or width < d - TOL:
        return 0
    sq = int(math.floor((length + TOL) / d)) * int(math.floor((width + TOL) / d))
    hx = _hex_count(length, width, d)
    hy = _hex_count(width, length, d)
    return max(sq, max(hx, hy))


@njit
def _hex_pack(a: float, b: float, d: float, swap: bool) -> np.ndarray:
    n = _hex_count(a, b, d)
    out = np.zeros((n, 2))
    if n == 0:
        return out
    n0 = int(math.floor((a + TOL) / d))
    n1 = int(math.floor((a - 0.5 * d + TOL) / d))
    rows = 1 + int(math.floor((b - d + TOL) / (_S3 * d)))
    k = 0
    for r in range(rows):
        m = n0 if r % 2 == 0 else n1
        off = 0.0 if r % 2 == 0 else 0.5 * d
        for i in range(m):
            p = 0.5 * d + off + i * d
            q = 0.5 * d + r * _S3 * d
            if swap:
                out[k, 0] = q
                out[k, 1] = p
            else:
                out[k, 0] = p
                out[k, 1] = q
            k += 1
    return out


@njit
def floor_family(length: float, width: float, d: float) -> np.ndarray:
    """The best of three simple floor patterns: square grid, hex rows along x, along y.

    A fallback and a quick estimate; :func:`loadplan.pack.pack_circles` is the
    real floor engine. Returns ``(n, 2)`` centres in ``[0,length] x [0,width]``.
    """
    if length < d - TOL or width < d - TOL:
        return np.zeros((0, 2))
    nx = int(math.floor((length + TOL) / d))
    ny = int(math.floor((width + TOL) / d))
    sq = nx * ny
    hx = _hex_count(length, width, d)
    hy = _hex_count(width, length, d)
    if hx >= sq and hx >= hy:
        return _hex_pack(length, width, d, False)
    if hy >= sq:
        return _hex_pack(width, length, d, True)
    out = np.zeros((sq, 2))
    k = 0
    for i in range(nx):
        for j in range(ny):
            out[k, 0] = 0.5 * d + i * d
            out[k, 1] = 0.5 * d + j * d
            k += 1
    return out


@njit
def _repeat(pts: np.ndarray, c0: int, c1: int, rep: int, x0: float, z0: float, h: float,
            count: int, pattern_outer: bool) -> np.ndarray:
    """A 2-D pattern repeated ``count`` times along one axis, ``h`` apart.

    Point ``i`` of ``pts`` gives coordinates ``c0`` and ``c1`` of each copy,
    copy ``j`` sits at ``h/2 + j h`` on axis ``rep``; then ``(x0, 0, z0)`` is
    added. Ordered copy by copy, or point by point when ``pattern_outer``.
    """
    n = pts.shape[0]
    out = np.zeros((n * count, 3))
    off = np.zeros(3)
    off[0] = x0
    off[2] = z0
    for a in range(n * count):
        if pattern_outer:
            i = a // count
            j = a % count
        else:
            j = a // n
            i = a % n
        out[a, c0] = off[c0] + pts[i, 0]
        out[a, c1] = off[c1] + pts[i, 1]
        out[a, rep] = off[rep] + 0.5 * h + j * h
    return out


@njit
def stack_standing(xy: np.ndarray, x0: float, z0: float, h: float, layers: int) -> np.ndarray:
    """Standing columns: every floor centre repeated ``layers`` high from ``z0``.

    Returns ``(n*layers, 3)`` centroids, layer by layer (bottom first), each
    drum straight on the one below.
    """
    return _repeat(xy, 0, 1, 2, x0, z0, h, layers, False)


@njit
def extrude_x(uv: np.ndarray, x0: float, z0: float, h: float, sections: int) -> np.ndarray:
    """Drums lying along x: the ``(y, z)`` cross-section repeated in ``sections`` of length ``h``.

    Ordered section by section (nose first), as ``uv`` within a section.
    """
    return _repeat(uv, 1, 2, 0, x0, z0, h, sections, False)


@njit
def extrude_y(uv: np.ndarray, x0: float, z0: float, h: float, columns: int) -> np.ndarray:
    """Drums lying across (axis y): the ``(x, z)`` cross-section repeated ``columns`` times along y.

    Ordered as ``uv``, each drum's columns together.
    """
    return _repeat(uv, 0, 2, 1, x0, z0, h, columns, True)


@njit
def _contact(a: float, b: float, h: float, ta: np.ndarray, tb: np.ndarray, tk: np.ndarray,
             lo_i: int, hi_i: int, r: float, min_span: float) -> tuple:
    """Core of :func:`contact_supported` over tops ``lo_i .. hi_i-1`` given by
    their coordinate along (``ta``) and across (``tb``) the drum axis."""
    lo = a - 0.5 * h
    hi = a + 0.5 * h
    cmin = 1e300
    cmax = -1e300
    kmax = -1e300
    for j in range(lo_i, hi_i):
        db = abs(tb[j] - b)
        if db >= r - 1e-3:
            continue
        half = math.sqrt(r * r - db * db)
        s0 = max(ta[j] - half, lo)
        s1 = min(ta[j] + half, hi)
        if s1 <= s0:
            continue
        if s0 < cmin:
            cmin = s0
        if s1 > cmax:
            cmax = s1
        if tk[j] > kmax:
            kmax = tk[j]
    ok = cmin <= a - 1e-3 and cmax >= a + 1e-3 and cmax - cmin >= min_span + 1e-3
    return ok, kmax


@njit
def contact_supported(
    centre: np.ndarray, axis: int, h: float, tops: np.ndarray, tops_key: np.ndarray,
    r: float, min_span: float,
) -> tuple:
    """Is a lying drum carried by the flat standing tops under it?

    ``centre`` is the lying drum's centroid ``(x, y)`` (its bottom line lies at
    the height of the tops), ``axis`` 0 for x and 1 for y, ``tops`` the
    ``(m, 2)`` centres of the standing tops at that height (radius ``r``). The
    bottom line meets the top discs in contact intervals; the drum is carried
    when they reach past its centre on both sides and span at least
    ``min_span`` (a hair more, so an independent check agrees). Returns
    ``(carried, largest tops_key among the tops it touches)``.
    """
    ta = tops[:, axis].copy()
    tb = tops[:, 1 - axis].copy()
    return _contact(centre[axis], centre[1 - axis], h, ta, tb, tops_key, 0, tops.shape[0], r,
                    min_span)


@njit
def support_keys_2d(uv: np.ndarray, d: float, key0: np.ndarray) -> np.ndarray:
    """Loading keys for a lying cross-section: a drum's key is at least the key
    of every drum that carries it (straight below, or in the groove below).

    Loading drums by (key, height) then never puts a drum before its support.
    """
    n = uv.shape[0]
    order = argsort_stable(uv[:, 1].copy())
    key = key0.copy()
    for a in range(n):
        i = order[a]
        for b in range(a - 1, -1, -1):  # sorted by height: only the rows just below
            j = order[b]
            if uv[j, 1] < uv[i, 1] - d - TOL:
                break
            du = abs(uv[j, 0] - uv[i, 0])
            dv = uv[i, 1] - uv[j, 1]
            if (du <= TOL and abs(dv - d) <= TOL) or (
                abs(du - 0.5 * d) <= TOL and abs(dv - _S3 * d) <= TOL
            ):
                if key[j] > key[i]:
                    key[i] = key[j]
    return key


@njit
def head_on_tops(
    uv: np.ndarray, axis: int, x1: float, z0: float, h: float, count: int, tops: np.ndarray,
    tops_key: np.ndarray, d: float, min_span: float, w: float, wall_left: bool,
    wall_right: bool,
) -> np.ndarray:
    """Lying drums on the flat tops of a standing layer (top at ``z0``).

    The cross-section ``uv`` (``u`` across the drum axis from the strip's side,
    ``v`` up from ``z0``) is repeated ``count`` times: sections of length ``h``
    along x from ``x1`` (``axis`` 0) or columns of width ``h`` across y
    (``axis`` 1, ``u`` along x from ``x1``). A bottom-row drum is kept when
    :func:`contact_supported` says the tops carry it, the rows above by
    :func:`support_2d` (``w`` and the walls as there). Returns ``(n, 4)``:
    centroid ``x, y, z`` and a loading key that is at least the key of
    everything carrying the drum.
    """
    n = uv.shape[0]
    r = 0.5 * d
    out = np.zeros((n * count, 4))
    k = 0
    pos = np.zeros((n, 2))
    base_ok = np.zeros(n, dtype=np.bool_)
    key0 = np.zeros(n)
    # tops sorted along the drum axis, so each drum scans only the tops under it
    order = argsort_stable(tops[:, axis].copy())
    ta = np.empty(order.shape[0])
    tb = np.empty(order.shape[0])
    tk = np.empty(order.shape[0])
    for j in range(order.shape[0]):
        ta[j] = tops[order[j], axis]
        tb[j] = tops[order[j], 1 - axis]
        tk[j] = tops_key[order[j]]
    for s in range(count):
        for i in range(n):
            if axis == 0:
                pos[i, 0] = x1 + s * h + 0.5 * h
                pos[i, 1] = uv[i, 0]
                key0[i] = x1 + s * h
            else:
                pos[i, 0] = x1 + uv[i, 0]
                pos[i, 1] = 0.5 * h + s * h
                key0[i] = x1 + uv[i, 0] - r
            base_ok[i] = False
            if abs(uv[i, 1] - r) <= TOL:
                a = pos[i, axis]
                # binary searches (np.searchsorted, left and right sides)
                x_lo = a - 0.5 * h - r
                x_hi = a + 0.5 * h + r
                lo_i = 0
                top = ta.shape[0]
                while lo_i < top:
                    mid = (lo_i + top) // 2
                    if ta[mid] < x_lo:
                        lo_i = mid + 1
                    else:
                        top = mid
                hi_i = lo_i
                top = ta.shape[0]
                while hi_i < top:
                    mid = (hi_i + top) // 2
                    if ta[mid] <= x_hi:
                        hi_i = mid + 1
                    else:
                        top = mid
                ok, km = _contact(a, pos[i, 1 - axis], h, ta, tb, tk, lo_i, hi_i, r, min_span)
                base_ok[i] = ok
                if km > key0[i]:
                    key0[i] = km
        keep = support_2d(uv, d, w, base_ok, wall_left, wall_right)
        keys = support_keys_2d(uv, d, key0)
        for i in range(n):
            if keep[i]:
                out[k, 0] = pos[i, 0]
                out[k, 1] = pos[i, 1]
                out[k, 2] = z0 + uv[i, 1]
                out[k, 3] = keys[i]
                k += 1
    return out[:k].copy()


@njit
def _bp(s: float, d: float) -> tuple:
    """Breakpoint index of a length: ``a`` whole diameters and a half or not."""
    a = int(math.floor((s + TOL) / d))
    half = 1 if s - a * d >= 0.5 * d - TOL else 0
    return a, half


@njit
def _cy(tab: np.ndarray, s: float, ht: float, d: float, rows: int, wall_left: bool) -> int:
    """Lying-across cross-section count of length ``s`` with no wall on its
    right (:func:`lying_count_open`); it depends on ``s`` only through
    ``a, half`` (see :func:`_bp`), memoised in ``tab[a, half]``."""
    a, half = _bp(s, d)
    if a <= 0:
        return 0
    if a >= tab.shape[0]:
        return lying_count_open(s, ht, d, rows, wall_left)
    if tab[a, half] < 0:
        tab[a, half] = lying_count_open(a * d + 0.5 * d * half, ht, d, rows, wall_left)
    return tab[a, half]


@njit
def standing_quick(
    rest: float, W: float, H: float, d: float, h: float, floor_n: int, kz: int,
    max_layers: int, allow_x: bool, allow_y: bool, head_x: np.ndarray, ncol: int,
    head_y: np.ndarray, wall_left: bool,
) -> np.ndarray:
    """Best standing strip of length ``rest`` (full width and height).

    ``floor_n`` drums a layer, ``k`` layers for ``k = 1..kz``, and lying drums
    in the headspace above, resting on the flat tops: along x
    (``floor(rest/h) * head_x[k]``) or across (``ncol`` columns of the
    ``rest x (H - k h)`` cross-section, memoised in ``head_y[k]``, see
    :func:`_cy`). Returns ``[total, k, head_axis (0 none, 1 x, 2 y),
    head_count]`` as int64. The head counts are optimistic: the wrapper drops
    lying drums whose contact with the tops does not carry them.
    """
    out = np.zeros(4, dtype=np.int64)
    if floor_n <= 0 or kz <= 0:
        return out
    for k in range(1, kz + 1):
        hd = 0
        ha = 0
        rem = H - k * h
        rows = 0
        if max_layers > 0:
            rows = max_layers - k
        if rem >= d - TOL and (max_layers <= 0 or rows > 0):
            if allow_x:
                c = int(math.floor((rest + TOL) / h)) * head_x[k]
                if c > hd:
                    hd = c
                    ha = 1
            if allow_y and ncol > 0:
                c = ncol * _cy(head_y[k], rest, rem, d, rows, wall_left)
                if c > hd:
                    hd = c
                    ha = 2
        tot = floor_n * k + hd
        if tot > out[0]:
            out[0] = tot
            out[1] = k
            out[2] = ha
            out[3] = hd
    return out


@njit
def split_candidates(
    L: float, W: float, H: float, d: float, h: float, allow_z: bool, allow_x: bool,
    allow_y: bool, max_layers: int, wall_y0: bool = True, wall_y1: bool = True,
) -> np.ndarray:
    """Enumerate splits of the length into three full-height sections.

    From the nose: ``m`` sections of drums lying along x (each ``h`` long, the
    best lying ``W x H`` cross-section), then a block of length ``s_y`` of drums
    lying across (the ``s_y x H`` cross-section, ``floor(W/h)`` columns), then a
    standing strip with the rest (:func:`standing_quick`, floor by
    :func:`floor_family_count`). ``s_y`` runs over the lengths where the
    cross-section gains a drum (``a d`` and ``(a + 1/2) d``) near both ends and
    over the whole rest. Counts are exact for the layouts they describe, bar the
    headspace (see :func:`standing_quick`); the wrapper rebuilds the best few
    with the real floor engine. ``wall_y0``/``wall_y1`` say whether the sides
    ``y = 0``/``y = W`` are walls that drums lying along x may lean on.

    Returns
    -------
    numpy.ndarray
        float64 ``(k, 8)``: total, m, s_y, standing layers, head axis, head
        count, lying-x count, lying-y count.
    """
    kz = int(math.floor((H + TOL) / h)) if allow_z else 0
    if max_layers > 0 and kz > max_layers:
        kz = max_layers
    mmax = int(math.floor((L + TOL) / h)) if allow_x else 0
    cx = 0
    head_x = np.zeros(kz + 1, dtype=np.int64)
    if allow_x:
        # one dynamic programme for the whole height serves every headspace
        tab_x = lying_count_table(W, H, d, wall_y0, wall_y1)
        cx = count_from_table(tab_x, H, d, max_layers)
        for k in range(1, kz + 1):
            rem = H - k * h
            rows = 0
            if max_layers > 0:
                rows = max_layers - k
            if rem >= d - TOL and (max_layers <= 0 or rows > 0):
                head_x[k] = count_from_table(tab_x, rem, d, rows)
    if cx == 0:
        mmax = 0
    ncol = int(math.floor((W + TOL) / h)) if allow_y else 0
    amax_all = int(math.floor((L + TOL) / d)) + 2
    cy_tab = np.full((2, amax_all, 2), -1, dtype=np.int64)  # [wall_left, a, half]
    hy_tab = np.full((2, kz + 1, amax_all, 2), -1, dtype=np.int64)
    out = np.zeros(((mmax + 1) * 24, 8))
    sy_list = np.zeros(23)
    k = 0
    for m in range(mmax + 1):
        r0 = L - m * h
        if r0 < -TOL:
            break
        if r0 < 0.0:
            r0 = 0.0
        amax = int(math.floor((r0 + TOL) / d))
        nsy = 0
        sy_list[nsy] = 0.0
        nsy += 1
        if ncol > 0 and r0 >= d - TOL:
            sy_list[nsy] = r0
            nsy += 1
            for a in range(1, amax + 1):
                if a <= 5 or a >= amax - 4:
                    for half in range(2):
                        s = a * d + 0.5 * d * half
                        if s <= r0 + TOL and nsy < 23:
                            sy_list[nsy] = s
                            nsy += 1
        wl = 1 if m == 0 else 0
        for q in range(nsy):
            sy = sy_list[q]
            rest = r0 - sy
            if rest < 0.0:
                rest = 0.0
            cy = 0
            if sy > 0.0:
                cy = _cy(cy_tab[wl], sy, H, d, max_layers, wl == 1)
            fz = np.zeros(4, dtype=np.int64)
            if kz > 0 and rest >= d - TOL:
                fn = floor_family_count(rest, W, d)
                hl = 1 if (m == 0 and sy <= 0.0) else 0
                fz = standing_quick(rest, W, H, d, h, fn, kz, max_layers, allow_x, allow_y,
                                    head_x, ncol, hy_tab[hl], hl == 1)
            out[k, 0] = m * cx + ncol * cy + fz[0]
            out[k, 1] = m
            out[k, 2] = sy
            out[k, 3] = fz[1]
            out[k, 4] = fz[2]
            out[k, 5] = fz[3]
            out[k, 6] = m * cx
            out[k, 7] = ncol * cy
            k += 1
    return out[:k].copy()
