"""Joint columns priced in the fill MILP (planner/jointcols.py, optimise.fill_joint)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loadplan as lp
from loadplan.containers import CONTAINERS
from loadplan.model import Drum
from loadplan.planner import mixed
from loadplan.planner.arrange import build_load
from loadplan.planner.jointcols import is_joinable, joint_maker, joint_of, joint_pairs
from loadplan.planner.mixed import realise
from loadplan.planner.optimise import fill_joint, fill_one
from loadplan.planner.recipes import column_at, columns
from loadplan.planner.sizes import Line

from fill_setup import arrays, first_fill_in
from plan_asserts import conserved

C40 = CONTAINERS["40GP"]
DRUMS = [Drum("T585", 585, 880, 30.0, quantity=60), Drum("T180", 180, 300, 1.5, quantity=400),
         Drum("T320", 320, 600, 6.0, quantity=100)]
LINES = [Line(i, d, d.quantity) for i, d in enumerate(DRUMS)]
STAGGER2 = 585 + 585 * 3 ** 0.5 / 2  # two staggered rows of T585


def counts(col, n=len(LINES)):
    out = np.zeros(n, dtype=int)
    for p in col.parts:
        out[p.line] += p.centres.shape[0]
    return out


def test_joint_columns_realise_what_was_counted_and_verify():
    c1 = column_at((0, 2, 1), LINES, C40, 585.0)
    c2 = column_at((0, 2, 2), LINES, C40, STAGGER2)
    got = joint_of(c1, c2, LINES, C40, C40.length)
    assert len(got) == 4  # both splits, repacked floor and the two floors as they are
    for col in got:
        assert col.key == (0, 2, (1, 2))
        # the base is exactly the two bases (no drum more under the board)
        assert col.parts[0].centres.shape[0] == counts(c1)[0] + counts(c2)[0]
        assert (counts(col) >= counts(c1) + counts(c2)).all()
        assert col.length <= c1.length + c2.length + 1e-6
        b = realise([col], np.array([1]), counts(col), LINES, C40, itertools.count())
        real = np.zeros(len(LINES), dtype=int)
        for z in b.zones:
            real[z.line.index] += z.count
        assert real.tolist() == counts(col).tolist()  # counted == realised
        assert lp.verify(build_load(b, None, 0.05)) == []


def test_joint_of_one_recipe_twice_is_one_top():
    c1 = column_at((0, 2, 1), LINES, C40, 585.0)
    got = joint_of(c1, c1, LINES, C40, C40.length)
    assert len(got) == 1 and got[0].key == c1.key and len(got[0].parts) == 2
    assert got[0].parts[0].centres.shape[0] == 2 * counts(c1)[0]
    assert got[0].parts[1].centres.shape[0] >= 2 * counts(c1)[1]


def test_joint_of_respects_the_length():
    c1 = column_at((0, 2, 1), LINES, C40, 585.0)
    c2 = column_at((0, 2, 2), LINES, C40, STAGGER2)
    assert joint_of(c1, c2, LINES, C40, 600.0) == []


def test_joint_pairs_pair_chosen_zones_of_one_base_and_layers():
    c1 = column_at((0, 2, 1), LINES, C40, 585.0)
    c2 = column_at((0, 2, 2), LINES, C40, STAGGER2)
    c3 = column_at((0, 1, 2), LINES, C40, 1170.0)
    single = column_at((1, 0, -1), LINES, C40, 500.0)
    cols = [c1, c2, c3, single]
    assert not is_joinable(single) and all(is_joinable(c) for c in (c1, c2, c3))
    # c1 chosen twice, c2 in the LP's support only, c3 has other layers
    assert joint_pairs(cols, np.array([2, 0, 1, 1]), np.array([0, 0.5, 0, 0])) == [(0, 0),
                                                                                  (0, 1)]
    assert joint_pairs(cols, np.array([1, 0, 1, 1]), np.zeros(4)) == [(0, 1)]
    assert joint_pairs(cols, np.array([0, 0, 1, 1]), np.zeros(4)) == []  # c3 alone
    assert joint_pairs(cols, np.array([2, 0, 1, 1]), np.array([0, 0.5, 0, 0]), limit=1) == [
        (0, 0)]


def test_fill_joint_is_never_worse_than_fill_one_and_realises():
    lines = [Line(i, d, d.quantity) for i, d in enumerate(DRUMS)]
    cols = columns(lines, C40, need=tuple(l.quantity for l in lines))
    vol, wt = arrays(lines)
    need = np.array([200, 3000, 400])
    x, y = fill_one(cols, need, vol, wt, C40.length, C40.max_payload)
    got = fill_joint(cols, (x, y), need, vol, wt, C40.length, C40.max_payload,
                     joint_maker(lines, C40))
    if got is None:  # nothing better: the caller keeps the first fill
        return
    cols2, x2, y2 = got
    assert len(cols2) == len(x2) and (y2 <= need).all()
    assert float(vol @ y2) >= float(vol @ y) - 1e-9
    assert sum(cols2[j].length * x2[j] for j in np.flatnonzero(x2)) <= C40.length + 1e-6
    b = realise(cols2, x2, y2, lines, C40, itertools.count())
    assert b.count == y2.sum()
    assert lp.verify(build_load(b, None, 0.05)) == []


def test_fill_joint_skips_a_fill_that_holds_everything():
    cols = columns(LINES, C40, need=(10, 10, 10))
    vol, wt = arrays(LINES)
    need = np.array([10, 10, 10])
    x, y = fill_one(cols, need, vol, wt, C40.length, C40.max_payload)
    assert (y == need).all()
    assert fill_joint(cols, (x, y), need, vol, wt, C40.length, C40.max_payload,
                      joint_maker(LINES, C40)) is None


def test_fill_joint_rejects_a_bad_joint_maker_result():
    """A maker that offers nothing leaves the first fill."""
    cols = columns(LINES, C40, need=(200, 3000, 400))
    vol, wt = arrays(LINES)
    need = np.array([200, 3000, 400])
    x, y = fill_one(cols, need, vol, wt, C40.length, C40.max_payload)
    assert (y < need).any()
    assert fill_joint(cols, (x, y), need, vol, wt, C40.length, C40.max_payload,
                      lambda *a: []) is None


SIZES = [(585, 880, 30.0), (500, 600, 20.0), (320, 600, 6.0), (180, 300, 1.5),
         (240, 400, 3.0), (460, 700, 14.0), (210, 250, 2.0)]


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, len(SIZES) - 1), st.integers(20, 600)),
                min_size=2, max_size=4, unique_by=lambda t: t[0]))
def test_random_mixes_with_joints_verify_and_lose_nothing(spec):
    drums = [Drum(f"S{i}", *SIZES[i][:2], SIZES[i][2], quantity=q) for i, q in spec]
    p = lp.plan(drums, containers=("40GP",))
    assert p.violations == ()
    conserved(p, drums)


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, len(SIZES) - 1), st.integers(20, 400)),
                min_size=2, max_size=4, unique_by=lambda t: t[0]), st.floats(0.3, 1.0))
def test_fill_with_joints_is_never_worse(spec, frac):
    """On the same order and container, the fill with joint columns keeps at least the
    drum volume of the fill without them, and what it keeps realises and verifies."""
    drums = [Drum(f"S{i}", *SIZES[i][:2], SIZES[i][2], quantity=q) for i, q in spec]
    lines, need, cols, vol, wt, length, x, y = first_fill_in(drums, frac)
    got = fill_joint(cols, (x, y), need, vol, wt, length, C40.max_payload,
                     joint_maker(lines, C40))
    if got is None:
        return
    cols2, x2, y2 = got
    assert float(vol @ y2) >= float(vol @ y) - 1e-9
    b = realise(cols2, x2, y2, lines, C40, itertools.count())
    assert b.count == y2.sum() and b.used <= length + 1e-6
    assert lp.verify(build_load(b, None, 0.05)) == []


@pytest.mark.parametrize("name,scale", [("random 9", 3.235)])
def test_planner_keeps_a_joint_fill_only_when_it_leaves_less(name, scale, monkeypatch):
    """The plan with joint columns leaves no more than the plan without them."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import bench_mixed as bm

    drums = bm.scaled(dict(bm.mixes())[name], scale)
    mixed.forget()
    with_j = lp.plan(drums, containers=("40GP",))
    mixed.forget()
    monkeypatch.setattr(mixed, "fill_joint_rounds", lambda *a, **k: (None, None))
    without = lp.plan(drums, containers=("40GP",))
    mixed.forget()
    assert with_j.violations == () and without.violations == ()
    assert (with_j.unplaced_count, len(with_j.loads)) <= (without.unplaced_count,
                                                         len(without.loads))
