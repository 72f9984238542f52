"""The upload page in a real browser (Debian's Chromium via Playwright) against ``loadplan serve``.

Uploads ``examples/blitar_djembe.csv`` through the page, sees the plan's
containers in the 3D viewer (an ``<iframe srcdoc>`` with the page's CSP and
``sandbox="allow-scripts"``), downloads the PDF, plan.json and placements.csv,
and sees a bad order's problems. As in the viewer's browser tests, these skip
without Chromium or Playwright outside CI and fail in CI.
"""

from __future__ import annotations


import pytest

import loadplan as lp
from loadplan.io import read_order
from loadplan.model import LoadPlan
from browser import launched_chromium
from serve_fixture import ROOT, Server

BLITAR = ROOT / "examples" / "blitar_djembe.csv"


@pytest.fixture(scope="module")
def browser():
    yield from launched_chromium()


@pytest.fixture(scope="module")
def server():
    s = Server("--workers", "1")
    yield s
    s.stop()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    p = context.new_page()
    p.errors = []
    p.requests = []
    p.on("console", lambda m: m.type == "error" and p.errors.append(m.text))
    p.on("pageerror", lambda e: p.errors.append(f"page error: {e}"))
    p.on("request", lambda r: p.requests.append(r.url))
    p.goto(server.url + "/")
    p.wait_for_selector("#containers tbody tr")
    yield p
    context.close()


def viewer_frame(page):
    page.wait_for_selector("#answer:not([hidden])", timeout=120_000)
    frame = page.frame_locator("#viewer")
    frame.locator("#tabs").wait_for(timeout=60_000)
    inner = next(f for f in page.frames if f.parent_frame is not None)
    inner.wait_for_function("() => window.loadplanViewer && window.loadplanViewer.ready", timeout=120_000)
    return inner


def test_upload_plan_view_and_download(page, server, tmp_path):
    assert page.locator('input[name="type"]:checked').count() == 3  # 20GP, 40GP, 40HC ticked
    page.set_input_files("#file", str(BLITAR))
    page.click("#plan")
    inner = viewer_frame(page)
    assert page.locator("#headline").inner_text().startswith("6,000 drums in 2 containers")
    assert page.locator("#loads tbody tr").count() == 2
    assert inner.evaluate("() => window.loadplanViewer.containerCount()") == 2
    tabs = inner.locator("#tabs button").all_inner_texts()
    assert len(tabs) == 2 and any("Shenzhen" in t for t in tabs) and any("Shanghai" in t for t in tabs)

    with page.expect_download(timeout=120_000) as pdf:
        page.click("#dl-pdf")
    path = tmp_path / "plan.pdf"
    pdf.value.save_as(path)
    assert pdf.value.suggested_filename == "plan.pdf" and path.read_bytes().startswith(b"%PDF-")
    with page.expect_download() as plan_json:
        page.click("#dl-json")
    plan_json.value.save_as(tmp_path / "plan.json")
    plan = LoadPlan.from_json((tmp_path / "plan.json").read_text(encoding="utf-8"))
    expected = lp.plan(read_order(BLITAR), containers=("20GP", "40GP", "40HC"))
    assert plan.placed_count == 6000 and plan.to_json() == expected.to_json()
    with page.expect_download(timeout=60_000) as csv:
        page.click("#dl-csv")
    csv.value.save_as(tmp_path / "placements.csv")
    assert len((tmp_path / "placements.csv").read_text(encoding="utf-8").splitlines()) == 6001

    assert page.errors == []
    local = ("blob:", "data:", "about:", server.url)
    assert [u for u in page.requests if not u.startswith(local)] == []


def test_pasted_rows_with_options_and_a_bad_order(page):
    page.fill("#rows", "sku,diameter_mm,height_mm,weight_kg,quantity,destination\n"
                       "A,585,880,200,10,X\nB,400,600,50,12,Y\n")
    for name in ("40GP", "40HC"):
        page.uncheck(f"#type-{name}")
    page.check("#multi-drop")
    page.fill("#stops", "Y, X")
    page.fill("#cost-20GP", "1500")
    page.click("#plan")
    viewer_frame(page)
    assert page.locator("#headline").inner_text() == "22 drums in 1 container (1 × 20GP)"
    assert "cost 1,500.00" in page.locator("#totals").inner_text()

    page.fill("#rows", "sku,diameter_mm,height_mm,quantity\nA,abc,880,2\n")
    page.click("#plan")
    page.wait_for_selector("#problems:not([hidden])")
    row = page.locator("#problem-rows tr").first.locator("td").all_inner_texts()
    assert row == ["2", "diameter_mm", "diameter_mm must be a number (got 'abc')"]
    assert page.locator("#answer").is_hidden()
    assert page.errors == ["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]
