"""The Blitar djembe demo: ``loadplan demo``.

A workshop in Blitar (East Java) ships 6,000 djembes of three sizes to two
cities in China. :func:`run_demo` plans that order (the package's copy of
``examples/blitar_djembe.csv``) with the default settings, prints a summary
table and writes ``plan.json`` and the 3D viewer ``plan.html`` — and, when
Matplotlib is installed, the PDF loading report and PNG views — into a folder.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.resources
import importlib.util
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

from loadplan import planner, plot, warmup
from loadplan.io import atomic_path, atomic_write, read_order
from loadplan.model import Drum, LoadPlan
from loadplan.picture_worker import PictureWorker, fork_allowed
from loadplan.reporting import report
from loadplan.web.viewer import write_html

__all__ = ["run_demo", "demo_order", "summary_table", "write_pngs", "write_files", "png_paths",
           "use_workers", "PARALLEL_ENV", "PARALLEL_DEFAULT"]

DATA_FILE = "blitar_djembe.csv"

#: Margins of the two views of a container picture (fractions of the 11 x 7 in figure).
_GRID = {"left": 0.07, "right": 0.8, "bottom": 0.08, "top": 0.95, "hspace": 0.3}


def demo_order() -> list[Drum]:
    """The Blitar order as a list of :class:`~loadplan.model.Drum` (package data).

    Returns
    -------
    list of Drum
        Three djembe sizes (DJ30, DJ40, DJ60) for Shenzhen and Shanghai,
        6,000 drums in all.
    """
    text = importlib.resources.files("loadplan").joinpath("data", DATA_FILE).read_text(
        encoding="utf-8")
    return read_order(text, format="csv")


def summary_table(plan: LoadPlan) -> list[str]:
    """The plan as a plain-text table: one row per container, then totals.

    Columns: container number and type, destination(s), drums per SKU, drums,
    volume and payload utilisation, upper bound and gap, and the centre of
    gravity along the length (m from the front wall, and its offset from the
    middle in % of the length).

    Parameters
    ----------
    plan : LoadPlan

    Returns
    -------
    list of str
        Header, rule, one row per container, a totals line, one line per
        destination group with the proven lower bound on its containers
        ("Shanghai: 1 container; at least 1 needed"), the verifier's verdict,
        then one line per unplaced order line with its reason.
    """
    skus: list[str] = []
    for load in plan.loads:
        for s in load.placements["sku"].tolist():
            if s not in skus:
                skus.append(s)
    head = (["#", "container", "destination"] + skus
            + ["drums", "volume", "payload", "bound", "gap", "CoG x", "off"])
    rows = [head]
    for i, load in enumerate(plan.loads, start=1):
        c = load.container
        per = [str(int((load.placements["sku"] == s).sum())) for s in skus]
        cx = load.cog[0]
        rows.append([
            str(i), c.name, ", ".join("-" if d is None else d for d in load.destinations), *per,
            str(load.count), f"{load.volume_utilisation:.1%}", f"{load.payload_utilisation:.1%}",
            str(load.upper_bound), str(load.gap), f"{cx / 1000:.2f} m",
            f"{(cx - c.length / 2) / c.length:+.1%}",
        ])
    widths = [max(len(r[k]) for r in rows) for k in range(len(head))]
    left = {0, 1, 2}
    out = []
    for n, r in enumerate(rows):
        out.append("  ".join(v.ljust(w) if k in left else v.rjust(w)
                             for k, (v, w) in enumerate(zip(r, widths))).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    out.append(f"{plan.container_count} container(s), {plan.placed_count} drums placed, "
               f"{plan.unplaced_count} unplaced, cargo {plan.total_weight:,.0f} kg")
    out += plan.bound_lines()
    out.append(plan.verdict_line())
    for u in plan.unplaced:
        out.append(f"unplaced: {u.quantity} x {u.sku} for {u.destination or '-'}: {u.reason}")
    return out


def _pictures(plan: LoadPlan, out: Path, echo: Callable[[str], object],
              first: Callable[[], list[Path]] = list, workers: PictureWorker | None = None) -> list[Path]:
    """``first()``'s files, then the PDF report and the PNG views (without Matplotlib: a note).

    With ``workers`` (or, when none is given, a :class:`PictureWorker` started
    now if :func:`use_workers` says so) the pictures are drawn in forked
    processes while this one runs ``first``; what they fail to write is drawn
    here, so an error shows as it would without them.
    """
    try:
        if workers is None or not _installed("matplotlib"):  # (the workers import it themselves)
            plot.style.require_matplotlib()
    except ImportError as exc:
        if workers is not None:
            workers.close()
        written = first()
        echo(f"(no PDF report: {exc})")
        return written
    pdf = out / "plan.pdf"
    if workers is None and use_workers():
        workers = _start_workers()
    sent = workers is not None and workers.draw(plan, out)
    written = first()
    pdf_ok, png_ok = workers.wait() if sent else (False, False)
    if not pdf_ok:
        report(plan, pdf)
    pngs = png_paths(plan, out)
    if not png_ok:
        _write_pngs(plan, out)
    return written + [pdf] + pngs


def _installed(name: str) -> bool:
    """Whether module ``name`` can be imported, without importing it."""
    if name in sys.modules:
        return sys.modules[name] is not None
    return importlib.util.find_spec(name) is not None


#: Environment variable: "0" draws the demo's pictures in the main process, "1" in worker
#: processes (:class:`loadplan.picture_worker.PictureWorker`: forked before planning, they
#: import Matplotlib meanwhile, then draw the PDF and the PNGs side by side), "auto" in a
#: worker when there are two CPUs or more, the PNGs beside the PDF only when a CPU is idle
#: while the plan is made (Linux only); unset: :data:`PARALLEL_DEFAULT`.
PARALLEL_ENV = "LOADPLAN_DEMO_PARALLEL"

#: Workers when there are two CPUs: the drawing moves to them rather than being done twice,
#: so with both cores busy they cost only their forks and the pickled plan (decisions.md,
#: [coldstart] warm demo, round 3).
PARALLEL_DEFAULT = "auto"


def use_workers() -> bool:
    """Whether the demo draws its pictures in worker processes (see :data:`PARALLEL_ENV`).

    "1" (and "auto" with two CPUs or more) where forking is safe
    (:func:`loadplan.picture_worker.fork_allowed`: Linux, no other thread).
    """
    wanted = os.environ.get(PARALLEL_ENV, PARALLEL_DEFAULT)
    if wanted not in ("1", "auto") or not fork_allowed():
        return False
    return wanted == "1" or warmup.cpu_count() >= 2


def _start_workers() -> PictureWorker:
    """Workers for the pictures: the PNGs beside the PDF always with "1", else when a CPU is idle."""
    return PictureWorker(_write_report, _write_pngs,
                         split=True if os.environ.get(PARALLEL_ENV) == "1" else None)


def _write_report(plan: LoadPlan, out: Path) -> None:
    """A worker's job: ``plan.pdf`` in ``out``."""
    report(plan, out / "plan.pdf")


def _write_pngs(plan: LoadPlan, out: Path) -> None:
    """A worker's job: the PNG views in ``out`` (names in any script, no fallback fonts unneeded)."""
    with plot.unicode_text(texts=plot.style.plan_texts(plan)):
        write_pngs(plan, out)


def png_paths(plan: LoadPlan, out: Path) -> list[Path]:
    """The files :func:`write_pngs` writes for ``plan`` into ``out``, in order."""
    return [out / "overview.png"] + [out / f"container{i}_{load.container.name}.png"
                                     for i, load in enumerate(plan.loads, start=1)]


def write_pngs(plan: LoadPlan, out: Path) -> list[Path]:
    """``overview.png`` and one ``container<i>_<type>.png`` per container, into ``out``.

    Figures are plain :class:`~matplotlib.figure.Figure` objects at fixed
    positions (no pyplot, no layout engine to run); one figure and its two
    axes are drawn again for each container.

    Parameters
    ----------
    plan : LoadPlan
        The plan to draw.
    out : Path
        An existing folder.

    Returns
    -------
    list of Path
        The files written, in order.
    """
    from matplotlib.figure import Figure

    path = out / "overview.png"
    _save(plot.overview_figure(plan), path)
    written = [path]
    # one colour per SKU across the plan, as in the overview and the PDF
    colors = plot.sku_colors(s for load in plan.loads for s in load.placements["sku"].tolist())
    fig = Figure(figsize=(11, 7))  # fixed axes: no layout engine to run
    top, side = fig.subplots(2, 1, gridspec_kw=_GRID)
    for i, load in enumerate(plan.loads, start=1):
        for ax in (top, side):  # the same axes again (and their ticks): only what was drawn goes
            _empty(ax)
        plot.top_view(load, ax=top, colors=colors, hidden=False)
        plot.side_view(load, ax=side, colors=colors, hidden=False)
        path = out / f"container{i}_{load.container.name}.png"
        _save(fig, path)
        written.append(path)
    return written


def _empty(ax: Any) -> None:
    """Take off ``ax`` what a view drew on it: shapes, lines, texts, the legend."""
    for artist in [*ax.artists, *ax.collections, *ax.images, *ax.lines, *ax.patches, *ax.texts]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()


def _save(fig: Any, path: Path) -> None:
    """Save a figure as PNG atomically (never a half-written file at ``path``)."""
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=110, format="png")


@contextlib.contextmanager
def _collector_skips_old() -> Iterator[None]:
    """While drawing, the garbage collector leaves alone the objects alive now (the plan, modules).

    Drawing makes hundreds of thousands of short-lived objects; each full
    collection would walk the whole heap again (~0.2 s of the demo's
    pictures). ``gc.freeze`` moves what exists to a generation the collector
    skips; ``gc.unfreeze`` puts it back. Untouched when something else
    froze objects already.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def run_demo(out_dir: str | os.PathLike = "loadplan-demo", *,
             echo: Callable[[str], object] = print) -> LoadPlan:
    """Plan the Blitar djembe order, print a summary and write the files.

    Parameters
    ----------
    out_dir : str or os.PathLike, default "loadplan-demo"
        Folder for ``plan.json``, ``plan.html`` (and ``plan.pdf``, ``overview.png``,
        ``container<i>_<type>.png`` when the report and plot modules are
        there); created if missing.
    echo : callable, default print
        Receives each line of the summary.

    Returns
    -------
    LoadPlan
        The plan (default containers 20GP, 40GP, 40HC; no costs: fewest
        containers, then least volume).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    drums = demo_order()
    total = sum(d.quantity for d in drums)
    echo(f"Blitar djembe export: {total:,} drums, {len({d.sku for d in drums})} sizes, "
         f"{len({d.destination for d in drums})} destinations")
    cold = warmup.needs_compile()  # (the command line has compiled the engine already)
    # forked now, the workers import Matplotlib on a CPU that planning leaves idle
    workers = _start_workers() if not cold and use_workers() else None
    try:
        t0 = time.perf_counter()
        result = planner.plan(drums)
        ms = (time.perf_counter() - t0) * 1000.0
    except BaseException:
        if workers is not None:
            workers.close()
        raise
    echo(f"planned in {ms:.0f} ms" + (" (including Numba compilation: first run only)" if cold else ""))
    for line in summary_table(result):
        echo(line)
    for f in write_files(result, out, echo=echo, workers=workers):
        echo(f"wrote {f}")
    return result


def write_files(plan: LoadPlan, out: Path, *, echo: Callable[[str], object] = print,
                workers: PictureWorker | None = None) -> list[Path]:
    """What the demo writes for a plan: ``plan.json``, ``plan.html``, then the pictures.

    The pictures — ``plan.pdf``, ``overview.png``, ``container<i>_<type>.png``
    — need Matplotlib; without it ``echo`` gets a note and they are left out.
    With ``LOADPLAN_DEMO_PARALLEL=1`` (or ``auto`` and two CPUs) the PDF and
    the PNGs are drawn in worker processes while the rest is written here
    (:data:`PARALLEL_ENV`; the files are the same either way).

    Parameters
    ----------
    plan : LoadPlan
        The plan.
    out : Path
        An existing folder.
    echo : callable, default print
        Receives a note when the pictures cannot be drawn.
    workers : PictureWorker, optional
        Workers started earlier (:func:`run_demo` starts them before
        planning); given, they draw the pictures whatever :func:`use_workers`
        says.

    Returns
    -------
    list of Path
        The files written, in order.
    """
    def text_files() -> list[Path]:
        atomic_write(out / "plan.json", plan.to_json())
        return [out / "plan.json", write_html(plan, out / "plan.html")]

    with _collector_skips_old():
        return _pictures(plan, out, echo, first=text_files, workers=workers)
