"""The rule registry: every safety rule of one container load, run in order from a list.

Each :class:`Rule` names what it needs: ``"placements"`` (the load as listed),
``"drums"`` (the drums with valid values, as :class:`LoadArrays`) or
``"pairs"`` (every candidate pair of drums near each other, which the overlap
rule records when it could count them all). A rule's docstring states the rule
and its tolerance. Messages are grouped by kind in the order the kinds first
appear, so the order of :data:`RULES` is the order of the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from loadplan.verification.arrays import DrumTypes, LoadArrays, LoadCheck, Messages
from loadplan.verification.load_rules import (
    rule_catalog,
    rule_count,
    rule_destinations,
    rule_payload,
    rule_types,
    rule_values,
    valid_values,
)
from loadplan.verification.space_rules import rule_containment, rule_door, rule_overlap
from loadplan.verification.stack_rules import (
    rule_boards,
    rule_heavy_on_light,
    rule_layers,
    rule_loading_order,
    rule_max_load,
    rule_stops,
    rule_support,
)

__all__ = ["Rule", "RULES", "check_load"]


@dataclass(frozen=True)
class Rule:
    """A safety rule: its name, what it needs, and the function that checks it."""

    name: str
    needs: str
    check: Callable[[LoadCheck], None]

    @property
    def doc(self) -> str:
        """The rule and its tolerance, as its function's docstring states them."""
        return (self.check.__doc__ or "").strip()


RULES: tuple[Rule, ...] = (
    Rule("catalog", "placements", rule_catalog),
    Rule("count", "placements", rule_count),
    Rule("payload", "placements", rule_payload),
    Rule("destination", "placements", rule_destinations),
    Rule("value", "placements", rule_values),
    Rule("type", "placements", rule_types),
    Rule("door", "drums", rule_door),
    Rule("containment", "drums", rule_containment),
    Rule("overlap", "drums", rule_overlap),
    Rule("support", "pairs", rule_support),
    Rule("board", "pairs", rule_boards),
    Rule("heavy", "pairs", rule_heavy_on_light),
    Rule("stops", "pairs", rule_stops),
    Rule("order", "pairs", rule_loading_order),
    Rule("layers", "pairs", rule_layers),
    Rule("max_load", "pairs", rule_max_load),
)
"""Every rule of one container load, in the order they run."""


def check_load(load: Any, ci: int, types: DrumTypes, heavy_ok: bool) -> tuple[list[str], list[str]]:
    """Run :data:`RULES` on one container load (number ``ci``, 1-based).

    Returns
    -------
    (violations, notes) : tuple of list of str
    """
    p = load.placements
    finite, good_axis, positive = valid_values(p)
    ctx = LoadCheck(load, types, heavy_ok, Messages(f"container {ci} ({load.container.name})"),
                    [], finite & good_axis & positive)
    for rule in RULES:
        if rule.needs != "placements" and ctx.arrays is None:
            idx = np.nonzero(ctx.valid)[0]
            if idx.size == 0:
                break
            c = load.container
            ctx.arrays = LoadArrays.of(p[idx], [c.length, c.width, c.height])
        if rule.needs == "pairs" and ctx.pairs is None:
            break
        rule.check(ctx)
    return ctx.msg.lines(), ctx.notes
