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
``w_f(c) = beta_f c + sum_k a_{f,k} [c >= t_k]`` (``beta_f, a_{f,k} >= 0``)
for a chord of length ``c``. The *mass* of a drum of axis ``o`` is the sum
over the families used of the integral of its weights over its footprint:
``p_o pi d^2/4`` from its own family, and from a family across it
``beta_f V + h d sum_k a_{f,k} sqrt(1 - (t_k/d)^2)`` (``V = pi d^2 h / 4``:
the chords integrate to the volume). If ``M_f`` is at least the total weight
one line of family ``f`` can carry, integrating over the face gives
``sum over drums of mass <= sum_f A_f M_f``. With ``mu_o >= max(0, 1 - m_o)``
and ``B_o`` the proven bound on the drums of axis ``o`` alone
(:func:`~loadplan.filling.bound.axis_bound`: layers x the circle bound of the
cross-section; it holds in a mixed packing too),

    ``n = sum_o n_o <= sum_o (m_o + mu_o) n_o <= sum_f A_f M_f + sum_o mu_o B_o``.

A line with ``j`` parallel segments has chords of total length at most
``E_f - j h``, and a chord of length in ``[t_k, t_{k+1})`` weighs
``beta_f c + a_{f,1} + ... + a_{f,k}``, so the line carries at most
``beta_f (E_f - j h) + j p_f + sum_i (a_{f,1} + ... + a_{f,k_i})`` where the
levels ``k_i`` and ``j`` satisfy ``sum_i t_{k_i} + j h <= E_f``
(:func:`pattern_rows`). That is linear in the weights; ``M_f`` is its largest
value over all such multisets, and since chords only add weight, the
multisets that are maximal in chords for each ``j`` are enough
(:func:`line_patterns`, exhaustive, exact lengths, no grid). With ``beta``
alone (every ``a``, ``p`` zero) the bound is the volume bound, so the optimum
is never above it. The weights are chosen by a linear programme (scipy's
HiGHS) and the bound is then *recomputed from the weights found* (``M_f``
over the patterns, ``mu_o`` from the masses), so a solver tolerance can only
make it looser, never wrong. Packings within the verifier's tolerance are
covered by computing for drums ``2e-6`` mm smaller in diameter and length
and a box ``2e-6`` mm larger (a drum shrunk by ``TOL/2`` is disjoint from the
others and inside).

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

__all__ = ["SHORT", "MAX_PATTERNS", "chord_levels", "line_patterns", "pattern_rows",
           "line_weight", "line_upper_bound"]

#: A family of lines is used when the box's extent along it is below this many diameters.
SHORT = 3.0
#: The LP is not built when the families have more patterns than this in all (then ``None``):
#: on 600 random cases this keeps 30 of the 31 gains (46 of 47 drums) at most about 20 ms
#: CPU per case; the LP costs about 10 ms per 1,000 patterns.
MAX_PATTERNS = 1600

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


def line_patterns(lengths: list[float], extent: float, free: int = 0,
                  limit: int | None = None) -> list[tuple[int, ...]]:
    """Every multiset of items (counts per item) whose lengths sum to at most ``extent`` and
    to which no item of index ``>= free`` can be added (items before ``free``: any count).

    Every multiset that fits is contained in one of these with the same counts of the
    first ``free`` items. With ``limit``, the search stops after ``limit + 1`` of them.

    Examples
    --------
    >>> line_patterns([3.0, 2.0], 7.0)
    [(2, 0), (1, 2), (0, 3)]
    >>> line_patterns([3.0, 2.0], 7.0, free=1)
    [(2, 0), (1, 2), (0, 3)]
    >>> line_patterns([2.0, 3.0], 7.0, free=1)
    [(3, 0), (2, 1), (1, 1), (0, 2)]
    """
    short = min(lengths[free:])
    out: list[tuple[int, ...]] = []
    counts = [0] * len(lengths)

    def walk(i: int, room: float) -> None:
        if i == len(lengths):
            if room < short:
                out.append(tuple(counts))
            return
        for c in range(int(room / lengths[i] + 1e-12), -1, -1):
            if limit is not None and len(out) > limit:
                return
            counts[i] = c
            walk(i + 1, room - c * lengths[i])
        counts[i] = 0

    walk(0, extent)
    return out


def line_weight(rows: np.ndarray, weights: np.ndarray) -> float:
    """The largest weight one line carries: ``max(0, max(rows @ weights))`` (``rows`` from
    :func:`pattern_rows`; 0, the empty line, when there are none)."""
    if rows.shape[0] == 0:
        return 0.0
    return max(0.0, float(np.max(rows @ weights)))


def pattern_rows(patterns: list[tuple[int, ...]], h: float, extent: float, parallel: bool,
                 nlev: int) -> np.ndarray:
    """Each pattern's weight as a row over the family's variables ``(beta, [p], a_1..a_K)``.

    A line with ``j`` parallel segments and chords at levels ``k_i`` carries at most
    ``beta (E - j h) + j p + sum_i (a_1 + ... + a_{k_i})``: the chords' lengths sum to at most
    ``E - j h`` and a chord at level ``k`` (length in ``[t_k, t_{k+1})``) weighs
    ``beta c + a_1 + ... + a_k``.
    """
    pats = np.asarray(patterns, dtype=float).reshape(len(patterns), int(parallel) + nlev)
    j = pats[:, 0] if parallel else np.zeros(len(patterns))
    chords = pats[:, int(parallel):]
    at_least = np.cumsum(chords[:, ::-1], axis=1)[:, ::-1]  # chords at level >= k
    cols = [extent - j * h] + ([j] if parallel else []) + [at_least[:, k] for k in range(nlev)]
    return np.column_stack(cols) if len(patterns) else np.zeros((0, 1 + int(parallel) + nlev))


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
    bounds = np.array([axis_bound(o, diameter, height, length, width, height_limit) for o in axs],
                      dtype=float)
    fam_rows, masses, budget = [], [], MAX_PATTERNS
    for f in fams:
        par = f in axs
        lv = chord_levels(d, h, size[f], par)
        pats = line_patterns(([h] if par else []) + lv, size[f], int(par), budget)
        budget -= len(pats)
        if budget < 0:
            return None
        fam_rows.append(area[f] * pattern_rows(pats, h, size[f], par, len(lv)))
        masses.append(_masses(d, h, f, axs, par, lv))
    weights = _solve(fam_rows, np.hstack(masses), bounds)
    return _certified(fam_rows, np.hstack(masses), bounds, weights)


def _masses(d: float, h: float, f: str, axs: list[str], par: bool, lv: list[float]) -> np.ndarray:
    """Row ``o``: a drum of axis ``axs[o]``'s mass per unit of family ``f``'s variables
    ``(beta, [p], a_1..a_K)``: ``V`` for ``beta`` and ``h d sqrt(1 - (t_k/d)^2)`` for ``a_k``
    (drums across ``f``), ``pi d^2 / 4`` for ``p`` (drums along ``f``)."""
    shares = [h * d * math.sqrt(max(0.0, 1.0 - (t / d) ** 2)) for t in lv]
    rows = np.zeros((len(axs), 1 + int(par) + len(lv)))
    for i, o in enumerate(axs):
        if o == f:
            rows[i, 1] = math.pi * d * d / 4.0
        else:
            rows[i, 0] = math.pi * d * d * h / 4.0
            rows[i, 1 + int(par):] = shares
    return rows


def _solve(fam_rows: list[np.ndarray], masses: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """The LP over the weights, one ``A_f M_f`` per family and one ``mu_o`` per axis:
    minimise ``sum A_f M_f + sum mu_o B_o``; returns the weights (zeros if it fails)."""
    from scipy.optimize import linprog

    nw, nf, no = masses.shape[1], len(fam_rows), masses.shape[0]
    n = nw + nf + no
    cost = np.concatenate([np.zeros(nw), np.ones(nf), bounds])
    blocks, c0 = [], 0
    for j, rows in enumerate(fam_rows):
        b = np.zeros((rows.shape[0], n))
        b[:, c0:c0 + rows.shape[1]] = rows
        b[:, nw + j] = -1.0
        blocks.append(b)
        c0 += rows.shape[1]
    mass = np.hstack([-masses, np.zeros((no, nf)), -np.eye(no)])
    res = linprog(cost, A_ub=np.vstack(blocks + [mass]),
                  b_ub=np.concatenate([np.zeros(sum(b.shape[0] for b in blocks)), -np.ones(no)]),
                  bounds=(0, None), method="highs")
    if res.status != 0:
        return np.zeros(nw)
    return np.maximum(res.x[:nw], 0.0)


def _certified(fam_rows: list[np.ndarray], masses: np.ndarray, bounds: np.ndarray,
               weights: np.ndarray) -> int:
    """The bound recomputed from ``weights`` alone: ``sum A_f M_f + sum mu_o B_o``, floored."""
    total, c0 = 0.0, 0
    for rows in fam_rows:
        total += line_weight(rows, weights[c0:c0 + rows.shape[1]])
        c0 += rows.shape[1]
    total += float(np.maximum(0.0, 1.0 - masses @ weights) @ bounds)
    return int(math.floor(total * (1.0 + 1e-9) + 1e-9))
