"""Whole one-line containers first, then the mixed rest (planner/fullfirst.py)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loadplan as lp
from loadplan.containers import CONTAINERS
from loadplan.model import Drum
from loadplan import planner
from loadplan.planner import fullfirst
from loadplan.planner.fullfirst import candidates, full_first
from loadplan.planner.greedy import plan_group
from loadplan.planner.mixed import best_plan
from loadplan.planner.sizes import Line, capacity
from plan_asserts import conserved

C40 = CONTAINERS["40GP"]

# random order 0 of benchmarks/bench_mixed.py: three containers without this step
ORDER0 = [Drum("T360x380", 360, 380, 7.0, quantity=1943),
          Drum("T320x600", 320, 600, 6.0, quantity=625)]


def lines_of(drums):
    """Lines in the planner's order (largest drum first: the mixed plan depends on it)."""
    lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
    return sorted(lines, key=lambda l: (-l.drum.diameter ** 2 * l.drum.height, l.index))


def test_candidates_are_whole_containers_of_one_line():
    lines = lines_of(ORDER0)
    cap = capacity(lines[1], C40)
    got = candidates(lines, [C40])
    assert lines[1].drum.sku == "T360x380"
    assert got == [(1, C40, 1943 // cap, cap)]  # the other line: far below a container


def test_order0_fits_two_containers():
    lines = lines_of(ORDER0)
    best = best_plan(lines, [C40], None)
    assert len(best) == 3  # the mixed planner alone
    got = full_first(lines, [C40], None, best, lambda rest: best_plan(rest, [C40], None))
    assert len(got) == 2
    assert got[0].count == capacity(lines[1], C40)  # the whole container first
    assert sum(b.count for b in got) == 1943 + 625


def test_plan_uses_it_and_verifies():
    p = lp.plan(ORDER0, containers=("40GP",))
    assert len(p.loads) == 2
    assert p.unplaced_count == 0
    conserved(p, ORDER0)


def test_not_tried_when_nothing_to_gain():
    lines = lines_of(ORDER0)
    one = plan_group(lines_of([ORDER0[1]]), [C40], None)  # one line
    assert full_first(lines_of([ORDER0[1]]), [C40], None, one, lambda r: 1 / 0) is one
    calls = []
    best = best_plan(lines, [C40], None)[:1]  # one container: nothing to beat by splitting
    assert full_first(lines, [C40], None, best, calls.append) is best
    assert calls == []


def test_keeps_the_given_plan_unless_strictly_better(monkeypatch):
    lines = lines_of(ORDER0)
    best = best_plan(lines, [C40], None)
    # a rest planner that always needs three containers: the given plan stays
    worse = lambda rest: best_plan(rest, [C40], None) * 3  # noqa: E731
    assert full_first(lines, [C40], None, best, worse) is best
    monkeypatch.setattr(fullfirst, "NEAR_FULL", 10.0)  # no line qualifies
    assert full_first(lines, [C40], None, best, lambda r: []) is best


SIZES = [(360, 380, 7.0), (320, 600, 6.0), (240, 400, 3.0), (500, 600, 20.0), (585, 880, 30.0)]


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, len(SIZES) - 1), st.integers(50, 2200)),
                min_size=2, max_size=3, unique_by=lambda t: t[0]))
def test_random_orders_verify_and_never_worse(spec):
    drums = [Drum(f"S{i}", *SIZES[i][:2], SIZES[i][2], quantity=q) for i, q in spec]
    p = lp.plan(drums, containers=("40GP",))
    conserved(p, drums)
    with pytest.MonkeyPatch.context() as m:  # the planner without this step
        m.setattr(planner, "full_first", lambda lines, conts, costs, best, solve: best)
        before = lp.plan(drums, containers=("40GP",), verify=False)
    assert len(p.loads) <= len(before.loads)
