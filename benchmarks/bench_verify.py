"""verify: the independent checker on a full container and on a whole plan."""

from __future__ import annotations

import pytest

from _common import load_order_rows, need, scaled_order


@pytest.fixture(scope="module")
def verify(lp):
    need("fill")
    return need("verify")


@pytest.mark.parametrize("container,diameter,height", [("20GP", 585, 880), ("40HC", 165, 600), ("45HC", 325, 230)])
def test_verify_fill(benchmark, lp, verify, container, diameter, height):
    """Verify one full container (from a few dozen to a few thousand drums)."""
    load = lp.fill(lp.Drum("B", diameter, height), container)
    verify(load)  # warm-up, not timed
    violations = benchmark(verify, load)
    benchmark.extra_info.update(drums=int(load.count))
    assert violations == []


def test_verify_blitar_plan(benchmark, lp, verify):
    """Verify the plan of the Blitar order."""
    need("plan")
    rows = load_order_rows()
    plan = lp.plan(scaled_order(sum(int(r["quantity"]) for r in rows), rows))
    verify(plan)
    violations = benchmark(verify, plan)
    benchmark.extra_info.update(drums=plan.placed_count)
    assert violations == []
