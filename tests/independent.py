"""Independent checks of a load for property tests: a drop test for support and the
loading order against it. Written from the definitions, not from the verifier's rules:

* drop test: lower a drum by ``drop`` mm; if it runs into nothing (and is not on the
  floor) it floats; what it runs into is what carries it;
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
        hit = pair_overlaps(dropped, np.full(m, axes[i]), np.full(m, p["diameter"][i] / 2),
                            np.full(m, p["height"][i] / 2), cen[near], axes[near],
                            p["diameter"][near] / 2, p["height"][near] / 2)
        out[i] = [int(j) for j in near[hit]]
    return out


def independent_problems(load: ContainerLoad) -> list[str]:
    """Floating drums (drop test) and drums loaded before what carries them."""
    p = load.placements
    problems = []
    for i, under in supports(load).items():
        if not under:
            problems.append(f"step {int(p['step'][i])} floats")
        for j in under:
            if p["step"][j] >= p["step"][i]:
                problems.append(f"step {int(p['step'][i])} before its support step {int(p['step'][j])}")
    return problems
