"""The overlap-energy kernels give bit-identical results to the plain all-pairs version.

``tests/naive_relax.py`` is the stage as first written (every pair in every energy), run
as plain Python; the kernels must reproduce its doubles exactly (``==`` on the bytes, not
``isclose``): the neighbour list may skip work, never change a sum.
"""

from __future__ import annotations

import numpy as np
import pytest

import naive_relax as naive
from loadplan.kernels import relax


def _pairs_brute(x, reach):
    n = x.size // 2
    return [(i, j) for i in range(n) for j in range(i + 1, n)
            if (x[2 * i] - x[2 * j]) ** 2 + (x[2 * i + 1] - x[2 * j + 1]) ** 2 < reach * reach]


def _lists(n):
    """Empty neighbour-list arrays ``(ref, starts, js)``: ``ref`` full of inf forces a build."""
    return np.full(2 * n, np.inf), np.zeros(n + 1, dtype=np.int64), np.zeros(max(n * (n - 1) // 2, 1), dtype=np.int64)


def _listed(starts, js, n):
    return [(i, int(js[t])) for i in range(n) for t in range(starts[i], starts[i + 1])]


def test_the_list_holds_the_close_pairs_in_loop_order(rng):
    big = 1.0 + 1e-6
    for n in (1, 2, 7, 30):
        x = rng.uniform(0.0, 4.0, 2 * n)
        ref, starts, js = _lists(n)
        relax.energy_grad_listed(x, 4.0, 4.0, big, np.zeros(2 * n), ref, starts, js)
        assert _listed(starts, js, n) == _pairs_brute(x, big + relax.SKIN)
        assert ref.tobytes() == x.tobytes()


def test_the_list_is_rebuilt_only_after_a_move_of_half_the_skin(rng):
    n = 12
    big = 1.0
    x = rng.uniform(0.0, 4.0, 2 * n)
    ref, starts, js = _lists(n)
    g = np.zeros(2 * n)
    relax.energy_grad_listed(x, 4.0, 4.0, big, g, ref, starts, js)
    moved = x.copy()
    moved[5] += 0.5 * relax.SKIN - 1e-3  # under the limit: the list stays
    relax.energy_grad_listed(moved, 4.0, 4.0, big, g, ref, starts, js)
    assert ref.tobytes() == x.tobytes()
    assert _listed(starts, js, n) == _pairs_brute(x, big + relax.SKIN)
    moved[7] -= 0.5 * relax.SKIN  # at the limit: rebuilt at the new point
    relax.energy_grad_listed(moved, 4.0, 4.0, big, g, ref, starts, js)
    assert ref.tobytes() == moved.tobytes()
    assert _listed(starts, js, n) == _pairs_brute(moved, big + relax.SKIN)


def test_listed_energy_is_the_all_pairs_energy_bit_for_bit(rng):
    big = 1.0 + 1e-6
    for _ in range(20):
        n = int(rng.integers(2, 25))
        ref_x = rng.uniform(-0.2, 4.2, 2 * n)
        ref, starts, js = _lists(n)
        relax.energy_grad_listed(ref_x, 4.0, 3.0, big, np.zeros(2 * n), ref, starts, js)
        # any point within the rebuild limit of the reference: the list is kept
        x = ref_x + rng.uniform(-1, 1, 2 * n) * (0.5 * relax.SKIN - 1e-6) / np.sqrt(2.0)
        g1, g2 = np.zeros(2 * n), np.zeros(2 * n)
        e1 = relax.energy_grad_listed(x, 4.0, 3.0, big, g1, ref, starts, js)
        assert ref.tobytes() == ref_x.tobytes()
        e2 = naive.energy_grad(x, 4.0, 3.0, big, g2)
        assert e1 == e2 and g1.tobytes() == g2.tobytes()
        assert relax.energy_grad(x, 4.0, 3.0, big, g1) == e2 and g1.tobytes() == g2.tobytes()


def test_lbfgs_is_the_plain_lbfgs_bit_for_bit(rng):
    big = 1.0 + 1e-6
    for _ in range(8):
        n = int(rng.integers(2, 9))
        x = rng.uniform(0.3, 2.9, 2 * n)  # crowded: large first moves rebuild the list
        fast, slow = x.copy(), x.copy()
        e_fast = relax.lbfgs(fast, 3.2, 2.6, big, 400, 8)
        e_slow = naive.lbfgs(slow, 3.2, 2.6, big, 400, 8)
        assert e_fast == e_slow and fast.tobytes() == slow.tobytes()
    # memory 2: the history wraps around many times
    x = rng.uniform(0.3, 3.9, 14)
    fast, slow = x.copy(), x.copy()
    assert relax.lbfgs(fast, 4.2, 3.0, big, 300, 2) == naive.lbfgs(slow, 4.2, 3.0, big, 300, 2)
    assert fast.tobytes() == slow.tobytes()


@pytest.mark.parametrize(
    "L, W, d, start, found",
    [
        (820.0, 820.0, 400.0, [[200, 200], [600, 200], [200, 600]], True),  # the 4th fits
        (820.0, 820.0, 400.0, [[200, 200], [600, 200], [200, 600], [600, 600]], False),
        (1300.0, 700.0, 400.0, [[200, 200], [600, 200], [1000, 200], [400, 500]], None),  # crowded start
        (1250.0, 1000.0, 400.0, [[200, 200], [600, 200], [200, 600], [600, 600], [1000, 400]], None),
    ],
)
def test_add_one_circle_is_the_plain_version_bit_for_bit(L, W, d, start, found):
    pts = np.array(start, dtype=float)
    for seed in (1, 2):
        fast = relax.add_one_circle(pts, L, W, d, 12, seed)
        slow = naive.add_one_circle(pts, L, W, d, 12, seed)
        assert fast.shape == slow.shape and fast.tobytes() == slow.tobytes()
        if found is not None:
            assert (fast.shape[0] == len(start) + 1) is found
