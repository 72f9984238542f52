"""Overlap-energy optimisation: try to fit one circle more.

Where circles are few and large, lattices and their compositions leave room
that only an irregular arrangement uses. Following the quasi-physical /
penalty approach (Lubachevsky-Stillinger compression; He, Huang & Yang 2015),
``n + 1`` circles are given an energy

    E = sum_{i<j} max(0, D - |c_i - c_j|)^2 + sum_i (wall penetration)^2

(``D`` slightly above the diameter, for a safety margin), minimised by L-BFGS
from a start made of the current packing plus one circle; when a minimum is
not zero, the most overlapped circle is moved to a random place and the rest
jiggled (basin hopping), keeping the better minimum. ``E = 0`` means a valid
packing of ``n + 1``.

Everything works in units of the diameter. Random numbers come from a small
linear congruential generator so that compiled and plain-Python runs agree.

Speed without changing a bit (:func:`lbfgs`): the energy is summed over a
*neighbour list* (:func:`energy_grad_listed`: pairs closer than ``big + SKIN`` at a
reference point, rebuilt as soon as a centre has moved ``SKIN / 2`` less a margin
from it), which holds every pair that overlaps, in the order of the all-pairs
loop, so each sum adds the same terms in the same order as :func:`energy_grad`.
Results are bit-identical to the plain version (``tests/naive_relax.py``,
compared in ``tests/test_relax_exact.py``). The two-loop recursion is left as it
is: its inner products are chains of dependent additions (latency-bound, and
their order is fixed by the results), and fusing the passes saved about 5 % of
the stage's time for 0.4 s more compilation (see ``docs/decisions.md``).
"""

from __future__ import annotations

import math

import numpy as np

from loadplan._jit import njit

__all__ = [
    "SKIN",
    "lcg_next",
    "lcg_uniform",
    "energy_grad",
    "energy_grad_listed",
    "lbfgs",
    "add_one_circle",
]

_MASK = 0xFFFFFFFF

#: Neighbour-list skin, in diameters: pairs closer than ``big + SKIN`` are listed.
SKIN = 0.4
# A centre may move SKIN / 2 less this from the list's reference before a rebuild; far more
# than the rounding of the distance tests (relative 1e-15), so an unlisted pair cannot overlap.
_MARGIN = 1e-6


@njit
def lcg_next(state: int) -> int:
    """Next state of a 32-bit linear congruential generator (Numerical Recipes)."""
    return (state * 1664525 + 1013904223) & _MASK


@njit
def lcg_uniform(state: int) -> tuple:
    """``(new_state, u)`` with ``u`` uniform in [0, 1)."""
    s = lcg_next(state)
    return s, s / 4294967296.0


@njit
def energy_grad(x: np.ndarray, lx: float, ly: float, big: float, grad: np.ndarray) -> float:
    """Overlap energy of circles of diameter ``big`` with centres ``x``
    (flat, ``x[2i], x[2i+1]``) in ``[0, lx] x [0, ly]``; writes the gradient."""
    n = x.size // 2
    r = 0.5 * big
    e = 0.0
    for k in range(x.size):
        grad[k] = 0.0
    for i in range(n):
        xi = x[2 * i]
        yi = x[2 * i + 1]
        p = r - xi
        if p > 0.0:
            e += p * p
            grad[2 * i] -= 2.0 * p
        p = xi - (lx - r)
        if p > 0.0:
            e += p * p
            grad[2 * i] += 2.0 * p
        p = r - yi
        if p > 0.0:
            e += p * p
            grad[2 * i + 1] -= 2.0 * p
        p = yi - (ly - r)
        if p > 0.0:
            e += p * p
            grad[2 * i + 1] += 2.0 * p
        for j in range(i + 1, n):
            dx = xi - x[2 * j]
            dy = yi - x[2 * j + 1]
            q = dx * dx + dy * dy
            if q < big * big:
                dist = math.sqrt(q)
                ov = big - dist
                e += ov * ov
                if dist > 1e-12:
                    f = -2.0 * ov / dist
                    grad[2 * i] += f * dx
                    grad[2 * i + 1] += f * dy
                    grad[2 * j] -= f * dx
                    grad[2 * j + 1] -= f * dy
    return e


@njit
def energy_grad_listed(x: np.ndarray, lx: float, ly: float, big: float, grad: np.ndarray,
                       ref: np.ndarray, starts: np.ndarray, js: np.ndarray) -> float:
    """:func:`energy_grad` over a neighbour list: the same terms, added in the same order.

    The list holds, for each circle ``i``, its partners ``j > i`` closer than
    ``big + SKIN`` at the reference centres ``ref``, ascending:
    ``js[starts[i]:starts[i + 1]]`` (``js`` has room for ``n (n - 1) / 2``). It is rebuilt
    at ``x`` first (and ``x`` copied to ``ref``) when a centre has moved ``SKIN / 2 - _MARGIN``
    or more from ``ref`` (``ref`` full of ``inf`` forces it).

    Why no overlapping pair is ever left out: an unlisted pair was at least
    ``big + SKIN`` apart at ``ref`` (less rounding, relative 1e-15); each of its
    centres has moved less than ``SKIN / 2 - _MARGIN`` since, so it is more than
    ``big + 2 _MARGIN`` apart now and its computed squared distance is not below
    ``big * big``: the all-pairs loop skips it too."""
    n = x.size // 2
    half = 0.5 * SKIN - _MARGIN
    for i in range(n):
        ddx = x[2 * i] - ref[2 * i]
        ddy = x[2 * i + 1] - ref[2 * i + 1]
        if not (ddx * ddx + ddy * ddy < half * half):
            lim = (big + SKIN) * (big + SKIN)
            k = 0
            for a in range(n):
                starts[a] = k
                for b in range(a + 1, n):
                    dx = x[2 * a] - x[2 * b]
                    dy = x[2 * a + 1] - x[2 * b + 1]
                    if dx * dx + dy * dy < lim:
                        js[k] = b
                        k += 1
            starts[n] = k
            for t in range(x.size):
                ref[t] = x[t]
            break
    r = 0.5 * big
    e = 0.0
    for k in range(x.size):
        grad[k] = 0.0
    for i in range(n):
        xi = x[2 * i]
        yi = x[2 * i + 1]
        p = r - xi
        if p > 0.0:
            e += p * p
            grad[2 * i] -= 2.0 * p
        p = xi - (lx - r)
        if p > 0.0:
            e += p * p
            grad[2 * i] += 2.0 * p
        p = r - yi
        if p > 0.0:
            e += p * p
            grad[2 * i + 1] -= 2.0 * p
        p = yi - (ly - r)
        if p > 0.0:
            e += p * p
            grad[2 * i + 1] += 2.0 * p
        for t in range(starts[i], starts[i + 1]):
            j = js[t]
            dx = xi - x[2 * j]
            dy = yi - x[2 * j + 1]
            q = dx * dx + dy * dy
            if q < big * big:
                dist = math.sqrt(q)
                ov = big - dist
                e += ov * ov
                if dist > 1e-12:
                    f = -2.0 * ov / dist
                    grad[2 * i] += f * dx
                    grad[2 * i + 1] += f * dy
                    grad[2 * j] -= f * dx
                    grad[2 * j + 1] -= f * dy
    return e


@njit
def _dot(a: np.ndarray, b: np.ndarray) -> float:
    """Inner product (a loop: ``np.dot`` in Numba needs SciPy's BLAS)."""
    s = 0.0
    for i in range(a.size):
        s += a[i] * b[i]
    return s


@njit
def lbfgs(x: np.ndarray, lx: float, ly: float, big: float, max_iter: int, memory: int) -> float:
    """Minimise :func:`energy_grad` in place from ``x`` by L-BFGS with a
    backtracking (Armijo) line search. Returns the final energy.

    Each energy is :func:`energy_grad_listed` (the same doubles as :func:`energy_grad`)."""
    nv = x.size
    g = np.zeros(nv)
    ref = np.zeros(nv)
    for t in range(nv):
        ref[t] = np.inf  # no neighbour list yet: the first energy builds it
    starts = np.zeros(nv // 2 + 1, dtype=np.int64)
    js = np.zeros(max(nv * (nv - 2) // 8, 1), dtype=np.int64)
    e = energy_grad_listed(x, lx, ly, big, g, ref, starts, js)
    s_hist = np.zeros((memory, nv))
    y_hist = np.zeros((memory, nv))
    rho = np.zeros(memory)
    alpha = np.zeros(memory)
    x_new = np.zeros(nv)
    g_new = np.zeros(nv)
    d = np.zeros(nv)
    k = 0
    stall = 0
    for it in range(max_iter):
        if e < 1e-22:
            break
        # two-loop recursion
        for t in range(nv):
            d[t] = -g[t]
        m = min(k, memory)
        for back in range(m):
            idx = (k - 1 - back) % memory
            a = rho[idx] * _dot(s_hist[idx], d)
            alpha[idx] = a
            for t in range(nv):
                d[t] -= a * y_hist[idx, t]
        if m > 0:
            idx = (k - 1) % memory
            yy = _dot(y_hist[idx], y_hist[idx])
            if yy > 0.0:
                scale = 1.0 / (rho[idx] * yy)
                for t in range(nv):
                    d[t] *= scale
        else:
            gn = math.sqrt(_dot(g, g))
            if gn > 0.0:
                scale = min(1.0, 0.1 / gn)
                for t in range(nv):
                    d[t] *= scale
        for fwd in range(m):
            idx = (k - m + fwd) % memory
            b = rho[idx] * _dot(y_hist[idx], d)
            c = alpha[idx] - b
            for t in range(nv):
                d[t] += c * s_hist[idx, t]
        slope = _dot(g, d)
        if slope >= 0.0:
            for t in range(nv):
                d[t] = -g[t]
            slope = _dot(g, d)
            k = 0
        step = 1.0
        accepted = False
        for _ in range(30):
            for t in range(nv):
                x_new[t] = x[t] + step * d[t]
            e_new = energy_grad_listed(x_new, lx, ly, big, g_new, ref, starts, js)
            if e_new <= e + 1e-4 * step * slope:
                accepted = True
                break
            step *= 0.5
        if not accepted:
            break
        idx = k % memory
        sy = 0.0
        for t in range(nv):
            s_hist[idx, t] = x_new[t] - x[t]
            y_hist[idx, t] = g_new[t] - g[t]
            sy += s_hist[idx, t] * y_hist[idx, t]
        if sy > 1e-20:
            rho[idx] = 1.0 / sy
            k += 1
        for t in range(nv):
            x[t] = x_new[t]
            g[t] = g_new[t]
        # stop when stuck at a clearly positive minimum: no valid packing here
        if e > 1e-10 and e - e_new < 1e-6 * e:
            stall += 1
            if stall >= 5:
                e = e_new
                break
        else:
            stall = 0
        e = e_new
        if e < 1e-22 or abs(slope) < 1e-24:
            break
    return e


@njit
def _worst_circle(x: np.ndarray, big: float) -> int:
    n = x.size // 2
    worst = 0
    wv = -1.0
    for i in range(n):
        s = 0.0
        for j in range(n):
            if j != i:
                dx = x[2 * i] - x[2 * j]
                dy = x[2 * i + 1] - x[2 * j + 1]
                q = dx * dx + dy * dy
                if q < big * big:
                    s += big - math.sqrt(q)
        if s > wv:
            wv = s
            worst = i
    return worst


@njit
def add_one_circle(pts: np.ndarray, length: float, width: float, d: float, attempts: int, seed: int) -> np.ndarray:
    """Try to find ``n + 1`` non-overlapping circles starting from ``pts`` (n, 2).

    Returns the ``(n + 1, 2)`` centres on success, else an empty ``(0, 2)``
    array. ``attempts`` bounds the number of local minimisations."""
    n = pts.shape[0] + 1
    lx = length / d
    ly = width / d
    big = 1.0 + 1e-6
    state = (seed * 2654435761 + n) & _MASK
    x = np.zeros(2 * n)
    for i in range(n - 1):
        x[2 * i] = pts[i, 0] / d
        x[2 * i + 1] = pts[i, 1] / d
    best_x = np.zeros(2 * n)
    best_e = 1e300
    cur = np.zeros(2 * n)
    for a in range(attempts):
        if a % 25 == 0:
            # (re)start: the packing plus one random circle, slightly jiggled
            for i in range(n - 1):
                cur[2 * i] = x[2 * i]
                cur[2 * i + 1] = x[2 * i + 1]
            state, u = lcg_uniform(state)
            cur[2 * n - 2] = 0.5 + u * max(lx - 1.0, 0.0)
            state, u = lcg_uniform(state)
            cur[2 * n - 1] = 0.5 + u * max(ly - 1.0, 0.0)
            amp = 0.02 * (a // 25)
            for t in range(2 * n):
                state, u = lcg_uniform(state)
                cur[t] += amp * (u - 0.5)
            e_cur = lbfgs(cur, lx, ly, big, 400, 8)
        else:
            trial = cur.copy()
            w = _worst_circle(trial, big)
            state, u = lcg_uniform(state)
            trial[2 * w] = 0.5 + u * max(lx - 1.0, 0.0)
            state, u = lcg_uniform(state)
            trial[2 * w + 1] = 0.5 + u * max(ly - 1.0, 0.0)
            for t in range(2 * n):
                state, u = lcg_uniform(state)
                trial[t] += 0.1 * (u - 0.5)
            e_t = lbfgs(trial, lx, ly, big, 400, 8)
            if e_t < e_cur:
                cur = trial
                e_cur = e_t
        if e_cur < best_e:
            best_e = e_cur
            for t in range(2 * n):
                best_x[t] = cur[t]
        if best_e < 1e-20:
            break
    if best_e >= 1e-20:
        return np.zeros((0, 2))
    out = np.zeros((n, 2))
    for i in range(n):
        out[i, 0] = min(max(best_x[2 * i] * d, 0.5 * d), length - 0.5 * d)
        out[i, 1] = min(max(best_x[2 * i + 1] * d, 0.5 * d), width - 0.5 * d)
    return out
