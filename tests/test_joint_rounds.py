"""Joint columns in rounds (optimise.fill_joint ``rounds``, jointcols.joint_maker's memory)."""

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
from loadplan.planner.jointcols import joint_maker, joint_pairs
from loadplan.planner.mixed import realise
from loadplan.planner.optimise import JOINT_ROUNDS, fill_joint, fill_joint_rounds, fill_one
from loadplan.planner.recipes import column_at
from loadplan.planner.sizes import Line

from fill_setup import arrays, first_fill_in

C40 = CONTAINERS["40GP"]
DRUMS = [Drum("T585", 585, 880, 30.0, quantity=60), Drum("T180", 180, 300, 1.5, quantity=400),
         Drum("T320", 320, 600, 6.0, quantity=100)]
LINES = [Line(i, d, d.quantity) for i, d in enumerate(DRUMS)]
STAGGER2 = 585 + 585 * 3 ** 0.5 / 2


def test_joint_rounds_default_is_three():
    assert JOINT_ROUNDS == 3


def test_joint_pairs_skip_passes_over_pairs_already_laid_out():
    c1 = column_at((0, 2, 1), LINES, C40, 585.0)
    c2 = column_at((0, 2, 2), LINES, C40, STAGGER2)
    cols = [c1, c2]
    chosen, also = np.array([2, 0]), np.array([0, 0.5])
    assert joint_pairs(cols, chosen, also) == [(0, 0), (0, 1)]
    assert joint_pairs(cols, chosen, also, skip={(0, 0)}) == [(0, 1)]
    # the limit counts new pairs only
    assert joint_pairs(cols, chosen, also, limit=1, skip={(0, 0)}) == [(0, 1)]
    assert joint_pairs(cols, chosen, also, skip={(0, 0), (0, 1)}) == []


def test_joint_maker_offers_each_pair_once():
    c1 = column_at((0, 2, 1), LINES, C40, 585.0)
    c2 = column_at((0, 2, 2), LINES, C40, STAGGER2)
    cols = [c1, c2]
    make = joint_maker(LINES, C40)
    first = make(cols, np.array([1, 1]), np.zeros(2), C40.length)
    assert len(first) == 4 and {c.key for c in first} == {(0, 2, (1, 2))}
    assert make(cols, np.array([1, 1]), np.zeros(2), C40.length) == []
    # a fresh maker (another fill) lays the pair out again
    assert len(joint_maker(LINES, C40)(cols, np.array([1, 1]), np.zeros(2), C40.length)) == 4


@pytest.fixture(scope="module")
def first_fill():
    """The pool of DRUMS at need (200, 3000, 400) and its first fill (one MILP, ~2 s of
    CPU) for the tests that start from it: ``(cols, need, vol, wt, x, y)``."""
    cols = mixed.cached_pool(tuple(DRUMS), C40, False, (200, 3000, 400))
    vol, wt = arrays(LINES)
    need = np.array([200, 3000, 400])
    x, y = fill_one(cols, need, vol, wt, C40.length, C40.max_payload)
    return cols, need, vol, wt, x, y


def test_a_later_round_is_kept_only_when_strictly_better(first_fill):
    """A maker whose second round offers nothing new: the rounds give round 1's answer,
    the same object (``many is one``: the planner then skips the run with rounds)."""
    cols, need, vol, wt, x, y = first_fill
    assert (y < need).any()
    calls = []
    inner = joint_maker(LINES, C40)

    def first_only(*a):
        calls.append(inner(*a) if not calls else [])
        return calls[-1]

    one, many = fill_joint_rounds(cols, (x, y), need, vol, wt, C40.length, C40.max_payload,
                                  first_only)
    assert many is one
    assert len(calls[0]) > 0  # this order has joint columns
    # asked again unless the first round placed everything
    assert len(calls) == (1 if one is not None and (one[2] >= need).all() else 2)
    plain = fill_joint(cols, (x, y), need, vol, wt, C40.length, C40.max_payload,
                       joint_maker(LINES, C40))
    if one is not None and plain is not None:
        assert float(vol @ plain[2]) >= float(vol @ one[2]) - 1e-9


def test_a_maker_offering_nothing_keeps_the_first_fill(first_fill):
    cols, need, vol, wt, x, y = first_fill
    assert fill_joint_rounds(cols, (x, y), need, vol, wt, C40.length, C40.max_payload,
                             lambda *a: []) == (None, None)


SIZES = [(585, 880, 30.0), (500, 600, 20.0), (320, 600, 6.0), (180, 300, 1.5),
         (240, 400, 3.0), (460, 700, 14.0)]


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(20, 400)),
                min_size=2, max_size=4, unique_by=lambda t: t[0]), st.floats(0.3, 1.0))
def test_more_rounds_never_place_less_and_realise(spec, frac):
    """On the same order and container, the rounds keep at least the drum volume of the
    first round, and what they keep realises exactly and verifies."""
    drums = [Drum(f"S{i}", *SIZES[i][:2], SIZES[i][2], quantity=q) for i, q in spec]
    lines, need, cols, vol, wt, length, x, y = first_fill_in(drums, frac)
    one, many = fill_joint_rounds(cols, (x, y), need, vol, wt, length, C40.max_payload,
                                  joint_maker(lines, C40))
    if one is not None:
        assert many is not None and float(vol @ many[2]) >= float(vol @ one[2]) - 1e-9
    for got in (one, many):
        if got is None:
            continue
        cols2, x2, y2 = got
        assert float(vol @ y2) >= float(vol @ y) - 1e-9
        assert len(cols2) == len(x2) and (y2 <= need).all()
        b = realise(cols2, x2, y2, lines, C40, itertools.count())
        assert b.count == y2.sum() and b.used <= length + 1e-6
        assert lp.verify(build_load(b, None, 0.05)) == []


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(20, 700)),
                min_size=2, max_size=4, unique_by=lambda t: t[0]))
def test_plans_with_rounds_verify_and_are_never_worse(spec):
    """By the planner's objective, the plan with later rounds is never worse than with
    one round of joint columns (round 5), and it verifies and keeps every drum."""
    from loadplan.planner import optimise
    from plan_asserts import conserved

    drums = [Drum(f"S{i}", *SIZES[i][:2], SIZES[i][2], quantity=q) for i, q in spec]
    mixed.forget()
    saved = optimise.JOINT_ROUNDS
    try:
        optimise.JOINT_ROUNDS = 1
        before = lp.plan(drums, containers=("40GP",))
        mixed.forget()
        optimise.JOINT_ROUNDS = saved
        after = lp.plan(drums, containers=("40GP",))
    finally:
        optimise.JOINT_ROUNDS = saved
        mixed.forget()
    conserved(after, drums)
    assert (after.unplaced_count, len(after.loads)) <= (before.unplaced_count,
                                                        len(before.loads))


def test_second_round_pays_on_random_5_at_its_limit():
    """Measured (docs/decisions.md, round 6): random 5 of bench_mixed at s 0.55 in one
    40GP; the second round's pairs come from the first joint MILP's zones."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import bench_mixed as bm

    drums = bm.scaled(dict(bm.mixes())["random 5"], 0.55)
    lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
    need = np.array([d.quantity for d in drums])
    vol, wt = arrays(lines)
    cols = mixed.cached_pool(tuple(drums), C40, False, tuple(need.tolist()))
    x, y = fill_one(cols, need, vol, wt, C40.length, C40.max_payload)
    # round 7 (tops10, lying tops kept at board ends): the first fill leaves
    # [3, 0, 0, 6, 0, 1] (round 6: [0, 0, 35, 0, 2, 0]); the first joint round is not kept,
    # the later rounds leave [4, 0, 0, 0, 0, 1] (round 6: [4, 0, 9, 0, 0, 1])
    assert (need - y).tolist() == [3, 0, 0, 6, 0, 1]
    one, many = fill_joint_rounds(cols, (x, y), need, vol, wt, C40.length, C40.max_payload,
                                  joint_maker(lines, C40))
    assert one is None
    assert (need - many[2]).tolist() == [4, 0, 0, 0, 0, 1]
    assert float(vol @ many[2]) > float(vol @ y)
    b = realise(*many, lines, C40, itertools.count())
    assert b.count == many[2].sum()
    assert lp.verify(build_load(b, None, 0.05)) == []
