"""The recipe LP: the least zone length holding an order, and how much of a mix one
container holds (HiGHS through :func:`scipy.optimize.linprog`).

Over the columns of :mod:`loadplan.planner.recipes` (``x_j``: zones of column ``j``,
continuous; ``a_ij``: drums of line ``i`` in it; ``l_j`` its length):

* :func:`least_length`: the least ``sum_j l_j x_j`` with ``sum_j a_ij x_j >= q_i`` — the
  LP relaxation the planner's MILPs (:mod:`~loadplan.planner.optimise`) start from, with
  pending columns (:mod:`~loadplan.planner.lazy`) built while the LP uses them;
* :func:`lp_scale`: the largest ``s`` such that ``sum_j a_ij x_j >= s q_i`` for every
  line, within length and payload: how many times a mix one container holds in the
  recipe model (the yardstick of ``benchmarks/bench_mixed.py``).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import Callable, Iterator

import numpy as np

from loadplan.planner.lazy import is_pending, pending_in, resolve, resolve_all, tally
from loadplan.planner.recipes import Column

__all__ = ["least_length", "lp_scale", "min_length", "matrices", "start_columns",
           "quiet_stdout", "REFINE_MORE", "over_limit"]

REFINE_MORE = 8
"""Rough (level-0) pending columns refined beside those an LP solution uses
(:func:`_least`): the cheapest step, taken a few at a time to save LP solves."""

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


def matrices(cols: list, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(a, f, l)``: drums per line and column, those that carry something, lengths."""
    a = np.zeros((n, len(cols)))
    f = np.zeros((n, len(cols)))
    for j, col in enumerate(cols):
        for line, count, fixed in tally(col):
            a[line, j] += count
            f[line, j] += fixed
    return a, f, np.array([col.length for col in cols])


def start_columns(cols: list) -> list:
    """The columns a solve starts from: as given, or all built (:data:`lazy.EAGER`)."""
    from loadplan.planner import lazy

    return resolve_all(cols) if lazy.EAGER else list(cols)


class _OverLimit:
    """The answers of :func:`least_length` that were over their limit (or infeasible), by
    the column list (the same object), ``need`` and the limit: the same question again
    (``fits_one`` then the door fit's ``min_length`` on the same pool, ``fits_n`` then
    ``fits_n_joint``) follows the same column generation to the same answer (the LPs are
    the same: pending columns refine and build to the same objects, and ``early`` only
    stops a run whose LP is within the limit), so it is answered without the LPs.
    Holds the column lists it answers for (so an ``id`` is never another list's). One
    store for the process (class-level, so ``cache_clear`` works on the class too)."""

    size = 64
    _got: dict = {}
    _lock = threading.Lock()

    @staticmethod
    def key(cols: list, need: np.ndarray, limit: float) -> tuple:
        from loadplan.planner import lazy

        return (id(cols), len(cols), need.dtype.str, need.shape, need.tobytes(), float(limit),
                bool(lazy.EAGER), REFINE_MORE)

    @classmethod
    def get(cls, key: tuple, cols: list) -> tuple | None:
        with cls._lock:
            got = cls._got.get(key)
        return got[1] if got is not None and got[0] is cols else None

    @classmethod
    def put(cls, key: tuple, cols: list, answer: tuple) -> None:
        with cls._lock:
            cls._got[key] = (cols, answer)
            while len(cls._got) > cls.size:
                cls._got.pop(next(iter(cls._got)))

    @classmethod
    def cache_clear(cls) -> None:
        with cls._lock:
            cls._got.clear()

    @classmethod
    def cache_info(cls) -> int:
        return len(cls._got)


over_limit = _OverLimit()
"""The remembered over-the-limit answers of :func:`least_length` (``over_limit.cache_clear()``
forgets them; :func:`loadplan.planner.mixed.forget` does)."""


def least_length(cols: list, need: np.ndarray, limit: float = np.inf,
           early: Callable[[object, list], bool] | None = None) -> tuple:
    """The least total zone length holding ``need`` (the LP relaxation), pending columns
    built while the LP solution uses any (column generation: the relaxation's least
    length equals the exact one once it uses built columns only; stopped early when it
    is already over ``limit``, or when ``early(res, work)`` says so). Returns
    ``(res, work, idx)``: the ``linprog`` result (None: infeasible), the columns with
    those built and the indexes of the live ones. An answer over ``limit`` (or
    infeasible) is remembered (:data:`over_limit`): callers read only its ``res``."""
    key = over_limit.key(cols, need, limit)
    got = over_limit.get(key, cols)
    if got is not None:
        return got
    res, work, idx = _least(cols, need, limit, early)
    if res is None or res.fun > limit + 1e-6:
        over_limit.put(key, cols, (res, work, idx))
    return res, work, idx


def _least(cols: list, need: np.ndarray, limit: float,
           early: Callable[[object, list], bool] | None) -> tuple:
    """:func:`least_length` without the memory of over-the-limit answers."""
    from scipy.optimize import linprog

    work = start_columns(cols)
    n, m = need.shape[0], len(work)
    a, lens, alive = np.zeros((n, m)), np.zeros(m), np.ones(m, dtype=bool)

    def put(j: int) -> None:  # column j of the LP as it now is (the rows of matrices)
        a[:, j] = 0.0
        if work[j] is None:
            alive[j] = False
            return
        for line, count, _ in tally(work[j]):
            a[line, j] += count
        lens[j] = work[j].length

    for j in range(m):
        put(j)
    while True:
        idx = np.flatnonzero(alive)
        if idx.size == 0:
            return None, work, idx
        res = linprog(lens[idx], A_ub=-a[:, idx], b_ub=-need.astype(float), bounds=(0, None),
                      method="highs")
        if res.status != 0:
            return None, work, idx
        used = pending_in(work, idx[np.flatnonzero(res.x > 1e-9)])
        if not used or res.fun > limit + 1e-6 or (early is not None and early(res, work)):
            return res, work, idx
        # refine first: builds (the costly step) only once the LP uses no column
        # counted by the loosest bound; with the used ones, the REFINE_MORE rough
        # columns of least reduced cost (the next the LP would take; fewer solves)
        step = [j for j in used if work[j].level < 1]
        if step:
            red = lens[idx] + res.ineqlin.marginals @ a[:, idx]
            rough = [int(idx[i]) for i in np.argsort(red, kind="stable")
                     if is_pending(work[idx[i]]) and work[idx[i]].level < 1]
            step = sorted(set(step) | set(rough[:REFINE_MORE]))
        else:
            step = used
        work = resolve(work, step)
        for j in step:
            put(j)


def lp_scale(cols: list[Column], quantity: np.ndarray, weight: np.ndarray, length: float,
             payload: float) -> float:
    """The recipe LP: the largest ``s`` with ``s x quantity`` in one container (see notes)."""
    from scipy.optimize import linprog

    n, m = quantity.shape[0], len(cols)
    if m == 0:
        return 0.0
    a, _, lens = matrices(cols, n)
    # variables x (m), s; maximise s
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_ub = np.vstack([np.concatenate([lens, [0.0]])[None, :],
                      np.concatenate([np.zeros(m), [float(weight @ quantity)]])[None, :],
                      np.hstack([-a, quantity.astype(float)[:, None]])])
    b_ub = np.concatenate([[length], [payload], np.zeros(n)])
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
    return float(res.x[-1]) if res.status == 0 else 0.0


def min_length(cols: list, quantity: np.ndarray, limit: float = np.inf) -> float:
    """LP relaxation: the least total zone length holding ``quantity`` (inf: impossible).

    Pending columns are built while the LP uses them (:func:`_least`); once the least
    length is over ``limit`` the relaxation's value (a lower bound, over ``limit``
    too) is returned without building more."""
    if len(cols) == 0:
        return float("inf")
    res, _, _ = least_length(cols, quantity, limit)
    return float(res.fun) if res is not None else float("inf")
