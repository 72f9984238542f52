"""The free-space pass: leftover drums into the gaps of a realised container."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loadplan as lp
from loadplan.containers import CONTAINERS, Container
from loadplan.model import Drum
from loadplan.planner import gapfill
from loadplan.planner.arrange import build_load
from loadplan.planner import gapspace
from loadplan.planner.gapfill import fill_gaps
from loadplan.planner.gapspace import floor_spots, standing_hits, unit_solids
from loadplan.planner.sizes import Line
from loadplan.planner.zones import Bin, Zone, units_of
from plan_asserts import conserved

C40 = CONTAINERS["40GP"]
BOX = Container("BOX", 400.0, 400.0, 2392.0, 400.0, 2274.0, 100.0, 5000.0)
"""One drum's floor: only its top is free."""


def column(line: Line, x: float, y: float, n: int, length: float, z0: float = 0.0) -> Zone:
    """``n`` drums of ``line`` standing on one another at ``(x, y)``."""
    h = line.drum.height
    c = np.array([[x, y, z0 + h / 2 + k * h] for k in range(n)], dtype=np.float64)
    return Zone(line, c, np.full(n, "z", dtype="U1"), length, n)


def sound(b: Bin, drums: list[Drum], heavy_on_light: bool = False) -> list[str]:
    load = build_load(b, None, 0.05)
    return lp.verify(load, drums=drums, heavy_on_light=heavy_on_light)


def test_a_drum_goes_on_the_free_top_of_a_narrow_box():
    a = Line(0, Drum("A", 400, 1000, 20.0), 1)
    b_ = Line(1, Drum("B", 300, 500, 5.0), 1)
    b = Bin(BOX, [column(a, 200, 200, 1, 400.0)], 400.0, 20.0)
    rest = np.array([0, 3])
    assert fill_gaps(b, [a, b_], rest, itertools.count()) == 2  # two of B fit under the roof
    assert rest.tolist() == [0, 1]
    new = b.zones[1]
    assert new.line is b_
    np.testing.assert_allclose(new.centres, [[200, 200, 1250], [200, 200, 1750]])
    assert b.weight == pytest.approx(30.0)
    assert len(units_of(b.zones)) == 1  # the new drums move with the column
    assert sound(b, [a.drum, b_.drum]) == []


def test_heavy_on_light_max_layers_and_max_load_are_kept():
    a = Line(0, Drum("A", 400, 1000, 20.0), 1)
    heavy = Line(1, Drum("H", 300, 500, 25.0), 1)
    for allowed, want in ((False, 0), (True, 1)):
        b = Bin(BOX, [column(a, 200, 200, 1, 400.0)], 400.0, 20.0)
        rest = np.array([0, 1])
        assert fill_gaps(b, [a, heavy], rest, itertools.count(), allowed) == want
        assert sound(b, [a.drum, heavy.drum], allowed) == []
    one_layer = Line(1, Drum("L", 300, 500, 5.0, max_layers=2), 3)
    b = Bin(BOX, [column(a, 200, 200, 1, 400.0)], 400.0, 20.0)
    rest = np.array([0, 3])
    assert fill_gaps(b, [a, one_layer], rest, itertools.count()) == 1  # layer 2 only
    weak = Line(0, Drum("W", 400, 1000, 20.0, max_load=12.0), 1)
    b = Bin(BOX, [column(weak, 200, 200, 1, 400.0)], 400.0, 20.0)
    rest = np.array([0, 3])
    assert fill_gaps(b, [weak, Line(1, Drum("B", 300, 500, 5.0), 3)], rest,
                     itertools.count()) == 2  # 2 x 5 kg <= 12 kg < 3 x 5 kg
    assert rest.tolist() == [0, 1]


def test_nothing_where_there_is_no_room():
    a = Line(0, Drum("A", 400, 2200, 20.0), 1)
    wide = Line(1, Drum("B", 420, 100, 1.0), 1)
    b = Bin(BOX, [column(a, 200, 200, 1, 400.0)], 400.0, 20.0)
    rest = np.array([0, 1])
    assert fill_gaps(b, [a, wide], rest, itertools.count()) == 0  # wider than the top
    short = Line(1, Drum("S", 300, 200, 1.0), 1)
    assert fill_gaps(b, [a, short], rest, itertools.count()) == 0  # 2200 + 200 > 2392
    assert rest.tolist() == [0, 1] and len(b.zones) == 1 and b.weight == 20.0
    # a full floor, no free length: a drum as wide as the box's length cannot stand
    c = Container("SHORT", 400.0, 800.0, 500.0, 800.0, 500.0, 100.0, 5000.0)
    low = Line(0, Drum("A", 400, 500, 1.0), 2)
    b = Bin(c, [Zone(low, np.array([[200.0, 200.0, 250.0], [200.0, 600.0, 250.0]]),
                     np.full(2, "z"), 400.0, 2)], 400.0, 2.0)
    rest = np.array([1])
    assert fill_gaps(b, [low], rest, itertools.count()) == 0


def test_the_floor_beside_a_drum_and_the_free_length():
    a = Line(0, Drum("A", 400, 2000, 20.0), 1)
    b_ = Line(1, Drum("B", 500, 300, 5.0), 1)
    b = Bin(C40, [column(a, 200, 200, 1, 400.0)], C40.length - 100.0, 20.0)  # 100 mm free
    rest = np.array([0, 1])
    assert fill_gaps(b, [a, b_], rest, itertools.count()) == 1
    new = b.zones[0]  # floor stacks come first in their unit
    assert new.line is b_
    # the corner point: against the unit's start and touching A's disc (grown by 1e-6)
    y = 200 + math.sqrt((450 + 1e-6) ** 2 - 50 ** 2)
    np.testing.assert_allclose(new.centres, [[250, y, 150]], atol=1e-6)
    assert b.used == pytest.approx(C40.length)  # the unit grew by 100 mm into the free length
    assert all(z.length == pytest.approx(500.0) for z in b.zones)
    assert sound(b, [a.drum, b_.drum]) == []
    b = Bin(C40, [column(a, 200, 200, 1, 400.0)], C40.length - 99.0, 20.0)  # 1 mm short
    assert fill_gaps(b, [a, b_], np.array([0, 1]), itertools.count()) == 0


def test_a_top_under_a_board_is_not_free_and_riders_come_after_carriers():
    a = Line(0, Drum("A", 400, 1000, 20.0), 1)
    b_ = Line(1, Drum("B", 300, 500, 5.0), 1)
    z = column(a, 200, 200, 1, 400.0)
    z.boards = ((0.0, 400.0, 0.0, 400.0, 1000.0, 18.0),)
    s = unit_solids([z])
    assert gapspace.free_tops(s, BOX.height) == []


def test_standing_hits_is_exact_against_a_lying_drum():
    lie = Line(0, Drum("L", 400, 1000, 1.0), 1)
    z = Zone(lie, np.array([[500.0, 200.0, 200.0]]), np.array(["x"]), 1000.0, 1)
    s = unit_solids([z])
    # a standing disc of radius 100 beside the lying drum's end: touching is fine
    assert not standing_hits(s, np.array([1100.0]), np.array([200.0]), 0.0, 300.0, 100.0)[0]
    assert standing_hits(s, np.array([1099.9]), np.array([200.0]), 0.0, 300.0, 100.0)[0]
    # above the lying drum: the circle's cross-section is what counts
    y = 200 + 200 + 100  # beside it, at its axis height
    assert not standing_hits(s, np.array([500.0]), np.array([y]), 0.0, 300.0, 100.0)[0]
    # a disc over the drum from z = 399.9: just inside its top
    assert standing_hits(s, np.array([500.0]), np.array([200.0]), 399.9, 600.0, 100.0)[0]
    assert not standing_hits(s, np.array([500.0]), np.array([200.0]), 400.0, 600.0, 100.0)[0]


def test_floor_spots_are_inside_and_sorted():
    a = Line(0, Drum("A", 400, 1000, 1.0), 1)
    s = unit_solids([column(a, 200, 200, 1, 400.0)])
    p = floor_spots(s, 100.0, 2350.0, 1000.0, 300.0)
    assert p.shape[0] > 0
    assert (p[:, 0] >= 100 - 1e-9).all() and (p[:, 0] <= 900 + 1e-9).all()
    assert (p[:, 1] >= 100 - 1e-9).all() and (p[:, 1] <= 2250 + 1e-9).all()
    assert (np.diff(p[:, 0]) >= 0).all()
    # the first: against the unit's start, touching A's disc grown by 100 mm (and 1e-6)
    assert tuple(p[0]) == pytest.approx((100.0, 200 + math.sqrt((300 + 1e-6) ** 2 - 100 ** 2)))


def test_more_drums_than_the_gate_are_left_alone():
    a = Line(0, Drum("A", 400, 1000, 20.0), 1)
    b_ = Line(1, Drum("B", 300, 500, 5.0), gapfill.GAP_MAX_DRUMS + 1)
    b = Bin(BOX, [column(a, 200, 200, 1, 400.0)], 400.0, 20.0)
    rest = np.array([0, gapfill.GAP_MAX_DRUMS + 1])
    assert fill_gaps(b, [a, b_], rest, itertools.count()) == 0


SIZES = [(380, 600, 9.5), (320, 560, 7.0), (240, 400, 3.0), (180, 300, 1.5), (585, 880, 40.0)]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_units_stay_sound(data):
    """Random columns and lying drums in one unit, random leftovers: whatever the pass
    adds verifies, nothing is counted twice."""
    drums = [Drum(f"T{i}", float(d), float(h), w) for i, (d, h, w) in enumerate(SIZES)]
    lines = [Line(i, d, 10) for i, d in enumerate(drums)]
    zones = []
    x = 0.0
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(SIZES) - 1))
        d = drums[i]
        n = data.draw(st.integers(1, max(1, int(C40.height // d.height))))
        y = data.draw(st.floats(d.diameter / 2, C40.width - d.diameter / 2))
        zones.append(column(lines[i], x + d.diameter / 2, y, n, 0.0))
        x += d.diameter + data.draw(st.sampled_from([0.0, 10.0, 150.0]))
    for z in zones:
        z.length = x
    b = Bin(C40, [Zone(z.line, z.centres, z.axes, x, z.bound, shelf=0) for z in zones],
            x, sum(z.line.drum.weight * z.count for z in zones))
    before = b.count
    rest = np.array([data.draw(st.integers(0, 4)) for _ in lines])
    want = rest.sum()
    got = fill_gaps(b, lines, rest, itertools.count(1), data.draw(st.booleans()))
    assert b.count == before + got and rest.sum() == want - got
    assert b.used <= C40.length + 1e-6
    assert sound(b, drums, True) == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(range(len(SIZES))), st.integers(1, 300)),
                min_size=2, max_size=4, unique_by=lambda t: t[0]))
def test_random_mixed_orders_verify_and_lose_nothing(items):
    drums = [Drum(f"T{i}", float(SIZES[i][0]), float(SIZES[i][1]), SIZES[i][2], quantity=q)
             for i, q in items]
    p = lp.plan(drums, containers=("40GP",))
    conserved(p, drums)  # nothing lost, no violation (the plan's and verify's)


def test_a_limit_mix_fits_one_container_through_the_pass():
    """Blitar Shenzhen at 1.0863 times its quantities: the zones leave two DJ60, which
    the pass stands in the container (without it: two containers)."""
    from pathlib import Path

    from loadplan.io import read_order

    order = read_order(Path(__file__).resolve().parent.parent / "examples" / "blitar_djembe.csv")
    import dataclasses

    drums = [dataclasses.replace(d, quantity=int(round(d.quantity * 1.0863)))
             for d in order if d.destination == "Shenzhen"]
    p = lp.plan(drums, containers=("40GP",))
    assert len(p.loads) == 1 and p.unplaced_count == 0
    conserved(p, drums)


def test_a_boarded_unit_keeps_carriers_before_riders():
    """A floor stack beside a boarded column goes first in its unit, so the board's
    carriers are still loaded before the drum on the board."""
    a = Line(0, Drum("A", 400, 1000, 20.0), 2)
    top = Line(1, Drum("C", 300, 400, 5.0), 1)
    b_ = Line(2, Drum("B", 300, 500, 5.0), 3)
    base = Zone(a, np.array([[200.0, 200.0, 500.0], [200.0, 600.0, 500.0]]), np.full(2, "z"),
                400.0, 2, shelf=0, boards=((0.0, 400.0, 0.0, 800.0, 1000.0, 18.0),))
    rider = Zone(top, np.array([[200.0, 400.0, 1218.0]]), np.full(1, "z"), 400.0, 1, shelf=0)
    b = Bin(C40, [base, rider], 400.0, 45.0)
    rest = np.array([0, 0, 3])
    assert fill_gaps(b, [a, top, b_], rest, itertools.count(1)) == 3
    # first on C's free top (right after C's zone); then on the floor, one drum a stack:
    # two would reach the board's underside and carry it (refused), each first in the unit
    assert [z.line.sku for z in b.zones] == ["B", "B", "A", "C", "B"]
    np.testing.assert_allclose(b.zones[4].centres, [[200, 400, 1668]])
    assert [z.centres[0, 2] for z in b.zones[:2]] == [250, 250]
    assert gapfill.order_ok(b.zones)
    assert sound(b, [a.drum, top.drum, b_.drum]) == []


def test_multi_drop_units_take_drums_of_their_own_stop_only():
    a = Line(0, Drum("A", 400, 1000, 20.0, destination="P"), 1)
    other = Line(1, Drum("B", 300, 500, 5.0, destination="Q"), 1)
    same = Line(2, Drum("S", 300, 500, 5.0, destination="P"), 1)
    b = Bin(BOX, [column(a, 200, 200, 1, 400.0)], 400.0, 20.0)
    rest = np.array([0, 1, 1])
    same_stop = (lambda u, v: u.destination == v.destination)
    assert fill_gaps(b, [a, other, same], rest, itertools.count(), False, same_stop) == 1
    assert rest.tolist() == [0, 1, 0] and b.zones[1].line is same
