"""loadplan.reporting: the printable PDF."""

from __future__ import annotations

import pathlib
import re
import zlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from loadplan.model import ContainerLoad, LoadPlan, Unplaced, make_placements  # noqa: E402
from loadplan.reporting import report  # noqa: E402

_PAGE = re.compile(rb"/Type\s*/Page[^s]")


@pytest.fixture(autouse=True)
def _no_pyplot_figures():
    yield
    assert plt.get_fignums() == [], "report must not leave pyplot figures open"
    plt.close("all")


def _load(container, sku, dest, n_x, *, d=320.0, h=600.0, layers=3, steps_extra=0):
    pts = [(d / 2 + i * d, d / 2 + j * d, h / 2 + k * h)
           for i in range(n_x) for j in range(7) for k in range(layers)]
    p = make_placements(pts, "z", sku=sku, diameter=d, height=h, weight=6.0, destination=dest)
    notes = tuple(f"note {i}: " + "keep the drums dry and upright " * 6 for i in range(steps_extra))
    return ContainerLoad(container, p, upper_bound=len(p) + 11, destinations=(dest,), notes=notes)


def _plan(n_loads=2, container=None, **kw):
    loads = [_load(container or ("40HC" if i % 2 else "20GP"), f"SKU{i}", f"City{i}", 6 + i, **kw)
             for i in range(n_loads)]
    return LoadPlan(loads, [Unplaced("BIG", "City0", 3, "larger than every door")], cost=1234.5)


def _pages(path: pathlib.Path) -> int:
    return len(_PAGE.findall(path.read_bytes()))


def _text(path: pathlib.Path) -> str:
    """Decompressed content streams (enough to find words drawn as text)."""
    data = path.read_bytes()
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            out.append(m.group(1))
    return b"\n".join(out).decode("latin-1")


def test_summary_and_a_page_per_container(tmp_path):
    plan = _plan(3)
    out = report(plan, tmp_path / "plan.pdf")
    assert out == tmp_path / "plan.pdf" and isinstance(out, pathlib.Path)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert _pages(out) >= 1 + len(plan.loads)
    assert b"/Title (loadplan loading report)" in data
    assert b"/CreationDate" not in data


def test_more_containers_more_pages(tmp_path):
    one = _pages(report(_plan(1, "40GP"), tmp_path / "one.pdf"))
    three = _pages(report(_plan(3, "40GP"), tmp_path / "three.pdf"))
    assert one >= 2
    assert three >= one + 2


def test_long_steps_continue_on_extra_pages(tmp_path):
    short = _pages(report(_plan(1), tmp_path / "short.pdf"))
    long = _pages(report(_plan(1, steps_extra=60), tmp_path / "long.pdf"))
    assert long > short


def test_deterministic(tmp_path):
    plan = _plan(2)
    a = report(plan, tmp_path / "a.pdf").read_bytes()
    b = report(plan, tmp_path / "b.pdf").read_bytes()
    assert a == b


def test_single_load_and_empty_plan(tmp_path):
    assert _pages(report(_load("20GP", "A", None, 3), tmp_path / "load.pdf")) >= 2
    empty = LoadPlan([], [Unplaced("X", None, 5, "too heavy")])
    assert _pages(report(empty, tmp_path / "empty.pdf")) == 1


def test_bad_plan_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="LoadPlan"):
        report(object(), tmp_path / "x.pdf")


def test_names_in_any_script_need_no_installed_font(tmp_path):
    # DejaVu Sans has no CJK glyphs: without a fallback font they are drawn as boxes, but
    # Matplotlib's "Glyph missing" warnings (errors here) must not escape the report
    loads = [_load("20GP", "鼓-60", "上海", 3), _load("20GP", "DJ40", "Đà Nẵng", 2)]
    out = report(LoadPlan(loads, [Unplaced("大鼓", "深圳", 1, "太大")]), tmp_path / "cjk.pdf")
    assert _pages(out) >= 3
