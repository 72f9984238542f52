"""Lying drums on standing tops (kernels/tops.py, contact_supported) against the twin
written from the definition (tests/naive_contact.py): both outputs, the verdict and the
key, on random cases and on cases a tenth of the margin either side of each margin."""

from __future__ import annotations

import numpy as np
import pytest

import naive_contact as naive
from loadplan.kernels.tops import contact_supported

HAIR = naive.HAIR


def _both(centre, axis, h, tops, keys, r, span):
    tops = np.array(tops, dtype=np.float64).reshape(-1, 2)
    keys = np.array(keys, dtype=np.float64)
    got = contact_supported(np.array(centre, dtype=np.float64), axis, h, tops, keys, r, span)
    want = naive.contact_supported(list(centre), axis, h, tops.tolist(), keys.tolist(), r, span)
    return (bool(got[0]), float(got[1])), want


def test_contact_matches_twin_on_random_tops(rng):
    carried = 0
    for _ in range(400):
        r = float(rng.uniform(100, 400))
        h = float(rng.uniform(100, 1500))
        centre = rng.uniform(500, 1500, size=2)
        # tops around the drum, some under it
        tops = centre + rng.uniform(-1.2, 1.2, size=(int(rng.integers(0, 8)), 2)) * [h, 2 * r]
        keys = rng.uniform(0, 100, size=len(tops))
        axis = int(rng.integers(0, 2))
        if axis == 1:
            tops = tops[:, ::-1] + (centre[::-1] - centre)
        got, want = _both(centre, axis, h, tops, keys, r, 0.5 * h)
        assert got == want
        carried += got[0]
    assert 20 < carried < 380


@pytest.mark.parametrize("axis", [0, 1])
def test_contact_margins(axis):
    r, h, span = 100.0, 400.0, 200.0
    a, b = 1000.0, 500.0
    centre = (a, b) if axis == 0 else (b, a)

    def top(along, across):
        return (along, across) if axis == 0 else (across, along)

    def verdict(tops, keys=None):
        keys = [float(k) for k in range(len(tops))] if keys is None else keys
        got, want = _both(centre, axis, h, tops, keys, r, span)
        assert got == want, (tops, got, want)
        return got

    # two tops under the ends: carried; the key is the larger one's
    ends = [top(a - 150.0, b), top(a + 150.0, b)]
    assert verdict(ends, [3.0, 7.0]) == (True, 7.0)
    # a top whose rim the line grazes (less than a hair inside) touches nothing
    eps = HAIR / 10
    assert verdict([top(a, b + r - HAIR + eps)], [5.0]) == (False, -1e300)
    assert verdict([top(a, b + r - HAIR - eps)], [5.0])[1] == 5.0
    # reach past the centre: one top whose contact ends a hair, or less, past the centre
    # (the drum then rests on it alone; the span is no question with a span of r)
    for shift, ok in ((HAIR + eps, True), (HAIR - eps, False)):
        for side in (-1.0, 1.0):
            got, want = _both(centre, axis, h, [top(a + side * (shift - r), b)], [1.0], r, r)
            assert got == want and got[0] is ok, (shift, side)
    # the span: two tops under the middle, their contact just longer or shorter than span
    for extra, ok in ((HAIR + eps, True), (HAIR - eps, False)):
        half = (span + extra) / 2
        tops = [top(a - half + r, b), top(a + half - r, b)]
        assert verdict(tops)[0] is ok, extra
