"""plan: the Blitar order (``examples/blitar_djembe.csv``) and the same order scaled to 1k/10k/100k drums."""

from __future__ import annotations

import pytest

from _common import clear_caches, load_order_rows, need, scaled_order


def _conserved(plan, drums) -> bool:
    return plan.placed_count + plan.unplaced_count == sum(d.quantity for d in drums)


@pytest.fixture(scope="module")
def planner(lp):
    need("fill")
    return need("plan")


def test_plan_blitar(benchmark, planner):
    """The 6,000-drum Blitar order, once compiled."""
    rows = load_order_rows()
    drums = scaled_order(sum(int(r["quantity"]) for r in rows), rows)
    planner(drums)  # JIT warm-up, not timed
    # the planner memoises fills: clear them before each round (compiled kernels stay)
    plan = benchmark.pedantic(planner, args=(drums,), setup=clear_caches, rounds=5, iterations=1)
    benchmark.extra_info.update(containers=len(plan.loads), placed=plan.placed_count, unplaced=plan.unplaced_count)
    assert _conserved(plan, drums)


@pytest.mark.parametrize("n", [1_000, 10_000, 100_000])
def test_plan_scaling(benchmark, planner, n):
    """Plan time against the number of drums (the Blitar mix, scaled)."""
    drums = scaled_order(n)
    planner(scaled_order(1_000))  # JIT warm-up, not timed
    rounds = 1 if n >= 100_000 else 5
    plan = benchmark.pedantic(planner, args=(drums,), setup=clear_caches, rounds=rounds, iterations=1)
    benchmark.extra_info.update(drums=sum(d.quantity for d in drums), containers=len(plan.loads))
    assert _conserved(plan, drums)
