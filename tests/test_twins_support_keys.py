"""raise_support_keys against its all-pairs twin, on real fills and on random boxes."""

from __future__ import annotations

import numpy as np
import pytest

import naive_support_keys as naive
from loadplan.filling import layout_block
from loadplan.kernels.support_keys import raise_support_keys

CODE = {"x": 0, "y": 1, "z": 2}


def _both(centres, axes, d, h, keys):
    codes = np.array([CODE[a] for a in axes], dtype=np.int64)
    fast = raise_support_keys(np.ascontiguousarray(centres, dtype=np.float64), codes, d, h,
                              np.asarray(keys, dtype=np.float64))
    slow = naive.raise_support_keys(centres.tolist(), list(axes), d, h, list(keys))
    return fast, np.array(slow)


@pytest.mark.parametrize("d, h, box", [
    (500, 2029.5, (5896, 2350, 2393)),      # lying drums on standing ones (the [robust] case)
    (585, 880, (5896, 2350, 2393)),         # 200 L drums, mixed axes
    (320, 600, (3000, 2350, 2392)),
])
def test_keys_on_fills_match_the_twin(d, h, box, rng):
    centres, axes = layout_block(d, h, *box)
    keys = rng.integers(0, 5, size=centres.shape[0]).astype(np.float64)
    fast, slow = _both(centres, axes, d, h, keys)
    assert fast.tolist() == slow.tolist()
    assert (fast >= keys).all()


def test_keys_on_random_drums_match_the_twin(rng):
    for _ in range(20):
        n = int(rng.integers(2, 40))
        d, h = float(rng.uniform(100, 600)), float(rng.uniform(100, 900))
        centres = rng.uniform(0, 1500, size=(n, 3))
        centres[:, 2] = rng.choice([d / 2, h / 2, d / 2 + h, 1.5 * d], size=n)
        axes = rng.choice(list("xyz"), size=n)
        keys = rng.integers(0, 10, size=n).astype(np.float64)
        fast, slow = _both(centres, axes, d, h, keys)
        assert fast.tolist() == slow.tolist()


def test_a_drum_on_top_takes_the_key_of_the_one_below():
    centres = np.array([[250.0, 250.0, 300.0], [250.0, 250.0, 900.0]])
    fast, slow = _both(centres, ["z", "z"], 500.0, 600.0, [7.0, 1.0])
    assert fast.tolist() == slow.tolist() == [7.0, 7.0]
