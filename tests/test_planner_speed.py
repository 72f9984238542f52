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


def test_drop_unsupported_takes_what_rests_on_what_goes():
    import numpy as np

    from loadplan.planner.recipes import drop_unsupported

    d = Drum("D", 200, 300)
    # two standing towers of two (x = 100 and x = 300), a lying drum along x across
    # both tops, and a lone standing drum far away (x = 1000)
    cen = np.array([[100, 100, 150], [100, 100, 450], [300, 100, 150], [300, 100, 450],
                    [200, 100, 700], [1000, 100, 150]], dtype=float)
    ax = np.array(["z", "z", "z", "z", "x", "z"])
    out = np.zeros(6, dtype=bool)
    out[0] = True
    keep = drop_unsupported(cen, ax, d, out)
    assert keep.tolist() == [False, False, True, True, False, True]
    out[:] = False
    out[5] = True
    assert drop_unsupported(cen, ax, d, out).tolist() == [True] * 5 + [False]


def test_floor_at_least_never_above_the_engine_floor():
    from loadplan.planner.recipes import floor_at_least, floor_cached

    for dia in (180.0, 240.0, 320.0, 585.0):
        for length in (dia, 2.5 * dia, 1234.0, 4000.0):
            assert floor_at_least(dia, length, 2350.0) <= floor_cached(dia, length, 2350.0).shape[0]


def test_columns_follow_the_need():
    from loadplan.planner.recipes import columns

    c40 = CONTAINERS["40GP"]
    drums = [Drum("A", 320, 600, 6.0), Drum("B", 180, 300, 1.5)]
    need = (40, 90)
    lines = [Line(i, d, q) for i, (d, q) in enumerate(zip(drums, need))]
    capped = columns(lines, c40, need=need)
    full = columns(lines, c40)
    assert 0 < len(capped) < len(full)
    for col in capped:
        for i in range(2):
            assert col.fixed(i) <= need[i]  # a board's base never holds more than wanted
    for i in range(2):  # single-type zones stop at the first that holds the need
        singles = sorted((col for col in capped if col.key == (i, 0, -1)), key=lambda c: c.length)
        assert [col.count(i) >= need[i] for col in singles].count(True) <= 1
        assert singles[-1].count(i) >= need[i] or singles[-1].length >= c40.length - 1e-6 \
            or len(singles) == len([col for col in full if col.key == (i, 0, -1)])
    p = lp.plan([Drum("A", 320, 600, 6.0, quantity=40), Drum("B", 180, 300, 1.5, quantity=90)],
                containers=("40GP",))
    sound(p, [Drum("A", 320, 600, 6.0, quantity=40), Drum("B", 180, 300, 1.5, quantity=90)])
    assert len(p.loads) == 1
