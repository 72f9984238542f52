"""Orders carry the stacking strength: the ``max_load_kg`` CSV column and JSON ``max_load``."""

import json

import jsonschema
import pytest

from loadplan.io import OrderError, order_schema, read_order

HEAD = "sku,diameter_mm,height_mm,quantity,max_load_kg\n"


def test_csv_max_load_column():
    drums = read_order(HEAD + "A,585,880,3,440\nB,300,400,1,\n")
    assert [d.max_load for d in drums] == [440.0, None]
    assert read_order("sku;diameter_mm;height_mm;quantity;max_load_kg\nA;585;880;3;12,5\n")[0] \
        .max_load == 12.5
    assert read_order("sku,diameter_mm,height_mm,quantity\nA,585,880,3\n")[0].max_load is None


@pytest.mark.parametrize("cell, match", [
    ("-1", r"order: row 2: max_load_kg must not be negative \(got '-1'\)"),
    ("lots", r"order: row 2: max_load_kg must be a number \(got 'lots'\)"),
    ("inf", r"order: row 2: max_load_kg must be a finite number \(got 'inf'\)"),
])
def test_csv_max_load_errors(cell, match):
    with pytest.raises(OrderError, match=match):
        read_order(HEAD + f"A,585,880,3,{cell}\n")


def test_same_sku_same_max_load():
    with pytest.raises(OrderError, match=r"row 3: sku 'A' has a different max_load than on row 2 "
                                         r"\(5\.0 vs 4\.0\)"):
        read_order(HEAD + "A,585,880,3,4\nA,585,880,3,5\n")


def test_json_max_load():
    doc = {"drums": [{"sku": "A", "diameter": 1, "height": 1, "quantity": 1, "max_load": 12.5},
                     {"sku": "B", "diameter": 1, "height": 1, "quantity": 1, "max_load": None}]}
    assert [d.max_load for d in read_order(json.dumps(doc))] == [12.5, None]
    doc["drums"][0]["max_load"] = "12"
    with pytest.raises(OrderError, match=r"drum 1 \(drums\[0\]\): max_load must be a JSON number "
                                         r"or null, not a string \(got '12'\)"):
        read_order(json.dumps(doc))


def test_order_schema_knows_max_load():
    validator = jsonschema.Draft202012Validator(order_schema())
    good = {"drums": [{"sku": "A", "diameter": 1, "height": 1, "quantity": 1, "max_load": 0}]}
    validator.validate(good)
    good["drums"][0]["max_load"] = -1
    assert not validator.is_valid(good)
