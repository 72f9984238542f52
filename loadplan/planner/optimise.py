"""The optimisation over recipe columns (HiGHS through :func:`scipy.optimize.milp`).

Two problems over the columns of :mod:`loadplan.planner.recipes` for one
container of length ``L`` and payload ``P`` (``x_j``: zones of column ``j``,
``a_ij``: drums of line ``i`` in it, ``f_ij`` those of them that carry
something, ``l_j`` its length, ``q_i`` the drums of line ``i`` still to place,
``v_i`` and ``w_i`` one drum's bounding volume and weight):

* :func:`fill_one` (integer ``x``): maximise ``sum_i v_i y_i`` with
  ``y_i <= q_i``, ``y_i <= sum_j a_ij x_j``, ``sum_j f_ij x_j <= q_i`` (what
  carries a board is never left out), ``sum_j l_j x_j <= L``,
  ``sum_i w_i y_i <= P``. The order's rest fits one container exactly when
  ``y = q``.
* :func:`lp_scale` (continuous ``x``, the recipe LP): the largest ``s`` such
  that ``sum_j a_ij x_j >= s q_i`` for every line, within length and payload:
  how many times a mix one container holds in the recipe model.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import Iterator

import numpy as np

from loadplan.planner.recipes import Column

__all__ = ["fill_one", "fits_one", "fits_n", "lp_scale", "min_length", "quiet_stdout", "FIT_NODES",
           "FILL_NODES", "SAFETY_SECONDS"]


FIT_NODES = 50
"""Branch-and-bound nodes a fit search may take (a node limit, unlike a time limit,
keeps plans the same from run to run and machine to machine)."""

FILL_NODES = 60
"""Branch-and-bound nodes a fill may take (the best solution found is used)."""

SAFETY_SECONDS = 60.0
"""Wall-clock seconds a MILP may take, a last-resort safety net only: the node limits
above decide every result (a fill or fit search takes well under a second of CPU on the
benchmark orders), so the plan is the same at any machine load unless a solve runs six
times longer than the slowest one measured (see docs/decisions.md)."""

_QUIET = threading.Lock()


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Silence file descriptor 1 (HiGHS' MIP heuristics print debug lines from C)."""
    with _QUIET:
        try:
            sys.stdout.flush()
            fd = os.dup(1)
        except (OSError, ValueError):  # no real stdout: nothing to silence
            yield
            return
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
            yield
        finally:
            os.dup2(fd, 1)
            os.close(fd)
            os.close(null)


def _matrices(cols: list[Column], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a = np.zeros((n, len(cols)))
    f = np.zeros((n, len(cols)))
    for j, col in enumerate(cols):
        for p in col.parts:
            a[p.line, j] += p.centres.shape[0]
            if not p.trimmable:
                f[p.line, j] += p.centres.shape[0]
    return a, f, np.array([col.length for col in cols])


def fill_one(cols: list[Column], need: np.ndarray, volume: np.ndarray, weight: np.ndarray,
             length: float, payload: float, time_limit: float = SAFETY_SECONDS
             ) -> tuple[np.ndarray, np.ndarray]:
    """Zones per column for one container; see the module notes.

    Parameters
    ----------
    cols : list of Column
    need : ndarray of int
        Drums of each line still to place.
    volume, weight : ndarray
        One drum's bounding volume and weight per line.
    length, payload : float
        The container's inside length (mm) and payload (kg).
    time_limit : float
        Seconds HiGHS may take at most (a last-resort safety net,
        :data:`SAFETY_SECONDS`: :data:`FILL_NODES` limits the search deterministically;
        the best solution found is used).

    Returns
    -------
    x : ndarray of int
        Zones of each column.
    y : ndarray of int
        Drums of each line placed.
    """
    n, m = need.shape[0], len(cols)
    if m == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(n, dtype=np.int64)
    from scipy.optimize import Bounds, LinearConstraint, milp

    a, f, lens = _matrices(cols, n)
    scale = float(volume.max()) or 1.0
    c = np.concatenate([lens * 1e-9, -volume / scale])
    rows = [np.concatenate([lens, np.zeros(n)])[None, :],
            np.concatenate([np.zeros(m), weight])[None, :],
            np.hstack([-a, np.eye(n)]),
            np.hstack([f, np.zeros((n, n))])]
    lo = np.concatenate([[-np.inf], [-np.inf], np.full(n, -np.inf), np.full(n, -np.inf)])
    hi = np.concatenate([[length + 1e-6], [payload + 1e-6], np.zeros(n), need.astype(float)])
    cons = LinearConstraint(np.vstack(rows), lo, hi)
    ub = np.concatenate([np.floor(length / np.maximum(lens, 1e-9)), need.astype(float)])
    integ = np.concatenate([np.ones(m), np.zeros(n)])
    with quiet_stdout():
        res = milp(c, constraints=cons, integrality=integ, bounds=Bounds(np.zeros(m + n), ub),
                   options={"time_limit": float(time_limit), "node_limit": FILL_NODES,
                            "mip_rel_gap": 1e-3,
                            "presolve": False})
    if res.x is None:
        return np.zeros(m, dtype=np.int64), np.zeros(n, dtype=np.int64)
    x = np.round(res.x[:m]).astype(np.int64)
    if lens @ x > length + 1e-6 or (f @ x > need + 1e-6).any():
        return np.zeros(m, dtype=np.int64), np.zeros(n, dtype=np.int64)
    got = a @ x
    y = np.minimum(need, np.floor(got + 1e-6)).astype(np.int64)
    fixed = np.round(f @ x).astype(np.int64)
    while float(weight @ y) > payload + 1e-6:  # take back trimmable drums, heaviest first
        spare = np.flatnonzero(y > fixed)
        if spare.size == 0:
            return np.zeros(m, dtype=np.int64), np.zeros(n, dtype=np.int64)
        i = int(spare[np.argmax(weight[spare])])
        y[i] -= 1
    return x, y


def fits_one(cols: list[Column], need: np.ndarray, weight: np.ndarray, length: float,
             payload: float, time_limit: float = SAFETY_SECONDS) -> np.ndarray | None:
    """Zones per column holding all of ``need`` in one container, or None.

    The LP relaxation (the least zone length, as :func:`min_length`) and the
    payload rule out most misfits first; columns whose LP reduced cost exceeds
    the length left over by the LP are dropped (they cannot be in any fit);
    then a feasibility MILP (``sum_j a_ij x_j >= q_i``,
    ``sum_j f_ij x_j <= q_i``, length) minimising the length used, stopped at
    a 50 % gap (any fit will do) or :data:`FIT_NODES` nodes (``time_limit``:
    the :data:`SAFETY_SECONDS` safety net) (None: no fit found, which is not a
    proof that none exists).
    """
    n, m = need.shape[0], len(cols)
    if m == 0 or float(weight @ need) > payload + 1e-6:
        return None
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    a, f, lens = _matrices(cols, n)
    lp_res = linprog(lens, A_ub=-a, b_ub=-need.astype(float), bounds=(0, None), method="highs")
    if lp_res.status != 0 or lp_res.fun > length + 1e-6:
        return None
    # reduced-cost fixing: a column whose reduced cost exceeds the slack cannot be used
    red = lens + lp_res.ineqlin.marginals @ a
    keep = np.flatnonzero(red <= length - lp_res.fun + 1e-6)
    a, f, lens = a[:, keep], f[:, keep], lens[keep]
    m = keep.shape[0]
    q = need.astype(float)
    cons = LinearConstraint(np.vstack([lens[None, :], a, f]),
                            np.concatenate([[-np.inf], q, np.full(n, -np.inf)]),
                            np.concatenate([[length + 1e-6], np.full(n, np.inf), q]))
    ub = np.floor(length / np.maximum(lens, 1e-9))
    with quiet_stdout():
        res = milp(lens, constraints=cons, integrality=np.ones(m), bounds=Bounds(0, ub),
                   options={"time_limit": float(time_limit), "node_limit": FIT_NODES,
                            "mip_rel_gap": 0.5,
                            "presolve": False})
    if res.x is None:
        return None
    x = np.round(res.x).astype(np.int64)
    if (a @ x < q - 1e-6).any() or (f @ x > q + 1e-6).any() or lens @ x > length + 1e-6:
        return None
    full = np.zeros(len(cols), dtype=np.int64)
    full[keep] = x
    return full


def fits_n(cols: list[Column], need: np.ndarray, weight: np.ndarray, length: float,
           payload: float, n: int, time_limit: float = SAFETY_SECONDS
           ) -> tuple[np.ndarray, np.ndarray] | None:
    """Zones per column and drums per line for each of ``n`` equal containers holding all
    of ``need`` together, or None (none found: not a proof).

    One MILP over all ``n`` containers (``x_cj`` zones, ``y_ci`` drums kept,
    integer): ``sum_c y_ci = q_i``; per container ``y_ci <= sum_j a_ij x_cj``,
    ``sum_j f_ij x_cj <= y_ci``, length and payload; containers ordered by the
    length they use (breaks their symmetry). Pre-checked by the LP relaxation
    (total zone length within ``n`` lengths). :data:`FIT_NODES` nodes.
    """
    k, m = need.shape[0], len(cols)
    if m == 0 or n < 1 or float(weight @ need) > n * payload + 1e-6:
        return None
    if min_length(cols, need) > n * length + 1e-6:
        return None
    from scipy.optimize import Bounds, LinearConstraint, milp

    a, f, lens = _matrices(cols, k)
    nv = n * (m + k)

    def xi(c: int) -> slice:
        return slice(c * (m + k), c * (m + k) + m)

    def yi(c: int) -> slice:
        return slice(c * (m + k) + m, (c + 1) * (m + k))

    rows, lo, hi = [], [], []
    for c in range(n):
        r = np.zeros((1, nv)); r[0, xi(c)] = lens
        rows.append(r); lo.append([-np.inf]); hi.append([length + 1e-6])
        r = np.zeros((1, nv)); r[0, yi(c)] = weight
        rows.append(r); lo.append([-np.inf]); hi.append([payload + 1e-6])
        r = np.zeros((k, nv)); r[:, xi(c)] = -a; r[:, yi(c)] = np.eye(k)
        rows.append(r); lo.append(np.full(k, -np.inf)); hi.append(np.zeros(k))
        r = np.zeros((k, nv)); r[:, xi(c)] = f; r[:, yi(c)] = -np.eye(k)
        rows.append(r); lo.append(np.full(k, -np.inf)); hi.append(np.zeros(k))
        if c + 1 < n:
            r = np.zeros((1, nv)); r[0, xi(c)] = lens; r[0, xi(c + 1)] = -lens
            rows.append(r); lo.append([0.0]); hi.append([np.inf])
    r = np.zeros((k, nv))
    for c in range(n):
        r[:, yi(c)] = np.eye(k)
    rows.append(r); lo.append(need.astype(float)); hi.append(need.astype(float))
    cons = LinearConstraint(np.vstack(rows), np.concatenate(lo), np.concatenate(hi))
    ub = np.concatenate([np.concatenate([np.floor(length / np.maximum(lens, 1e-9)),
                                         need.astype(float)]) for _ in range(n)])
    cost = np.concatenate([np.concatenate([lens, np.zeros(k)]) for _ in range(n)])
    with quiet_stdout():
        res = milp(cost, constraints=cons, integrality=np.ones(nv), bounds=Bounds(0, ub),
                   options={"time_limit": float(time_limit), "node_limit": FIT_NODES,
                            "mip_rel_gap": 0.5, "presolve": False})
    if res.x is None:
        return None
    v = np.round(res.x).astype(np.int64)
    xs = np.array([v[xi(c)] for c in range(n)])
    ys = np.array([v[yi(c)] for c in range(n)])
    if ((ys.sum(axis=0) != need).any() or (ys > xs @ a.T).any() or (xs @ f.T > ys).any()
            or (ys @ weight > payload + 1e-6).any() or (xs @ lens > length + 1e-6).any()):
        return None  # rounding the incumbent broke a rule: no answer rather than a wrong one
    return xs, ys


def lp_scale(cols: list[Column], quantity: np.ndarray, weight: np.ndarray, length: float,
             payload: float) -> float:
    """The recipe LP: the largest ``s`` with ``s x quantity`` in one container (see notes)."""
    from scipy.optimize import linprog

    n, m = quantity.shape[0], len(cols)
    if m == 0:
        return 0.0
    a, _, lens = _matrices(cols, n)
    # variables x (m), s; maximise s
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_ub = np.vstack([np.concatenate([lens, [0.0]])[None, :],
                      np.concatenate([np.zeros(m), [float(weight @ quantity)]])[None, :],
                      np.hstack([-a, quantity.astype(float)[:, None]])])
    b_ub = np.concatenate([[length], [payload], np.zeros(n)])
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
    return float(res.x[-1]) if res.status == 0 else 0.0


def min_length(cols: list[Column], quantity: np.ndarray) -> float:
    """LP relaxation: the least total zone length holding ``quantity`` (inf: impossible)."""
    from scipy.optimize import linprog

    n, m = quantity.shape[0], len(cols)
    if m == 0:
        return float("inf")
    a, _, lens = _matrices(cols, n)
    res = linprog(lens, A_ub=-a, b_ub=-quantity.astype(float), bounds=(0, None), method="highs")
    return float(res.fun) if res.status == 0 else float("inf")
