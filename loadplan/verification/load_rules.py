"""Rules on a load's placements as listed: catalog type, counts and steps, payload,
destinations, valid values and the drum types. Each rule adds its violations to
``ctx.msg`` under its kind."""

from __future__ import annotations

import numpy as np

from loadplan.axes import AXIS_INDEX
from loadplan.verification.arrays import DrumTypes, LoadCheck, drum_name, type_keys
from loadplan.verification.tolerances import MAX_MESSAGES, TOL
from loadplan.verification.trust import catalog_problems

__all__ = [
    "valid_values",
    "rule_catalog",
    "rule_count",
    "rule_payload",
    "rule_destinations",
    "rule_values",
    "rule_types",
]


def valid_values(p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per placement: finite values, a known axis, positive sizes and weight >= 0."""
    num = np.stack([p[f] for f in ("x", "y", "z", "diameter", "height", "weight")], axis=1) \
        if p.shape[0] else np.zeros((0, 6))
    finite = np.isfinite(num).all(axis=1)
    good_axis = np.isin(p["axis"], ["x", "y", "z"])
    positive = (p["diameter"] > 0) & (p["height"] > 0) & (p["weight"] >= 0)
    return finite, good_axis, positive


def rule_catalog(ctx: LoadCheck) -> None:
    """A container named like a catalog type has exactly that type's sizes and limits
    (:func:`~loadplan.verification.trust.catalog_problems`; exact comparison)."""
    for problem in catalog_problems(ctx.load.container):
        ctx.msg.add("catalog", problem)


def rule_count(ctx: LoadCheck) -> None:
    """No more drums than the load's upper bound; every loading step used once (exact)."""
    p, n = ctx.placements, ctx.placements.shape[0]
    if n > ctx.load.upper_bound:
        ctx.msg.add("count", f"holds {n} drums, more than its upper bound {ctx.load.upper_bound}")
    steps = p["step"]
    if n > 1:
        dup = np.nonzero(np.diff(np.sort(steps)) == 0)[0]
        for k in dup[:MAX_MESSAGES]:
            ctx.msg.add("count", f"loading step {int(np.sort(steps)[k])} is used by more than "
                                 "one drum")


def rule_payload(ctx: LoadCheck) -> None:
    """Cargo weight at most the container's ``max_payload`` (relative tolerance 1e-12)."""
    c = ctx.load.container
    weight = float(np.nansum(ctx.placements["weight"]))
    if weight > c.max_payload * (1 + 1e-12):
        ctx.msg.add("payload", f"cargo weighs {weight:,.1f} kg, more than the maximum payload "
                               f"{c.max_payload:,.1f} kg")


def rule_destinations(ctx: LoadCheck) -> None:
    """Every placement's destination is among the load's destinations (exact)."""
    load, p = ctx.load, ctx.placements
    if not load.destinations:
        return
    allowed = {"" if d is None else d for d in load.destinations}
    bad = ~np.isin(p["destination"], list(allowed))
    for i in np.nonzero(bad)[0]:
        dest = str(p["destination"][i]) or "no destination"
        ctx.msg.add("destination", f"{drum_name(p, i)} is for {dest!r}, which is not among the "
                                   f"container's destinations {list(load.destinations)}")


def rule_values(ctx: LoadCheck) -> None:
    """Finite coordinates, sizes and weights; axis x, y or z; positive sizes, weight >= 0.
    Drums that break this rule are left out of the geometric rules."""
    p = ctx.placements
    finite, good_axis, _ = valid_values(p)
    for i in np.nonzero(~ctx.valid)[0]:
        if not finite[i]:
            what = "has a non-finite coordinate, size or weight (NaN or infinity)"
        elif not good_axis[i]:
            what = f"has an invalid axis {str(p['axis'][i])!r} (expected x, y or z)"
        else:
            what = "has a non-positive diameter or height, or a negative weight"
        ctx.msg.add("value", f"{drum_name(p, i)} {what}")


def _type_suspects(p: np.ndarray, types: DrumTypes, valid: np.ndarray) -> np.ndarray:
    """Placements whose type is unknown, whose axis it forbids or whose size differs (vectorised)."""
    found, inv = type_keys(p, types)
    missing = np.array([d is None for d in found], dtype=bool)
    allowed = np.array([[d is not None and a in d.orientations for a in "xyz"] for d in found],
                       dtype=bool).reshape(-1, 3)
    attrs = np.array([(d.diameter, d.height, d.weight) if d is not None else (np.nan,) * 3
                      for d in found], dtype=np.float64).reshape(-1, 3)
    axis = np.array([AXIS_INDEX.get(a, -1) for a in p["axis"].tolist()], dtype=np.int64)
    axis_ok = (axis >= 0) & allowed[inv, np.maximum(axis, 0)]
    want = attrs[inv]
    size_bad = valid & ((np.abs(p["diameter"] - want[:, 0]) > TOL)
                        | (np.abs(p["height"] - want[:, 1]) > TOL)
                        | (np.abs(p["weight"] - want[:, 2]) > 1e-9 * np.maximum(1.0, want[:, 2])))
    return np.nonzero(missing[inv] | ~axis_ok | size_bad)[0]


def rule_types(ctx: LoadCheck) -> None:
    """With the drum types: every placement's sku is in the order, its axis among the type's
    ``orientations``, its size equal to the type's (``TOL``) and its weight too (relative 1e-9)."""
    types, p, valid = ctx.types, ctx.placements, ctx.valid
    if not types.given:
        return
    for i in _type_suspects(p, types, valid).tolist():
        sku, dest = str(p["sku"][i]), str(p["destination"][i])
        d = types.find(sku, dest)
        if d is None:
            ctx.msg.add("type", f"{drum_name(p, i)} is of an sku not in the order")
            continue
        if str(p["axis"][i]) not in d.orientations:
            ctx.msg.add("axis", f"{drum_name(p, i)} lies on axis {str(p['axis'][i])!r}, "
                                f"not allowed for {sku!r} (allowed: {', '.join(d.orientations)})")
        if valid[i] and (abs(p["diameter"][i] - d.diameter) > TOL
                         or abs(p["height"][i] - d.height) > TOL
                         or abs(p["weight"][i] - d.weight) > 1e-9 * max(1.0, d.weight)):
            ctx.msg.add("type", f"{drum_name(p, i)} has size or weight different from its drum "
                                f"type ({p['diameter'][i]:g} x {p['height'][i]:g} mm, "
                                f"{p['weight'][i]:g} kg vs {d.diameter:g} x {d.height:g} mm, "
                                f"{d.weight:g} kg)")
