"""Tests for loadplan.steps: loading instructions from a container's placements."""

from __future__ import annotations

import re

import numpy as np

import loadplan as lp
from loadplan.model import ContainerLoad, Drum, make_boards, make_placements
from loadplan.steps import blocks, describe

BLOCK = re.compile(r"^(\d+)\. (.+) \((\d+) drums?\)$")


def numbered(lines):
    return [l for l in lines if re.match(r"^\d+\. ", l)]


def test_block_lines_cover_every_drum_in_loading_order():
    drums = [Drum("DJ60", 320, 600, weight=6, quantity=300, destination="S"),
             Drum("DJ30", 180, 300, weight=1.5, quantity=500, destination="S")]
    plan = lp.plan(drums)
    for load in plan.loads:
        lines = load.steps()
        assert lines == describe(load)
        nums = [int(l.split(".")[0]) for l in numbered(lines)]
        assert nums == list(range(1, len(nums) + 1))
        counted = sum(int(m.group(3)) for m in (BLOCK.match(l) for l in lines) if m)
        assert counted == load.count
        bl = blocks(load)
        assert sum(b["count"] for b in bl) == load.count
        # blocks follow the steps: consecutive step ranges from 0 to count - 1
        assert bl[0]["start"] == 0 and max(b["stop"] for b in bl) == load.count - 1
        # nose to doors: each new run of drums starts no nearer the nose than the one before
        starts = [b["x0"] for b in bl]
        assert starts == sorted(starts)
        assert "front wall" in lines[0]
        assert lines[-1].split(". ", 1)[1].startswith(("Close the doors", "Block the"))


def test_standing_block_text():
    # 2 x 3 square floor, two layers standing on one another
    xs, ys = np.meshgrid([292.5, 877.5, 1462.5], [292.5, 877.5], indexing="ij")
    floor = np.column_stack([xs.ravel(), ys.ravel()])
    c = [[x, y, z] for z in (440.0, 1320.0) for x, y in floor]
    p = make_placements(c, "z", sku="D200", diameter=585, height=880, weight=200)
    load = ContainerLoad("20GP", p, 80, ("A",))
    lines = describe(load)
    assert lines[0] == ("1. D200, standing, 2 high, square rows across, from the front wall "
                        "to 1.75 m (12 drums)")
    assert lines[-1].startswith("2. Block the 4.14 m gap at the doors")


def test_boards_chocks_and_front_gap_are_mentioned():
    # standing layer on a 20 mm board, lying drums on the floor further along, gap at the nose
    d, h = 585.0, 880.0
    st = [[600 + d / 2 + i * d, d / 2, z] for z in (h / 2, h + 20 + h / 2) for i in range(2)]
    p1 = make_placements(st, "z", sku="S", diameter=d, height=h)
    ly = [[2000 + h / 2, d / 2 + j * d, d / 2] for j in range(4)]
    p2 = make_placements(ly, "x", sku="L", diameter=d, height=h)
    p = np.concatenate([p1, p2])
    p["step"] = np.arange(len(p))
    board = make_boards([[600, 600 + 2 * d, 0, d]], z=h, thickness=20)
    lines = describe(ContainerLoad("20GP", p, 80, (None,), (), board))
    text = "\n".join(lines)
    assert lines[0].startswith("1. Brace the front wall") and "0.60 m" in lines[0]
    assert lines[1].startswith("2. S, standing, 2 high")
    assert lines[2] == ("   Lay layer board 1 (20 mm) on the drums' tops at 0.88 m, from 0.60 m "
                        "to 1.77 m along, 0.00 m to 0.58 m across (after step 1, before step 2); "
                        "it carries 2 drums.")
    assert "lying along the length" in text and "Chock" in text
    assert "S, standing, 2 high" in text


def test_hex_rows_detected():
    d = 320.0
    pitch = d * np.sqrt(3) / 2
    c = [[d / 2 + r * pitch, d / 2 + (d / 2 if r % 2 else 0) + k * d, 300.0]
         for r in range(4) for k in range(6)]
    p = make_placements(c, "z", sku="DJ60", diameter=d, height=600)
    line = describe(ContainerLoad("20GP", p, 100, (None,)))[0]
    assert "hex rows across" in line


def test_empty_load():
    empty = ContainerLoad("20GP", None, 0, (None,))
    assert describe(empty) == ["Nothing to load."]
    assert blocks(empty) == []


def test_multi_destination_blocks_name_the_stop():
    drums = [Drum("A", 585, 880, quantity=10, destination="First"),
             Drum("B", 585, 880, quantity=10, destination="Second")]
    plan = lp.plan(drums, ("20GP",), multi_drop=True, stops=("First", "Second"))
    assert len(plan.loads) == 1
    text = "\n".join(plan.loads[0].steps())
    assert "for First" in text and "for Second" in text
    assert text.index("for Second") < text.index("for First")  # later stop loaded first


def test_block_step_range_is_its_own():
    # regression: every block of a run used to report the run's step range
    load = lp.fill(Drum("D200", 585, 880), "20GP")  # lying along, standing, lying across
    p = load.placements
    bl = blocks(load)
    assert [b["axis"] for b in bl] == ["x", "z", "y"]
    for b in bl:
        steps = p["step"][p["axis"] == b["axis"]]
        assert (b["start"], b["stop"]) == (int(steps.min()), int(steps.max()))
        assert b["count"] == steps.shape[0]
    assert bl[0]["stop"] < bl[1]["start"]


def test_single_drum_and_stack_wording():
    one = make_placements([[292.5, 292.5, 440.0]], "z", sku="D", diameter=585, height=880)
    assert describe(ContainerLoad("20GP", one, 80, (None,)))[0].endswith(
        "single drum, from the front wall to 0.58 m (1 drum)")
    two = make_placements([[292.5, 292.5, 440.0], [292.5, 292.5, 1320.0]], "z", sku="D",
                          diameter=585, height=880)
    assert "2 high, one stack," in describe(ContainerLoad("20GP", two, 80, (None,)))[0]
