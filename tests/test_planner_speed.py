"""[mixed] planner speed: the work follows what was ordered, counts stay the engine's.

No timing asserts here (speed lives in benchmarks/bench_mixed_speed.py); these tests pin
the exactness of the shortcuts: counts sized to the quantity equal the whole-container
counts cut at the quantity, and small orders plan and verify.
"""

from __future__ import annotations

import pytest

import loadplan as lp
from loadplan.containers import CONTAINERS
from loadplan.model import Drum
from loadplan.planner import sizes
from loadplan.planner.sizes import Line, cap_bound, capacity, capacity_upto, fill_for
from loadplan.planner.zones import zone_for

C20 = CONTAINERS["20GP"]


def sound(plan, drums):
    for d in drums:
        assert plan.placed_by(d.sku, d.destination) + plan.unplaced_by(d.sku, d.destination) \
            == d.quantity
    assert plan.violations == ()
    assert lp.verify(plan, drums) == []


@pytest.mark.parametrize("diameter,height", [(110.0, 200.0), (100.0, 150.0)])
def test_ten_small_drums_plan_and_verify(diameter, height):
    drums = [Drum("S", diameter, height, weight=1.0, quantity=10)]
    p = lp.plan(drums)
    sound(p, drums)
    assert p.placed_count == 10 and p.unplaced_count == 0
    assert [l.container.name for l in p.loads] == ["20GP"]
    assert p.loads[0].upper_bound >= 10  # a proven bound stays beside the count


def test_small_mixed_order_plans_and_verifies():
    drums = [Drum("S", 110, 200, weight=1.0, quantity=10),
             Drum("T", 150, 250, weight=2.0, quantity=7)]
    p = lp.plan(drums)
    sound(p, drums)
    assert p.placed_count == 17
    assert len(p.loads) == 1


def test_capacity_upto_is_the_whole_count_cut_at_the_quantity():
    line = Line(0, Drum("D", 585, 880, weight=0.0), 0)
    full = capacity(line, C20)
    assert full == 106
    for q in (1, 50, 105, 106, 107, cap_bound(line, C20) - 1, cap_bound(line, C20), 500):
        assert capacity_upto(line, C20, q) == min(q, full), q
    assert capacity_upto(line, C20, 0) == 0


def test_fill_for_small_counts_skips_the_whole_container(monkeypatch):
    line = Line(0, Drum("S", 110, 200, weight=1.0), 0)
    calls = []
    real = sizes.fill_cached

    def spy(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(sizes, "fill_cached", spy)
    load = fill_for(line, C20, 10)
    assert load.count == 10 and calls == []
    assert load.upper_bound >= 10_000  # the whole container's bound


def test_zone_for_few_drums_is_short_and_exact():
    line = Line(0, Drum("S", 300, 400, weight=5.0), 0)
    z = zone_for(line, C20, C20.length, 12)
    assert z.count == 12
    assert z.length < 1000.0
    z_all = zone_for(line, C20, 900.0, 10_000)
    assert 0 < z_all.count < 10_000 and z_all.length <= 900.0 + 1e-6
