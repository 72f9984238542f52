"""The verifier's support verdict ("nothing floats") against a plain-Python twin written
from the rules (tests/naive_support.py): on whole loads, which drums and boards each flags.

Planned loads (fills of random drums, random mixed orders) must be flagged by neither;
hand-broken loads (drums lifted, removed, pushed aside or along; boards with their
carriers taken away, drums pushed to a board's edge) must be flagged alike, drum for drum.
Close calls (within ``naive_support.MARGIN`` of a threshold, where the verifier's polygon
of a circle may decide either way) are counted, not compared. (Not named ``test_twins_*``:
those are the kernel twins that test_nojit.py runs again without JIT.)
"""

from __future__ import annotations

import numpy as np
import pytest

import loadplan as lp
from loadplan.model import PLACEMENT_DTYPE, ContainerLoad, make_boards

import naive_support as twin

RNG_SEED = 20261203  # conftest's rng fixture draws this file's cases from this seed


def agree(load: ContainerLoad) -> tuple[set, int]:
    """Assert the twin and the verifier flag the same drums and boards; (flagged, close calls)."""
    violations = lp.verify(load)
    only_twin, only_verify, close = twin.compare(load, violations)
    assert only_twin == set() and only_verify == set(), (only_twin, only_verify, violations[:5])
    return twin.flagged(violations), close


def with_placements(load: ContainerLoad, p: np.ndarray, boards=None) -> ContainerLoad:
    return ContainerLoad(load.container, p, 10**6, load.destinations, (),
                         load.boards if boards is None else boards)


def broken(load: ContainerLoad, rng: np.random.Generator, how: str) -> ContainerLoad:
    """The load with a few drums (off the floor, or carrying others) moved or taken away."""
    p = load.placements.copy()
    half_z = np.where(p["axis"] == "z", p["height"], p["diameter"]) / 2
    raised = np.flatnonzero(p["z"] - half_z > 1e-6)
    pick = rng.choice(raised if raised.size else np.arange(p.shape[0]), size=min(3, p.shape[0]),
                      replace=False)
    r = p["diameter"][pick] / 2
    if how == "lift":
        p["z"][pick] += rng.uniform(0.01, 20.0, pick.size)
    elif how == "aside":  # across the axis (standing: along y)
        lat = np.where(p["axis"][pick] == "y", "x", "y")
        for i, a, rr in zip(pick, lat, r):
            p[a][i] += rng.choice([-1, 1]) * rng.uniform(0.05, 1.2) * rr
    elif how == "along":
        for i, rr in zip(pick, r):
            a = "x" if p["axis"][i] != "y" else "y"
            half = p["height"][i] / 2 if p["axis"][i] != "z" else rr
            p[a][i] += rng.choice([-1, 1]) * rng.uniform(0.1, 1.6) * half
    elif how == "remove":  # take away drums under others
        low = np.flatnonzero(np.isin(np.arange(p.shape[0]), raised, invert=True))
        gone = rng.choice(low, size=min(4, low.size), replace=False)
        p = np.delete(p, gone)
    return with_placements(load, p)


@pytest.fixture(scope="module")
def planned() -> list[ContainerLoad]:
    """Sound loads of several kinds: standing columns, lying rows in grooves, mixed axes."""
    rng = np.random.default_rng(20261201)
    loads = [lp.fill(lp.Drum("A", 585, 880), "20GP"),
             lp.fill(lp.Drum("X", 600, 1100, orientations="x"), "20GP"),
             lp.fill(lp.Drum("Y", 500, 700, orientations="y"), "20GP"),
             lp.fill(lp.Drum("M", 400, 600, orientations="zx"), "20GP")]
    for _ in range(3):
        d, h = float(rng.integers(300, 900)), float(rng.integers(300, 1300))
        loads.append(lp.fill(lp.Drum("R", d, h), "20GP"))
    order = [lp.Drum("DJ60", 320, 600, 6, 300), lp.Drum("DJ30", 180, 300, 1.5, 200),
             lp.Drum("K", 585, 880, 30, 12, orientations="zx")]
    loads += list(lp.plan(order).loads)
    return loads


def test_planned_loads_are_sound_to_both(planned):
    close = 0
    for load in planned:
        flagged, c = agree(load)
        assert flagged == set()
        close += c
    assert close <= sum(load.count for load in planned) // 100  # the rules were rarely near a line


@pytest.mark.parametrize("how", ["lift", "aside", "along", "remove"])
def test_hand_broken_loads_are_flagged_alike(planned, rng, how):
    flagged = close = 0
    for load in planned:
        for _ in range(2):
            f, c = agree(broken(load, rng, how))
            flagged += len(f)
            close += c
    # the breakage broke something: the comparison is not between two empty sets
    assert flagged >= len(planned), flagged
    assert close <= flagged, (close, flagged)


# ---------------------------------------------------------------------------
# layer boards
# ---------------------------------------------------------------------------
D, H, T = 400.0, 500.0, 18.0


def board_load(nx, ny, top, lying_top=False, boards=None) -> ContainerLoad:
    """A full layer of standing drums (nx x ny), a board over it, and drums ``top`` on the board
    (each (x, y) of its centre in plan view)."""
    rows = [(D / 2 + i * D, D / 2 + j * D, H / 2, "z") for i in range(nx) for j in range(ny)]
    z = H + T + (D / 2 if lying_top else H / 2)
    rows += [(x, y, z, "x" if lying_top else "z") for x, y in top]
    p = np.zeros(len(rows), dtype=PLACEMENT_DTYPE)
    for i, (x, y, zz, a) in enumerate(rows):
        p[i] = ("S", x, y, zz, a, D, H, 10.0, "", i)
    if boards is None:
        boards = make_boards([[0, nx * D, 0, ny * D]], z=H, thickness=T)
    return ContainerLoad("20GP", p, 10**6, (None,), (), boards)


def test_boards_flagged_alike(rng):
    nx, ny = 5, 4
    cases = [board_load(nx, ny, [(D / 2 + i * D, D / 2 + j * D) for i in range(nx) for j in range(ny)])]
    # drums pushed toward and over the board's edge, standing and lying
    for _ in range(12):
        x = float(rng.uniform(-0.6 * D, nx * D + 0.6 * D))
        y = float(rng.uniform(-0.6 * D, ny * D + 0.6 * D))
        cases.append(board_load(nx, ny, [(x, y)]))
        cases.append(board_load(nx, ny, [(min(max(x, H / 2), 3000.0), y)], lying_top=True))
    # a board over part of a layer, a board carried by a few drums, two boards side by side
    cases.append(board_load(nx, ny, [(D, D)], boards=make_boards([[0, 2 * D, 0, 2 * D]], z=H, thickness=T)))
    sparse = board_load(nx, ny, [(2 * D, 2 * D)])
    keep = [i for i in range(sparse.count) if i % 4 == 0 or i >= nx * ny]
    cases.append(with_placements(sparse, sparse.placements[keep]))
    cases.append(board_load(nx, ny, [(2 * D, 2 * D), (2 * D, 2 * D + D)],
                            boards=make_boards([[0, 2 * D, 0, ny * D], [2 * D, nx * D, 0, ny * D]],
                                               z=H, thickness=T)))
    flagged = set()
    for n, load in enumerate(cases):
        f, _ = agree(load)
        flagged |= {(n,) + key for key in f}
    assert ("board", 1) in {key[1:] for key in flagged}
    assert len({key[0] for key in flagged}) >= 8, flagged
