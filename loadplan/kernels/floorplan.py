"""Column types on the floor in two lanes: interlocks and staggered band ends.

Kernels only; :mod:`loadplan.floorplan` builds the items and the layout.

The model
---------
An *item* is a block of drums with a rectangular footprint: ``length`` along x
(from a short list of lengths, given by index into the position table), ``width``
across (y) and a ``value`` (how many drums it holds, all heights included).
Items are laid in two *lanes*, one along each side wall (lane 0 from ``y = 0``,
lane 1 from ``y = W`` inwards), each lane a sequence of items end to end along
x from the front wall. Two items in different lanes whose x-ranges overlap
must have widths summing to at most ``W``; items in one lane never overlap.
Lanes end independently (staggered band ends), and the two lanes may swap wide
and narrow items anywhere (interlocks such as a drum lying along x beside one
lying across, the two swapping sides every period). One lane alone with
full-width items gives the guillotine sections along x.

The dynamic programme
---------------------
Every item starts either where the previous item of its lane ends or where an
item of the other lane ends (left-justified packings; any packing of this
kind can be shifted to one). The lane whose end is smaller (the *lagging*
lane, end ``a``) is extended next; the other (*leading*, end ``b >= a``) has
its last item covering ``[s, b]`` with ``s <= a`` (it was added when its lane
was lagging), so a new item ``[a, a + l]`` can only meet that item among the
items placed so far (later ones are checked when they are added). The state
is therefore ``(a, b, last item of the leading lane)``, and a move either
adds an item to the lagging lane (allowed when ``b == a`` or its width plus
the leading item's width is at most ``W``) or lets the lagging lane wait
until ``b``. Positions are sums of item lengths (a sorted table), so ``b`` is
``a``'s index plus an offset below ``window``.
"""

from __future__ import annotations

import numpy as np

from loadplan._jit import njit

__all__ = ["two_lane_plan", "two_lane_fit_plan"]


@njit
def two_lane_plan(nxt: np.ndarray, window: int, item_len: np.ndarray, item_w: np.ndarray,
                  item_v: np.ndarray, width: float) -> np.ndarray:
    """The best two-lane arrangement of items along x (see the module notes).

    Items of different lanes may overlap along x when their widths sum to at
    most ``width``: :func:`two_lane_fit_plan` with that pair rule.

    Parameters
    ----------
    nxt : numpy.ndarray
        int64 ``(P, Q)``: index of position ``p`` plus length ``q`` in the sorted
        position table (``-1`` past the end of the floor). Position 0 is x = 0.
    window : int
        Largest index offset between the two lane ends (positions within the
        longest item length of one another).
    item_len : numpy.ndarray
        int64 ``(n,)``: each item's length index ``q``.
    item_w, item_v : numpy.ndarray
        float64 widths (mm) and int64 values of the items.
    width : float
        The floor's width ``W`` (mm).

    Returns
    -------
    numpy.ndarray
        int64 ``(m, 3)``: the chosen items in the order they were added, each
        as ``(item, lane, start position index)``; row 0 is
        ``(best value, m - 1, 0)``.
    """
    n = item_w.shape[0]
    fits = np.zeros((n, n), dtype=np.bool_)
    for i in range(n):
        for j in range(n):
            fits[i, j] = not (item_w[i] + item_w[j] > width + 1e-6)
    return two_lane_fit_plan(nxt, window, item_len, fits, item_v)


@njit
def two_lane_fit_plan(nxt: np.ndarray, window: int, item_len: np.ndarray, fits: np.ndarray,
                      item_v: np.ndarray) -> np.ndarray:
    """The best two-lane arrangement with any rule for which items may sit side by side.

    Items whose width changes with height (standing drums with drums lying
    across on their tops, lying drums under a board with standing drums on it)
    fit beside one another when their widths sum to at most ``W`` at every
    height, which is not a sum of two numbers: ``fits[i, j]`` says whether
    items ``i`` and ``j`` of different lanes may overlap along x. The state and
    its proof are the module notes' (only a pair of overlapping items of
    different lanes is ever checked, so any symmetric pair rule will do);
    :func:`two_lane_plan` is this with ``fits[i, j] = w_i + w_j <= W``.

    Parameters
    ----------
    nxt, window, item_len, item_v
        As for :func:`two_lane_plan`.
    fits : numpy.ndarray
        bool ``(n, n)``, symmetric.

    Returns
    -------
    numpy.ndarray
        As for :func:`two_lane_plan`.
    """
    npos = nxt.shape[0]
    n = item_len.shape[0]
    nw = n + 1
    size = npos * window * nw
    val = np.full(size, -1, dtype=np.int64)
    par = np.full(size, -1, dtype=np.int64)
    pit = np.full(size, -1, dtype=np.int64)  # item added on the way in (-1: a wait)
    val[0] = 0
    best = 0
    best_s = 0
    for ai in range(npos):
        for k in range(window):
            bi = ai + k
            if bi >= npos:
                break
            for li in range(nw):
                s = (ai * window + k) * nw + li
                v0 = val[s]
                if v0 < 0:
                    continue
                if v0 > best:
                    best = v0
                    best_s = s
                if k > 0:  # the lagging lane waits until b
                    t = (bi * window) * nw
                    if val[t] < v0:
                        val[t] = v0
                        par[t] = s
                        pit[t] = -1
                for it in range(n):
                    if k > 0 and not fits[it, li - 1]:
                        continue
                    ei = nxt[ai, item_len[it]]
                    if ei < 0:
                        continue
                    if ei <= bi:
                        t = (ei * window + (bi - ei)) * nw + li
                    else:
                        if ei - bi >= window:
                            continue
                        t = (bi * window + (ei - bi)) * nw + it + 1
                    nv = v0 + item_v[it]
                    if val[t] < nv:
                        val[t] = nv
                        par[t] = s
                        pit[t] = it
    return _walk_back(nxt, window, item_len, val, par, pit, best_s)


@njit
def _walk_back(nxt: np.ndarray, window: int, item_len: np.ndarray, val: np.ndarray,
               par: np.ndarray, pit: np.ndarray, best_s: int) -> np.ndarray:
    """The items of the plan ending in state ``best_s``, replayed from the start to
    learn each item's lane (the lagging lane swaps when an item passes the other end)."""
    nw = val.shape[0] // (nxt.shape[0] * window)
    size = val.shape[0]
    best = val[best_s]
    steps = np.zeros(size if size < 4096 else 4096, dtype=np.int64)
    m = 0
    s = best_s
    while par[s] >= 0:
        if m >= steps.shape[0]:
            grown = np.zeros(2 * steps.shape[0], dtype=np.int64)
            for q in range(m):  # a loop, not a slice copy: no shape-error strings to compile
                grown[q] = steps[q]
            steps = grown
        steps[m] = s
        m += 1
        s = par[s]
    out = np.zeros((m + 1, 3), dtype=np.int64)
    out[0, 0] = best
    rows = 0
    lag = 0  # lane id of the lagging lane
    for j in range(m - 1, -1, -1):
        t = steps[j]
        p = par[t]
        ai = p // (window * nw)
        k = (p // nw) % window
        it = pit[t]
        if it < 0:
            continue  # a wait keeps the lagging lane
        rows += 1
        out[rows, 0] = it
        out[rows, 1] = lag
        out[rows, 2] = ai
        ei = nxt[ai, item_len[it]]
        if ei > ai + k:
            lag = 1 - lag
    out[0, 1] = rows
    return out[:rows + 1]
