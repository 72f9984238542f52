"""The loadplan.filling package: what it exports, what importing it costs, the Box it threads."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import subprocess
import sys

import pytest

import loadplan.filling as filling
from loadplan.filling.pieces import Box

PUBLIC = ["fill", "layout_block", "layout_across", "layout_band", "block_upper_bound",
          "fits_box", "passes_door", "MIN_CONTACT_SHARE"]


def test_package_exports_the_names_other_modules_import():
    assert sorted(filling.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(filling, name) is not None
    assert filling.fill.__module__ == "loadplan.filling.container"
    assert filling.MIN_CONTACT_SHARE == 0.5


def test_every_module_lists_only_what_it_defines():
    mods = sorted(m.name for m in pkgutil.iter_modules(filling.__path__))
    assert mods == ["blocks", "bound", "container", "linebound", "loading", "pieces", "realise",
                    "search", "tiers", "validation"]
    for name in mods:
        mod = importlib.import_module(f"loadplan.filling.{name}")
        assert mod.__all__, name
        missing = [n for n in mod.__all__ if not hasattr(mod, n)]
        assert missing == [], (name, missing)


def test_import_does_not_load_numba():
    code = "import sys, loadplan.filling; print('numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_box_is_frozen_and_keeps_only_fitting_axes():
    b = Box(585.0, 880.0, 5896.0, 2350.0, 800.0, "zxy")
    assert b.fitting() == "xy"  # standing needs 880 mm of height
    assert b.walls == (True, True) and b.max_layers == 0
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'd'"):
        b.d = 1.0  # type: ignore[misc]
    assert hash(b) == hash(Box(585.0, 880.0, 5896.0, 2350.0, 800.0, "zxy"))


def test_validation_names_the_argument():
    from loadplan.filling.validation import check_size, parse_axes, parse_count

    with pytest.raises(ValueError, match="height_limit must be finite and positive"):
        check_size("height_limit", -1)
    with pytest.raises(ValueError, match=r"^axes must name axes from z, x, y, such as 'z\|x' or 'z,x' \(got 'zq'\)"):
        parse_axes("zq")
    assert parse_axes(["y", "z"]) == "zy"
    with pytest.raises(ValueError, match="max_count must be None or an integer >= 0"):
        parse_count(True)
