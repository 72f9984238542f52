"""The plan for a whole order: :class:`LoadPlan`.

Its JSON layout (read and written by :mod:`loadplan.model.plan_json`) is
described by the JSON Schema ``loadplan/schemas/plan.schema.json``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from loadplan.model.drums import ContainerBound, Drum, Unplaced
from loadplan.model.load import ContainerLoad, Viewable
from loadplan.model.plan_json import parse_plan_json, plan_from_dict, plan_to_dict, to_json_text
from loadplan.model.validation import check_real, check_text

__all__ = ["LoadPlan"]

_ANY = object()


@dataclass(frozen=True)
class LoadPlan(Viewable):
    """The plan for a whole order: loaded containers and what did not fit.

    Parameters
    ----------
    loads : sequence of ContainerLoad
        Stored as a tuple.
    unplaced : sequence of Unplaced
        Stored as a tuple. For every (sku, destination) of the order, drums
        placed plus unplaced equal drums ordered.
    cost : float or None, default None
        What the chosen containers cost, when costs were given.
    drums : sequence of Drum, default ()
        The drum types (order lines) the plan was made from, stored as a
        tuple; with them :func:`loadplan.verify` checks axes, sizes, layers,
        ``max_load`` and conservation without being handed the order again.
    violations : sequence of str or None, default None
        The verifier's verdict on the plan as made: ``()`` means sound, None
        means it was not checked (a hand-made plan, or ``plan(..., verify=False)``).
    container_bounds : sequence of ContainerBound, default ()
        Proven lower bounds on the number of containers, per destination group.
    heavy_on_light : bool, default False
        Whether the plan was made allowing a heavier drum type to be carried
        by a lighter one; :func:`loadplan.verify` applies the same rule.

    Examples
    --------
    >>> LoadPlan([], [Unplaced("X", None, 3, "too large")]).unplaced_count
    3
    """

    loads: tuple[ContainerLoad, ...]
    unplaced: tuple[Unplaced, ...]
    cost: float | None = None
    drums: tuple[Drum, ...] = ()
    violations: tuple[str, ...] | None = None
    container_bounds: tuple[ContainerBound, ...] = ()
    heavy_on_light: bool = False

    def __post_init__(self) -> None:
        s = object.__setattr__
        for name, kind in (("loads", ContainerLoad), ("unplaced", Unplaced), ("drums", Drum),
                           ("container_bounds", ContainerBound)):
            value = getattr(self, name)
            if isinstance(value, (str, bytes)) or value is None:
                raise ValueError(f"LoadPlan.{name} must be a sequence of {kind.__name__}")
            items = tuple(value)
            for item in items:
                if not isinstance(item, kind):
                    raise ValueError(
                        f"LoadPlan.{name} must hold {kind.__name__} objects, got {type(item).__name__}"
                    )
            s(self, name, items)
        if self.cost is not None:
            c = check_real("LoadPlan", "cost", self.cost)
            if not math.isfinite(c):
                raise ValueError(f"LoadPlan.cost must be finite, got {self.cost!r}")
            s(self, "cost", c)
        if self.violations is not None:
            if isinstance(self.violations, str):
                raise ValueError("LoadPlan.violations must be a sequence of strings or None, "
                                 "not a string")
            found = tuple(self.violations)
            for v in found:
                check_text("LoadPlan", "violations", v)
            s(self, "violations", found)
        if not isinstance(self.heavy_on_light, (bool, np.bool_)):
            raise ValueError(f"LoadPlan.heavy_on_light must be True or False, "
                             f"got {self.heavy_on_light!r}")
        s(self, "heavy_on_light", bool(self.heavy_on_light))

    def bound_lines(self) -> list[str]:
        """One line per destination group: containers used and the proven lower bound.

        Examples
        --------
        >>> LoadPlan([], [], container_bounds=[ContainerBound(["Shanghai"], 1)]).bound_lines()
        ['Shanghai: 0 containers; at least 1 needed']
        """
        lines = []
        for b in self.container_bounds:
            group = set(b.destinations)
            used = sum(1 for load in self.loads if group & set(load.destinations))
            name = ", ".join("no destination" if d is None else d for d in b.destinations)
            basis = f" ({b.basis})" if b.basis else ""
            lines.append(f"{name}: {used} container{'' if used == 1 else 's'}; "
                         f"at least {b.lower_bound} needed{basis}")
        return lines

    def verdict_line(self) -> str:
        """The verifier's verdict in a few words.

        Examples
        --------
        >>> LoadPlan([], [], violations=()).verdict_line()
        'verified: sound'
        >>> LoadPlan([], []).verdict_line()
        'not verified'
        """
        if self.violations is None:
            return "not verified"
        n = len(self.violations)
        if n == 0:
            return "verified: sound"
        return f"verified: {n} violation{'' if n == 1 else 's'} of the safety rules"

    # -- totals -----------------------------------------------------------
    @property
    def placed_count(self) -> int:
        """Drums loaded, over all containers."""
        return sum(load.count for load in self.loads)

    @property
    def unplaced_count(self) -> int:
        """Drums not loaded (sum of the unplaced quantities)."""
        return sum(u.quantity for u in self.unplaced)

    @property
    def total_weight(self) -> float:
        """Cargo weight over all containers, kg."""
        return float(sum(load.weight for load in self.loads))

    @property
    def container_count(self) -> int:
        """Number of containers used."""
        return len(self.loads)

    def placed_by(self, sku: str, destination: Any = _ANY) -> int:
        """Drums of ``sku`` loaded, over all containers.

        Parameters
        ----------
        sku : str
        destination : str or None, optional
            Count only drums for this destination (None: drums without one).
            Omitted: all destinations.
        """
        total = 0
        for load in self.loads:
            mask = load.placements["sku"] == sku
            if destination is not _ANY:
                mask &= load.placements["destination"] == ("" if destination is None else destination)
            total += int(mask.sum())
        return total

    def unplaced_by(self, sku: str, destination: Any = _ANY) -> int:
        """Drums of ``sku`` not loaded (same ``destination`` rule as :meth:`placed_by`)."""
        return sum(
            u.quantity for u in self.unplaced
            if u.sku == sku and (destination is _ANY or u.destination == destination)
        )

    def _repr_html_(self) -> str:
        from loadplan.display import plan_html  # display imports the model: lazy, no cycle

        return plan_html(self)

    # -- JSON -------------------------------------------------------------
    def to_dict(self) -> dict:
        """The JSON-ready dict that :meth:`to_json` serialises."""
        return plan_to_dict(self)

    def to_json(self) -> str:
        """Serialise to JSON, deterministically.

        Keys are sorted, separators compact, floats written with Python's
        shortest round-tripping ``repr``, so the same plan always gives the
        same text and :meth:`from_json` restores it exactly. The layout is
        described by the JSON Schema ``loadplan/schemas/plan.schema.json``::

            {"format": "loadplan.plan", "version": 2, "cost": null | number,
             "loads": [{"container": {...}, "destinations": [...],
                        "upper_bound": int, "notes": [...],
                        "placements": [{"sku", "x", "y", "z", "axis", "diameter",
                                        "height", "weight", "destination", "step"}],
                        "boards": [{"x0", "x1", "y0", "y1", "z", "thickness"}],
                        "count", "weight", "cog", ...derived}],
             "unplaced": [{"sku", "destination", "quantity", "reason"}],
             "drums": [{"sku", "diameter", "height", "weight", "quantity",
                        "destination", "orientations", "max_layers", "max_load"}],
             "violations": null | [str], "heavy_on_light": bool,
             "container_bounds": [{"destinations", "lower_bound", "basis"}], ...}

        Version 1 files (no boards, drum types, verdict, bounds or
        ``heavy_on_light``) are still read, with those fields at their defaults.
        Derived summary fields (counts, weights, centre of gravity,
        utilisation) are written for readers' convenience and ignored by
        :meth:`from_json`. A placement's destination ``""`` is written as null.
        """
        return to_json_text(self.to_dict())

    @classmethod
    def from_json(cls, text: str | bytes) -> "LoadPlan":
        """Read a plan written by :meth:`to_json`.

        Parameters
        ----------
        text : str or bytes

        Returns
        -------
        LoadPlan

        Raises
        ------
        ValueError
            For invalid JSON or a document that does not have the plan
            layout, naming the path of the offending item (e.g.
            ``loads[0].placements[3].x``).
        """

        return cls.from_dict(parse_plan_json(text))

    @classmethod
    def from_dict(cls, doc: Any) -> "LoadPlan":
        """Build a plan from the dict layout of :meth:`to_dict` (see :meth:`from_json`)."""
        return plan_from_dict(cls, doc)
