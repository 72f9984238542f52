"""plan()'s named steps, and loading steps of all-standing zones that are not in x order."""

from __future__ import annotations

import numpy as np
import pytest

import loadplan as lp
from loadplan.containers import CONTAINERS
from loadplan.planner import check_flags, line_groups, merge_lines, placeable_lines


def test_check_flags_names_the_bad_switch() -> None:
    assert check_flags(True, False, np.bool_(True)) == (True, False, True)
    with pytest.raises(ValueError, match="heavy_on_light must be True or False, got 1"):
        check_flags(False, 1, True)
    with pytest.raises(ValueError, match="multi_drop must be True or False"):
        lp.plan([lp.Drum("A", 585, 880, quantity=1)], multi_drop="yes")


def test_merge_lines_merges_identical_drums_in_first_appearance_order() -> None:
    a = lp.Drum("A", 585, 880, 220, quantity=3, destination="X")
    b = lp.Drum("B", 400, 500, 9, quantity=2, destination="Y")
    labels = merge_lines([a, b, a])
    assert [(l.drum.sku, l.quantity) for l in labels.lines] == [("A", 6), ("B", 2)]


def test_placeable_lines_and_groups() -> None:
    small = lp.Drum("S", 400, 500, 9, quantity=2, destination="Y")
    big = lp.Drum("G", 3000, 500, 9, quantity=1, destination="X")  # wider than any box
    labels = merge_lines([small, big])
    unplaced: list = []
    placeable, feasible = placeable_lines(labels, [CONTAINERS["40GP"]], None, unplaced)
    assert [l.drum.sku for l in placeable] == ["S"]
    assert [(u.sku, u.quantity) for u in unplaced] == [("G", 1)]
    assert feasible[placeable[0].index] == (CONTAINERS["40GP"],)
    groups, rank = line_groups(placeable, ["Y", "X"], None, None)
    assert rank is None and [[l.drum.sku for l in g] for g, _ in groups] == [["S"]]
    groups, rank = line_groups(placeable, ["Y"], None, ["Y"])
    assert rank == {"Y": 0} and len(groups) == 1


def test_standing_zone_out_of_x_order_gets_sound_steps() -> None:
    """Found by hypothesis: a zone of 1.2 m drums, two across, whose layout order was not
    nose first; the loading order must still put every drum after those between it and
    the front wall."""
    drums = [lp.Drum("A", 180.0, 300.0, quantity=132, destination="X"),
             lp.Drum("B", 1200.0, 880.0, quantity=149, destination="X", max_layers=1),
             lp.Drum("C", 1200.0, 2800.0, quantity=1, destination="X")]
    p = lp.plan(drums)
    assert p.unplaced_count == 0 and p.placed_count == 282
    assert list(p.violations) == []
    assert lp.verify(p) == []
