"""Mixed orders through stack recipes: Blitar, conservation, verify, the MILP vs brute force."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loadplan as lp
from loadplan.containers import CONTAINERS
from loadplan.io import read_order
from loadplan.model import Drum
from loadplan.planner.optimise import fill_one, lp_scale
from loadplan.planner.recipes import BOARD_THICKNESS, columns
from loadplan.planner.sizes import Line
from plan_asserts import conserved

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COSTS = {"20GP": 1800, "40GP": 2600, "40HC": 2800}


def blitar():
    return read_order(EXAMPLES / "blitar_djembe.csv")


def test_blitar_one_40gp_per_city():
    drums = blitar()
    p = lp.plan(drums, containers=("40GP",))
    conserved(p, drums)
    assert [l.container.name for l in p.loads] == ["40GP", "40GP"]
    assert p.unplaced_count == 0
    assert sorted(l.destinations for l in p.loads) == [("Shanghai",), ("Shenzhen",)]
    assert [b.lower_bound for b in p.container_bounds] == [1, 1]
    assert any(len(l.boards) for l in p.loads)


def test_blitar_with_costs_is_two_40gp():
    drums = blitar()
    p = lp.plan(drums, costs=COSTS)
    conserved(p, drums)
    assert [l.container.name for l in p.loads] == ["40GP", "40GP"]
    assert p.cost == 5200


def test_boards_are_under_what_they_carry():
    drums = [d for d in blitar() if d.destination == "Shanghai"]
    p = lp.plan(drums, containers=("40GP",))
    load = p.loads[0]
    pl = load.placements
    assert load.boards.shape[0] >= 1
    for b in load.boards:
        top = b["z"] + b["thickness"]
        assert b["thickness"] == BOARD_THICKNESS
        on = pl[(np.abs(pl["z"] - np.where(pl["axis"] == "z", pl["height"], pl["diameter"]) / 2
                        - top) < 1e-6) & (pl["x"] >= b["x0"]) & (pl["x"] <= b["x1"])]
        assert on.shape[0] > 0
        under = pl[(np.abs(pl["z"] + pl["height"] / 2 - b["z"]) < 1e-6) & (pl["axis"] == "z")
                   & (pl["x"] >= b["x0"]) & (pl["x"] <= b["x1"])]
        assert under.shape[0] > 0
        # heavy on light: what stands on a board is never heavier than what carries it
        assert on["weight"].max() <= under["weight"].min()


def test_stops_without_multi_drop_is_refused():
    with pytest.raises(ValueError, match="stops"):
        lp.plan([Drum("A", 500, 800, quantity=3, destination="X")], stops=["X"])


def test_switches_must_be_bools():
    with pytest.raises(ValueError, match="heavy_on_light"):
        lp.plan([Drum("A", 500, 800, quantity=3)], heavy_on_light="yes")
    with pytest.raises(ValueError, match="verify"):
        lp.plan([Drum("A", 500, 800, quantity=3)], verify=1)


def test_plan_records_drums_and_verdict():
    drums = [Drum("A", 500, 800, weight=30, quantity=40), Drum("B", 300, 400, weight=5,
                                                              quantity=90)]
    p = lp.plan(drums)
    assert p.drums == tuple(drums)
    assert p.violations == ()
    assert lp.plan(drums, verify=False).violations is None


def test_heavy_on_light_switch_changes_the_columns():
    c = CONTAINERS["40GP"]
    lines = [Line(0, Drum("L", 320, 600, weight=2), 100), Line(1, Drum("H", 240, 400, weight=9), 100)]
    keys = {col.key for col in columns(lines, c)}
    # the light type L never carries H; H (5 layers fit) carries L over 5, 4 or 3 layers
    assert {k for k in keys if k[0] == 0} == {(0, 0, -1)}
    assert {k for k in keys if k[0] == 1} == {(1, 0, -1), (1, 5, 0), (1, 4, 0), (1, 3, 0)}
    keys = {col.key for col in columns(lines, c, heavy_on_light=True)}
    assert (0, 3, 1) in keys and (0, 2, 1) in keys


def test_max_load_limits_the_boarded_columns():
    c = CONTAINERS["40GP"]
    weak = Drum("W", 320, 600, weight=10, max_load=15)
    lines = [Line(0, weak, 100), Line(1, Drum("T", 240, 400, weight=2), 100)]
    for col in columns(lines, c):
        base = col.parts[0]
        if col.board is None:
            continue
        n_floor = base.centres.shape[0] // col.key[1]
        load = (col.key[1] - 1) * 10 + 2 * col.parts[1].centres.shape[0] / n_floor
        assert load <= 15 + 1e-9


def _brute(cols, need, vol, wt, length, payload):
    """Best volume over every zone count vector (tiny instances only)."""
    a = np.zeros((need.shape[0], len(cols)), dtype=np.int64)
    f = np.zeros_like(a)
    for j, col in enumerate(cols):
        for p in col.parts:
            a[p.line, j] += p.centres.shape[0]
            if not p.trimmable:
                f[p.line, j] += p.centres.shape[0]
    lens = np.array([col.length for col in cols])
    best = 0.0
    ranges = [range(int(length // l) + 1) for l in lens]
    for x in itertools.product(*ranges):
        x = np.array(x)
        if lens @ x > length + 1e-6 or (f @ x > need).any():
            continue
        y = np.minimum(need, a @ x)
        if wt @ y > payload + 1e-6:
            continue
        best = max(best, float(vol @ y))
    return best


def test_milp_matches_brute_force_on_tiny_instances(rng):
    c = lp.Container("T", 1500, 1000, 1200, 1000, 1200, 100, 2000)
    for _ in range(4):
        d1 = float(rng.integers(250, 450))
        d2 = float(rng.integers(200, 350))
        lines = [Line(0, Drum("A", d1, float(rng.integers(300, 600)), weight=9,
                              orientations=("z",)), 0),
                 Line(1, Drum("B", d2, float(rng.integers(250, 500)), weight=4,
                              orientations=("z",)), 0)]
        cols = [col for col in columns(lines, c, rows=(1, 2))][:6]
        need = np.array([int(rng.integers(1, 30)), int(rng.integers(1, 30))])
        vol = np.array([l.drum.diameter ** 2 * l.drum.height for l in lines])
        wt = np.array([9.0, 4.0])
        x, y = fill_one(cols, need, vol, wt, c.length, c.max_payload)
        assert float(vol @ y) == pytest.approx(_brute(cols, need, vol, wt, c.length,
                                                      c.max_payload), rel=1e-4)


def test_lp_scale_is_above_what_the_plan_fits():
    drums = [d for d in blitar() if d.destination == "Shanghai"]
    c = CONTAINERS["40GP"]
    lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
    q = np.array([d.quantity for d in drums])
    s = lp_scale(columns(lines, c), q, np.array([d.weight for d in drums]), c.length,
                 c.max_payload)
    assert 1.0 <= s < 1.2


mixed_st = st.lists(
    st.builds(lambda d, h, w, q, dest: Drum(f"S{int(d)}x{int(h)}w{w:g}", d, h, weight=w,
                                               quantity=q, destination=dest),
              st.sampled_from([180.0, 240.0, 320.0, 585.0]),
              st.sampled_from([300.0, 400.0, 600.0, 880.0]),
              st.sampled_from([1.5, 3.0, 6.0, 60.0]),
              st.integers(1, 400), st.sampled_from(["X", "Y"])),
    min_size=2, max_size=4)


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(mixed_st)
def test_random_mixed_orders_conserve_and_verify(drums):
    from independent import independent_problems  # tests/independent.py: written from the rules

    p = lp.plan(drums, containers=("20GP", "40GP"))
    conserved(p, drums)
    for load in p.loads:  # drop test; steps after supports and after what is nearer the nose
        assert independent_problems(load) == []
    for b in p.container_bounds:
        n = sum(1 for l in p.loads if l.destinations == b.destinations)
        assert b.lower_bound <= n


def _rests_on(p, i, j):
    """Whether drum i rests on drum j (directly, or on a board over it)."""
    def box(k):
        r, hh = p["diameter"][k] / 2, p["height"][k] / 2
        a = p["axis"][k]
        e = [hh if a == "x" else r, hh if a == "y" else r, hh if a == "z" else r]
        return [(p[f][k] - e[n], p[f][k] + e[n]) for n, f in enumerate("xyz")]
    bi, bj = box(i), box(j)
    over = all(min(bi[n][1], bj[n][1]) - max(bi[n][0], bj[n][0]) > 1e-6 for n in (0, 1))
    return over and 0 <= bi[2][0] - bj[2][1] <= BOARD_THICKNESS + 1e-6


def test_steps_come_after_what_a_drum_rests_on():
    # the case: a lying drum on top was loaded before the standing drum beneath it
    drums = [Drum("A", 500, 2029.5, 10, quantity=139)]
    p = lp.plan(drums)
    conserved(p, drums)
    pl = p.loads[0].placements
    lying = np.flatnonzero(pl["axis"] != "z")
    assert lying.size > 0
    for i in lying.tolist():
        for j in range(pl.shape[0]):
            if j != i and _rests_on(pl, i, j):
                assert pl["step"][j] < pl["step"][i]


def test_lines_of_one_size_pack_as_one_line():
    one = lp.plan([Drum("C", 585, 880, 220, quantity=200)], verify=False)
    many = lp.plan([Drum(f"C{i}", 585, 880, 220, quantity=1) for i in range(200)])
    assert len(many.loads) == len(one.loads)
    assert many.placed_count == 200 and many.violations == ()
    assert sorted(set(many.loads[0].placements["sku"].tolist()))[:2] == ["C0", "C1"]
    assert all(many.placed_by(f"C{i}") == 1 for i in range(200))


def test_unplaceable_lines_of_one_size_listed_per_sku():
    drums = [Drum("BIG1", 2500, 3000, quantity=2), Drum("BIG2", 2500, 3000, quantity=3)]
    p = lp.plan(drums)
    assert sorted((u.sku, u.quantity) for u in p.unplaced) == [("BIG1", 2), ("BIG2", 3)]


def test_recipe_plan_never_worse_than_greedy(rng):
    from loadplan.planner.greedy import objective, plan_group
    from loadplan.planner.mixed import best_plan

    c = [CONTAINERS["20GP"], CONTAINERS["40GP"]]
    for _ in range(3):
        k = int(rng.integers(2, 4))
        lines = [Line(i, Drum(f"T{i}", float(rng.choice([180, 240, 320, 460])),
                              float(rng.choice([300, 400, 600])), weight=float(6 - i)), 0)
                 for i in range(k)]
        lines = [Line(l.index, l.drum, int(rng.integers(50, 600))) for l in lines]
        a = objective(plan_group(lines, c, None), None)
        b = objective(best_plan(lines, c, None), None)
        assert b <= a


def test_lower_bound_is_met_by_a_single_type_plan():
    drums = [Drum("C", 585, 880, 220, quantity=1000)]
    p = lp.plan(drums, containers=("40GP",))
    (b,) = p.container_bounds
    assert b.lower_bound <= len(p.loads)
    # payload: 220 t over 26.73 t per 40GP
    assert b.lower_bound >= 9 and "payload" in b.basis


def test_multi_drop_with_recipes_keeps_the_stop_rules():
    drums = [Drum("A", 320, 600, 6.0, quantity=300, destination="P"),
             Drum("B", 180, 300, 1.5, quantity=900, destination="P"),
             Drum("C", 240, 400, 3.0, quantity=500, destination="Q"),
             Drum("D", 180, 300, 1.5, quantity=600, destination="Q")]
    p = lp.plan(drums, containers=("40GP",), multi_drop=True, stops=["P", "Q"])
    conserved(p, drums)
    for load in p.loads:
        b = load.boards
        pl = load.placements
        for row in b:  # a board and what it carries belong to one stop
            on = pl[(pl["x"] >= row["x0"]) & (pl["x"] <= row["x1"])
                    & (pl["z"] > row["z"])]
            under = pl[(pl["x"] >= row["x0"]) & (pl["x"] <= row["x1"]) & (pl["z"] < row["z"])]
            assert len(set(on["destination"].tolist()) | set(under["destination"].tolist())) == 1


def test_fits_n_splits_exactly_and_agrees_with_fits_one(rng):
    from loadplan.planner.optimise import fits_n, fits_one

    c = lp.Container("T", 1500, 1000, 1200, 1000, 1200, 100, 2000)
    lines = [Line(0, Drum("A", 300, 500, weight=9, orientations=("z",)), 0),
             Line(1, Drum("B", 220, 300, weight=4, orientations=("z",)), 0)]
    cols = columns(lines, c, rows=(1, 2, 3))
    wt = np.array([9.0, 4.0])
    for _ in range(4):
        need = np.array([int(rng.integers(5, 40)), int(rng.integers(5, 60))])
        one = fits_one(cols, need, wt, c.length, c.max_payload)
        got1 = fits_n(cols, need, wt, c.length, c.max_payload, 1)
        assert (one is None) == (got1 is None)
        got = fits_n(cols, need, wt, c.length, c.max_payload, 2)
        if got is not None:
            xs, ys = got
            assert (ys.sum(axis=0) == need).all()
            lens = np.array([col.length for col in cols])
            assert (xs @ lens <= c.length + 1e-6).all()
