"""The viewer page's embedded data, its self-containment and its entry points (no browser).

The page itself is driven in a real browser in ``tests/test_viewer_browser.py``.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import loadplan as lp
from loadplan.model import ContainerLoad, LoadPlan, Unplaced, make_placements
from loadplan.steps import blocks, block_ids, describe, instructions
from loadplan.web import THREE_VERSION, Viewer3D, decode_column, viewer_data, viewer_html, write_html

ROOT = Path(__file__).resolve().parents[1]
DATA_RE = re.compile(r'<script type="application/json" id="plan-data">(.*?)</script>', re.S)


def small_load(sku_a: str = "STEEL200", dest: str | None = "Surabaya") -> ContainerLoad:
    """Four 200 L drums on a 20GP floor: two standing (one on the other), one lying along x,
    one lying across; all on the floor or on the drum of their column."""
    a = make_placements([[292.5, 292.5, 440.0], [292.5, 292.5, 1320.0]], "z", sku=sku_a,
                        diameter=585, height=880, weight=220, destination=dest, step=[0, 1])
    b = make_placements([[1100.0, 292.5, 292.5]], "x", sku="KEG", diameter=585, height=880,
                        weight=60, destination=dest, step=[2])
    c = make_placements([[2000.0, 1175.0, 292.5]], "y", sku="KEG", diameter=585, height=880,
                        weight=60, destination=dest, step=[3])
    return ContainerLoad("20GP", np.concatenate([a, b, c]), upper_bound=106, destinations=(dest,))


def embedded(page: str) -> dict:
    found = DATA_RE.findall(page)
    assert len(found) == 1
    return json.loads(found[0])


def test_the_small_load_is_sound():
    assert lp.verify(small_load()) == []


def test_columns_give_back_every_placement():
    load = small_load()
    data = viewer_data(load)
    assert data["format"] == "loadplan.viewer" and data["version"] == 1
    assert [s["name"] for s in data["skus"]] == ["STEEL200", "KEG"]
    assert [s["count"] for s in data["skus"]] == [2, 2]
    (d,) = data["loads"]
    cols = {k: decode_column(v) for k, v in d["columns"].items()}
    p = load.placements
    for k in ("x", "y", "z"):
        assert cols[k].dtype == np.float32
        np.testing.assert_array_equal(cols[k], p[k].astype(np.float32))
    assert cols["axis"].tolist() == [0, 0, 1, 2]
    assert cols["step"].tolist() == [0, 1, 2, 3]
    kinds = [data["kinds"][k] for k in cols["kind"]]
    assert [data["skus"][k["sku"]]["name"] for k in kinds] == p["sku"].tolist()
    assert [k["diameter"] for k in kinds] == p["diameter"].tolist()
    assert [k["height"] for k in kinds] == p["height"].tolist()
    assert [k["weight"] for k in kinds] == p["weight"].tolist()
    assert [data["destinations"][k] for k in cols["dest"]] == p["destination"].tolist()
    assert cols["block"].tolist() == block_ids(load).tolist() == [0, 0, 1, 2]
    assert d["boards"] is None  # a load without boards draws none


def test_summary_numbers_are_the_loads():
    load = small_load()
    (d,) = viewer_data(load)["loads"]
    assert d["count"] == 4 and d["upper_bound"] == 106 and d["gap"] == 102
    assert d["weight"] == 560.0
    assert d["payload_utilisation"] == load.payload_utilisation
    assert d["volume_utilisation"] == load.volume_utilisation
    assert d["cog"] == list(load.cog)
    assert d["cog_offset"] == pytest.approx((load.cog[0] - 5896 / 2) / 5896)
    assert d["container"]["name"] == "20GP" and d["destinations"] == ["Surabaya"]


def test_block_ids_follow_blocks():
    load = small_load()
    ids = block_ids(load)
    bl = blocks(load)
    assert len(bl) == 3  # STEEL200 standing; KEG lying along; KEG lying across
    for k, b in enumerate(bl):
        steps = load.placements["step"][ids == k]
        assert (int(steps.min()), int(steps.max()), steps.size) == (b["start"], b["stop"], b["count"])


def test_instructions_group_describe_and_name_their_blocks():
    load = small_load()
    ins = instructions(load)
    lines = describe(load)
    assert [i["text"] for i in ins] == [ln for ln in lines if not ln.startswith(" ")]
    assert sum(len(i["details"]) for i in ins) == sum(ln.startswith(" ") for ln in lines)
    assert [i["block"] for i in ins] == [0, 1, 2, None]  # the last line closes the doors
    assert ins[0]["text"].startswith("1. STEEL200, standing")


def test_instructions_with_a_braced_front_wall():
    p = make_placements([[1292.5, 292.5, 440.0]], "z", sku="A", diameter=585, height=880)
    load = ContainerLoad("20GP", p, 80, (None,))
    ins = instructions(load)
    assert ins[0]["text"].startswith("1. Brace the front wall") and ins[0]["block"] is None
    assert ins[1]["block"] == 0 and ins[-1]["block"] is None


def test_page_is_self_contained_even_with_hostile_names():
    load = small_load(sku_a="http://x.example/</script><!--", dest="https://y")
    page = viewer_html(load)
    assert "http://" not in page and "https://" not in page
    assert "</script><!--" not in page
    assert page.count("<script") == 3  # data, three.js, the viewer: all inline
    assert not re.search(r"<(script|link|img|iframe)[^>]*\b(src|href)=", page)
    data = embedded(page)
    assert data["skus"][0]["name"] == "http://x.example/</script><!--"
    assert data["destinations"] == ["https://y"]
    assert data == json.loads(json.dumps(viewer_data(load)))


def test_page_embeds_the_vendored_three_js_and_its_licence_is_shipped():
    page = viewer_html(small_load())
    assert f"three.js {THREE_VERSION}, bundled by esbuild" in page and "The MIT License" in page
    assert "OrbitControls" in page and "InstancedMesh" in page
    licence = ROOT / "loadplan" / "web" / "vendor" / "three" / "LICENSE"
    assert "MIT License" in licence.read_text(encoding="utf-8")
    assert "<title>loadplan: 1 container, 4 drums</title>" in page


def test_page_title_is_escaped():
    page = viewer_html(small_load(), title="A & <B>")
    assert "<title>loadplan: A &amp; &lt;B&gt;</title>" in page
    assert embedded(page)["title"] == "A & <B>"
    # a title holding the template's markers changes nothing else
    tricky = viewer_html(small_load(), title="/*__CSS__*/ __DATA__")
    assert "<title>loadplan: /*__CSS__*/ __DATA__</title>" in tricky
    assert embedded(tricky)["title"] == "/*__CSS__*/ __DATA__"
    assert tricky.count(":root {") == page.count(":root {") == 1


def test_boards_are_embedded_when_the_load_has_them():
    load = small_load()
    dtype = [(n, "f8") for n in ("x0", "x1", "y0", "y1", "z", "thickness")]
    boards = np.array([(0.0, 585.0, 0.0, 585.0, 880.0, 0.0), (0.0, 585.0, 0.0, 585.0, 1760.0, 20.0)],
                      dtype=dtype)
    object.__setattr__(load, "boards", boards)  # the field lands on another branch
    b = viewer_data(load)["loads"][0]["boards"]
    assert b["count"] == 2
    np.testing.assert_array_equal(decode_column(b["z"]), [880.0, 1760.0])
    np.testing.assert_array_equal(decode_column(b["thickness"]), [0.0, 20.0])
    # the first board carries the second standing drum (index 1); nothing stands on the other
    assert decode_column(b["first"]).tolist() == [1, 0]


def test_plan_with_unplaced_and_several_containers():
    plan = LoadPlan([small_load(), small_load(dest="Jakarta")],
                    [Unplaced("BIG", None, 3, "larger than the door")], cost=1800.0)
    data = viewer_data(plan)
    assert data["title"] == "2 containers, 8 drums" and data["placed"] == 8
    assert data["unplaced"] == [{"sku": "BIG", "destination": "", "quantity": 3,
                                 "reason": "larger than the door"}]
    assert data["destinations"] == ["Surabaya", "Jakarta"]
    second = decode_column(data["loads"][1]["columns"]["dest"])
    assert second.tolist() == [1, 1, 1, 1]
    assert [s["count"] for s in data["skus"]] == [4, 4]


def test_empty_plan_and_empty_load():
    assert viewer_data(LoadPlan([], []))["loads"] == []
    empty = ContainerLoad("40HC", None, 0, (None,))
    (d,) = viewer_data(empty)["loads"]
    assert d["count"] == 0 and d["steps"] == [{"text": "Nothing to load.", "details": [], "block": None}]
    assert decode_column(d["columns"]["x"]).size == 0
    assert "http" not in viewer_html(LoadPlan([], []))


def test_wrong_object_is_refused():
    with pytest.raises(TypeError, match="LoadPlan or ContainerLoad, got list"):
        viewer_data([small_load()])


def test_embedding_is_compact():
    base = len(viewer_html(LoadPlan([], [])))
    centres = np.array([[100.0 + 10 * (i % 1000), 100.0 + 200 * (i // 1000), 150.0] for i in range(6000)])
    p = make_placements(centres, "z", sku="A", diameter=10, height=300, destination="X")
    big = len(viewer_html(ContainerLoad("40HC", p, 6000, ("X",))))
    # x, y, z float32 + small integer codes: about 30 bytes a drum after base64
    assert (big - base) / 6000 < 32


def test_to_html_and_show3d_entry_points(tmp_path):
    load = small_load()
    plan = LoadPlan([load], [])
    text = plan.to_html()
    assert isinstance(text, str) and text == viewer_html(plan)
    assert load.to_html() == viewer_html(load)
    out = plan.to_html(tmp_path / "p.html")
    assert out == tmp_path / "p.html" and out.read_text(encoding="utf-8") == text
    assert load.to_html(str(tmp_path / "l.html")).read_text(encoding="utf-8") == viewer_html(load)
    assert write_html(load, tmp_path / "w.html").stat().st_size == len(viewer_html(load).encode())
    view = plan.show3d(height=480)
    assert isinstance(view, Viewer3D) and view.html == text
    frame = view._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and "height:480px" in frame
    assert html.unescape(frame.split('srcdoc="', 1)[1].split('" style=', 1)[0]) == text
    with pytest.raises(ValueError, match="height must be an integer from 100 to 4000"):
        load.show3d(height=5)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "loadplan.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_plan_writes_the_viewer(tmp_path):
    (tmp_path / "order.csv").write_text(
        "sku,diameter_mm,height_mm,weight_kg,quantity,destination\nD200,585,880,220,20,Surabaya\n",
        encoding="utf-8")
    proc = _cli("plan", "order.csv", "-o", "plan.json", "--html", "plan.html", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "plan.html" in proc.stdout
    page = (tmp_path / "plan.html").read_text(encoding="utf-8")
    plan = LoadPlan.from_json((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert embedded(page) == json.loads(json.dumps(viewer_data(plan)))


def test_cli_html_output_clashes_are_usage_errors(tmp_path):
    (tmp_path / "order.csv").write_text(
        "sku,diameter_mm,height_mm,weight_kg,quantity,destination\nD200,585,880,220,2,\n", encoding="utf-8")
    proc = _cli("plan", "order.csv", "-o", "p.json", "--html", "p.json", cwd=tmp_path)
    assert proc.returncode == 2 and "p.json: the same file is given twice as an output (p.json)" in proc.stderr
    proc = _cli("plan", "order.csv", "-o", "p.json", "--html", "order.csv", cwd=tmp_path)
    assert proc.returncode == 2 and "order.csv: would overwrite an input file (order.csv)" in proc.stderr
    proc = _cli("plan", "order.csv", "-o", "p.json", "--html", "nowhere/p.html", cwd=tmp_path)
    assert proc.returncode == 2 and "folder nowhere does not exist" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["order.csv"]
