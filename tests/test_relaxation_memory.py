"""relaxation.least_length remembers its over-the-limit answers (speed round 7)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize

from loadplan.containers import CONTAINERS
from loadplan.model import Drum
from loadplan.planner import mixed, relaxation
from loadplan.planner.optimise import fits_n, fits_one, min_length
from loadplan.planner.relaxation import least_length, over_limit

C40 = CONTAINERS["40GP"]
DRUMS = (Drum("T585", 585, 880, 30.0, quantity=60), Drum("T180", 180, 300, 1.5, quantity=400))
NEED = np.array([300, 2000])  # over one 40GP in the recipe LP, within two


@pytest.fixture
def pool():
    mixed.forget()
    yield mixed.cached_pool(DRUMS, C40, False, tuple(NEED.tolist()))
    mixed.forget()


def no_lp(*a, **k):
    raise AssertionError("an LP was solved")


def test_an_answer_over_the_limit_is_remembered_for_the_same_list(pool, monkeypatch):
    res, _, _ = least_length(pool, NEED, C40.length)
    assert res.fun > C40.length  # over one container
    assert over_limit.cache_info() == 1
    fresh = relaxation._least(list(pool), NEED, C40.length, None)[0]
    assert fresh.fun == res.fun  # what the memory holds is what a fresh run gives
    monkeypatch.setattr(scipy.optimize, "linprog", no_lp)
    assert least_length(pool, NEED, C40.length)[0] is res
    assert min_length(pool, NEED, C40.length) == res.fun
    # another list (even with the same columns), need or limit: solved, not remembered
    with pytest.raises(AssertionError, match="^an LP was solved$"):
        least_length(list(pool), NEED, C40.length)
    with pytest.raises(AssertionError, match="^an LP was solved$"):
        least_length(pool, NEED + 1, C40.length)
    with pytest.raises(AssertionError, match="^an LP was solved$"):
        least_length(pool, NEED, 2 * C40.length)


def test_an_answer_within_the_limit_is_not_remembered(pool):
    res, _, _ = least_length(pool, NEED, 3 * C40.length)
    assert res.fun <= 3 * C40.length
    assert over_limit.cache_info() == 0


def test_the_class_and_forget_clear_it(pool):
    least_length(pool, NEED, C40.length)
    assert over_limit.cache_info() == 1
    type(over_limit).cache_clear()  # as bench_mixed_speed clears every cache it finds
    assert over_limit.cache_info() == 0
    least_length(pool, NEED, C40.length)
    mixed.forget()
    assert over_limit.cache_info() == 0


def test_fits_one_then_the_door_fits_lp_ask_once(pool, monkeypatch):
    """``_last_bin``'s order: ``fits_one`` (LP over one container: None), then the door
    fit's ``min_length`` on the same pool: the second answer comes from the memory."""
    wt = np.array([d.weight for d in DRUMS])
    assert fits_one(pool, NEED, wt, C40.length, C40.max_payload) is None
    assert over_limit.cache_info() == 1
    monkeypatch.setattr(scipy.optimize, "linprog", no_lp)
    assert min_length(pool, NEED, C40.length) > C40.length
    assert fits_one(pool, NEED, wt, C40.length, C40.max_payload) is None
    monkeypatch.undo()
    two = fits_n(pool, NEED, wt, C40.length, C40.max_payload, 2)  # within 2 L: solved
    assert two is not None and (two[1].sum(axis=0) == NEED).all()
    assert over_limit.cache_info() == 1
