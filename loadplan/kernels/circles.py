"""Equal circles in a rectangle (TEMPORARY STUB: plain hex rows; the engine replaces it)."""
from __future__ import annotations
import math
import numpy as np
from loadplan._jit import njit


@njit
def best_packing(length: float, width: float, diameter: float) -> np.ndarray:
    d = diameter
    if length < d or width < d:
        return np.zeros((0, 2))
    a = int(math.floor(length / d + 1e-12))
    pitch = d * math.sqrt(3.0) / 2.0
    rows = 1 + int(math.floor((width - d) / pitch + 1e-12))
    out = np.zeros((a * rows, 2))
    n = 0
    for r in range(rows):
        off = 0.0 if r % 2 == 0 else d / 2.0
        for k in range(a):
            x = d / 2.0 + off + k * d
            if x + d / 2.0 <= length + 1e-9:
                out[n, 0] = x
                out[n, 1] = d / 2.0 + r * pitch
                n += 1
    return out[:n].copy()
