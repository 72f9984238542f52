"""Tests for loadplan.model: Drum, Unplaced, ContainerLoad, LoadPlan and JSON."""

import dataclasses
import json
import math
import pickle
from importlib import resources

import numpy as np
import pytest

from loadplan.containers import CONTAINERS
from loadplan.model import (
    PLACEMENT_DTYPE,
    ContainerLoad,
    Drum,
    LoadPlan,
    Unplaced,
    as_placements,
    make_placements,
)


RNG_SEED = 20251127  # conftest's rng fixture draws this file's cases from this seed


# --------------------------------------------------------------------------
# a tiny JSON Schema validator for the keywords plan.schema.json uses
# --------------------------------------------------------------------------
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
}
_KNOWN = {"$schema", "$id", "title", "description", "type", "required", "properties",
          "items", "enum", "minimum", "exclusiveMinimum", "minLength", "maxLength"}


def schema_errors(value, schema, path="$"):
    """Errors of ``value`` against ``schema`` (subset of draft 2020-12)."""
    unknown = set(schema) - _KNOWN
    assert not unknown, f"validator does not implement {unknown}"
    errors = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[t](value) for t in types):
            return [f"{path}: {value!r} is not of type {types}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and not value >= schema["minimum"]:
            errors.append(f"{path}: {value} < {schema['minimum']}")
        if "exclusiveMinimum" in schema and not value > schema["exclusiveMinimum"]:
            errors.append(f"{path}: {value} <= {schema['exclusiveMinimum']}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{path}: too short")
        if len(value) > schema.get("maxLength", math.inf):
            errors.append(f"{path}: too long")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: missing {key!r}")
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                errors += schema_errors(value[key], sub, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += schema_errors(item, schema["items"], f"{path}[{i}]")
    return errors


@pytest.fixture(scope="module")
def plan_schema():
    text = resources.files("loadplan").joinpath("schemas/plan.schema.json").read_text("utf-8")
    return json.loads(text)


# --------------------------------------------------------------------------
# Drum
# --------------------------------------------------------------------------
def test_drum_defaults_and_volume():
    d = Drum("D200", 585, 880)
    assert d.weight == 0.0 and d.quantity == 1 and d.destination is None
    assert d.orientations == ("z", "x", "y") and d.max_layers is None
    assert isinstance(d.diameter, float)
    assert d.volume == pytest.approx(math.pi * 585**2 / 4 * 880)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'quantity'"):
        d.quantity = 3  # type: ignore[misc]
    assert d == Drum("D200", 585.0, 880.0) and hash(d) == hash(Drum("D200", 585.0, 880.0))


@pytest.mark.parametrize("given,expected", [
    ("zx", ("z", "x")), ("xz", ("z", "x")), ("y|x", ("x", "y")), ("z, y", ("z", "y")),
    (["y", "z"], ("z", "y")), (("x",), ("x",)), ("zzx", ("z", "x")),
])
def test_orientations_normalised(given, expected):
    assert Drum("A", 1, 1, orientations=given).orientations == expected


@pytest.mark.parametrize("field,value", [
    ("sku", ""), ("sku", "   "), ("sku", None), ("sku", 12), ("sku", "x" * 65),
    ("diameter", 0), ("diameter", -1), ("diameter", math.nan), ("diameter", math.inf),
    ("diameter", "3"), ("height", 0), ("height", math.nan), ("height", True),
    ("weight", -0.1), ("weight", math.nan), ("weight", math.inf),
    ("quantity", -1), ("quantity", 1.0), ("quantity", 2.5), ("quantity", True),
    ("quantity", 10_000_001), ("quantity", "5"),
    ("destination", ""), ("destination", 5), ("destination", "d" * 65),
    ("destination", "X\ud800"), ("sku", "\udc80"), ("destination", "X\x00"),
    ("diameter", 10**400), ("weight", -(10**400)),
    ("orientations", ""), ("orientations", ()), ("orientations", "zq"),
    ("orientations", ["z", "w"]), ("orientations", 3),
    ("max_layers", 0), ("max_layers", 1.5), ("max_layers", True), ("max_layers", -2),
])
def test_drum_bad_field_named(field, value):
    kwargs = dict(sku="A", diameter=500, height=800)
    kwargs[field] = value
    with pytest.raises(ValueError, match=f"Drum.{field}"):
        Drum(**kwargs)


def test_drum_accepts_numpy_and_limits():
    d = Drum("A", np.float32(500), np.int64(800), weight=np.float64(3),
             quantity=np.int64(1_000_000), max_layers=np.int32(2), destination="上海")
    assert d.quantity == 1_000_000 and type(d.quantity) is int
    assert d.max_layers == 2 and type(d.max_layers) is int
    assert d.destination == "上海"
    assert Drum("A", 1, 1, quantity=0).quantity == 0


def test_unplaced_validation():
    u = Unplaced("A", None, 3, "too large for the door")
    assert u.quantity == 3
    for kwargs in ({"sku": ""}, {"quantity": -1}, {"quantity": 1.5}, {"reason": None},
                   {"destination": ""}):
        base = dict(sku="A", destination=None, quantity=1, reason="r")
        base.update(kwargs)
        with pytest.raises(ValueError, match="Unplaced"):
            Unplaced(**base)


# --------------------------------------------------------------------------
# ContainerLoad
# --------------------------------------------------------------------------
def random_placements(rng, n, skus=("A", "B"), dests=("", "Shanghai")):
    p = np.zeros(n, dtype=PLACEMENT_DTYPE)
    p["sku"] = rng.choice(list(skus), n)
    p["x"] = rng.uniform(0, 5000, n)
    p["y"] = rng.uniform(0, 2000, n)
    p["z"] = rng.uniform(0, 2000, n)
    p["axis"] = rng.choice(["x", "y", "z"], n)
    p["diameter"] = rng.uniform(100, 600, n)
    p["height"] = rng.uniform(100, 900, n)
    p["weight"] = rng.uniform(0, 200, n)
    p["destination"] = rng.choice(list(dests), n)
    p["step"] = rng.permutation(n)
    return p


def test_load_sorts_by_step_and_is_read_only(rng):
    p = random_placements(rng, 50)
    load = ContainerLoad("40HC", p, 100, ["Shanghai"])
    assert load.container is CONTAINERS["40HC"]
    assert load.destinations == ("Shanghai",)
    assert np.all(np.diff(load.placements["step"]) > 0)
    assert not load.placements.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        load.placements["x"][0] = 1.0
    # the caller's array is not touched and not shared
    p["x"][:] = -1
    assert (load.placements["x"] >= 0).all()


def test_load_summary(rng):
    p = random_placements(rng, 40)
    c = CONTAINERS["20GP"]
    load = ContainerLoad(c, p, 60, (None,), notes=["chocks at the doors"])
    assert load.count == 40 and load.gap == 20
    assert load.weight == pytest.approx(p["weight"].sum())
    w = p["weight"]
    assert load.cog == pytest.approx(tuple((p[k] * w).sum() / w.sum() for k in "xyz"))
    vol = (np.pi / 4 * p["diameter"] ** 2 * p["height"]).sum()
    assert load.volume_utilisation == pytest.approx(vol / c.volume)
    assert load.payload_utilisation == pytest.approx(w.sum() / c.max_payload)
    assert load.notes == ("chocks at the doors",)


def test_cog_weightless_and_empty():
    p = make_placements([[100, 100, 100], [300, 100, 100]], "z", sku="A",
                        diameter=100, height=100)
    assert ContainerLoad("20GP", p, 2, (None,)).cog == pytest.approx((200, 100, 100))
    empty = ContainerLoad("20GP", [], 0, ())
    c = CONTAINERS["20GP"]
    assert empty.count == 0 and empty.weight == 0.0
    assert empty.cog == (c.length / 2, c.width / 2, 0.0)
    assert empty.volume_utilisation == 0.0


def test_load_equality_hash_pickle(rng):
    p = random_placements(rng, 30)
    a = ContainerLoad("20GP", p, 40, ("X",))
    b = ContainerLoad("20GP", p.copy(), 40, ["X"])
    assert a == b and hash(a) == hash(b)
    q = p.copy()
    q["y"][3] += 1e-9
    assert a != ContainerLoad("20GP", q, 40, ("X",))
    assert a != ContainerLoad("20GP", p, 41, ("X",))
    c = pickle.loads(pickle.dumps(a))
    assert c == a and not c.placements.flags.writeable


def test_load_bad_input(rng):
    p = random_placements(rng, 3)
    with pytest.raises(ValueError, match="unknown container"):
        ContainerLoad("99XX", p, 3, ())
    with pytest.raises(ValueError, match="upper_bound"):
        ContainerLoad("20GP", p, -1, ())
    with pytest.raises(ValueError, match="upper_bound"):
        ContainerLoad("20GP", p, 2.5, ())
    with pytest.raises(ValueError, match="destinations"):
        ContainerLoad("20GP", p, 3, "Shanghai")
    with pytest.raises(ValueError, match="notes"):
        ContainerLoad("20GP", p, 3, (), notes="x")
    bad = np.zeros(2, dtype=[("sku", "U8"), ("x", "f8")])
    with pytest.raises(ValueError, match="lacks the field"):
        ContainerLoad("20GP", bad, 3, ())


def test_as_placements_by_field_name(rng):
    p = random_placements(rng, 5)
    # other field order plus an extra field
    dt = np.dtype([("extra", "i4")] + [(n, PLACEMENT_DTYPE[n]) for n in reversed(PLACEMENT_DTYPE.names)])
    other = np.zeros(5, dtype=dt)
    for n in PLACEMENT_DTYPE.names:
        other[n] = p[n]
    out = as_placements(other)
    assert out.dtype == PLACEMENT_DTYPE
    assert all(np.array_equal(out[n], p[n]) for n in PLACEMENT_DTYPE.names)
    assert as_placements(None).shape == (0,)
    assert as_placements(p.tolist()).dtype == PLACEMENT_DTYPE


def test_make_placements():
    p = make_placements(np.arange(6).reshape(2, 3), ["z", "y"], sku="S", diameter=3,
                        height=4, weight=5, destination="D", step=[7, 8])
    assert p.dtype == PLACEMENT_DTYPE
    assert p["axis"].tolist() == ["z", "y"] and p["step"].tolist() == [7, 8]
    assert p["destination"].tolist() == ["D", "D"]
    with pytest.raises(ValueError, match="axes"):
        make_placements([[0, 0, 0]], "q", sku="S", diameter=1, height=1)
    with pytest.raises(ValueError, match="axes"):
        make_placements([[0, 0, 0]], ["z", "z"], sku="S", diameter=1, height=1)


def test_steps_fallback_or_module(rng):
    p = make_placements([[100, 100, 100], [300, 100, 100], [500, 100, 100]],
                        ["z", "z", "x"], sku="A", diameter=200, height=200)
    lines = ContainerLoad("20GP", p, 3, (None,)).steps()
    assert isinstance(lines, list) and lines and all(isinstance(s, str) for s in lines)


# --------------------------------------------------------------------------
# LoadPlan and JSON
# --------------------------------------------------------------------------
def make_plan(rng, n_loads=2, n=20, cost=1234.5):
    loads = [ContainerLoad(name, random_placements(rng, n), n + 7, ("Shanghai", None),
                           notes=("note ünïcode",))
             for name in ["20GP", "40HC", "45HC"][:n_loads]]
    unplaced = [Unplaced("A", "Shanghai", 5, "no room"), Unplaced("C", None, 2, "too tall")]
    return LoadPlan(loads, unplaced, cost)


def test_plan_totals(rng):
    plan = make_plan(rng)
    assert isinstance(plan.loads, tuple) and isinstance(plan.unplaced, tuple)
    assert plan.container_count == 2
    assert plan.placed_count == 40 and plan.unplaced_count == 7
    assert plan.total_weight == pytest.approx(sum(l.weight for l in plan.loads))
    a_all = sum(int((l.placements["sku"] == "A").sum()) for l in plan.loads)
    a_sh = sum(int(((l.placements["sku"] == "A")
                    & (l.placements["destination"] == "Shanghai")).sum()) for l in plan.loads)
    assert plan.placed_by("A") == a_all
    assert plan.placed_by("A", "Shanghai") == a_sh
    assert plan.placed_by("A", None) == a_all - a_sh
    assert plan.placed_by("nope") == 0
    assert plan.unplaced_by("A") == 5 and plan.unplaced_by("C", None) == 2
    assert plan.unplaced_by("C", "Shanghai") == 0
    assert plan.cost == 1234.5
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'cost'"):
        plan.cost = 1.0  # type: ignore[misc]


def test_plan_bad_input(rng):
    with pytest.raises(ValueError, match="loads"):
        LoadPlan([1], [])
    with pytest.raises(ValueError, match="unplaced"):
        LoadPlan([], ["x"])
    with pytest.raises(ValueError, match="cost"):
        LoadPlan([], [], math.nan)
    with pytest.raises(ValueError, match="cost"):
        LoadPlan([], [], "3")
    assert LoadPlan([], [], 3).cost == 3.0


def test_json_round_trip_exact(rng):
    plan = make_plan(rng)
    text = plan.to_json()
    back = LoadPlan.from_json(text)
    assert back.to_json() == text
    assert back == plan
    for a, b in zip(plan.loads, back.loads):
        for name in PLACEMENT_DTYPE.names:
            assert np.array_equal(a.placements[name], b.placements[name])
        assert a.container == b.container and a.notes == b.notes
    assert back.unplaced == plan.unplaced
    assert LoadPlan.from_json(text.encode("utf-8")) == plan


def test_json_awkward_floats_round_trip():
    p = make_placements([[0.1 + 0.2, 1e-300, 5e15 + 0.5], [1 / 3, 2 / 3, np.nextafter(1, 2)]],
                        "z", sku="A", diameter=np.pi, height=np.e, weight=1e-7)
    plan = LoadPlan([ContainerLoad("20GP", p, 2, (None,))], [], cost=None)
    back = LoadPlan.from_json(plan.to_json())
    assert back == plan
    assert back.loads[0].placements["x"][0] == 0.1 + 0.2


def test_json_deterministic_and_layout(rng, rng_for, plan_schema):
    p1 = make_plan(rng_for(5))
    p2 = make_plan(rng_for(5))
    assert p1.to_json() == p2.to_json()
    doc = json.loads(p1.to_json())
    assert doc["format"] == "loadplan.plan"
    assert doc["version"] == 2
    assert set(doc["loads"][0]["placements"][0]) == set(PLACEMENT_DTYPE.names)
    assert doc["loads"][0]["container"]["name"] == "20GP"
    assert doc["loads"][0]["count"] == 20
    assert schema_errors(doc, plan_schema) == []
    empty = json.loads(LoadPlan([], []).to_json())
    assert schema_errors(empty, plan_schema) == []


def test_schema_validator_catches_errors(rng, plan_schema):
    doc = json.loads(make_plan(rng).to_json())
    doc["loads"][0]["placements"][2]["axis"] = "w"
    del doc["unplaced"][0]["reason"]
    doc["loads"][1]["upper_bound"] = -1
    errs = schema_errors(doc, plan_schema)
    assert len(errs) == 3, errs


def test_derived_fields_ignored_on_read(rng):
    plan = make_plan(rng)
    doc = json.loads(plan.to_json())
    doc["loads"][0]["count"] = 999
    doc["loads"][0]["cog"] = [0, 0, 0]
    doc["placed_count"] = -5
    back = LoadPlan.from_json(json.dumps(doc))
    assert back == plan


@pytest.mark.parametrize("mutate,match", [
    (lambda d: "{not json", "invalid plan JSON"),
    (lambda d: [], "plan must be a JSON object"),
    (lambda d: (d.pop("loads"), d)[1], "lacks the key 'loads'"),
    (lambda d: d.update(format="other") or d, "format"),
    (lambda d: d.update(version=3) or d, "version"),
    (lambda d: d.update(loads={}) or d, "loads must be a JSON array"),
    (lambda d: d["loads"][0]["placements"][3].update(x="1") or d,
     r"loads\[0\]\.placements\[3\]\.x must be a number"),
    (lambda d: d["loads"][0]["placements"][1].update(axis="q") or d,
     r"loads\[0\]\.placements\[1\]\.axis"),
    (lambda d: (d["loads"][1]["placements"][0].pop("step"), d)[1],
     r"loads\[1\]\.placements\[0\] lacks the key 'step'"),
    (lambda d: d["loads"][1]["placements"][0].update(step=1.5) or d, "step must be an integer"),
    (lambda d: d["loads"][0]["container"].update(width=-3) or d,
     r"loads\[0\]\.container.*width"),
    (lambda d: (d["loads"][0]["container"].pop("tare"), d)[1], "lacks the key 'tare'"),
    (lambda d: d["loads"][0].update(upper_bound=-1) or d, "upper_bound"),
    (lambda d: d["unplaced"][0].update(quantity="5") or d, r"unplaced\[0\]\.quantity"),
    (lambda d: d.update(cost="x") or d, "cost must be a number"),
    (lambda d: d.update(cost=10**400) or d, "cost is too large"),
    (lambda d: d["loads"][0]["placements"][0].update(y=-(10**400)) or d,
     r"loads\[0\]\.placements\[0\]\.y is too large"),
    (lambda d: d["loads"][0]["container"].update(length=10**400) or d, r"loads\[0\]\.container"),
    (lambda d: d["loads"][0]["placements"][0].update(sku="A\ud800") or d, r"placements\[0\]\.sku"),
    (lambda d: d["loads"][0]["placements"][0].update(destination="\x00") or d,
     r"placements\[0\]\.destination"),
])
def test_from_json_errors_name_the_problem(rng, mutate, match):
    doc = json.loads(make_plan(rng).to_json())
    bad = mutate(doc)
    text = bad if isinstance(bad, str) else json.dumps(bad)
    with pytest.raises(ValueError, match=match):
        LoadPlan.from_json(text)


def test_from_json_garbage():
    for garbage, message in [
        (b"\xff\xfe\x00garbage", "plan JSON is not UTF-8 text"),
        ("", "invalid plan JSON: Expecting value"),
        ("null", "plan must be a JSON object, got NoneType"),
        ("42", "plan must be a JSON object, got int"),
        ('"x"', "plan must be a JSON object, got str"),
        ("[" * 100_000, "invalid plan JSON: nested too deeply"),
    ]:
        with pytest.raises(ValueError, match="^" + message):
            LoadPlan.from_json(garbage)


def test_repr_html(rng):
    plan = make_plan(rng)
    assert "<" in plan._repr_html_() and "<" in plan.loads[0]._repr_html_()


_ODD_VALUES = [None, True, 0, -1, 1.5, 10**400, 2**63, 1e308, "", "x", [], {}, [1], {"a": 1},
               "\ud800", "a\x00", "z" * 100]


def _json_paths(node, prefix=()):
    """Every key/index path of a JSON document (the first two items of each list)."""
    items = node.items() if isinstance(node, dict) else enumerate(node[:2]) if isinstance(node, list) else ()
    for key, value in items:
        yield prefix + (key,)
        yield from _json_paths(value, prefix + (key,))


def test_from_json_never_crashes_on_edited_values(rng):
    """Any value put anywhere in a plan gives a plan that writes again, or a ValueError."""
    doc = json.loads(make_plan(rng, n_loads=1, n=2).to_json())
    read = 0
    for path in list(_json_paths(doc)):
        for value in _ODD_VALUES:
            edited = json.loads(json.dumps(doc))
            node = edited
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
            try:
                plan = LoadPlan.from_json(json.dumps(edited))
            except ValueError:
                continue
            text = plan.to_json()
            text.encode("utf-8")  # what was read can be written back as UTF-8 ...
            assert LoadPlan.from_json(text) == plan, path  # ... and read again exactly
            read += 1
    assert read > 50  # derived fields and notes are free-form: many edits still read
