"""Hole filling (kernels/holes.py) against the twin written from the definition
(tests/naive_holes.py): the whole output, every circle in order, compared."""

from __future__ import annotations

import math

import numpy as np

import naive_holes as naive
from loadplan.kernels.holes import compact_left, fill_holes
from loadplan.kernels.layout3d import floor_family


def _sparse(rng, length, width, d, n):
    """Up to ``n`` random circles that do not overlap (rejection sampling)."""
    pts = []
    for _ in range(20 * n):
        p = (float(rng.uniform(d / 2, length - d / 2)), float(rng.uniform(d / 2, width - d / 2)))
        if all(math.dist(p, q) >= d for q in pts):
            pts.append(p)
        if len(pts) == n:
            break
    return np.array(pts, dtype=np.float64).reshape(-1, 2)


def _same(got, want):
    assert got.shape == (len(want), 2)
    np.testing.assert_allclose(got, np.array(want, dtype=np.float64).reshape(-1, 2), rtol=0,
                               atol=1e-6)


def test_fill_holes_whole_output_matches_twin_on_random_circles(rng):
    for _ in range(25):
        d = float(rng.uniform(50, 300))
        length, width = d * float(rng.uniform(1.2, 8)), d * float(rng.uniform(1.2, 5))
        pts = _sparse(rng, length, width, d, int(rng.integers(0, 12)))
        rounds = int(rng.integers(1, 4))
        _same(fill_holes(pts, length, width, d, rounds),
              naive.fill_holes(pts.tolist(), length, width, d, rounds))


def test_fill_holes_whole_output_matches_twin_after_compaction(rng):
    # what the packer does: a lattice with holes, slid to the nose, then filled
    for _ in range(10):
        d = float(rng.uniform(80, 200))
        length, width = float(rng.uniform(600, 1500)), float(rng.uniform(400, 900))
        pts = floor_family(length, width, d)
        pts = np.ascontiguousarray(pts[rng.random(len(pts)) < 0.8])
        packed = compact_left(pts, d)
        _same(fill_holes(packed, length, width, d, 3),
              naive.fill_holes(packed.tolist(), length, width, d, 3))


def test_hole_order_is_x_then_y():
    pts = [(5.0, 1.0), (2.0, 9.0), (2.0, 3.0), (2.3, 0.0), (5.0, 1.0), (2.0 + 1e-12, 2.0)]
    assert naive.hole_order(pts, 10.0) == [5, 2, 1, 3, 0, 4]


def test_fill_holes_takes_the_lowest_x_first():
    # an empty 3d x 1d box: the corners (x = d/2 before x = 5d/2) in the first round, the
    # circle between them in the second
    d = 10.0
    got = fill_holes(np.zeros((0, 2)), 3 * d, d, d, 1)
    np.testing.assert_array_equal(got, [[5.0, 5.0], [25.0, 5.0]])
    got = fill_holes(np.zeros((0, 2)), 3 * d, d, d, 2)
    np.testing.assert_array_equal(got, [[5.0, 5.0], [25.0, 5.0], [15.0, 5.0]])
