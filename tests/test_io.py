"""Tests for loadplan.io: order readers (CSV, JSON), costs, placements CSV, atomic output."""

from __future__ import annotations

import csv
import io
import json
import math
import unicodedata
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loadplan.io import (
    MAX_ORDER_DRUMS,
    MAX_QUANTITY,
    MAX_REPORTED_ROWS,
    PLACEMENT_COLUMNS,
    OrderError,
    atomic_path,
    atomic_write,
    order_schema,
    parse_axes,
    placements_csv,
    read_costs,
    read_order,
    write_placements_csv,
)
from loadplan.model import ContainerLoad, Drum, LoadPlan, Unplaced, make_placements

HEADER = "sku,diameter_mm,height_mm,weight_kg,quantity,destination"
BLITAR = Path(__file__).resolve().parents[1] / "examples" / "blitar_djembe.csv"


def error_of(source, **kwargs) -> OrderError:
    with pytest.raises(OrderError) as info:
        read_order(source, **kwargs)
    return info.value


# ---------------------------------------------------------------------------
# CSV: good input
# ---------------------------------------------------------------------------

def test_blitar_example_reads():
    drums = read_order(BLITAR)
    assert len(drums) == 6
    assert sum(d.quantity for d in drums) == 6000
    assert {d.destination for d in drums} == {"Shenzhen", "Shanghai"}
    assert drums[0] == Drum("DJ60", 320, 600, weight=6.0, quantity=400, destination="Shenzhen")


def test_minimal_columns_and_defaults():
    (drum,) = read_order("sku,diameter_mm,height_mm,quantity\nD1,585,880,10\n")
    assert drum == Drum("D1", 585.0, 880.0, weight=0.0, quantity=10)
    assert drum.destination is None
    assert drum.orientations == ("z", "x", "y")
    assert drum.max_layers is None


def test_optional_columns_orientations_and_layers():
    text = (HEADER + ",orientations,max_layers\n"
            "A,585,880,220,4,Rotterdam,z|x,2\n"
            "B,585,880,,4,,x,\n"
            "C,300,500,1,1,,\"y, z\",\n"
            "D,300,500,1,1,,zx,\n")
    a, b, c, d = read_order(text)
    assert a.orientations == ("z", "x") and a.max_layers == 2 and a.weight == 220.0
    assert b.orientations == ("x",) and b.max_layers is None and b.weight == 0.0
    assert b.destination is None
    assert c.orientations == ("z", "y")
    assert d.orientations == ("z", "x")


def test_excel_export_bom_crlf_semicolon_decimal_comma():
    text = ("sku;diameter_mm;height_mm;weight_kg;quantity;destination\r\n"
            "DJ60;320,5;600;6,25;400;深圳\r\n"
            "DJ40;240;400;3;1000;Zürich\r\n")
    drums = read_order(("\ufeff" + text).encode("utf-8"))
    assert [d.destination for d in drums] == ["深圳", "Zürich"]
    assert drums[0].diameter == 320.5 and drums[0].weight == 6.25


def test_utf16_tab_delimited_unicode_text_export():
    text = "\ufeffsku\tdiameter_mm\theight_mm\tquantity\tdestination\r\nA\t1,5\t2\t3\tSão Paulo\r\n"
    (drum,) = read_order(text.encode("utf-16-le"))  # BOM is the first character
    assert drum.diameter == 1.5 and drum.destination == "São Paulo"


def test_excel_sep_line_is_honoured_and_counted_as_a_row():
    text = "sep=;\nsku;diameter_mm;height_mm;quantity\nA;1;1;1\nB;1;1;x\n"
    err = error_of(text)
    assert err.problems == ["order: row 4: quantity must be a whole number (got 'x')"]
    assert read_order(text.replace(";x", ";2"))[1].quantity == 2


def test_comma_csv_takes_decimal_point_only():
    err = error_of('sku,diameter_mm,height_mm,quantity\nA,"5,5",1,1\n')
    assert "row 2" in str(err) and "diameter_mm" in str(err)


def test_extra_columns_ignored_header_case_and_spaces():
    text = " SKU , Diameter_MM,height_mm ,Quantity,Description,price\nA,1,2,3,a red drum,9.99\n"
    (drum,) = read_order(text)
    assert (drum.sku, drum.diameter, drum.height, drum.quantity) == ("A", 1.0, 2.0, 3)


def test_quantity_written_as_integral_float_is_accepted():
    (drum,) = read_order("sku,diameter_mm,height_mm,quantity\nA,1,1,400.0\n")
    assert drum.quantity == 400 and isinstance(drum.quantity, int)


def test_blank_rows_are_skipped_but_counted():
    text = "sku,diameter_mm,height_mm,quantity\n\nA,1,1,1\n,,,\n\nB,1,1,0\n"
    err = error_of(text)
    assert err.problems == ["order: row 6: quantity must be at least 1 (got '0')"]


def test_quoted_fields_with_delimiters_and_quotes():
    text = 'sku,diameter_mm,height_mm,quantity,destination\n"A, ""big""",1,1,1,"Ho Chi Minh, VN"\n'
    (drum,) = read_order(text)
    assert drum.sku == 'A, "big"' and drum.destination == "Ho Chi Minh, VN"


def test_same_sku_to_two_destinations_is_fine():
    text = HEADER + "\nA,1,1,1,2,X\nA,1,1,1,3,Y\n"
    assert [d.quantity for d in read_order(text)] == [2, 3]


def test_sources_path_pathlike_bytes_text_and_file_objects(tmp_path):
    text = "sku,diameter_mm,height_mm,quantity,destination\nA,1,2,3,Köln\n"
    path = tmp_path / "order.csv"
    path.write_text(text, encoding="utf-8")
    expected = [Drum("A", 1, 2, quantity=3, destination="Köln")]
    assert read_order(path) == expected
    assert read_order(str(path)) == expected
    assert read_order(text) == expected
    assert read_order(text.encode()) == expected
    assert read_order(io.StringIO(text)) == expected
    assert read_order(io.BytesIO(text.encode())) == expected
    with open(path, "rb") as fh:
        assert read_order(fh) == expected


# ---------------------------------------------------------------------------
# JSON: good input
# ---------------------------------------------------------------------------

def test_json_object_and_list_forms(tmp_path):
    drums = [{"sku": "D200", "diameter": 585, "height": 880, "weight": 220, "quantity": 80,
              "destination": "Hải Phòng", "orientations": ["x", "z"], "max_layers": 2},
             {"sku": "K", "diameter": 400, "height": 600, "quantity": 5.0,
              "orientations": "z|y", "destination": None}]
    expected = [Drum("D200", 585, 880, 220, 80, "Hải Phòng", ("z", "x"), 2),
                Drum("K", 400, 600, quantity=5, orientations=("z", "y"))]
    assert read_order(json.dumps({"order_no": "PO-7", "drums": drums})) == expected
    assert read_order(json.dumps(drums, ensure_ascii=False).encode()) == expected
    path = tmp_path / "order.json"
    path.write_text(json.dumps({"drums": drums}), encoding="utf-8")
    assert read_order(path) == expected


def test_file_name_that_looks_like_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "[2024] order.csv").write_text("sku,diameter_mm,height_mm,quantity\nA,1,1,1\n")
    assert read_order("[2024] order.csv")[0].sku == "A"


def test_format_argument_overrides_detection(tmp_path):
    path = tmp_path / "order.txt"
    path.write_text('{"drums": [{"sku": "A", "diameter": 1, "height": 1, "quantity": 1}]}')
    assert read_order(path, format="json")[0].sku == "A"
    assert "missing required column" in str(error_of(path))  # .txt -> CSV by default
    assert "format must be" in str(error_of(path, format="xml"))


# ---------------------------------------------------------------------------
# Bad input: one line per bad row, naming row and field
# ---------------------------------------------------------------------------

CSV_BAD_CELLS = [
    # (cells for diameter, height, weight, quantity, destination) -> words in the message
    (("abc", "880", "1", "2", "X"), ["row 2", "diameter_mm", "must be a number"]),
    (("585", "", "1", "2", "X"), ["row 2", "height_mm", "missing"]),
    (("nan", "880", "1", "2", "X"), ["row 2", "diameter_mm", "finite"]),
    (("585", "inf", "1", "2", "X"), ["row 2", "height_mm", "finite"]),
    (("585", "-Infinity", "1", "2", "X"), ["row 2", "height_mm", "finite"]),
    (("0", "880", "1", "2", "X"), ["row 2", "diameter_mm", "positive"]),
    (("-585", "880", "1", "2", "X"), ["row 2", "diameter_mm", "positive"]),
    (("585", "880", "-1", "2", "X"), ["row 2", "weight_kg", "negative"]),
    (("585", "880", "NaN", "2", "X"), ["row 2", "weight_kg", "finite"]),
    (("585", "880", "1", "2.5", "X"), ["row 2", "quantity", "whole number"]),
    (("585", "880", "1", "0", "X"), ["row 2", "quantity", "at least 1"]),
    (("585", "880", "1", "-4", "X"), ["row 2", "quantity", "at least 1"]),
    (("585", "880", "1", str(MAX_QUANTITY + 1), "X"), ["row 2", "quantity", "at most 1,000,000"]),
    (("585", "880", "1", "1e6", "X"), ["row 2", "quantity", "digits only"]),
    (("585", "880", "1", "", "X"), ["row 2", "quantity", "missing"]),
    (("585", "880", "1", "1_000", "X"), ["row 2", "quantity", "whole number"]),
    (("1_000", "880", "1", "2", "X"), ["row 2", "diameter_mm", "must be a number"]),
    (("585", "880", "1", "2", "X" * 65), ["row 2", "destination", "longer than 64"]),
]


@pytest.mark.parametrize("cells, words", CSV_BAD_CELLS)
def test_csv_bad_value_names_row_and_field(cells, words):
    text = HEADER + "\nGOOD,1,1,1,1,\nBAD," + ",".join(cells) + "\n"
    err = error_of(text)
    assert len(err.problems) == 1
    line = err.problems[0].replace("row 3", "row 2")  # the bad row is the file's row 3
    assert err.problems[0].startswith("order: row 3: ")
    for word in words:
        assert word in line
    assert isinstance(err, ValueError)


def test_csv_bad_orientations_and_layers():
    text = HEADER + ",orientations,max_layers\nA,1,1,1,1,,z|q,\nB,1,1,1,1,,,0\nC,1,1,1,1,,,two\n"
    err = error_of(text)
    assert len(err.problems) == 3
    assert "row 2" in err.problems[0] and "orientations" in err.problems[0]
    assert "row 3" in err.problems[1] and "max_layers" in err.problems[1]
    assert "row 4" in err.problems[2] and "max_layers" in err.problems[2]


def test_all_bad_rows_are_collected_one_line_each():
    text = HEADER + "\nA,1,1,1,1,\nB,-1,1,1,x,\nC,1,1,1,1,\nD,nan,0,1,1,\n,1,1,1,1,\n"
    err = error_of(text)
    assert len(err.problems) == 3
    assert err.problems[0].startswith("order: row 3: ")
    assert "diameter_mm" in err.problems[0] and "quantity" in err.problems[0]
    assert err.problems[1].startswith("order: row 5: ")
    assert "diameter_mm" in err.problems[1] and "height_mm" in err.problems[1]
    assert err.problems[2] == "order: row 6: sku is missing"
    assert str(err).count("\n") == 2


def test_many_bad_rows_are_capped():
    text = HEADER + "\n" + "".join(f"A{i},x,1,1,1,\n" for i in range(100))
    err = error_of(text)
    assert len(err.problems) == MAX_REPORTED_ROWS + 1
    assert f"{100 - MAX_REPORTED_ROWS} more bad rows" in err.problems[-1]


def test_too_many_fields_in_a_row():
    err = error_of("sku,diameter_mm,height_mm,quantity\nA,1,1,1,extra\n")
    assert "row 2" in str(err) and "5 fields" in str(err)


def test_conflicting_sku_definitions():
    text = HEADER + "\nDJ60,320,600,6,1,X\nDJ60,330,600,6,1,Y\n"
    err = error_of(text)
    assert len(err.problems) == 1
    assert "row 3" in err.problems[0] and "diameter" in err.problems[0] and "row 2" in err.problems[0]


def test_order_total_limit():
    text = HEADER + "\n" + "".join(f"A{i},1,1,1,{MAX_QUANTITY},\n" for i in range(MAX_ORDER_DRUMS // MAX_QUANTITY + 1))
    assert "limit" in str(error_of(text))


@pytest.mark.parametrize("source, words", [
    ("", ["empty order"]),
    ("   \n\r\n  ", ["empty order"]),
    (b"", ["empty order"]),
    ("sku,diameter_mm,height_mm,quantity\n", ["header but no drum rows"]),
    ("sku,diameter_mm,height_mm,quantity\r\n\r\n,,,\r\n", ["header but no drum rows"]),
    ("sku,diameter_mm,quantity\nA,1,1\n", ["row 1", "missing required column height_mm"]),
    ("name,size\nA,1\n", ["row 1", "missing required columns sku, diameter_mm, height_mm, quantity"]),
    ("sku,sku,diameter_mm,height_mm,quantity\nA,A,1,1,1\n", ["duplicate column sku"]),
    ('sku,diameter_mm,height_mm,quantity\n"A,1,1,1\n', ["malformed CSV"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff", ["not UTF-8"]),
    (b"sku,diameter_mm\x00\x00,height_mm", ["binary"]),
    (b"\xff\xfe\x00", ["UTF-16"]),
    ("{\"drums\": [", ["invalid JSON", "line 1"]),
    ("{bad", ["invalid JSON"]),
    ("[" * 50_000, ["invalid JSON"]),
    ('{"drums": [], "drums": []}', ["duplicate key"]),
    ('{"items": []}', ["no 'drums'"]),
    ('{"drums": {}}', ["'drums' must be a list"]),
    ('{"drums": []}', ["no drums"]),
    ("[]", ["no drums"]),
    ("[1]", ["drum 1 (drums[0])", "must be an object"]),
])
def test_whole_file_problems(source, words):
    message = str(error_of(source))
    for word in words:
        assert word in message


@pytest.mark.parametrize("cell", ["9" * 5000, "9" * 5000 + ".0", "+" + "1" * 30])
@pytest.mark.parametrize("column", ["quantity", "max_layers"])
def test_huge_whole_numbers_are_an_order_error(cell, column):
    # int() refuses strings over 4,300 digits with a plain ValueError: never let it escape
    values = {"quantity": "1", "max_layers": "", column: cell}
    text = (f"sku,diameter_mm,height_mm,quantity,max_layers\n"
            f"A,585,880,{values['quantity']},{values['max_layers']}\n")
    message = str(error_of(text))
    assert "row 2" in message and column in message and "at most" in message


def test_whole_numbers_with_leading_zeros_and_plus():
    text = "sku,diameter_mm,height_mm,quantity\nA,585,880,0012.00\nB,585,880,+7\n"
    assert [d.quantity for d in read_order(text)] == [12, 7]


def test_sep_line_with_old_mac_line_ends():
    drums = read_order("sep=;\rsku;diameter_mm;height_mm;quantity\rA;585,5;880;1\r")
    assert [(d.sku, d.diameter) for d in drums] == [("A", 585.5)]


@pytest.mark.parametrize("source", [
    '[{"sku": "A", "diameter": 585, "height": 880, "quantity": 1, "destination": "X\\ud800"}]',
    '[{"sku": "\\udfff", "diameter": 585, "height": 880, "quantity": 1}]',
])
def test_lone_surrogates_are_rejected_when_read(source):
    # they would only fail much later, when the plan is written as UTF-8
    assert "not valid Unicode" in str(error_of(source))


JSON_GOOD = {"sku": "A", "diameter": 585, "height": 880, "quantity": 2}


@pytest.mark.parametrize("change, words", [
    ({"diameter": "585"}, ["diameter", "not a string"]),
    ({"diameter": float("nan")}, ["diameter", "finite"]),
    ({"height": float("inf")}, ["height", "finite"]),
    ({"height": 1e400}, ["height", "finite"]),
    ({"diameter": 0}, ["diameter", "positive"]),
    ({"diameter": -3}, ["diameter", "positive"]),
    ({"quantity": 1.5}, ["quantity", "whole number"]),
    ({"quantity": True}, ["quantity", "whole number"]),
    ({"quantity": 10**30}, ["quantity", "at most"]),
    ({"quantity": 0}, ["quantity", "at least 1"]),
    ({"sku": ""}, ["sku", "missing"]),
    ({"sku": 17}, ["sku", "must be text"]),
    ({"destination": 5}, ["destination", "must be text"]),
    ({"orientations": []}, ["orientations"]),
    ({"orientations": ["z", "w"]}, ["orientations"]),
    ({"max_layers": 0}, ["max_layers", "at least 1"]),
    ({"diameter_mm": 585}, ["unknown field 'diameter_mm'"]),
    ({"quantity": None}, ["quantity", "missing"]),
])
def test_json_bad_value_names_drum_and_field(change, words):
    bad = {**JSON_GOOD, **change}
    text = json.dumps({"drums": [JSON_GOOD, bad]})
    err = error_of(text)
    assert len(err.problems) == 1
    assert err.problems[0].startswith("order: drum 2 (drums[1]): ")
    for word in words:
        assert word in err.problems[0]


def test_missing_file_and_directory(tmp_path):
    assert "no such file" in str(error_of(tmp_path / "nope.csv"))
    assert "no such file" in str(error_of(str(tmp_path / "nope.csv")))
    assert "is a directory" in str(error_of(tmp_path))


def test_unsupported_source_type():
    assert "cannot read an order" in str(error_of(42))


# ---------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------

def test_schema_is_consistent_with_reader():
    import jsonschema

    schema = order_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert schema["$defs"]["drum"]["properties"]["quantity"]["maximum"] == MAX_QUANTITY
    for example in schema["examples"]:
        validator.validate(example)
        assert len(read_order(json.dumps(example))) == len(example["drums"])
    good = {"drums": [JSON_GOOD, {**JSON_GOOD, "sku": "B", "orientations": "z|x", "max_layers": None,
                                  "destination": "深圳", "weight": 0}]}
    validator.validate(good)
    read_order(json.dumps(good))
    for change, words in [
        ({"diameter": "585"}, "diameter must be a JSON number"), ({"diameter": 0}, "diameter must be positive"),
        ({"quantity": 1.5}, "quantity must be a whole number"), ({"quantity": 0}, "quantity must be at least 1"),
        ({"quantity": MAX_QUANTITY + 1}, "quantity must be at most"),
        ({"orientations": []}, "orientations must name at least one axis"),
        ({"orientations": ["w"]}, "orientations must name axes from z, x, y"),
        ({"max_layers": 0}, "max_layers must be at least 1"), ({"diameter_mm": 1}, "unknown field 'diameter_mm'"),
        ({"sku": ""}, "sku is missing"), ({"destination": "x" * 65}, "destination is longer than 64 characters"),
    ]:
        doc = {"drums": [{**JSON_GOOD, **change}]}
        assert not validator.is_valid(doc), change
        with pytest.raises(OrderError, match=r"^order: drum 1 \(drums\[0\]\): " + words):
            read_order(json.dumps(doc))


# ---------------------------------------------------------------------------
# Costs
# ---------------------------------------------------------------------------

def test_read_costs(tmp_path):
    assert read_costs('{"20GP": 1800, "40HC": 2900.5}') == {"20GP": 1800.0, "40HC": 2900.5}
    nested = {"Shenzhen": {"40HC": 3000}, "20GP": 100}
    path = tmp_path / "costs.json"
    path.write_text(json.dumps(nested))
    assert read_costs(path) == {"Shenzhen": {"40HC": 3000.0}, "20GP": 100.0}


@pytest.mark.parametrize("text, words", [
    ('{"99XX": 1}', ["unknown container '99XX'"]),
    ('{"Shenzhen": {"53HC": 1}}', ["unknown container '53HC'"]),
    ('{"20GP": -1}', ["negative"]),
    ('{"20GP": "1"}', ["string"]),
    ('{"20GP": NaN}', ["finite"]),
    ('{"Shenzhen": {}}', ["no container costs"]),
    ("[1, 2]", ["JSON object"]),
    ("{}", ["JSON object"]),
    ("{", ["invalid JSON"]),
    ("", ["empty"]),
])
def test_read_costs_errors(text, words):
    with pytest.raises(OrderError) as info:
        read_costs(text if text.startswith(("{", "[")) else text.encode())
    for word in words:
        assert word in str(info.value)


def test_read_costs_missing_file(tmp_path):
    with pytest.raises(OrderError, match="no such file"):
        read_costs(tmp_path / "costs.json")


# ---------------------------------------------------------------------------
# Axes helper
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, axes", [
    ("z,x,y", ("z", "x", "y")), ("y|z", ("z", "y")), ("xz", ("z", "x")), (" X ", ("x",)),
    (["y", "x"], ("x", "y")), ("", None), (None, None),
])
def test_parse_axes(text, axes):
    assert parse_axes(text) == axes


@pytest.mark.parametrize("text", ["w", "z|q", "zz|", [], ["zx"], 3])
def test_parse_axes_errors(text):
    if text == "zz|":  # duplicates are harmless
        assert parse_axes(text) == ("z",)
        return
    with pytest.raises(ValueError, match="axes"):
        parse_axes(text, "axes")


# ---------------------------------------------------------------------------
# Placements CSV and atomic output
# ---------------------------------------------------------------------------

def _small_plan() -> LoadPlan:
    p1 = make_placements([[300, 300, 440], [300, 900, 440]], "z", sku="D200", diameter=585,
                         height=880, weight=220.5, destination="Đà Nẵng")
    p2 = make_placements([[1000.125, 292.5, 292.5]], ["x"], sku="K", diameter=585, height=880,
                         weight=0.1)
    loads = (ContainerLoad("20GP", p1, 80, ("Đà Nẵng",)), ContainerLoad("40HC", p2, 200, (None,)))
    return LoadPlan(loads, (Unplaced("BIG", None, 1, "too large"),))


def test_write_placements_csv_round_trip(tmp_path):
    plan = _small_plan()
    path = tmp_path / "placements.csv"
    write_placements_csv(plan, path)
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == PLACEMENT_COLUMNS
    assert len(rows) == 3
    assert rows[0]["destination"] == "Đà Nẵng" and rows[0]["container_type"] == "20GP"
    assert rows[2]["container"] == "2" and rows[2]["axis"] == "x" and rows[2]["destination"] == ""
    assert float(rows[2]["x_mm"]) == 1000.125 and float(rows[0]["weight_kg"]) == 220.5
    assert [r["step"] for r in rows] == ["0", "1", "0"]
    assert not list(tmp_path.glob(".*"))  # no temporary file left
    write_placements_csv(plan, path, bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_placements_csv_of_empty_plan_is_header_only():
    assert placements_csv(LoadPlan((), ())).strip() == ",".join(PLACEMENT_COLUMNS)


def test_atomic_path_leaves_old_file_on_error(tmp_path):
    target = tmp_path / "plan.json"
    target.write_text("old")
    with pytest.raises(RuntimeError, match="^boom$"):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["plan.json"]
    atomic_write(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    fresh = tmp_path / "fresh.txt"
    atomic_write(fresh, "x")
    mask = os.umask(0)
    os.umask(mask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600
    fresh.unlink()
    assert sorted(os.listdir(tmp_path)) == ["plan.json"]


# ---------------------------------------------------------------------------
# Fuzzing: no input makes the readers fail with anything but OrderError
# ---------------------------------------------------------------------------

FUZZ = settings(max_examples=int(os.environ.get("LOADPLAN_FUZZ_EXAMPLES", 150)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _read_or_order_error(source, **kwargs):
    try:
        drums = read_order(source, **kwargs)
    except OrderError as exc:
        assert exc.problems and all(isinstance(p, str) and "\n" not in p for p in exc.problems)
        return None
    assert drums and all(isinstance(d, Drum) for d in drums)
    return drums


@FUZZ
@given(st.binary(max_size=300))
def test_fuzz_bytes(data):
    _read_or_order_error(data)
    _read_or_order_error(data, format="json")


@FUZZ
@given(st.text(max_size=300))
def test_fuzz_text(text):
    _read_or_order_error(text + "\n")
    _read_or_order_error(text, format="csv")


CELL = st.one_of(
    st.sampled_from(["", " ", "1", "0", "-1", "2.5", "1,5", "1e3", "nan", "inf", "-inf", "1e400",
                     "1000001", "abc", "z|x", "q", "\"", "x" * 70, "深圳", "\t", "1.000", "+3"]),
    st.text(max_size=8),
)
COLUMNS = ["sku", "diameter_mm", "height_mm", "weight_kg", "quantity", "destination",
           "orientations", "max_layers", "junk"]


@FUZZ
@given(header=st.lists(st.sampled_from(COLUMNS), min_size=0, max_size=9),
       rows=st.lists(st.lists(CELL, max_size=10), max_size=6),
       delimiter=st.sampled_from([",", ";", "\t"]),
       newline=st.sampled_from(["\n", "\r\n"]),
       bom=st.booleans())
def test_fuzz_csv_structured(header, rows, delimiter, newline, bom):
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    text = ("\ufeff" if bom else "") + newline.join(lines) + newline
    _read_or_order_error(text.encode("utf-8"), format="csv")


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=6)
    | st.sampled_from(["z|x", "z", "深圳"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["sku", "diameter", "height", "weight", "quantity", "destination",
                         "orientations", "max_layers", "drums", "other"]), inner, max_size=8),
    max_leaves=25,
)


@FUZZ
@given(JSON_VALUE)
def test_fuzz_json_structured(value):
    _read_or_order_error(json.dumps(value), format="json")
    _read_or_order_error(json.dumps({"drums": [value]}), format="json")


@FUZZ
@given(st.text(max_size=200))
def test_fuzz_costs(text):
    try:
        read_costs(text.encode("utf-8"))
    except OrderError:
        pass


# ---------------------------------------------------------------------------
# Round trip: valid orders written in any Excel dialect read back unchanged
# ---------------------------------------------------------------------------

SIZE = st.floats(min_value=1.0, max_value=1e5, allow_nan=False, allow_infinity=False)
NAME = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zs", "Zl", "Zp")), min_size=1, max_size=20)


@FUZZ
@given(rows=st.lists(st.tuples(NAME, SIZE, SIZE, st.one_of(st.just(0.0), st.floats(1e-3, 1e4)),
                               st.integers(1, MAX_QUANTITY // 5),
                               st.one_of(st.none(), NAME),
                               st.sampled_from([("z",), ("z", "x"), ("x", "y"), ("z", "x", "y")]),
                               st.one_of(st.none(), st.integers(1, 9))),
                     min_size=1, max_size=5,
                     unique_by=lambda r: unicodedata.normalize("NFC", r[0].strip())),
       delimiter=st.sampled_from([",", ";", "\t"]),
       newline=st.sampled_from(["\n", "\r\n"]),
       bom=st.booleans())
def test_round_trip_csv(rows, delimiter, newline, bom):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(["sku", "diameter_mm", "height_mm", "weight_kg", "quantity", "destination",
                     "orientations", "max_layers"])
    expected = []
    for sku, d, h, w, q, dest, axes, layers in rows:
        def num(v: float) -> str:
            text = repr(v)
            return text.replace(".", ",") if delimiter != "," else text
        writer.writerow([sku, num(d), num(h), num(w), q, dest or "", "|".join(axes),
                         "" if layers is None else layers])
        expected.append(Drum(sku.strip(), d, h, w, q, dest.strip() if dest else None, axes, layers))
    text = ("\ufeff" if bom else "") + buffer.getvalue()
    assert read_order(text.encode("utf-8"), format="csv") == expected
    as_json = json.dumps([{"sku": e.sku, "diameter": e.diameter, "height": e.height, "weight": e.weight,
                           "quantity": e.quantity, "destination": e.destination,
                           "orientations": list(e.orientations), "max_layers": e.max_layers}
                          for e in expected])
    assert read_order(as_json) == expected
    assert all(math.isfinite(e.diameter) for e in expected)
