"""Gravity for box planners that have none: which boxes rest on something.

Shared by the peer scripts ``ps_box.py`` and ``box_py3dbp.py``, which run in
their own virtual environments (so: standard library only, imported from the
scripts' folder).
"""

from __future__ import annotations


def supported_count(boxes: list[tuple[float, float, float, float, float, float]], tol: float = 1e-6) -> int:
    """Boxes ``(x, y, z, dx, dy, dz)`` (``z`` up) whose base centre rests on the
    floor or on the top face of a kept box; floating boxes, and what stood on
    them, are removed until nothing changes."""
    keep = [True] * len(boxes)
    changed = True
    while changed:
        changed = False
        for i, (x, y, z, dx, dy, dz) in enumerate(boxes):
            if not keep[i] or z <= tol:
                continue
            cx, cy = x + dx / 2, y + dy / 2
            ok = False
            for j, (xj, yj, zj, dxj, dyj, dzj) in enumerate(boxes):
                if j != i and keep[j] and abs(zj + dzj - z) <= tol and xj - tol <= cx <= xj + dxj + tol and yj - tol <= cy <= yj + dyj + tol:
                    ok = True
                    break
            if not ok:
                keep[i] = False
                changed = True
    return sum(keep)
