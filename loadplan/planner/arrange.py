"""Placing zones in a container: order along x (CoG, multi-drop), steps, bound, notes."""

from __future__ import annotations

import itertools
import math
from typing import Any, Mapping, Sequence

import numpy as np

from loadplan.cog import mass_weights
from loadplan.containers import Container
from loadplan.model import PLACEMENT_DTYPE, ContainerLoad, make_placements
from loadplan.planner.order import loading_steps
from loadplan.planner.sizes import fill_cached
from loadplan.planner.zones import Bin, Zone, extent, units_of

_TOL = 1e-6

__all__ = ["arrange", "build_load"]


# ----------------------------------------------------------------------------
# arranging zones: centre of gravity, multi-drop order
# ----------------------------------------------------------------------------
def arrange(b: Bin, stop_rank: Mapping[str | None, int] | None, tolerance: float
             ) -> tuple[list[tuple[Zone, float]], list[str]]:
    """Zone order and start positions; notes about the CoG."""
    c = b.container
    L = c.length
    notes: list[str] = []
    if len(b.zones) == 1 and b.zones[0].fixed:
        z = b.zones[0]
        return [(z, _centre_shift(z, c, tolerance, notes))], notes
    # units moved as one: a zone, or all bands of one shelf (side by side across y)
    units = units_of(b.zones)
    masses = []
    weighted = _has_weight(b)
    for u in units:
        m = mom = 0.0
        for z in u:
            dr = z.line.drum
            w = dr.weight if weighted else dr.diameter ** 2 * dr.height
            m += w * z.centres.shape[0]
            mom += w * float(z.centres[:, 0].sum())
        masses.append((m, mom))
    total = sum(m for m, _ in masses)
    zones = [u[0] for u in units]  # a unit's length and destination are its first zone's

    def offset(order: Sequence[int], x0: float = 0.0) -> float:
        if total <= 0:
            return 0.0
        pos, mom = x0, 0.0
        for i in order:
            m, rel = masses[i]
            mom += rel + m * pos
            pos += zones[i].length
        return (mom / total - L / 2.0) / L

    if stop_rank is not None:
        groups: list[list[int]] = []
        for i, z in enumerate(zones):
            r = stop_rank[z.line.destination]
            if groups and stop_rank[zones[groups[-1][0]].line.destination] == r:
                groups[-1].append(i)
            else:
                groups.append([i])
        choices = [list(itertools.permutations(g)) if len(g) <= 6 else [tuple(g)] for g in groups]
        candidates = (tuple(i for part in combo for i in part)
                      for combo in itertools.islice(itertools.product(*choices), 5040))
    else:
        idx = list(range(len(zones)))
        candidates = itertools.permutations(idx) if len(idx) <= 7 else iter([tuple(idx)])
    best_order: tuple[int, ...] | None = None
    best_val = math.inf
    for order in candidates:
        v = abs(offset(order))
        if v < best_val - 1e-12:
            best_order, best_val = tuple(order), v
    assert best_order is not None
    used = sum(z.length for z in zones)
    slack = max(0.0, L - used)
    x0 = _shift_toward_doors(offset(best_order), slack, L, tolerance, notes)
    placed: list[tuple[Zone, float]] = []
    pos = x0
    for i in best_order:
        for z in units[i]:
            placed.append((z, pos))
        pos += zones[i].length
    return placed, notes


def _has_weight(b: Bin) -> bool:
    """Whether any drum in the bin has a weight (else volumes are balanced)."""
    return any(z.line.drum.weight > 0 for z in b.zones)


def _centre_shift(z: Zone, c: Container, tolerance: float, notes: list[str]) -> float:
    """Shift of a whole-container layout toward the doors to bring its CoG within tolerance."""
    if z.centres.shape[0] == 0 or (z.axes == "y").any():
        return 0.0  # drums lying across may lean on the front wall: keep them there
    x0, x1 = extent(z.centres, z.axes, z.line.drum)
    slack = c.length - x1
    if slack <= _TOL:
        return 0.0
    cx = float(z.centres[:, 0].mean())  # one drum type: equal masses
    return _shift_toward_doors((cx - c.length / 2.0) / c.length, slack, c.length, tolerance,
                               notes)


def _shift_toward_doors(off: float, slack: float, length: float, tolerance: float,
                        notes: list[str]) -> float:
    """How far (mm) to move a stow toward the doors so its CoG comes within tolerance.

    Parameters
    ----------
    off : float
        The stow's longitudinal CoG offset from the middle, as a fraction of
        ``length`` (negative: toward the front wall).
    slack : float
        Free length at the doors (mm): the stow moves at most this far.
    length : float
        Inside length of the container (mm).
    tolerance : float
        Allowed offset as a fraction of ``length``.
    notes : list of str
        Receives a note saying the gap at the front wall must be blocked.

    Returns
    -------
    float
        The shift: 0 when the CoG is not too far forward or there is no
        slack, else the smallest whole number of millimetres that brings it
        within tolerance, capped at the slack.
    """
    if off >= -tolerance or slack <= _TOL:
        return 0.0
    dx = min(float(math.ceil((-tolerance - off) * length + 1e-3)), slack)
    if dx <= 0:
        return 0.0
    notes.append(f"stow starts {dx / 1000:.2f} m from the front wall to keep the centre of gravity "
                 f"near the middle: block that gap (timber bracing or dunnage bags)")
    return float(dx)


def _nose_first(u: np.ndarray) -> bool:
    """Whether the drums of a unit come in order of where they start along x (then no
    drum can be between a drum and the front wall and come after it)."""
    x0 = u["x"] - np.where(u["axis"] == "x", u["height"], u["diameter"]) / 2.0
    return bool((np.diff(x0) >= -_TOL).all())


def build_load(b: Bin, stop_rank: Mapping[str | None, int] | None,
                tolerance: float, labels: Any = None) -> ContainerLoad:
    """The ContainerLoad of a bin: zones placed, steps numbered, bound and notes.

    ``labels``, if given, has ``take(line, n)``: the SKUs of the next ``n``
    drums of a line that stands for several SKUs of one physical type.
    """
    c = b.container
    placed, notes = arrange(b, stop_rank, tolerance)
    parts = []
    bound_total = 0
    bound_ok = True
    boards: list[tuple[float, ...]] = []
    units: list[int] = []  # where each unit (a zone, a column's parts, a shelf) starts
    last: tuple | None = None
    start = 0
    for z, x0 in placed:
        key = (z.shelf, x0) if z.shelf >= 0 else None
        if key is None or key != last:
            units.append(start)
        last = key
        start += z.centres.shape[0]
        d = z.line.drum
        centres = z.centres + np.array([x0, 0.0, 0.0])
        boards.extend((b[0] + x0, b[1] + x0) + tuple(b[2:]) for b in z.boards)
        sku = d.sku if labels is None else labels.take(z.line, centres.shape[0])
        parts.append(make_placements(centres, z.axes, sku=sku, diameter=d.diameter,
                                     height=d.height, weight=d.weight, destination=d.destination))
        if z.bound is None:
            bound_ok = False
        else:
            bound_total += z.bound
        for note in z.notes:
            if note not in notes:
                notes.append(note)

    p = np.concatenate(parts) if parts else np.zeros(0, dtype=PLACEMENT_DTYPE)
    # units follow one another from the nose; within one, every drum after what it
    # rests on and what is between it and the front wall
    for s0, s1 in zip(units, units[1:] + [p.shape[0]]):
        u = p[s0:s1]
        if u.shape[0] > 1 and ((u["axis"] != "z").any() or boards or not _nose_first(u)):
            p[s0:s1] = u[np.argsort(loading_steps(u), kind="stable")]
    p["step"] = np.arange(p.shape[0])
    if not bound_ok or bound_total < p.shape[0]:
        # bound of the container as if it held only the tightest-packing drum type present
        bound_total = max(
            [fill_cached(*z.line.size_key, c).upper_bound for z, _ in placed] + [p.shape[0]]
        )
    if (p["axis"] != "z").any() and not any("chock" in n.lower() for n in notes):
        notes.append("Lying drums: chock the free ends of rows that do not run wall to wall "
                     "and the bottom drums at zone ends; drums straight on the drum below "
                     "need their rows held.")
    from loadplan.cog import cog_note

    note = cog_note(p["x"], mass_weights(p), c.length, tolerance)
    if note is not None:
        notes.append(note)
    dests: list[str | None] = []
    for z, _ in placed:
        if z.line.destination not in dests:
            dests.append(z.line.destination)
    if stop_rank is not None:
        dests.sort(key=lambda s: stop_rank[s])
    if boards and not any("board" in n.lower() for n in notes):
        notes.append(f"{len(boards)} layer board(s) of {boards[0][5]:g} mm: lay each on the "
                     "drums below it before stowing the drums it carries (see boards)")
    return ContainerLoad(c, p, int(bound_total), tuple(dests), tuple(notes),
                         boards=boards if boards else None)


# ----------------------------------------------------------------------------
# the entry point
