"""Independent checks of a load for property tests: a drop test for support and the
loading order against it. Written from the definitions, not from the verifier's rules:

* drop test: lower a drum by ``drop`` mm; if it runs into nothing (and is not on the
  floor) it floats; what it runs into is what carries it;
* a layer board (``load.boards``, a box ``[x0, x1] x [y0, y1] x [z, z + thickness]``)
  lowered by ``drop`` must run into drums (or lie on the floor); a drum lowered by
  ``drop`` that runs into a board is carried by the drums that carry the board;
* every drum comes after what carries it (a larger step);
* every drum comes after every drum between it and the front wall: the crew
  loads from the nose toward the doors and cannot reach past a drum, so a drum
  j whose whole length along x lies nearer the nose than drum i
  (``x_max(j) <= x_min(i) + TOL``) and whose outline seen from the doors (its
  projection on the y-z plane: a disc for a drum lying along x, a rectangle
  otherwise) overlaps i's by more than TOL must have a smaller step.

Only the exact cylinder overlap primitive (``loadplan.verification.pair_overlaps``, itself
compared with sampling twins in ``tests/test_verify.py``) is shared.
"""

from __future__ import annotations

import numpy as np

from loadplan.model import ContainerLoad
from loadplan.verification import pair_overlaps

AXIS = {"x": 0, "y": 1, "z": 2}


def _bottom(p: np.ndarray, i: int) -> float:
    half = p["height"][i] / 2 if p["axis"][i] == "z" else p["diameter"][i] / 2
    return float(p["z"][i] - half)


def _lowest_touches(p: np.ndarray, i: int, box: tuple[float, float, float, float]) -> bool:
    """Whether the lowest points of drum i (its base disc, or the bottom line of a lying
    drum) meet the rectangle ``box = (x0, x1, y0, y1)`` in plan view."""
    x0, x1, y0, y1 = box
    x, y, r, h = float(p["x"][i]), float(p["y"][i]), p["diameter"][i] / 2, p["height"][i] / 2
    a = str(p["axis"][i])
    if a == "z":
        dx, dy = max(x0 - x, 0.0, x - x1), max(y0 - y, 0.0, y - y1)
        return dx * dx + dy * dy < r * r
    if a == "x":
        return y0 <= y <= y1 and x + h > x0 and x - h < x1
    return x0 <= x <= x1 and y + h > y0 and y - h < y1


def _top(p: np.ndarray, j: int) -> float:
    half = p["height"][j] / 2 if p["axis"][j] == "z" else p["diameter"][j] / 2
    return float(p["z"][j] + half)


def board_carriers(load: ContainerLoad, drop: float = 1e-3) -> list[list[int]]:
    """Per board: the drums it would sink into when lowered by ``drop`` ([0 floor] -> [])."""
    p = load.placements
    out = []
    for b in load.boards:
        box = (float(b["x0"]), float(b["x1"]), float(b["y0"]), float(b["y1"]))
        out.append([j for j in range(p.shape[0])
                    if abs(_top(p, j) - float(b["z"])) <= drop and _lowest_touches_top(p, j, box)])
    return out


def _lowest_touches_top(p: np.ndarray, j: int, box: tuple[float, float, float, float]) -> bool:
    """Whether the top of drum j (its top disc, or the top line of a lying drum) meets ``box``."""
    return _lowest_touches(p, j, box)  # the top of an axis-aligned drum mirrors its bottom


def supports(load: ContainerLoad, drop: float = 1e-3) -> dict[int, list[int]]:
    """Drop test: lower each drum by ``drop`` mm; what it then runs into is what carries it.

    Returns drum index -> indices of the drums it would sink into ([] for a
    drum on the floor is not listed; a floating drum maps to []).
    """
    p = load.placements
    n = p.shape[0]
    size = np.maximum(p["diameter"], p["height"])
    axes = np.array([AXIS[str(a)] for a in p["axis"]], dtype=np.int64)
    cen = np.stack([p["x"], p["y"], p["z"]], axis=1)
    out = {}
    for i in range(n):
        if _bottom(p, i) <= 1e-6:
            continue
        near = np.nonzero((np.abs(p["x"] - p["x"][i]) < size + size[i])
                          & (np.abs(p["y"] - p["y"][i]) < size + size[i])
                          & (p["z"] < p["z"][i]))[0]
        near = near[near != i]
        m = near.shape[0]
        dropped = np.repeat(cen[i:i + 1] - [0.0, 0.0, drop], m, axis=0)
        hit = pair_overlaps((dropped, np.full(m, axes[i]), np.full(m, p["diameter"][i] / 2),
                             np.full(m, p["height"][i] / 2)),
                            (cen[near], axes[near], p["diameter"][near] / 2, p["height"][near] / 2))
        under = [int(j) for j in near[hit]]
        for b, carriers in zip(load.boards, board_carriers(load, drop)):
            box = (float(b["x0"]), float(b["x1"]), float(b["y0"]), float(b["y1"]))
            if abs(_bottom(p, i) - float(b["z"] + b["thickness"])) <= drop and _lowest_touches(p, i, box):
                under += carriers if float(b["z"]) > drop else [-1]
        out[i] = under
    return out


TOL = 1e-6


def _outlines(p: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each drum seen from the doors (along x): a disc (centre y, z; radius) for a drum lying
    along x, else the rectangle y0..y1 x z0..z1 (rows of discs carry their bounding box)."""
    r, h = p["diameter"] / 2, p["height"] / 2
    disc = p["axis"] == "x"
    hy = np.where(p["axis"] == "y", h, r)
    hz = np.where(p["axis"] == "z", h, r)
    return disc, p["y"], p["z"], r, p["y"] - hy, p["y"] + hy, p["z"] - hz, p["z"] + hz


def _overlap_with(o: tuple[np.ndarray, ...], i: int, js: np.ndarray) -> np.ndarray:
    """Whether drum i's outline shares an area (more than TOL) with each of drums ``js``'."""
    disc, y, z, r, y0, y1, z0, z1 = (a[js] for a in o)
    di, yi, zi, ri, y0i, y1i, z0i, z1i = (a[i] for a in o)
    boxes = (np.minimum(y1, y1i) - np.maximum(y0, y0i) > TOL) & (np.minimum(z1, z1i) - np.maximum(z0, z0i) > TOL)
    discs = np.hypot(y - yi, z - zi) < r + ri - TOL
    # a disc against a box: the distance from the disc's centre to the box, below its radius
    if di:  # i is the disc, js the boxes
        dy = np.maximum(np.maximum(y0 - yi, 0.0), yi - y1)
        dz = np.maximum(np.maximum(z0 - zi, 0.0), zi - z1)
        mixed = np.hypot(dy, dz) < ri - TOL
    else:  # js the discs, i the box
        dy = np.maximum(np.maximum(y0i - y, 0.0), y - y1i)
        dz = np.maximum(np.maximum(z0i - z, 0.0), z - z1i)
        mixed = np.hypot(dy, dz) < r - TOL
    return np.where(disc & di, discs, np.where(disc == di, boxes, mixed))


def front_blockers(load: ContainerLoad) -> dict[int, list[int]]:
    """Drum index -> the drums between it and the front wall (see the module notes)."""
    p = load.placements
    n = p.shape[0]
    half_x = np.where(p["axis"] == "x", p["height"], p["diameter"]) / 2
    x_min, x_max = p["x"] - half_x, p["x"] + half_x
    o = _outlines(p)
    out = {}
    for i in range(n):
        ahead = np.flatnonzero(x_max <= x_min[i] + TOL)
        out[i] = ahead[_overlap_with(o, i, ahead)].tolist()
    return out


def step_problems(load: ContainerLoad) -> list[str]:
    """Drums loaded before what carries them (drop test) or before a drum between them and
    the front wall."""
    p = load.placements
    problems = []
    for i, under in supports(load).items():
        for j in under:
            if j >= 0 and p["step"][j] >= p["step"][i]:
                problems.append(f"step {int(p['step'][i])} before its support step {int(p['step'][j])}")
    for i, ahead in front_blockers(load).items():
        for j in ahead:
            if p["step"][j] >= p["step"][i]:
                problems.append(f"step {int(p['step'][i])} before step {int(p['step'][j])}, "
                                "which lies between it and the front wall")
    return problems


def independent_problems(load: ContainerLoad) -> list[str]:
    """Floating drums (drop test), drums loaded before what carries them or before what
    lies between them and the front wall."""
    p = load.placements
    problems = []
    for b, carriers in zip(load.boards, board_carriers(load)):
        if float(b["z"]) > 1e-6 and not carriers:
            problems.append(f"board at z {float(b['z']):g} floats")
    for i, under in supports(load).items():
        if not under:
            problems.append(f"step {int(p['step'][i])} floats")
    return problems + step_problems(load)
