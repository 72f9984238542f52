"""Independent soundness checks for load plans.

:func:`verify` takes a :class:`~loadplan.model.LoadPlan` or a
:class:`~loadplan.model.ContainerLoad` and returns a list of violations, one
clear sentence each (naming the container by its number, 1-based as in the
report and the placements CSV, the sku and the loading step); ``[]`` means
sound. :func:`check` returns the violations together with
advisory notes (e.g. where chocks are needed).

This module shares no code with the packer (``loadplan.kernels``,
``loadplan.filling``, ``loadplan.pack``): it is plain NumPy plus shapely, written
from the definitions below, so that a bug in the packer cannot hide itself.

Geometry
--------
A drum is a solid right circular cylinder: centroid ``(x, y, z)``, axis
``"x"``, ``"y"`` or ``"z"``, radius ``r = diameter / 2`` and half length
``l = height / 2`` along its axis. Two drums may touch; they *overlap* when
they still intersect after each is shrunk by ``TOL / 2`` in radius and in half
length (``TOL = 1e-6`` mm), i.e. when they interpenetrate by more than
``TOL``.

*Parallel* drums (same axis) overlap iff their circles overlap,
``dist < r1 + r2 - TOL``, and their extents along the axis overlap by more
than ``TOL``.

*Perpendicular* drums, A with axis ``a`` and B with axis ``b != a``; let
``c`` be the third axis. Cut both solids with the plane ``u_c = t``. The
slice of A is the rectangle ``|u_a - A_a| <= l_A``,
``|u_b - A_b| <= s_A(t)`` with ``s_A(t) = sqrt(r_A^2 - (t - A_c)^2)``; the
slice of B is ``|u_b - B_b| <= l_B``, ``|u_a - B_a| <= s_B(t)``. Two
axis-aligned rectangles meet iff their intervals meet on both axes, so the
solids meet iff some ``t`` has ``s_A(t) >= p`` and ``s_B(t) >= q`` with
``p = |A_b - B_b| - l_B`` and ``q = |A_a - B_a| - l_A``. ``s_A(t) >= p``
holds on ``|t - A_c| <= T_A`` with ``T_A = r_A`` if ``p <= 0``,
``T_A = sqrt(r_A^2 - p^2)`` if ``0 < p <= r_A`` and nowhere if ``p > r_A``
(likewise ``T_B`` from ``q``); two such intervals of ``t`` meet iff
``|A_c - B_c| <= T_A + T_B``. This is exact (no sampling); the tests compare
it with a sampling twin and an alternating-projection twin.

Candidate pairs come from a uniform 3-D grid (cells as large as 90 % of the
drums' boxes; a larger drum is entered into every cell it covers), so
thousands of drums are checked in well under a second.

Support (nothing floats)
------------------------
A drum touching the floor (bottom at ``z = 0`` within ``TOL``) is supported.
Otherwise its *contacts* are the drums under it that touch it:

* a standing drum (axis z) rests on drums whose top is at its base height:
  standing drums below contribute their top disc; lying drums below
  contribute their top contact line, modelled as a strip of width
  ``LINE_STRIP_SHARE * diameter`` (10 %) along the lying drum. The supported
  region is the base disc intersected with the union of these footprints
  (shapely). The base is stable when its centre lies in the convex hull of
  the supported region (the support polygon) and that hull covers at least
  ``MIN_SUPPORT_SHARE`` (50 %) of the base area. A drum balanced on one
  lying drum's top line, or whose centre hangs beyond what is under it,
  fails; a rigid base bridging two drums, its centre between them, passes
  when the hull is large enough.
* a lying drum (axis x or y) touches: standing drums whose top is at its
  bottom (a contact segment along its bottom line); perpendicular lying
  drums whose top line crosses its bottom line (a contact point); parallel
  lying drums below it whose surfaces touch it (distance between axes equal
  to ``r1 + r2`` within ``TOL``; the contact is a segment along the axis at
  the touching line). Projected on the horizontal plane, the drum is stable
  when its centre lies in the convex hull of its contacts and the hull spans
  at least ``MIN_LINE_SHARE`` (50 %) of its length. So a drum in a groove
  (touching one parallel drum on each side) is stable, a drum touching a
  parallel drum on one side only would roll off (a violation, as on rows
  shifted by less than d/2), and a drum straight on top of one parallel
  drum is accepted but reported in the notes as needing chocks.
  A drum resting on one side of a drum below would roll toward the other
  side; it is held (and reported in the notes) when a container wall (the
  side walls; for drums lying across, the front wall and the closed doors)
  or a neighbouring drum is within ``LEAN_GAP`` (2 mm) of it on that side,
  the neighbour level with its centre (its height range contains the
  centre's height); the notes list such drums unless a wall touches them.
  So the end drum of an upper row may rest on one drum
  below and lean on the wall or on the next block. Whether that neighbour is
  itself held is not followed further.
* layer boards: the verifier reads them only from
  :attr:`~loadplan.model.ContainerLoad.boards` (extent, underside ``z``,
  thickness), never from the notes. A drum with no direct contact may stand on
  a board whose top is at its base; it needs the board under its base (its
  base centre on a board, at least ``MIN_SUPPORT_SHARE`` of the base, or
  ``MIN_LINE_SHARE`` of a lying drum's bottom line, over boards) and the
  board carried by a full layer beneath (the tops of the drums under it cover
  at least :data:`~loadplan.stacking.MIN_BOARD_COVER`, 50 %, of its area).
  A board is rigid: it spreads the load over the convex hull of the tops of
  all its carriers, and the same rules as above apply to the base (standing)
  or bottom line (lying) over that hull. Boards lie inside
  the container and cut through no drum and no other board. The exact rules
  are in :mod:`loadplan.stacking`.

Layers: a drum on the floor is in layer 1, any other drum in one more than
the highest layer among its contacts. ``Drum.max_layers`` bounds this.

Other checks
------------
Finite coordinates and sizes; containment in the container box; payload
(cargo weight <= ``max_payload``); the door (every drum passes the door
opening in some orientation: along x as a circle of its diameter, or
sideways as a ``diameter x height`` rectangle either way up); unique steps;
loading order (every drum's step after the steps of the drums it rests on,
directly or through a board);
count <= upper bound; placement destinations among the load's destinations.

Heavy on light: unless allowed (``heavy_on_light=True``, by default the
plan's own :attr:`~loadplan.model.LoadPlan.heavy_on_light`), no drum rests,
directly or through a board, on a drum of a lighter sku.

With the drum types (``drums=``, or the plan's own
:attr:`~loadplan.model.LoadPlan.drums` when it carries them) it also checks
each placement's axis against ``Drum.orientations``, layers against
``Drum.max_layers``, the weight resting on each drum against
``Drum.max_load`` (the weight passed down the support contacts in equal
shares, see :mod:`loadplan.stacking`), its size and weight against its type,
and for a :class:`~loadplan.model.LoadPlan` that placed + unplaced equals
the ordered quantity for every (sku, destination). Without types those checks
are skipped: placements do not record allowed axes or limits.

Multi-drop: when a load serves several destinations (``destinations`` in
unloading order), no drum may be blocked by a drum of a later stop: none
resting on it, none in its way out (cross-sections overlapping and reaching
nearer the doors).

Trust (:mod:`loadplan.plan_checks`): a container named like a catalog type
must have that type's sizes and limits; the loading order must be one the crew
can carry out (every drum after what it rests on, what lies right under it and
what lies between it and the front wall), with or without ``drums``; and
``loadplan verify`` compares the file's own totals with its placements.

Not checked here: the longitudinal centre of gravity (a planning target
that :attr:`~loadplan.model.ContainerLoad.cog` reports).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from loadplan.plan_checks import (
    blocking_pairs,
    catalog_problems,
    check_drums,
    check_step_order,
    consistency_problems,
    projections_overlap,
)
from loadplan.stacking import board_problems, board_support, carried_weight, heavy_on_light_pairs

__all__ = [
    "TOL",
    "MIN_SUPPORT_SHARE",
    "MIN_LINE_SHARE",
    "LINE_STRIP_SHARE",
    "MAX_MESSAGES",
    "LEAN_GAP",
    "VerifyReport",
    "verify",
    "check",
    "cylinders_overlap",
    "pair_overlaps",
    "passes_door",
    "catalog_problems",
    "projections_overlap",
    "blocking_pairs",
    "check_step_order",
    "check_drums",
    "consistency_problems",
]

TOL = 1e-6
"""Geometry tolerance in mm: touching is allowed, interpenetration beyond it is not."""

MIN_SUPPORT_SHARE = 0.5
"""Least share of a standing drum's base area that its support polygon must cover."""

MIN_LINE_SHARE = 0.5
"""Least share of a lying drum's length that the hull of its contacts must span."""

LINE_STRIP_SHARE = 0.1
"""Width of a lying drum's top contact strip, as a share of its diameter."""

LEAN_GAP = 2.0
"""Widest gap (mm) to a wall or neighbour that still holds a lying drum from rolling."""

MAX_MESSAGES = 50
"""Most messages of one kind per container; the rest are summarised in one line."""

_AXIS_INDEX = {"x": 0, "y": 1, "z": 2}
_AXIS_NAME = {"x": "lying along", "y": "lying across", "z": "standing"}


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


# ----------------------------------------------------------------------------
# pure geometry
# ----------------------------------------------------------------------------
def _extents(axis_idx: np.ndarray, r: np.ndarray, hl: np.ndarray) -> np.ndarray:
    """Half extents (n, 3) of each drum's bounding box."""
    ext = np.repeat(r[:, None], 3, axis=1)
    rows = np.arange(axis_idx.shape[0])
    ext[rows, axis_idx] = hl
    return ext


def pair_overlaps(
    centres_a: np.ndarray, axes_a: np.ndarray, radii_a: np.ndarray, half_a: np.ndarray,
    centres_b: np.ndarray, axes_b: np.ndarray, radii_b: np.ndarray, half_b: np.ndarray,
    tol: float = TOL,
) -> np.ndarray:
    """Exact overlap test for pairs of axis-aligned cylinders (vectorised).

    Parameters
    ----------
    centres_a, centres_b : ndarray, shape (m, 3)
        Centroids.
    axes_a, axes_b : ndarray of int, shape (m,)
        Axis index: 0 for x, 1 for y, 2 for z.
    radii_a, radii_b, half_a, half_b : ndarray, shape (m,)
        Radii and half lengths along the axis.
    tol : float
        Each solid is shrunk by ``tol / 2`` (radius and half length) before
        testing for intersection, so touching pairs do not overlap.

    Returns
    -------
    ndarray of bool, shape (m,)
        True where the pair interpenetrates by more than ``tol``. See the
        module docstring for the derivation.
    """
    ca = np.asarray(centres_a, dtype=np.float64).reshape(-1, 3)
    cb = np.asarray(centres_b, dtype=np.float64).reshape(-1, 3)
    ka = np.asarray(axes_a, dtype=np.int64)
    kb = np.asarray(axes_b, dtype=np.int64)
    ra = np.asarray(radii_a, dtype=np.float64) - tol / 2
    rb = np.asarray(radii_b, dtype=np.float64) - tol / 2
    la = np.asarray(half_a, dtype=np.float64) - tol / 2
    lb = np.asarray(half_b, dtype=np.float64) - tol / 2
    m = ca.shape[0]
    out = np.zeros(m, dtype=bool)
    rows = np.arange(m)
    d = np.abs(ca - cb)  # (m, 3)
    par = ka == kb
    if par.any():
        i = rows[par]
        k = ka[par]
        axial = d[i, k]
        # the two coordinates other than the axis
        o1 = (k + 1) % 3
        o2 = (k + 2) % 3
        dist2 = d[i, o1] ** 2 + d[i, o2] ** 2
        out[i] = (axial < la[i] + lb[i]) & (dist2 < (ra[i] + rb[i]) ** 2)
    per = ~par
    if per.any():
        i = rows[per]
        a, b = ka[per], kb[per]
        c = 3 - a - b
        p = d[i, b] - lb[i]  # A's disc half-width along b must reach p
        q = d[i, a] - la[i]  # B's disc half-width along a must reach q
        rA, rB = ra[i], rb[i]
        tA = np.where(p <= 0, rA, np.sqrt(np.maximum(rA * rA - p * p, 0.0)))
        tB = np.where(q <= 0, rB, np.sqrt(np.maximum(rB * rB - q * q, 0.0)))
        out[i] = (p < rA) & (q < rB) & (d[i, c] < tA + tB)
    return out


def cylinders_overlap(a: tuple, b: tuple, tol: float = TOL) -> bool:
    """Whether two axis-aligned drums interpenetrate by more than ``tol``.

    Parameters
    ----------
    a, b : tuple
        ``(x, y, z, axis, diameter, height)`` with axis ``"x"``, ``"y"`` or
        ``"z"``.
    tol : float

    Returns
    -------
    bool

    Examples
    --------
    >>> cylinders_overlap((0, 0, 0, "z", 2, 2), (2, 0, 0, "z", 2, 2))  # touching
    False
    >>> cylinders_overlap((0, 0, 0, "z", 2, 2), (0, 0, 1.5, "x", 2, 4))
    True
    """
    res = pair_overlaps(
        np.array([a[:3]], dtype=float), np.array([_AXIS_INDEX[a[3]]]),
        np.array([a[4] / 2]), np.array([a[5] / 2]),
        np.array([b[:3]], dtype=float), np.array([_AXIS_INDEX[b[3]]]),
        np.array([b[4] / 2]), np.array([b[5] / 2]), tol,
    )
    return bool(res[0])


def passes_door(diameter: Any, height: Any, door_width: float, door_height: float,
                tol: float = TOL) -> np.ndarray | bool:
    """Whether a drum passes a door opening in some orientation.

    Loaded along x, a drum lying along x shows its circle (``diameter`` by
    ``diameter``); standing or lying across it shows a ``diameter x height``
    rectangle, which may go either way up.

    Parameters
    ----------
    diameter, height : float or array_like
        Drum size(s) in mm.
    door_width, door_height : float
        The door opening in mm.
    tol : float, default TOL
        Slack in mm: a drum exactly as wide as the opening passes.

    Returns
    -------
    bool or numpy.ndarray of bool
        Elementwise: whether the drum passes in some orientation.

    Examples
    --------
    >>> bool(passes_door(2400, 1000, 2340, 2274))   # on its side, 1000 wide
    False
    >>> bool(passes_door(1000, 2300, 2340, 2274))   # lying: 2300 x 1000
    True
    """
    d = np.asarray(diameter, dtype=float)
    h = np.asarray(height, dtype=float)
    w, t = door_width + tol, door_height + tol
    return ((d <= w) & (d <= t)) | ((d <= w) & (h <= t)) | ((h <= w) & (d <= t))


PAIR_LIMIT = 2_000_000
"""Most candidate pairs for the full check (or :data:`PAIRS_PER_DRUM` per drum, if
more); beyond it (drums piled into each other) only overlaps are counted and
support is reported as unchecked."""

PAIRS_PER_DRUM = 64
"""Candidate pairs per drum always checked in full: a sound layout has about 35 (a
container of 63,789 drums of Ø 110 x 110 mm has 2.19 million), drums piled into
each other have many more."""


class _Grid:
    """Boxes ``[lo - pad, hi + pad]`` entered into a uniform grid.

    Each box goes into every cell it covers (cell side >= 90 % of the boxes,
    so those cover at most 2 cells per axis); a pair is reported only in the cell that holds
    the lower corner of the boxes' intersection, so each meeting pair appears
    once. ``raw`` is the number of same-cell pairs before that filter.
    """

    def __init__(self, lo: np.ndarray, hi: np.ndarray, pad: float) -> None:
        n = lo.shape[0]
        self.lo = lo - pad
        self.hi = hi + pad
        self.raw = 0
        self.m = 0
        if n < 2:
            return
        size = (self.hi - self.lo).max(axis=1)
        # cells as large as most boxes (90 %); larger boxes span more cells (<= 9 a side)
        self.cell = max(float(np.quantile(size, 0.9)), float(size.max()) / 8) * (1 + 1e-9) + 1e-9
        self.origin = self.lo.min(axis=0)
        cmin = np.floor((self.lo - self.origin) / self.cell).astype(np.int64)
        cmax = np.floor((self.hi - self.origin) / self.cell).astype(np.int64)
        self.dims = cmax.max(axis=0) + 2
        span = cmax - cmin + 1
        ncell = span.prod(axis=1)
        drum = np.repeat(np.arange(n), ncell)
        local = np.arange(int(ncell.sum())) - np.repeat(np.cumsum(ncell) - ncell, ncell)
        sy, sz = span[drum, 1], span[drum, 2]
        c = cmin[drum] + np.stack([local // (sy * sz), (local // sz) % sy, local % sz], axis=1)
        key = self._key(c)
        order = np.argsort(key, kind="stable")
        self.drum, self.key = drum[order], key[order]
        self.m = m = self.key.shape[0]
        starts = np.r_[0, np.nonzero(np.diff(self.key))[0] + 1]
        ends = np.r_[starts[1:], m]
        self.counts = np.repeat(ends, ends - starts) - np.arange(m) - 1
        self.raw = int(self.counts.sum())

    def _key(self, c: np.ndarray) -> np.ndarray:
        return (c[:, 0] * self.dims[1] + c[:, 1]) * self.dims[2] + c[:, 2]

    def chunks(self, chunk: int = 2_000_000) -> Iterable[tuple[np.ndarray, np.ndarray]]:
        """Yield the meeting pairs (i, j) in chunks of about ``chunk`` raw pairs."""
        lo, hi, counts, pos = self.lo, self.hi, getattr(self, "counts", None), 0
        while pos < self.m:
            csum = np.cumsum(counts[pos:])
            stop = pos + max(1, int(np.searchsorted(csum, chunk, side="right")))
            cnt = counts[pos:stop]
            total = int(cnt.sum())
            if total:
                a = np.repeat(np.arange(pos, stop), cnt)
                first = np.repeat(np.cumsum(cnt) - cnt, cnt)
                b = a + 1 + (np.arange(total) - first)
                i, j = self.drum[a], self.drum[b]
                keep = (lo[i] <= hi[j]).all(axis=1) & (lo[j] <= hi[i]).all(axis=1)
                i, j, k = i[keep], j[keep], self.key[a][keep]
                corner = np.floor((np.maximum(lo[i], lo[j]) - self.origin) / self.cell)
                keep = self._key(corner.astype(np.int64)) == k
                yield i[keep], j[keep]
            pos = stop


def _candidate_pairs(lo: np.ndarray, hi: np.ndarray, pad: float,
                     chunk: int = 2_000_000) -> tuple[np.ndarray, np.ndarray]:
    """All pairs (i, j), i != j, whose boxes ``[lo - pad, hi + pad]`` meet, each once."""
    parts = list(_Grid(lo, hi, pad).chunks(chunk))
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


# ----------------------------------------------------------------------------
# per-container checks
# ----------------------------------------------------------------------------
class _Messages:
    """Collects messages per kind, capping each kind at MAX_MESSAGES."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.kinds: dict[str, list[str]] = {}
        self.extra: dict[str, int] = {}

    def add(self, kind: str, text: str) -> None:
        lst = self.kinds.setdefault(kind, [])
        if len(lst) < MAX_MESSAGES:
            lst.append(f"{self.prefix}: {text}")
        else:
            self.extra[kind] = self.extra.get(kind, 0) + 1

    def lines(self) -> list[str]:
        out = []
        for kind, lst in self.kinds.items():
            out += lst
            if self.extra.get(kind):
                out.append(f"{self.prefix}: ... and {self.extra[kind]} more {kind} violation(s)")
        return out


def _drum_name(p: np.ndarray, i: int) -> str:
    return f"drum {str(p['sku'][i])!r} at step {int(p['step'][i])}"


class _Drums:
    """Lookup of the order's drum types by (sku, destination), then sku."""

    def __init__(self, drums: Iterable[Any] | None) -> None:
        self.given = drums is not None
        self.by_key: dict[tuple[str, str], Any] = {}
        self.by_sku: dict[str, Any] = {}
        self.ordered: dict[tuple[str, str | None], int] = {}
        for d in drums or ():
            dest = "" if d.destination is None else d.destination
            self.by_key.setdefault((d.sku, dest), d)
            self.by_sku.setdefault(d.sku, d)
            key = (d.sku, d.destination)
            self.ordered[key] = self.ordered.get(key, 0) + int(d.quantity)

    def find(self, sku: str, dest: str) -> Any:
        return self.by_key.get((sku, dest)) or self.by_sku.get(sku)


def _check_load(load: Any, ci: int, types: _Drums, heavy_ok: bool,
                report: VerifyReport) -> None:
    c = load.container
    p = load.placements
    msg = _Messages(f"container {ci} ({c.name})")
    n = p.shape[0]

    # --- counts, steps, destinations, payload ------------------------------
    for problem in catalog_problems(c):
        msg.add("catalog", problem)
    if n > load.upper_bound:
        msg.add("count", f"holds {n} drums, more than its upper bound {load.upper_bound}")
    steps = p["step"]
    if n > 1:
        dup = np.nonzero(np.diff(np.sort(steps)) == 0)[0]
        for k in dup[:MAX_MESSAGES]:
            msg.add("count", f"loading step {int(np.sort(steps)[k])} is used by more than one drum")
    weight = float(np.nansum(p["weight"]))
    if weight > c.max_payload * (1 + 1e-12):
        msg.add("payload", f"cargo weighs {weight:,.1f} kg, more than the maximum payload "
                           f"{c.max_payload:,.1f} kg")
    if load.destinations:
        allowed = {"" if d is None else d for d in load.destinations}
        bad = ~np.isin(p["destination"], list(allowed))
        for i in np.nonzero(bad)[0]:
            dest = str(p["destination"][i]) or "no destination"
            msg.add("destination", f"{_drum_name(p, i)} is for {dest!r}, which is not among the "
                                   f"container's destinations {list(load.destinations)}")

    # --- finite values, sizes, axes ---------------------------------------
    num = np.stack([p[f] for f in ("x", "y", "z", "diameter", "height", "weight")], axis=1) \
        if n else np.zeros((0, 6))
    finite = np.isfinite(num).all(axis=1)
    good_axis = np.isin(p["axis"], ["x", "y", "z"])
    positive = (p["diameter"] > 0) & (p["height"] > 0) & (p["weight"] >= 0)
    valid = finite & good_axis & positive
    for i in np.nonzero(~valid)[0]:
        if not finite[i]:
            what = "has a non-finite coordinate, size or weight (NaN or infinity)"
        elif not good_axis[i]:
            what = f"has an invalid axis {str(p['axis'][i])!r} (expected x, y or z)"
        else:
            what = "has a non-positive diameter or height, or a negative weight"
        msg.add("value", f"{_drum_name(p, i)} {what}")

    # --- types: axes, sizes --------------------------------------------------
    if types.given:
        for i in _type_suspects(p, types, valid).tolist():
            sku, dest = str(p["sku"][i]), str(p["destination"][i])
            d = types.find(sku, dest)
            if d is None:
                msg.add("type", f"{_drum_name(p, i)} is of an sku not in the order")
                continue
            if str(p["axis"][i]) not in d.orientations:
                msg.add("axis", f"{_drum_name(p, i)} lies on axis {str(p['axis'][i])!r}, "
                                f"not allowed for {sku!r} (allowed: {', '.join(d.orientations)})")
            if valid[i] and (abs(p["diameter"][i] - d.diameter) > TOL
                             or abs(p["height"][i] - d.height) > TOL
                             or abs(p["weight"][i] - d.weight) > 1e-9 * max(1.0, d.weight)):
                msg.add("type", f"{_drum_name(p, i)} has size or weight different from its drum type "
                                f"({p['diameter'][i]:g} x {p['height'][i]:g} mm, {p['weight'][i]:g} kg "
                                f"vs {d.diameter:g} x {d.height:g} mm, {d.weight:g} kg)")

    idx = np.nonzero(valid)[0]
    if idx.size == 0:
        report.violations += msg.lines()
        return
    q = p[idx]
    cen = np.stack([q["x"], q["y"], q["z"]], axis=1)
    k = np.array([_AXIS_INDEX[a] for a in q["axis"]], dtype=np.int64)
    r = q["diameter"] / 2.0
    hl = q["height"] / 2.0
    ext = _extents(k, r, hl)
    lo, hi = cen - ext, cen + ext

    # --- door -----------------------------------------------------------------
    door_ok = passes_door(q["diameter"], q["height"], c.door_width, c.door_height)
    for i in np.nonzero(~door_ok)[0]:
        msg.add("door", f"{_drum_name(q, i)} ({q['diameter'][i]:g} x {q['height'][i]:g} mm) cannot "
                        f"pass the door opening {c.door_width:g} x {c.door_height:g} mm in any "
                        "orientation")

    # --- containment -------------------------------------------------------
    size = np.array([c.length, c.width, c.height])
    out = (lo < -TOL) | (hi > size + TOL)
    names = ("x", "y", "z")
    for i in np.nonzero(out.any(axis=1))[0]:
        parts = []
        for a in range(3):
            if lo[i, a] < -TOL:
                parts.append(f"{names[a]} from {lo[i, a]:.6g} mm is below 0")
            if hi[i, a] > size[a] + TOL:
                parts.append(f"{names[a]} to {hi[i, a]:.6g} mm is beyond {size[a]:g}")
        msg.add("containment", f"{_drum_name(q, i)} sticks out of the container ({'; '.join(parts)})")

    # --- overlap ------------------------------------------------------------
    boards = load.boards  # contacts through boards come from the boards, not from the pairs
    pad = TOL + LEAN_GAP
    # bin clipped boxes: absurd coordinates (1e308) would overflow the cell keys and hide pairs.
    # A pair whose boxes meet only beyond the margin is two containment violations already.
    margin = float(size.max())
    grid = _Grid(np.clip(lo, -margin, size + margin), np.clip(hi, -margin, size + margin), pad)
    full = grid.raw <= max(PAIR_LIMIT, PAIRS_PER_DRUM * q.shape[0])
    keep_i, keep_j, ov_i, ov_j = [], [], [], []
    n_over = 0
    for ci_, cj_ in grid.chunks(2_000_000 if full else 100_000):
        ov = pair_overlaps(cen[ci_], k[ci_], r[ci_], hl[ci_], cen[cj_], k[cj_], r[cj_], hl[cj_])
        n_over += int(ov.sum())
        if full:
            keep_i.append(ci_)
            keep_j.append(cj_)
            ov_i.append(ci_[ov])
            ov_j.append(cj_[ov])
        else:
            ov_i.append(ci_[ov][:MAX_MESSAGES])
            ov_j.append(cj_[ov][:MAX_MESSAGES])
            if n_over > MAX_MESSAGES:
                break  # enough to condemn the load; counting every pair is not worth it
    if n_over:
        a_, b_ = np.concatenate(ov_i), np.concatenate(ov_j)
        swap = q["step"][a_] > q["step"][b_]
        a_, b_ = np.where(swap, b_, a_), np.where(swap, a_, b_)
        order = np.lexsort((q["step"][b_], q["step"][a_]))[:MAX_MESSAGES]
        for u, v in zip(a_[order], b_[order]):
            msg.add("overlap", f"{_drum_name(q, u)} ({_AXIS_NAME[str(q['axis'][u])]}) overlaps "
                               f"{_drum_name(q, v)} ({_AXIS_NAME[str(q['axis'][v])]})")
        msg.extra["overlap"] = n_over - len(order)
    if not full:
        msg.add("support", "overlaps were not all counted, and support, layers and stops were not "
                           f"checked: the drums crowd into each other ({grid.raw:,} close pairs)")
        report.violations += msg.lines()
        return
    pi_ = np.concatenate(keep_i) if keep_i else np.zeros(0, np.int64)
    pj_ = np.concatenate(keep_j) if keep_j else np.zeros(0, np.int64)

    # --- support --------------------------------------------------------------
    layers, (cu, cw), (su, sw) = _support(q, cen, k, r, hl, lo, hi, pi_, pj_, boards, msg,
                                          report.notes, ci, c.name, size)
    for text in board_problems(boards, cen, k, r, hl, size):
        msg.add("board", text)
    if not heavy_ok:
        _check_heavy_on_light(q, su, sw, msg)

    # --- multi-drop: no drum blocked by a drum of a later stop -----------------
    if len(load.destinations) > 1:
        _check_stops(q, lo, hi, load.destinations, cu, cw, msg)

    # --- loading order: after what it rests on and what is in front of it ------
    check_step_order(q, cen, k, r, hl, lo, hi, cu, cw, msg)

    # --- layers, weight carried -------------------------------------------------
    if types.given:
        max_layers, max_load = _limits(q, types)
        for i in np.nonzero(layers > max_layers)[0][:MAX_MESSAGES + 1].tolist():
            msg.add("layers", f"{_drum_name(q, i)} is in layer {int(layers[i])}, above the "
                              f"{int(max_layers[i])} layer(s) allowed for {str(q['sku'][i])!r}")
        if np.isfinite(max_load).any():
            carried = carried_weight(q["weight"], lo[:, 2], su, sw)
            over = np.nonzero(carried > max_load * (1 + 1e-9))[0]
            for i in over[:MAX_MESSAGES].tolist():
                msg.add("max_load", f"{_drum_name(q, i)} carries {carried[i]:,.1f} kg, more than "
                                    f"the {max_load[i]:g} kg max_load of {str(q['sku'][i])!r}")
            if over.size > MAX_MESSAGES:
                msg.extra["max_load"] = int(over.size) - MAX_MESSAGES
    report.violations += msg.lines()


def _type_keys(q: np.ndarray, types: _Drums) -> tuple[list[Any], np.ndarray]:
    """The drum type of each distinct (sku, destination) of ``q``, and each placement's index."""
    n = q.shape[0]
    if n == 0:
        return [], np.zeros(0, np.int64)
    # placements come in runs of one sku and destination: look up one per run
    change = np.r_[True, (q["sku"][1:] != q["sku"][:-1])
                   | (q["destination"][1:] != q["destination"][:-1])]
    starts = np.flatnonzero(change)
    slot: dict[tuple[str, str], int] = {}
    run_type = np.array([slot.setdefault(key, len(slot)) for key in zip(
        q["sku"][starts].tolist(), q["destination"][starts].tolist())], dtype=np.int64)
    return [types.find(*key) for key in slot], run_type[np.cumsum(change) - 1]


def _type_suspects(p: np.ndarray, types: _Drums, valid: np.ndarray) -> np.ndarray:
    """Placements whose type is unknown, whose axis it forbids or whose size differs (vectorised)."""
    found, inv = _type_keys(p, types)
    missing = np.array([d is None for d in found], dtype=bool)
    allowed = np.array([[d is not None and a in d.orientations for a in "xyz"] for d in found],
                       dtype=bool).reshape(-1, 3)
    attrs = np.array([(d.diameter, d.height, d.weight) if d is not None else (np.nan,) * 3
                      for d in found], dtype=np.float64).reshape(-1, 3)
    axis = np.array([_AXIS_INDEX.get(a, -1) for a in p["axis"].tolist()], dtype=np.int64)
    axis_ok = (axis >= 0) & allowed[inv, np.maximum(axis, 0)]
    want = attrs[inv]
    size_bad = valid & ((np.abs(p["diameter"] - want[:, 0]) > TOL)
                        | (np.abs(p["height"] - want[:, 1]) > TOL)
                        | (np.abs(p["weight"] - want[:, 2]) > 1e-9 * np.maximum(1.0, want[:, 2])))
    return np.nonzero(missing[inv] | ~axis_ok | size_bad)[0]


def _limits(q: np.ndarray, types: _Drums) -> tuple[np.ndarray, np.ndarray]:
    """Per placement: its type's ``max_layers`` and ``max_load`` (inf when unset or unknown)."""
    found, inv = _type_keys(q, types)
    layers = np.full(len(found), np.inf)
    loads = np.full(len(found), np.inf)
    for t, d in enumerate(found):
        if d is not None and d.max_layers is not None:
            layers[t] = d.max_layers
        if d is not None and d.max_load is not None:
            loads[t] = d.max_load
    return layers[inv], loads[inv]


def _check_heavy_on_light(q: np.ndarray, su: np.ndarray, sw: np.ndarray, msg: _Messages) -> None:
    """A drum resting (directly or through a board) on a lighter sku's drum."""
    bad = heavy_on_light_pairs(q["sku"], q["weight"], su, sw)
    for j in bad[:MAX_MESSAGES].tolist():
        a, b = int(su[j]), int(sw[j])
        msg.add("heavy", f"{_drum_name(q, a)} ({q['weight'][a]:g} kg) rests on {_drum_name(q, b)} "
                         f"({q['weight'][b]:g} kg), a lighter type (heavy on light; allowed only "
                         "with heavy_on_light=True)")
    if bad.size > MAX_MESSAGES:
        msg.extra["heavy"] = int(bad.size) - MAX_MESSAGES


def _support(q: np.ndarray, cen: np.ndarray, k: np.ndarray, r: np.ndarray, hl: np.ndarray,
             lo: np.ndarray, hi: np.ndarray, pi_: np.ndarray, pj_: np.ndarray,
             boards: np.ndarray, msg: _Messages, notes: list[str], ci: int,
             cname: str, size: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray],
                                                   tuple[np.ndarray, np.ndarray]]:
    """Check that nothing floats.

    Returns each drum's layer number (1 = floor), all contacts (drum above,
    drum below; direct and through boards) and the support contacts (the
    same pairs: a drum is carried through boards only when nothing carries it
    directly).
    """
    n = q.shape[0]
    bottom, top = lo[:, 2], hi[:, 2]
    on_floor = np.abs(bottom) <= TOL
    # directed pairs (upper u, lower w)
    u = np.r_[pi_, pj_]
    w = np.r_[pj_, pi_]
    contact = _contacts(cen, k, r, hl, bottom, top, u, w, 0.0)
    cu, cw = u[contact], w[contact]
    has_direct = np.zeros(n, dtype=bool)
    has_direct[cu] = True
    board_issues, bu, bw, on_board = board_support(
        cen, k, r, hl, np.nonzero(~on_floor & ~has_direct)[0], boards,
        (MIN_SUPPORT_SHARE, MIN_LINE_SHARE, LINE_STRIP_SHARE))

    # layers: iterate to a fixed point (supporters have lower centres)
    layers = np.ones(n, dtype=np.int64)
    su, sw = np.r_[cu, bu], np.r_[cw, bw]
    for _ in range(n + 1):
        new = layers.copy()
        if su.size:
            np.maximum.at(new, su, layers[sw] + 1)
        new[on_floor] = 1
        if np.array_equal(new, layers):
            break
        layers = new

    # group contacts by supported drum
    by = _group(cu, cw, n)
    chocks: list[int] = []
    leaning: list[int] = []
    near: list[np.ndarray] = []

    def leans(i: int, side: int) -> bool:
        """A neighbour within LEAN_GAP on ``side`` of lying drum i, level with its centre."""
        if not near:
            near.extend(_group(np.r_[pi_, pj_], np.r_[pj_, pi_], n))
        js = near[i]
        if js.size == 0:
            return False
        lat = 1 - int(k[i])
        js = js[((cen[js, lat] - cen[i, lat]) * side > 0)
                & (lo[js, 2] <= cen[i, 2]) & (hi[js, 2] >= cen[i, 2])]
        if js.size == 0:
            return False
        m = js.shape[0]
        close = pair_overlaps(np.repeat(cen[i:i + 1], m, 0), np.full(m, k[i]), np.full(m, r[i]),
                              np.full(m, hl[i]), cen[js], k[js], r[js], hl[js], tol=-LEAN_GAP)
        return bool(close.any())
    # standing drums carried directly: vectorised (fast path, then shapely arrays)
    standing_problems = _standing_problems(cen, k, r, hl, cu, cw, (k == 2) & ~on_floor & has_direct)
    straight_ok = _straight_stacked(cen, k, r, hl, cu, cw, n)
    for i in range(n):
        if on_floor[i]:
            continue
        if straight_ok[i]:  # what _lying_problem says of it, found vectorised
            chocks.append(i)
            continue
        if on_board[i]:  # carried through layer boards only (loadplan.stacking)
            if i in board_issues:
                msg.add("support", f"{_drum_name(q, i)} ({_AXIS_NAME[str(q['axis'][i])]}, bottom "
                                   f"at z = {bottom[i]:.6g} mm) {board_issues[i]}")
            continue
        sup = by[i]
        if sup.size == 0:
            msg.add("support", f"{_drum_name(q, i)} ({_AXIS_NAME[str(q['axis'][i])]}, bottom at "
                               f"z = {bottom[i]:.6g} mm) floats: nothing carries it")
            continue
        if k[i] == 2:
            problem = standing_problems.get(i)
        else:
            problem, advice = _lying_problem(i, sup, cen, k, r, hl, size, leans)
            if advice == "straight":
                chocks.append(i)
            elif advice == "lean":
                leaning.append(i)
        if problem:
            msg.add("support", f"{_drum_name(q, i)} ({_AXIS_NAME[str(q['axis'][i])]}, bottom at "
                               f"z = {bottom[i]:.6g} mm) {problem}")
    if leaning:
        steps = ", ".join(str(int(q["step"][i])) for i in leaning[:20])
        more = ", ..." if len(leaning) > 20 else ""
        notes.append(f"container {ci} ({cname}): {len(leaning)} lying drum(s) rest on one drum below "
                     f"and lean on a wall or a neighbour (steps {steps}{more}); fill any gap there "
                     "with dunnage")
    if chocks:
        steps = ", ".join(str(int(q["step"][i])) for i in chocks[:20])
        more = ", ..." if len(chocks) > 20 else ""
        notes.append(f"container {ci} ({cname}): {len(chocks)} drum(s) lie straight on the drum "
                     f"below (steps {steps}{more}); chock them or hold their rows against the walls")
    return layers, (np.r_[cu, bu], np.r_[cw, bw]), (np.r_[cu, bu], np.r_[cw, bw])


def _check_stops(q: np.ndarray, lo: np.ndarray, hi: np.ndarray, destinations: tuple,
                 cu: np.ndarray, cw: np.ndarray, msg: _Messages, block: int = 256) -> None:
    """Multi-drop: a drum must not be under, or behind (nose side of), a later stop's drum.

    ``destinations`` lists the stops in unloading order. Drum B of a later stop
    blocks drum A when it rests on A, or when it lies in A's way out: their
    cross-sections (y-z boxes) overlap by more than TOL and B reaches nearer
    the doors than A (``B.xmax > A.xmax + TOL``).
    """
    rank_of = {("" if d is None else d): i for i, d in enumerate(destinations)}
    rank = np.array([rank_of.get(str(d), -1) for d in q["destination"]], dtype=np.int64)
    stop = {i: ("no destination" if d is None else repr(d)) for i, d in enumerate(destinations)}

    def say(a: int, b: int, how: str) -> None:
        msg.add("stops", f"{_drum_name(q, a)} for {stop[int(rank[a])]} (stop {int(rank[a]) + 1}) "
                         f"is blocked by {_drum_name(q, b)} for {stop[int(rank[b])]} "
                         f"(stop {int(rank[b]) + 1}), which {how}")

    known = rank >= 0
    on_top = known[cu] & known[cw] & (rank[cu] > rank[cw])
    for a, b in zip(cw[on_top].tolist(), cu[on_top].tolist()):
        say(a, b, "rests on it")
    idx = np.nonzero(known)[0]
    later_any = rank[idx] < rank[idx].max()
    for start in range(0, idx.shape[0], block):
        a = idx[start:start + block]
        a = a[later_any[start:start + block]]
        if a.size == 0:
            continue
        b = idx
        hit = (rank[b][None, :] > rank[a][:, None]) \
            & (hi[b, 0][None, :] > hi[a, 0][:, None] + TOL) \
            & (lo[b, 1][None, :] < hi[a, 1][:, None] - TOL) & (lo[a, 1][:, None] < hi[b, 1][None, :] - TOL) \
            & (lo[b, 2][None, :] < hi[a, 2][:, None] - TOL) & (lo[a, 2][:, None] < hi[b, 2][None, :] - TOL)
        ai, bi = np.nonzero(hit)
        # one message per blocked drum
        first = np.r_[True, ai[1:] != ai[:-1]] if ai.size else np.zeros(0, bool)
        for t in np.nonzero(first)[0]:
            say(int(a[ai[t]]), int(b[bi[t]]), "lies between it and the doors")


def _group(u: np.ndarray, w: np.ndarray, n: int) -> list[np.ndarray]:
    order = np.argsort(u, kind="stable")
    u, w = u[order], w[order]
    bounds = np.searchsorted(u, np.arange(n + 1))
    return [w[bounds[i]:bounds[i + 1]] for i in range(n)]


def _contacts(cen: np.ndarray, k: np.ndarray, r: np.ndarray, hl: np.ndarray,
              bottom: np.ndarray, top: np.ndarray, u: np.ndarray, w: np.ndarray,
              gap: float) -> np.ndarray:
    """Which directed pairs (u above, w below) are support contacts.

    ``gap`` is the vertical gap between them: 0 for direct contact (contacts
    through layer boards are :func:`loadplan.stacking.board_contacts`).
    """
    m = u.shape[0]
    res = np.zeros(m, dtype=bool)
    if m == 0:
        return res
    level = np.abs(top[w] - (bottom[u] - gap)) <= TOL
    ku, kw = k[u], k[w]
    d = cen[u] - cen[w]
    # standing on standing: top disc of w meets the base disc of u
    ss = level & (ku == 2) & (kw == 2)
    dist2 = d[:, 0] ** 2 + d[:, 1] ** 2
    res |= ss & (dist2 < (r[u] + r[w] - TOL) ** 2)
    # standing u on lying w: w's top line (lateral = cen[w][other]) crosses u's base disc
    sl = level & (ku == 2) & (kw != 2)
    if sl.any():
        idx = np.nonzero(sl)[0]
        ax = kw[idx]            # w's axis (0 or 1)
        lat = 1 - ax            # the other horizontal axis
        dl = np.abs(d[idx, lat])
        chord2 = r[u][idx] ** 2 - dl**2
        ok = chord2 > 0
        chord = np.sqrt(np.maximum(chord2, 0.0))
        da = np.abs(d[idx, ax])
        ok &= da < chord + hl[w][idx] - TOL
        res[idx] = ok
    # lying u on standing w: w's top disc meets u's bottom line
    ls = level & (ku != 2) & (kw == 2)
    if ls.any():
        idx = np.nonzero(ls)[0]
        ax = ku[idx]
        lat = 1 - ax
        dl = np.abs(d[idx, lat])
        chord2 = r[w][idx] ** 2 - dl**2
        chord = np.sqrt(np.maximum(chord2, 0.0))
        res[idx] = (chord2 > 0) & (np.abs(d[idx, ax]) < chord + hl[u][idx] - TOL)
    # lying on perpendicular lying: the lines cross
    lp = level & (ku != 2) & (kw != 2) & (ku != kw)
    if lp.any():
        idx = np.nonzero(lp)[0]
        au, aw = ku[idx], kw[idx]
        # w's top line sits at coordinate cen[w][au] along u's axis
        res[idx] = (np.abs(d[idx, au]) <= hl[u][idx] + TOL) & (np.abs(d[idx, aw]) <= hl[w][idx] + TOL)
    if gap == 0:
        # lying on parallel lying, touching below the centre
        pp = (ku != 2) & (ku == kw) & (d[:, 2] > TOL)
        if pp.any():
            idx = np.nonzero(pp)[0]
            ax = ku[idx]
            lat = 1 - ax
            dist = np.hypot(d[idx, lat], d[idx, 2])
            touch = np.abs(dist - (r[u][idx] + r[w][idx])) <= TOL
            axial = np.abs(d[idx, ax]) < hl[u][idx] + hl[w][idx] - TOL
            res[idx] = touch & axial
    return res


def _footprints(cen: np.ndarray, k: np.ndarray, r: np.ndarray, hl: np.ndarray,
                w: np.ndarray) -> np.ndarray:
    """Top footprints of drums ``w`` as shapely polygons (discs or strips)."""
    import shapely

    feet = np.empty(w.shape[0], dtype=object)
    st = k[w] == 2
    if st.any():
        ws = w[st]
        feet[st] = shapely.buffer(shapely.points(cen[ws, 0], cen[ws, 1]), r[ws], quad_segs=16)
    ly = ~st
    if ly.any():
        wl = w[ly]
        half_w = LINE_STRIP_SHARE * r[wl]  # strip width = 10 % of the diameter
        ex = np.where(k[wl] == 0, hl[wl], half_w)
        ey = np.where(k[wl] == 0, half_w, hl[wl])
        feet[ly] = shapely.box(cen[wl, 0] - ex, cen[wl, 1] - ey, cen[wl, 0] + ex, cen[wl, 1] + ey)
    return feet


def _lens_area(r1: np.ndarray, r2: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Area of the intersection of two discs with radii r1, r2, centres d apart."""
    r1, r2, d = np.broadcast_arrays(np.asarray(r1, float), np.asarray(r2, float),
                                    np.asarray(d, float))
    out = np.zeros(r1.shape)
    inner = d <= np.abs(r1 - r2)
    out[inner] = math.pi * np.minimum(r1, r2)[inner] ** 2
    part = ~inner & (d < r1 + r2)
    if part.any():
        a, b, c = r1[part], r2[part], d[part]
        alpha = np.arccos(np.clip((c * c + a * a - b * b) / (2 * c * a), -1, 1))
        beta = np.arccos(np.clip((c * c + b * b - a * a) / (2 * c * b), -1, 1))
        out[part] = a * a * (alpha - np.sin(2 * alpha) / 2) + b * b * (beta - np.sin(2 * beta) / 2)
    return out


def _standing_problems(cen: np.ndarray, k: np.ndarray, r: np.ndarray, hl: np.ndarray,
                       cu: np.ndarray, cw: np.ndarray, todo: np.ndarray) -> dict[int, str]:
    """Problems of standing drums, vectorised; returns {drum: problem}.

    ``(cu, cw)`` are contacts (drum above, drum below); ``todo`` marks the
    standing drums to check. Direct contacts: the support polygon is the
    convex hull of (base disc & union of footprints); drums on layer boards
    are :func:`loadplan.stacking.board_support`'s.
    """
    done = np.zeros(k.shape[0], dtype=bool)
    # fast path: a standing drum right below, coaxial and at least as wide
    co = (k[cw] == 2) & (np.hypot(cen[cu, 0] - cen[cw, 0], cen[cu, 1] - cen[cw, 1]) <= TOL) \
        & (r[cw] >= r[cu] - TOL)
    done[cu[co]] = True
    # second fast path: the base centre is over a standing drum below whose top
    # disc alone covers the required share of the base (the hull contains it)
    st = (k[cw] == 2) & ~co
    if st.any():
        a, b = cu[st], cw[st]
        dist = np.hypot(cen[a, 0] - cen[b, 0], cen[a, 1] - cen[b, 1])
        lens = _lens_area(r[a], r[b], dist)
        ok = (dist < r[b] - TOL) & (lens >= MIN_SUPPORT_SHARE * math.pi * r[a] ** 2 * (1 + 1e-9))
        done[a[ok]] = True
    todo = todo & ~done
    if not todo.any():
        return {}
    import shapely

    sel = todo[cu]
    u, w = cu[sel], cw[sel]
    order = np.argsort(u, kind="stable")
    u, w = u[order], w[order]
    drums = np.unique(u)
    centres = shapely.points(cen[drums, 0], cen[drums, 1])
    bases = shapely.buffer(centres, r[drums], quad_segs=16)
    slot = np.searchsorted(drums, u)
    feet = _footprints(cen, k, r, hl, w)
    pieces = shapely.intersection(bases[slot], feet)
    coords, idx = shapely.get_coordinates(pieces, return_index=True)
    owner = slot[idx]
    hulls = np.empty(drums.shape[0], dtype=object)
    hulls[:] = shapely.from_wkt("POLYGON EMPTY")
    if coords.shape[0]:
        present = np.unique(owner)
        mps = shapely.multipoints(coords, indices=np.searchsorted(present, owner))
        hulls[present] = shapely.convex_hull(mps)
    share = shapely.area(hulls) / shapely.area(bases)
    dist = shapely.distance(hulls, centres)
    out: dict[int, str] = {}
    for t, i in enumerate(drums.tolist()):
        if shapely.is_empty(hulls[t]) or not dist[t] <= TOL:
            out[i] = "floats: its base centre is not over what carries it"
        elif share[t] < MIN_SUPPORT_SHARE - 1e-9:
            out[i] = (f"is barely carried: only {share[t]:.0%} of its base is over its support "
                      f"(at least {MIN_SUPPORT_SHARE:.0%} required)")
    return out


def _straight_stacked(cen: np.ndarray, k: np.ndarray, r: np.ndarray, hl: np.ndarray,
                      cu: np.ndarray, cw: np.ndarray, n: int) -> np.ndarray:
    """Lying drums straight on parallel drums below, sound: :func:`_lying_problem` would
    return ``(None, "straight")`` for them (vectorised; the others take the per-drum path).

    Every direct supporter is a parallel lying drum right under the axis (lateral
    offset of the contact within 1e-3 mm), their segments along the axis reach the
    drum's centre from both sides and span at least ``MIN_LINE_SHARE`` of its length.
    """
    ok = np.zeros(n, dtype=bool)
    lying = k[cu] != 2
    if not lying.any():
        return ok
    u, w = cu[lying], cw[lying]
    par = k[w] == k[u]
    ax = k[u]
    lat = 1 - ax
    off = np.where(par, r[u] * (cen[w, lat] - cen[u, lat]) / (r[u] + r[w]), np.inf)
    other = np.zeros(n, dtype=bool)
    other[u[~par | (np.abs(off) > 1e-3)]] = True
    a0, li = cen[u, ax], hl[u]
    s0 = np.maximum(cen[w, ax] - hl[w] - a0, -li)
    s1 = np.minimum(cen[w, ax] + hl[w] - a0, li)
    lo_s = np.full(n, np.inf)
    hi_s = np.full(n, -np.inf)
    np.minimum.at(lo_s, u, s0)
    np.maximum.at(hi_s, u, s1)
    ok[u] = True
    with np.errstate(invalid="ignore"):
        span = (hi_s - lo_s) / (2 * hl)
    return ok & ~other & (lo_s <= TOL) & (hi_s >= -TOL) & (span >= MIN_LINE_SHARE - 1e-9)


def _lying_problem(i: int, sup: np.ndarray, cen: np.ndarray, k: np.ndarray, r: np.ndarray,
                   hl: np.ndarray, size: np.ndarray,
                   leans: Any = None) -> tuple[str | None, str | None]:
    """(problem or None, advice or None) for lying drum i.

    Advice is ``"straight"`` (lies straight on a parallel drum) or ``"lean"``
    (held by a wall or neighbour within ``LEAN_GAP``). A wall (or the closed
    doors) within ``LEAN_GAP`` of the drum's side counts as a contact on that
    side, and so does a neighbour when ``leans(i, side)`` says one is there.
    """
    ax = int(k[i])
    lat = 1 - ax
    a0, l0, ri, li = cen[i, ax], cen[i, lat], r[i], hl[i]
    # contact segments in (axial, lateral) coordinates relative to the centre
    segs = []
    straight = True
    for j in sup:
        kj = int(k[j])
        if kj == 2:
            dl = cen[j, lat] - l0
            ch = math.sqrt(max(r[j] ** 2 - dl**2, 0.0))
            s0 = max(cen[j, ax] - ch - a0, -li)
            s1 = min(cen[j, ax] + ch - a0, li)
            segs.append((s0, s1, 0.0))
            straight = False
        elif kj != ax:
            p_ = cen[j, ax] - a0
            segs.append((p_, p_, 0.0))
            straight = False
        else:
            s0 = max(cen[j, ax] - hl[j] - a0, -li)
            s1 = min(cen[j, ax] + hl[j] - a0, li)
            off = ri * (cen[j, lat] - l0) / (ri + r[j])
            if abs(off) > 1e-3:
                off_side = off
            else:
                off_side = 0.0
            segs.append((s0, s1, off_side))
    straight = straight and all(s[2] == 0.0 for s in segs)
    lo_a = min(s[0] for s in segs)
    hi_a = max(s[1] for s in segs)
    span = (hi_a - lo_a) / (2 * li)
    lean = False
    has_left = any(s[2] < 0 for s in segs)
    has_right = any(s[2] > 0 for s in segs)
    if has_left != has_right and not any(s[2] == 0 for s in segs):
        # on one side of a drum below: it would roll toward the other side
        # unless a wall or a neighbour there holds it
        side = 1 if has_left else -1
        wall_gap = (size[lat] - (l0 + ri)) if side > 0 else (l0 - ri)
        if wall_gap <= TOL:
            segs.append((-li, li, side * ri))  # against the wall: the normal case
        elif wall_gap <= LEAN_GAP or (leans is not None and leans(i, side)):
            segs.append((-li, li, side * ri))
            lean = True
    left = [s for s in segs if s[2] < 0]
    right = [s for s in segs if s[2] > 0]
    mid = [s for s in segs if s[2] == 0]
    covers = lambda s: s[0] <= TOL and s[1] >= -TOL  # noqa: E731
    inside = any(covers(s) for s in mid) or (any(covers(s) for s in left)
                                             and any(covers(s) for s in right))
    if not inside:
        from shapely.geometry import MultiPoint, Point

        pts = [(s[0], s[2]) for s in segs] + [(s[1], s[2]) for s in segs]
        hull = MultiPoint(pts).convex_hull
        inside = hull.distance(Point(0.0, 0.0)) <= TOL
    if not inside:
        if not mid and (not left or not right):
            return ("would roll: it touches drums below on one side only (no groove), and no "
                    "wall or neighbour holds it on the other"), None
        return "would tip or roll: its centre is not between the contacts that carry it", None
    if span < MIN_LINE_SHARE - 1e-9:
        return (f"is barely carried: its contacts span {span:.0%} of its length "
                f"(at least {MIN_LINE_SHARE:.0%} required)"), None
    if straight and mid:
        return None, "straight"
    return None, "lean" if lean else None


# ----------------------------------------------------------------------------
# public entry points
# ----------------------------------------------------------------------------
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
    from loadplan.model import ContainerLoad, LoadPlan

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
    types = _Drums(check_drums(drums) if drums is not None else None)
    report = VerifyReport()
    # absurd but finite values (1e308 from a hand-edited file) overflow to inf in sums and
    # squares; the comparisons still come out right, so NumPy need not warn about them
    with np.errstate(over="ignore", invalid="ignore"):
        for ci, load in enumerate(loads, start=1):  # numbered as in the report and placements CSV
            _check_load(load, ci, types, bool(heavy_on_light), report)
    if types.given and isinstance(plan_or_load, LoadPlan):
        plan = plan_or_load
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
                report.violations.append(
                    f"plan: sku {sku!r} for {where}: {placed} placed + {unplaced} unplaced "
                    f"!= {ordered} ordered"
                )
    return report


def verify(plan_or_load: Any, drums: Iterable[Any] | None = None, *,
           heavy_on_light: bool | None = None) -> list[str]:
    """List the safety-rule violations of a plan or one container load.

    An independent check (NumPy + shapely; no code shared with the packer):
    containment, overlap (exact for axis-aligned cylinders), support (nothing
    floats, layer boards), heavy on light, payload, door, steps and counts,
    finite values; with the drum types (``drums``, or the plan's own) also
    allowed axes, ``max_layers``, ``max_load``, drum sizes and conservation.
    The rules and tolerances are in the module docstring.

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
