"""Set-up shared by the fill-MILP tests (test_jointcols, test_joint_rounds): an order's
line arrays and its first fill in a 40GP shortened to a share of its length."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from loadplan.containers import CONTAINERS
from loadplan.model import Drum
from loadplan.planner import mixed
from loadplan.planner.optimise import fill_one
from loadplan.planner.sizes import Line

C40 = CONTAINERS["40GP"]


def arrays(lines: list[Line]) -> tuple[np.ndarray, np.ndarray]:
    """The fill's drum volume (``d^2 h``, a constant factor off) and weight per line."""
    vol = np.array([l.drum.diameter ** 2 * l.drum.height for l in lines], dtype=float)
    return vol, np.array([l.drum.weight for l in lines], dtype=float)


class FirstFill(NamedTuple):
    lines: list
    need: np.ndarray
    cols: list
    vol: np.ndarray
    wt: np.ndarray
    length: float
    x: np.ndarray
    y: np.ndarray


def first_fill_in(drums: list[Drum], frac: float) -> FirstFill:
    """The planner's pool for ``drums`` (every drum needed) and ``fill_one`` over it in
    ``frac`` of the 40GP's length."""
    lines = [Line(i, d, d.quantity) for i, d in enumerate(drums)]
    need = np.array([d.quantity for d in drums])
    cols = mixed.cached_pool(tuple(drums), C40, False, tuple(need.tolist()))
    vol, wt = arrays(lines)
    length = frac * C40.length
    x, y = fill_one(cols, need, vol, wt, length, C40.max_payload)
    return FirstFill(lines, need, cols, vol, wt, length, x, y)
