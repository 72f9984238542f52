"""Tests for loadplan.axes: the one axis vocabulary (parser, words, index, x half-extent)."""

import numpy as np
import pytest

import loadplan as lp
from loadplan.axes import AXES, AXIS_INDEX, AXIS_WORDS, AXIS_WORDS_LONG, half_x, parse_axes
from loadplan.filling import block_upper_bound
from loadplan.io import read_order


@pytest.mark.parametrize("given, expected", [
    ("zx", ("z", "x")), ("x|z", ("z", "x")), ("z,x", ("z", "x")), ("z/x", ("z", "x")),
    ("z;x", ("z", "x")), ("z x", ("z", "x")), (" Y, X ", ("x", "y")), ("zx|y", ("z", "x", "y")),
    ("zzx", ("z", "x")), (["y", "z"], ("z", "y")), (("x",), ("x",)), (np.array(["y", "x"]), ("x", "y")),
])
def test_one_syntax_everywhere(given, expected):
    assert parse_axes(given) == expected
    # the Drum, the order readers and the fill accept exactly the same spellings
    assert lp.Drum("A", 500, 800, orientations=given).orientations == expected
    if isinstance(given, str):
        text = f"sku,diameter_mm,height_mm,quantity,orientations\nA,500,800,1,\"{given}\"\n"
        assert read_order(text)[0].orientations == expected


@pytest.mark.parametrize("given, message", [
    ("zq", r"^Drum\.orientations must name axes from z, x, y, such as 'z\|x' or 'z,x' \(got 'zq'\)$"),
    ("", r"^Drum\.orientations must name at least one axis$"),
    ([], r"^Drum\.orientations must name at least one axis$"),
    (["zx"], r"^Drum\.orientations must name axes from z, x, y"),
    ([3], r"^Drum\.orientations must list axes 'z', 'x' or 'y' \(got 3\)$"),
    (3, r"^Drum\.orientations must be text such as 'z\|x' or a list of axes \(got 3\)$"),
    (b"zx", r"^Drum\.orientations must be text such as 'z\|x' or a list of axes \(got b'zx'\)$"),
])
def test_errors_name_the_field(given, message):
    with pytest.raises(ValueError, match=message):
        parse_axes(given, "Drum.orientations", empty_means_all=False)
    with pytest.raises(ValueError, match=message):
        lp.Drum("A", 500, 800, orientations=given)


def test_empty_means_all_only_where_asked():
    assert parse_axes("") is None and parse_axes("  ") is None and parse_axes(None) is None
    with pytest.raises(ValueError, match=r"^axes must name at least one axis \(got None\)$"):
        parse_axes(None, "axes", empty_means_all=False)
    with pytest.raises(ValueError, match=r"^axes must name at least one axis$"):
        block_upper_bound(500, 800, 5896, 2350, 2393, axes="")


def test_tables_cover_every_axis_once():
    assert AXES == ("z", "x", "y")
    assert sorted(AXIS_INDEX.values()) == [0, 1, 2] and AXIS_INDEX["x"] == 0 and AXIS_INDEX["z"] == 2
    for table in (AXIS_WORDS, AXIS_WORDS_LONG):
        assert set(table) == set(AXES) and len(set(table.values())) == 3
    assert AXIS_WORDS == {"z": "standing", "x": "lying along", "y": "lying across"}
    assert all(AXIS_WORDS_LONG[a].startswith(AXIS_WORDS[a]) for a in AXES)


def test_half_x_is_half_the_length_along_the_container():
    got = half_x(np.array(["x", "y", "z"]), np.array([585.0, 585.0, 585.0]), 880.0)
    assert got.tolist() == [440.0, 292.5, 292.5]
    assert float(half_x("x", 2, 10)) == 5.0 and float(half_x("z", 2, 10)) == 1.0
