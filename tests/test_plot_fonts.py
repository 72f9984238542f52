"""unicode_text leaves out the fallback fonts only when the base font has every character."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from loadplan import plot
from loadplan.model import PLACEMENT_DTYPE, ContainerLoad, LoadPlan, Unplaced
from loadplan.plot.style import FALLBACK_FONTS, font_covers, plan_texts


def _plan(dest="Shanghai", reason="no room left"):
    p = np.zeros(2, PLACEMENT_DTYPE)
    p["sku"], p["destination"], p["axis"] = ["DJ40", "DJ60"], dest, "z"
    p["x"], p["y"], p["z"], p["diameter"], p["height"] = [300, 900], 300, 400, 600, 800
    load = ContainerLoad("20GP", p, upper_bound=9, destinations=(dest,), notes=("a note",))
    return LoadPlan([load], [Unplaced("DJ30", "Ningbo", 3, reason)])


def test_font_covers():
    assert font_covers(["DJ40 → Shanghai · Ø 400 × 600 – 1 … • −2", "Đà Nẵng", "\n\t"])
    assert not font_covers(["to 上海"])
    assert font_covers([])


def test_plan_texts_has_every_name():
    texts = plan_texts(_plan(reason="kein Platz"))
    for name in ("DJ40", "DJ60", "Shanghai", "20GP", "a note", "DJ30", "Ningbo", "kein Platz"):
        assert name in texts
    assert plan_texts(_plan().loads[0])[:3] == ["20GP", "DJ40", "DJ60"]


def _families(**kw):
    with plot.unicode_text(**kw):
        return list(matplotlib.rcParams["font.family"])


def test_fallback_fonts_only_when_needed():
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    fallbacks = [n for n in FALLBACK_FONTS if n in installed]
    assert _families(texts=plan_texts(_plan())) == ["DejaVu Sans"]
    assert _families(texts=plan_texts(_plan(dest="上海"))) == ["DejaVu Sans"] + fallbacks
    assert _families() == ["DejaVu Sans"] + fallbacks  # no texts given: as before


@pytest.mark.parametrize("dest", ["Shanghai", "上海"])
def test_report_with_or_without_fallbacks(tmp_path, dest):
    from loadplan.reporting import report

    path = tmp_path / "p.pdf"

    report(_plan(dest=dest), path)
    assert path.read_bytes().startswith(b"%PDF")
