"""Nested recipes (planner/nesting.py): small drums in the holes of a square grid."""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loadplan as lp
from loadplan.containers import CONTAINERS
from loadplan.model import Drum
from loadplan.planner.arrange import build_load
from loadplan.planner.nesting import (BOARD_GAP, CLEAR, grid_floor, hole_centres, hole_diameter,
                                      is_nest_key, nest_columns, nest_keys, nest_pitches, nested)
from loadplan.planner.realise import realise
from loadplan.planner.recipes import column_at, columns
from loadplan.planner.sizes import Line

C40 = CONTAINERS["40GP"]


def _largest_free_circle(px: float, py: float, d: float, steps: int = 400) -> float:
    """Brute force from the definition: over a grid of points of the cell between four
    circles of diameter ``d`` at its corners, the largest distance to the nearest circle,
    doubled (the diameter of the largest circle centred there that meets none)."""
    xs = np.linspace(0.0, px, steps + 1)
    ys = np.linspace(0.0, py, steps + 1)
    gx, gy = np.meshgrid(xs, ys)
    best = 0.0
    corners = [(0.0, 0.0), (px, 0.0), (0.0, py), (px, py)]
    dist = np.min([np.hypot(gx - cx, gy - cy) for cx, cy in corners], axis=0) - d / 2.0
    best = float(dist.max())
    return 2.0 * best


@pytest.mark.parametrize("px,py,d", [(500.0, 616.6667, 500.0), (585.0, 588.3333, 585.0),
                                     (460.0, 472.5, 460.0), (400.0, 487.5, 400.0)])
def test_hole_diameter_is_the_largest_free_circle_of_the_cell(px, py, d):
    got = hole_diameter(px, py, d)
    twin = _largest_free_circle(px, py, d)
    assert got == pytest.approx(twin, abs=2.0)
    assert twin <= got + 1e-6  # the formula is the supremum: no grid point beats it


def test_t500_four_across_a_40gp_leaves_294_mm_holes():
    py = (C40.width - 500.0) / 3
    assert hole_diameter(500.0, py, 500.0) == pytest.approx(293.9, abs=0.05)
    assert nest_pitches(500.0, 280.0, C40.width, 4) == 500.0
    px = nest_pitches(500.0, 320.0, C40.width, 4)  # a wider hole needs longer rows
    assert px == pytest.approx(math.sqrt((820.0 + 2 * CLEAR) ** 2 - py ** 2), abs=1e-5)
    assert hole_diameter(px, py, 500.0) >= 320.0 + 2 * CLEAR - 1e-6


def test_grid_and_holes_touch_nothing():
    fl = grid_floor(585.0, C40.width, 4, 585.0, 5)
    holes = hole_centres(585.0, C40.width, 4, 585.0, 5)
    assert fl.shape == (20, 2) and holes.shape == (12, 2)
    assert fl[:, 1].min() == pytest.approx(292.5) and fl[:, 1].max() == pytest.approx(2057.5)
    gap = np.hypot(*(holes[:, None, :] - fl[None, :, :]).transpose(2, 0, 1)).min()
    assert gap == pytest.approx(math.hypot(585.0, (C40.width - 585.0) / 3) / 2)
    assert gap >= (585.0 + 240.0) / 2 + CLEAR


DRUMS = [Drum("A", 585.0, 880.0, 30.0, quantity=2000), Drum("B", 240.0, 400.0, 3.0, quantity=2000),
         Drum("T", 500.0, 600.0, 20.0, quantity=2000)]
LINES = [Line(i, d, d.quantity) for i, d in enumerate(DRUMS)]


def _verified(col, lines, drums, container=C40):
    y = np.array([col.count(i) for i in range(len(lines))])
    b = realise([col], np.array([1]), y, lines, container, itertools.count())
    load = build_load(b, None, 0.05)
    assert load.count == int(y.sum()) == b.count
    ds = [dataclasses.replace(d, quantity=int(y[i])) for i, d in enumerate(drums) if y[i] > 0]
    for i, d in enumerate(drums):
        assert int((load.placements["sku"] == d.sku).sum()) == y[i]
    assert lp.verify(load, ds) == []
    return load


def test_a_hand_made_nested_column_counts_and_verifies():
    key = (0, 2, 1, ("nest", 4, 585.0, 4), 2)
    col = nested(key, LINES, C40, 10 * 585.0)
    assert col is not None and is_nest_key(col.key)
    # 10 rows x 4 across x 2 layers of A; 9 x 3 holes x 4 layers of B (4 x 400 < 1760 - 1)
    assert col.count(0) == 80 and col.count(1) == 9 * 3 * 4 and col.count(2) > 0
    assert col.fixed(0) == 80 and col.fixed(1) == 0
    load = _verified(col, LINES, DRUMS)
    assert load.boards.shape[0] == 1
    b = load.placements[load.placements["sku"] == "B"]
    assert float((b["z"] + b["height"] / 2).max()) <= 2 * 880.0 - BOARD_GAP
    # the hole stacks go in before the rows of A nearer the doors
    a = load.placements[load.placements["sku"] == "A"]
    for row in b[b["z"] < 400]:
        later = a[a["x"] - 292.5 >= row["x"] + 120.0 - 1e-6]
        assert (later["step"] > row["step"]).all()
    # column_at rebuilds it at any length (merge)
    again = column_at(key, LINES, C40, 10 * 585.0 + 100.0)
    assert again.count(1) == col.count(1) and again.length == pytest.approx(col.length)


def test_without_a_top_the_hole_stacks_reach_the_grid_top():
    key = (0, 2, 1, ("nest", 4, 585.0, 4))
    col = nested(key, LINES, C40, 4 * 585.0)
    assert col.board is None and col.count(1) == 3 * 3 * 4 and col.fixed(0) == 0
    _verified(col, LINES, DRUMS)


def test_verify_catches_a_hole_drum_pushed_into_a_grid_drum():
    col = nested((0, 2, 1, ("nest", 4, 585.0, 4)), LINES, C40, 4 * 585.0)
    y = np.array([col.count(i) for i in range(3)])
    b = realise([col], np.array([1]), y, LINES, C40, itertools.count())
    load = build_load(b, None, 0.05)
    p = load.placements.copy()
    i = int(np.flatnonzero(p["sku"] == "B")[0])
    p["y"][i] += 10.0
    bad = dataclasses.replace(load, placements=p)
    ds = [dataclasses.replace(d, quantity=int(y[k])) for k, d in enumerate(DRUMS)]
    assert any("overlaps" in v for v in lp.verify(bad, ds))


def test_rules_limit_the_hole_stacks_and_the_top():
    drums = [DRUMS[0], dataclasses.replace(DRUMS[1], max_layers=2), DRUMS[2]]
    lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
    keys = nest_keys(lines, C40)
    assert keys and all(k[3][3] <= 2 for k in keys if k[2] == 1)
    # the top is never heavier than the grid type (heavy on light), unless allowed
    light = [dataclasses.replace(DRUMS[0], weight=10.0), DRUMS[1], DRUMS[2]]
    ll = [Line(i, d, d.quantity) for i, d in enumerate(light)]
    assert not any(len(k) == 5 and k[0] == 0 and k[4] == 2 for k in nest_keys(ll, C40))
    assert any(len(k) == 5 and k[0] == 0 and k[4] == 2 for k in nest_keys(ll, C40, True))


def test_yardstick_never_sees_nested_columns():
    cols = columns(LINES, C40, budget=None, kinds="model")
    assert not any(is_nest_key(c.key) for c in cols)
    cols = columns(LINES, C40, budget=None, kinds="tiers")
    assert not any(is_nest_key(c.key) for c in cols)


SIZES = [(585, 880, 30.0), (500, 600, 20.0), (460, 700, 14.0), (400, 500, 9.0),
         (320, 600, 6.0), (280, 450, 4.0), (240, 400, 3.0), (210, 250, 2.0), (180, 300, 1.5)]


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 3), st.lists(st.integers(1, len(SIZES) - 1), min_size=1, max_size=2,
                                   unique=True),
       st.sampled_from(["20GP", "40GP", "40HC"]), st.integers(0, 10_000))
def test_every_nested_column_verifies_and_holds_what_it_says(a, bs, cname, pick):
    c = CONTAINERS[cname]
    idx = [a] + [b for b in bs if b > a]
    if len(idx) < 2:
        return
    drums = [Drum(f"T{SIZES[i][0]}x{SIZES[i][1]}", float(SIZES[i][0]), float(SIZES[i][1]),
                  SIZES[i][2], quantity=5000) for i in idx]
    lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
    cols = nest_columns(lines, c, rows=(2, 3))
    if not cols:
        return
    for col in (cols[pick % len(cols)], cols[(pick // 7) % len(cols)]):
        _verified(col, lines, drums, c)


def test_planner_plans_verify_on_an_order_with_nestable_pairs():
    drums = [Drum("A", 585.0, 880.0, 30.0, quantity=150), Drum("B", 240.0, 400.0, 3.0, quantity=500),
             Drum("C", 210.0, 250.0, 2.0, quantity=400), Drum("T", 500.0, 600.0, 20.0, quantity=100)]
    plan = lp.plan(drums, containers=("40GP",))
    assert plan.unplaced_count == 0
    for load in plan.loads:
        assert lp.verify(load, drums) == []


def test_the_crew_is_told_about_the_small_drums_in_the_gaps():
    col = nested((0, 2, 1, ("nest", 4, 585.0, 4), 2), LINES, C40, 6 * 585.0)
    load = _verified(col, LINES, DRUMS)
    assert any(n.startswith("Small drums in the gaps: B stands in the gaps between four A")
               for n in load.notes)


def test_the_planner_pool_keeps_only_grids_denser_than_the_big_types_own_floor():
    from loadplan.planner.nesting import worth_nesting

    keys = nest_keys(LINES, C40)
    assert any(worth_nesting(k, LINES, C40) for k in keys)
    # DJ40 in a 6-across DJ60 grid (px 386 mm) is sparser than DJ60's own floor
    dj = [Line(0, Drum("DJ60", 320.0, 600.0, 6.0, quantity=500), 500),
          Line(1, Drum("DJ40", 240.0, 400.0, 3.0, quantity=900), 900)]
    assert nest_keys(dj, C40) and not any(worth_nesting(k, dj, C40) for k in nest_keys(dj, C40))
    assert nest_columns(dj, C40, budget=64) == []
    cols = nest_columns(LINES, C40, budget=10)
    assert 0 < len(cols) <= 10 and all(worth_nesting(c.key, LINES, C40) for c in cols)


def test_a_top_trimmed_to_nothing_leaves_no_empty_board():
    col = nested((0, 2, 1, ("nest", 4, 585.0, 4), 2), LINES, C40, 6 * 585.0)
    y = np.array([col.count(0), col.count(1), 0])
    b = realise([col], np.array([1]), y, LINES, C40, itertools.count())
    load = build_load(b, None, 0.05)
    assert (load.boards is None or load.boards.shape[0] == 0) and load.count == int(y.sum())
    ds = [dataclasses.replace(d, quantity=int(y[i])) for i, d in enumerate(DRUMS) if y[i]]
    assert lp.verify(load, ds) == []
    y = np.array([col.count(0), 0, col.count(2)])  # no hole stacks: the board stays
    load = build_load(realise([col], np.array([1]), y, LINES, C40, itertools.count()), None, 0.05)
    assert load.boards.shape[0] == 1


def test_a_nested_column_without_a_top_does_not_raise_the_lp():
    """Measured (round 7): a nested column without a top never raises the recipe LP (the
    plain floor of A and B's own zone do as well): the LP over the model's columns with
    every nested column equals the LP with the boarded ones only, above the model's."""
    from loadplan.planner.optimise import lp_scale

    every = nest_columns(LINES, C40)
    tops = [c for c in every if len(c.key) == 5]
    assert tops and len(tops) < len(every)
    model = columns(LINES, C40, budget=None, kinds="model")
    q = np.array([l.quantity for l in LINES])
    w = np.array([l.drum.weight for l in LINES])
    s_all = lp_scale(model + every, q, w, C40.length, C40.max_payload)
    s_tops = lp_scale(model + tops, q, w, C40.length, C40.max_payload)
    assert s_tops == pytest.approx(s_all, rel=1e-9)
    assert s_all > lp_scale(model, q, w, C40.length, C40.max_payload) * 1.001
