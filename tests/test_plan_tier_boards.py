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
