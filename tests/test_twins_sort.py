"""The small helper kernels (stable argsort, point bounds) against pure-Python twins.

Also run with NUMBA_DISABLE_JIT=1 (tests/test_nojit.py).
"""

from __future__ import annotations

import numpy as np

from loadplan.kernels import check, sort


def naive_argsort_stable(keys: list[float]) -> list[int]:
    """Indices by key, ties in index order (Python's sort is stable)."""
    return sorted(range(len(keys)), key=lambda i: keys[i])


def naive_bounds(pts: list[list[float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return min(xs), max(xs), min(ys), max(ys)


def test_argsort_stable_matches_twin(rng):
    for n in (0, 1, 2, 3, 7, 8, 9, 64, 257):
        for few in (False, True):
            # few distinct values: many ties, where stability shows
            keys = rng.integers(0, 4, n).astype(np.float64) if few else rng.normal(size=n)
            got = sort.argsort_stable(keys)
            assert got.dtype == np.int64
            assert got.tolist() == naive_argsort_stable(keys.tolist())
            assert got.tolist() == np.argsort(keys, kind="stable").tolist()


def test_point_bounds_matches_twin(rng):
    for n in (1, 2, 50):
        pts = rng.uniform(-100, 100, (n, 2))
        assert check.point_bounds(pts) == naive_bounds(pts.tolist())


def test_grid_cells_orders_points_by_cell_stably(rng):
    pts = rng.uniform(0, 1000, (300, 2))
    order, starts, nx, ny = check.grid_cells(pts, 100.0)
    xmin, _, ymin, _ = naive_bounds(pts.tolist())
    keys = [int((x - xmin) / 100.0) * ny + int((y - ymin) / 100.0) for x, y in pts.tolist()]
    assert order.tolist() == naive_argsort_stable(keys)
    for c in range(nx * ny):
        assert [keys[i] for i in order[starts[c]:starts[c + 1]]] == [c] * int(starts[c + 1] - starts[c])
