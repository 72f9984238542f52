"""Tests for loadplan.demo: the Blitar djembe demo."""

from __future__ import annotations



import loadplan as lp
from loadplan.demo import demo_order, run_demo, summary_table
from loadplan.model import LoadPlan


def test_demo_order_is_the_example_file():
    from pathlib import Path

    from loadplan.io import read_order

    example = Path(__file__).resolve().parents[1] / "examples" / "blitar_djembe.csv"
    assert demo_order() == read_order(example)
    assert sum(d.quantity for d in demo_order()) == 6000


def test_run_demo_plans_blitar_in_two_containers(tmp_path):
    lines: list[str] = []
    plan = run_demo(tmp_path / "out", echo=lines.append)
    assert isinstance(plan, LoadPlan)
    assert plan.placed_count == 6000 and plan.unplaced_count == 0
    assert len(plan.loads) == 2
    assert sorted(l.destinations for l in plan.loads) == [("Shanghai",), ("Shenzhen",)]
    for load in plan.loads:
        assert set(load.placements["destination"].tolist()) == set(load.destinations)
    text = (tmp_path / "out" / "plan.json").read_text(encoding="utf-8")
    assert LoadPlan.from_json(text) == plan
    assert text == plan.to_json()
    joined = "\n".join(lines)
    for word in ("container", "destination", "DJ60", "DJ40", "DJ30", "gap", "CoG"):
        assert word in joined
    assert "6000 drums placed" in joined
    assert lp.verify(plan, demo_order()) == []
    assert (tmp_path / "out" / "plan.pdf").stat().st_size > 0
    assert (tmp_path / "out" / "overview.png").exists()


def test_blitar_plan_is_repeatable():
    # its speed is measured in benchmarks/bench_plan.py
    drums = demo_order()
    first = lp.plan(drums)
    plan = lp.plan(drums)
    assert plan.placed_count == 6000
    assert plan.to_json() == first.to_json()


def test_summary_table_rows():
    plan = lp.plan(demo_order())
    rows = summary_table(plan)
    assert rows[0].split()[:3] == ["#", "container", "destination"]
    assert len(rows) == 2 + len(plan.loads) + 1 + len(plan.container_bounds) + 1
    assert rows[-1] == "verified: sound"
    assert rows[-1 - len(plan.container_bounds):-1] == plan.bound_lines()
    assert [b.destinations for b in plan.container_bounds] == [("Shenzhen",), ("Shanghai",)]
