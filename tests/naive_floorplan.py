"""Pure-Python twin of :mod:`loadplan.kernels.floorplan`, from the definition.

Two lanes of items along x; an item starts at its lane's end or at the end of
an item of the other lane further on; items of different lanes whose x-ranges
overlap must have widths summing to at most ``W``. Exhaustive search (small
floors only).
"""

from __future__ import annotations

import numpy as np

TOL = 1e-6


def position_table(lengths, L):
    """The kernel's inputs for item ``lengths`` on a floor ``L`` long, by brute force:
    the positions (:func:`loadplan.floorplan.floor_positions`), for each position and
    length the index of the position it reaches (-1: none), and the DP window (the most
    positions within the longest length of one another, plus one)."""
    from loadplan.floorplan import floor_positions

    pos = floor_positions(lengths, L)
    nxt = np.full((pos.shape[0], len(lengths)), -1, dtype=np.int64)
    for p in range(pos.shape[0]):
        for q, ln in enumerate(lengths):
            hit = np.nonzero(np.abs(pos - (pos[p] + ln)) <= 1e-5)[0]
            if hit.size:
                nxt[p, q] = hit[0]
    window = max(int(np.sum((pos >= pos[p] - 1e-9) & (pos <= pos[p] + max(lengths) + 1e-5)))
                 for p in range(pos.shape[0])) + 1
    return pos, nxt, window


def conflict(lanes, lane, start, end, w, width):
    """Whether item ``[start, end]`` of width ``w`` in ``lane`` meets an item of the other lane."""
    for s, e, ow in lanes[1 - lane]:
        if s < end - TOL and start < e - TOL and w + ow > width + TOL:
            return True
    return False


def valid(placed, width, length):
    """Whether a list of ``(lane, start, end, w)`` is a sound two-lane arrangement."""
    lanes = ([], [])
    for lane, s, e, w in placed:
        if s < -TOL or e > length + TOL:
            return False
        for os_, oe, _ in lanes[lane]:
            if os_ < e - TOL and s < oe - TOL:
                return False
        if conflict(lanes, lane, s, e, w, width):
            return False
        lanes[lane].append((s, e, w))
    return True


def best_value(items, length, width):
    """Most value of a two-lane arrangement; ``items`` as ``(length, width, value)``."""
    best = [0]
    seen = set()

    def ends(lanes, lane):
        return max([e for _, e, _ in lanes[lane]], default=0.0)

    def go(lanes, value):
        key = tuple(tuple(sorted((round(a, 6), round(b, 6), round(c, 6)) for a, b, c in ln))
                    for ln in lanes)
        if key in seen:
            return
        seen.add(key)
        best[0] = max(best[0], value)
        for lane in (0, 1):
            a = ends(lanes, lane)
            starts = {a} | {e for _, e, _ in lanes[1 - lane] if e > a + TOL}
            for st in starts:
                for ln, w, v in items:
                    if st + ln > length + TOL or conflict(lanes, lane, st, st + ln, w, width):
                        continue
                    lanes[lane].append((st, st + ln, w))
                    go(lanes, value + v)
                    lanes[lane].pop()

    go(([], []), 0)
    return best[0]
