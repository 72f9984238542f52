"""A plan as JSON: the dict layout written by :meth:`LoadPlan.to_dict` and read back.

The layout is described by the JSON Schema ``loadplan/schemas/plan.schema.json``
(format ``"loadplan.plan"``, version :data:`VERSION`; version 1 files are still
read). Reading checks one item at a time and names its path in errors
(``loads[0].placements[3].x``). This module does not import
:class:`~loadplan.model.LoadPlan`: the class is handed to :func:`plan_from_dict`.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from loadplan.axes import AXES, short_repr
from loadplan.containers import Container
from loadplan.model.arrays import BOARD_DTYPE, PLACEMENT_DTYPE
from loadplan.model.drums import ContainerBound, Drum, Unplaced
from loadplan.model.limits import MAX_NAME_LENGTH
from loadplan.model.load import ContainerLoad
from loadplan.model.validation import normalise_name, unwritable

__all__ = [
    "FORMAT",
    "VERSION",
    "READ_VERSIONS",
    "load_to_dict",
    "plan_to_dict",
    "to_json_text",
    "parse_plan_json",
    "plan_from_dict",
    "unique_keys",
    "PlanReader",
]

FORMAT = "loadplan.plan"
"""The ``format`` field of a plan file."""
VERSION = 2
"""The ``version`` written."""
READ_VERSIONS = (1, 2)
"""The versions read."""


def load_to_dict(load: ContainerLoad) -> dict:
    """One load in the plan layout (with its derived fields, ignored on read)."""
    c = load.container
    names = PLACEMENT_DTYPE.names
    placements = []
    for row in load.placements.tolist():
        d = dict(zip(names, row))
        if d["destination"] == "":
            d["destination"] = None
        placements.append(d)
    return {
        "container": {
            "name": c.name, "length": c.length, "width": c.width,
            "height": c.height, "door_width": c.door_width,
            "door_height": c.door_height, "tare": c.tare,
            "max_payload": c.max_payload,
        },
        "destinations": list(load.destinations),
        "upper_bound": load.upper_bound,
        "notes": list(load.notes),
        "placements": placements,
        "boards": [dict(zip(BOARD_DTYPE.names, row)) for row in load.boards.tolist()],
        # derived, ignored on read
        "count": load.count,
        "weight": load.weight,
        "cog": list(load.cog),
        "volume_utilisation": load.volume_utilisation,
        "payload_utilisation": load.payload_utilisation,
    }


def plan_to_dict(plan: Any) -> dict:
    """The JSON-ready dict of a :class:`~loadplan.model.LoadPlan` (see :meth:`LoadPlan.to_json`)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "loads": [load_to_dict(load) for load in plan.loads],
        "unplaced": [
            {"sku": u.sku, "destination": u.destination, "quantity": u.quantity,
             "reason": u.reason}
            for u in plan.unplaced
        ],
        "cost": plan.cost,
        "drums": [
            {"sku": d.sku, "diameter": d.diameter, "height": d.height, "weight": d.weight,
             "quantity": d.quantity, "destination": d.destination,
             "orientations": list(d.orientations), "max_layers": d.max_layers,
             "max_load": d.max_load}
            for d in plan.drums
        ],
        "violations": None if plan.violations is None else list(plan.violations),
        "container_bounds": [
            {"destinations": list(b.destinations), "lower_bound": b.lower_bound,
             "basis": b.basis}
            for b in plan.container_bounds
        ],
        "heavy_on_light": plan.heavy_on_light,
        # derived, ignored on read
        "placed_count": plan.placed_count,
        "unplaced_count": plan.unplaced_count,
        "total_weight": plan.total_weight,
    }


def to_json_text(doc: dict) -> str:
    """``doc`` as deterministic JSON: sorted keys, compact separators, UTF-8 text."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def parse_plan_json(text: str | bytes) -> Any:
    """The document of a plan file (str, or bytes in UTF-8); ValueError for invalid JSON."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(f"plan JSON is not UTF-8 text: {exc}") from None
    if not isinstance(text, str):
        raise ValueError(f"plan JSON must be str or bytes, got {type(text).__name__}")
    try:
        doc = json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid plan JSON: {exc}") from None
    except RecursionError:
        raise ValueError("invalid plan JSON: nested too deeply") from None
    except ValueError as exc:  # a duplicate key (unique_keys), an integer of too many digits
        raise ValueError(f"invalid plan JSON: {exc}") from None
    return doc


def plan_from_dict(cls: Any, doc: Any) -> Any:
    """Build a ``cls`` (:class:`~loadplan.model.LoadPlan`) from the dict layout; see
    :meth:`LoadPlan.from_json` for the errors."""
    r = PlanReader()
    obj = r.obj(doc, "plan")
    fmt = obj.get("format", FORMAT)
    if fmt != FORMAT:
        raise ValueError(f"plan.format must be {FORMAT!r}, got {fmt!r}")
    version = obj.get("version", VERSION)
    if version not in READ_VERSIONS or isinstance(version, bool):
        raise ValueError(f"plan.version {version!r} is not supported "
                         f"(expected one of {', '.join(map(str, READ_VERSIONS))})")
    r.version = version
    loads = [r.load(item, f"loads[{i}]")
             for i, item in enumerate(r.array(r.key(obj, "loads", "plan"), "loads"))]
    unplaced = []
    for i, item in enumerate(r.array(r.key(obj, "unplaced", "plan"), "unplaced")):
        path = f"unplaced[{i}]"
        u = r.obj(item, path)
        unplaced.append(
            r.wrap(path, lambda u=u, path=path: Unplaced(
                r.str_(r.key(u, "sku", path), f"{path}.sku"),
                r.opt_str(r.key(u, "destination", path), f"{path}.destination"),
                r.int_(r.key(u, "quantity", path), f"{path}.quantity"),
                r.str_(r.key(u, "reason", path), f"{path}.reason"),
            ))
        )
    cost = obj.get("cost")
    if cost is not None:
        cost = r.num(cost, "cost")
    if version == 1:
        return r.wrap("plan", lambda: cls(loads, unplaced, cost))
    drums = [r.drum(item, f"drums[{i}]")
             for i, item in enumerate(r.array(r.key(obj, "drums", "plan"), "drums"))]
    found = r.key(obj, "violations", "plan")
    violations = None if found is None else [
        r.str_(v, f"violations[{i}]") for i, v in enumerate(r.array(found, "violations"))]
    bounds = []
    for i, item in enumerate(r.array(r.key(obj, "container_bounds", "plan"),
                                     "container_bounds")):
        path = f"container_bounds[{i}]"
        b = r.obj(item, path)
        dests = [r.opt_str(d, f"{path}.destinations[{j}]") for j, d in
                 enumerate(r.array(r.key(b, "destinations", path), f"{path}.destinations"))]
        bounds.append(r.wrap(path, lambda b=b, path=path, dests=dests: ContainerBound(
            dests, r.int_(r.key(b, "lower_bound", path), f"{path}.lower_bound"),
            r.str_(b.get("basis", ""), f"{path}.basis"))))
    hol = r.key(obj, "heavy_on_light", "plan")
    if not isinstance(hol, bool):
        raise ValueError(f"heavy_on_light must be true or false, got {hol!r}")
    return r.wrap("plan", lambda: cls(loads, unplaced, cost, drums, violations, bounds, hol))


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` that refuses duplicate keys (the last would silently win).

    Shared by the plan reader and :func:`loadplan.io.parse_json`; raises ValueError.
    """
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r} in a JSON object")
        out[key] = value
    return out


class PlanReader:
    """Checks one JSON item at a time and names its path in errors."""

    version = VERSION

    def drum(self, item: Any, path: str) -> Drum:
        d = self.obj(item, path)
        sizes = [self.num(self.key(d, f, path), f"{path}.{f}")
                 for f in ("diameter", "height", "weight")]
        axes = [self.str_(a, f"{path}.orientations[{i}]") for i, a in
                enumerate(self.array(self.key(d, "orientations", path), f"{path}.orientations"))]
        layers = self.key(d, "max_layers", path)
        load = self.key(d, "max_load", path)
        return self.wrap(path, lambda: Drum(
            self.str_(self.key(d, "sku", path), f"{path}.sku"), *sizes,
            quantity=self.int_(self.key(d, "quantity", path), f"{path}.quantity"),
            destination=self.opt_str(self.key(d, "destination", path), f"{path}.destination"),
            orientations=axes,
            max_layers=None if layers is None else self.int_(layers, f"{path}.max_layers"),
            max_load=None if load is None else self.num(load, f"{path}.max_load"),
        ))

    @staticmethod
    def obj(value: Any, path: str) -> dict:
        if not isinstance(value, dict):
            raise ValueError(f"{path} must be a JSON object, got {type(value).__name__}")
        return value

    @staticmethod
    def array(value: Any, path: str) -> list:
        if not isinstance(value, list):
            raise ValueError(f"{path} must be a JSON array, got {type(value).__name__}")
        return value

    @staticmethod
    def key(obj: dict, key: str, path: str) -> Any:
        if key not in obj:
            raise ValueError(f"{path} lacks the key {key!r}")
        return obj[key]

    @staticmethod
    def _typed(value: Any, path: str, kinds: tuple, what: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise ValueError(f"{path} must be {what}, got {value!r}")
        return value

    def num(self, value: Any, path: str) -> float:
        try:
            return float(self._typed(value, path, (int, float), "a number"))
        except OverflowError:  # an integer literal too large for a float
            raise ValueError(f"{path} is too large, got {short_repr(value)}") from None

    def int_(self, value: Any, path: str) -> int:
        return self._typed(value, path, (int,), "an integer")

    @staticmethod
    def str_(value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{path} must be a string, got {value!r}")
        return value

    def opt_str(self, value: Any, path: str) -> str | None:
        return None if value is None else self.str_(value, path)

    @staticmethod
    def wrap(path: str, build: Any) -> Any:
        try:
            return build()
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None

    def load(self, item: Any, path: str) -> ContainerLoad:
        o = self.obj(item, path)
        cp = f"{path}.container"
        c = self.obj(self.key(o, "container", path), cp)
        fields = ("length", "width", "height", "door_width", "door_height", "tare", "max_payload")
        container = self.wrap(cp, lambda: Container(
            self.str_(self.key(c, "name", cp), f"{cp}.name"),
            *(self.num(self.key(c, f, cp), f"{cp}.{f}") for f in fields),
        ))
        dests = [self.opt_str(d, f"{path}.destinations[{i}]")
                 for i, d in enumerate(self.array(self.key(o, "destinations", path),
                                                  f"{path}.destinations"))]
        notes = [self.str_(n, f"{path}.notes[{i}]")
                 for i, n in enumerate(self.array(o.get("notes", []), f"{path}.notes"))]
        ub = self.int_(self.key(o, "upper_bound", path), f"{path}.upper_bound")
        rows = self.array(self.key(o, "placements", path), f"{path}.placements")
        arr = np.zeros(len(rows), dtype=PLACEMENT_DTYPE)
        for i, row in enumerate(rows):
            rp = f"{path}.placements[{i}]"
            d = self.obj(row, rp)
            sku = self.str_(self.key(d, "sku", rp), f"{rp}.sku")
            if not sku or len(sku) > MAX_NAME_LENGTH or unwritable(sku):
                raise ValueError(f"{rp}.sku must have 1 to {MAX_NAME_LENGTH} characters "
                                 "(no NUL characters or lone surrogates)")
            sku = self.wrap(rp, lambda sku=sku, rp=rp: normalise_name(sku, "sku"))
            axis = self.key(d, "axis", rp)
            if axis not in AXES:
                raise ValueError(f"{rp}.axis must be 'x', 'y' or 'z', got {axis!r}")
            dest = self.opt_str(self.key(d, "destination", rp), f"{rp}.destination") or ""
            if len(dest) > MAX_NAME_LENGTH or unwritable(dest):
                raise ValueError(f"{rp}.destination must have at most {MAX_NAME_LENGTH} characters "
                                 "(no NUL characters or lone surrogates)")
            if dest:
                dest = self.wrap(rp, lambda dest=dest: normalise_name(dest, "destination"))
            step = self.int_(self.key(d, "step", rp), f"{rp}.step")
            if not -(2**63) <= step < 2**63:
                raise ValueError(f"{rp}.step is out of range")
            arr[i] = (sku,
                      *(self.num(self.key(d, f, rp), f"{rp}.{f}") for f in ("x", "y", "z")),
                      axis,
                      *(self.num(self.key(d, f, rp), f"{rp}.{f}")
                        for f in ("diameter", "height", "weight")),
                      dest, step)
        boards = None
        if self.version >= 2:
            rows = self.array(self.key(o, "boards", path), f"{path}.boards")
            boards = np.zeros(len(rows), dtype=BOARD_DTYPE)
            for i, row in enumerate(rows):
                bp = f"{path}.boards[{i}]"
                d = self.obj(row, bp)
                boards[i] = tuple(self.num(self.key(d, f, bp), f"{bp}.{f}")
                                  for f in BOARD_DTYPE.names)
        return self.wrap(path, lambda: ContainerLoad(container, arr, ub, dests, notes, boards))
