"""A plan whose container is ``fill``'s layout with layer boards keeps the boards.

``fill`` lays standing drums on boards over lying ones where that holds more
(:mod:`loadplan.filling.tiers`); the planner's whole-container zones must carry
those boards into the plan, or the drums on them float (a ``verify`` violation).
"""

from __future__ import annotations

import pytest

import loadplan as lp

DRUM = dict(diameter=1282.0, height=1005.0, weight=50.0)  # 36 in a 40GP, with 3 boards


@pytest.mark.parametrize("quantity", [36, 35, 33, 72])
def test_boards_of_a_fill_layout_reach_the_plan(quantity: int) -> None:
    plan = lp.plan([lp.Drum("X", quantity=quantity, **DRUM)], containers=("40GP",))
    assert plan.violations == ()
    assert sum(load.count for load in plan.loads) == quantity
    assert not plan.unplaced
    assert lp.verify(plan) == []
    if quantity % 36 == 0:  # whole containers: fill's layout, with its boards
        assert [load.count for load in plan.loads] == [36] * (quantity // 36)
        assert all(len(load.boards) == 3 for load in plan.loads)


def test_the_fill_itself_has_the_boards() -> None:
    load = lp.fill(lp.Drum("X", **DRUM), "40GP")
    assert load.count == 36 and len(load.boards) == 3


def test_fit_command_names_the_boards(capsys: pytest.CaptureFixture[str]) -> None:
    from loadplan.cli.entry import main

    assert main(["fit", "--diameter", "1282", "--height", "1005", "--container", "40GP"]) == 0
    out = capsys.readouterr().out
    assert "36 drums" in out and "layer boards       3" in out
    assert main(["fit", "--diameter", "585", "--height", "880", "--container", "40GP"]) == 0
    assert "layer boards" not in capsys.readouterr().out


def test_steps_say_what_each_block_rests_on() -> None:
    from loadplan.steps import BOARD, FLOOR, RAISED, blocks, rest_kinds

    load = lp.plan([lp.Drum("X", quantity=36, **DRUM)], containers=("40GP",)).loads[0]
    kinds = rest_kinds(load)
    standing = load.placements["axis"] == "z"
    assert set(kinds[standing].tolist()) == {FLOOR, BOARD}  # on the floor, or on a board
    assert set(kinds[~standing].tolist()) == {FLOOR, RAISED}  # lying on standing drums
    bl = blocks(load)
    assert [(b["axis"], b["on_board"], b["count"]) for b in bl] == [
        ("z", False, 9), ("y", False, 9), ("y", False, 9), ("z", True, 9)]
    lines = load.steps()
    on = [i for i, t in enumerate(lines) if "on the layer boards at 1.30 m" in t]
    assert len(on) == 1 and lines[on[0]].startswith("4. X, standing, 1 high")
    lay = [i for i, t in enumerate(lines) if t.startswith("   Lay layer board")]
    assert len(lay) == 3
    # each board is laid after the block of the lying drums it rests on, before the block on it
    assert all(lines[1].startswith("2. X, lying across") and 1 < i < on[0] for i in lay)


def _lying_layers(shift: float) -> "lp.ContainerLoad":
    from loadplan.model import ContainerLoad, make_placements

    d, h = 500.0, 800.0
    low = [[h / 2, d / 2 + j * d, d / 2] for j in range(3)]
    dz = d if shift == 0 else d * 3 ** 0.5 / 2
    high = [[h / 2, d / 2 + shift + j * d, d / 2 + dz] for j in range(2)]
    p = make_placements(low + high, "x", sku="L", diameter=d, height=h)
    return ContainerLoad("20GP", p, 10, (None,))


def test_chocks_of_straight_and_nested_lying_rows() -> None:
    from loadplan.steps import describe

    straight, nested = _lying_layers(0.0), _lying_layers(250.0)
    assert "upper rows sit straight on the drums below: chock them too" in describe(straight)[1]
    assert "upper rows lie in the grooves" in describe(nested)[1]
