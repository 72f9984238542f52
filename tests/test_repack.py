"""Repacking at the limit: smaller floor stacks make room for a leftover big drum."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loadplan as lp
from loadplan.containers import CONTAINERS, Container
from loadplan.model import Drum
from loadplan.planner.arrange import build_load
from loadplan.planner.gapfill import fill_gaps
from loadplan.planner.gapspace import unit_solids
from loadplan.planner.repack import floor_stacks, repack, resting_on
from loadplan.planner.sizes import Line
from loadplan.planner.zones import Bin, Zone
from plan_asserts import conserved

C40 = CONTAINERS["40GP"]
ROOM = Container("ROOM", 1000.0, 1000.0, 2100.0, 1000.0, 2000.0, 100.0, 5000.0)
"""A 1 m x 1 m floor, 2.1 m high."""
FLAT = Container("FLAT", 1000.0, 1000.0, 1400.0, 1000.0, 1300.0, 100.0, 5000.0)
"""A 1 m x 1 m floor, 1.4 m high (one layer of 1 m drums, no room for a Ø500 lying)."""


def grid(line: Line, nx: int, ny: int, layers: int, skip: set = frozenset()) -> Zone:
    """``layers`` high stacks of ``line`` on a square grid of ``nx`` x ``ny`` discs."""
    d, h = line.drum.diameter, line.drum.height
    c = [[d / 2 + i * d, d / 2 + j * d, h / 2 + k * h]
         for i in range(nx) for j in range(ny) if (i, j) not in skip for k in range(layers)]
    c = np.array(c, dtype=np.float64)
    return Zone(line, c, np.full(c.shape[0], "z", dtype="U1"), nx * d, None)


def sound(b: Bin, drums: list[Drum]) -> list[str]:
    return lp.verify(build_load(b, None, 0.05), drums=drums)


def small_and_big() -> tuple[Line, Line]:
    small = Line(0, Drum("S", 200.0, 1000.0, 2.0), 30)
    big = Line(1, Drum("B", 400.0, 1000.0, 8.0), 1)
    return small, big


def test_four_small_stacks_make_room_for_the_big_drum():
    """A floor full of single small drums (5 x 5 of Ø200, 1000 high, in 1 m x 1 m): the
    big Ø400 fits nowhere; four small stacks out, the big drum in their square, the four
    small ones back on free tops (one on the big drum)."""
    small, big = small_and_big()
    b = Bin(ROOM, [grid(small, 5, 5, 1)], ROOM.length, 25 * 2.0)
    rest = np.array([0, 1])
    assert fill_gaps(b, [small, big], rest, itertools.count()) == 0  # the floor is full
    got = repack(b, [small, big], rest, itertools.count(100))
    assert got == 1 and rest.tolist() == [0, 0]
    assert b.count == 26 and b.weight == 25 * 2.0 + 8.0
    placed = {z.line.drum.sku: 0 for z in b.zones}
    for z in b.zones:
        placed[z.line.drum.sku] += z.count
    assert placed == {"S": 25, "B": 1}
    assert sound(b, [small.drum, big.drum]) == []


def test_nothing_changes_where_no_repack_helps():
    """Two layers of small drums (2000 of 2100 mm): the big drum's square costs eight
    small drums and no free top has room for them; the bin stays as it was."""
    small, big = small_and_big()
    b = Bin(ROOM, [grid(small, 5, 5, 2)], ROOM.length, 50 * 2.0)
    before = b.zones[0].centres.copy()
    rest = np.array([0, 1])
    assert repack(b, [small, big], rest, itertools.count(100)) == 0
    assert rest.tolist() == [0, 1] and len(b.zones) == 1
    np.testing.assert_array_equal(b.zones[0].centres, before)
    assert b.weight == 100.0


def test_only_smaller_lines_are_taken_out():
    """A floor of the big line itself (2 x 2 of Ø500 in 1 m x 1 m) offers nothing to take
    out, and laid out again (standing only) it holds no fifth drum."""
    small = Line(0, Drum("S", 200.0, 1000.0, 2.0), 30)
    big = Line(1, Drum("B", 500.0, 1000.0, 8.0, orientations=("z",)), 1)
    b = Bin(FLAT, [grid(big, 2, 2, 1)], FLAT.length, 4 * 8.0)
    rest = np.array([0, 1])
    assert repack(b, [small, big], rest, itertools.count()) == 0
    assert rest.tolist() == [0, 1] and b.count == 4


def test_a_door_end_unit_laid_out_again_with_the_rest():
    """A lone unit of 2 x 2 Ø400 drums in 1 m x 1 m: laid out again (a door shelf or a
    single-type zone over its length) it holds a fifth one."""
    small, big = small_and_big()
    b = Bin(ROOM, [grid(big, 2, 2, 1)], ROOM.length, 4 * 8.0)
    rest = np.array([0, 1])
    assert repack(b, [small, big], rest, itertools.count()) == 1
    assert rest.tolist() == [0, 0] and b.count == 5 and b.weight == 40.0
    assert sound(b, [small.drum, big.drum]) == []


def test_floor_stacks_hold_what_rests_on_them_and_skip_board_carriers():
    small, big = small_and_big()
    z = grid(small, 2, 1, 2)
    s = unit_solids([z])
    m = resting_on(s)
    # drum 1 stands on drum 0, drum 3 on drum 2; neighbours rest on nothing of each other
    assert {(int(i), int(j)) for i, j in zip(*np.nonzero(m))} == {(0, 1), (2, 3)}
    assert floor_stacks(s, np.array([True])) == [[0, 1], [2, 3]]
    assert floor_stacks(s, np.array([False])) == []
    z.boards = ((0.0, 200.0, 0.0, 200.0, 2000.0, 18.0),)  # a board on the first stack
    assert floor_stacks(unit_solids([z]), np.array([True])) == [[2, 3]]


def test_a_relay_saves_the_second_container(monkeypatch):
    """Blitar Shenzhen 7.8 % over its order with the door shelves, the free-space pass
    in the fills and the tiered recipes off, and the tops of round 6 (a lying drum on a
    board with both ends of its bottom line over the hull, ``LINE_SHARE = 1``; with the
    round-7 rule the zones alone hold this order): repacking, the door fit's last resort,
    lays the door end out again and one 40GP holds it all."""
    import dataclasses
    from pathlib import Path

    from loadplan.io import read_order
    from loadplan.planner import board_hull, mixed, recipes

    order = read_order(Path(__file__).resolve().parent.parent / "examples" / "blitar_djembe.csv")
    drums = [dataclasses.replace(d, quantity=int(round(d.quantity * 1.078)))
             for d in order if d.destination == "Shenzhen"]
    mixed.forget()
    monkeypatch.setattr(board_hull, "LINE_SHARE", 1.0)
    recipes._top_remembered.cache_clear()
    monkeypatch.setattr(mixed, "SMALL_REST", 0.0)
    monkeypatch.setattr(mixed, "fill_gaps", lambda *a, **k: 0)
    monkeypatch.setattr(mixed, "tier_columns", lambda *a, **k: [])
    calls = []
    real = mixed.repack
    monkeypatch.setattr(mixed, "repack", lambda *a, **k: calls.append(1) or real(*a, **k))
    try:
        p = lp.plan(drums, containers=("40GP",))
    finally:
        mixed.forget()
        recipes._top_remembered.cache_clear()
    assert calls and (len(p.loads), p.unplaced_count) == (1, 0)
    conserved(p, drums)


SIZES = [(380, 600, 9.5), (320, 560, 7.0), (240, 400, 3.0), (180, 300, 1.5), (585, 880, 40.0)]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_units_repack_soundly(data):
    """Random grids of one small type with random gaps, random leftovers: a repacked
    bin verifies, holds every drum it held plus what ``rest`` lost, never fewer."""
    i = data.draw(st.integers(0, 3))
    j = data.draw(st.sampled_from([k for k in range(5) if SIZES[k][0] > SIZES[i][0]]))
    drums = [Drum(f"T{k}", float(SIZES[k][0]), float(SIZES[k][1]), SIZES[k][2])
             for k in (i, j)]
    lines = [Line(0, drums[0], 100), Line(1, drums[1], 4)]
    d = drums[0].diameter
    nx, ny = int(C40.length // d), int(C40.width // d)
    nx = min(nx, data.draw(st.integers(2, 8)))
    layers = data.draw(st.integers(1, max(1, int(C40.height // drums[0].height))))
    skip = set(data.draw(st.lists(st.tuples(st.integers(0, nx - 1), st.integers(0, ny - 1)),
                                  max_size=4)))
    z = grid(lines[0], nx, ny, layers, skip)
    b = Bin(C40, [z], C40.length, z.count * drums[0].weight)
    rest = np.array([data.draw(st.integers(0, 3)), data.draw(st.integers(1, 3))])
    want, before = int(rest.sum()), b.count
    got = repack(b, lines, rest, itertools.count(1))
    assert got >= 0 and rest.sum() == want - got and b.count == before + got
    assert sound(b, drums) == []

