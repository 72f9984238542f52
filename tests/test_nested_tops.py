"""Lying drums nested between two below them: left out with what carries them."""

from __future__ import annotations

import math

import numpy as np

import loadplan as lp
from loadplan.model import Drum
from loadplan.planner.recipes import drop_unsupported


def test_nested_lying_drum_goes_with_a_carrier():
    r = 105.0
    z2 = r + 2 * r * math.sin(math.pi / 3)  # nested between two: bottom below their tops
    centres = np.array([[125.0, r, r], [125.0, 3 * r, r], [125.0, 2 * r, z2],
                        [125.0, 5 * r, r]])
    axes = np.array(["x", "x", "x", "x"])
    drum = Drum("T", 2 * r, 250.0, 2.0)
    keep = drop_unsupported(centres, axes, drum, np.array([True, False, False, False]))
    assert keep.tolist() == [False, True, False, True]
    keep = drop_unsupported(centres, axes, drum, np.array([False, False, False, True]))
    assert keep.tolist() == [True, True, True, False]  # side by side: nothing rests on it


def test_mix_with_nested_tops_verifies():
    """A six-type mix whose boarded tops lost a carrier of a nested row (a drum left
    floating before the fix); the plan must pass verify."""
    spec = [(180, 300, 1.5, 122), (500, 600, 20.0, 154), (210, 250, 2.0, 125),
            (585, 880, 30.0, 37), (320, 600, 6.0, 147), (460, 700, 14.0, 114)]
    drums = [Drum(f"T{d}x{h}", float(d), float(h), w, quantity=q) for d, h, w, q in spec]
    p = lp.plan(drums, containers=("40GP",))
    assert p.violations == ()
    assert lp.verify(p, drums) == []
    assert sum(l.count for l in p.loads) + p.unplaced_count == sum(q for *_, q in spec)
