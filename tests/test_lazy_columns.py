"""[mixed] lazy recipe columns: proven bounds first, exact builds only where a solution needs them.

The bound of a pending column is never below its built count (and its fixed drums are
exact); built, the lazy columns are the eager ones (same recipes, lengths, counts and
order); the solvers reach the eager optimum: the same least length, a fit exactly when
the eager search finds one, fills of the same value within HiGHS' gap.
"""

from __future__ import annotations

import numpy as np
import pytest

import loadplan as lp
from loadplan.containers import CONTAINERS
from loadplan.model import Drum
from loadplan.planner import lazy, mixed
from loadplan.planner.lazy import is_pending, resolve_all, top_bound
from loadplan.planner.optimise import fill_one, fits_n, fits_one, min_length
from loadplan.planner.recipes import columns
from loadplan.planner.sizes import Line, block_cached

C40 = CONTAINERS["40GP"]
C20 = CONTAINERS["20GP"]
SIZES = [(180, 240, 3.0), (240, 320, 5.0), (320, 400, 8.0), (400, 550, 14.0), (450, 600, 22.0),
         (585, 880, 60.0), (300, 300, 6.0), (500, 700, 35.0), (650, 900, 80.0), (220, 500, 7.0)]


def _drums(seed: int, k: int) -> list[Drum]:
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(SIZES), size=k, replace=False)
    out = []
    for j, i in enumerate(picks):
        d, h, w = SIZES[int(i)]
        orient = [("z", "x", "y"), ("z",), ("z", "x")][int(rng.integers(3))]
        out.append(Drum(f"S{j}", float(d), float(h), weight=w, orientations=orient,
                        quantity=int(rng.integers(20, 300))))
    return out


def _lines(drums):
    return [Line(i, d, 0) for i, d in enumerate(drums)]


def _sig(cols):
    return [(c.key, round(c.length, 6), tuple((p.line, p.centres.shape[0], p.trimmable)
                                             for p in c.parts)) for c in cols]


@pytest.mark.parametrize("seed", range(6))
def test_pending_bounds_are_at_least_the_built_counts(seed):
    drums = _drums(100 + seed, 3)
    need = tuple(d.quantity for d in drums)
    pool = columns(_lines(drums), C40, need=need, lazy=True, rows=(1, 3, 6, 12, 26))
    pend = [c for c in pool if is_pending(c)]
    assert pend  # boarded recipes exist for these mixes
    for p in pend:
        col = p.exact()
        if col is None:
            continue
        assert col.key == p.key and abs(col.length - p.length) < 1e-6
        tight = p.refined()
        assert tight.refined() is tight and tight.exact() is col
        for (line, count, fixed), (_, tcount, tfixed), part in zip(p.bounds, tight.bounds,
                                                                  col.parts):
            assert part.line == line
            assert count >= tcount >= part.centres.shape[0]
            assert fixed == tfixed == (0 if part.trimmable else part.centres.shape[0])


@pytest.mark.parametrize("seed", range(40))
def test_top_bound_is_at_least_the_layout(seed):
    rng = np.random.default_rng(seed)
    d, h, _ = SIZES[int(rng.integers(len(SIZES)))]
    length = float(rng.uniform(d, 7000.0))
    height = float(rng.uniform(min(d, h), 2400.0))
    axes = ["zxy", "z", "zx", "x", "xy", "y"][int(rng.integers(6))]
    layers = None if rng.random() < 0.7 else int(rng.integers(1, 4))
    cen, _ = block_cached(float(d), float(h), length, 2350.0, height, axes, layers, None)
    assert top_bound(float(d), float(h), length, 2350.0, height, axes, layers) >= cen.shape[0]


@pytest.mark.parametrize("need", [True, False])
@pytest.mark.parametrize("seed", range(3))
def test_built_pool_is_the_eager_columns(seed, need):
    drums = _drums(200 + seed, 4)
    q = tuple(d.quantity for d in drums) if need else None
    eager = columns(_lines(drums), C40, need=q, rows=(1, 2, 4, 8, 16))
    pool = columns(_lines(drums), C40, need=q, rows=(1, 2, 4, 8, 16), lazy=True)
    built = [c for c in resolve_all(pool) if c is not None]
    assert _sig(built) == _sig(eager)


def _both(drums, container=C40, rows=(1, 2, 4, 8, 16)):
    q = tuple(d.quantity for d in drums)
    eager = columns(_lines(drums), container, need=q, rows=rows)
    pool = columns(_lines(drums), container, need=q, rows=rows, lazy=True)
    return eager, pool


@pytest.mark.parametrize("seed", range(8))
def test_lazy_solves_reach_the_eager_optimum(seed):
    drums = _drums(300 + seed, 3)
    eager, pool = _both(drums)
    wt = np.array([d.weight for d in drums])
    vol = np.array([d.diameter ** 2 * d.height for d in drums])
    for scale in (0.5, 1.0, 2.0):
        need = np.array([max(1, int(d.quantity * scale)) for d in drums], dtype=np.int64)
        assert min_length(pool, need) == pytest.approx(min_length(eager, need), rel=1e-9)
        # a fit exactly when the eager search finds one, and a fit of built columns
        got, ref = fits_one(pool, need, wt, C40.length, C40.max_payload), \
            fits_one(eager, need, wt, C40.length, C40.max_payload)
        assert (got is None) == (ref is None)
        if got is not None:
            assert not any(is_pending(pool[j]) and pool[j].exact() is None
                           for j in np.flatnonzero(got))
            built = lazy.build(pool, np.flatnonzero(got))
            a = np.zeros(3)
            for j in np.flatnonzero(got):
                for i in range(3):
                    a[i] += built[j].count(i) * int(got[j])
            assert (a >= need).all()
            assert sum(built[j].length * int(got[j]) for j in np.flatnonzero(got)) \
                <= C40.length + 1e-6
        # fills: the value of the eager optimum, within the MILP's gap (0.1 %)
        x, y = fill_one(pool, need, vol, wt, C40.length, C40.max_payload)
        xe, ye = fill_one(eager, need, vol, wt, C40.length, C40.max_payload)
        assert float(vol @ y) >= (1 - 2e-3) * float(vol @ ye)
        assert all(lazy.build(pool, [j])[j] is not None for j in np.flatnonzero(x))


@pytest.mark.parametrize("seed", range(4))
def test_lazy_joint_fits_exactly_when_eager_does(seed):
    drums = _drums(400 + seed, 3)
    eager, pool = _both(drums, C20)
    wt = np.array([d.weight for d in drums])
    need = np.array([d.quantity for d in drums], dtype=np.int64)
    for n in (1, 2, 3):
        got = fits_n(pool, need, wt, C20.length, C20.max_payload, n)
        ref = fits_n(eager, need, wt, C20.length, C20.max_payload, n)
        assert (got is None) == (ref is None)
        if got is not None:
            assert (got[1].sum(axis=0) == need).all()


def test_eager_flag_plans_verify_and_keep_blitar_one_40gp_per_city(monkeypatch):
    from loadplan.demo import demo_order

    drums = demo_order()
    plans = []
    for eager in (False, True):
        monkeypatch.setattr(lazy, "EAGER", eager)
        mixed.forget()
        plans.append(lp.plan(drums, containers=("40GP",)))
    mixed.forget()
    for p in plans:
        assert [l.container.name for l in p.loads] == ["40GP", "40GP"]
        assert p.unplaced_count == 0
        assert lp.verify(p, drums) == []


def test_a_plan_does_not_depend_on_what_was_built_before(monkeypatch):
    """Builds are remembered on the pending columns, but every solve starts from the pool
    as made: planning the same order again with fresh solves gives the same plan."""
    drums = _drums(500, 4)
    mixed.forget()
    try:
        first = lp.plan(drums, containers=("40GP",)).to_json()
        monkeypatch.setattr(mixed, "solved", lambda key, solve: solve())  # no remembered answers
        again = lp.plan(drums, containers=("40GP",)).to_json()
    finally:
        mixed.forget()
    assert again == first


@pytest.mark.parametrize("seed", range(12))
def test_layout_bound_is_at_least_build(seed):
    from loadplan.filling.pieces import Box
    from loadplan.filling.search import build, layout_bound

    rng = np.random.default_rng(1000 + seed)
    d, h, _ = SIZES[int(rng.integers(len(SIZES)))]
    box = Box(float(d), float(h), float(rng.uniform(d, 6000.0)), float(rng.uniform(d, 2350.0)),
              float(rng.uniform(min(d, h), 2400.0)), ["zxy", "zx", "z", "xy"][seed % 4],
              int(rng.integers(0, 3)), (bool(seed % 2), bool(seed % 3)))
    assert layout_bound(box) >= build(box)[0].shape[0]
