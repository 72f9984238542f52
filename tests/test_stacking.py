"""Stacking rules in the verifier: layer boards as data, max_load, heavy on light, and
plans that carry their drum types (hand-made loads that break each rule on purpose)."""

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import jsonschema
import pytest

import loadplan as lp
from loadplan import verification
from loadplan.verification import stacking
from loadplan.model import (
    BOARD_DTYPE,
    ContainerBound,
    ContainerLoad,
    Drum,
    LoadPlan,
    Unplaced,
    as_boards,
    make_boards,
)
from loadplan.verification.stacking import carried_weight
from loadplan.verification import verify

D, H, T = 400.0, 500.0, 18.0  # drum diameter and height, board thickness (mm)


RNG_SEED = 20261201  # conftest's rng fixture draws this file's cases from this seed


def load_of(rows, boards=None, destinations=(None,)):
    """A 20GP load from rows (x, y, z, axis, diameter, height, weight, sku)."""
    p = np.zeros(len(rows), dtype=lp.model.PLACEMENT_DTYPE)
    for i, (x, y, z, axis, d, h, w, sku) in enumerate(rows):
        p[i] = (sku, x, y, z, axis, d, h, w, "", i)
    return ContainerLoad("20GP", p, len(rows), destinations, (), boards)


def square(nx, ny, z0=0.0, sku="S", weight=10.0, d=D, h=H):
    """Standing drums touching in a square grid from the nose corner, bottoms at z0."""
    return [(d / 2 + i * d, d / 2 + j * d, z0 + h / 2, "z", d, h, weight, sku)
            for i in range(nx) for j in range(ny)]


def two_layers_on_a_board(nx=3, ny=2, top_sku="S", top_weight=10.0):
    rows = square(nx, ny) + square(nx, ny, H + T, top_sku, top_weight)
    return rows, make_boards([[0, nx * D, 0, ny * D]], z=H, thickness=T)


PREFIX = "container 1 (20GP): "


# ----------------------------------------------------------------------------
# boards are data
# ----------------------------------------------------------------------------
def test_board_data_makes_the_upper_layer_sound():
    rows, board = two_layers_on_a_board()
    assert verify(load_of(rows, board)) == []


def test_board_missing():
    rows, _ = two_layers_on_a_board(nx=1, ny=1)
    assert verify(load_of(rows)) == [
        PREFIX + "drum 'S' at step 1 (standing, bottom at z = 518 mm) floats: nothing carries it"]


def test_board_not_carried_by_a_full_layer():
    rows = square(1, 1) + [(D / 2, D / 2, H + T + H / 2, "z", D, H, 10.0, "S")]
    board = make_boards([[0, 4 * D, 0, D]], z=H, thickness=T)
    assert verify(load_of(rows, board)) == [
        PREFIX + "layer board 1 (x 0-1600, y 0-400, z 500 mm) is not carried by a full layer: "
        "the drums under it cover 20% of its area (at least 50% required)"]


def test_floating_board():
    rows = square(1, 1)
    board = make_boards([[0, D, 0, D]], z=H + 50, thickness=T)
    assert verify(load_of(rows, board)) == [
        PREFIX + "layer board 1 (x 0-400, y 0-400, z 550 mm) is not carried by a full layer: "
        "the drums under it cover 0% of its area (at least 50% required)"]


def test_drum_off_its_board():
    rows, _ = two_layers_on_a_board(nx=2, ny=1)
    # the board covers only the first drum below; the second upper drum's centre is off it
    board = make_boards([[0, D + 100, 0, D]], z=H, thickness=T)
    assert verify(load_of(rows, board)) == [
        PREFIX + "drum 'S' at step 3 (standing, bottom at z = 518 mm) is off its layer board: "
        "the centre of its base is not over a board"]


def test_drum_on_the_edge_of_its_board():
    rows = square(2, 2) + [(D, D, H + T + H / 2, "z", D, H, 10.0, "S")]
    board = make_boards([[0, D + 1, 0, D + 1]], z=H, thickness=T)
    v = verify(load_of(rows, board))
    assert v == [PREFIX + "drum 'S' at step 4 (standing, bottom at z = 518 mm) is on the edge of "
                 "its layer board: only 25% of its base is over a board (at least 50% required)"]


def test_lying_drum_on_a_board():
    rows = square(3, 1) + [(600, 200, H + T + 150, "x", 300, 1000, 5.0, "L")]
    board = make_boards([[0, 3 * D, 0, D]], z=H, thickness=T)
    assert verify(load_of(rows, board), heavy_on_light=True) == []
    short = make_boards([[0, 250, 0, D]], z=H, thickness=T)
    v = verify(load_of(rows, short), heavy_on_light=True)
    assert PREFIX + ("drum 'L' at step 3 (lying along, bottom at z = 518 mm) is off its layer "
                     "board: the centre of its bottom line is not over a board") in v


def test_board_cuts_through_drums_and_overlaps_a_board():
    rows = square(2, 1)
    boards = make_boards([[0, 2 * D, 0, D], [100, 300, 100, 300]], z=[H - 10, H - 5], thickness=T)
    v = verify(load_of(rows, boards))
    assert v == [
        PREFIX + "layer board 1 (x 0-800, y 0-400, z 490 mm) overlaps layer board 2",
        PREFIX + "layer board 1 (x 0-800, y 0-400, z 490 mm) cuts through 2 drum(s), the first "
        "at centre (200, 200, 250) mm",
        PREFIX + "layer board 1 (x 0-800, y 0-400, z 490 mm) is not carried by a full layer: "
        "the drums under it cover 0% of its area (at least 50% required)",
        PREFIX + "layer board 2 (x 100-300, y 100-300, z 495 mm) cuts through 1 drum(s), the "
        "first at centre (200, 200, 250) mm",
        PREFIX + "layer board 2 (x 100-300, y 100-300, z 495 mm) is not carried by a full layer: "
        "the drums under it cover 0% of its area (at least 50% required)",
    ]


def test_board_outside_the_container():
    board = make_boards([[5000, 6000, 0, D]], z=0, thickness=T)
    assert verify(load_of(square(1, 1), board)) == [
        PREFIX + "layer board 1 (x 5000-6000, y 0-400, z 0 mm) sticks out of the container"]


def test_floor_board_carries_a_layer():
    rows = square(2, 2, z0=T)
    board = make_boards([[0, 2 * D, 0, 2 * D]], z=0, thickness=T)
    assert verify(load_of(rows, board)) == []
    assert len(verify(load_of(rows))) == 4
    half = make_boards([[0, D, 0, 2 * D]], z=0, thickness=T)
    assert verify(load_of(rows, half)) == [
        PREFIX + f"drum 'S' at step {i} (standing, bottom at z = 18 mm) floats: nothing carries it"
        for i in (2, 3)]
    edge = make_boards([[0, D / 2 - 50, 0, 2 * D]], z=0, thickness=T)
    assert verify(load_of(rows, edge)) == [
        PREFIX + f"drum 'S' at step {i} (standing, bottom at z = 18 mm) is off its layer board: "
        "the centre of its base is not over a board" for i in (0, 1)] + [
        PREFIX + f"drum 'S' at step {i} (standing, bottom at z = 18 mm) floats: nothing carries it"
        for i in (2, 3)]


def test_boards_validated():
    with pytest.raises(ValueError, match=r"boards\[0\]\.x1 must be greater than x0, got 0\.0"):
        make_boards([[10, 0, 0, 1]], z=0, thickness=1)
    with pytest.raises(ValueError, match=r"boards\[1\]\.thickness must be positive, got 0\.0"):
        make_boards([[0, 1, 0, 1], [0, 1, 0, 1]], z=0, thickness=[1, 0])
    with pytest.raises(ValueError, match=r"boards\[0\]\.z must be finite, got nan"):
        as_boards([(0, 1, 0, 1, float("nan"), 1)])
    with pytest.raises(ValueError, match=r"ContainerLoad\.boards lacks the field\(s\) thickness"):
        ContainerLoad("20GP", None, 0, (None,), (),
                      np.zeros(1, dtype=[(n, "f8") for n in BOARD_DTYPE.names[:-1]]))
    with pytest.raises(ValueError, match="z and thickness must be one value or one per board"):
        make_boards([[0, 1, 0, 1]], z=[1, 2], thickness=1)
    load = load_of(square(1, 1), make_boards([[0, 1, 0, 1]], 0, 1))
    assert load.boards.dtype == BOARD_DTYPE and not load.boards.flags.writeable
    assert load_of(square(1, 1)).boards.shape == (0,)


# ----------------------------------------------------------------------------
# max_load
# ----------------------------------------------------------------------------
def column(n, weight=100.0, sku="S"):
    return [(D / 2, D / 2, H / 2 + k * H, "z", D, H, weight, sku) for k in range(n)]


def test_max_load_exceeded_in_a_column():
    load = load_of(column(3))
    plan = LoadPlan([load], [], drums=[Drum("S", D, H, 100.0, quantity=3, max_load=150)])
    assert verify(plan) == [
        PREFIX + "drum 'S' at step 0 carries 200.0 kg, more than the 150 kg max_load of 'S'"]
    assert verify(load, [Drum("S", D, H, 100.0, quantity=3, max_load=200)]) == []
    assert verify(load) == []  # no types: no limits known


def test_max_load_through_a_board_shared_equally():
    rows = square(2, 2, weight=10.0) + [(D, D, H + T + H / 2, "z", D, H, 10.0, "S")]
    board = make_boards([[0, 2 * D, 0, 2 * D]], z=H, thickness=T)
    load = load_of(rows, board)
    assert verify(load, [Drum("S", D, H, 10.0, quantity=5, max_load=2.5)]) == []
    v = verify(load, [Drum("S", D, H, 10.0, quantity=5, max_load=2.4)])
    assert v == [PREFIX + f"drum 'S' at step {i} carries 2.5 kg, more than the 2.4 kg max_load "
                 "of 'S'" for i in range(4)]


def test_max_load_validated():
    with pytest.raises(ValueError, match=r"Drum\.max_load must be finite and >= 0, got -1"):
        Drum("S", D, H, max_load=-1)
    with pytest.raises(ValueError, match=r"Drum\.max_load must be a number, got 'heavy'"):
        Drum("S", D, H, max_load="heavy")
    assert Drum("S", D, H, max_load=0).max_load == 0.0


def _carried_twin(weight, su, sw):
    """From the definition: what rests on i = sum over drums u on i of (w_u + on u) / supporters(u)."""
    n = len(weight)
    on = {i: [int(u) for u, w in zip(su, sw) if w == i] for i in range(n)}
    supporters = {u: sum(1 for x in su if x == u) for u in range(n)}

    @lru_cache(maxsize=None)
    def rest(i):
        return sum((weight[u] + rest(u)) / supporters[u] for u in on[i])

    return [rest(i) for i in range(n)]


def test_carried_weight_against_twin(rng):
    for _ in range(30):
        n = int(rng.integers(2, 40))
        bottom = np.sort(rng.integers(0, 8, n)).astype(float)
        weight = rng.uniform(0, 50, n).round(1)
        pairs = {(int(u), int(w)) for u in range(n) for w in range(n)
                 if bottom[w] < bottom[u] and rng.random() < 0.3}
        su = np.array([p[0] for p in sorted(pairs)], dtype=np.int64)
        sw = np.array([p[1] for p in sorted(pairs)], dtype=np.int64)
        got = carried_weight(weight, bottom, su, sw)
        np.testing.assert_allclose(got, _carried_twin(weight.tolist(), su.tolist(), sw.tolist()),
                                   rtol=1e-12, atol=1e-9)


# ----------------------------------------------------------------------------
# heavy on light
# ----------------------------------------------------------------------------
def test_heavy_on_light():
    rows = [(D / 2, D / 2, H / 2, "z", D, H, 10.0, "LIGHT"),
            (D / 2, D / 2, 1.5 * H, "z", D, H, 30.0, "HEAVY")]
    load = load_of(rows)
    want = [PREFIX + "drum 'HEAVY' at step 1 (30 kg) rests on drum 'LIGHT' at step 0 (10 kg), "
            "a lighter type (heavy on light; allowed only with heavy_on_light=True)"]
    assert verify(load) == want
    assert verify(load, heavy_on_light=True) == []
    assert verify(LoadPlan([load], [])) == want
    assert verify(LoadPlan([load], [], heavy_on_light=True)) == []
    assert verify(LoadPlan([load], [], heavy_on_light=True), heavy_on_light=False) == want
    # light on heavy, and one sku of one weight, are fine
    rows[0], rows[1] = rows[0][:6] + (30.0, "HEAVY"), rows[1][:6] + (10.0, "LIGHT")
    assert verify(load_of(rows)) == []
    with pytest.raises(ValueError, match="heavy_on_light must be True, False or None, got 'yes'"):
        verify(load, heavy_on_light="yes")


def test_heavy_on_light_through_a_board():
    rows, board = two_layers_on_a_board(nx=1, ny=1, top_sku="HEAVY", top_weight=11.0)
    assert verify(load_of(rows, board)) == [
        PREFIX + "drum 'HEAVY' at step 1 (11 kg) rests on drum 'S' at step 0 (10 kg), a lighter "
        "type (heavy on light; allowed only with heavy_on_light=True)"]


# ----------------------------------------------------------------------------
# plans carry their drum types
# ----------------------------------------------------------------------------
def test_wrong_axis_and_layers_without_drums_argument():
    load = load_of(column(3, weight=5.0))
    types = [Drum("S", D, H, 5.0, quantity=3, orientations="x", max_layers=2)]
    plan = LoadPlan([load], [], drums=types)
    allowed = "not allowed for 'S' (allowed: x)"
    assert verify(plan) == [
        PREFIX + f"drum 'S' at step {i} lies on axis 'z', {allowed}" for i in range(3)] + [
        PREFIX + "drum 'S' at step 2 is in layer 3, above the 2 layer(s) allowed for 'S'"]
    assert verify(LoadPlan([load], [])) == []


def test_conservation_and_sizes_without_drums_argument():
    load = load_of(column(2, weight=5.0))
    plan = LoadPlan([load], [Unplaced("S", None, 1, "no room")],
                    drums=[Drum("S", D, H, 5.0, quantity=4)])
    assert verify(plan) == ["plan: sku 'S' for no destination: 2 placed + 1 unplaced != 4 ordered"]
    plan = LoadPlan([load], [], drums=[Drum("S", D, H + 1, 5.0, quantity=2)])
    assert verify(plan) == [
        PREFIX + f"drum 'S' at step {i} has size or weight different from its drum type "
        "(400 x 500 mm, 5 kg vs 400 x 501 mm, 5 kg)" for i in range(2)]


# ----------------------------------------------------------------------------
# JSON and schema
# ----------------------------------------------------------------------------
def full_plan():
    rows, board = two_layers_on_a_board()
    load = load_of(rows, board)
    types = [Drum("S", D, H, 10.0, quantity=13, destination=None, orientations="zx",
                  max_layers=3, max_load=25.5)]
    return LoadPlan([load], [Unplaced("S", None, 1, "no room")], 1800.0, types,
                    violations=("a verdict",), heavy_on_light=True,
                    container_bounds=[ContainerBound([None], 1, "volume")])


def test_round_trip_byte_identical():
    plan = full_plan()
    text = plan.to_json()
    back = LoadPlan.from_json(text)
    assert back == plan and back.to_json() == text
    assert back.loads[0].boards.tolist() == [(0.0, 1200.0, 0.0, 800.0, 500.0, 18.0)]
    assert back.drums[0].max_load == 25.5 and back.drums[0].orientations == ("z", "x")
    assert back.violations == ("a verdict",) and back.heavy_on_light is True
    assert back.container_bounds == (ContainerBound((None,), 1, "volume"),)
    assert LoadPlan.from_json(LoadPlan([], []).to_json()).violations is None


def v1_text(plan):
    doc = json.loads(plan.to_json())
    doc["version"] = 1
    for key in ("drums", "violations", "container_bounds", "heavy_on_light"):
        del doc[key]
    for load in doc["loads"]:
        del load["boards"]
    return json.dumps(doc)


def test_version_1_still_read():
    plan = LoadPlan.from_json(v1_text(full_plan()))
    assert plan.drums == () and plan.violations is None and plan.container_bounds == ()
    assert plan.heavy_on_light is False and plan.loads[0].boards.shape == (0,)
    assert plan.loads[0].count == 12 and json.loads(plan.to_json())["version"] == 2


@pytest.mark.parametrize("mutate, match", [
    (lambda d: d["loads"][0].pop("boards"), r"loads\[0\] lacks the key 'boards'"),
    (lambda d: d["loads"][0]["boards"][0].update(thickness=-1),
     r"loads\[0\]: ContainerLoad\.boards\[0\]\.thickness must be positive, got -1\.0"),
    (lambda d: d["loads"][0]["boards"][0].update(z="high"),
     r"loads\[0\]\.boards\[0\]\.z must be a number, got 'high'"),
    (lambda d: d["drums"][0].update(max_load=-2),
     r"drums\[0\]: Drum\.max_load must be finite and >= 0, got -2\.0"),
    (lambda d: d["drums"][0].update(orientations="zx"),
     r"drums\[0\]\.orientations must be a JSON array, got str"),
    (lambda d: d.pop("drums"), r"plan lacks the key 'drums'"),
    (lambda d: d.update(violations=[1]), r"violations\[0\] must be a string, got 1"),
    (lambda d: d.update(heavy_on_light=1), r"heavy_on_light must be true or false, got 1"),
    (lambda d: d["container_bounds"][0].update(lower_bound=-1),
     r"container_bounds\[0\]: ContainerBound\.lower_bound must be >= 0, got -1"),
])
def test_version_2_errors_name_the_field(mutate, match):
    doc = json.loads(full_plan().to_json())
    mutate(doc)
    with pytest.raises(ValueError, match=match):
        LoadPlan.from_json(json.dumps(doc))


def test_schema_validates_both_versions():
    schema = json.loads((Path(lp.__file__).parent / "schemas" / "plan.schema.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(json.loads(full_plan().to_json()))
    validator.validate(json.loads(v1_text(full_plan())))
    bad = json.loads(full_plan().to_json())
    bad["loads"][0]["boards"][0]["thickness"] = 0
    with pytest.raises(jsonschema.ValidationError, match="0 is less than or equal to the minimum"):
        validator.validate(bad)
    bad = json.loads(full_plan().to_json())
    bad["drums"][0]["max_load"] = "x"
    with pytest.raises(jsonschema.ValidationError, match="'x' is not of type 'number', 'null'"):
        validator.validate(bad)


def test_bound_lines():
    plan = full_plan()
    assert plan.bound_lines() == ["no destination: 1 container; at least 1 needed (volume)"]


def test_tolerance_matches_the_verifier():
    assert stacking.TOL == verification.TOL


def test_loading_order_follows_support():
    p = np.zeros(2, dtype=lp.model.PLACEMENT_DTYPE)
    p[0] = ("S", D / 2, D / 2, 1.5 * H, "z", D, H, 10.0, "", 0)  # the upper drum first
    p[1] = ("S", D / 2, D / 2, H / 2, "z", D, H, 10.0, "", 1)
    assert verify(ContainerLoad("20GP", p, 2, (None,))) == [
        PREFIX + "drum 'S' at step 0 (standing) is loaded before drum 'S' at step 1 (standing), "
        "which it rests on"]
    rows, board = two_layers_on_a_board(nx=1, ny=1)
    load = load_of(rows[::-1], board)  # the drum on the board gets step 0
    assert verify(load) == [
        PREFIX + "drum 'S' at step 0 (standing) is loaded before drum 'S' at step 1 (standing), "
        "which it rests on"]


def test_new_plan_fields_validated():
    with pytest.raises(ValueError, match="LoadPlan.drums must hold Drum objects, got str"):
        LoadPlan([], [], drums=["DJ60"])
    with pytest.raises(ValueError, match="LoadPlan.container_bounds must be a sequence of "
                                         "ContainerBound"):
        LoadPlan([], [], container_bounds=None)
    with pytest.raises(ValueError, match="LoadPlan.violations must be a sequence of strings or "
                                         "None, not a string"):
        LoadPlan([], [], violations="bad")
    with pytest.raises(ValueError, match="LoadPlan.heavy_on_light must be True or False, got 1"):
        LoadPlan([], [], heavy_on_light=1)
    with pytest.raises(ValueError, match="ContainerBound.lower_bound must be >= 0, got -1"):
        ContainerBound(["X"], -1)
    with pytest.raises(ValueError, match="ContainerBound.destinations must be a sequence"):
        ContainerBound("X", 1)
    assert LoadPlan([], [], violations=["a"]).violations == ("a",)


def _cover_twin(board, discs, boxes, n=200):
    """Share of the board's rectangle under any disc or box, by sampling a fine grid."""
    x0, x1, y0, y1 = board["x0"], board["x1"], board["y0"], board["y1"]
    xs = x0 + (np.arange(n) + 0.5) * (x1 - x0) / n
    ys = y0 + (np.arange(n) + 0.5) * (y1 - y0) / n
    gx, gy = np.meshgrid(xs, ys)
    hit = np.zeros(gx.shape, dtype=bool)
    for cx, cy, rad in discs:
        hit |= (gx - cx) ** 2 + (gy - cy) ** 2 <= rad ** 2
    for bx0, by0, bx1, by1 in boxes:
        hit |= (bx0 <= gx) & (gx <= bx1) & (by0 <= gy) & (gy <= by1)
    return hit.mean()


def test_board_cover_against_sampling_twin(rng):
    for _ in range(8):
        # a layer of standing drums on a square grid with holes, lying drums in a few cells
        d, h = 400.0, 500.0
        rows, discs, boxes = [], [], []
        for i in range(4):
            for j in range(3):
                u = rng.random()
                if u < 0.6:
                    rows.append((d / 2 + i * d, d / 2 + j * d, h / 2, "z", d, h, 1.0, "S"))
                    discs.append((d / 2 + i * d, d / 2 + j * d, d / 2))
                elif u < 0.8:  # lying along x, top at h like the standing ones
                    rows.append((d / 2 + i * d, d / 2 + j * d, h - 150, "x", 300, 380, 1.0, "L"))
                    boxes.append((d / 2 + i * d - 190, d / 2 + j * d - 150,
                                  d / 2 + i * d + 190, d / 2 + j * d + 150))
        x1 = float(rng.uniform(800, 1600))
        board = make_boards([[0, x1, 0, 3 * d]], z=h, thickness=18)[0]
        load = load_of(rows)
        q = load.placements
        k = np.array([{"x": 0, "y": 1, "z": 2}[a] for a in q["axis"]])
        r, hl = q["diameter"] / 2, q["height"] / 2
        cen = np.stack([q["x"], q["y"], q["z"]], axis=1)
        ext = np.repeat(r[:, None], 3, axis=1)
        ext[np.arange(len(k)), k] = hl
        got = stacking.carrier_cover(board, cen, k, r, cen - ext, cen + ext)
        assert got == pytest.approx(_cover_twin(board, discs, boxes), abs=0.01)


def test_boards_take_part_in_equality_hash_and_pickling():
    import pickle

    rows, board = two_layers_on_a_board()
    with_board, without = load_of(rows, board), load_of(rows)
    assert with_board != without and with_board == load_of(rows, board)
    assert hash(with_board) == hash(load_of(rows, board))
    back = pickle.loads(pickle.dumps(with_board))
    assert back == with_board and not back.boards.flags.writeable
