"""[mixed] planner speed, round 2: every shortcut is exact (bounds that skip work hold).

The planner skips an engine rebuild of a split when :func:`realise_bound` says it cannot
beat the best so far, a pair of bands when :func:`build_bound` says so, the exact area
test of a base on a board when :func:`share_at_least` proves it carried, and the
verifier's shape test of a pair that is loaded in an allowed order. Each bound is
checked here against the thing it bounds, on seeded random boxes and shapes, and each
skipping function against a plain version written from its definition.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPoint

import loadplan as lp
from loadplan.filling.pieces import Box
from loadplan.filling.pieces import floor_packing
from loadplan.filling.realise import (head, head_size, realise, realise_bound, standing,
                                      standing_bound)
from loadplan.filling.search import split_picks, build_bound, build_one
from loadplan.pack import pack_circles
from loadplan.planner.board_hull import edge_line_distance, share_at_least
from loadplan.planner.recipes import drop_unsupported


def random_boxes(n: int, seed: int) -> list[Box]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        d = float(rng.integers(150, 700))
        h = float(rng.integers(180, 1000))
        axes = ["zxy", "z", "zx", "zy", "xy"][int(rng.integers(5))]
        walls = [(True, True), (True, False), (False, True)][int(rng.integers(3))]
        out.append(Box(d, h, float(rng.integers(int(d), 4000)), float(rng.integers(int(d), 2400)),
                       float(rng.integers(int(min(d, h)), 2700)), axes,
                       int(rng.integers(0, 4)), walls))
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_realise_bound_holds_for_every_split_with_and_without_the_engine(seed):
    checked = 0
    for box in random_boxes(12, seed):
        box = Box(box.d, box.h, box.L, box.W, box.H, box.fitting(), box.max_layers, box.walls)
        if not box.axes:
            continue
        for m, sy, k in split_picks(box):
            ub = realise_bound(box, m, sy, k)
            for engine in (False, True):
                assert realise(box, m, sy, k, engine).count <= ub, (box, m, sy, k, engine)
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("seed", [6, 7])
def test_head_size_bounds_the_head_on_any_tops(seed):
    from loadplan.kernels.layout3d import stack_standing

    checked = 0
    for box in random_boxes(15, seed):
        rest = box.L
        floor = floor_packing(rest, box.W, box.d, True)
        kz = int((box.H + 1e-6) // box.h)
        for k in range(1, kz + 1):
            if box.H - k * box.h < box.d - 1e-6 or (box.max_layers and box.max_layers <= k):
                continue  # standing lays no head there (head_size says 0)
            cen = stack_standing(floor, 0.0, 0.0, box.h, k)
            tops = cen[-floor.shape[0]:, :2].copy()
            for ax in ("x", "y"):
                got = head(box, tops, tops[:, 0] - 0.5 * box.d, 0.0, rest, k, ax).count
                assert got <= head_size(box, 0.0, rest, k, ax), (box, k, ax)
                checked += got > 0
    assert checked > 5


def test_standing_bound_holds_and_is_tight_where_the_floor_is_a_lattice():
    box = Box(585.0, 880.0, 2000.0, 2350.0, 2393.0, "z")
    assert standing(box, 0.0, 2000.0, 2, True).count <= standing_bound(box, 0.0, 2000.0, 2)
    # one drum wide and one long: the bound is the count (two layers, no room for a third)
    one = Box(585.0, 880.0, 585.0, 585.0, 2000.0, "z")
    assert standing(one, 0.0, 585.0, 2, True).count == 2
    assert standing_bound(one, 0.0, 585.0, 2) == 2


@pytest.mark.parametrize("seed", [3, 4])
def test_build_bound_holds_for_build_one(seed):
    for box in random_boxes(10, seed):
        ub = build_bound(box)
        assert build_one(box, True).count <= ub
        assert build_one(box, False).count <= ub


def test_build_one_with_beat_is_unchanged_when_it_holds_more():
    for box in random_boxes(10, 5):
        full = build_one(box, True)
        for beat in (-1, 0, full.count - 1):
            got = build_one(box, True, beat=beat)
            np.testing.assert_array_equal(got.arrays()[0], full.arrays()[0])
        # with a beat at or above the result, whatever comes back holds no more than it
        assert build_one(box, True, beat=full.count).count <= full.count


def test_pack_circles_remembered_is_the_engine_and_read_only():
    from loadplan.kernels.circles import best_packing

    a = pack_circles(1278.148, 2350.0, 240.0)
    b = pack_circles(1278.148, 2350.0, 240.0)
    np.testing.assert_array_equal(a, best_packing(1278.148, 2350.0, 240.0))
    assert a is b and not a.flags.writeable
    with pytest.raises(ValueError, match="diameter"):
        pack_circles(1000.0, 1000.0, -1.0)


def test_pack_circles_does_not_keep_huge_packings():
    from loadplan.pack import REMEMBER_UP_TO, circle_bound

    assert circle_bound(5000.0, 5000.0, 20.0) > REMEMBER_UP_TO
    a = pack_circles(5000.0, 5000.0, 20.0)
    b = pack_circles(5000.0, 5000.0, 20.0)
    assert a is not b and a.shape[0] > REMEMBER_UP_TO // 2
    np.testing.assert_array_equal(a, b)


def _hull(seed: int) -> tuple[shapely.Polygon, float]:
    rng = np.random.default_rng(seed)
    r = float(rng.uniform(60, 400))
    pts = rng.uniform(0, 2500, (int(rng.integers(1, 25)), 2))
    return MultiPoint([tuple(p) for p in pts]).convex_hull.buffer(r - 0.5, quad_segs=32), r


@pytest.mark.parametrize("seed", range(6))
def test_share_at_least_never_exceeds_the_measured_share(seed):
    hull, r = _hull(seed)
    q = np.random.default_rng(100 + seed).uniform(-400, 2900, (400, 2))
    lower = share_at_least(edge_line_distance(hull.exterior, q), r)
    feet = shapely.buffer(shapely.points(q[:, 0], q[:, 1]), r, quad_segs=8)
    share = shapely.area(shapely.intersection(feet, hull)) / shapely.area(feet)
    assert (lower <= share + 1e-12).all()


def test_share_at_least_decides_bases_along_a_straight_edge():
    floor = np.array([(x, y) for x in (150.0, 450.0, 750.0, 1050.0) for y in (150.0, 450.0)])
    hull = MultiPoint([tuple(p) for p in floor]).convex_hull.buffer(149.5, quad_segs=32)
    # bases of radius 150 along the long edge y = 599.5, centres 100 mm inside it
    q = np.array([[x, 499.5] for x in (400.0, 600.0, 800.0)])
    lower = share_at_least(edge_line_distance(hull.exterior, q), 150.0)
    assert (lower >= 0.55 + 1e-7).all() and (lower < 1.0).all()


@pytest.mark.parametrize("seed", range(4))
def test_edge_line_distance_is_never_more_than_the_distance_to_the_ring(seed):
    hull, _ = _hull(seed)
    q = np.random.default_rng(200 + seed).uniform(-400, 2900, (300, 2))
    inside = shapely.contains_xy(hull, q[:, 0], q[:, 1])
    est = np.abs(edge_line_distance(hull.exterior, q)).min(axis=1)
    true = shapely.distance(hull.exterior, shapely.points(q[:, 0], q[:, 1]))
    assert (est <= true + 1e-9).all()
    # inside a convex ring they agree
    np.testing.assert_allclose(est[inside], true[inside], atol=1e-6)
    # signed: positive inside
    assert (edge_line_distance(hull.exterior, q[inside]).min(axis=1) > -1e-9).all()


def _drop_plain(centres, axes, drum, out):
    """drop_unsupported from its definition: repeat until nothing more goes (a drum goes when
    its plan-view box overlaps one that goes and its bottom is above that one's bottom)."""
    r, h = drum.diameter / 2.0, drum.height / 2.0
    half = {"x": (h, r, r), "y": (r, h, r), "z": (r, r, h)}
    box = [(centres[i] - half[a], centres[i] + half[a]) for i, a in enumerate(axes)]
    gone = set(np.flatnonzero(out).tolist())
    changed = True
    while changed:
        changed = False
        for i in range(len(box)):
            if i in gone:
                continue
            lo, hi = box[i]
            for g in list(gone):
                glo, ghi = box[g]
                if (lo[0] < ghi[0] - 1e-6 and hi[0] > glo[0] + 1e-6 and lo[1] < ghi[1] - 1e-6
                        and hi[1] > glo[1] + 1e-6 and lo[2] > glo[2] + 1e-6):
                    gone.add(i)
                    changed = True
                    break
    return np.array([i not in gone for i in range(len(box))])


@pytest.mark.parametrize("seed", range(5))
def test_drop_unsupported_matches_its_definition(seed):
    from loadplan.planner.sizes import block_cached

    rng = np.random.default_rng(seed)
    drum = lp.Drum("T", float(rng.integers(200, 500)), float(rng.integers(250, 700)))
    cen, ax = block_cached(drum.diameter, drum.height, 2000.0, 2350.0, 2000.0, "zx", None, None)
    out = rng.random(cen.shape[0]) < 0.15
    np.testing.assert_array_equal(drop_unsupported(cen, ax, drum, out),
                                  _drop_plain(cen, ax, drum, out))


def test_step_order_pairs_filtered_by_step_are_the_full_set_filtered():
    from loadplan.verification.arrays import LoadArrays
    from loadplan.verification.order import blocking_pairs

    p = lp.plan([lp.Drum("A", 400, 600, 20.0, quantity=120)], containers=("20GP",))
    load = p.loads[0]
    c = load.container
    a = LoadArrays.of(load.placements, (c.length, c.width, c.height))
    step = a.q["step"].copy()
    rng = np.random.default_rng(0)
    step = rng.permutation(step)  # an order with many drums loaded too early
    for along in (0, 2):
        full = [(i, j) for ii, jj in blocking_pairs(a, along, touching=along == 2)
                for i, j in zip(ii.tolist(), jj.tolist()) if step[i] <= step[j]]
        fast = [(i, j) for ii, jj in blocking_pairs(a, along, touching=along == 2, early=step)
                for i, j in zip(ii.tolist(), jj.tolist())]
        assert fast == full and len(full) > 0
