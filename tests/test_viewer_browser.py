"""The viewer page in a real browser: Debian's Chromium driven by Playwright.

The browser comes from :mod:`browser` (tests/browser.py): skipped outside CI
when Chromium or Playwright is missing, failed in CI.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from browser import launched_chromium
from loadplan.model import ContainerLoad, LoadPlan, make_placements

@pytest.fixture(scope="module")
def browser():
    yield from launched_chromium()


@pytest.fixture(scope="session")
def demo_html(tmp_path_factory) -> Path:
    """The demo's plan.html, made once per session (``loadplan demo``'s own code)."""
    from loadplan.demo import run_demo

    out = tmp_path_factory.mktemp("demo")
    run_demo(out, echo=lambda line: None)
    return out / "plan.html"


class Page:
    """A page on a fresh context that records console errors, page errors and requests."""

    def __init__(self, browser, url: str, **context) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)
        self.page.wait_for_function("window.loadplanViewer && window.loadplanViewer.ready",
                                    timeout=60_000)

    def js(self, code: str):
        return self.page.evaluate(code)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def desktop(browser, demo_html):
    p = Page(browser, demo_html.as_uri(), viewport={"width": 1280, "height": 800})
    yield p
    p.close()


def pixel_spread(png: bytes) -> tuple[float, int]:
    """Standard deviation of the grey levels and the number of distinct colours."""
    from PIL import Image

    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int64)
    colours = np.unique(img.reshape(-1, 3) @ np.array([65536, 256, 1]))
    return float(img.mean(axis=2).std()), int(colours.size)


def test_the_file_references_nothing_outside_itself(demo_html):
    text = demo_html.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text
    assert 600_000 < len(text.encode("utf-8")) <= 3_000_000  # 6,000 drums: at most 3 MB


def test_demo_page_opens_draws_and_asks_for_nothing(desktop, demo_html):
    assert desktop.errors == []
    assert desktop.requests == [demo_html.as_uri()]
    assert desktop.js("document.querySelectorAll('[src], [href]').length") == 0
    spread, colours = pixel_spread(desktop.page.locator("#view").screenshot())
    assert spread > 12 and colours > 200, (spread, colours)
    assert desktop.js("loadplanViewer.containerCount()") == 2
    assert desktop.js("loadplanViewer.visibleCount()") == 3000  # the whole first container
    assert desktop.js("loadplanViewer.firstRenderMs") > 0  # timed in benchmarks/bench_viewer.py


def test_step_slider_replays_the_loading(desktop):
    v = desktop.js
    n = v("loadplanViewer.totalCount()")
    assert n == 3000 and v("loadplanViewer.stepCount()") == 3000
    slider = desktop.page.locator("#step")
    slider.focus()
    desktop.page.keyboard.press("Home")  # the real control, by keyboard
    assert v("loadplanViewer.step()") == 0 and v("loadplanViewer.visibleCount()") == 0
    assert "Nothing loaded yet" in desktop.page.locator("#instruction").inner_text()
    desktop.page.keyboard.press("ArrowRight")
    assert v("loadplanViewer.visibleCount()") == 1
    assert desktop.page.locator("#instruction").inner_text().startswith("1. ")
    desktop.page.keyboard.press("End")
    assert v("loadplanViewer.visibleCount()") == n
    v("loadplanViewer.setStep(1500)")
    assert v("loadplanViewer.visibleCount()") == 1500
    current = desktop.page.locator("#steps li.current")
    assert current.count() == 1
    assert current.inner_text().split(",")[0] in desktop.page.locator("#instruction").inner_text()
    assert desktop.errors == []


def test_block_buttons_and_play(desktop, demo_html):
    from loadplan.steps import blocks

    plan = LoadPlan.from_json((demo_html.parent / "plan.json").read_text(encoding="utf-8"))
    ends = sorted(b["stop"] + 1 for b in blocks(plan.loads[0]))  # steps are 0 .. n-1 here
    v = desktop.js
    v("loadplanViewer.setStep(0)")
    for end in ends[:3]:
        desktop.page.locator("#next").click()
        assert v("loadplanViewer.visibleCount()") == end
    desktop.page.locator("#prev").click()
    assert v("loadplanViewer.visibleCount()") == ends[1]
    desktop.page.locator("#play").click()
    desktop.page.wait_for_function(f"loadplanViewer.step() > {ends[1]}")
    desktop.page.locator("#play").click()  # pause
    paused = v("loadplanViewer.step()")
    desktop.page.wait_for_timeout(300)
    assert v("loadplanViewer.step()") == paused < 3000
    assert desktop.errors == []


def test_cuts_hide_drums_above_and_beyond(desktop):
    v = desktop.js
    v("loadplanViewer.setCuts(600, null)")
    low = v("loadplanViewer.visibleCount()")
    v("loadplanViewer.setCuts(null, 6000)")
    front = v("loadplanViewer.visibleCount()")
    v("loadplanViewer.setCuts(null, null)")
    assert 0 < low < 3000 and 0 < front < 3000 and v("loadplanViewer.visibleCount()") == 3000
    cut = desktop.page.locator("#cut-z")
    cut.focus()
    desktop.page.keyboard.press("Home")  # height cut at the floor: nothing's centre is below it
    assert v("loadplanViewer.visibleCount()") == 0
    assert desktop.page.locator("#cut-z-label").inner_text() == "0.00 m"


def test_switching_containers_changes_the_summary(desktop):
    summary = desktop.page.locator("#summary")
    first = summary.inner_text()
    assert "Shenzhen" in first and "40GP" in first
    desktop.page.locator("#tabs button").nth(1).click()
    second = summary.inner_text()
    assert second != first and "Shanghai" in second and "#2 of 2" in second
    assert desktop.js("loadplanViewer.current()") == 1
    for word in ("Upper bound", "gap", "Cargo weight", "Payload used", "Volume used", "CoG"):
        assert word in second
    assert desktop.errors == []


def test_clicking_a_drum_shows_its_sku(desktop):
    tip = desktop.page.locator("#tip")
    for step, drum in ((1, 0), (None, None)):
        if step is None:  # the whole load: the last drum loaded, seen from the doors
            desktop.js("loadplanViewer.setStep(loadplanViewer.stepCount()); loadplanViewer.setView('doors')")
            drum = desktop.js("loadplanViewer.totalCount()") - 1
        else:
            desktop.js(f"loadplanViewer.setStep({step})")
        at = desktop.js(f"loadplanViewer.projectDrum({drum})")
        assert at["inside"]
        desktop.page.mouse.click(at["x"], at["y"])
        assert tip.is_visible()
        sku = desktop.js(f"loadplanViewer.drumSku({drum})")
        text = tip.inner_text()
        assert text.splitlines()[0].strip() == sku
        for word in ("Destination", "Shenzhen", "Axis", "Step", "Centre"):
            assert word in text


def test_phone_viewport_with_touch(browser, demo_html):
    p = Page(browser, demo_html.as_uri(), viewport={"width": 390, "height": 844}, has_touch=True,
             is_mobile=True, device_scale_factor=2)
    try:
        assert p.errors == []
        assert p.js("document.documentElement.scrollWidth") <= 390  # nothing sticks out sideways
        box = p.page.locator("#view").bounding_box()
        assert box["width"] >= 380 and box["height"] >= 300
        p.js("loadplanViewer.setStep(1)")
        at = p.js("loadplanViewer.projectDrum(0)")
        p.page.touchscreen.tap(at["x"], at["y"])
        assert p.page.locator("#tip").is_visible()
        assert p.page.locator("#tip").inner_text().splitlines()[0].strip() == p.js("loadplanViewer.drumSku(0)")
        assert p.errors == []
    finally:
        p.close()


def grid_load(n: int) -> ContainerLoad:
    """``n`` small drums in columns on a 40HC floor (synthetic, for scale): columns 82 mm
    apart, each a stack of drums standing on one another."""
    d = h = 76.0
    pitch, nx, ny = 82.0, 146, 28
    k = np.arange(n)
    col, layer = k % (nx * ny), k // (nx * ny)
    centres = np.column_stack([d / 2 + pitch * (col // ny), d / 2 + pitch * (col % ny),
                               h / 2 + h * layer])
    order = np.lexsort((centres[:, 2], centres[:, 1], centres[:, 0]))  # nose to doors, bottom up
    p = make_placements(centres[order], "z", sku="MINI", diameter=d, height=h, weight=0.1)
    return ContainerLoad("40HC", p, n, (None,))


@pytest.mark.slow
def test_a_100000_drum_plan_opens_and_draws(browser, tmp_path):
    import loadplan as lp

    # two containers of 50,000 (the verifier checks a container of 100,000 this dense only
    # in part; benchmarks/bench_viewer.py times one container of 100,000)
    plan = LoadPlan([grid_load(50_000), grid_load(50_000)], [])
    assert lp.verify(plan) == []
    path = plan.to_html(tmp_path / "big.html")
    p = Page(browser, path.as_uri(), viewport={"width": 1000, "height": 700})
    try:
        for i in (0, 1):
            p.js(f"loadplanViewer.selectContainer({i})")
            assert p.js("loadplanViewer.visibleCount()") == 50_000
            spread, colours = pixel_spread(p.page.locator("#view").screenshot())
            assert spread > 8 and colours > 100, (spread, colours)
        assert p.errors == []
    finally:
        p.close()


def test_layer_boards_are_drawn(browser, tmp_path):
    d, h = 585.0, 880.0
    p = make_placements([[d / 2, d / 2, h / 2], [d / 2, d / 2, h + 20 + h / 2]], "z", sku="D200",
                        diameter=d, height=h, weight=100)
    load = ContainerLoad("20GP", p, 80, (None,))
    boards = np.array([(0.0, d, 0.0, d, h, 20.0)],
                      dtype=[(f, "f8") for f in ("x0", "x1", "y0", "y1", "z", "thickness")])
    object.__setattr__(load, "boards", boards)  # the field lands on another branch
    page = Page(browser, load.to_html(tmp_path / "boards.html").as_uri(),
                viewport={"width": 900, "height": 600})
    try:
        assert page.errors == []
        assert "Layer boards" in page.page.locator("#legend").inner_text()
        assert page.js("loadplanViewer.boardCount()") == 1
        page.js("loadplanViewer.setStep(1)")
        assert page.js("loadplanViewer.boardCount()") == 0  # laid with the drum standing on it
    finally:
        page.close()


def test_without_webgl_the_page_says_so(browser, demo_html):
    context = browser.new_context(viewport={"width": 800, "height": 600})
    try:
        context.add_init_script("const g = HTMLCanvasElement.prototype.getContext;"
                                "HTMLCanvasElement.prototype.getContext = function (k, ...a) {"
                                " return k === 'webgl2' ? null : g.call(this, k, ...a); };")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(demo_html.as_uri())
        page.wait_for_function("window.loadplanViewer && window.loadplanViewer.ready")
        assert page.evaluate("loadplanViewer.error") == "webgl"
        assert "cannot draw the 3D view" in page.locator("#empty").inner_text()
        assert errors == []
    finally:
        context.close()
