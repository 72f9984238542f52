"""fill: one drum type filling one container (``data/fills.jsonl``), standing only and all axes."""

from __future__ import annotations

import pytest

from _common import clear_caches, need, public

AXES = {"standing": ("z",), "all": ("z", "x", "y")}


@pytest.mark.parametrize("mode", sorted(AXES))
def test_fill(benchmark, lp, fill_case, mode):
    """Time ``fill`` once compiled; the load must pass ``verify`` when it exists."""
    need("fill")
    container = lp.CONTAINERS[fill_case["container"]]
    drum = lp.Drum("B", fill_case["diameter"], fill_case["height"], weight=fill_case["weight"], orientations=AXES[mode])
    lp.fill(drum, container)  # JIT warm-up, not timed
    # fill memoises its pieces: clear them before each round so cache hits are not what is timed
    load = benchmark.pedantic(lp.fill, args=(drum, container), setup=clear_caches, rounds=5, iterations=1)
    cap = int(container.max_payload // fill_case["weight"]) if fill_case["weight"] > 0 else None
    ref = fill_case["ps_box_standing" if mode == "standing" else "ps_box_all"]
    benchmark.extra_info.update(count=int(load.count), ps_box_ref=ref if cap is None else min(ref, cap), payload_cap=cap)
    assert load.count > 0
    assert cap is None or load.count <= cap
    verify = public("verify")
    if verify is not None:
        assert verify(load) == []
