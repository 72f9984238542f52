"""Independent checks of a load for property tests: a drop test for support and the
loading order against it. Written from the definitions, not from the verifier's rules:

* drop test: lower a drum by ``drop`` mm; if it runs into nothing (and is not on the
  floor) it floats; what it runs into is what carries it;
* a layer board (``load.boards``, a box ``[x0, x1] x [y0, y1] x [z, z + thickness]``)
  lowered by ``drop`` must run into drums (or lie on the floor); a drum lowered by
  ``drop`` that runs into a board is carried by the drums that carry the board;
* every drum comes after what carries it (a larger step).

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


def independent_problems(load: ContainerLoad) -> list[str]:
    """Floating drums (drop test) and drums loaded before what carries them."""
    p = load.placements
    problems = []
    for b, carriers in zip(load.boards, board_carriers(load)):
        if float(b["z"]) > 1e-6 and not carriers:
            problems.append(f"board at z {float(b['z']):g} floats")
    for i, under in supports(load).items():
        if not under:
            problems.append(f"step {int(p['step'][i])} floats")
        for j in under:
            if j >= 0 and p["step"][j] >= p["step"][i]:
                problems.append(f"step {int(p['step'][i])} before its support step {int(p['step'][j])}")
    return problems
