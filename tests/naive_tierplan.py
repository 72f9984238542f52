"""Pure-Python twin of :func:`loadplan.kernels.floorplan.two_lane_fit_plan`, from the definition.

Two lanes of items along x, each item ``(length, value)``; an item starts at its
lane's end or at the end of an item of the other lane further on; two items of
different lanes whose x-ranges overlap must be allowed side by side by the pair
rule ``fits[i][j]``. Exhaustive search (small floors only).
"""

from __future__ import annotations

TOL = 1e-6


def valid(placed, fits, length):
    """Whether a list of ``(item, lane, start, end)`` is a sound two-lane arrangement."""
    for a, (i, la, s, e) in enumerate(placed):
        if s < -TOL or e > length + TOL:
            return False
        for j, lb, s2, e2 in placed[a + 1:]:
            if s2 < e - TOL and s < e2 - TOL and (la == lb or not fits[i][j]):
                return False
    return True


def best_value(items, fits, length):
    """Most value of a two-lane arrangement of ``items`` under the pair rule ``fits``."""
    best = [0]
    seen = set()

    def go(placed, value):
        key = tuple(sorted((i, la, round(s, 6)) for i, la, s, _ in placed))
        if key in seen:
            return
        seen.add(key)
        best[0] = max(best[0], value)
        for lane in (0, 1):
            a = max([e for _, la, _, e in placed if la == lane], default=0.0)
            starts = {a} | {e for _, la, _, e in placed if la != lane and e > a + TOL}
            for st in starts:
                for i, (ln, v) in enumerate(items):
                    trial = placed + [(i, lane, st, st + ln)]
                    if valid(trial, fits, length):
                        go(trial, value + v)

    go([], 0)
    return best[0]
