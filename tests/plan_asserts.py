"""Assertions shared by the planner tests: a plan keeps every ordered drum and is sound."""

from __future__ import annotations

from typing import Any

import loadplan as lp


def conserved(plan: Any, drums: list[lp.Drum]) -> None:
    """Every ordered drum is placed or listed unplaced, and the plan passes ``verify``."""
    ordered: dict = {}
    for d in drums:
        ordered[(d.sku, d.destination)] = ordered.get((d.sku, d.destination), 0) + d.quantity
    for (sku, dest), q in ordered.items():
        assert plan.placed_by(sku, dest) + plan.unplaced_by(sku, dest) == q, (sku, dest)
    assert plan.violations == ()
    assert lp.verify(plan, drums) == []
