"""pack_circles on every reference circle case (``data/circles.jsonl``)."""

from __future__ import annotations

import pytest

from peers.families import best_single_family, check_layout


def test_pack_circles(benchmark, lp, circle_case):
    """Time ``pack_circles`` once compiled; the layout must be sound."""
    L, W, d = circle_case["length"], circle_case["width"], circle_case["diameter"]
    lp.pack_circles(L, W, d)  # JIT warm-up, not timed
    pts = benchmark(lp.pack_circles, L, W, d)
    benchmark.extra_info.update(
        count=int(len(pts)),
        target=circle_case["target"],
        packingsolver_10s=circle_case["packingsolver_10s"],
        single_family_best=circle_case["single_family_best"],
    )
    assert pts.shape[1:] == (2,)
    assert check_layout(pts, L, W, d), "circles overlap or stick out"
    assert len(pts) <= lp.circle_bound(L, W, d)


def test_circle_bound(benchmark, lp, circle_case):
    """Time the proven upper bound; it must not be below the reference counts."""
    L, W, d = circle_case["length"], circle_case["width"], circle_case["diameter"]
    lp.circle_bound(L, W, d)
    ub = benchmark(lp.circle_bound, L, W, d)
    assert ub >= circle_case["target"]


@pytest.mark.parametrize("case", ["20GP_floor/d865", "40GP_xsec/d550"])
def test_overlap_energy_kernel(benchmark, lp, case):
    """The hot loop alone: one n + 1 attempt of the overlap-energy optimisation."""
    relax = pytest.importorskip("loadplan.kernels.relax")
    if not hasattr(relax, "add_one_circle"):
        pytest.skip("loadplan.kernels.relax.add_one_circle is not there")
    from _common import case_id, load_circles

    c = next(c for c in load_circles() if case_id(c) == case)
    L, W, d = float(c["length"]), float(c["width"]), float(c["diameter"])
    _n, _fam, start = best_single_family(L, W, d)
    relax.add_one_circle(start.copy(), L, W, d, 12, 1)  # compile
    out = benchmark(lambda: relax.add_one_circle(start.copy(), L, W, d, 12, 1))
    assert out.shape[1:] == (2,) and len(out) in (0, len(start) + 1)
    if len(out):
        assert check_layout(out, L, W, d)


def test_single_family_reference(benchmark, circle_case):
    """The independent family evaluator agrees with the reference file."""
    L, W, d = circle_case["length"], circle_case["width"], circle_case["diameter"]
    n, _fam, _pts = benchmark(best_single_family, L, W, d)
    assert n == circle_case["single_family_best"]
