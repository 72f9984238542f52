"""The overlap-energy stage as it was first written: all pairs, one pass per inner product.

Plain Python (no Numba), kept as the reference the fast kernels of
:mod:`loadplan.kernels.relax` must reproduce bit for bit: the same floating-point
operations in the same order give the same doubles in Python and in compiled code
(no fast-math, no fused multiply-add), so every centre and energy must be equal, not close.
"""

from __future__ import annotations

import math

import numpy as np

_MASK = 0xFFFFFFFF


def lcg_next(state: int) -> int:
    """Next state of a 32-bit linear congruential generator (Numerical Recipes)."""
    return (state * 1664525 + 1013904223) & _MASK


def lcg_uniform(state: int) -> tuple:
    """``(new_state, u)`` with ``u`` uniform in [0, 1)."""
    s = lcg_next(state)
    return s, s / 4294967296.0


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


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    """Inner product (a loop: ``np.dot`` in Numba needs SciPy's BLAS)."""
    s = 0.0
    for i in range(a.size):
        s += a[i] * b[i]
    return s


def lbfgs(x: np.ndarray, lx: float, ly: float, big: float, max_iter: int, memory: int) -> float:
    """Minimise :func:`energy_grad` in place from ``x`` by L-BFGS with a
    backtracking (Armijo) line search. Returns the final energy."""
    nv = x.size
    g = np.zeros(nv)
    e = energy_grad(x, lx, ly, big, g)
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
            e_new = energy_grad(x_new, lx, ly, big, g_new)
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
