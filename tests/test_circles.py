"""pack_circles and circle_bound: the reference bar, soundness, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loadplan as lp
from conftest import load_jsonl
from naive_circles import oler, single_family_best

CASES = load_jsonl("circles.jsonl")


def assert_sound(pts: np.ndarray, length: float, width: float, d: float) -> None:
    """Independent check: inside the rectangle, no two circles overlap."""
    assert pts.dtype == np.float64 and pts.ndim == 2 and pts.shape[1] == 2
    r = d / 2
    tol = 1e-6
    assert np.all(pts[:, 0] >= r - tol) and np.all(pts[:, 0] <= length - r + tol)
    assert np.all(pts[:, 1] >= r - tol) and np.all(pts[:, 1] <= width - r + tol)
    if len(pts) > 1:
        diff = pts[:, None, :] - pts[None, :, :]
        dist = np.sqrt((diff**2).sum(axis=2))
        np.fill_diagonal(dist, np.inf)
        assert dist.min() >= d - tol


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['case']}-{c['diameter']}")
def test_reference_cases_reach_target(case):
    L, W, d = case["length"], case["width"], case["diameter"]
    pts = lp.pack_circles(L, W, d)
    assert_sound(pts, L, W, d)
    assert len(pts) >= case["target"], "below the better of PackingSolver and the best single family"
    assert len(pts) <= lp.circle_bound(L, W, d)


def test_known_counts():
    # 10 x 10 square, unit circles: 106 (Lubachevsky & Graham), scaled to mm
    assert len(lp.pack_circles(10_000, 10_000, 1_000)) >= 106
    # 20GP floor: 200 L drums stand 4 x 10 = 40 a layer at least; Ø1170 -> 10 (optimal)
    assert len(lp.pack_circles(5896, 2350, 585)) >= 40
    assert len(lp.pack_circles(5896, 2350, 1170)) == 10 == lp.circle_bound(5896, 2350, 1170)
    # Ø1500 on a 20GP floor: zig-zag 4, optimal by the narrow-strip bound
    assert len(lp.pack_circles(5896, 2350, 1500)) == 4 == lp.circle_bound(5896, 2350, 1500)
    # 40GP floor, 200 L drum: 82 a layer (21 rows across with 4 staggers)
    assert len(lp.pack_circles(12032, 2350, 585)) >= 82


def test_random_cases_beat_single_families(rng):
    """Cases nobody tuned for: never below the classical single families."""
    for _ in range(25):
        L = float(rng.uniform(800, 9000))
        W = float(rng.uniform(600, 2700))
        d = float(rng.uniform(180, 1100))
        pts = lp.pack_circles(L, W, d)
        assert_sound(pts, L, W, d)
        assert len(pts) >= single_family_best(L, W, d), (L, W, d)
        assert len(pts) <= lp.circle_bound(L, W, d)


@settings(max_examples=40, deadline=None)
@given(
    length=st.floats(50, 8000),
    width=st.floats(50, 3000),
    diameter=st.floats(40, 3000),
)
def test_property_sound_and_bounded(length, width, diameter):
    pts = lp.pack_circles(length, width, diameter)
    assert_sound(pts, length, width, diameter)
    assert len(pts) <= lp.circle_bound(length, width, diameter)
    if diameter <= min(length, width):
        assert len(pts) >= 1


def test_same_input_same_output():
    a = lp.pack_circles(5896, 2350, 590)
    b = lp.pack_circles(5896, 2350, 590)
    assert a.tobytes() == b.tobytes()


def test_result_is_read_only():
    pts = lp.pack_circles(3000, 2000, 500)
    with pytest.raises(ValueError, match="read-only"):
        pts[0, 0] = 1.0


def test_circle_larger_than_rectangle_gives_empty():
    pts = lp.pack_circles(1000, 500, 600)
    assert pts.shape == (0, 2) and pts.dtype == np.float64
    assert lp.circle_bound(1000, 500, 600) == 0


@pytest.mark.parametrize("arg", ["length", "width", "diameter"])
@pytest.mark.parametrize("bad", [0, -1.0, math.nan, math.inf, -math.inf, "abc", None])
def test_bad_input_names_the_argument(arg, bad):
    kwargs = {"length": 5896.0, "width": 2350.0, "diameter": 585.0}
    kwargs[arg] = bad
    for fn in (lp.pack_circles, lp.circle_bound):
        with pytest.raises(ValueError, match=arg):
            fn(**kwargs)


def test_bound_is_oler_or_tighter(rng):
    for _ in range(200):
        L = float(rng.uniform(100, 14000))
        W = float(rng.uniform(100, 3000))
        d = float(rng.uniform(50, 1500))
        if d > min(L, W):
            continue
        assert lp.circle_bound(L, W, d) <= oler(L, W, d)


def test_narrow_strip_bound_is_tighter_than_oler():
    # W - d < d: the zig-zag bound
    assert lp.circle_bound(5896, 2350, 1500) < oler(5896, 2350, 1500)
