"""The independent checks of tests/independent.py catch what they are for (so that the
property tests that use them can fail): floating drums, steps before supports, steps
before drums between a drum and the front wall."""

from __future__ import annotations

import numpy as np

import loadplan as lp
from loadplan.model import PLACEMENT_DTYPE, ContainerLoad

from independent import front_blockers, independent_problems, step_problems


def load_of(rows) -> ContainerLoad:
    """A 20GP load from rows (x, y, z, axis, diameter, height, step)."""
    p = np.zeros(len(rows), dtype=PLACEMENT_DTYPE)
    for i, (x, y, z, axis, d, h, step) in enumerate(rows):
        p[i] = ("A", x, y, z, axis, d, h, 10.0, "", step)
    return ContainerLoad("20GP", p, 100, (None,))


def test_front_wall_rule_from_the_crew_s_view():
    # a row along x: 0 is nearest the nose; 2 beside 1 (x extents overlap: not ordered);
    # 3 behind 0 in another lane (y apart: outlines do not overlap); 4 lies along x behind 1
    rows = [(300, 300, 300, "z", 600, 600, 0), (900, 300, 300, "z", 600, 600, 1),
            (1000, 900, 300, "z", 600, 600, 2), (900, 1800, 300, "z", 600, 600, 3),
            (1800, 400, 300, "x", 600, 600, 4)]
    assert front_blockers(load_of(rows)) == {0: [], 1: [0], 2: [], 3: [], 4: [0, 1, 2]}
    assert step_problems(load_of(rows)) == []
    swapped = [r[:6] + (s,) for r, s in zip(rows, [1, 0, 2, 3, 4])]
    assert step_problems(load_of(swapped)) == [
        "step 0 before step 1, which lies between it and the front wall"]
    # a disc (a drum lying along x) diagonally past a box's corner: apart by 1e-3, or 1 mm in
    for a, want in ((300 / 2 ** 0.5 + 1e-3, []), (300 / 2 ** 0.5 - 1, [0])):
        rows = [(300, 300, 300, "z", 600, 600, 0), (1000, 600 + a, 600 + a, "x", 600, 600, 1)]
        assert front_blockers(load_of(rows))[1] == want


def test_steps_before_what_a_drum_rests_on_are_caught():
    rows = [(300, 300, 300, "z", 600, 600, 1), (300, 300, 900, "z", 600, 600, 0)]
    assert independent_problems(load_of(rows)) == ["step 0 before its support step 1"]
    rows[1] = (300, 300, 905, "z", 600, 600, 2)
    assert independent_problems(load_of(rows)) == ["step 2 floats"]


def test_issue_case_and_reversed_plans_are_caught():
    # the layout as the old planner ordered it: the lying drum (step 3) rests over step 4
    rows = [(250.0, 250.0, 1014.75, "z", 500, 2029.5, 0), (250.0, 1116.0254037844386, 1014.75, "z", 500, 2029.5, 1),
            (250.0, 1982.0508075688772, 1014.75, "z", 500, 2029.5, 2),
            (250.0, 1014.75, 2279.5, "y", 500, 2029.5, 3), (500.0, 683.0127018922193, 1014.75, "z", 500, 2029.5, 4)]
    # (step 4 stands beside step 0, their x extents overlap: the front-wall rule does not order them)
    assert step_problems(load_of(rows)) == ["step 3 before its support step 4"]
    plan = lp.plan([lp.Drum("D", 585, 880, 50, quantity=60)], containers=("20GP",))
    load = plan.loads[0]
    assert independent_problems(load) == []
    p = load.placements.copy()
    p["step"] = p["step"][::-1]
    problems = step_problems(ContainerLoad(load.container, p, load.upper_bound, load.destinations))
    assert len(problems) >= load.count // 2
