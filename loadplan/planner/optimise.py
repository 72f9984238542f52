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
* :func:`fits_one` / :func:`fits_n`: the same zones, every drum of the rest placed in
  one / ``n`` containers (the least length first, from the LP relaxation of
  :mod:`~loadplan.planner.relaxation`, which also holds the recipe LP
  :func:`lp_scale`; both are still importable from here).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from loadplan.planner.lazy import is_pending, live, pending_in, resolve_all
from loadplan.planner.recipes import Column
from loadplan.planner.relaxation import (least_length, lp_scale, matrices, min_length,
                                        quiet_stdout)

__all__ = ["fill_one", "fill_joint", "fill_joint_rounds", "fits_one", "fits_n", "fits_n_joint",
           "lp_scale", "min_length", "quiet_stdout", "FIT_NODES", "FILL_NODES", "SAFETY_SECONDS",
           "JOINT_ROUNDS"]


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


JOINT_ROUNDS = 3
"""Rounds of joint columns in :func:`fill_joint_rounds` (new pairs each round): the first from
the first MILP's zones; after a round that is kept, the next from that round's zones
(stopping when it places no more); after one that is not, the next pairs of the same
zones (more of the LP's near-support)."""


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

    Notes
    -----
    Pending columns (:mod:`~loadplan.planner.lazy`) are all built first: a fill's value
    depends on every column (reduced-cost fixing from the LP prunes little here: the
    MILP's integer zones are far from the LP's fractional ones, so the threshold a
    fill's value gives keeps most columns), so the MILP is the eager one.
    """
    work = resolve_all(cols)
    idx = live(work)
    x, y = _fill([work[j] for j in idx], need, volume, weight, length, payload, time_limit)
    full = np.zeros(len(cols), dtype=np.int64)
    full[idx] = x
    return full, y


def fill_joint(cols: list, first: tuple, need: np.ndarray, volume: np.ndarray,
               weight: np.ndarray, length: float, payload: float,
               joints: Callable[[list, np.ndarray, np.ndarray, float], list]
               ) -> tuple[list, np.ndarray, np.ndarray] | None:
    """The fill of :func:`fill_one` again, with *joint columns* priced in
    (:mod:`~loadplan.planner.jointcols`), in up to :data:`JOINT_ROUNDS` rounds: the
    second of :func:`fill_joint_rounds`.

    Returns
    -------
    tuple or None
        ``(cols, x, y)``: ``cols`` built then the joint columns, zones per entry and
        drums per line; None when no round is kept (the caller keeps the first fill).
    """
    return fill_joint_rounds(cols, first, need, volume, weight, length, payload, joints)[1]


def fill_joint_rounds(cols: list, first: tuple, need: np.ndarray, volume: np.ndarray,
                      weight: np.ndarray, length: float, payload: float,
                      joints: Callable[[list, np.ndarray, np.ndarray, float], list]
                      ) -> tuple[tuple | None, tuple | None]:
    """The fill of :func:`fill_one` again with *joint columns*: after one round and after
    up to :data:`JOINT_ROUNDS` rounds.

    ``first``: :func:`fill_one`'s ``(x, y)`` over ``cols``. ``joints(built, x, lp_x,
    length)`` lays out joint columns (two zones of one base under one board, counted
    exactly) for new pairs among the given zones and the LP relaxation's support (the
    maker remembers the pairs it laid out, :func:`~loadplan.planner.jointcols.joint_maker`);
    each round solves the fill MILP over the columns and every joint so far (each joint
    recipe at most once). A round is *kept* when it places no less drum volume than
    ``first`` and is not ``first`` itself (the first kept one), or strictly more than the
    round kept before. After a kept round the next pairs come from its zones and its LP,
    and the rounds stop at the first that is not kept; before any round is kept, a round
    that is not kept is followed by the next pairs of ``first``'s zones.

    Returns
    -------
    one, many : tuple or None
        ``(cols, x, y)`` (``cols`` built then the joint columns, zones per entry, drums
        per line) of the first round when it is kept (else None: round 5's answer), and
        of the last kept round (``many is one`` when the later rounds changed nothing).
    """
    x0, y0 = first
    if (y0 >= need).all():
        return None, None
    work = resolve_all(cols)
    idx = live(work)
    built = [work[j] for j in idx]
    nb = len(built)
    chosen, score = x0[idx], _fill_lp(built, need, volume, weight, length, payload)
    extra: list = []
    kept: list = []  # (round, joint columns so far, x, y)
    for rnd in range(JOINT_ROUNDS):
        more = joints(built, chosen, score, length)
        if not more:
            break
        extra = extra + more
        x2, y2 = _fill(built + extra, need, volume, weight, length, payload, SAFETY_SECONDS,
                       _once_groups(extra, nb))
        if not kept:
            if float(volume @ y2) < float(volume @ y0) - 1e-9 or (
                    not x2[nb:].any() and (x2[:nb] == x0[idx]).all()):
                continue  # not kept: the next round offers the next pairs of these zones
        elif float(volume @ y2) <= float(volume @ kept[-1][3]) + 1e-9:
            break
        kept.append((rnd, len(extra), x2, y2))
        if (y2 >= need).all():
            break
        chosen = x2[:nb]
        score = _fill_lp(built + extra, need, volume, weight, length, payload)[:nb]

    def answer(k: int, x2: np.ndarray, y2: np.ndarray) -> tuple:
        out = np.zeros(len(cols) + k, dtype=np.int64)
        out[idx] = x2[:nb]
        out[len(cols):] = x2[nb:nb + k]
        return work + extra[:k], out, y2

    if not kept:
        return None, None
    many = answer(*kept[-1][1:])
    if kept[0][0] != 0:
        return None, many
    return (many if len(kept) == 1 else answer(*kept[0][1:])), many


def _once_groups(extra: list, offset: int) -> list[list[int]]:
    """Indexes (from ``offset``) of the joint columns ``extra``, grouped by recipe: each
    joint recipe is used at most once (per container)."""
    groups: dict[tuple, list[int]] = {}
    for j, col in enumerate(extra):
        groups.setdefault(col.key, []).append(offset + j)
    return list(groups.values())


def _fill_lp(cols: list, need: np.ndarray, volume: np.ndarray, weight: np.ndarray,
             length: float, payload: float) -> np.ndarray:
    """Per column of the fill model's LP relaxation: its zones there less its reduced
    cost (positive: the LP uses it; negative: how far it is from being used; scaled as
    the model's costs); -inf everywhere if the LP fails."""
    from scipy.optimize import linprog

    c, rows, hi, ub, _ = _fill_model(cols, need, volume, weight, length, payload)
    res = linprog(c, A_ub=rows, b_ub=hi, bounds=np.column_stack([np.zeros(ub.shape[0]), ub]),
                  method="highs")
    if res.status != 0:
        return np.full(len(cols), -np.inf)
    m = len(cols)
    return np.asarray(res.x[:m]) - np.maximum(np.asarray(res.lower.marginals[:m]), 0.0)


def _fill_model(cols: list, need: np.ndarray, volume: np.ndarray, weight: np.ndarray,
                length: float, payload: float) -> tuple:
    """The fill model over ``cols``: costs, rows (all ``<=``), their right-hand sides,
    variable upper bounds (zones ``x`` then drums ``y``) and integrality."""
    n, m = need.shape[0], len(cols)
    a, f, lens = matrices(cols, n)
    scale = float(volume.max()) or 1.0
    c = np.concatenate([lens * 1e-9, -volume / scale])
    rows = np.vstack([np.concatenate([lens, np.zeros(n)])[None, :],
                      np.concatenate([np.zeros(m), weight])[None, :],
                      np.hstack([-a, np.eye(n)]),
                      np.hstack([f, np.zeros((n, n))])])
    hi = np.concatenate([[length + 1e-6], [payload + 1e-6], np.zeros(n), need.astype(float)])
    ub = np.concatenate([np.floor(length / np.maximum(lens, 1e-9)), need.astype(float)])
    integ = np.concatenate([np.ones(m), np.zeros(n)])
    return c, rows, hi, ub, integ


def _fill(cols: list, need: np.ndarray, volume: np.ndarray, weight: np.ndarray,
          length: float, payload: float, time_limit: float,
          once: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The fill MILP of :func:`fill_one` over ``cols`` as they are; ``once``: groups of
    column indexes of which at most one zone in all may be used (joint columns)."""
    n, m = need.shape[0], len(cols)
    if m == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(n, dtype=np.int64)
    from scipy.optimize import Bounds, LinearConstraint, milp

    a, f, lens = matrices(cols, n)
    c, rows, hi, ub, integ = _fill_model(cols, need, volume, weight, length, payload)
    for g in once or ():
        r = np.zeros((1, rows.shape[1]))
        r[0, g] = 1.0
        rows, hi = np.vstack([rows, r]), np.concatenate([hi, [1.0]])
        ub[g] = np.minimum(ub[g], 1.0)
    cons = LinearConstraint(rows, np.full(rows.shape[0], -np.inf), hi)
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
    # a fit of built columns is a fit: tried once as soon as the built columns alone hold
    # ``need`` within the length by their LP (column generation may stop there), and
    # at the end of it; only when none is found is every column built and the search
    # made as without pending columns, so a fit found that way is never missed.
    # Reduced-cost fixing as before: a column whose reduced cost (by the LP's duals)
    # exceeds the LP's slack cannot be in any fit.
    found: list = []

    def attempt(res, work: list) -> np.ndarray | None:  # noqa: ANN001
        idx = np.array([j for j in live(work) if not is_pending(work[j])], dtype=np.int64)
        a, f, lens = matrices([work[j] for j in idx], n)
        keep = np.flatnonzero(lens + res.ineqlin.marginals @ a <= length - res.fun + 1e-6)
        x = _fit(a[:, keep], f[:, keep], lens[keep], need, length, time_limit)
        if x is None:
            return None
        full = np.zeros(len(cols), dtype=np.int64)
        full[idx[keep]] = x
        return full

    seen = [-1]

    def early(res, work: list) -> bool:  # noqa: ANN001
        from scipy.optimize import linprog

        built = [work[j] for j in live(work) if not is_pending(work[j])]
        if found or res.fun > length + 1e-6 or len(built) == seen[0]:
            return False
        seen[0] = len(built)  # the built columns' LP only when they changed
        a, _, lens = matrices(built, n)
        e = linprog(lens, A_ub=-a, b_ub=-need.astype(float), bounds=(0, None), method="highs")
        if e.status != 0 or e.fun > length + 1e-6:
            return False
        found.append(attempt(res, work))
        return found[0] is not None

    lp_res, work, idx = least_length(cols, need, length, early)
    if lp_res is None or lp_res.fun > length + 1e-6:
        return None
    if found and found[0] is not None:
        return found[0]
    for rnd in range(2):
        if rnd:
            if not pending_in(work, live(work)):
                return None
            work = resolve_all(work)
        x = attempt(lp_res, work)
        if x is not None:
            return x
    return None


def _fit(a: np.ndarray, f: np.ndarray, lens: np.ndarray, need: np.ndarray, length: float,
         time_limit: float) -> np.ndarray | None:
    """The fit MILP of :func:`fits_one` over these columns (None: no fit found)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    n, m = need.shape[0], lens.shape[0]
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
    return x


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
    m = len(cols)
    if m == 0 or n < 1 or float(weight @ need) > n * payload + 1e-6:
        return None
    res, work, idx = least_length(cols, need, n * length)
    if res is None or res.fun > n * length + 1e-6:
        return None
    # first the built columns only: a fit of them is a fit; only when none is found is
    # every column built and the search made as without pending columns
    for rnd in range(2):
        if rnd:
            if not pending_in(work, live(work)):
                return None
            work = resolve_all(work)
        idx = np.array([j for j in live(work) if not is_pending(work[j])], dtype=np.int64)
        got = _joint([work[j] for j in idx], need, weight, length, payload, n, time_limit)
        if got is not None:
            xs = np.zeros((n, m), dtype=np.int64)
            xs[:, idx] = got[0]
            return xs, got[1]
    return None


def _joint(cols: list, need: np.ndarray, weight: np.ndarray, length: float,
           payload: float, n: int, time_limit: float,
           once: list | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """The MILP of :func:`fits_n` over ``cols`` as they are; ``once``: groups of column
    indexes of which each container uses at most one zone in all (joint columns)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    k, m = need.shape[0], len(cols)
    a, f, lens = matrices(cols, k)
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
    xub = np.floor(length / np.maximum(lens, 1e-9))
    for g in once or ():
        xub[g] = np.minimum(xub[g], 1.0)
        for c in range(n):
            r = np.zeros((1, nv)); r[0, c * (m + k) + np.asarray(g)] = 1.0
            rows.append(r); lo.append([-np.inf]); hi.append([1.0])
    cons = LinearConstraint(np.vstack(rows), np.concatenate(lo), np.concatenate(hi))
    ub = np.concatenate([np.concatenate([xub, need.astype(float)]) for _ in range(n)])
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


def fits_n_joint(cols: list, need: np.ndarray, weight: np.ndarray, length: float,
                 payload: float, n: int,
                 joints: Callable[[list, np.ndarray, np.ndarray, float], list]
                 ) -> tuple[list, np.ndarray, np.ndarray] | None:
    """:func:`fits_n` again where it found no fit, with *joint columns*
    (:mod:`~loadplan.planner.jointcols`) for pairs among the zones of its LP relaxation
    (every column built; ``joints(built, lp_x, lp_score, length)``). Each container uses
    each joint recipe at most once.

    Returns
    -------
    tuple or None
        ``(cols, xs, ys)``: ``cols`` built then the joint columns, zones per container and
        entry, drums per container and line; None: no joint column, or no fit found.
    """
    if len(cols) == 0 or n < 1 or float(weight @ need) > n * payload + 1e-6:
        return None
    res, _, _ = least_length(cols, need, n * length)  # lazy: no build when the LP is over
    if res is None or res.fun > n * length + 1e-6:
        return None
    # fits_n builds every column before it gives up (remembered), so this costs nothing
    work = resolve_all(cols)
    idx = live(work)
    built = [work[j] for j in idx]
    res, _, _ = least_length(built, need, n * length)
    if res is None:
        return None
    lx = np.asarray(res.x)
    score = lx - np.maximum(np.asarray(res.lower.marginals), 0.0)
    extra = joints(built, np.ceil(lx - 1e-6), score, length)
    if not extra:
        return None
    got = _joint(built + extra, need, weight, length, payload, n, SAFETY_SECONDS,
                 _once_groups(extra, len(built)))
    if got is None:
        return None
    xs = np.zeros((n, len(cols) + len(extra)), dtype=np.int64)
    xs[:, idx] = got[0][:, :len(built)]
    xs[:, len(cols):] = got[0][:, len(built):]
    return work + extra, xs, got[1]
