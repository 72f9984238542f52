"""demo.write_files: the same files whether the PDF is drawn in a worker process or here."""

from __future__ import annotations

import os
import threading

import pytest

import loadplan as lp
from loadplan import demo


@pytest.fixture(scope="module")
def small_plan():
    return lp.plan([lp.Drum("DJ40", 400, 600, weight=5, quantity=30, destination="Shanghai"),
                    lp.Drum("DJ60", 600, 800, weight=9, quantity=12, destination="Shenzhen")])


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_worker_and_in_process_write_the_same_files(tmp_path, monkeypatch, small_plan):
    written, workers = {}, []
    real = demo._report_worker
    monkeypatch.setattr(demo, "_report_worker", lambda *a: workers.append(real(*a)) or workers[-1])
    for mode in ("1", "0"):
        monkeypatch.setenv(demo.PARALLEL_ENV, mode)
        out = tmp_path / mode
        out.mkdir()
        names = [p.name for p in demo.write_files(small_plan, out, echo=print)]
        assert names[:3] == ["plan.json", "plan.html", "plan.pdf"]
        assert names[3] == "overview.png" and len(names) == 4 + len(small_plan.loads)
        written[mode] = _files(out)
    assert workers[0] is not None and workers[0].exitcode == 0 and workers[1] is None
    assert written["1"] == written["0"]
    assert written["1"]["plan.pdf"].startswith(b"%PDF")


def test_a_failed_worker_leaves_the_report_to_this_process(tmp_path, monkeypatch, small_plan):
    monkeypatch.setenv(demo.PARALLEL_ENV, "1")
    monkeypatch.setattr(demo, "_write_report", lambda plan, path: os._exit(1))
    demo.write_files(small_plan, tmp_path, echo=print)
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")


def test_no_worker_when_told_or_when_threads_run(tmp_path, monkeypatch, small_plan):
    monkeypatch.setenv(demo.PARALLEL_ENV, "0")
    assert demo._report_worker(small_plan, tmp_path / "a.pdf") is None
    monkeypatch.setenv(demo.PARALLEL_ENV, "auto")
    monkeypatch.setattr(demo.warmup, "parallel_pays", lambda: False)  # no idle CPU
    assert demo._report_worker(small_plan, tmp_path / "a.pdf") is None
    monkeypatch.delenv(demo.PARALLEL_ENV)
    assert demo.PARALLEL_DEFAULT == "auto"
    assert demo._report_worker(small_plan, tmp_path / "a.pdf") is None
    monkeypatch.setenv(demo.PARALLEL_ENV, "1")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert demo._report_worker(small_plan, tmp_path / "b.pdf") is None
    finally:
        stop.set()
        thread.join()
    monkeypatch.setenv(demo.PARALLEL_ENV, "auto")
    monkeypatch.setattr(demo.warmup, "parallel_pays", lambda: True)  # a CPU is idle
    worker = demo._report_worker(small_plan, tmp_path / "c.pdf")
    assert worker is not None
    worker.join()
    assert worker.exitcode == 0 and (tmp_path / "c.pdf").stat().st_size > 0
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "b.pdf").exists()


def test_container_pngs_drawn_on_reused_axes_match_fresh_ones(tmp_path):
    import numpy as np

    from loadplan.model import PLACEMENT_DTYPE, ContainerLoad, LoadPlan

    def load(name, n, dest):
        p = np.zeros(n, PLACEMENT_DTYPE)
        p["sku"], p["destination"], p["axis"] = "DJ40", dest, "z"
        p["x"], p["y"], p["z"] = 300 + 600 * np.arange(n), 300, 400
        p["diameter"], p["height"], p["step"] = 600, 800, np.arange(n)
        return ContainerLoad(name, p, upper_bound=n, destinations=(dest,))

    a, b = load("40HC", 12, "Shanghai"), load("20GP", 5, "Ningbo")
    both, alone = tmp_path / "both", tmp_path / "alone"
    both.mkdir()
    alone.mkdir()
    demo.write_pngs(LoadPlan([a, b], []), both)
    demo.write_pngs(LoadPlan([b], []), alone)
    assert (both / "container2_20GP.png").read_bytes() == (alone / "container1_20GP.png").read_bytes()


def test_container_pngs_colour_each_sku_as_the_overview_does(tmp_path, monkeypatch):
    import numpy as np

    from loadplan import plot
    from loadplan.model import PLACEMENT_DTYPE, ContainerLoad, LoadPlan

    def load(sku):
        p = np.zeros(2, PLACEMENT_DTYPE)
        p["sku"], p["axis"], p["x"], p["y"], p["z"] = sku, "z", [300, 900], 300, 400
        p["diameter"], p["height"] = 600, 800
        return ContainerLoad("20GP", p, upper_bound=2, destinations=(None,))

    seen = []
    real = plot.top_view
    monkeypatch.setattr(plot, "top_view", lambda load, **kw: seen.append(kw["colors"]) or real(load, **kw))
    demo.write_pngs(LoadPlan([load("B"), load("A")], []), tmp_path)
    want = plot.sku_colors(["A", "B"])
    # the overview draws its views through plot.overview, the container pictures through plot
    assert len(seen) == 2 and all(c == want for c in seen)
