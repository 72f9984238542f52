"""The 3D viewer page: its size and how long headless Chromium takes to show it.

``python benchmarks/bench_viewer.py`` prints a table (page size, time from
navigation to the first frame on screen, as the page measures it in
``loadplanViewer.firstRenderMs``, and wall time until it is ready) for the
Blitar demo plan (6,000 drums) and one synthetic container of 100,000 drums;
``pytest benchmarks/bench_viewer.py`` times the same with pytest-benchmark.
Needs Playwright and Debian's Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
        "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]


def demo_plan():
    import loadplan as lp
    from loadplan.demo import demo_order

    return lp.plan(demo_order())


def grid_plan(n: int):
    """One 40HC holding ``n`` small drums in stacks (synthetic, for scale)."""
    from loadplan.model import ContainerLoad, LoadPlan, make_placements

    d, pitch, nx, ny = 76.0, 82.0, 146, 28
    k = np.arange(n)
    col, layer = k % (nx * ny), k // (nx * ny)
    c = np.column_stack([d / 2 + pitch * (col // ny), d / 2 + pitch * (col % ny), d / 2 + d * layer])
    c = c[np.lexsort((c[:, 2], c[:, 1], c[:, 0]))]
    p = make_placements(c, "z", sku="MINI", diameter=d, height=d, weight=0.1)
    return LoadPlan([ContainerLoad("40HC", p, n, (None,))], [])


def open_page(browser, path: Path) -> tuple[float, float]:
    """(firstRenderMs reported by the page, wall seconds until ready)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("window.loadplanViewer && window.loadplanViewer.ready", timeout=120_000)
    wall = time.perf_counter() - t0
    ms = float(page.evaluate("loadplanViewer.firstRenderMs"))
    ctx.close()
    return ms, wall


@pytest.fixture(scope="module")
def browser():
    pw_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs {CHROMIUM}")
    with pw_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.mark.parametrize("kind", ["blitar", "grid100k"])
def test_viewer_first_frame(benchmark, browser, tmp_path, kind):
    plan = demo_plan() if kind == "blitar" else grid_plan(100_000)
    path = plan.to_html(tmp_path / "plan.html")
    open_page(browser, path)  # warm-up
    ms, wall = benchmark.pedantic(open_page, args=(browser, path), rounds=3, iterations=1)
    benchmark.extra_info.update(drums=plan.placed_count, bytes=path.stat().st_size, first_frame_ms=ms)


def main() -> int:
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, plan in (("Blitar demo (2 containers)", demo_plan()),
                           ("grid, 1 container", grid_plan(100_000))):
            path = plan.to_html(Path(tmp) / "plan.html")
            open_page(browser, path)  # warm-up: the browser's own caches
            runs = [open_page(browser, path) for _ in range(3)]
            ms = sorted(r[0] for r in runs)[1]
            wall = sorted(r[1] for r in runs)[1]
            rows.append((name, plan.placed_count, path.stat().st_size / 1e6, ms, wall))
        browser.close()
    print(f"{'plan':28} {'drums':>8} {'HTML MB':>8} {'first frame ms':>15} {'ready s':>8}")
    for name, n, mb, ms, wall in rows:
        print(f"{name:28} {n:8,} {mb:8.2f} {ms:15.0f} {wall:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
