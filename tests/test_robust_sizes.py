"""Sizes and limits: ranges checked at the door with messages naming the field (and the row)
and the limit; the work of a capped fill follows the quantity; names normalised."""

from __future__ import annotations

import json
import re

import pytest

import loadplan as lp
from loadplan.cli import main
from loadplan.containers import CONTAINERS, Container, scale_problem
from loadplan.io import OrderError, read_costs, read_order
from loadplan.model import Drum, normalise_name
from loadplan.verification import verify

HEADER = "sku,diameter_mm,height_mm,quantity,max_layers"


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# ---------------------------------------------------------------------------
# Ranges at the door: Drum, Container
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    ({"diameter": 1e-308}, r"^Drum\.diameter must be between 1 and 100,000 mm, got 1e-308$"),
    ({"diameter": 0.5}, r"^Drum\.diameter must be between 1 and 100,000 mm, got 0\.5$"),
    ({"height": 1e308}, r"^Drum\.height must be between 1 and 100,000 mm, got 1e\+308$"),
    ({"weight": 1e-300}, r"^Drum\.weight must be 0 or between 1e-06 and 1,000,000 kg, got 1e-300$"),
    ({"weight": 1e308}, r"^Drum\.weight must be 0 or between 1e-06 and 1,000,000 kg, got 1e\+308$"),
    ({"max_layers": 10**20}, r"^Drum\.max_layers must be between 1 and 1_000, got 100000000000000000000$"),
    ({"max_layers": 2**63}, r"^Drum\.max_layers must be between 1 and 1_000, got 9223372036854775808$"),
])
def test_drum_ranges(kwargs, message):
    fields = {"sku": "A", "diameter": 585, "height": 880, **kwargs}
    with pytest.raises(ValueError, match=message):
        Drum(**fields)


@pytest.mark.parametrize("field, value, message", [
    ("length", 1e6, r"^Container\.length must be at most 100,000 mm, got 1000000\.0$"),
    ("width", 1e308, r"^Container\.width must be at most 100,000 mm, got 1e\+308$"),
    ("max_payload", 1e308, r"^Container\.max_payload must be at most 1,000,000,000 kg, got 1e\+308$"),
])
def test_container_ranges(field, value, message):
    values = dict(name="box", length=6000, width=2400, height=2400, door_width=2300,
                  door_height=2300, tare=2000, max_payload=20000)
    values[field] = value
    if field == "width":
        values["door_width"] = 2300
    with pytest.raises(ValueError, match=message):
        Container(**values)


def test_scale_problem_names_the_limit():
    assert scale_problem(585, 880, CONTAINERS["45HC"]) is None
    assert scale_problem(20, 20, CONTAINERS["20GP"]) == (
        "Ø20 x 20 mm is too small: up to 5,277,013 would fit a 20GP by volume; the supported "
        "limit is 100,000 drums of one type per container")


@pytest.mark.parametrize("diameter, height", [(20, 20), (1, 320), (1, 1)])
def test_plan_and_fill_refuse_tiny_drums_with_a_message(diameter, height):
    # plan() names the drum and checks it against the largest allowed container
    with pytest.raises(ValueError, match=rf"^drums\[0\] \(sku 'T'\): Ø{diameter} x {height} mm is too "
                                         r"small: up to [\d,]+ would fit a 40HC by volume; the supported "
                                         r"limit is 100,000 drums of one type per container$"):
        lp.plan([lp.Drum("T", diameter, height, quantity=10)])
    with pytest.raises(ValueError, match=r"^drum 'T' in a 20GP: diameter .* is too small"):
        lp.fill(lp.Drum("T", diameter, height), "20GP")
    from loadplan.filling import block_upper_bound, layout_block

    with pytest.raises(ValueError, match=r"is too small for a 1000 x 1000 x 1000 mm box"):
        layout_block(diameter, height, 1000, 1000, 1000)
    with pytest.raises(ValueError, match=r"is too small for a 1000 x 1000 x 1000 mm box"):
        block_upper_bound(diameter, height, 1000, 1000, 1000)


# ---------------------------------------------------------------------------
# The command line: row, field and limit
# ---------------------------------------------------------------------------

def test_cli_tiny_drum_row_names_row_fields_and_limit(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "o.csv").write_text(HEADER + "\nA,585,880,5,\nT,20,20,10,\n", encoding="utf-8")
    code, out, err = _cli(capsys, "plan", "o.csv", "-o", "p.json")
    assert code == 2 and out == ""
    assert err == ("loadplan: error: o.csv: row 3: diameter_mm and height_mm: Ø20 x 20 mm is too "
                   "small: up to 12,136,872 would fit a 40HC by volume; the supported limit is "
                   "100,000 drums of one type per container\n")
    code, _, err = _cli(capsys, "plan", "o.csv", "-o", "p.json", "--containers", "20GP")
    assert err.startswith("loadplan: error: o.csv: row 3: diameter_mm and height_mm: Ø20 x 20 mm "
                          "is too small: up to 5,277,013 would fit a 20GP")
    assert not (tmp_path / "p.json").exists()


@pytest.mark.parametrize("cells, message", [
    ("A,585,880,5,100000000000000000000",
     "row 2: max_layers must be at most 1,000 (got '100000000000000000000')"),
    ("A,585,880,5,9223372036854775808", "row 2: max_layers must be at most 1,000 (got '9223372036854775808')"),
    ("A,1e-300,880,5,", "row 2: Drum.diameter must be between 1 and 100,000 mm, got 1e-300"),
    ("A,585,1e308,5,", "row 2: Drum.height must be between 1 and 100,000 mm, got 1e+308"),
    ("A,585,880," + "9" * 5001 + ",", "row 2: quantity must be at most 1,000,000 (got '" + "9" * 36 + "...)"),
])
def test_cli_out_of_range_cells(tmp_path, capsys, monkeypatch, cells, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "o.csv").write_text(HEADER + "\n" + cells + "\n", encoding="utf-8")
    code, _, err = _cli(capsys, "plan", "o.csv", "-o", "p.json")
    assert (code, err) == (2, f"loadplan: error: o.csv: {message}\n")


@pytest.mark.parametrize("args, message", [
    (["--diameter", "1e-300", "--height", "880"],
     "argument --diameter: diameter must be between 1 and 100,000 mm, got '1e-300' (see 'loadplan fit --help')"),
    (["--diameter", "585", "--height", "880", "--max-layers", str(2**63)],
     "argument --max-layers: max-layers must be at most 1,000, got '9223372036854775808' "
     "(see 'loadplan fit --help')"),
    (["--diameter", "585", "--height", "880", "--weight", "1e308"],
     "argument --weight: weight must be at most 1,000,000 kg, got '1e308' (see 'loadplan fit --help')"),
    (["--diameter", "5", "--height", "5"],
     "drum 'drum' in a 20GP: diameter 5 x height 5 mm is too small for a 5896 x 2350 x 2393 mm box: "
     "up to 337,728,835 would fit by volume; the supported limit is 100,000 drums of one type "
     "per container"),
])
def test_cli_fit_ranges(capsys, args, message):
    code, out, err = _cli(capsys, "fit", *args)
    assert (code, out, err) == (2, "", f"loadplan: error: {message}\n")


def test_costs_of_1e308_are_refused_without_a_warning(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "o.csv").write_text(HEADER + "\nA,585,880,5,\n", encoding="utf-8")
    (tmp_path / "c.json").write_text('{"20GP": 1e308, "40HC": 1e308}', encoding="utf-8")
    code, out, err = _cli(capsys, "plan", "o.csv", "--costs", "c.json", "-o", "p.json")
    assert (code, out) == (2, "")
    assert err == ("loadplan: error: c.json: cost of 20GP must be at most 1,000,000,000,000 "
                   "(got 1e+308)\n")
    with pytest.raises(OrderError, match=r"cost of 40HC for X must be at most"):
        read_costs(json.dumps({"X": {"40HC": 1e13}}))


# ---------------------------------------------------------------------------
# The work follows the quantity: fill(max_count=...)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("diameter, height, quantity", [(110, 110, 10), (150, 150, 37), (585, 880, 50)])
def test_capped_fill_builds_only_what_was_asked(diameter, height, quantity):
    drum = lp.Drum("S", diameter, height, weight=1.0)
    load = lp.fill(drum, "40HC", max_count=quantity)
    assert load.count == quantity
    assert verify(load, [drum]) == []
    full = lp.fill(drum, "40HC")
    assert load.upper_bound == full.upper_bound >= full.count > quantity
    # a short stretch at the nose, not the whole container
    far = (load.placements["x"] + load.placements["height"]).max()
    assert far < 0.5 * CONTAINERS["40HC"].length


def test_capped_fill_beyond_capacity_and_payload():
    drum = lp.Drum("H", 585, 880, weight=1000.0)
    full = lp.fill(drum, "20GP")
    assert lp.fill(drum, "20GP", max_count=10**6).count == full.count == 28
    assert lp.fill(drum, "20GP", max_count=10).count == 10
    assert lp.fill(drum, "20GP", max_count=0).count == 0
    with pytest.raises(ValueError, match=r"max_count must be None or an integer >= 0, got -1"):
        lp.fill(drum, "20GP", max_count=-1)


# ---------------------------------------------------------------------------
# Names: NFC, no invisible characters
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, message", [
    ("A\u200b", "sku contains an invisible character U+200B (ZERO WIDTH SPACE) at position 2"),
    ("\u202eABC", "sku contains an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) at position 1"),
    ("A\u00adB", "sku contains an invisible character U+00AD (SOFT HYPHEN) at position 2"),
])
def test_invisible_characters_are_refused(name, message):
    with pytest.raises(ValueError, match="^" + re.escape("Drum." + message) + "$"):
        Drum(name, 585, 880)
    with pytest.raises(OrderError, match="^" + re.escape(f"order: row 2: {message}") + "$"):
        read_order(f"sku,diameter_mm,height_mm,quantity\n{name},585,880,1\n")


def test_nfc_makes_one_sku_and_one_destination():
    decomposed, composed = "Zu\u0308rich", "Z\u00fcrich"
    assert Drum("A", 585, 880, destination=decomposed).destination == composed
    assert normalise_name(decomposed) == composed
    text = (f"sku,diameter_mm,height_mm,quantity,destination\nE\u0301,585,880,1,{decomposed}\n"
            f"\u00c9,585,900,1,{composed}\n")
    with pytest.raises(OrderError, match=r"^order: row 3: sku 'É' has a different height than on row 2 "
                                         r"\(900\.0 vs 880\.0\)$"):
        read_order(text)


def test_order_limit_is_what_is_tested():
    from loadplan.io import MAX_ORDER_DRUMS, MAX_PLAN_BYTES

    assert MAX_ORDER_DRUMS == 1_000_000 and MAX_PLAN_BYTES == 256 * 1024 * 1024
    text = HEADER + "\nA,585,880,1000000,\nB,585,880,1,\n"
    with pytest.raises(OrderError, match=r"^order: the order asks for 1,000,001 drums; the limit is "
                                         r"1,000,000 per order$"):
        read_order(text)
    with pytest.raises(ValueError, match=r"^Drum\.quantity must be between 0 and 1_000_000, got 1000001$"):
        Drum("A", 585, 880, quantity=1_000_001)


@pytest.mark.parametrize("layers", [10**20, 2**63, 1001])
def test_box_api_refuses_absurd_layers(layers):
    from loadplan.filling import block_upper_bound, layout_block

    for call in (layout_block, block_upper_bound):
        with pytest.raises(ValueError, match=rf"^max_layers must be at most 1,000, got {layers}$"):
            call(585, 880, 5896, 2350, 2393, max_layers=layers)
