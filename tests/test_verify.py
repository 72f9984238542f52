"""Tests for loadplan.verification: hand-made good and bad layouts, twins for the geometry."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loadplan as lp
from loadplan.containers import CONTAINERS, Container
from loadplan.model import ContainerLoad, Drum, LoadPlan, Unplaced, make_placements
from loadplan.verification import (
    TOL,
    check,
    cylinders_overlap,
    pair_overlaps,
    passes_door,
    verify,
)
from loadplan.verification.geometry import lens_area
from loadplan.verification.grid import candidate_pairs

D, H, W = 585.0, 880.0, 220.0  # 200 L steel drum
C20 = CONTAINERS["20GP"]


RNG_SEED = 1234  # conftest's rng fixture draws this file's cases from this seed


def load_of(rows, container="20GP", upper_bound=None, destinations=(None,), notes=(),
            boards=None):
    """Build a load from rows (x, y, z, axis, diameter, height[, weight[, sku]])."""
    p = np.zeros(len(rows), dtype=lp.model.PLACEMENT_DTYPE)
    for i, row in enumerate(rows):
        x, y, z, axis, d, h = row[:6]
        w = row[6] if len(row) > 6 else 0.0
        sku = row[7] if len(row) > 7 else "S"
        p[i] = (sku, x, y, z, axis, d, h, w, "", i)
    ub = len(rows) if upper_bound is None else upper_bound
    return ContainerLoad(container, p, ub, destinations, notes, boards)


def box_grid(counts, axis):
    """200 L drums in a square grid from the nose corner, bottom layer first.

    ``counts`` = drums along x, y, z; each drum takes its bounding box (``H``
    along its axis, ``D`` across it), so neighbours touch.
    """
    pitch = [H if a == axis else D for a in "xyz"]
    return [(pitch[0] / 2 + i * pitch[0], pitch[1] / 2 + j * pitch[1], pitch[2] / 2 + k * pitch[2],
             axis, D, H, W, "D200")
            for k in range(counts[2]) for i in range(counts[0]) for j in range(counts[1])]


def columns_20gp(layers=2):
    """The trade's 80 standing 200 L drums in a 20GP: 4 across, 10 along, 2 high."""
    return box_grid((10, 4, layers), "z")


def lying_wall_to_wall(high=4):
    """Lying along x, rows of 4 wall to wall (straight stacking, needs chocks)."""
    return box_grid((6, 4, high), "x")


def groove_stack(d=587.5, length=1000.0, width=2350.0, layers=4):
    """Lying along x in hex grooves across the width (4 / 3 / 4 / 3 ...)."""
    rows = []
    n_even = int(width // d)
    for k in range(layers):
        z = d / 2 + k * d * math.sqrt(3) / 2
        if k % 2 == 0:
            ys = [d / 2 + j * d for j in range(n_even)]
        else:
            ys = [d + j * d for j in range(n_even - 1)]
        for y in ys:
            for i in range(2):
                rows.append((length / 2 + i * length, y, z, "x", d, length, 50.0, "G"))
    return rows


# ----------------------------------------------------------------------------
# good layouts
# ----------------------------------------------------------------------------
def test_trade_80_columns_sound():
    load = load_of(columns_20gp(), upper_bound=80)
    assert load.count == 80
    assert verify(load) == []
    drums = [Drum("D200", D, H, W, quantity=80, orientations="z", max_layers=2)]
    assert verify(LoadPlan([load], []), drums) == []


def test_wall_to_wall_lying_sound_with_chock_note():
    load = load_of(lying_wall_to_wall())
    rep = check(load)
    assert rep.violations == []
    assert rep.ok
    assert len(rep.notes) == 1 and "chock" in rep.notes[0] and "72 drum" in rep.notes[0]


def test_groove_stack_sound():
    rows = groove_stack()
    rep = check(load_of(rows))
    assert rep.violations == [] and rep.notes == []


def test_mixed_standing_then_lying_across_on_tops():
    # 8 standing two high at one end; 2 lying across (axis y) on their tops
    rows = []
    x0 = 0.0
    for k in range(2):
        for i in range(2):
            for j in range(4):
                rows.append((x0 + D / 2 + i * D, D / 2 + j * D, H / 2 + k * H, "z", D, H))
    top = 2 * H
    for i in range(2):
        rows.append((x0 + D / 2 + i * D, 2350 / 2, top + D / 2, "y", D, H))
    assert verify(load_of(rows)) == []


def test_standing_on_lying_layer():
    # lying drums along x side by side on the floor, a standing drum on top of two of
    # them? its base straddles two top lines at +-d/2 from its centre: not enough.
    d = 400.0
    rows = [(500, 200 + j * d, 200, "x", d, 1000) for j in range(5)]
    # a wide standing pallet-like drum centred over 3 lines (-d, 0, +d): supported
    rows.append((500, 200 + 2 * d, 400 + 150, "z", 2 * d + 200, 300))
    assert verify(load_of(rows)) == []


def test_touching_pairs_are_fine():
    rows = [
        (300, 300, 300, "z", 600, 600),
        (900, 300, 300, "z", 600, 600),                 # parallel, touching side by side
        (300, 300, 900, "z", 600, 600),                 # on top, coaxial
        (1500, 300, 300, "x", 600, 600),                # perpendicular, touching end to side
        (1500, 900, 300, "y", 600, 600),                # perpendicular x/y touching
    ]
    assert verify(load_of(rows)) == []


def test_staggered_standing_layer_on_pockets():
    # second layer shifted so each drum sits over a pocket of three: sound
    d, h = 400.0, 500.0
    rp = d * math.sqrt(3) / 2
    rows = []
    for j in range(5):
        for i in range(10):
            rows.append((d / 2 + i * d + (d / 2 if j % 2 else 0), d / 2 + j * rp, h / 2, "z", d, h))
    # upper drum over the pocket of (0,0), (1,0), (0,1)
    cx = d / 2 + d / 2
    cy = d / 2 + rp / 3
    rows.append((cx, cy, 1.5 * h, "z", d, h))
    rows.sort(key=lambda row: (row[2], row[0]))  # load bottom up, nose to doors
    assert verify(load_of(rows)) == []


# ----------------------------------------------------------------------------
# bad layouts, each caught
# ----------------------------------------------------------------------------
def test_parallel_overlap_standing():
    rows = [(300, 300, 300, "z", 600, 600), (899, 300, 300, "z", 600, 600)]
    v = verify(load_of(rows))
    assert len(v) == 1 and "overlaps" in v[0] and "step 0" in v[0] and "step 1" in v[0]
    assert v[0].startswith("container 1 (20GP)")


def test_parallel_overlap_lying_and_axial():
    rows = [(300, 300, 300, "x", 600, 600), (300, 899.9, 300, "x", 600, 600)]
    assert any("overlaps" in s for s in verify(load_of(rows)))
    # same circle, axial extents overlap by 1 mm
    rows = [(300, 300, 300, "x", 600, 600), (899, 300, 300, "x", 600, 600)]
    assert any("overlaps" in s for s in verify(load_of(rows)))
    # same circle, axial extents touch: fine
    rows = [(300, 300, 300, "x", 600, 600), (900, 300, 300, "x", 600, 600)]
    assert verify(load_of(rows)) == []


def test_perpendicular_overlap():
    # standing drum and a lying drum poking 1 mm into its side
    rows = [(300, 300, 300, "z", 600, 600), (899, 300, 300, "x", 600, 600)]
    v = verify(load_of(rows))
    assert any("overlaps" in s and "standing" in s and "lying along" in s for s in v)
    # corner case: the boxes overlap but the round parts miss each other
    rows = [(300, 300, 300, "z", 600, 600), (850, 850, 300, "y", 600, 600)]
    assert verify(load_of(rows)) == []


def test_floating():
    rows = [(300, 300, 301, "z", 600, 600)]
    v = verify(load_of(rows))
    assert len(v) == 1 and "floats" in v[0] and "nothing carries it" in v[0]
    # on top of a drum but hanging off: centre not over it
    rows = [(300, 300, 300, "z", 600, 600), (620, 300, 900, "z", 600, 600)]
    v = verify(load_of(rows))
    assert any("floats" in s and "step 1" in s for s in v)
    # bridging two drums (a rigid base over a 200 mm gap): carried
    rows = [(300, 300, 300, "z", 600, 600), (1100, 300, 300, "z", 600, 600),
            (700, 300, 900, "z", 600, 600)]
    assert verify(load_of(rows)) == []
    # centre just over the edge of the drum below: too little of the base carried
    rows = [(300, 300, 300, "z", 600, 600), (590, 300, 900, "z", 600, 600)]
    v = verify(load_of(rows))
    assert len(v) == 1 and "step 1" in v[0] and "barely carried" in v[0]


def test_standing_balanced_on_one_lying_drum_floats():
    d = 400.0
    rows = [(500, 200 + j * d, 200, "x", d, 1000) for j in range(3)]
    rows.append((500, 200 + d, 400 + 150, "z", 400, 300))   # on the middle top line only
    v = verify(load_of(rows))
    assert len(v) == 1 and "step 3" in v[0] and "barely carried" in v[0]


def test_lying_drum_rolls_off_one_side():
    # two lying drums on the floor with a gap; an upper drum touching only one of them
    d = 500.0
    rows = [(500, 600, 250, "x", d, 1000), (500, 1600, 250, "x", d, 1000)]
    z = 250 + math.sqrt(d * d - 250.0**2)  # touching the first, offset 250 sideways
    rows.append((500, 850, z, "x", d, 1000))
    v = verify(load_of(rows))
    assert len(v) == 1 and "roll" in v[0] and "step 2" in v[0]
    # the same against the wall: held by the wall
    rows = [(500, 500, 250, "x", d, 1000), (500, 250, z, "x", d, 1000)]
    assert check(load_of(rows)).notes == [] and verify(load_of(rows)) == []
    # 1 mm from the wall: held, with a note
    rows = [(500, 501, 250, "x", d, 1000), (500, 251, z, "x", d, 1000)]
    rep = check(load_of(rows))
    assert rep.violations == [] and "lean on a wall or a neighbour (steps 1)" in rep.notes[0]
    # held by a standing neighbour 1.5 mm away, level with its centre
    rows = [(500, 600, 250, "x", d, 1000), (500, 850, z, "x", d, 1000),
            (500, 850 + 250 + 1.5 + 300, 600, "z", 600, 1200)]
    rep = check(load_of(rows))
    assert rep.violations == [] and "(steps 1)" in rep.notes[0]
    # ... but not from 3 mm away
    rows[2] = (500, 850 + 250 + 3 + 300, 600, "z", 600, 1200)
    v = verify(load_of(rows))
    assert len(v) == 1 and "roll" in v[0] and "step 1" in v[0]
    # ... nor by a short neighbour that does not reach its centre height
    rows[2] = (500, 850 + 250 + 300, 200, "z", 600, 400)
    v = verify(load_of(rows))
    assert len(v) == 1 and "roll" in v[0] and "step 1" in v[0]


def test_lying_drum_hanging_over_end():
    # lying along x on one standing drum, tipping off its end
    rows = [(300, 300, 300, "z", 600, 600), (1000, 300, 900, "x", 600, 1200)]
    v = verify(load_of(rows))
    assert len(v) == 1 and "drum 'S' at step 1" in v[0] and "would tip or roll" in v[0], v


def test_overweight():
    rows = columns_20gp()
    rows = [r[:6] + (400.0, "D200") for r in rows]  # 80 x 400 kg = 32 t > 28.18 t
    v = verify(load_of(rows))
    assert len(v) == 1 and "maximum payload" in v[0] and "32,000.0 kg" in v[0]


def test_outside():
    rows = [(C20.length - 200, 300, 300, "z", 600, 600), (300, -1, 300, "z", 600, 600 + 1e-3)]
    v = verify(load_of(rows))
    assert len([s for s in v if "sticks out" in s]) == 2
    assert any("step 0" in s and "beyond 5896" in s for s in v)
    # too tall
    v = verify(load_of([(300, 300, 1250, "z", 600, 2500)]))
    assert any("sticks out" in s and "z to" in s for s in v)


def test_wrong_axis_and_layers():
    drums = [Drum("D200", D, H, W, quantity=80, orientations="z", max_layers=1)]
    v = verify(load_of(columns_20gp()), drums)
    assert len([s for s in v if "layer 2" in s]) == 40
    drums = [Drum("D200", D, H, W, quantity=96, orientations="zy")]
    v = verify(load_of(lying_wall_to_wall()), drums)
    assert len(v) == 51  # capped at MAX_MESSAGES, plus one summary line
    assert "not allowed" in v[0] and "'x'" in v[0]
    assert v[-1].endswith("and 46 more axis violation(s)")
    drums = [Drum("D200", D, H, W, quantity=96, orientations="x", max_layers=3)]
    v = verify(load_of(lying_wall_to_wall()), drums)
    assert len(v) == 24 and all("layer 4" in s for s in v)


def test_too_big_for_the_door():
    c = Container("lowdoor", 6000, 2350, 2393, 2000, 2000, 2000, 28000)
    d = 2100.0
    rows = [(d / 2, 2350 / 2, d / 2, "z", d, 2100)]
    v = verify(load_of(rows, container=c))
    assert len(v) == 1 and "door" in v[0] and "step 0" in v[0]
    # fits lying: 2100 long, 1900 round
    rows = [(1050, 2350 / 2, 950, "x", 1900, 2100)]
    assert verify(load_of(rows, container=c)) == []
    assert bool(passes_door(1900, 2100, 2000, 2000))
    assert not bool(passes_door(2100, 1900, 2000, 2000))
    assert bool(passes_door(1000, 2300, 2340, 2274))


def test_nan_and_bad_values():
    rows = [(np.nan, 300, 300, "z", 600, 600), (900, 300, 300, "z", 600, 600)]
    v = verify(load_of(rows))
    assert len(v) == 1 and "non-finite" in v[0] and "step 0" in v[0]
    rows = [(300, 300, 300, "z", 600, 600, -1.0)]
    assert any("negative weight" in s for s in verify(load_of(rows)))
    rows = [(300, 300, 300, "q", 600, 600)]
    assert any("invalid axis" in s for s in verify(load_of(rows)))


def test_counts_steps_destinations():
    p = make_placements([[300, 300, 300], [900, 300, 300]], "z", sku="A", diameter=600,
                        height=600, destination="Shanghai", step=[3, 3])
    v = verify(ContainerLoad("20GP", p, 1, ("Shenzhen",)))
    assert any("more than its upper bound 1" in s for s in v)
    assert any("step 3 is used by more than one drum" in s for s in v)
    assert sum("not among the container's destinations" in s for s in v) == 2


def test_conservation_with_drums():
    p = make_placements([[300, 300, 300], [900, 300, 300]], "z", sku="A", diameter=600,
                        height=600, destination="X")
    plan = LoadPlan([ContainerLoad("20GP", p, 2, ("X",))], [Unplaced("A", "X", 3, "no room")])
    assert verify(plan, [Drum("A", 600, 600, quantity=5, destination="X")]) == []
    v = verify(plan, [Drum("A", 600, 600, quantity=6, destination="X")])
    assert v == ["plan: sku 'A' for 'X': 2 placed + 3 unplaced != 6 ordered"]
    v = verify(plan, [Drum("A", 600, 601, quantity=5, destination="X")])
    assert len(v) == 2 and all("different from its drum type" in s for s in v)
    v = verify(plan, [Drum("B", 600, 600, quantity=5, destination="X")])
    assert any("not in the order" in s for s in v)


def test_board_layers():
    t = 18.0
    rows = columns_20gp(layers=1)
    rows += [(x, y, z + H + t, a, d, h, w, s) for (x, y, z, a, d, h, w, s) in columns_20gp(1)]
    v = verify(load_of(rows))
    assert len(v) == 40 and all("floats: nothing carries it" in s for s in v)
    # a note no longer makes a board: boards are data
    assert len(verify(load_of(rows, notes=("layer boards of 18 mm between layers",)))) == 40
    board = lp.model.make_boards([[0, 10 * D, 0, 4 * D]], z=H, thickness=t)
    assert verify(load_of(rows, boards=board)) == []


def test_board_over_a_pocket():
    d, h, t = 400.0, 500.0, 18.0
    rows = [(d / 2 + i * d, d / 2 + j * d, h / 2, "z", d, h) for i in range(2) for j in range(2)]
    rows.append((d, d, h + t + 100, "z", 300, 200))  # over the pocket of four, on a board
    board = lp.model.make_boards([[0, 2 * d, 0, 2 * d]], z=h, thickness=t)
    assert verify(load_of(rows, boards=board)) == []
    v = verify(load_of(rows))
    assert len(v) == 1 and "floats" in v[0] and "step 4" in v[0]
    # a board does not carry a drum beyond the drums under it
    rows[-1] = (d + 500, d, h + t + 100, "z", 300, 200)
    v = verify(load_of(rows, boards=lp.model.make_boards([[0, 2000, 0, 2 * d]], h, t)))
    assert any("step 4" in s and "floats" in s for s in v)


def test_cross_stacked_lying_drums():
    # two drums lying across (y) on the floor, one lying along (x) across both
    rows = [(300, 600, 300, "y", 600, 1000), (900, 600, 300, "y", 600, 1000),
            (600, 600, 900, "x", 600, 1200)]
    rep = check(load_of(rows))
    assert rep.violations == [] and rep.notes == []
    # on one of them only, centred over it: crossing point under the centre, but the
    # contacts span nothing of its length
    rows = [(700, 600, 300, "y", 600, 1000), (700, 600, 900, "x", 600, 1200)]
    v = verify(load_of(rows))
    assert len(v) == 1 and "barely carried" in v[0]


def multi_drop_load(rows, stops=("Surabaya", "Shanghai")):
    p = np.zeros(len(rows), dtype=lp.model.PLACEMENT_DTYPE)
    for i, (x, y, z, dest) in enumerate(rows):
        p[i] = ("S", x, y, z, "z", 600, 600, 10.0, dest, i)
    return ContainerLoad("20GP", p, len(rows), stops)


def test_multi_drop_order():
    # first stop (Surabaya) nearest the doors: fine
    good = [(300, 300, 300, "Shanghai"), (900, 300, 300, "Surabaya"),
            (300, 300, 900, "Shanghai"), (900, 300, 900, "Surabaya"),
            (300, 900, 300, "Shanghai")]
    assert verify(multi_drop_load(good)) == []
    # swapped: Surabaya's drums are behind Shanghai's
    bad = [(300, 300, 300, "Surabaya"), (900, 300, 300, "Shanghai")]
    v = verify(multi_drop_load(bad))
    assert len(v) == 1 and "step 0 for 'Surabaya' (stop 1) is blocked" in v[0]
    assert "between it and the doors" in v[0]
    # a later stop's drum on top of the first stop's
    bad = [(300, 300, 300, "Surabaya"), (300, 300, 900, "Shanghai")]
    v = verify(multi_drop_load(bad))
    assert len(v) == 1 and "rests on it" in v[0]
    # side by side in other lanes does not block
    ok = [(300, 300, 300, "Surabaya"), (900, 900, 300, "Shanghai")]
    assert verify(multi_drop_load(ok)) == []


def test_bad_argument():
    with pytest.raises(ValueError, match="LoadPlan or a ContainerLoad"):
        verify([1, 2])


def test_empty_load_and_plan():
    assert verify(ContainerLoad("20GP", [], 0, ())) == []
    assert verify(LoadPlan([], [])) == []


def test_6000_drums_fast():
    # ~7,100 standing drums in two 40HC (columns, and layers offset by 60 mm)
    d, h = 240.0, 300.0
    c = CONTAINERS["40HC"]
    loads = []
    for shift in (0.0, 60.0):
        rows = []
        for k in range(int(c.height // h)):
            off = shift if k % 2 else 0.0
            for i in range(int((c.length - shift) // d)):
                for j in range(int(c.width // d)):
                    rows.append((d / 2 + off + i * d, d / 2 + j * d, h / 2 + k * h, "z", d, h, 1.0))
        loads.append(load_of(rows, container=c))
    plan = LoadPlan(loads, [])
    assert plan.placed_count > 6000
    assert verify(plan) == []  # its speed is measured in benchmarks/bench_verify.py


# ----------------------------------------------------------------------------
# twins
# ----------------------------------------------------------------------------
def test_candidate_pairs_match_brute_force(rng):
    for n in (0, 1, 2, 30, 300):
        lo = rng.uniform(0, 100, (n, 3))
        hi = lo + rng.uniform(0.1, 12, (n, 3))
        i, j = candidate_pairs(lo, hi, 0.5)
        got = {tuple(sorted(t)) for t in zip(i.tolist(), j.tolist())}
        assert len(got) == len(i)  # no duplicates
        want = {(a, b) for a in range(n) for b in range(a + 1, n)
                if np.all(lo[a] - 0.5 <= hi[b] + 0.5) and np.all(lo[b] - 0.5 <= hi[a] + 0.5)}
        assert got == want


def test_candidate_pairs_chunked(rng):
    lo = rng.uniform(0, 5, (200, 3))
    hi = lo + 3
    a = candidate_pairs(lo, hi, 0.0, chunk=7)
    b = candidate_pairs(lo, hi, 0.0)
    assert sorted(zip(*map(np.ndarray.tolist, a))) == sorted(zip(*map(np.ndarray.tolist, b)))


def test_lens_area_against_shapely(rng):
    from shapely.geometry import Point

    for _ in range(50):
        r1, r2 = rng.uniform(0.5, 2, 2)
        dd = rng.uniform(0, 4)
        exact = lens_area(r1, r2, dd)
        poly = Point(0, 0).buffer(r1, quad_segs=512).intersection(Point(dd, 0).buffer(r2, quad_segs=512))
        assert exact == pytest.approx(poly.area, rel=1e-4, abs=1e-6)


def _inside(pt, cyl, grow=0.0):
    """Point in the cylinder (x, y, z, axis, d, h), grown by ``grow``."""
    c = np.array(cyl[:3], dtype=float)
    k = "xyz".index(cyl[3])
    rel = np.asarray(pt, dtype=float) - c
    radial = np.delete(rel, k)
    return abs(rel[k]) <= cyl[5] / 2 + grow and radial @ radial <= (cyl[4] / 2 + grow) ** 2


def _project(pt, cyl):
    """Euclidean projection onto a cylinder: interval x disc, separable."""
    c = np.array(cyl[:3], dtype=float)
    k = "xyz".index(cyl[3])
    rel = np.asarray(pt, dtype=float) - c
    out = rel.copy()
    out[k] = min(max(rel[k], -cyl[5] / 2), cyl[5] / 2)
    others = [a for a in range(3) if a != k]
    rad = rel[others]
    nr = math.hypot(*rad)
    if nr > cyl[4] / 2:
        rad = rad * (cyl[4] / 2 / nr)
    out[others] = rad
    return c + out


def _distance_twin(a, b, iters=4000):
    """Distance between two cylinders by alternating projections (Cheney-Goldstein)."""
    x = np.array(a[:3], dtype=float)
    dist = np.inf
    for _ in range(iters):
        y = _project(x, b)
        x2 = _project(y, a)
        dist = float(np.linalg.norm(x2 - y))
        if np.linalg.norm(x2 - x) < 1e-12:
            break
        x = x2
    return dist


def _slice_twin(a, b, steps=4001):
    """Intersect the two solids slice by slice along every axis direction (brute force)."""
    for c_axis in range(3):
        lo = max(a[c_axis] - max(a[4], a[5]), b[c_axis] - max(b[4], b[5]))
        hi = min(a[c_axis] + max(a[4], a[5]), b[c_axis] + max(b[4], b[5]))
        if lo > hi:
            return False
    # slice along the axis perpendicular to both axes (the shared disc coordinate)
    ka, kb = "xyz".index(a[3]), "xyz".index(b[3])
    c = 3 - ka - kb
    ts = np.linspace(min(a[c], b[c]) - 20, max(a[c], b[c]) + 20, steps)
    for t in ts:
        boxes = []
        for cyl, k in ((a, ka), (b, kb)):
            r = cyl[4] / 2
            s2 = r * r - (t - cyl[c]) ** 2
            if s2 < 0:
                boxes = None
                break
            ext = [0.0, 0.0, 0.0]
            ext[k] = cyl[5] / 2
            other = 3 - k - c
            ext[other] = math.sqrt(s2)
            boxes.append(ext)
        if boxes is None:
            continue
        if all(abs(a[m] - b[m]) <= boxes[0][m] + boxes[1][m] for m in range(3) if m != c):
            return True
    return False


def _sampling_twin(a, b, rng, n=4000, shrink=TOL / 2):
    """Random points of A (shrunk); True if one also lies in B (shrunk): proof of overlap."""
    k = "xyz".index(a[3])
    r = a[4] / 2 - shrink
    rad = r * np.sqrt(rng.uniform(0, 1, n))
    ang = rng.uniform(0, 2 * np.pi, n)
    ax = rng.uniform(-a[5] / 2 + shrink, a[5] / 2 - shrink, n)
    pts = np.zeros((n, 3))
    others = [m for m in range(3) if m != k]
    pts[:, k] = ax
    pts[:, others[0]] = rad * np.cos(ang)
    pts[:, others[1]] = rad * np.sin(ang)
    pts += np.array(a[:3], dtype=float)
    bk = "xyz".index(b[3])
    rel = pts - np.array(b[:3], dtype=float)
    bo = [m for m in range(3) if m != bk]
    inb = (np.abs(rel[:, bk]) <= b[5] / 2 - shrink) & \
        (rel[:, bo[0]] ** 2 + rel[:, bo[1]] ** 2 <= (b[4] / 2 - shrink) ** 2)
    return bool(inb.any())


cyl_strategy = st.tuples(
    st.floats(-6, 6), st.floats(-6, 6), st.floats(-6, 6),
    st.sampled_from("xyz"), st.floats(0.5, 8), st.floats(0.5, 8),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=cyl_strategy, b=cyl_strategy, seed=st.integers(0, 2**32 - 1))
def test_overlap_against_twins(a, b, seed):
    rng = np.random.default_rng(seed)
    claim = cylinders_overlap(a, b)
    # the test is symmetric
    assert cylinders_overlap(b, a) == claim
    # a common sampled point proves overlap
    if _sampling_twin(a, b, rng):
        assert claim
    # overlapping even when shrunk by 0.5: the true intersection holds a ball of
    # radius 0.5, which dense sampling finds (miss probability < e^-20)
    if cylinders_overlap(a, b, tol=1.0):
        assert _sampling_twin(a, b, rng, n=20000)
    # robust cases (same answer with the solids grown or shrunk by 0.02) must agree
    # with the brute-force slice twin and with the distance twin
    grown = cylinders_overlap(a, b, tol=-0.04)
    shrunk = cylinders_overlap(a, b, tol=0.04)
    if grown == shrunk:
        if a[3] != b[3]:
            assert _slice_twin(a, b) == claim
        dist = _distance_twin(a, b)
        if claim:
            assert dist < 1e-6
        else:
            assert dist > 1e-4


@settings(max_examples=100, deadline=None)
@given(a=cyl_strategy, b=cyl_strategy)
def test_perpendicular_pairs_against_slice_twin(a, b):
    if a[3] == b[3]:
        b = b[:3] + ({"x": "y", "y": "z", "z": "x"}[a[3]],) + b[4:]
    if cylinders_overlap(a, b, tol=-0.04) == cylinders_overlap(a, b, tol=0.04):
        assert _slice_twin(a, b) == cylinders_overlap(a, b)


def test_perpendicular_known_cases():
    z = (0.0, 0.0, 0.0, "z", 2.0, 2.0)
    # x-cylinder passing just over the top: touching, not overlapping
    assert not cylinders_overlap(z, (0.0, 0.0, 2.0, "x", 2.0, 4.0))
    assert cylinders_overlap(z, (0.0, 0.0, 2.0 - 1e-3, "x", 2.0, 4.0))
    # end cap of an x-cylinder against the round side of the z-cylinder
    assert not cylinders_overlap(z, (2.0, 0.0, 0.0, "x", 2.0, 2.0))
    assert cylinders_overlap(z, (2.0 - 1e-3, 0.0, 0.0, "x", 2.0, 2.0))
    # diagonal: bounding boxes overlap, solids do not (round edges)
    assert not cylinders_overlap(z, (1.65, 1.65, 1.65, "y", 2.0, 2.0))
    # vectorised form agrees with the scalar one
    res = pair_overlaps((np.zeros((2, 3)), np.array([2, 2]), np.ones(2), np.ones(2)),
                        (np.array([[0, 0, 2.0], [0, 0, 1.9]]), np.array([0, 0]), np.ones(2),
                         np.array([2.0, 2.0])))
    assert res.tolist() == [False, True]


def test_pile_of_drums_is_condemned_quickly():
    n = 2100  # ~2.2 million close pairs: beyond PAIR_LIMIT
    p = make_placements(np.tile([[300.0, 300.0, 300.0]], (n, 1)), "z", sku="A", diameter=600,
                        height=600)
    v = verify(ContainerLoad("20GP", p, n, (None,)))
    assert sum(" overlaps drum " in s for s in v) == 50
    assert len(v) == 50 + 2
    assert v[-2].endswith("more overlap violation(s)")
    assert "support, layers and stops were not checked" in v[-1]


@pytest.mark.parametrize("d,h,axes", [(585, 880, "z"), (585, 880, "zxy"), (380, 600, "zx")])
def test_fill_results_verify(d, h, axes):
    drum = Drum("T", d, h, 20.0, orientations=axes)
    load = lp.fill(drum, "20GP")
    assert load.count > 0
    assert verify(load, [drum]) == []


@pytest.mark.parametrize("far", [1e308, -1e308, 1e18])
def test_absurd_coordinates_still_checked_without_warnings(far):
    # a hand-edited plan: one drum thrown far away must not hide an overlap nor
    # make NumPy warn (pytest turns warnings into errors)
    rows = columns_20gp(layers=1)
    rows += [(far, 300.0, H / 2, "z", D, H, W, "D200"), rows[0]]  # far away; a copy of drum 0
    v = verify(load_of(rows, upper_bound=80))
    assert any("sticks out" in line and "step 40" in line for line in v), v
    assert any("step 0 (standing) overlaps" in line and "step 41" in line for line in v), v


def test_straight_stack_fast_path_agrees_with_the_per_drum_rule(rng):
    from loadplan.verification.arrays import LoadArrays
    from loadplan.verification.contacts import contacts, group_by
    from loadplan.verification.lying import lying_problem, straight_stacked

    rows = lying_wall_to_wall(high=3)
    # some upper drums shifted along the axis (still over the drum below, or barely)
    rows = [(x + (rng.uniform(-500, 500) if z > D else 0.0), y, z, a, d, h, w, s)
            for (x, y, z, a, d, h, w, s) in rows]
    q = load_of(rows).placements
    arrays = LoadArrays.of(q, [C20.length, C20.width, C20.height])
    n = len(rows)
    u, w = np.nonzero(~np.eye(n, dtype=bool))
    c = contacts(arrays, u, w)
    fast = straight_stacked(arrays, u[c], w[c])
    by = group_by(u[c], w[c], n)
    slow = np.array([bool(by[i].size) and lying_problem(arrays, i, by[i])
                     == (None, "straight") for i in range(n)])
    assert fast.sum() > 10 and (fast == slow).all()


def test_solids_shrunk_to_nothing_meet_nothing():
    # hypothesis found it: with tol larger than the diameter both radii are negative,
    # and their sum squared passed the distance test
    a = (0, 0.5, 0, "x", 0.5, 2.0)
    b = (0, 1e-12, 0, "x", 0.5, 1.0)
    assert not cylinders_overlap(a, b, tol=1.0)
    assert not cylinders_overlap(a, (0, 0, 0, "z", 0.5, 1.0), tol=1.0)
    assert cylinders_overlap(a, (0, 0.3, 0, "x", 0.5, 1.0), tol=0.2)  # 0.2 apart, radii 0.15
