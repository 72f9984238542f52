"""lp.fill, layout_block and block_upper_bound: counts, bars, soundness, limits."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import loadplan as lp
from loadplan.containers import CONTAINERS, Container
from loadplan.filling import block_upper_bound, layout_block
from loadplan.model import ContainerLoad, make_placements
from loadplan.verification import verify

FILLS = [json.loads(line) for line in
         (Path(__file__).parent / "data" / "fills.jsonl").read_text().splitlines() if line.strip()]

# Tests whose docstring starts with "Engine-dependent" need the circle engine
# (loadplan.pack) to reach a floor count that simple lattices do not.


RNG_SEED = 880585  # conftest's rng fixture draws this file's cases from this seed


def _sound(load: ContainerLoad, drum: lp.Drum) -> None:
    problems = verify(load, [drum])
    assert problems == [], problems[:5]
    assert load.count <= load.upper_bound


# ----------------------------------------------------------------------------
# known counts (shared/reference/README.md)
# ----------------------------------------------------------------------------
def test_200l_drum_in_20gp_mixed_106():
    drum = lp.Drum("D200", 585, 880, weight=0.0)
    load = lp.fill(drum, "20GP")
    assert load.count >= 106
    axes = load.placements["axis"]
    assert (axes == "x").sum() == 96 and (axes == "z").sum() == 8 and (axes == "y").sum() == 2
    _sound(load, drum)


def test_200l_drum_in_20gp_standing_80():
    drum = lp.Drum("D200", 585, 880, orientations="z")
    load = lp.fill(drum, "20GP")
    assert load.count == 80
    assert set(load.placements["axis"]) == {"z"}
    _sound(load, drum)


def test_1170_standing_20gp_is_20():
    drum = lp.Drum("R", 1170, 1100, orientations="z")
    load = lp.fill(drum, "20GP")
    assert load.count == 20 and load.upper_bound == 20  # provably optimal
    _sound(load, drum)


def test_1500_standing_20gp_is_8():
    """Engine-dependent: needs the zig-zag floor of 4 (lattices give 3)."""
    drum = lp.Drum("R", 1500, 1000, orientations="z")
    load = lp.fill(drum, "20GP")
    assert load.count == 8 and load.upper_bound == 8
    _sound(load, drum)


def test_200l_standing_40gp_164():
    """Engine-dependent: needs 82 drums on a 40GP floor (21 rows, 4 staggers)."""
    drum = lp.Drum("D200", 585, 880, orientations="z")
    load = lp.fill(drum, "40GP")
    assert load.count >= 164
    _sound(load, drum)


# ----------------------------------------------------------------------------
# the bars of fills.jsonl
# ----------------------------------------------------------------------------
def _case_id(row: dict) -> str:
    return f"{row['container']}-{row['diameter']}x{row['height']}"


def _cap(row: dict) -> int:
    return math.floor(CONTAINERS[row["container"]].max_payload / row["weight"])


@pytest.mark.parametrize("row", FILLS, ids=_case_id)
def test_standing_only_reaches_bar(row):
    drum = lp.Drum("S", row["diameter"], row["height"], weight=row["weight"], orientations="z")
    load = lp.fill(drum, row["container"])
    bar = min(max(row["standing_ref"], row["ps_box_standing"]), _cap(row))
    assert load.count >= bar
    _sound(load, drum)


@pytest.mark.parametrize("row", FILLS, ids=_case_id)
def test_all_axes_reaches_bar(row):
    drum = lp.Drum("A", row["diameter"], row["height"], weight=row["weight"])
    load = lp.fill(drum, row["container"])
    _sound(load, drum)
    sdrum = lp.Drum("S", row["diameter"], row["height"], weight=row["weight"], orientations="z")
    standing = lp.fill(sdrum, row["container"])
    _sound(standing, sdrum)
    assert load.count >= standing.count  # never worse than standing only
    assert load.count >= min(max(row["standing_ref"], row["ps_box_all"]), _cap(row))


# ----------------------------------------------------------------------------
# limits: axes, layers, payload, door, too big
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("axes", ["x", "y", "zx", "zy", "xy"])
def test_orientations_honoured(axes):
    drum = lp.Drum("D", 585, 880, orientations=axes)
    load = lp.fill(drum, "20GP")
    assert load.count > 0
    assert set(load.placements["axis"]) <= set(axes)
    _sound(load, drum)


@pytest.mark.parametrize("axes", ["z", "zxy"])
@pytest.mark.parametrize("layers", [1, 2])
def test_max_layers_honoured(axes, layers):
    drum = lp.Drum("D", 400, 300, orientations=axes, max_layers=layers)
    load = lp.fill(drum, "20GP")
    assert load.count > 0
    _sound(load, drum)  # verify counts layers through the contacts
    if axes == "z":
        assert len(np.unique(np.round(load.placements["z"], 3))) == layers


def test_payload_caps_count_and_keeps_sound():
    drum = lp.Drum("HEAVY", 585, 880, weight=300.0)
    load = lp.fill(drum, "20GP")
    cap = math.floor(28180 / 300.0)
    assert load.count == cap == 93
    assert load.upper_bound == cap
    assert load.weight <= CONTAINERS["20GP"].max_payload
    assert any("payload" in n for n in load.notes)
    _sound(load, drum)


def test_heavier_than_payload_gives_empty_load():
    drum = lp.Drum("LEAD", 585, 880, weight=30000.0)
    load = lp.fill(drum, "20GP")
    assert load.count == 0 and load.notes and "heavier" in load.notes[0]
    _sound(load, drum)


def test_door_blocks_standing_when_too_tall():
    # 2300 mm tall: fits the 20GP (2393) standing but not its door (2274)
    drum = lp.Drum("TALL", 600, 2300, orientations="z")
    load = lp.fill(drum, "20GP")
    assert load.count == 0 and "door" in load.notes[0]
    _sound(load, drum)
    both = lp.Drum("TALL", 600, 2300)
    load = lp.fill(both, "20GP")
    assert load.count > 0 and "z" not in set(load.placements["axis"])
    _sound(load, both)


def test_too_big_gives_empty_load_with_reason():
    drum = lp.Drum("HUGE", 2500, 1000)
    load = lp.fill(drum, "20GP")
    _sound(load, drum)
    assert load.count == 0 and load.upper_bound == 0
    assert "does not fit" in load.notes[0]
    assert load.destinations == (None,)


def test_fill_takes_container_objects_and_rejects_bad_input():
    box = Container("box", 3000, 1200, 1200, 1200, 1200, 100, 5000)
    drum = lp.Drum("D", 400, 500, destination="Shanghai")
    load = lp.fill(drum, box)
    assert load.container == box and load.destinations == ("Shanghai",)
    assert set(load.placements["destination"]) == {"Shanghai"}
    _sound(load, drum)
    with pytest.raises(ValueError, match="container|Container|unknown"):
        lp.fill(drum, "99XX")
    with pytest.raises(ValueError, match="drum"):
        lp.fill((400, 500), "20GP")


def test_steps_follow_loading_order():
    load = lp.fill(lp.Drum("D200", 585, 880), "20GP")
    _sound(load, lp.Drum("D200", 585, 880))
    p = load.placements
    assert list(p["step"]) == list(range(load.count))
    # nose to doors on the whole: the first half sits nearer the nose
    half = load.count // 2
    assert p["x"][:half].mean() < p["x"][half:].mean()


# ----------------------------------------------------------------------------
# layout_block and block_upper_bound
# ----------------------------------------------------------------------------
def _box_load(centres, axes, d, h, L, W, H, ub) -> tuple[ContainerLoad, lp.Drum]:
    box = Container("box", L, W, H, W, H, 100.0, 1e9)
    drum = lp.Drum("B", d, h)
    p = make_placements(centres, axes, sku="B", diameter=d, height=h)
    return ContainerLoad(box, p, max(ub, len(centres)), (None,)), drum


def test_layout_block_random_boxes_sound(rng):
    for _ in range(12):
        d = float(rng.uniform(250, 900))
        h = float(rng.uniform(250, 1300))
        L, W, H = (float(rng.uniform(1500, 7000)), float(rng.uniform(1000, 2400)),
                   float(rng.uniform(900, 2700)))
        axes = ["zxy", "z", "x", "y", "zx", "xy"][int(rng.integers(0, 6))]
        c, a = layout_block(d, h, L, W, H, axes=axes)
        assert c.shape == (a.shape[0], 3) and a.dtype.kind == "U"
        assert set(a.tolist()) <= set(axes)
        ub = block_upper_bound(d, h, L, W, H, axes=axes)
        assert len(c) <= ub
        load, drum = _box_load(c, a, d, h, L, W, H, ub)
        _sound(load, drum)


def test_layout_block_prefixes_and_max_count_are_sound():
    c, a = layout_block(585, 880, 5896, 2350, 2393)
    assert len(c) == 106
    for n in (1, 17, 50, 97, 105):
        cc, aa = layout_block(585, 880, 5896, 2350, 2393, max_count=n)
        assert len(cc) == n
        load, drum = _box_load(cc, aa, 585, 880, 5896, 2350, 2393, 106)
        _sound(load, drum)
        load, drum = _box_load(c[:n], a[:n], 585, 880, 5896, 2350, 2393, 106)
        _sound(load, drum)


def test_layout_block_empty_and_bad_input():
    c, a = layout_block(3000, 100, 2000, 2000, 2000)
    assert c.shape == (0, 3) and a.shape == (0,)
    assert block_upper_bound(3000, 100, 2000, 2000, 2000) == 0
    for kwargs, name in [({"diameter": -1}, "diameter"), ({"height": float("nan")}, "height"),
                         ({"length": 0}, "length"), ({"axes": "q"}, "axes"),
                         ({"max_layers": 0}, "max_layers"), ({"max_count": -3}, "max_count")]:
        args = dict(diameter=500, height=500, length=3000, width=2000, height_limit=2000)
        args.update(kwargs)
        with pytest.raises(ValueError, match=name):
            layout_block(**args)


def test_block_upper_bound_known_and_valid():
    assert block_upper_bound(1500, 1000, 5896, 2350, 2393, axes="z") == 8
    assert block_upper_bound(1170, 1100, 5896, 2350, 2393, axes="z") == 20
    assert block_upper_bound(585, 880, 5896, 2350, 2393, axes="z", max_layers=1) == \
        lp.circle_bound(5896, 2350, 585)
    # mixed axes: never below what we reach, never above the volume bound
    vol = math.floor(5896 * 2350 * 2393 / (math.pi * 585**2 * 880 / 4))
    assert 106 <= block_upper_bound(585, 880, 5896, 2350, 2393) <= vol


# ----------------------------------------------------------------------------
# random drums: soundness, bound, all axes never worse than standing
# ----------------------------------------------------------------------------
def test_random_drums_sound_and_monotone(rng):
    names = list(CONTAINERS)
    for _ in range(10):
        d = float(rng.uniform(150, 1200))
        h = float(rng.uniform(150, 1400))
        c = names[int(rng.integers(0, len(names)))]
        weight = float(rng.choice([0.0, rng.uniform(5, 400)]))
        all_axes = lp.Drum("R", d, h, weight=weight)
        standing = lp.Drum("R", d, h, weight=weight, orientations="z")
        la, ls = lp.fill(all_axes, c), lp.fill(standing, c)
        _sound(la, all_axes)
        _sound(ls, standing)
        assert la.count >= ls.count


def test_fill_after_cache_clear_is_sound():
    """With the fill cache cleared each time (its speed is measured in
    benchmarks/bench_fill.py), every reference fill is sound."""
    from loadplan.filling.pieces import candidates

    for row in FILLS:
        candidates.cache_clear()  # circle packings stay cached
        drum = lp.Drum("T", row["diameter"], row["height"], weight=row["weight"])
        _sound(lp.fill(drum, row["container"]), drum)


def test_fill_is_deterministic():
    from loadplan.filling.pieces import candidates

    candidates.cache_clear()
    a = lp.fill(lp.Drum("D", 520, 810, weight=17.0), "40GP")
    candidates.cache_clear()
    b = lp.fill(lp.Drum("D", 520, 810, weight=17.0), "40GP")
    assert a == b and a.placements.tobytes() == b.placements.tobytes()
    _sound(a, lp.Drum("D", 520, 810, weight=17.0))


from hypothesis import HealthCheck, given, settings  # noqa: E402
from independent import independent_problems  # noqa: E402  (tests/ is on sys.path)
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(d=st.floats(200, 1000), h=st.floats(200, 1400), length=st.floats(1000, 6000),
       width=st.floats(800, 2400), height=st.floats(800, 2700),
       axes=st.sampled_from(["z", "x", "y", "zx", "zy", "xy", "zxy"]),
       layers=st.one_of(st.none(), st.integers(1, 4)))
def test_layout_block_property_sound(d, h, length, width, height, axes, layers):
    c, a = layout_block(d, h, length, width, height, axes=axes, max_layers=layers)
    assert set(a.tolist()) <= set(axes)
    ub = block_upper_bound(d, h, length, width, height, axes=axes, max_layers=layers)
    assert len(c) <= ub
    box = Container("box", length, width, height, width, height, 100.0, 1e9)
    drum = lp.Drum("B", d, h, orientations=axes, max_layers=layers)
    p = make_placements(c, a, sku="B", diameter=d, height=h)
    load = ContainerLoad(box, p, max(ub, len(c)), (None,))
    problems = verify(load, [drum])
    assert problems == [], problems[:3]
    assert independent_problems(load) == []  # drop test; steps after what carries them


# ----------------------------------------------------------------------------
# layout_across: drums lying across, leaning on nothing at either end
# ----------------------------------------------------------------------------
def test_layout_across_sound_away_from_the_walls(rng):
    from loadplan.filling import layout_across

    for _ in range(10):
        d = float(rng.uniform(250, 900))
        h = float(rng.uniform(250, 1200))
        length = float(rng.uniform(d, 3000))
        layers = [None, 1, 2][int(rng.integers(0, 3))]
        c, a = layout_across(d, h, length, 2350, 2393, max_layers=layers)
        assert set(a.tolist()) <= {"y"}
        assert len(c) <= block_upper_bound(d, h, length, 2350, 2393, axes="y", max_layers=layers)
        for n in sorted({len(c), len(c) // 2, 1}):
            if n == 0:
                continue
            cc, aa = layout_across(d, h, length, 2350, 2393, max_layers=layers, max_count=n)
            assert len(cc) == n and np.array_equal(cc, c[:n])
            # in the middle of a 20GP: no wall at either end of the rows
            cc = cc + np.array([1500.0, 0.0, 0.0])
            drum = lp.Drum("Y", d, h, orientations="y", max_layers=layers)
            p = make_placements(cc, aa, sku="Y", diameter=d, height=h)
            _sound(ContainerLoad("20GP", p, 10_000, (None,)), drum)


def test_layout_across_empty_and_bad_input():
    from loadplan.filling import layout_across

    c, a = layout_across(585, 3000, 2000, 2350, 2393)  # longer than the width
    assert c.shape == (0, 3) and a.shape == (0,)
    with pytest.raises(ValueError, match="height_limit"):
        layout_across(585, 880, 2000, 2350, -1)
    with pytest.raises(ValueError, match="max_count"):
        layout_across(585, 880, 2000, 2350, 2393, max_count=1.5)
