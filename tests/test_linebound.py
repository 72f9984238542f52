"""The line-family bound ([fill-general] item 4, round 4): patterns against brute force, never
below a known packing, and what ``fill`` reports."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import loadplan as lp
from loadplan.filling.bound import axis_bound, block_upper_bound
from loadplan.filling.linebound import (chord_levels, line_patterns, line_upper_bound, line_weight,
                                        pattern_rows)

DATA = Path(__file__).resolve().parent / "data"


def brute_max(lengths: list[float], extent: float, values: np.ndarray) -> float:
    """The largest weight of any multiset of items fitting ``extent``: every count vector."""
    best = 0.0
    for counts in itertools.product(*[range(int(extent // ln) + 1) for ln in lengths]):
        if sum(c * ln for c, ln in zip(counts, lengths)) <= extent:
            best = max(best, float(np.dot(counts, values)))
    return best


def brute_maximal(lengths: list[float], extent: float, free: int) -> set[tuple[int, ...]]:
    """The count vectors that fit and to which no item from ``free`` on can be added."""
    out = set()
    for counts in itertools.product(*[range(int(extent // ln) + 1) for ln in lengths]):
        used = sum(c * ln for c, ln in zip(counts, lengths))
        if used <= extent and all(used + ln > extent for ln in lengths[free:]):
            out.add(tuple(counts))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_patterns_are_the_maximal_multisets_and_give_the_brute_force_maximum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    lengths = [float(v) for v in rng.uniform(300, 1300, size=int(rng.integers(2, 5)))]
    free = int(rng.integers(0, 2))
    extent = float(rng.uniform(1300, 3000))
    pats = line_patterns(lengths, extent, free)
    assert len(pats) == len(set(pats))
    assert set(pats) == brute_maximal(lengths, extent, free)
    # weights >= 0 except the free item's (a parallel segment's p - beta h may be < 0)
    values = rng.uniform(0, 1, size=len(lengths))
    if free:
        values[0] = rng.uniform(-1, 1)
    rows = np.asarray(pats, dtype=float)
    assert line_weight(rows, values) == pytest.approx(brute_max(lengths, extent, values), abs=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_pattern_rows_weigh_a_line_as_the_definition_does(seed: int) -> None:
    """Row @ (beta, p, a) = beta (E - j h) + j p + sum over chords of a_1 + ... + a_level."""
    rng = np.random.default_rng(seed)
    h, extent = float(rng.uniform(300, 1000)), float(rng.uniform(1500, 3000))
    lv = sorted(float(v) for v in rng.uniform(400, 1200, size=3))
    pats = line_patterns([h] + lv, extent, 1)
    rows = pattern_rows(pats, h, extent, True, len(lv))
    beta, p, a = rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0, 1, size=3)
    for pat, row in zip(pats, rows):
        want = beta * (extent - pat[0] * h) + pat[0] * p
        want += sum(cnt * a[:k + 1].sum() for k, cnt in enumerate(pat[1:]))
        assert row @ np.concatenate([[beta, p], a]) == pytest.approx(want, abs=1e-9)


def test_levels_sit_just_above_where_chords_stop_fitting() -> None:
    lv = chord_levels(1040.0, 920.0, 2392.0, True)
    assert all(520.0 <= t < 1040.0 for t in lv)
    # two parallel segments leave 552 mm: a chord over 552 no longer fits beside them
    assert any(552.0 < t < 552.001 for t in lv)
    assert any(797.33 < t < 797.34 for t in lv)  # three chords over 2392 / 3


def _known(d: float, h: float, size: tuple[float, float, float]) -> int:
    """The best of simple sound packings: each axis in a square grid, and the box cut in two
    along x or y with a different axis in each part (a mixed packing)."""
    def grid(a: str, L: float, W: float, H: float) -> int:
        ext = {"x": (h, d, d), "y": (d, h, d), "z": (d, d, h)}[a]
        return math.prod(int(s // e) for s, e in zip((L, W, H), ext))

    L, W, H = size
    best = max(grid(a, L, W, H) for a in "xyz")
    for a, b in itertools.permutations("xyz", 2):
        for cut in np.linspace(0, L, 25):
            best = max(best, grid(a, cut, W, H) + grid(b, L - cut, W, H))
        for cut in np.linspace(0, W, 25):
            best = max(best, grid(a, L, cut, H) + grid(b, L, W - cut, H))
        for cut in np.linspace(0, H, 25):
            best = max(best, grid(a, L, W, cut) + grid(b, L, W, H - cut))
    return best


@settings(max_examples=80, deadline=None)
@given(d=st.floats(300, 1300), h=st.floats(250, 1300), rl=st.floats(1.0, 12.0),
       rw=st.floats(1.0, 2.99), rh=st.floats(1.0, 2.99))
def test_never_below_a_mixed_grid_packing_in_random_small_boxes(d: float, h: float, rl: float,
                                                              rw: float, rh: float) -> None:
    size = (rl * max(d, h), rw * d, rh * d)  # W and H under 3 d: the bound runs
    ub = line_upper_bound(d, h, *size, "xyz")
    assume(ub is not None)
    assert ub >= _known(d, h, size)


def _fills() -> list[tuple[str, float, float]]:
    rows = [json.loads(line) for line in (DATA / "fills.jsonl").read_text().splitlines() if line.strip()]
    out = [(r["container"], float(r["diameter"]), float(r["height"])) for r in rows]
    rng = np.random.default_rng(4)
    for _ in range(24):  # big drums, where the bound runs
        out.append((str(rng.choice(["20GP", "40GP", "40HC", "45HC"])), float(rng.integers(800, 1301)),
                    float(rng.integers(250, 1301))))
    return out


@pytest.mark.parametrize("case", _fills(), ids=lambda c: f"{c[0]}-{c[1]:g}x{c[2]:g}")
def test_never_below_what_fill_places_and_fill_reports_the_smaller(case: tuple) -> None:
    cont, d, h = case
    c = lp.CONTAINERS[cont]
    load = lp.fill(lp.Drum("B", d, h), c)
    size = (float(c.length), float(c.width), float(c.height))
    ub = line_upper_bound(d, h, *size, "zxy")
    if ub is not None:
        assert ub >= load.count
    old = block_upper_bound(d, h, *size, "zxy")
    assert load.upper_bound <= old
    assert load.upper_bound >= load.count
    assert lp.verify(load) == []


def test_fill_bound_is_tighter_where_a_short_line_bites() -> None:
    load = lp.fill(lp.Drum("B", 1040, 920), "40GP")
    assert block_upper_bound(1040, 920, 12032, 2350, 2392, "zxy") == 86
    assert load.upper_bound == 84
    assert load.count == 52
    # one axis only: the per-axis bound stays (the line bound is not asked)
    one = lp.fill(lp.Drum("B", 1040, 920, orientations="x"), "40GP")
    assert one.upper_bound == axis_bound("x", 1040, 920, 12032, 2350, 2392)


def test_no_short_family_means_no_line_bound() -> None:
    assert line_upper_bound(570, 550, 13556, 2347, 2696, "zxy") is None
    assert line_upper_bound(1040, 920, 12032, 2350, 2392, "") is None
