"""Splits of a box's length (kernels/splits.py) against the twin written from the definition
(tests/naive_splits.py), compared on every row of the output, every column."""

from __future__ import annotations

import numpy as np
import pytest

import naive_splits as naive
from loadplan.kernels.splits import split_candidates


def _cases(rng):
    yield 5896.0, 2350.0, 2393.0, 585.0, 880.0, "zxy", 0, True, True
    yield 2400.0, 2350.0, 2393.0, 585.0, 880.0, "zxy", 2, True, False
    for _ in range(6):
        d = float(rng.uniform(500, 1100))
        h = float(rng.uniform(300, 1300))
        axes = ["zxy", "zx", "zy", "xy", "z", "x", "y"][int(rng.integers(0, 7))]
        walls = bool(rng.integers(0, 2)), bool(rng.integers(0, 2))
        yield (float(rng.uniform(1500, 6000)), 2350.0, float(rng.uniform(2000, 2700)), d, h, axes,
               int(rng.integers(0, 4)), *walls)


def test_split_candidates_whole_output_matches_twin(rng):
    for L, W, H, d, h, axes, ml, w0, w1 in _cases(rng):
        got = split_candidates(L, W, H, d, h, "z" in axes, "x" in axes, "y" in axes, ml, w0, w1)
        want = np.array(naive.split_candidates(L, W, H, d, h, axes, ml, w0, w1), dtype=np.float64)
        assert got.shape == want.shape, (L, H, d, h, axes, ml)
        np.testing.assert_array_equal(got, want, err_msg=str((L, H, d, h, axes, ml, w0, w1)))


def test_split_candidates_known_best():
    # the 200 L drum in a 20GP: 96 lying along x (6 sections of 16), then a 616 mm strip
    # standing 4 a layer, 2 layers high, with 2 drums lying across on their tops
    got = split_candidates(5896.0, 2350.0, 2393.0, 585.0, 880.0, True, True, True, 0, True, True)
    assert got[:, 0].max() == 106
    best = got[int(np.argmax(got[:, 0]))]
    assert best[1:].tolist() == pytest.approx([6.0, 0.0, 2.0, 2.0, 2.0, 96.0, 0.0])


def test_across_lengths_of_the_definition():
    d = 100.0
    # a short rest: every breakpoint up to the rest, the rest itself first
    assert naive.across_lengths(350.0, d, True) == [0.0, 350.0, 100.0, 150.0, 200.0, 250.0,
                                                   300.0, 350.0]
    assert naive.across_lengths(350.0, d, False) == [0.0]
    assert naive.across_lengths(99.0, d, True) == [0.0]
    # a long one: the breakpoints of the 5 first and the 5 last whole diameters
    got = naive.across_lengths(2000.0, d, True)
    assert got == [0.0, 2000.0] + [a * d + s for a in range(1, 6) for s in (0.0, 50.0)] + [
        a * d + s for a in range(16, 21) for s in (0.0, 50.0)][:-1]
