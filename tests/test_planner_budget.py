"""[mixed] work budget: recipe columns are built up to a count of builds, most promising first.

Counts of builds, never time: a budget is a number of layouts, the same on any machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import loadplan as lp
from loadplan.io import read_order
from loadplan.containers import CONTAINERS
from loadplan.model import Drum
from loadplan.planner import mixed, recipes
from loadplan.planner.optimise import SAFETY_SECONDS
from loadplan.planner.recipes import BUILD_BUDGET, build_order, columns
from loadplan.planner.sizes import Line

C40 = CONTAINERS["40GP"]
SHANGHAI = Path(__file__).resolve().parent.parent / "examples" / "blitar_djembe.csv"

DRUMS = [Drum("A", 585, 880, weight=60.0, quantity=120),
         Drum("B", 480, 700, weight=35.0, quantity=200),
         Drum("C", 380, 520, weight=20.0, quantity=260),
         Drum("D", 300, 420, weight=12.0, quantity=150)]


def _lines(drums):
    return [Line(i, d, 0) for i, d in enumerate(drums)]


def _sig(cols):
    return [(c.key, round(c.length, 6), tuple(p.centres.shape[0] for p in c.parts)) for c in cols]


@pytest.fixture(scope="module")
def unlimited():
    builds = []
    need = tuple(d.quantity for d in DRUMS)
    cols = columns(_lines(DRUMS), C40, need=need, budget=None, builds=builds)
    return need, cols, builds


def test_unlimited_work_is_more_than_the_small_budgets_tested(unlimited):
    _, cols, builds = unlimited
    assert len(builds) > 120
    assert len(cols) <= len(builds)


@pytest.mark.parametrize("budget", [1, 4, 30, 120])
def test_budget_is_respected_and_spent_in_build_order(unlimited, budget):
    need, full, all_builds = unlimited
    builds = []
    cols = columns(_lines(DRUMS), C40, need=need, budget=budget, builds=builds)
    assert len(builds) == budget
    assert builds == all_builds[:budget]  # the same work, cut: deterministic
    # every column built under the budget is one of the unlimited set, counted the same
    assert set(_sig(cols)) <= set(_sig(full))
    assert len(cols) <= budget


def test_single_type_zones_are_built_before_any_board(unlimited):
    _, _, builds = unlimited
    kinds = [key[1] == 0 for key, _ in builds]
    n_single = sum(kinds)
    assert kinds[:n_single] == [True] * n_single  # all singles first
    assert {key[0] for key, _ in builds[:n_single]} == {0, 1, 2, 3}


def test_boarded_recipes_most_layers_and_most_volume_first():
    need = tuple(d.quantity for d in DRUMS)
    order = [key for _, key in build_order(_lines(DRUMS), C40, need=need) if key[1] > 0]
    kmax = {i: recipes.stack_layers(d, C40.height) for i, d in enumerate(DRUMS)}
    drops = [kmax[i] - k for i, k, _ in order]
    assert drops == sorted(drops)
    vol = [d.diameter ** 2 * d.height * d.quantity for d in DRUMS]
    first = [(i, j) for i, k, j in order if kmax[i] - k == 0]
    assert [vol[i] for i, _ in first] == sorted((vol[i] for i, _ in first), reverse=True)


def test_a_budget_not_used_up_changes_nothing(unlimited):
    need, full, builds = unlimited
    cols = columns(_lines(DRUMS), C40, need=need, budget=len(builds))
    assert _sig(cols) == _sig(full)


def test_default_budget_and_safety_net_are_counts_and_generous():
    assert columns.__defaults__[-2] == BUILD_BUDGET
    assert isinstance(BUILD_BUDGET, int) and BUILD_BUDGET >= 100
    assert SAFETY_SECONDS >= 60.0


@pytest.mark.parametrize("budget", [8, 40])
def test_budgeted_plans_verify_and_conserve(monkeypatch, budget):
    drums = [d for d in read_order(SHANGHAI) if d.destination == "Shanghai"]
    calls = []

    def counted(*args, **kwargs):
        builds = []
        got = recipes.columns(*args, **dict(kwargs, budget=budget, builds=builds))
        calls.append(len(builds))
        return got

    monkeypatch.setattr(mixed, "columns", counted)
    mixed.forget()
    try:
        p = lp.plan(drums, containers=("40GP",))
    finally:
        mixed.forget()
    assert calls and max(calls) <= budget
    assert max(calls) == budget  # the budget did bind
    for d in drums:
        assert p.placed_by(d.sku, d.destination) + p.unplaced_by(d.sku, d.destination) \
            == d.quantity
    assert p.unplaced_count == 0
    assert p.violations == ()
    assert lp.verify(p, drums) == []
