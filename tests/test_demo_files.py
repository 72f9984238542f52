"""demo.write_files: the same files whether the pictures are drawn in worker processes or here."""

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


def test_workers_and_in_process_write_the_same_files(tmp_path, monkeypatch, small_plan):
    written, workers = {}, []
    real = demo.PictureWorker

    def spy(*a, **kw):
        workers.append(real(*a, **kw))
        return workers[-1]

    monkeypatch.setattr(demo, "PictureWorker", spy)
    for mode in ("1", "0"):
        monkeypatch.setenv(demo.PARALLEL_ENV, mode)
        out = tmp_path / mode
        out.mkdir()
        names = [p.name for p in demo.write_files(small_plan, out, echo=print)]
        assert names[:3] == ["plan.json", "plan.html", "plan.pdf"]
        assert names[3] == "overview.png" and len(names) == 4 + len(small_plan.loads)
        assert [p.name for p in demo.png_paths(small_plan, out)] == names[3:]
        written[mode] = _files(out)
    assert len(workers) == 1 and workers[0].process.exitcode == 0  # none with "0"
    assert written["1"] == written["0"]
    assert written["1"]["plan.pdf"].startswith(b"%PDF")


def test_workers_started_before_the_plan_draw_it_once_given(tmp_path, small_plan):
    from loadplan.picture_worker import PictureWorker

    early = PictureWorker(demo._write_report, demo._write_pngs)  # as run_demo does, before planning
    (tmp_path / "w").mkdir()
    (tmp_path / "here").mkdir()
    assert early.draw(small_plan, tmp_path / "w")
    assert early.wait() == (True, True) and early.process.exitcode == 0
    demo._write_report(small_plan, tmp_path / "here")
    demo._write_pngs(small_plan, tmp_path / "here")
    assert _files(tmp_path / "w") == _files(tmp_path / "here")
    idle = PictureWorker(demo._write_report, demo._write_pngs)  # given nothing: stops cleanly
    idle.close()
    assert idle.process.exitcode == 0
    unused = PictureWorker(demo._write_report, demo._write_pngs)
    assert unused.wait() == (False, False) and unused.process.exitcode == 0


def _fail(plan, out):
    raise RuntimeError("drawing failed")


def test_failed_workers_leave_the_pictures_to_this_process(tmp_path, monkeypatch, small_plan):
    from loadplan.picture_worker import PictureWorker

    monkeypatch.setenv(demo.PARALLEL_ENV, "0")
    for jobs, want in (((_fail, demo._write_pngs), (False, True)),
                       ((demo._write_report, _fail), (True, False)),
                       ((_fail, _fail), (False, False))):
        out = tmp_path / str(len(list(tmp_path.iterdir())))
        out.mkdir()
        probe = PictureWorker(*jobs)
        assert probe.draw(small_plan, out) and probe.wait() == want
        for f in out.iterdir():
            f.unlink()
        names = [p.name for p in demo.write_files(small_plan, out, echo=print,
                                                  workers=PictureWorker(*jobs))]
        assert sorted(names) == sorted(p.name for p in out.iterdir())
        assert (out / "plan.pdf").read_bytes().startswith(b"%PDF")
        assert all((out / n).stat().st_size > 0 for n in names)


def test_a_worker_that_dies_leaves_the_pictures_to_this_process(tmp_path, small_plan):
    from loadplan.picture_worker import PictureWorker

    worker = PictureWorker(demo._write_report, demo._write_pngs)
    worker.process.kill()
    worker.process.join()
    names = [p.name for p in demo.write_files(small_plan, tmp_path, echo=print, workers=worker)]
    assert names[:3] == ["plan.json", "plan.html", "plan.pdf"]
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")


def test_no_workers_when_told_or_when_threads_run(monkeypatch):
    monkeypatch.setenv(demo.PARALLEL_ENV, "0")
    assert not demo.use_workers()
    monkeypatch.setenv(demo.PARALLEL_ENV, "auto")
    monkeypatch.setattr(demo.warmup, "cpu_count", lambda: 1)  # one CPU: nothing to gain
    assert not demo.use_workers()
    monkeypatch.setattr(demo.warmup, "cpu_count", lambda: 2)
    assert demo.use_workers()
    monkeypatch.delenv(demo.PARALLEL_ENV)
    assert demo.PARALLEL_DEFAULT == "auto" and demo.use_workers()
    monkeypatch.setenv(demo.PARALLEL_ENV, "1")
    monkeypatch.setattr(demo.warmup, "cpu_count", lambda: 1)
    assert demo.use_workers()  # "1": whatever the CPUs
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not demo.use_workers()  # forking a threaded process can deadlock
    finally:
        stop.set()
        thread.join()


def test_run_demo_starts_the_workers_before_planning(tmp_path, monkeypatch):
    from loadplan import planner

    events = []
    real_worker, real_plan = demo.PictureWorker, planner.plan
    monkeypatch.setattr(demo, "PictureWorker",
                        lambda *a, **kw: events.append("workers") or real_worker(*a, **kw))
    monkeypatch.setattr(demo.planner, "plan", lambda drums: events.append("plan") or real_plan(drums[:1]))
    monkeypatch.setenv(demo.PARALLEL_ENV, "1")
    demo.run_demo(tmp_path / "a", echo=lambda line: None)
    assert events == ["workers", "plan"]
    monkeypatch.setenv(demo.PARALLEL_ENV, "0")
    demo.run_demo(tmp_path / "b", echo=lambda line: None)
    assert events == ["workers", "plan", "plan"]
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_a_failed_plan_stops_the_workers(tmp_path, monkeypatch):
    started = []
    real_worker = demo.PictureWorker
    monkeypatch.setattr(demo, "PictureWorker",
                        lambda *a, **kw: started.append(real_worker(*a, **kw)) or started[-1])

    def boom(drums):
        raise RuntimeError("no plan")

    monkeypatch.setattr(demo.planner, "plan", boom)
    monkeypatch.setenv(demo.PARALLEL_ENV, "1")
    with pytest.raises(RuntimeError, match="no plan"):
        demo.run_demo(tmp_path, echo=lambda line: None)
    assert len(started) == 1 and started[0].process.exitcode == 0


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


def test_without_matplotlib_the_text_files_and_a_note(tmp_path, monkeypatch, small_plan):
    from loadplan.picture_worker import PictureWorker

    def missing():
        raise ImportError("loadplan.plot needs matplotlib: pip install matplotlib")

    early = PictureWorker(demo._write_report, demo._write_pngs)  # forked before the patches
    monkeypatch.setattr(demo.plot.style, "require_matplotlib", missing)
    monkeypatch.setattr(demo, "_installed", lambda name: False)
    for workers in (None, early):
        notes = []
        names = [p.name for p in demo.write_files(small_plan, tmp_path, echo=notes.append,
                                                  workers=workers)]
        assert names == ["plan.json", "plan.html"]
        assert notes == ["(no PDF report: loadplan.plot needs matplotlib: pip install matplotlib)"]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.html", "plan.json"]
        assert workers is None or workers.process.exitcode == 0


def _pid_pdf(plan, out):
    (out / "pdf.pid").write_text(str(os.getpid()))


def _pid_png(plan, out):
    (out / "png.pid").write_text(str(os.getpid()))


def test_the_pngs_get_a_process_of_their_own_only_when_a_cpu_is_idle(tmp_path, monkeypatch, small_plan):
    import time

    from loadplan.picture_worker import PictureWorker

    def pids(split, idle):
        monkeypatch.setattr(demo.warmup, "idle_between", lambda start, end: idle)
        out = tmp_path / f"{split}-{idle}"
        out.mkdir()
        worker = PictureWorker(_pid_pdf, _pid_png, split=split)
        time.sleep(0.4)  # the worker measures while it waits (the parent would be planning)
        assert worker.draw(small_plan, out) and worker.wait() == (True, True)
        pdf, png = (int((out / f"{k}.pid").read_text()) for k in ("pdf", "png"))
        assert pdf == worker.process.pid
        return pdf != png

    assert pids(None, 1.0) is True  # a CPU idle: the PNGs beside the PDF
    assert pids(None, 0.3) is False  # both busy: one after the other, in the worker
    assert pids(True, 0.0) is True and pids(False, 2.0) is False  # told
    monkeypatch.setattr(demo.warmup, "cpu_count", lambda: 1)
    assert pids(None, 2.0) is False
