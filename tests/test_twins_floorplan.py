"""The two-lane floor-plan kernel against its pure-Python twin (tests/naive_floorplan.py)."""

from __future__ import annotations

import numpy as np

import naive_floorplan as naive
from loadplan.kernels.floorplan import two_lane_plan


def _run(items, L, W):
    """The kernel on ``items`` as ``(length, width, value)``: its value and arrangement."""
    lengths = sorted({it[0] for it in items})
    pos, nxt, window = naive.position_table(lengths, L)
    out = two_lane_plan(nxt, window, np.array([lengths.index(it[0]) for it in items], dtype=np.int64),
                        np.array([it[1] for it in items], dtype=np.float64),
                        np.array([it[2] for it in items], dtype=np.int64), float(W))
    placed = [(int(lane), float(pos[p]), float(pos[p]) + items[i][0], items[i][1])
              for i, lane, p in out[1:]]
    return int(out[0, 0]), placed, [items[i][2] for i, _, _ in out[1:]]


RNG_SEED = 11801060  # conftest's rng fixture draws this file's cases from this seed


def test_interlock_found():
    # lying along x (1060 long, 1180 wide) beside lying across (1180 long, 1060 wide)
    items = [(1060.0, 1180.0, 2), (1180.0, 1060.0, 2)]
    value, placed, _ = _run(items, 4480.0, 2352.0)
    assert value == 16  # two periods of 2240 mm, four stacks of two each
    assert naive.valid(placed, 2352.0, 4480.0)


def test_kernel_matches_exhaustive_search(rng):
    for _ in range(30):
        d, h = float(rng.uniform(500, 1000)), float(rng.uniform(500, 1000))
        W = float(rng.uniform(1.0, 3.2)) * max(d, h)
        L = float(rng.uniform(1.2, 2.6)) * max(d, h)
        items = []
        for _ in range(int(rng.integers(1, 4))):
            ln = d if rng.random() < 0.5 else h
            w = float(rng.uniform(0.3, 1.0)) * W
            items.append((ln, w, int(rng.integers(1, 6))))
        value, placed, values = _run(items, L, W)
        assert value == naive.best_value(items, L, W), (items, L, W)
        assert sum(values) == value
        assert naive.valid(placed, W, L)
