"""verify does not trust the plan file: catalog types, loading order, the plan's own totals,
the type of its arguments; independent property checks (drop test, steps after supports)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loadplan as lp
from loadplan.cli import main
from loadplan.containers import CONTAINERS, Container
from loadplan.model import PLACEMENT_DTYPE, ContainerLoad, LoadPlan, make_placements
from loadplan.verification import consistency_problems, verify

from independent import independent_problems  # noqa: E402  (tests/ is on sys.path)


# ---------------------------------------------------------------------------
# Independent checks (tests/independent.py): drop test and steps after supports
# ---------------------------------------------------------------------------

@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(d=st.floats(250, 900), h=st.floats(250, 1300),
       axes=st.sampled_from(["z", "x", "y", "zx", "zy", "xy", "zxy"]),
       layers=st.one_of(st.none(), st.integers(1, 4)),
       container=st.sampled_from(["20GP", "40HC"]))
def test_fill_property_independent_checks(d, h, axes, layers, container):
    drum = lp.Drum("P", d, h, orientations=axes, max_layers=layers)
    load = lp.fill(drum, container)
    assert independent_problems(load) == []
    assert verify(load, [drum]) == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.tuples(st.floats(300, 800), st.floats(300, 1200), st.integers(1, 40),
                                st.sampled_from(["z", "zx", "zxy", "xy"])),
                      min_size=1, max_size=3))
def test_plan_property_independent_checks(lines):
    drums = [lp.Drum(f"S{i}", d, h, weight=10, quantity=q, orientations=ax)
             for i, (d, h, q, ax) in enumerate(lines)]
    plan = lp.plan(drums)
    import naive_support  # the support rules again, in plain Python (tests/naive_support.py)

    for load in plan.loads:
        assert independent_problems(load) == []
        only_twin, only_verify, _ = naive_support.compare(load, verify(load))
        assert only_twin == set() and only_verify == set()
    assert verify(plan, drums) == []


# ---------------------------------------------------------------------------
# Loading order
# ---------------------------------------------------------------------------

def test_issue_order_lying_drum_before_the_standing_drum_under_it():
    drums = [lp.Drum("A", 500, 2029.5, 10, quantity=139)]
    plan = lp.plan(drums)
    assert verify(plan, drums) == []
    for load in plan.loads:
        assert independent_problems(load) == []
    # the layout as the old planner ordered it: the lying drum (step 3) rests over step 4
    rows = [(250.0, 250.0, 1014.75, "z", 0), (250.0, 1116.0254037844386, 1014.75, "z", 1),
            (250.0, 1982.0508075688772, 1014.75, "z", 2), (250.0, 1014.75, 2279.5, "y", 3),
            (500.0, 683.0127018922193, 1014.75, "z", 4)]
    p = np.zeros(len(rows), dtype=PLACEMENT_DTYPE)
    for i, (x, y, z, axis, step) in enumerate(rows):
        p[i] = ("A", x, y, z, axis, 500, 2029.5, 10, "", step)
    load = ContainerLoad("40HC", p, 10, (None,))
    assert verify(load) == [
        "container 1 (40HC): drum 'A' at step 3 (lying across) is loaded before drum 'A' at "
        "step 4 (standing), which lies under it"]


def _reversed_steps(plan: LoadPlan) -> LoadPlan:
    doc = json.loads(plan.to_json())
    for load in doc["loads"]:
        n = len(load["placements"])
        for row in load["placements"]:
            row["step"] = n - 1 - row["step"]
    return LoadPlan.from_dict(doc)


def test_reversed_steps_fail_with_and_without_the_order():
    drums = [lp.Drum("A", 585, 880, weight=200, quantity=40)]
    plan = lp.plan(drums, containers=("20GP",))
    assert verify(plan, drums) == []
    bad = _reversed_steps(plan)
    for given in (None, drums):
        v = verify(bad, given)
        assert v and all(" is loaded before " in line for line in v)
        assert any(line.endswith("which it rests on") for line in v)
        assert any(line.endswith("which lies between it and the front wall") for line in v)


def test_front_wall_rule_ignores_drums_side_by_side():
    # two standing drums in one row across the width, steps either way: sound
    p = make_placements([[300, 300, 440], [300, 900, 440]], "z", sku="A", diameter=585,
                        height=880, step=[1, 0])
    assert verify(ContainerLoad("20GP", p, 80, (None,))) == []
    # one behind the other (nearer the doors) loaded first: not sound
    p = make_placements([[300, 300, 440], [900, 300, 440]], "z", sku="A", diameter=585,
                        height=880, step=[1, 0])
    assert verify(ContainerLoad("20GP", p, 80, (None,))) == [
        "container 1 (20GP): drum 'A' at step 0 (standing) is loaded before drum 'A' at step 1 "
        "(standing), which lies between it and the front wall"]
    # a lying-along drum's disc misses the standing drum's rectangle corner: not in the way
    low = make_placements([[300, 300, 50]], "z", sku="A", diameter=600, height=100, step=[1])
    lying = make_placements([[1500, 850, 300]], "x", sku="B", diameter=600, height=600, step=[0])
    load = ContainerLoad("20GP", np.concatenate([low, lying]), 80, (None,))
    assert verify(load) == []
    moved = np.concatenate([low, make_placements([[1500, 800, 300]], "x", sku="B", diameter=600,
                                                 height=600, step=[0])])
    assert verify(ContainerLoad("20GP", moved, 80, (None,))) == [
        "container 1 (20GP): drum 'B' at step 0 (lying along) is loaded before drum 'A' at step 1 "
        "(standing), which lies between it and the front wall"]


# ---------------------------------------------------------------------------
# Catalog types
# ---------------------------------------------------------------------------

def _with_container(plan: LoadPlan, **changes) -> LoadPlan:
    doc = json.loads(plan.to_json())
    doc["loads"][0]["container"].update(changes)
    return LoadPlan.from_dict(doc)


def test_40gp_renamed_20gp_is_a_violation():
    plan = lp.plan([lp.Drum("A", 585, 880, weight=10, quantity=150)], containers=("40GP",))
    assert plan.loads[0].container == CONTAINERS["40GP"]
    bad = _with_container(plan, name="20GP")
    assert verify(bad) == [
        "container 1 (20GP): claims to be the catalog type 20GP but its length is 12,032 mm, "
        "not 5,896 mm (a custom container needs a name of its own)",
        "container 1 (20GP): claims to be the catalog type 20GP but its height is 2,392 mm, "
        "not 2,393 mm (a custom container needs a name of its own)",
        "container 1 (20GP): claims to be the catalog type 20GP but its tare is 3,750 kg, "
        "not 2,300 kg (a custom container needs a name of its own)",
        "container 1 (20GP): claims to be the catalog type 20GP but its max_payload is 26,730 kg, "
        "not 28,180 kg (a custom container needs a name of its own)",
    ]


def test_raised_payload_in_the_file_is_a_violation():
    p = make_placements([[292.5 + 600 * i, 292.5, 440] for i in range(9)], "z", sku="H",
                        diameter=585, height=880, weight=103_000 / 9)
    plan = LoadPlan([ContainerLoad("20GP", p, 80, (None,))], [])
    assert any("more than the maximum payload" in v for v in verify(plan))
    bad = _with_container(plan, max_payload=200_000)
    assert verify(bad) == [
        "container 1 (20GP): claims to be the catalog type 20GP but its max_payload is 200,000 kg, "
        "not 28,180 kg (a custom container needs a name of its own)"]


def test_custom_container_with_its_own_name_is_fine():
    box = Container("my-box", 3000, 2000, 2000, 2000, 2000, 100, 5000)
    p = make_placements([[300, 300, 440]], "z", sku="A", diameter=585, height=880)
    assert verify(ContainerLoad(box, p, 10, (None,))) == []


# ---------------------------------------------------------------------------
# The plan's own consistency, and what verify accepts
# ---------------------------------------------------------------------------

def test_deleted_placements_fail_without_the_order(tmp_path, capsys):
    plan = lp.plan([lp.Drum("A", 585, 880, weight=10, quantity=20)], containers=("20GP",))
    doc = json.loads(plan.to_json())
    del doc["loads"][0]["placements"][-3:]
    (tmp_path / "p.json").write_text(json.dumps(doc), encoding="utf-8")
    code = main(["verify", str(tmp_path / "p.json")])
    out = capsys.readouterr()
    assert code == 1
    assert out.out.splitlines() == [
        "plan: sku 'A' for no destination: 17 placed + 0 unplaced != 20 ordered",  # plan.drums
        "container 1 (20GP): the file says it holds 20 drums but lists 17 placements",
        "container 1 (20GP): the file says its cargo weighs 200.0 kg but its placements weigh 170 kg",
        "plan: the file says placed_count is 20 but the plan has 17",
        "plan: the file says total_weight is 200.0 kg but the placements weigh 170 kg",
    ]
    assert out.err == "5 violations\n"


def test_consistent_document_has_no_problems():
    plan = lp.plan([lp.Drum("A", 585, 880, weight=10, quantity=20)], containers=("20GP",))
    assert consistency_problems(plan, json.loads(plan.to_json())) == []


def test_plan_type_table_is_used_when_present():
    plan = lp.plan([lp.Drum("A", 585, 880, weight=10, quantity=20)], containers=("20GP",))
    claims = LoadPlan(plan.loads, plan.unplaced, drums=(lp.Drum("A", 585, 880, weight=10, quantity=25),))
    assert verify(claims) == ["plan: sku 'A' for no destination: 20 placed + 0 unplaced != 25 ordered"]


@pytest.mark.parametrize("drums, message", [
    ([1, 2], r"^drums\[0\] must be a loadplan\.Drum, got int$"),
    ([lp.Drum("A", 585, 880), "B"], r"^drums\[1\] must be a loadplan\.Drum, got str$"),
    ("AB", r"^drums must be a sequence of loadplan\.Drum, got str$"),
    (5, r"^drums must be a sequence of loadplan\.Drum, got int$"),
])
def test_verify_rejects_bad_drums(drums, message):
    plan = lp.plan([lp.Drum("A", 585, 880, quantity=2)], containers=("20GP",))
    with pytest.raises(ValueError, match=message):
        verify(plan, drums)


def test_verify_accepts_a_single_drum():
    drum = lp.Drum("A", 585, 880, quantity=2)
    plan = lp.plan([drum], containers=("20GP",))
    assert verify(plan, drum) == []


def test_messages_name_the_steps():
    bad = _reversed_steps(lp.plan([lp.Drum("A", 585, 880, quantity=4)], containers=("20GP",)))
    for line in verify(bad):
        assert re.fullmatch(r"container 1 \(20GP\): drum 'A' at step \d+ \(\w[\w ]*\) is loaded "
                            r"before drum 'A' at step \d+ \(\w[\w ]*\), which .*", line), line


@pytest.mark.parametrize("name, first", [
    ("20gp", "container 1 (20gp): is named '20gp', like the catalog type 20GP: a custom container "
             "needs a name of its own"),
    (" 40GP", "container 1 ( 40GP): is named ' 40GP', like the catalog type 40GP: a custom "
              "container needs a name of its own"),
])
def test_lookalike_catalog_names_are_violations(name, first):
    plan = lp.plan([lp.Drum("A", 585, 880, quantity=3)], containers=("40GP",))
    v = verify(_with_container(plan, name=name))
    assert v[0] == first


def test_invisible_characters_in_a_plan_file_are_refused():
    plan = lp.plan([lp.Drum("A", 585, 880, quantity=3)], containers=("40GP",))
    with pytest.raises(ValueError, match=r"^loads\[0\]\.container: Container\.name contains an "
                                         r"invisible or control character U\+200B at position 5"):
        _with_container(plan, name="20GP\u200b")
    doc = json.loads(plan.to_json())
    doc["loads"][0]["placements"][1]["destination"] = "X\u202e"
    with pytest.raises(ValueError, match=r"^loads\[0\]\.placements\[1\]: destination contains an "
                                         r"invisible character U\+202E \(RIGHT-TO-LEFT OVERRIDE\) "
                                         r"at position 2$"):
        LoadPlan.from_dict(doc)


def test_verifier_modules_share_one_tolerance_and_no_packer_code():
    import ast
    import subprocess
    import sys
    from pathlib import Path

    import loadplan.verification as v
    from loadplan.verification import stacking

    assert stacking.TOL == v.TOL == 1e-6
    packer = ("loadplan.pack", "loadplan.filling", "loadplan.planner", "loadplan.kernels")
    files = sorted(Path(v.__file__).parent.glob("*.py"))
    assert len(files) > 10
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {m for m in imported if m and m.startswith(packer)}, path.name
    # nor through what it imports
    probe = ("import sys, loadplan.verification\n"
             f"print(sorted(m for m in sys.modules if m.startswith({packer!r})))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
