"""The 3-D layout kernels against their pure-Python twins (tests/naive_layout3d.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import naive_layout3d as naive
from loadplan.kernels import layout3d as k3

S3 = math.sqrt(3.0) / 2.0


RNG_SEED = 585880  # conftest's rng fixture draws this file's cases from this seed


def _small_section(rng):
    """A random cross-section small enough for the twin's full enumeration."""
    d = float(rng.uniform(100, 900))
    w = d * float(rng.uniform(0.9, 7.0))
    if rng.random() < 0.3:  # widths at a wall-touching breakpoint
        w = d * (int(rng.integers(1, 7)) + 0.5 * int(rng.integers(0, 2)))
    ht = d * float(rng.uniform(0.9, 5.2))
    rows = int(rng.integers(0, 5))
    return w, ht, d, rows, bool(rng.integers(0, 2)), bool(rng.integers(0, 2))


def test_lying_section_count_matches_full_enumeration(rng):
    for _ in range(60):
        w, ht, d, rows, wl, wr = _small_section(rng)
        want = naive.best_section(w, ht, d, rows, wl, wr)[0]
        assert k3.lying_section_count(w, ht, d, rows, wl, wr) == want, (w, ht, d, rows, wl, wr)


def test_lying_section_is_sound(rng):
    for _ in range(60):
        w, ht, d, rows, wl, wr = _small_section(rng)
        uv = k3.lying_section(w, ht, d, rows, wl, wr)
        assert uv.shape == (k3.lying_section_count(w, ht, d, rows, wl, wr), 2)
        pts = [tuple(p) for p in uv]
        assert all(d / 2 - 1e-6 <= u <= w - d / 2 + 1e-6 for u, _ in pts)
        assert all(d / 2 - 1e-6 <= v <= ht - d / 2 + 1e-6 for _, v in pts)
        for i in range(len(pts)):
            for j in range(i + 1, len(pts)):
                assert math.dist(pts[i], pts[j]) >= d - 1e-6
        assert all(naive.carried(pts, d, w, [True] * len(pts), wl, wr))
        if rows:
            assert len({round(v, 6) for _, v in pts}) <= rows


def test_lying_section_known_counts():
    # 200 L drum across a 20GP: rows of 4 wall to wall, four high
    assert k3.lying_section_count(2350.0, 2393.0, 585.0, 0, True, True) == 16
    # hex rows need the full d/2 offset: 3 + 2 + 3 in a 3d x (1 + sqrt3) d box
    d = 100.0
    assert k3.lying_section_count(3 * d, d * (1 + 2 * S3), d, 0, True, True) == 8
    # without walls the same box keeps only the grooved drums: 3 + 2 + 1
    assert k3.lying_section_count(3 * d, d * (1 + 2 * S3), d, 0, False, False) == 6
    assert k3.lying_section_count(50.0, 500.0, 100.0, 0, True, True) == 0


def test_lying_count_open_matches_general(rng):
    for _ in range(200):
        d = float(rng.uniform(100, 900))
        w = d * float(rng.uniform(0.9, 40.0))
        ht = d * float(rng.uniform(0.9, 8.0))
        rows = int(rng.integers(0, 6))
        wl = bool(rng.integers(0, 2))
        assert k3.lying_count_open(w, ht, d, rows, wl) == k3.lying_section_count(
            w, ht, d, rows, wl, False)


def test_count_table_answers_every_height_and_row_limit(rng):
    """One table for the full height agrees with the twin's enumeration at lower heights."""
    for _ in range(25):
        w, ht, d, _, wl, wr = _small_section(rng)
        tab = k3.lying_count_table(w, ht, d, wl, wr)
        for h2 in (ht, 0.8 * ht, 0.5 * ht, 0.95 * d):
            for rows in (0, 1, 2, 3):
                want = naive.best_section(w, h2, d, rows, wl, wr)[0]
                assert k3.count_from_table(tab, h2, d, rows) == want, (w, ht, h2, d, rows, wl, wr)


def test_support_2d_matches_twin(rng):
    for _ in range(40):
        w, ht, d, rows, wl, wr = _small_section(rng)
        uv = k3.lying_section(w, ht, d, 0, True, True)
        if uv.shape[0] == 0:
            continue
        keep = rng.random(uv.shape[0]) < 0.85
        uv = uv[keep]
        base_ok = rng.random(uv.shape[0]) < 0.8
        got = k3.support_2d(uv, d, w, base_ok, wl, wr)
        want = naive.carried([tuple(p) for p in uv], d, w, list(base_ok), wl, wr)
        assert list(got) == want


def test_support_keys_never_before_support(rng):
    for _ in range(20):
        w, ht, d, rows, wl, wr = _small_section(rng)
        uv = k3.lying_section(w, ht, d, 0, wl, wr)
        key0 = uv[:, 0] - d / 2
        key = k3.support_keys_2d(uv, d, key0)
        assert np.all(key >= key0)
        for i in range(uv.shape[0]):
            for j in range(uv.shape[0]):
                du = abs(uv[i, 0] - uv[j, 0])
                dv = uv[i, 1] - uv[j, 1]
                carries = (du < 1e-6 and abs(dv - d) < 1e-6) or (
                    abs(du - d / 2) < 1e-6 and abs(dv - S3 * d) < 1e-6)
                if carries:
                    assert key[i] >= key[j]


def test_floor_family_matches_twin(rng):
    for _ in range(100):
        d = float(rng.uniform(100, 1500))
        length = float(rng.uniform(0.5, 30)) * d
        width = float(rng.uniform(0.5, 6)) * d
        n = naive.floor_family_count(length, width, d)
        assert k3.floor_family_count(length, width, d) == n
        pts = k3.floor_family(length, width, d)
        assert pts.shape == (n, 2)
        if n:
            assert pts[:, 0].min() >= d / 2 - 1e-6 and pts[:, 0].max() <= length - d / 2 + 1e-6
            assert pts[:, 1].min() >= d / 2 - 1e-6 and pts[:, 1].max() <= width - d / 2 + 1e-6
            diff = pts[:, None, :] - pts[None, :, :]
            dist = np.sqrt((diff**2).sum(-1)) + np.eye(n) * 1e9
            assert dist.min() >= d - 1e-6


def test_stack_and_extrude_match_twins(rng):
    xy = rng.uniform(0, 1000, size=(7, 2))
    got = k3.stack_standing(xy, 12.5, 3.0, 400.0, 3)
    assert np.allclose(got, naive.stack_standing(xy.tolist(), 12.5, 3.0, 400.0, 3))
    uv = rng.uniform(0, 1000, size=(5, 2))
    assert np.allclose(k3.extrude_x(uv, 7.0, 11.0, 300.0, 4),
                       naive.extrude_x(uv.tolist(), 7.0, 11.0, 300.0, 4))
    assert np.allclose(k3.extrude_y(uv, 7.0, 11.0, 300.0, 3),
                       naive.extrude_y(uv.tolist(), 7.0, 11.0, 300.0, 3))


def test_contact_supported_matches_twin(rng):
    for _ in range(300):
        r = float(rng.uniform(100, 400))
        h = float(rng.uniform(100, 1500))
        tops = rng.uniform(0, 3000, size=(int(rng.integers(0, 8)), 2))
        centre = rng.uniform(0, 3000, size=2)
        axis = int(rng.integers(0, 2))
        ok, _ = k3.contact_supported(centre, axis, h, tops, np.zeros(len(tops)), r, 0.5 * h)
        assert ok == naive.contact(centre.tolist(), axis, h, tops.tolist(), r, 0.5 * h)


def test_split_candidates_match_twin(rng):
    cases = [(5896.0, 2350.0, 2393.0, 585.0, 880.0, "zxy", 0)]
    for _ in range(5):
        d = float(rng.uniform(500, 1100))
        h = float(rng.uniform(300, 1300))
        axes = ["zxy", "zx", "zy", "xy", "z"][int(rng.integers(0, 5))]
        cases.append((float(rng.uniform(3000, 8000)), 2350.0, float(rng.uniform(2000, 2700)),
                      d, h, axes, int(rng.integers(0, 4))))
    for L, W, H, d, h, axes, ml in cases:
        cand = k3.split_candidates(L, W, H, d, h, "z" in axes, "x" in axes, "y" in axes, ml)
        assert cand.shape[1] == 8 and cand.shape[0] >= 1
        idx = rng.choice(cand.shape[0], size=min(6, cand.shape[0]), replace=False)
        for i in sorted(set(idx.tolist()) | {int(np.argmax(cand[:, 0]))}):
            total, m, sy = cand[i, 0], int(cand[i, 1]), float(cand[i, 2])
            assert total == naive.split_total(L, W, H, d, h, m, sy, axes, ml), (L, H, d, h, axes,
                                                                                 ml, m, sy)
    # the 200 L drum in a 20GP: 96 lying along x + 8 standing + 2 lying across
    cand = k3.split_candidates(*cases[0][:5], True, True, True, 0)
    assert cand[:, 0].max() == 106


def test_head_on_tops_matches_twin(rng):
    kept_some = dropped_some = False
    for _ in range(25):
        d = float(rng.uniform(200, 700))
        h = float(rng.uniform(200, 1200))
        axis = int(rng.integers(0, 2))
        w = d * float(rng.uniform(1, 6))
        uv = k3.lying_section(w, d * float(rng.uniform(1, 3.5)), d, 0, True, True)
        # standing tops: a lattice floor with holes, shifted a little
        tops = k3.floor_family(3000.0, 3000.0, d) + rng.uniform(0, 50, size=2)
        tops = tops[rng.random(len(tops)) < 0.7]
        count = int(rng.integers(1, 4))
        got = k3.head_on_tops(uv, axis, 100.0, 900.0, h, count, tops, tops[:, axis].copy(),
                              d, 0.5 * h, w, True, False)
        want = naive.head_on_tops([tuple(p) for p in uv], axis, 100.0, 900.0, h, count,
                                  tops.tolist(), d, 0.5 * h, w, True, False)
        assert sorted(map(tuple, np.round(got[:, :3], 6))) == sorted(
            tuple(round(c, 6) for c in p) for p in want)
        front = got[:, 0] - (0.5 * h if axis == 0 else 0.5 * d)
        assert np.all(got[:, 3] >= front - 1e-9)
        kept_some |= len(want) > 0
        dropped_some |= len(want) < count * len(uv)
    assert kept_some and dropped_some
