"""The verifier's entry points: :func:`check` (violations and notes) and :func:`verify`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from loadplan.model import ContainerLoad, LoadPlan
from loadplan.verification.arrays import DrumTypes
from loadplan.verification.registry import check_load
from loadplan.verification.trust import check_drums

__all__ = ["VerifyReport", "check", "verify", "conservation_problems"]


@dataclass
class VerifyReport:
    """Result of :func:`check`.

    Attributes
    ----------
    violations : list of str
        Broken rules; empty when the plan is sound.
    notes : list of str
        Advice that is not a violation (e.g. drums that need chocks).
    """

    violations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there are no violations."""
        return not self.violations


def conservation_problems(plan: LoadPlan, types: DrumTypes) -> list[str]:
    """Placed + unplaced == ordered for every (sku, destination) of the order (exact)."""
    out = []
    placed_by: Counter = Counter()
    for load in plan.loads:
        placed_by.update((sku, dest or None) for sku, dest in zip(
            load.placements["sku"].tolist(), load.placements["destination"].tolist()))
    keys = set(types.ordered) | set(placed_by)
    keys |= {(u.sku, u.destination) for u in plan.unplaced}
    for sku, dest in sorted(keys, key=lambda t: (t[0], t[1] or "")):
        ordered = types.ordered.get((sku, dest), 0)
        placed = placed_by[(sku, dest)]
        unplaced = plan.unplaced_by(sku, dest)
        if placed + unplaced != ordered:
            where = "no destination" if dest is None else repr(dest)
            out.append(f"plan: sku {sku!r} for {where}: {placed} placed + {unplaced} unplaced "
                       f"!= {ordered} ordered")
    return out


def check(plan_or_load: Any, drums: Iterable[Any] | None = None, *,
          heavy_on_light: bool | None = None) -> VerifyReport:
    """Check a plan or one container load; return violations and notes.

    Parameters
    ----------
    plan_or_load : LoadPlan or ContainerLoad
    drums : iterable of Drum, optional
        The order's drum types; by default a LoadPlan's own
        :attr:`~loadplan.model.LoadPlan.drums` when it carries them. Enables
        the checks of allowed axes, ``max_layers``, ``max_load``, drum sizes
        and (for a LoadPlan) conservation: placed + unplaced == ordered for
        every (sku, destination).
    heavy_on_light : bool, optional
        Allow a heavier sku to rest on a lighter one. By default the plan's
        own :attr:`~loadplan.model.LoadPlan.heavy_on_light` (False for a
        ContainerLoad).

    Returns
    -------
    VerifyReport
    """
    if isinstance(plan_or_load, LoadPlan):
        loads = plan_or_load.loads
    elif isinstance(plan_or_load, ContainerLoad):
        loads = (plan_or_load,)
    else:
        raise ValueError(
            f"plan_or_load must be a LoadPlan or a ContainerLoad, got {type(plan_or_load).__name__}"
        )
    if heavy_on_light is None:
        heavy_on_light = isinstance(plan_or_load, LoadPlan) and plan_or_load.heavy_on_light
    if not isinstance(heavy_on_light, (bool, np.bool_)):
        raise ValueError(f"heavy_on_light must be True, False or None, got {heavy_on_light!r}")
    if drums is None and isinstance(plan_or_load, LoadPlan) and plan_or_load.drums:
        drums = plan_or_load.drums
    types = DrumTypes(check_drums(drums) if drums is not None else None)
    report = VerifyReport()
    # absurd but finite values (1e308 from a hand-edited file) overflow to inf in sums and
    # squares; the comparisons still come out right, so NumPy need not warn about them
    with np.errstate(over="ignore", invalid="ignore"):
        for ci, load in enumerate(loads, start=1):  # numbered as in the report and placements CSV
            violations, notes = check_load(load, ci, types, bool(heavy_on_light))
            report.violations += violations
            report.notes += notes
    if types.given and isinstance(plan_or_load, LoadPlan):
        report.violations += conservation_problems(plan_or_load, types)
    return report


def verify(plan_or_load: Any, drums: Iterable[Any] | None = None, *,
           heavy_on_light: bool | None = None) -> list[str]:
    """List the safety-rule violations of a plan or one container load.

    An independent check (NumPy + shapely; no code shared with the packer):
    containment, overlap (exact for axis-aligned cylinders), support (nothing
    floats, layer boards), heavy on light, payload, door, steps and counts,
    finite values; with the drum types (``drums``, or the plan's own) also
    allowed axes, ``max_layers``, ``max_load``, drum sizes and conservation.
    The rules and tolerances are in the docstring of :mod:`loadplan.verification`
    and of each rule in :data:`loadplan.verification.RULES`.

    Parameters
    ----------
    plan_or_load : LoadPlan or ContainerLoad
    drums : iterable of Drum, optional
        The order's drum types (see :func:`check`).
    heavy_on_light : bool, optional
        Allow a heavier sku on a lighter one (see :func:`check`).

    Returns
    -------
    list of str
        One sentence per violation, naming the container index, sku and
        loading step; ``[]`` means sound.

    Examples
    --------
    >>> import loadplan as lp
    >>> from loadplan.model import make_placements
    >>> p = make_placements([[292.5, 292.5, 440], [292.5, 292.5, 1320]], "z",
    ...                     sku="D200", diameter=585, height=880, weight=220)
    >>> verify(lp.ContainerLoad("20GP", p, 80, (None,)))
    []
    >>> p = make_placements([[292.5, 292.5, 440], [500, 292.5, 440]], "z",
    ...                     sku="D200", diameter=585, height=880)
    >>> verify(lp.ContainerLoad("20GP", p, 80, (None,)))
    ["container 1 (20GP): drum 'D200' at step 0 (standing) overlaps drum 'D200' at step 1 (standing)"]
    """
    return check(plan_or_load, drums, heavy_on_light=heavy_on_light).violations
