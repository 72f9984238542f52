"""Tops on boards at zone ends (round 7, tops10): the lying rule of board_hull.py and the
tops of recipes.top_on_hull, each checked against its definition and by ``verify``."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, MultiPoint

import loadplan as lp
from loadplan.containers import CONTAINERS
from loadplan.model import Drum
from loadplan.planner.arrange import build_load
from loadplan.planner.board_hull import LINE_SHARE, board_hull_of, line_share, off_hull
from loadplan.planner.mixed import realise
from loadplan.planner.recipes import column_at
from loadplan.planner.sizes import Line

C40 = CONTAINERS["40GP"]
BLITAR = [Drum("A", 320, 600, 6.0, quantity=2000), Drum("B", 240, 400, 3.0, quantity=2000),
          Drum("C", 180, 300, 1.5, quantity=3000)]
LINES = [Line(i, d, d.quantity) for i, d in enumerate(BLITAR)]


def _hull(seed: int):
    rng = np.random.default_rng(seed)
    r = float(rng.uniform(60, 400))
    pts = rng.uniform(0, 2500, (int(rng.integers(1, 25)), 2))
    return MultiPoint([tuple(p) for p in pts]).convex_hull.buffer(r - 0.5, quad_segs=32)


@pytest.mark.parametrize("seed", range(5))
def test_line_share_is_the_share_of_the_line_inside_the_hull(seed):
    hull = _hull(seed)
    rng = np.random.default_rng(50 + seed)
    cen = rng.uniform(-300, 2800, (300, 3))
    ax = rng.choice(np.array(["x", "y"]), 300)
    h = float(rng.uniform(100, 900))
    got = line_share(hull, cen, ax, h)
    for i in range(cen.shape[0]):  # the definition, one line at a time
        dx, dy = (h / 2, 0.0) if ax[i] == "x" else (0.0, h / 2)
        line = LineString([(cen[i, 0] - dx, cen[i, 1] - dy), (cen[i, 0] + dx, cen[i, 1] + dy)])
        assert got[i] == pytest.approx(line.intersection(hull).length / h, abs=1e-9)
    assert (got == 1.0).any() and (got < LINE_SHARE).any() and ((got > 0.6) & (got < 1.0)).any()


def test_off_hull_keeps_lying_drums_whose_end_is_over_the_board_edge():
    # four discs of radius 150: the hull (shrunk 0.5 mm) is x, y in [0.5, 599.5]
    floor = np.array([(150.0, 150.0), (450.0, 150.0), (150.0, 450.0), (450.0, 450.0)])
    hull = board_hull_of(floor, 150.0)
    d = Drum("L", 180, 300, 1.0, quantity=1)
    cen = np.array([[150.0, 300.0, 90.0],    # from x = 0: 0.5 mm of 300 off: kept
                    [-10.0, 300.0, 90.0],    # centre outside: dropped
                    [100.0, 300.0, 90.0],    # 50.5 of 300 off (83 % on): kept
                    [20.0, 300.0, 90.0],     # 130.5 of 300 off (56.5 % on): kept
                    [10.0, 300.0, 90.0],     # 140.5 of 300 off (53 % on): dropped
                    [300.0, 300.0, 150.0]])  # standing, centre inside: kept
    ax = np.array(["x", "x", "x", "x", "x", "z"])
    assert off_hull(hull, cen, ax, d).tolist() == [False, True, False, False, True, False]


def test_blitar_lying_top_keeps_the_rows_at_both_board_ends_and_verifies():
    # B standing 5 high, board, C lying along x: 16 rows of 300 mm in 4,800 mm
    col = column_at((1, 5, 2), LINES, C40, 4800.0)
    assert col.count(2) == 416  # the whole box (364 when a line end had to be in the hull)
    y = np.array([col.count(i) for i in range(3)])
    b = realise([col], np.array([1]), y, LINES, C40, itertools.count())
    load = build_load(b, None, 0.05)
    assert load.count == int(y.sum())
    assert lp.verify(load, BLITAR) == []


@pytest.mark.parametrize("key,length", [((0, 2, 1), 9415.277), ((0, 3, 2), 3335.277),
                                        ((1, 5, 2), 4800.0), ((0, 1, 2), 1280.0)])
def test_inner_box_is_inside_the_hull_and_changes_nothing(key, length, monkeypatch):
    import loadplan.planner.board_hull as bh
    from loadplan.planner.recipes import _head_box, board_box

    a, b = BLITAR[key[0]], BLITAR[key[2]]
    fl, x0, lb, room, layers = board_box(a, b, C40, key[1], length)
    hull = board_hull_of(fl - np.array([x0, 0.0]), a.diameter / 2.0)
    box = bh.inner_box(hull)
    assert box[0] < box[2] and hull.contains(shapely.box(*box))
    cen, ax = _head_box(b, C40, lb, C40.width, room, layers)
    rng = np.random.default_rng(7)
    for shift in [0.0] + rng.uniform(-150, 150, 5).tolist():
        moved = np.array(cen)
        moved[:, 0] += shift
        fast = off_hull(hull, moved, np.array(ax), b)
        monkeypatch.setattr(bh, "inner_box", lambda h: (1.0, 1.0, 0.0, 0.0))
        slow = off_hull(hull, moved, np.array(ax), b)
        monkeypatch.undo()
        np.testing.assert_array_equal(fast, slow)
