"""Tiered recipes: a second layer board over the top's standing layers (planner/tiers.py)."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loadplan as lp
from loadplan.containers import CONTAINERS
from loadplan.model import ContainerLoad, Drum
from loadplan.planner import mixed
from loadplan.planner.arrange import build_load
from loadplan.planner.lazy import resolve_all
from loadplan.planner.mixed import realise
from loadplan.planner.recipes import columns, column_at
from loadplan.planner.sizes import Line
from loadplan.planner.tiers import tier_columns, tier_keys, tiered
from plan_asserts import conserved

C40 = CONTAINERS["40GP"]
DRUMS = [Drum("A", 320, 600, 6.0, quantity=2000), Drum("B", 240, 400, 3.0, quantity=2000),
         Drum("C", 180, 300, 1.5, quantity=3000)]
LINES = [Line(i, d, d.quantity) for i, d in enumerate(DRUMS)]
KEY = (0, 2, 1, 2, 2)  # 2 x A, board, 2 x B, board, C


def _counts(col, n=3):
    return np.array([col.count(i) for i in range(n)])


def _load(cols, x, y, lines=LINES):
    b = realise(cols, np.asarray(x), np.asarray(y), lines, C40, itertools.count())
    return b, build_load(b, None, 0.05)


@pytest.mark.parametrize("length", [921.0, 3000.0, 12032.0])
def test_counted_drums_are_the_realised_drums_and_verify(length):
    col = tiered(KEY, LINES, C40, length)
    assert col is not None and len(col.parts) == 3 and len(col.boards()) == 2
    y = _counts(col)
    assert (y > 0).all()
    b, load = _load([col], [1], y)
    assert b.count == int(y.sum()) == load.count
    assert load.boards.shape[0] == 2
    for i, d in enumerate(DRUMS):
        assert int((load.placements["sku"] == d.sku).sum()) == y[i]
    assert lp.verify(load, DRUMS) == []
    # the second board lies on the top's highest layer, the third type on it
    z2 = float(load.boards["z"].max())
    assert z2 == pytest.approx(2 * 600 + 18 + 2 * 400)
    c = load.placements[load.placements["sku"] == "C"]
    low = np.where(c["axis"] == "z", c["height"], c["diameter"]) / 2.0
    assert float((c["z"] - low).min()) == pytest.approx(z2 + 18.0)


def test_steps_say_where_both_boards_go():
    col = tiered(KEY, LINES, C40, 3000.0)
    _, load = _load([col], [1], _counts(col))
    text = "\n".join(load.steps())
    assert "layer board 1 (18 mm)" in text and "layer board 2 (18 mm)" in text
    assert "at 1.20 m" in text and "at 2.02 m" in text


def test_a_trimmed_third_type_leaves_no_empty_board():
    col = tiered(KEY, LINES, C40, 3000.0)
    y = _counts(col)
    y[2] = 0
    b, load = _load([col], [1], y)
    assert load.boards.shape[0] == 1 and lp.verify(load, DRUMS) == []


def _broken(load: ContainerLoad, move) -> ContainerLoad:  # noqa: ANN001
    p = load.placements.copy()
    move(p)
    return dataclasses.replace(load, placements=p)


def test_verify_catches_a_third_type_drum_off_the_hull():
    col = tiered(KEY, LINES, C40, 3000.0)
    _, load = _load([col], [1], _counts(col))
    p = load.placements
    top = p["z"] + np.where(p["axis"] == "z", p["height"], p["diameter"]) / 2.0
    # the highest C drum of the lowest x moved past the last B drum (off the second
    # board's carriers, on no board)
    i = int(np.flatnonzero(p["sku"] == "C")[np.argmax(top[p["sku"] == "C"])])

    def move(q):
        q["x"][i] = float(load.boards["x1"].max()) + 200.0
        q["y"][i] = 100.0

    bad = lp.verify(_broken(load, move), DRUMS)
    assert any("floats" in v or "board" in v or "overlap" in v for v in bad), bad


def test_verify_catches_a_heavier_third_type_on_a_lighter_top():
    heavy = [DRUMS[0], DRUMS[1], dataclasses.replace(DRUMS[2], weight=5.0)]
    lines = [Line(i, d, d.quantity) for i, d in enumerate(heavy)]
    assert all(k[1][4] != 2 or k[1][2] != 1 for k in tier_keys(lines, C40))  # not listed
    col = tiered(KEY, lines, C40, 3000.0)  # built by hand, breaking the rule
    _, load = _load([col], [1], _counts(col), lines)
    bad = lp.verify(load, heavy)
    assert any("heavy on light" in v for v in bad), bad[:3]
    assert lp.verify(load, heavy, heavy_on_light=True) == []


@pytest.mark.parametrize("margin", [-1e-3, 1e-3])
def test_max_load_of_the_base_counts_both_tiers(margin):
    col = tiered(KEY, LINES, C40, 3000.0)
    y = _counts(col)
    n = col.parts[0].centres.shape[0] // 2  # drums under the first board
    carried = DRUMS[0].weight + (y[1] * DRUMS[1].weight + y[2] * DRUMS[2].weight) / n
    weak = [dataclasses.replace(DRUMS[0], max_load=carried * (1 + margin)), *DRUMS[1:]]
    lines = [Line(i, d, d.quantity) for i, d in enumerate(weak)]
    got = tiered(KEY, lines, C40, 3000.0)
    if margin < 0:
        assert got is None
    else:
        assert got is not None and (_counts(got) == y).all()
        _, load = _load([got], [1], y, lines)
        assert lp.verify(load, weak) == []


def test_max_load_layers_of_the_top_count_from_the_floor():
    # max_load 5 kg of a 3 kg drum: two layers of it from the floor (the model's rule)
    weak = [DRUMS[0], dataclasses.replace(DRUMS[1], max_load=5.0), DRUMS[2]]
    lines = [Line(i, d, d.quantity) for i, d in enumerate(weak)]
    assert tiered((0, 1, 1, 2, 2), lines, C40, 3000.0) is None
    assert all(k[1][1] + k[1][3] <= 2 for k in tier_keys(lines, C40) if k[1][2] == 1)


def test_max_layers_counts_through_both_boards():
    capped = [DRUMS[0], DRUMS[1], dataclasses.replace(DRUMS[2], max_layers=5)]
    lines = [Line(i, d, d.quantity) for i, d in enumerate(capped)]
    assert tiered(KEY, lines, C40, 3000.0) is not None  # C in layer 5 only
    assert tiered((0, 2, 1, 3, 2), lines, C40, 3000.0) is None  # layer 6: none allowed
    assert all(k[1][1] + k[1][3] < 5 for k in tier_keys(lines, C40) if k[1][4] == 2)


def test_yardstick_columns_are_the_model_only():
    model = columns(LINES, C40, budget=None)
    assert [c.key for c in columns(LINES, C40, budget=None, kinds="model")] == \
        [c.key for c in model]
    assert all(len(c.key) == 3 for c in model)
    rich = columns(LINES, C40, kinds="tiers")
    assert any(len(c.key) == 5 for c in rich)
    with pytest.raises(ValueError, match="kinds must be one of"):
        columns(LINES, C40, kinds="all")


def test_pending_tiers_bound_their_builds():
    need = (2000, 2000, 3000)
    pend = tier_columns(LINES, C40, need=need, lazy=True)
    assert pend
    built = resolve_all(pend)
    for p, col in zip(pend, built):
        if col is None:
            continue
        assert col.key == p.key
        for (line, n, fx), part in zip(p.bounds, col.parts):
            assert part.line == line and part.centres.shape[0] <= n
            assert (0 if part.trimmable else part.centres.shape[0]) >= fx
        ref = column_at(p.key, LINES, C40, p.slots[0])
        assert ref is not None and (_counts(ref) == _counts(col)).all()


SIZES = [(585, 880, 30.0), (500, 600, 20.0), (320, 600, 6.0), (180, 300, 1.5),
         (240, 400, 3.0), (460, 700, 14.0), (210, 250, 2.0), (360, 380, 7.0)]


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, len(SIZES) - 1), st.integers(20, 400)),
                min_size=3, max_size=4, unique_by=lambda t: t[0]))
def test_random_mixes_plan_soundly_and_never_worse(spec):
    drums = [Drum(f"T{SIZES[i][0]}x{SIZES[i][1]}", float(SIZES[i][0]), float(SIZES[i][1]),
                  weight=SIZES[i][2], quantity=q) for i, q in spec]
    plan = lp.plan(drums, containers=("40GP",))
    conserved(plan, drums)
    for load in plan.loads:
        assert lp.verify(load, drums) == []
    # without the tiered columns (the model's pools): never fewer containers
    saved = mixed.cached_pool, mixed.cached_columns
    try:
        mixed.forget()
        mixed.cached_pool = _model_pool
        model = lp.plan(drums, containers=("40GP",))
    finally:
        mixed.cached_pool, mixed.cached_columns = saved
        mixed.forget()
    assert len(plan.loads) <= len(model.loads)


def _model_pool(drums, container, heavy_on_light, need=None, kinds="model"):  # noqa: ANN001, ANN202
    return columns([Line(i, d, 0) for i, d in enumerate(drums)], container, heavy_on_light,
                   need=need, lazy=True, kinds="model")


def test_recipe_plan_falls_back_to_the_tiers_and_the_crew_gets_both_boards(monkeypatch):
    """Where the model's pool finds no fit (here: a pool of single-type zones only), the
    planner tries the pool with the tiered columns; the zone it realises has two boards."""
    col = tiered(KEY, LINES, C40, 12032.0)
    drums = [dataclasses.replace(d, quantity=int(n)) for d, n in zip(DRUMS, _counts(col))]
    lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
    real = mixed.cached_pool

    def singles(ds, container, hol, need=None, kinds="model"):  # noqa: ANN001, ANN202
        got = real(ds, container, hol, need, kinds)
        return [c for c in got if len(c.key) == 5 or c.key[1] == 0]

    mixed.forget()
    monkeypatch.setattr(mixed, "cached_pool", singles)
    try:
        bins = mixed.recipe_plan(lines, C40, [C40], None)
    finally:
        monkeypatch.undo()
        mixed.forget()
    assert bins is not None and len(bins) == 1
    load = build_load(bins[0], None, 0.05)
    assert load.count == sum(d.quantity for d in drums)
    assert load.boards.shape[0] >= 2 and lp.verify(load, drums) == []
    z = sorted(load.boards["z"].tolist())
    assert z[-1] > z[0] + 400.0  # a board above a board
    text = "\n".join(load.steps())
    assert "layer board 2" in text
