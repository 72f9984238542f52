"""Plans verify themselves: the verdict and the container bounds in the CLI summary, the
notebook display and the report; ``loadplan plan`` exits 1 on violations."""

from __future__ import annotations

import dataclasses
import subprocess

import numpy as np
import pytest

import loadplan as lp
from loadplan import cli, display
from loadplan.model import ContainerBound, ContainerLoad, Drum, LoadPlan, make_boards
from loadplan.verification import verify

D, H = 400.0, 500.0
HEAVY_ON_LIGHT = ("container 1 (20GP): drum 'HEAVY' at step 1 (30 kg) rests on drum 'LIGHT' at "
                  "step 0 (10 kg), a lighter type (heavy on light; allowed only with "
                  "heavy_on_light=True)")


def bad_plan() -> LoadPlan:
    p = np.zeros(2, dtype=lp.model.PLACEMENT_DTYPE)
    p[0] = ("LIGHT", D / 2, D / 2, H / 2, "z", D, H, 10.0, "X", 0)
    p[1] = ("HEAVY", D / 2, D / 2, 1.5 * H, "z", D, H, 30.0, "X", 1)
    types = [Drum("LIGHT", D, H, 10.0, 1, "X"), Drum("HEAVY", D, H, 30.0, 1, "X")]
    plan = LoadPlan([ContainerLoad("20GP", p, 2, ("X",))], [], drums=types,
                    container_bounds=[ContainerBound(["X"], 1, "volume")])
    return dataclasses.replace(plan, violations=tuple(verify(plan)))


def board_plan() -> LoadPlan:
    rows = [(D / 2 + i * D, D / 2, H / 2 + k * (H + 18), "z") for k in range(2) for i in range(2)]
    p = np.zeros(4, dtype=lp.model.PLACEMENT_DTYPE)
    for s, (x, y, z, a) in enumerate(rows):
        p[s] = ("S", x, y, z, a, D, H, 5.0, "", s)
    board = make_boards([[0, 2 * D, 0, D]], z=H, thickness=18)
    plan = LoadPlan([ContainerLoad("20GP", p, 4, (None,), (), board)], [],
                    drums=[Drum("S", D, H, 5.0, 4)])
    return dataclasses.replace(plan, violations=tuple(verify(plan)))


def test_verdict_lines():
    assert bad_plan().violations == (HEAVY_ON_LIGHT,)
    assert bad_plan().verdict_line() == "verified: 1 violation of the safety rules"
    assert board_plan().verdict_line() == "verified: sound"
    assert LoadPlan([], []).verdict_line() == "not verified"
    assert bad_plan().bound_lines() == ["X: 1 container; at least 1 needed (volume)"]


def test_plan_html_shows_bounds_verdict_and_violations():
    html = display.plan_html(bad_plan())
    assert "X: 1 container; at least 1 needed (volume)" in html
    assert "verified: 1 violation of the safety rules" in html
    assert "<li>container 1 (20GP): drum &#x27;HEAVY&#x27; at step 1 (30 kg) rests on" in html
    assert "not verified" in display.plan_html(LoadPlan([], []))


def test_load_html_lists_its_boards():
    html = display.load_html(board_plan().loads[0])
    assert ("<td style=\"padding:2px 8px;border-bottom:1px solid #ddd;text-align:right\">1</td>"
            "<td style=\"padding:2px 8px;border-bottom:1px solid #ddd;text-align:left\">"
            "0.00–0.80</td>") in html
    assert display.boards_table(bad_plan().loads[0]) == ""


def test_steps_place_the_board():
    lines = board_plan().loads[0].steps()
    assert lines[0] == "1. S, standing, 2 high, one row along, from the front wall to 0.80 m (4 drums)"
    assert lines[1] == ("   Lay layer board 1 (18 mm) on the drums' tops at 0.50 m, from 0.00 m to "
                        "0.80 m along, 0.00 m to 0.40 m across (after step 1, before step 2); it "
                        "carries 2 drums.")


@pytest.fixture
def order(tmp_path):
    path = tmp_path / "order.csv"
    path.write_text("sku,diameter_mm,height_mm,weight_kg,quantity,destination\n"
                    "LIGHT,400,500,10,1,X\nHEAVY,400,500,30,1,X\n")
    return path


def fake_planner(monkeypatch, result):
    seen = {}

    def fake(drums, **kwargs):
        seen.update(kwargs)
        return result

    import loadplan.planner

    monkeypatch.setattr(loadplan.planner, "plan", fake)
    return seen


def test_plan_command_exits_1_on_violations(monkeypatch, capsys, order, tmp_path):
    fake_planner(monkeypatch, bad_plan())
    assert cli.main(["plan", str(order), "-o", str(tmp_path / "p.json")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[2:6] == ["  X: 1 container; at least 1 needed (volume)",
                        "VIOLATIONS: 1 (the plan breaks safety rules)",
                        "  " + HEAVY_ON_LIGHT,
                        f"wrote {tmp_path / 'p.json'}"]
    back = LoadPlan.from_json((tmp_path / "p.json").read_text())
    assert back.violations == (HEAVY_ON_LIGHT,)


def test_plan_command_switches(monkeypatch, capsys, order, tmp_path):
    seen = fake_planner(monkeypatch, dataclasses.replace(board_plan(), violations=None))
    out = str(tmp_path / "p.json")
    assert cli.main(["plan", str(order), "-o", out, "--no-verify", "--heavy-on-light"]) == 0
    assert seen["verify"] is False and seen["heavy_on_light"] is True
    assert "  not verified" in capsys.readouterr().out.splitlines()
    seen = fake_planner(monkeypatch, board_plan())
    assert cli.main(["plan", str(order), "-o", out]) == 0
    assert "verify" not in seen and "heavy_on_light" not in seen


def test_verify_command_uses_the_plan_types(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(bad_plan().to_json())
    proc = subprocess.run([__import__("sys").executable, "-m", "loadplan.cli", "verify", str(path)],
                          capture_output=True, text=True, cwd=tmp_path,
                          env={**__import__("os").environ,
                               "PYTHONPATH": str(__import__("pathlib").Path(lp.__file__).parents[1])})
    assert proc.returncode == 1 and proc.stdout.splitlines() == [HEAVY_ON_LIGHT]
    assert cli.main(["verify", str(path), "--heavy-on-light"]) == 0


def test_report_shows_bounds_verdict_and_boards(tmp_path):
    from loadplan.reporting import report

    plan = dataclasses.replace(board_plan(), container_bounds=(ContainerBound([None], 1, "volume"),))
    path = report(plan, tmp_path / "r.pdf")
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "verified: sound" in text
    assert "no destination: 1 container; at least 1 needed (volume)" in text
    assert "Layer boards" in text and "Lay layer board 1 (18 mm)" in text
    bad = report(bad_plan(), tmp_path / "bad.pdf")
    text = subprocess.run(["pdftotext", str(bad), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "The plan breaks 1 safety rule(s); do not load it as it is:" in text


def test_floor_board_goes_in_before_the_drums_it_carries():
    p = np.zeros(2, dtype=lp.model.PLACEMENT_DTYPE)
    for s in range(2):
        p[s] = ("S", D / 2 + s * D, D / 2, 18 + H / 2, "z", D, H, 5.0, "", s)
    board = make_boards([[0, 2 * D, 0, D]], z=0, thickness=18)
    load = ContainerLoad("20GP", p, 2, (None,), (), board)
    assert verify(load) == []
    assert load.steps()[:2] == [
        "   Lay layer board 1 (18 mm) on the floor, from 0.00 m to 0.80 m along, 0.00 m to 0.40 m "
        "across (before step 0); it carries 2 drums.",
        "1. S, standing, 1 high, one row along, on the floor board, from the front wall to "
        "0.80 m (2 drums)"]
