"""Loading steps in staggered rows: a drum three rows back is loaded first."""

from __future__ import annotations

import loadplan as lp
from loadplan.model import Drum
from loadplan.planner import order


def test_window_covers_three_rows():
    assert order.WINDOW == 3.0


def test_staggered_rows_load_from_the_nose():
    """Three small types in one 40GP (a staircase layout of Ø210 drums in a shelf):
    with a precedence window of two drum lengths, drums three staggered rows apart were
    loaded in the wrong order (7 verify violations)."""
    drums = [Drum("T180x300", 180.0, 300.0, 1.5, quantity=2233),
             Drum("T210x250", 210.0, 250.0, 2.0, quantity=609),
             Drum("T240x400", 240.0, 400.0, 3.0, quantity=1696)]
    p = lp.plan(drums, containers=("40GP",))
    assert (len(p.loads), p.unplaced_count) == (1, 0)
    assert p.violations == ()
    assert lp.verify(p, drums) == []
