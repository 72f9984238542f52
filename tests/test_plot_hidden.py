"""Shapes nobody can see are not drawn: hidden outlines in the top/side views, inner caps in 3D."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from loadplan import plot
from loadplan.model import PLACEMENT_DTYPE, ContainerLoad
from loadplan.plot.view_3d import covered_caps
from loadplan.plot.views import seen_mask


def _drums(rows):
    """Placements from (sku, axis, x, y, z, diameter, height) rows."""
    p = np.zeros(len(rows), PLACEMENT_DTYPE)
    for i, (sku, axis, x, y, z, d, h) in enumerate(rows):
        p[i]["sku"], p[i]["axis"] = sku, axis
        p[i]["x"], p[i]["y"], p[i]["z"], p[i]["diameter"], p[i]["height"] = x, y, z, d, h
    p["step"] = np.arange(len(p))
    return p


def _stacks():
    """Standing drums 3 high in a 4 x 3 grid, and lying drums end to end on top of part of it."""
    rows = [("S", "z", 300 + 600 * i, 300 + 600 * j, 400 + 800 * k, 600, 800)
            for i, j, k in itertools.product(range(4), range(3), range(3))]
    rows += [("L", "x", 400 + 800 * i, 300, 2700, 600, 800) for i in range(3)]
    return _drums(rows)


def _load(p):
    return ContainerLoad("20GP", p, upper_bound=len(p), destinations=(None,))


# ------------------------------------------------------------------- seen_mask
def test_a_stack_seen_from_above_is_its_top_drum():
    p = _drums([("A", "z", 500, 500, 400 + 800 * k, 600, 800) for k in range(3)])
    np.testing.assert_array_equal(seen_mask(p, "xy"), [False, False, True])
    # from the side the three are different outlines
    np.testing.assert_array_equal(seen_mask(p, "xz"), [True, True, True])


def test_rows_seen_from_the_side_are_the_last_drawn():
    # same x and z, different y: one outline from the side, three from above
    p = _drums([("A", "z", 500, 300 + 600 * j, 400, 600, 800) for j in range(3)])
    np.testing.assert_array_equal(seen_mask(p, "xz"), [False, False, True])
    np.testing.assert_array_equal(seen_mask(p, "xy"), [True, True, True])


def test_a_different_outline_is_kept():
    p = _drums([("A", "z", 500, 500, 400, 600, 800),   # under a wider drum: a different outline
                ("B", "z", 500, 500, 1200, 700, 800),
                ("C", "x", 500, 500, 2000, 700, 800)])  # lying: a rectangle from above
    assert seen_mask(p, "xy").all()
    assert seen_mask(p[:0], "xy").shape == (0,)


def _slow_seen(p, plane):
    """From the definition: drum i is hidden iff a later drum has the very same outline."""
    shapes = plot.views._shapes(p, plane)
    return np.array([not any(np.allclose(shapes[i], shapes[j], atol=1e-7)
                             for j in range(i + 1, len(p))) for i in range(len(p))])


@pytest.mark.parametrize("plane", ["xy", "xz"])
def test_seen_mask_matches_the_definition(plane):
    rng = np.random.default_rng(7)
    rows = [(str(rng.integers(2)), "zxy"[rng.integers(3)], 300 * rng.integers(1, 4),
             300 * rng.integers(1, 4), 400 * rng.integers(1, 4), 600, 800) for _ in range(60)]
    p = _drums(rows)
    mask = seen_mask(p, plane)
    assert 0 < mask.sum() < len(p)
    np.testing.assert_array_equal(mask, _slow_seen(p, plane))


@pytest.mark.parametrize("func", [plot.top_view, plot.side_view])
def test_hidden_false_draws_the_same_picture_with_fewer_shapes(func):
    load = _load(_stacks())

    def picture(hidden):
        fig = Figure(figsize=(6, 3), dpi=100)
        ax = fig.add_subplot()
        func(load, ax=ax, hidden=hidden, legend=False, title=False)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        drums = max(ax.collections, key=lambda c: len(c.get_paths()))
        return np.asarray(canvas.buffer_rgba()).astype(int), len(drums.get_paths())

    every, n_every = picture(True)
    seen, n_seen = picture(False)
    assert n_every == load.count
    plane = "xy" if func is plot.top_view else "xz"
    assert n_seen == int(seen_mask(_ordered(load, plane), plane).sum()) < load.count
    diff = np.abs(every - seen).max(axis=2)
    assert (diff > 64).mean() < 0.005  # only anti-aliased edge pixels drawn once, not 3 times


def _ordered(load, plane):
    p = load.placements
    if plane == "xy":
        top = p["z"] + np.where(p["axis"] == "z", p["height"], p["diameter"]) / 2
        return p[np.lexsort((p["y"], p["x"], top))]
    return p[np.lexsort((p["z"], p["x"], -p["y"]))]


# ------------------------------------------------------------------- covered caps
def _slow_caps(p):
    """From the definition: a cap is covered iff a like drum's opposite cap is the same disc."""
    out = np.zeros((len(p), 2), dtype=bool)
    for i, j in itertools.permutations(range(len(p)), 2):
        a, b = p[i], p[j]
        if a["axis"] != b["axis"] or a["diameter"] != b["diameter"]:
            continue
        w = str(a["axis"])
        if any(a[k] != b[k] for k in "xyz" if k != w):
            continue
        if np.isclose(a[w] - a["height"] / 2, b[w] + b["height"] / 2):
            out[i, 0] = True
        if np.isclose(a[w] + a["height"] / 2, b[w] - b["height"] / 2):
            out[i, 1] = True
    return out


def test_caps_inside_stacks_and_rows():
    p = _stacks()
    caps = covered_caps(p)
    np.testing.assert_array_equal(caps, _slow_caps(p))
    standing = p["axis"] == "z"
    level = np.round((p["z"] - 400) / 800)
    np.testing.assert_array_equal(caps[standing, 0], level[standing] > 0)   # on another drum
    np.testing.assert_array_equal(caps[standing, 1], level[standing] < 2)   # under another drum
    lying = ~standing  # three end to end along x: the inner ends only
    np.testing.assert_array_equal(caps[lying], [[False, True], [True, True], [True, False]])


def test_caps_with_a_gap_or_another_size_stay():
    p = _drums([("A", "z", 500, 500, 400, 600, 800), ("A", "z", 500, 500, 1201, 600, 800),
                ("A", "z", 1500, 500, 400, 600, 800), ("A", "z", 1500, 500, 1200, 590, 800)])
    assert not covered_caps(p).any()
    assert covered_caps(p[:0]).shape == (0, 2)


def test_caps_match_the_definition_on_random_piles():
    rng = np.random.default_rng(11)
    rows = [("A", "zxy"[rng.integers(3)], 400 * rng.integers(1, 4), 400 * rng.integers(1, 4),
             400 * rng.integers(1, 6), 600 + 100 * rng.integers(2), 800) for _ in range(80)]
    p = _drums(rows)
    caps = covered_caps(p)
    assert caps.any() and not caps.all()
    np.testing.assert_array_equal(caps, _slow_caps(p))
