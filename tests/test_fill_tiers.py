"""Standing on lying, heads on standing stacks: column types whose width changes with height."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

import loadplan as lp
import naive_tierplan as naive
from naive_floorplan import position_table
from loadplan.filling.tiers import (BOARD, SHARE, Tier, board_tiers, disc_share, fits_matrix,
                                    head_tiers, plain_tiers, realise_tier, tier_widths)
from loadplan.floorplan import floor_positions, tier_plan
from loadplan.kernels.floorplan import two_lane_fit_plan, two_lane_plan
from loadplan.model import ContainerLoad, make_placements

RNG_SEED = 15_2026


def _run_fit(items, fits, L):
    """The kernel on ``items`` as ``(length, value)`` under ``fits``: value and arrangement."""
    lengths = sorted({it[0] for it in items})
    pos, nxt, window = position_table(lengths, L)
    args = (nxt, window, np.array([lengths.index(it[0]) for it in items], dtype=np.int64))
    out = two_lane_fit_plan(*args, np.array(fits, dtype=bool),
                            np.array([it[1] for it in items], dtype=np.int64))
    placed = [(int(i), int(lane), float(pos[p]), float(pos[p]) + items[i][0]) for i, lane, p in out[1:]]
    return int(out[0, 0]), placed, args


def test_fit_kernel_matches_exhaustive_search(rng):
    for _ in range(30):
        d, h = float(rng.uniform(500, 1000)), float(rng.uniform(500, 1000))
        L = float(rng.uniform(1.2, 2.6)) * max(d, h)
        n = int(rng.integers(1, 4))
        items = [((d if rng.random() < 0.5 else h), int(rng.integers(1, 6))) for _ in range(n)]
        f = rng.random((n, n)) < 0.5
        fits = (f | f.T).tolist()
        value, placed, _ = _run_fit(items, fits, L)
        assert value == naive.best_value(items, fits, L), (items, fits, L)
        assert value == sum(items[i][1] for i, _, _, _ in placed)
        assert naive.valid(placed, fits, L)


def test_fit_kernel_with_width_sums_is_the_width_kernel(rng):
    for _ in range(10):
        W = 2350.0
        items = [(float(rng.choice([600.0, 900.0])), float(rng.uniform(300, 2000)), int(rng.integers(1, 9)))
                 for _ in range(4)]
        fits = [[a[1] + b[1] <= W + 1e-6 for b in items] for a in items]
        value, placed, (nxt, window, ilen) = _run_fit([(a[0], a[2]) for a in items], fits, 5000.0)
        ref = two_lane_plan(nxt, window, ilen, np.array([a[1] for a in items]),
                            np.array([a[2] for a in items], dtype=np.int64), W)
        assert value == int(ref[0, 0])
        assert [tuple(p) for p in placed] == [
            (int(i), int(la), float(floor_positions(sorted({a[0] for a in items}), 5000.0)[p]),
             float(floor_positions(sorted({a[0] for a in items}), 5000.0)[p]) + items[i][0])
            for i, la, p in ref[1:]]


def test_disc_share_against_a_fine_polygon(rng):
    for _ in range(40):
        r = float(rng.uniform(100, 700))
        cx, cy = rng.uniform(-r, r, 2)
        x0, y0 = rng.uniform(-2 * r, 0.5 * r, 2)
        rect = (float(x0), float(x0 + rng.uniform(0.2, 3) * r), float(y0),
                float(y0 + rng.uniform(0.2, 3) * r))
        disc = shapely.Point(cx, cy).buffer(r, quad_segs=512)
        want = disc.intersection(shapely.box(rect[0], rect[2], rect[1], rect[3])).area / (math.pi * r * r)
        assert disc_share(float(cx), float(cy), r, rect) == pytest.approx(want, abs=2e-4)


def test_fits_matrix_from_the_definition():
    a = Tier("head", 1000.0, ((0.0, 1000.0, 1300.0), (1000.0, 2300.0, 1000.0)), 2, (1, 1, 1, 1))
    b = Tier("yboard", 1000.0, ((0.0, 1300.0, 1000.0), (1300.0, 2300.0, 1300.0)), 2, ())
    c = Tier("z", 1000.0, ((0.0, 2000.0, 1300.0),), 2, (1,))
    fits = fits_matrix([a, b, c], 2350.0)
    # a and b: 1300 + 1000 below z = 1000, 1000 + 1000, then 1000 + 1300 above 1300
    assert fits.tolist() == [[False, True, False], [True, False, False], [False, False, False]]
    assert tier_widths([a, c]).tolist() == [[1300.0, 1000.0, 1000.0], [1300.0, 1300.0, 0.0]]


def _verify(tiers, d, h, W, H, ml=0):
    """Each tier alone at the nose of a box ``sum of lengths`` long, lane 0, verified."""
    for t in tiers:
        cen, axs, boards = realise_tier(t, d, h, W, H, ml)
        c = lp.Container("box", t.length, W, H, W, H, 1000.0, 10.0 ** 6)
        order = np.lexsort((cen[:, 1], cen[:, 2]))
        pl = make_placements(cen[order], axs[order], sku="B", diameter=d, height=h, weight=0.0)
        load = ContainerLoad(c, pl, t.value, (None,), (), boards or None)
        assert lp.verify(load) == [], t
        assert cen.shape[0] == t.value
        top = (cen[:, 2] + np.where(axs == "z", 0.5 * h, 0.5 * d)).max()
        assert top <= max(p[1] for p in t.pieces) + 1e-6


@pytest.mark.parametrize("seed", range(6))
def test_every_tier_passes_verify(seed, rng_for):
    rng = rng_for(3000 + seed)
    d, h = float(rng.integers(500, 1300)), float(rng.integers(300, 1300))
    W, H = 2350.0, float(rng.choice([2393.0, 2697.0]))
    ts = plain_tiers(d, h, W, H, "zxy", 0) + head_tiers(d, h, W, H, "zxy", 0)
    ts += board_tiers(d, h, W, H, "zxy", 0, 3 * max(d, h))
    _verify(ts, d, h, W, H)


def test_every_kind_is_made_and_sound():
    d, h, W, H = 600.0, 500.0, 2350.0, 2697.0
    ts = head_tiers(d, h, W, H, "zxy", 0) + board_tiers(d, h, W, H, "zxy", 0, 3 * d)
    assert {t.kind for t in ts} == {"head", "xboard", "yboard"}
    _verify(ts, d, h, W, H)
    # max_layers counts the tiers under and over the board
    assert all(t.spec[1] + t.spec[5] <= 3 for t in board_tiers(d, h, W, H, "zxy", 3, 3 * d))
    assert all(t.spec[1] + t.spec[3] <= 3 for t in head_tiers(d, h, W, H, "zxy", 3))


def test_board_tiers_keep_the_support_share():
    d, h = 1282.0, 1005.0
    ts = [t for t in board_tiers(d, h, 2350.0, 2392.0, "zxy", 0, 4 * d) if t.kind == "yboard"]
    assert ts
    for t in ts:
        n, j, c, s, sx, k = t.spec
        r = 0.5 * d
        gap = (t.length - d) / (c - 1)
        hull = (0.9 * r, r + (c - 1) * gap + 0.1 * r, 0.0, n * h)
        x0 = (t.length - sx * d) / 2 + r
        assert disc_share(x0, r, r, hull, 4096) >= SHARE - 1e-4
        assert t.pieces[0][1] == j * d + BOARD


@pytest.mark.parametrize("case, count", [(("40GP", 1282, 1005), 36), (("20GP", 529, 1204), 88),
                                         (("20GP", 957, 610), 48)])
def test_standing_on_boards_beats_the_old_fill(case, count):
    """The three random cases where PackingSolver's box solver (30 s) stood boxes on lying ones
    and beat ``fill`` (32, 87, 45 before): exact counts now, with boards, passing verify."""
    name, d, h = case
    load = lp.fill(lp.Drum("B", d, h), name)
    assert load.count == count
    assert load.boards.shape[0] > 0
    assert lp.verify(load) == []
    assert any("layer boards" in n for n in load.notes)
    c = lp.CONTAINERS[name]
    alt = tier_plan(float(d), float(h), c.length, c.width, c.height, "zxy", 0)
    assert alt is not None and alt[0].shape[0] == count


@pytest.mark.parametrize("kw", [{"max_count": 34}, {"max_count": 35}, {"weight": 26730 / 33.5}])
def test_cut_loads_keep_only_used_boards(kw):
    mc = kw.pop("max_count", None)
    load = lp.fill(lp.Drum("B", 1282, 1005, **kw), "40GP", max_count=mc)
    assert load.count == (mc or 33)
    assert lp.verify(load) == []
    p = load.placements
    bottom = p["z"] - np.where(p["axis"] == "z", 0.5 * p["height"], 0.5 * p["diameter"])
    for b in load.boards:  # every board kept carries a drum
        on = (np.abs(bottom - b["z"] - b["thickness"]) < 1e-6) & (p["x"] >= b["x0"]) & (p["x"] <= b["x1"])
        assert on.any()


def test_tier_plan_skips_when_it_cannot_win():
    assert tier_plan(1282.0, 1005.0, 12032.0, 2350.0, 2392.0, "zxy", 0, beat=10_000) is None
    # small drums: the DP would be too big, so it is not tried
    assert tier_plan(190.0, 360.0, 5896.0, 2350.0, 2393.0, "zxy", 0) is None
    # nothing fits along the box
    assert tier_plan(1300.0, 1300.0, 1200.0, 2350.0, 2392.0, "zxy", 0) is None
    # standing only: no heads, no boards, only the plain stacks
    assert tier_plan(1282.0, 1005.0, 12032.0, 2350.0, 2392.0, "z", 0)[0].shape[0] == 18


@pytest.mark.parametrize("seed", range(8))
def test_fill_never_below_the_tier_plan(seed, rng_for):
    rng = rng_for(4000 + seed)
    name = ["20GP", "40GP", "40HC", "45HC"][seed % 4]
    c = lp.CONTAINERS[name]
    d, h = float(rng.integers(700, 1300)), float(rng.integers(400, 1300))
    load = lp.fill(lp.Drum("B", d, h), c)
    assert lp.verify(load) == []
    alt = tier_plan(d, h, float(c.length), float(c.width), float(c.height), "zxy", 0)
    assert alt is None or load.count >= alt[0].shape[0]
    if alt is not None:  # the competitor's own plan is sound where it does not win too
        cen, axs, keys, _, boards = alt
        order = np.lexsort((cen[:, 1], cen[:, 2], keys))
        pl = make_placements(cen[order], axs[order], sku="B", diameter=d, height=h, weight=0.0)
        assert lp.verify(ContainerLoad(c, pl, load.upper_bound, (None,), (), boards or None)) == []


def test_axes_and_layers_are_honoured():
    for axes in ("zy", "zx", "z", "xy"):
        alt = tier_plan(1282.0, 1005.0, 12032.0, 2350.0, 2392.0, axes, 0)
        assert alt is not None and set(alt[1].tolist()) <= set(axes)
    load = lp.fill(lp.Drum("B", 1282, 1005, max_layers=1), "40GP")
    assert lp.verify(load) == [] and load.boards.shape[0] == 0


def test_tier_plans_on_random_boxes_pass_verify(rng, monkeypatch):
    """Odd sizes (float lengths, every axis set, layer limits); boards not avoided, so
    that many plans use them: lanes that meet along x never overlap by rounding."""
    import loadplan.floorplan as fp

    monkeypatch.setattr(fp, "_BOARDED", ())
    with_boards = 0
    for i in range(160):
        L, W, H = float(rng.uniform(2000, 14000)), float(rng.uniform(1200, 2600)), float(rng.uniform(1200, 2800))
        d, h = float(rng.uniform(300, min(W, H))), float(rng.uniform(200, 1500))
        axes, ml = ["zxy", "zy", "zx", "z", "xy"][i % 5], [0, 0, 2, 3][i % 4]
        alt = tier_plan(d, h, L, W, H, axes, ml)
        if alt is None:
            continue
        cen, axs, keys, _, boards = alt
        with_boards += bool(boards)
        order = np.lexsort((cen[:, 1], cen[:, 2], keys))
        pl = make_placements(cen[order], axs[order], sku="B", diameter=d, height=h, weight=0.0)
        c = lp.Container("box", L, W, H, W, H, 1000.0, 10.0 ** 6)
        drum = lp.Drum("B", d, h, orientations=axes, max_layers=ml or None)
        load = ContainerLoad(c, pl, 10 ** 6, (None,), (), boards or None)
        assert lp.verify(load, [drum]) == [], (L, W, H, d, h, axes, ml)
    assert with_boards >= 10



def test_micro_positions_are_floor_positions_in_micrometres(rng):
    from loadplan.floorplan import micro_positions

    for _ in range(20):
        lengths = sorted({round(float(v), 3) for v in rng.uniform(300, 1500, int(rng.integers(1, 4)))})
        L = float(rng.uniform(2000, 9000))
        assert np.array_equal(micro_positions(lengths, L), floor_positions(lengths, L))


def test_boards_in_use_keeps_boards_something_stands_on():
    from loadplan.filling.loading import boards_in_use

    boards = [(0.0, 1000.0, 0.0, 1000.0, 600.0, 18.0), (1000.0, 2000.0, 0.0, 1000.0, 600.0, 18.0)]
    cen = np.array([[300.0, 300.0, 600.0 + 18.0 + 250.0], [1500.0, 300.0, 300.0]])
    axs = np.array(["z", "y"])
    assert boards_in_use(boards, cen, axs, 600.0, 500.0) == boards[:1]
    assert boards_in_use(boards, cen[1:], axs[1:], 600.0, 500.0) == []
    assert boards_in_use([], cen, axs, 600.0, 500.0) == []
