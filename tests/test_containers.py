"""Tests for loadplan.containers."""

import dataclasses
import math

import numpy as np
import pytest

from loadplan.containers import CONTAINERS, Container, get_container


def test_catalog_matches_design_table():
    table = {
        "20GP": (5896, 2350, 2393, 2340, 2274, 2300, 28180),
        "40GP": (12032, 2350, 2392, 2340, 2274, 3750, 26730),
        "40HC": (12032, 2350, 2697, 2340, 2577, 3940, 26540),
        "45HC": (13556, 2347, 2696, 2340, 2584, 4820, 25660),
    }
    assert list(CONTAINERS) == list(table)
    for name, values in table.items():
        c = CONTAINERS[name]
        assert c.name == name
        assert (c.length, c.width, c.height, c.door_width, c.door_height,
                c.tare, c.max_payload) == values
        assert c.volume == pytest.approx(values[0] * values[1] * values[2])


def test_catalog_is_read_only():
    with pytest.raises(TypeError, match="does not support item assignment"):
        CONTAINERS["X"] = CONTAINERS["20GP"]  # type: ignore[index]


def test_container_frozen_and_hashable():
    c = CONTAINERS["20GP"]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'length'"):
        c.length = 1.0  # type: ignore[misc]
    assert hash(c) == hash(Container("20GP", 5896, 2350, 2393, 2340, 2274, 2300, 28180))


def test_user_container_and_numpy_numbers():
    c = Container("box", np.float64(1000), np.int64(800), 600, 800, 600, 50, 500)
    assert c.length == 1000.0 and isinstance(c.width, float)
    assert c.volume == 1000 * 800 * 600


def _rejects(field, value):
    """Container with one field changed from a valid 1000 x 800 x 600 box must name it."""
    kwargs = dict(name="c", length=1000, width=800, height=600, door_width=800,
                  door_height=600, tare=50, max_payload=500)
    kwargs[field] = value
    with pytest.raises(ValueError, match=field):
        Container(**kwargs)


@pytest.mark.parametrize("field", ["length", "width", "height", "door_width",
                                   "door_height", "tare", "max_payload"])
@pytest.mark.parametrize("bad", [0, -1.0, math.nan, math.inf, "1", None, True, 10**400])
def test_bad_fields_name_the_field(field, bad):
    _rejects(field, bad)


@pytest.mark.parametrize("field,value", [("door_width", 801), ("door_height", 601)])
def test_door_larger_than_section(field, value):
    _rejects(field, value)


@pytest.mark.parametrize("bad", ["", "  ", None, 3])
def test_bad_name(bad):
    with pytest.raises(ValueError, match="name"):
        Container(bad, 1000, 800, 600, 800, 600, 50, 500)


def test_get_container():
    assert get_container("40HC") is CONTAINERS["40HC"]
    mine = Container("mine", 1000, 800, 600, 800, 600, 50, 500)
    assert get_container(mine) is mine
    with pytest.raises(ValueError, match="^unknown container 'X'; known: 20GP, 40GP, 40HC, 45HC$"):
        get_container("X")
    with pytest.raises(ValueError, match="unknown container"):
        get_container(40)  # type: ignore[arg-type]
