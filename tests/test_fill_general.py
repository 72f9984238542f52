"""fill with every axis allowed: the two-lane floor plan competitor (issue fill-general)."""

from __future__ import annotations

import numpy as np
import pytest

import loadplan as lp
from loadplan.floorplan import floor_items, floor_plan


def test_interlock_in_a_45hc():
    # lying along x beside lying across, swapping sides every 2240 mm, two high
    load = lp.fill(lp.Drum("B", 1180, 1060), "45HC")
    assert load.count == 48
    assert lp.verify(load) == []
    assert set(load.placements["axis"].tolist()) == {"x", "y"}


def test_floor_items_drop_dominated():
    items = floor_items(1180.0, 1060.0, 2352.0, 2698.0, "zxy", 0)
    # standing two high on 1180 x 1180 holds what lying across holds on 1180 x 1060;
    # a lying-along section 1770 wide holds what one 1180 wide holds: both dropped
    assert items == [("y", 1180.0, 1060.0, 2, 1), ("y", 1180.0, 2120.0, 4, 2),
                     ("x", 1060.0, 1180.0, 2, 0)]


def test_floor_plan_skips_when_it_cannot_win():
    assert floor_plan(1180.0, 1060.0, 13556.0, 2352.0, 2698.0, "zxy", 0, beat=10_000) is None


@pytest.mark.parametrize("seed", range(12))
def test_fill_never_below_its_competitors(seed, rng_for):
    rng = rng_for(seed)
    name = ["20GP", "40GP", "40HC", "45HC"][seed % 4]
    c = lp.CONTAINERS[name]
    d, h = float(rng.integers(400, 1200)), float(rng.integers(300, 1300))
    drum = lp.Drum("B", d, h)
    load = lp.fill(drum, c)
    assert lp.verify(load) == []
    axes = "".join(a for a in "zxy" if a in {str(x) for x in load.placements["axis"]}) or "zxy"
    alt = floor_plan(d, h, float(c.length), float(c.width), float(c.height), "zxy", 0)
    if alt is not None:
        assert load.count >= alt[0].shape[0], (name, d, h, axes)
    standing = lp.fill(lp.Drum("B", d, h, orientations="z"), c)
    assert load.count >= standing.count
    assert load.count <= load.upper_bound


@pytest.mark.parametrize("seed", range(8))
def test_floor_plan_layouts_pass_verify(seed, rng_for):
    """The competitor's own layout is sound even where it does not win."""
    from loadplan.filling import block_upper_bound
    from loadplan.model import ContainerLoad, make_placements

    rng = rng_for(100 + seed)
    c = lp.CONTAINERS[["20GP", "40GP", "40HC", "45HC"][seed % 4]]
    d, h = float(rng.integers(450, 1250)), float(rng.integers(300, 1300))
    L, W, H = float(c.length), float(c.width), float(c.height)
    alt = floor_plan(d, h, L, W, H, "zxy", 0)
    assert alt is not None
    cen, axs, keys, _ = alt
    order = np.lexsort((cen[:, 1], cen[:, 2], keys))
    pl = make_placements(cen[order], axs[order], sku="B", diameter=d, height=h, weight=0.0)
    load = ContainerLoad(c, pl, block_upper_bound(d, h, L, W, H), (None,), ())
    assert lp.verify(load) == []
    assert cen.shape[0] <= lp.fill(lp.Drum("B", d, h), c).count
