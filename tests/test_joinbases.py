"""Two boarded zones of one base joined under one board (planner/joinbases.py)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loadplan as lp
from loadplan.containers import CONTAINERS
from loadplan.model import Drum
from loadplan.planner.arrange import build_load
from loadplan.planner.joinbases import join_bases, joined
from loadplan.planner.mixed import realise
from loadplan.planner.recipes import column_at
from loadplan.planner.sizes import Line
from plan_asserts import conserved

C40 = CONTAINERS["40GP"]
DRUMS = [Drum("T585", 585, 880, 30.0, quantity=60), Drum("T180", 180, 300, 1.5, quantity=400),
         Drum("T320", 320, 600, 6.0, quantity=100)]
LINES = [Line(i, d, d.quantity) for i, d in enumerate(DRUMS)]


def counts(col):
    out = np.zeros(len(LINES), dtype=int)
    for p in col.parts:
        out[p.line] += p.centres.shape[0]
    return out


def sound(cols, x, y):
    """The zones realised in one container pass the independent verifier."""
    b = realise(cols, np.asarray(x), np.asarray(y), LINES, C40, itertools.count())
    load = build_load(b, None, 0.05)
    assert lp.verify(load) == []
    return b


@pytest.mark.parametrize("repack", [True, False])
@pytest.mark.parametrize("first", [False, True])
def test_joined_keeps_every_drum_of_both(repack, first):
    c1 = column_at((0, 2, 1), LINES, C40, 585.0)
    c2 = column_at((0, 2, 2), LINES, C40, 1091.624861)  # two staggered rows
    got = joined(c1, c2, LINES, C40, 0, first, repack)
    assert got is not None
    base = c1.parts[0].centres.shape[0] + c2.parts[0].centres.shape[0]
    assert got.parts[0].centres.shape[0] == base  # no extra drum under the board
    assert not got.parts[0].trimmable and got.parts[1].trimmable and got.parts[2].trimmable
    assert (counts(got) >= counts(c1) + counts(c2)).all()
    assert got.length <= c1.length + c2.length + 1e-6
    if repack:  # one staggered floor of three rows: a zone end fewer
        assert got.length < c1.length + c2.length - 70.0
    assert got.board[1] == pytest.approx(got.length)
    sound([got], [1], counts(got))


def test_join_bases_holds_more_of_the_rest_and_verifies():
    c1 = column_at((0, 2, 1), LINES, C40, 585.0)
    c2 = column_at((0, 2, 2), LINES, C40, 2181.317897047654)
    before = counts(c1) + counts(c2)
    need = before + np.array([0, 0, 5])
    weight = np.array([d.weight for d in DRUMS])
    cols, x, y = join_bases([c1, c2], np.array([1, 1]), before.copy(), LINES, C40, need,
                            weight)
    assert len(cols) == 1 and x.tolist() == [1]
    assert (y >= before).all() and (y <= need).all()
    assert y.sum() > before.sum()  # the joined tops take some of the rest
    b = sound(cols, x, y)
    assert b.count == y.sum()


def test_other_layers_are_not_joined():
    c1 = column_at((0, 2, 1), LINES, C40, 585.0)
    c3 = column_at((0, 1, 2), LINES, C40, 1170.0)
    y = counts(c1) + counts(c3)
    weight = np.array([d.weight for d in DRUMS])
    cols, x, _ = join_bases([c1, c3], np.array([1, 1]), y, LINES, C40, y + 50, weight)
    assert [c.key for c in cols] == [c1.key, c3.key]


@pytest.mark.parametrize("spare", [0, 50])
def test_one_recipe_twice_gets_one_top(spare):
    """Two zones of one recipe (merge keeps them apart when the floor of their joint
    length holds more base than the order's rest): one floor, one board, one top."""
    c1 = column_at((0, 2, 1), LINES, C40, 585.0)
    before = 2 * counts(c1)
    need = before + np.array([spare, 400, 0])
    weight = np.array([d.weight for d in DRUMS])
    cols, x, y = join_bases([c1], np.array([2]), before.copy(), LINES, C40, need, weight)
    assert [c.key for c in cols] == [c1.key] and x.tolist() == [1]
    got = cols[0]
    assert len(got.parts) == 2 and got.length <= 2 * c1.length + 1e-6
    assert got.parts[0].centres.shape[0] <= need[0]
    assert (y >= before).all() and (y <= need).all()
    assert y[1] > before[1]  # the one top holds more than the two
    b = sound(cols, x, y)
    assert b.count == y.sum()


SIZES = [(585, 880, 30.0), (500, 600, 20.0), (320, 600, 6.0), (180, 300, 1.5),
         (240, 400, 3.0), (460, 700, 14.0)]


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, len(SIZES) - 1), st.integers(20, 300)),
                min_size=3, max_size=5, unique_by=lambda t: t[0]))
def test_random_mixes_verify(spec):
    drums = [Drum(f"S{i}", *SIZES[i][:2], SIZES[i][2], quantity=q) for i, q in spec]
    p = lp.plan(drums, containers=("40GP",))
    conserved(p, drums)


BASES = [(585, 880, 30.0), (500, 600, 20.0), (320, 600, 6.0), (460, 700, 14.0)]
TOPS = [(180, 300, 1.5), (240, 400, 3.0), (210, 250, 2.0), (280, 450, 4.0)]


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(BASES), st.lists(st.sampled_from(TOPS), min_size=2, max_size=2,
                                        unique=True),
       st.integers(1, 3), st.integers(1, 6), st.integers(1, 6), st.booleans(), st.booleans())
def test_random_pairs_join_soundly(base, tops, k, r1, r2, first, repack):
    drums = [Drum("B", *base[:2], base[2], quantity=1)] + [
        Drum(f"T{i}", *t[:2], t[2], quantity=1) for i, t in enumerate(tops)]
    lines = [Line(i, d, 1) for i, d in enumerate(drums)]
    d = base[0]
    c1 = column_at((0, k, 1), lines, C40, d + (r1 - 1) * d * 3 ** 0.5 / 2)
    c2 = column_at((0, k, 2), lines, C40, r2 * d)
    if c1 is None or c2 is None:
        return
    got = joined(c1, c2, lines, C40, 0, first, repack)
    if got is None:
        return
    n = [0, 0, 0]
    for col in (c1, c2):
        for p in col.parts:
            n[p.line] += p.centres.shape[0]
    have = [sum(p.centres.shape[0] for p in got.parts if p.line == i) for i in range(3)]
    assert have[0] == n[0] and have[1] >= n[1] and have[2] >= n[2]
    assert got.length <= c1.length + c2.length + 1e-6
    b = realise([got], np.array([1]), np.array(have), lines, C40, itertools.count())
    assert lp.verify(build_load(b, None, 0.05)) == []


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(BASES), st.sampled_from(TOPS), st.integers(1, 3), st.integers(1, 6),
       st.integers(1, 6), st.booleans())
def test_random_same_recipe_pairs_join_soundly(base, top, k, r1, r2, stagger):
    drums = [Drum("B", *base[:2], base[2], quantity=1), Drum("T", *top[:2], top[2], quantity=1)]
    lines = [Line(i, d, 1) for i, d in enumerate(drums)]
    d = base[0]
    row = d * 3 ** 0.5 / 2 if stagger else d
    c1 = column_at((0, k, 1), lines, C40, d + (r1 - 1) * row)
    c2 = column_at((0, k, 1), lines, C40, d + (r2 - 1) * row)
    if c1 is None or c2 is None:
        return
    got = joined(c1, c2, lines, C40, 0)
    if got is None:
        return
    n = [c1.count(i) + c2.count(i) for i in range(2)]
    have = [got.count(i) for i in range(2)]
    assert len(got.parts) == 2 and got.key == (0, k, 1)
    assert have[0] == n[0] and have[1] >= n[1]
    assert got.length <= c1.length + c2.length + 1e-6
    b = realise([got], np.array([1]), np.array(have), lines, C40, itertools.count())
    assert lp.verify(build_load(b, None, 0.05)) == []


@pytest.mark.parametrize("first", [False, True])
def test_no_split_that_holds_a_top_means_no_joint(monkeypatch, first):
    """When no split of the board leaves a top its drums, there is no joint (the spare
    board going to the first top once computed ``length - None``)."""
    import loadplan.planner.joinbases as jb

    c1 = column_at((0, 2, 1), LINES, C40, 585.0)
    c2 = column_at((0, 2, 2), LINES, C40, 1091.624861)
    monkeypatch.setattr(jb, "_split", lambda *args, **kwargs: None)
    assert joined(c1, c2, LINES, C40, 0, first, True) is None
