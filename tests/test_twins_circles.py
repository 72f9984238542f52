"""Each circle kernel against its slow pure-Python twin (tests/naive_circles.py).

This file is also run with NUMBA_DISABLE_JIT=1 (tests/test_nojit.py), so the
kernels' lines run as plain Python too; keep its cases small.
"""

from __future__ import annotations

import math

import numpy as np

import naive_circles as naive
from loadplan.kernels import bounds, check, compose, holes, relax, rows
from loadplan.kernels.circles import best_packing


def random_points(rng, n, length, width, d):
    pts = np.column_stack([rng.uniform(d / 2, length - d / 2, n), rng.uniform(d / 2, width - d / 2, n)])
    return pts


def test_count_conflicts_matches_twin(rng):
    for _ in range(20):
        n = int(rng.integers(0, 40))
        L, W, d = 2000.0, 1000.0, float(rng.uniform(80, 300))
        pts = random_points(rng, n, L + 200, W + 200, d) - 100  # some poke outside
        assert check.count_conflicts(pts, L, W, d, 1e-6) == naive.conflicts(pts.tolist(), L, W, d, 1e-6)


def test_row_gap_matches_twin(rng):
    for _ in range(100):
        d = float(rng.uniform(10, 1000))
        s1, s2 = rng.uniform(0, 2 * d, 2)
        assert math.isclose(rows.row_gap(d, s1, s2), naive.row_gap(d, s1, s2), abs_tol=1e-6)


def test_rows_table_matches_enumeration(rng):
    cases = [(float(d), float(d * rng.uniform(2, 6)), float(d * rng.uniform(1, 4.2)))
             for d in rng.uniform(100, 400, 6)]
    # two cases with a (rows, short rows) table that does not fit in extent
    cases += [(100.0, 225.0, 187.5), (200.0, 600.0, 550.0)]
    pruned = 0
    for d, span, extent in cases:
        counts, starts, best, _ = rows.rows_table(span, d, extent)
        a = int(math.floor(span / d + 1e-9))
        for r in range(1, min(best.shape[0], 4)):
            want = naive.rows_min_extent(counts, starts, a, d, r)
            for (rr, m), ext in want.items():
                got = best[rr, m].min() + d
                if ext <= extent + 1e-9:
                    assert math.isclose(got, ext, rel_tol=1e-9), (rr, m)
                else:
                    # the DP keeps only tables that fit in extent: this one stays "impossible"
                    assert got >= 1e300, (rr, m, got, ext)
                    pruned += 1
    assert pruned >= 2


def test_rows_frontier_layouts_are_sound(rng):
    for _ in range(6):
        d = float(rng.uniform(100, 400))
        span = float(rng.uniform(d, 8 * d))
        extent = float(rng.uniform(d, 8 * d))
        ext, cnt, nr, ns = rows.rows_frontier(span, d, extent)
        assert np.all(np.diff(ext) >= 0) and np.all(np.diff(cnt) > 0)
        for i in range(len(ext)):
            pts = rows.rows_layout(span, d, extent, nr[i], ns[i])
            assert len(pts) == cnt[i]
            assert naive.conflicts(pts.tolist(), span, ext[i], d, 1e-6) == 0


def test_best_composition_matches_brute_force(rng):
    for _ in range(15):
        n = int(rng.integers(1, 9))
        ext = np.sort(rng.uniform(1, 50, n))
        cnt = np.cumsum(rng.integers(1, 6, n)).astype(np.int64)
        length = float(rng.uniform(5, 120))
        for k in (1, 2, 3):
            chosen = compose.best_composition(ext, cnt, length, k)
            assert ext[chosen].sum() <= length + 1e-9
            assert int(cnt[chosen].sum()) == naive.best_composition(ext, cnt, length, k)


def test_composition_layout_is_sound_and_complete(rng):
    for _ in range(6):
        d = float(rng.uniform(150, 500))
        L = float(rng.uniform(d, 3000))
        W = float(rng.uniform(d, 1600))
        pts = compose.composition_layout(L, W, d, 3)
        ext, cnt, *_ = compose.section_items(L, W, d)
        assert len(pts) == naive.best_composition(list(ext), list(cnt), L, 3)
        assert naive.conflicts(pts.tolist(), L, W, d, 1e-6) == 0


def test_stretched_sections_are_sound(rng):
    for _ in range(6):
        d = float(rng.uniform(150, 500))
        L = float(rng.uniform(d, 2500))
        W = float(rng.uniform(1.5 * d, 1600))
        ext, cnt, fam, p1, p2, p3 = compose.stretched_items(L, W, d)
        for i in range(0, len(ext), max(1, len(ext) // 8)):
            pts = compose.stretched_layout(fam[i], W, d, p1[i], p2[i], p3[i])
            assert len(pts) == cnt[i]
            assert naive.conflicts(pts.tolist(), ext[i], W, d, 1e-6) == 0


def test_compact_left_matches_twin(rng):
    for _ in range(10):
        d = 100.0
        pts = compose.composition_layout(float(rng.uniform(300, 1500)), 700.0, d, 2)
        pts = pts + np.column_stack([rng.uniform(0, 50, len(pts)), np.zeros(len(pts))])
        got = holes.compact_left(pts, d)
        want = naive.compact_left(pts.tolist(), d)
        np.testing.assert_allclose(got, want, atol=1e-9)


def test_hole_candidates_match_twin(rng):
    for _ in range(10):
        L, W, d = 1500.0, 900.0, float(rng.uniform(100, 300))
        pts = random_points(rng, int(rng.integers(0, 12)), L, W, d)
        got = np.round(holes.hole_candidates(pts, L, W, d), 6)
        want = np.round(naive.hole_candidates(pts.tolist(), L, W, d), 6)
        got = got[np.lexsort(got.T[::-1])]
        want = want[np.lexsort(want.T[::-1])]
        np.testing.assert_allclose(got, want, atol=1e-5)


def test_fill_holes_matches_twin(rng):
    for _ in range(6):
        L, W, d = 1400.0, 900.0, float(rng.uniform(150, 300))
        pts = random_points(rng, 6, L, W, d)
        keep = [0]
        for i in range(1, len(pts)):  # start from a sound packing
            if all(np.hypot(*(pts[i] - pts[j])) >= d for j in keep):
                keep.append(i)
        pts = pts[keep]
        got = holes.fill_holes(pts, L, W, d, 3)
        want = naive.fill_holes(pts.tolist(), L, W, d, 3)
        np.testing.assert_allclose(got, want, atol=1e-6)
        assert naive.conflicts(got.tolist(), L, W, d, 1e-6) == 0


def test_energy_and_gradient_match_twin(rng):
    for _ in range(10):
        n = int(rng.integers(1, 8))
        x = rng.uniform(-0.2, 3.2, 2 * n)
        g = np.zeros(2 * n)
        e = relax.energy_grad(x, 3.0, 2.0, 1.0, g)
        assert math.isclose(e, naive.overlap_energy(x, 3.0, 2.0, 1.0), rel_tol=1e-9, abs_tol=1e-12)
        h = 1e-6
        for k in range(2 * n):
            xp, xm = x.copy(), x.copy()
            xp[k] += h
            xm[k] -= h
            num = (naive.overlap_energy(xp, 3.0, 2.0, 1.0) - naive.overlap_energy(xm, 3.0, 2.0, 1.0)) / (2 * h)
            assert math.isclose(g[k], num, abs_tol=1e-4)


def test_lbfgs_agrees_with_gradient_descent(rng):
    # four unit circles in a 2.2 x 2.2 box fit (2 x 2 grid): both methods find E = 0
    for _ in range(3):
        x = np.array([0.6, 0.6, 1.6, 0.6, 0.6, 1.6, 1.6, 1.6]) + rng.uniform(-0.15, 0.15, 8)
        e_fast = relax.lbfgs(x.copy(), 2.2, 2.2, 1.0, 500, 8)
        e_slow = naive.gradient_descent(x.copy(), 2.2, 2.2, 1.0)
        assert e_fast < 1e-18 and e_slow < 1e-12
    # five do not (the bound for 2.2 x 2.2 is 4): both stay positive
    x = np.array([0.6, 0.6, 1.6, 0.6, 0.6, 1.6, 1.6, 1.6, 1.1, 1.1])
    assert relax.lbfgs(x.copy(), 2.2, 2.2, 1.0, 500, 8) > 1e-6
    assert naive.gradient_descent(x.copy(), 2.2, 2.2, 1.0, steps=3000) > 1e-6


def test_add_one_circle_gives_sound_packings():
    L, W, d = 820.0, 820.0, 400.0  # 4 fit (2 x 2); 5 need a side of (1 + 1/sqrt2) d = 966
    start = np.array([[200.0, 200.0], [600.0, 200.0], [200.0, 600.0]])
    more = relax.add_one_circle(start, L, W, d, 10, 1)
    assert len(more) == 4 and naive.conflicts(more.tolist(), L, W, d, 0.0) == 0
    assert len(relax.add_one_circle(more, L, W, d, 5, 1)) == 0  # 5 don't fit


def test_lcg_is_deterministic():
    s = 12345
    seq = []
    for _ in range(5):
        s, u = relax.lcg_uniform(s)
        seq.append(u)
    assert all(0.0 <= u < 1.0 for u in seq)
    assert seq[0] == ((12345 * 1664525 + 1013904223) % 2**32) / 2**32


def test_bounds_match_formulas(rng):
    for _ in range(50):
        L = float(rng.uniform(100, 6000))
        W = float(rng.uniform(100, 3000))
        d = float(rng.uniform(50, 1500))
        if d > min(L, W):
            assert bounds.circle_upper_bound(L, W, d) == 0
            continue
        assert bounds.oler_bound(L, W, d) == naive.oler(L, W, d)
        strip = math.inf
        for lng, wid in ((L, W), (W, L)):
            if wid - d < d:
                strip = min(strip, 1 + math.floor((lng - d) / math.sqrt(d * d - (wid - d) ** 2) + 1e-9))
        assert bounds.circle_upper_bound(L, W, d) == min(naive.oler(L, W, d), strip)


def test_best_packing_small_cases_sound(rng):
    for _ in range(4):
        d = float(rng.uniform(250, 600))
        L = float(rng.uniform(d, 2500))
        W = float(rng.uniform(d, 1500))
        pts = best_packing(L, W, d)
        assert naive.conflicts(pts.tolist(), L, W, d, 1e-6) == 0
        assert len(pts) >= naive.single_family_best(L, W, d)
