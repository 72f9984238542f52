"""A proven mixed-orientation bound for big drums from lines across the container (:func:`line_upper_bound`).

The proof
---------
Let the drums (diameter ``d``, length ``h``, axes ``O``, subset of x, y, z) be
disjoint inside the box ``L x W x H``. For an axis ``f`` take the lines
parallel to ``f`` through the box; the box's extent along them is ``E_f``
and they cross its face of area ``A_f``. A line meets each drum in a segment
(drums are convex); the segments on one line are disjoint and lie in
``[0, E_f]``, so their lengths sum to at most ``E_f``.

- A drum of axis ``f`` meets the lines through a disc of area ``pi d^2 / 4``,
  each in a segment of length exactly ``h``.
- A drum whose axis is across ``f`` meets them through an ``h x d``
  rectangle, in the chord ``c(u) = 2 sqrt(r^2 - u^2)`` (``u`` the offset from
  its axis across the rectangle); ``c >= t`` on a width ``d sqrt(1 - (t/d)^2)``.

Give a segment a weight: ``p_f >= 0`` for a parallel one and
``w_f(c) = sum_k a_{f,k} [c >= t_k]`` (``a_{f,k} >= 0``) for a chord of
length ``c``. The *mass* of a drum of axis ``o`` is the sum over the
families used of the integral of its weights over its footprint,
``m_o = [o in F] p_o pi d^2/4 + sum_{f in F, f != o} h d sum_k a_{f,k} sqrt(1 - (t_k/d)^2)``.
If ``M_f`` is at least the total weight one line of family ``f`` can carry,
integrating over the face gives ``sum over drums of mass <= sum_f A_f M_f``.
With ``mu_o >= max(0, 1 - m_o)`` and ``B_o`` the proven bound on the drums
of axis ``o`` alone (:func:`~loadplan.filling.bound.axis_bound`: layers x the
circle bound of the cross-section; it holds in a mixed packing too),

    ``n = sum_o n_o <= sum_o (m_o + mu_o) n_o <= sum_f A_f M_f + sum_o mu_o B_o``.

A line's weight is largest when every chord is as short as its level allows
(weights only grow with the chord), so ``M_f`` is the largest weight of a
multiset of items (length ``h``, weight ``p_f``; length ``t_k``, weight
``a_{f,1} + ... + a_{f,k}``) whose lengths sum to at most ``E_f``; with
weights ``>= 0`` only maximal multisets need looking at
(:func:`line_patterns`, exhaustive, exact lengths, no grid). The weights are
chosen by a linear programme (scipy's HiGHS), and the bound is then
*recomputed from the weights found* (``M_f`` over the patterns, ``mu_o``
from the masses), so a solver tolerance can only make it looser, never
wrong. Packings within the verifier's tolerance are covered by computing
for drums ``2e-6`` mm smaller in diameter and length and a box ``2e-6`` mm
larger (a drum shrunk by ``TOL/2`` is disjoint from the others and inside).

What it sees and what it does not
---------------------------------
Only the integrality of a short line: two long chords and a short third,
four standing segments and no room for a lying drum's long chords. Chords
come in every length, so where a line is several diameters long the short
chords fill it and the bound is the volume bound; the families used are the
axes whose extent is under :data:`SHORT` diameters, and the LP only runs
when there is one (big drums). It does not see that a drum's chords on
neighbouring lines belong together (nesting), nor the 2-D circle maxima.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from loadplan.filling.bound import axis_bound
from loadplan.filling.validation import TOL, fits_box

__all__ = ["SHORT", "MAX_PATTERNS", "chord_levels", "line_patterns", "line_weight",
           "line_upper_bound"]

#: A family of lines is used when the box's extent along it is below this many diameters.
SHORT = 3.0
#: The LP is not built when a family has more maximal patterns than this (then ``None``).
MAX_PATTERNS = 4000

_AXES = "xyz"


def chord_levels(d: float, h: float, extent: float, parallel: bool) -> list[float]:
    """Chord levels for one family: just above ``(extent - j h) / m`` in ``[d/2, d)``, where ``m``
    chords stop fitting beside ``j`` parallel segments, and the twentieths ``0.5 d ... 0.95 d``.

    Any levels give a valid bound; these are where a line's integrality bites.

    Examples
    --------
    >>> [round(t) for t in chord_levels(1000.0, 900.0, 2400.0, False)][:6]
    [500, 550, 600, 600, 650, 700]
    """
    lv = {d * k / 20.0 for k in range(10, 20)}
    for j in range(int(extent // h) + 1 if parallel else 1):
        for m in range(1, 8):
            t = (extent - j * h) / m * (1.0 + 1e-9)
            if d / 2.0 <= t < d:
                lv.add(t)
    return sorted(lv)


def line_patterns(lengths: list[float], extent: float) -> list[tuple[int, ...]]:
    """Every maximal multiset of items (counts per item) whose lengths sum to at most ``extent``.

    Maximal: no item can be added. Every multiset that fits is contained in a maximal one.

    Examples
    --------
    >>> line_patterns([3.0, 2.0], 7.0)
    [(2, 0), (1, 2), (0, 3)]
    """
    short = min(lengths)
    out: list[tuple[int, ...]] = []
    counts = [0] * len(lengths)

    def walk(i: int, room: float) -> None:
        if i == len(lengths):
            if room < short:
                out.append(tuple(counts))
            return
        for c in range(int(room / lengths[i] + 1e-12), -1, -1):
            counts[i] = c
            walk(i + 1, room - c * lengths[i])
        counts[i] = 0

    walk(0, extent)
    return out


def line_weight(patterns: list[tuple[int, ...]], values: np.ndarray) -> float:
    """The largest weight over ``patterns`` with item weights ``values`` (0 for no pattern)."""
    if not patterns:
        return 0.0
    return max(0.0, float(np.max(np.asarray(patterns, dtype=float) @ values)))


@functools.lru_cache(maxsize=1024)
def line_upper_bound(diameter: float, height: float, length: float, width: float,
                     height_limit: float, axes: str) -> int | None:
    """The line-family bound on how many drums fit (proof in the module docstring), or ``None``.

    ``axes`` are the axes the drums may take (already checked). ``None`` when no family is
    short (the bound would be the volume bound) or the patterns are too many. Remembered
    per case for the life of the process.

    Examples
    --------
    >>> line_upper_bound(1040, 920, 12032, 2350, 2392, "zxy")
    84
    """
    d, h = diameter - 2 * TOL, height - 2 * TOL
    size = {"x": length + 2 * TOL, "y": width + 2 * TOL, "z": height_limit + 2 * TOL}
    axs = [a for a in _AXES if a in axes and fits_box(a, diameter, height, length, width, height_limit)]
    fams = [f for f in _AXES if size[f] < SHORT * d]
    if not axs or not fams:
        return None
    area = {"x": size["y"] * size["z"], "y": size["x"] * size["z"], "z": size["x"] * size["y"]}
    bounds = {o: axis_bound(o, diameter, height, length, width, height_limit) for o in axs}
    plan = []
    for f in fams:
        par = f in axs
        lv = chord_levels(d, h, size[f], par)
        lens = ([h] if par else []) + lv
        pats = line_patterns(lens, size[f])
        if len(pats) > MAX_PATTERNS:
            return None
        plan.append((f, par, lv, pats))
    weights = _solve(d, h, axs, bounds, area, plan)
    return _certified(d, h, axs, bounds, area, plan, weights)


def _layout(plan: list) -> tuple[list[tuple[int, int]], int]:
    """Column ranges of each family's item weights (parallel first, then level increments)."""
    cols, n = [], 0
    for _, par, lv, _ in plan:
        cols.append((n, n + int(par) + len(lv)))
        n += int(par) + len(lv)
    return cols, n


def _item_matrix(par: bool, nlev: int) -> np.ndarray:
    """Item weights from the family's variables: parallel ``p``; level ``k`` gets ``a_1..a_k``."""
    m = np.zeros((int(par) + nlev, int(par) + nlev))
    if par:
        m[0, 0] = 1.0
    for k in range(nlev):
        m[int(par) + k, int(par):int(par) + k + 1] = 1.0
    return m


def _mass_rows(d: float, h: float, axs: list[str], plan: list, nvar: int) -> np.ndarray:
    """Row ``o``: the mass of a drum of axis ``axs[o]`` per unit of each weight variable."""
    cols, _ = _layout(plan)
    rows = np.zeros((len(axs), nvar))
    for (f, par, lv, _), (c0, _) in zip(plan, cols):
        shares = np.array([h * d * math.sqrt(max(0.0, 1.0 - (t / d) ** 2)) for t in lv])
        for i, o in enumerate(axs):
            if o == f:
                rows[i, c0] = math.pi * d * d / 4.0
            else:
                rows[i, c0 + int(par):c0 + int(par) + len(lv)] = shares
    return rows


def _solve(d: float, h: float, axs: list[str], bounds: dict, area: dict, plan: list) -> np.ndarray:
    """The LP: weights, one ``M_f`` per family, one ``mu_o`` per axis; returns the weights."""
    from scipy.optimize import linprog

    cols, nw = _layout(plan)
    nf, no = len(plan), len(axs)
    n = nw + nf + no
    cost = np.zeros(n)
    blocks = []
    for j, ((f, par, lv, pats), (c0, c1)) in enumerate(zip(plan, cols)):
        cost[nw + j] = area[f]
        b = np.zeros((len(pats), n))
        b[:, c0:c1] = np.asarray(pats, dtype=float) @ _item_matrix(par, len(lv))
        b[:, nw + j] = -1.0
        blocks.append(b)
    mass = np.zeros((no, n))
    mass[:, :nw] = -_mass_rows(d, h, axs, plan, nw)
    mass[:, nw + nf:] = -np.eye(no)
    cost[nw + nf:] = [bounds[o] for o in axs]
    res = linprog(cost, A_ub=np.vstack(blocks + [mass]),
                  b_ub=np.concatenate([np.zeros(sum(len(b) for b in blocks)), -np.ones(no)]),
                  bounds=(0, None), method="highs")
    if res.status != 0:
        return np.zeros(nw)
    return np.maximum(res.x[:nw], 0.0)


def _certified(d: float, h: float, axs: list[str], bounds: dict, area: dict, plan: list,
               weights: np.ndarray) -> int:
    """The bound recomputed from ``weights`` alone: ``sum A_f M_f + sum mu_o B_o``, floored."""
    cols, nw = _layout(plan)
    total = 0.0
    for (f, par, lv, pats), (c0, c1) in zip(plan, cols):
        total += area[f] * line_weight(pats, _item_matrix(par, len(lv)) @ weights[c0:c1])
    masses = _mass_rows(d, h, axs, plan, nw) @ weights
    total += sum(max(0.0, 1.0 - m) * bounds[o] for o, m in zip(axs, masses))
    return int(math.floor(total * (1.0 + 1e-9) + 1e-9))
