"""The support rule (nothing floats): contacts, layer boards, layers, and the verdict per drum.

A drum on the floor (bottom at ``z = 0`` within ``TOL``) is supported. A drum
with direct contacts (:mod:`~loadplan.verification.contacts`) is judged by the
standing rule (:mod:`~loadplan.verification.standing`) or the lying rule
(:mod:`~loadplan.verification.lying`); a drum with none may stand on a layer
board (:mod:`~loadplan.verification.stacking`); otherwise it floats.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loadplan.verification.arrays import LoadArrays
from loadplan.verification.contacts import contacts, group_by, layers_of
from loadplan.verification.lying import Neighbours, lying_problem, straight_stacked
from loadplan.verification.stacking import board_support
from loadplan.verification.standing import standing_problems
from loadplan.verification.tolerances import LINE_STRIP_SHARE, MIN_LINE_SHARE, MIN_SUPPORT_SHARE, TOL

__all__ = ["Support", "find_support", "support_problems", "support_notes"]


@dataclass(frozen=True, eq=False)
class Support:
    """What carries what in one load.

    Attributes
    ----------
    on_floor : numpy.ndarray of bool
        Drums whose bottom is on the floor.
    cu, cw : numpy.ndarray of int
        Support contacts, direct then through boards: ``cu[t]`` rests on ``cw[t]``.
    direct : int
        How many of the contacts (the first ones) are direct.
    on_board : numpy.ndarray of bool
        Drums carried through layer boards only.
    board_issues : dict of int to str
        Why a drum on boards is not sound.
    layers : numpy.ndarray of int
        Each drum's layer (1 = on the floor).
    """

    on_floor: np.ndarray
    cu: np.ndarray
    cw: np.ndarray
    direct: int
    on_board: np.ndarray
    board_issues: dict
    layers: np.ndarray


def find_support(a: LoadArrays, pairs: tuple[np.ndarray, np.ndarray],
                 boards: np.ndarray) -> Support:
    """Contacts of every drum (direct, then through ``boards`` for drums with none) and layers.

    ``pairs`` are the candidate pairs of drums near each other, each once.
    """
    pi, pj = pairs
    on_floor = np.abs(a.lo[:, 2]) <= TOL
    u, w = np.r_[pi, pj], np.r_[pj, pi]  # directed pairs (upper u, lower w)
    hit = contacts(a, u, w)
    cu, cw = u[hit], w[hit]
    has_direct = np.zeros(a.n, dtype=bool)
    has_direct[cu] = True
    board_issues, bu, bw, on_board = board_support(
        a.cen, a.k, a.r, a.hl, np.nonzero(~on_floor & ~has_direct)[0], boards,
        (MIN_SUPPORT_SHARE, MIN_LINE_SHARE, LINE_STRIP_SHARE))
    su, sw = np.r_[cu, bu], np.r_[cw, bw]
    return Support(on_floor, su, sw, int(cu.shape[0]), on_board, board_issues,
                   layers_of(on_floor, su, sw))


def support_problems(a: LoadArrays, s: Support, pairs: tuple[np.ndarray, np.ndarray]
                     ) -> tuple[list[tuple[int, str]], list[int], list[int]]:
    """The drums that are not carried soundly, with why, in drum order; and the drums that
    lie straight on a drum below (need chocks) and that lean on a wall or neighbour."""
    cu, cw = s.cu[:s.direct], s.cw[:s.direct]
    has_direct = np.zeros(a.n, dtype=bool)
    has_direct[cu] = True
    by = group_by(cu, cw, a.n)
    standing = standing_problems(a, cu, cw, (a.k == 2) & ~s.on_floor & has_direct)
    straight_ok = straight_stacked(a, cu, cw)
    neighbours = Neighbours(a, *pairs)
    problems: list[tuple[int, str]] = []
    chocks: list[int] = []
    leaning: list[int] = []
    for i in range(a.n):
        if s.on_floor[i]:
            continue
        if straight_ok[i]:  # what lying_problem says of it, found vectorised
            chocks.append(i)
            continue
        if s.on_board[i]:  # carried through layer boards only (stacking)
            if i in s.board_issues:
                problems.append((i, s.board_issues[i]))
            continue
        if by[i].size == 0:
            problems.append((i, "floats: nothing carries it"))
            continue
        if a.k[i] == 2:
            problem = standing.get(i)
        else:
            problem, advice = lying_problem(a, i, by[i], neighbours)
            if advice == "straight":
                chocks.append(i)
            elif advice == "lean":
                leaning.append(i)
        if problem:
            problems.append((i, problem))
    return problems, chocks, leaning


def _steps(a: LoadArrays, drums: list[int]) -> str:
    """The first 20 steps of ``drums``, comma-separated."""
    more = ", ..." if len(drums) > 20 else ""
    return ", ".join(str(int(a.q["step"][i])) for i in drums[:20]) + more


def support_notes(a: LoadArrays, where: str, chocks: list[int], leaning: list[int]) -> list[str]:
    """Advice for the crew: drums that lean on a wall or neighbour, drums that need chocks."""
    notes = []
    if leaning:
        notes.append(f"{where}: {len(leaning)} lying drum(s) rest on one drum below "
                     f"and lean on a wall or a neighbour (steps {_steps(a, leaning)}); fill any "
                     "gap there with dunnage")
    if chocks:
        notes.append(f"{where}: {len(chocks)} drum(s) lie straight on the drum "
                     f"below (steps {_steps(a, chocks)}); chock them or hold their rows against "
                     "the walls")
    return notes
