"""Reference evaluator: the best *single* pattern family for equal circles in a rectangle.

A small, independent peer for the benchmarks (it shares no code with
:mod:`loadplan`). Families, each tried with rows along the length and along
the width:

- ``square``: a square grid;
- ``hex``: hexagonal rows (row pitch ``sqrt(3)/2 d``, every other row shifted
  by ``d/2``), the first row full;
- ``shifted``: rows of ``a = floor(L/d)`` circles shifted alternately by the
  slack ``delta = min(L - a d, d/2)``, row pitch ``sqrt(d^2 - delta^2)``;
- ``bands``: ``R`` rows with ``k`` staggered and ``R - 1 - k`` square
  transitions, feasible when ``d + (R-1-k) d + k (sqrt3/2) d <= W``
  (Lubachevsky & Graham 2003); covers square (``k = 0``) and hex
  (``k = R - 1``) as its ends;
- ``zigzag``: one file of circles alternating between the two long walls of
  a strip narrower than ``2d``, pitch ``sqrt(d^2 - (W-d)^2)``.

Every layout is generated as centres and checked (inside, no overlap at
1e-6 mm) before it is counted.

Run as a script it prints the count for ``L W d``::

    python benchmarks/peers/families.py 5896 2350 865
"""

from __future__ import annotations

import math
import sys

import numpy as np

__all__ = ["family_layouts", "best_single_family", "check_layout"]

_TOL = 1e-6
_S3 = math.sqrt(3.0) / 2.0


def _rows(L: float, W: float, d: float, ys: list[float], offsets: list[float]) -> np.ndarray:
    pts = []
    for y, off in zip(ys, offsets):
        if y + d / 2 > W + _TOL:
            break
        n = int(math.floor((L - off) / d + 1e-12))
        for j in range(n):
            pts.append((d / 2 + off + j * d, y))
    return np.array(pts, dtype=float).reshape(-1, 2)


def _square(L: float, W: float, d: float) -> np.ndarray:
    R = int(math.floor(W / d + 1e-12))
    return _rows(L, W, d, [d / 2 + r * d for r in range(R)], [0.0] * R)


def _hex(L: float, W: float, d: float) -> np.ndarray:
    R = 1 + int(math.floor((W - d) / (_S3 * d) + 1e-12))
    return _rows(L, W, d, [d / 2 + r * _S3 * d for r in range(R)], [0.0 if r % 2 == 0 else d / 2 for r in range(R)])


def _shifted(L: float, W: float, d: float) -> np.ndarray:
    a = int(math.floor(L / d + 1e-12))
    delta = min(L - a * d, d / 2)
    pitch = math.sqrt(max(d * d - delta * delta, 0.0))
    if pitch <= 0:
        return np.zeros((0, 2))
    R = 1 + int(math.floor((W - d) / pitch + 1e-12))
    return _rows(L, W, d, [d / 2 + r * pitch for r in range(R)], [0.0 if r % 2 == 0 else delta for r in range(R)])


def _bands(L: float, W: float, d: float) -> np.ndarray:
    best = np.zeros((0, 2))
    rmax = 1 + int(math.floor((W - d) / (_S3 * d) + 1e-12))
    for R in range(1, rmax + 1):
        need = (R * d - W) / (d * (1 - _S3))
        k = max(0, int(math.ceil(need - 1e-9)))
        if k > R - 1:
            continue
        # square rows first (all offset 0), then k staggers alternating from offset 0
        ys, offs = [], []
        y = d / 2
        for r in range(R - 1 - k):
            ys.append(y)
            offs.append(0.0)
            y += d
        for j in range(k + 1):
            ys.append(y)
            offs.append(0.0 if j % 2 == 0 else d / 2)
            y += _S3 * d
        pts = _rows(L, W, d, ys, offs)
        if len(pts) > len(best):
            best = pts
    return best


def _zigzag(L: float, W: float, d: float) -> np.ndarray:
    h = W - d
    if h < 0 or h >= d:
        return np.zeros((0, 2))
    p = math.sqrt(d * d - h * h)
    n = 1 + int(math.floor((L - d) / p + 1e-12))
    return np.array([(d / 2 + i * p, d / 2 if i % 2 == 0 else W - d / 2) for i in range(n)], dtype=float)


_FAMILIES = {"square": _square, "hex": _hex, "shifted": _shifted, "bands": _bands, "zigzag": _zigzag}


def check_layout(pts: np.ndarray, L: float, W: float, d: float, tol: float = _TOL) -> bool:
    """True if every circle is inside ``[0,L] x [0,W]`` and no two overlap (beyond ``tol``)."""
    pts = np.asarray(pts, dtype=float).reshape(-1, 2)
    if len(pts) == 0:
        return True
    r = d / 2
    if (pts[:, 0] < r - tol).any() or (pts[:, 0] > L - r + tol).any():
        return False
    if (pts[:, 1] < r - tol).any() or (pts[:, 1] > W - r + tol).any():
        return False
    order = np.argsort(pts[:, 0])
    p = pts[order]
    lim = (d - tol) ** 2
    for i in range(len(p) - 1):
        j = i + 1 + int(np.searchsorted(p[i + 1 :, 0], p[i, 0] + d))
        q = p[i + 1 : j]
        if len(q) and (((q - p[i]) ** 2).sum(axis=1) < lim).any():
            return False
    return True


def family_layouts(L: float, W: float, d: float) -> dict[str, np.ndarray]:
    """Every family's layout, rows along the length (``name/x``) and along the width (``name/y``)."""
    out: dict[str, np.ndarray] = {}
    if d > L + _TOL or d > W + _TOL:
        return out
    for name, fn in _FAMILIES.items():
        out[name + "/x"] = fn(L, W, d)
        out[name + "/y"] = fn(W, L, d)[:, ::-1].copy()
    return out


def best_single_family(L: float, W: float, d: float) -> tuple[int, str, np.ndarray]:
    """``(count, family, centres)`` of the best checked single-family layout."""
    best = (0, "none", np.zeros((0, 2)))
    for name, pts in family_layouts(L, W, d).items():
        if len(pts) > best[0] and check_layout(pts, L, W, d):
            best = (len(pts), name, pts)
    return best


if __name__ == "__main__":  # pragma: no cover
    L_, W_, d_ = (float(a) for a in sys.argv[1:4])
    n_, fam_, _ = best_single_family(L_, W_, d_)
    print(n_, fam_)
