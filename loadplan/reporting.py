"""Printable PDF loading report (A4, Matplotlib's PdfPages).

The report has a summary page — the order per SKU and destination (ordered,
placed, unplaced), the containers (type, destinations, drums, weight,
utilisation, upper bound and gap, centre of gravity), the cost and anything
left unplaced with its reason — and then, for each container, a page with its
top view, side view and 3D view followed by the crew's loading steps
(``ContainerLoad.steps()``) and notes, continued on further pages when long.

Pages are drawn on plain :class:`matplotlib.figure.Figure` objects (pyplot's
global state is not touched) at fixed positions, so the same plan always gives
the same file: the creation date is left out of the PDF metadata.

>>> import loadplan as lp
>>> plan = lp.plan([lp.Drum("D200", 585, 880, weight=220, quantity=120)])  # doctest: +SKIP
>>> lp.report(plan, "plan.pdf")                                           # doctest: +SKIP
PosixPath('plan.pdf')
"""

from __future__ import annotations

import os
import pathlib
import textwrap
from typing import Any, Iterable, Sequence

import numpy as np

from loadplan import plot as _plot
from loadplan.plot import destination_label as _dest

__all__ = ["report", "rasterize_dense"]

# A4 portrait, inches
PAGE_W, PAGE_H = 8.27, 11.69
MARGIN = 0.6
BODY_W = PAGE_W - 2 * MARGIN
FONT = 8.5  # body text, pt
LINE = FONT * 1.45 / 72.0  # line height, inches
CHAR_W = FONT * 0.52 / 72.0  # average character width (DejaVu Sans), inches
_SHADE = "#eef1f5"
_RULE = "#8a8f98"


# --------------------------------------------------------------------------
# page machinery
# --------------------------------------------------------------------------


class _Document:
    """Pages with a cursor that runs from the top margin down."""

    def __init__(self, pdf: Any, title: str) -> None:
        self.pdf = pdf
        self.title = title
        self.fig: Any = None
        self.y = 0.0  # inches from the top of the page
        self.number = 0

    def new_page(self, heading: str | None = None) -> None:
        from matplotlib.figure import Figure

        self.finish()
        self.fig = Figure(figsize=(PAGE_W, PAGE_H), dpi=150)
        self.number += 1
        self.y = MARGIN
        self.text(MARGIN, self.y - 0.22, self.title, size=7.5, color="#666666")
        self.text(PAGE_W - MARGIN, self.y - 0.22, f"page {self.number}", size=7.5,
                  color="#666666", ha="right")
        if heading:
            self.heading(heading, size=15)

    def finish(self) -> None:
        if self.fig is not None:
            self.pdf.savefig(self.fig)
            self.fig = None

    def room(self) -> float:
        return PAGE_H - MARGIN - self.y

    def need(self, inches: float, heading: str | None = None) -> None:
        if self.fig is None or self.room() < inches:
            self.new_page(heading)

    # drawing in inches from the top-left corner
    def text(self, x: float, y: float, s: str, *, size: float = FONT, **kw: Any) -> Any:
        kw.setdefault("va", "baseline")
        return self.fig.text(x / PAGE_W, 1.0 - y / PAGE_H, s, fontsize=size, **kw)

    def heading(self, s: str, size: float = 11.5) -> None:
        self.y += size / 72.0 * 1.9
        self.text(MARGIN, self.y, s, size=size, weight="bold")
        self.y += size / 72.0 * 0.6

    def paragraph(self, s: str, *, size: float = FONT, indent: float = 0.0, color: str = "black") -> None:
        width = max(int((BODY_W - indent) / (size * 0.52 / 72.0)), 20)
        for line in textwrap.wrap(s, width) or [""]:
            self.need(size * 1.45 / 72.0)
            self.y += size * 1.45 / 72.0
            self.text(MARGIN + indent, self.y, line, size=size, color=color)

    def fit(self, ax: Any, scale: float, max_height: float) -> None:
        """Resize ``ax`` (placed by :meth:`axes`) to its y-range at ``scale`` inches per unit."""
        lo, hi = ax.get_ylim()
        height = min(abs(hi - lo) * scale, max_height)
        pos = ax.get_position(original=True)
        top = 1.0 - pos.y1  # fraction from the top
        top_in = top * PAGE_H
        ax.set_position([pos.x0, 1.0 - (top_in + height) / PAGE_H, pos.width, height / PAGE_H])
        self.y = top_in + height

    def axes(self, height: float, *, left: float = 0.55, right: float = 0.1,
             projection: str | None = None) -> Any:
        """An Axes ``height`` inches tall across the body, below the cursor."""
        bottom = self.y + height
        rect = [
            (MARGIN + left) / PAGE_W,
            1.0 - bottom / PAGE_H,
            (BODY_W - left - right) / PAGE_W,
            height / PAGE_H,
        ]
        ax = self.fig.add_axes(rect, projection=projection)
        self.y = bottom
        return ax


def _table(doc: _Document, header: Sequence[str], rows: Sequence[Sequence[str]],
           widths: Sequence[float], align: Sequence[str], *, title: str | None = None,
           size: float = FONT, wrap: Sequence[int] = ()) -> None:
    """A ruled table; rows continue on the next page (header repeated).

    Cells of the columns in ``wrap`` are wrapped onto several lines; other
    cells too wide for their column are cut with an ellipsis.
    """
    from matplotlib.patches import Rectangle

    line_h = size * 1.35 / 72.0
    row_pad = size * 0.35 / 72.0
    scale = BODY_W / sum(widths)
    xs = np.concatenate(([0.0], np.cumsum(widths) * scale))
    pad = 0.05

    def lines_of(i: int, cell: Any) -> list[str]:
        max_chars = max(int((xs[i + 1] - xs[i] - 2 * pad) / (size * 0.52 / 72.0)), 3)
        cell = str(cell)
        if i in wrap:
            return textwrap.wrap(cell, max_chars, break_long_words=True) or [""]
        if len(cell) > max_chars:
            cell = cell[: max_chars - 1] + "…"
        return [cell]

    def height(cells: Sequence[Any]) -> float:
        n = max(len(lines_of(i, c)) for i, c in enumerate(cells))
        return n * line_h + 2 * row_pad

    def draw_row(cells: Sequence[Any], *, bold: bool = False, shade: bool = False) -> None:
        top = doc.y
        row_h = height(cells)
        if shade:
            doc.fig.patches.append(Rectangle(
                (MARGIN / PAGE_W, 1.0 - (top + row_h) / PAGE_H), BODY_W / PAGE_W, row_h / PAGE_H,
                transform=doc.fig.transFigure, facecolor=_SHADE, edgecolor="none", zorder=-1))
        for i, cell in enumerate(cells):
            a = align[i]
            x = MARGIN + (xs[i] + pad if a == "left" else xs[i + 1] - pad if a == "right"
                          else (xs[i] + xs[i + 1]) / 2)
            for k, line in enumerate(lines_of(i, cell)):
                doc.text(x, top + row_pad + (k + 0.78) * line_h, line, size=size, ha=a,
                         weight="bold" if bold else "normal")
        doc.y = top + row_h

    def rule(weight: float = 0.6) -> None:
        y = 1.0 - doc.y / PAGE_H
        doc.fig.add_artist(_hline(doc.fig, y, weight))

    def start(cont: bool) -> None:
        if title:
            doc.heading(title + (" (continued)" if cont else ""))
        rule(0.9)
        draw_row(header, bold=True)
        rule(0.6)

    first = height(rows[0]) if rows else 0.0
    doc.need(0.45 + height(header) + first + 0.1)
    start(False)
    for i, row in enumerate(rows):
        if doc.room() < height(row) + 0.05:
            rule(0.9)
            doc.new_page()
            start(True)
        draw_row(row, shade=i % 2 == 1)
    rule(0.9)
    doc.y += 0.08


def _hline(fig: Any, y: float, weight: float) -> Any:
    from matplotlib.lines import Line2D

    x0 = MARGIN / PAGE_W
    return Line2D([x0, x0 + BODY_W / PAGE_W], [y, y], transform=fig.transFigure,
                  color=_RULE, lw=weight)


# --------------------------------------------------------------------------
# content
# --------------------------------------------------------------------------


def _fmt_kg(w: float) -> str:
    return f"{w:,.0f}" if w >= 100 else f"{w:,.1f}"


def _order_rows(plan: Any) -> list[list[str]]:
    """(sku, destination) -> size, ordered, placed, unplaced."""
    info: dict[tuple[str, str], dict[str, Any]] = {}
    for load in plan.loads:
        p = load.placements
        for sku, dest, d, h, w in zip(p["sku"].tolist(), p["destination"].tolist(),
                                      p["diameter"].tolist(), p["height"].tolist(),
                                      p["weight"].tolist()):
            rec = info.setdefault((sku, dest or ""), {"placed": 0, "unplaced": 0, "size": (d, h, w)})
            rec["placed"] += 1
    for u in plan.unplaced:
        rec = info.setdefault((u.sku, u.destination or ""), {"placed": 0, "unplaced": 0, "size": None})
        rec["unplaced"] += int(u.quantity)
    rows = []
    for (sku, dest), rec in sorted(info.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        size = rec["size"]
        dims = f"Ø{size[0]:g} × {size[1]:g}" if size else "–"
        weight = f"{size[2]:g}" if size else "–"
        ordered = rec["placed"] + rec["unplaced"]
        rows.append([sku, _dest(dest), dims, weight, f"{ordered:,}", f"{rec['placed']:,}",
                     f"{rec['unplaced']:,}" if rec["unplaced"] else "–"])
    return rows


def _cog_text(load: Any) -> tuple[str, str]:
    x, y, z = load.cog
    L = load.container.length
    off = (x - L / 2) / L
    return f"{x / 1000:.2f}, {y / 1000:.2f}, {z / 1000:.2f}", f"{off:+.1%}"


def _container_rows(plan: Any) -> list[list[str]]:
    rows = []
    for i, load in enumerate(plan.loads, 1):
        dests = ", ".join(_dest(d) for d in load.destinations) or "–"
        cog, off = _cog_text(load)
        rows.append([
            str(i), load.container.name, dests, f"{load.count:,}", _fmt_kg(load.weight),
            f"{load.volume_utilisation:.1%}", f"{load.payload_utilisation:.1%}",
            f"{load.upper_bound:,}", f"{load.gap:,}", cog, off,
        ])
    return rows


def _summary(doc: _Document, plan: Any, colors: dict) -> None:
    loads = list(plan.loads)
    doc.new_page("Loading report")
    placed = plan.placed_count
    unplaced = plan.unplaced_count
    facts = [
        f"{len(loads)} container{'s' if len(loads) != 1 else ''}"
        + (f" ({', '.join(_count_types(loads))})" if loads else ""),
        f"{placed:,} of {placed + unplaced:,} drums loaded",
        f"cargo {plan.total_weight:,.0f} kg",
    ]
    if plan.cost is not None:
        facts.append(f"cost {plan.cost:,.2f}")
    if loads:
        bound = sum(l.upper_bound for l in loads)
        facts.append(f"upper bound {bound:,} (gap {bound - placed:,})")
    facts.append(plan.verdict_line())
    doc.paragraph(" · ".join(facts), size=10)
    for line in plan.bound_lines():
        doc.paragraph(line, size=9)
    if plan.violations:
        shown = list(plan.violations)[:_MAX_VIOLATIONS]
        more = len(plan.violations) - len(shown)
        doc.paragraph(f"The plan breaks {len(plan.violations):,} safety rule(s); do not load it "
                      "as it is:", size=10, color="#b03a2e")
        for v in shown + ([f"… and {more:,} more"] if more else []):
            doc.paragraph("• " + v, size=8, indent=0.15, color="#b03a2e")
    if unplaced:
        doc.paragraph(f"{unplaced:,} drums could not be loaded — see below.", size=10, color="#b03a2e")
    doc.y += 0.1

    _table(doc, ["SKU", "destination", "size mm", "kg each", "ordered", "placed", "unplaced"],
           _order_rows(plan), [1.4, 1.6, 1.6, 0.9, 1.0, 1.0, 1.0],
           ["left", "left", "left", "right", "right", "right", "right"], title="Order")
    if loads:
        _table(doc, ["#", "type", "destinations", "drums", "cargo kg", "volume", "payload",
                     "bound", "gap", "CoG x, y, z m", "CoG off"],
               _container_rows(plan), [0.35, 0.6, 1.6, 0.65, 0.85, 0.75, 0.75, 0.65, 0.5, 1.45, 0.75],
               ["right", "left", "left", "right", "right", "right", "right", "right", "right",
                "right", "right"], title="Containers", size=8, wrap=(2,))
        doc.paragraph(
            "volume: drum volume / container volume; payload: cargo weight / max payload; "
            "bound: a proven upper bound on the drums this container could hold, gap = bound − "
            "drums; CoG: centre of gravity of the cargo from the front wall, its offset from the "
            "middle of the length in % of the length.",
            size=7.5, color="#555555")
        doc.y += 0.1
    if plan.unplaced:
        rows = [[u.sku, _dest(u.destination), f"{u.quantity:,}", u.reason] for u in plan.unplaced]
        _table(doc, ["SKU", "destination", "quantity", "reason"], rows, [1.2, 1.4, 0.9, 4.0],
               ["left", "left", "right", "left"], title="Not loaded", wrap=(3,))
    # the containers at a glance, as far as the page allows
    if loads:
        max_length = max(l.container.length for l in loads)
        scale = (BODY_W - 0.8) / (max_length / 1000.0 * 1.08)
        per = max(l.container.width for l in loads) / 1000.0 * 1.1 * scale + 0.45
        if doc.room() > per + 0.6:
            doc.heading("At a glance (top views)")
            for i, load in enumerate(loads, 1):
                if doc.room() < per + 0.1:
                    doc.paragraph(f"… {len(loads) - i + 1} more: see the container pages.",
                                  size=7.5, color="#555555")
                    break
                doc.y += 0.25
                ax = doc.axes(1.0, left=0.55, right=0.25)
                _plot.top_view(load, ax=ax, colors=colors, legend=False, title=False)
                rasterize_dense(ax)
                ax.set_title(_plot.load_caption(load, i), loc="left", fontsize=8)
                _fix_x(ax, max_length)
                ax.tick_params(labelsize=6.5)
                ax.set_xlabel("")
                ax.set_ylabel("")
                doc.fit(ax, scale, max_height=2.0)
                doc.y += 0.2
            _legend_row(doc, colors, _skus(plan), lying_key=any(
                bool((l.placements["axis"] != "z").any()) for l in loads))


_MAX_VIOLATIONS = 20
"""Violations listed on the summary page (the rest are counted)."""


def _boards(doc: _Document, load: Any) -> None:
    """The container's layer boards as a table: where, how high, how thick, when."""
    from loadplan.steps import board_steps

    rows = [[str(b["number"]), f"{b['x0'] / 1000:.2f} – {b['x1'] / 1000:.2f}",
             f"{b['y0'] / 1000:.2f} – {b['y1'] / 1000:.2f}", f"{b['z'] / 1000:.2f}",
             f"{b['thickness']:g}", "–" if b["after"] is None else str(b["after"]),
             "–" if b["before"] is None else str(b["before"]), f"{b['carries']:,}"]
            for b in board_steps(load)]
    if rows:
        _table(doc, ["board", "along m", "across m", "on tops at m", "mm", "after step",
                     "before step", "carries"], rows, [0.6, 1.2, 1.1, 1.0, 0.5, 0.9, 0.9, 0.8],
               ["right", "left", "left", "right", "right", "right", "right", "right"],
               title="Layer boards")


def _count_types(loads: Sequence[Any]) -> list[str]:
    counts: dict[str, int] = {}
    for load in loads:
        counts[load.container.name] = counts.get(load.container.name, 0) + 1
    return [f"{n} × {name}" for name, n in counts.items()]


def _skus(plan: Any) -> list[str]:
    skus: set[str] = set()
    for load in plan.loads:
        skus.update(load.placements["sku"].tolist())
    return sorted(skus)


def _legend_row(doc: _Document, colors: dict, skus: Iterable[str], *,
                lying_key: bool = False) -> None:
    """One line of colour swatches with SKU names."""
    from matplotlib.patches import Rectangle

    skus = list(skus)
    if not skus:
        return
    doc.need(LINE + 0.1)
    doc.y += LINE + 0.02
    x = MARGIN
    for sku in skus:
        w = 0.45 + len(sku) * CHAR_W
        if x + w > PAGE_W - MARGIN:
            if doc.room() < 2 * LINE + 0.1:
                doc.new_page()
            doc.y += LINE + 0.02
            x = MARGIN
        doc.fig.patches.append(Rectangle(
            (x / PAGE_W, 1.0 - (doc.y + 0.01) / PAGE_H), 0.22 / PAGE_W, 0.12 / PAGE_H,
            transform=doc.fig.transFigure, facecolor=colors[sku], edgecolor="#333333", lw=0.5))
        doc.text(x + 0.28, doc.y, sku)
        x += w + 0.2
    if lying_key:
        doc.text(PAGE_W - MARGIN, doc.y, "lighter shade: lying drum", ha="right", color="#555555",
                 size=7.5)
    doc.y += 0.15


def _container_pages(doc: _Document, plan: Any, index: int, load: Any, colors: dict,
                     max_length: float) -> None:
    total = len(plan.loads)
    dests = ", ".join(_dest(d) for d in load.destinations)
    doc.new_page(f"Container {index} of {total}: {load.container.name}"
                 + (f" → {dests}" if dests and dests != "–" else ""))
    cog, off = _cog_text(load)
    doc.paragraph(
        f"{load.count:,} drums · cargo {load.weight:,.0f} kg "
        f"(payload {load.payload_utilisation:.1%}) · volume {load.volume_utilisation:.1%} · "
        f"upper bound {load.upper_bound:,}, gap {load.gap:,} · CoG {cog} m ({off} of the length "
        "from the middle)", size=9)
    _legend_row(doc, colors, sorted(set(load.placements["sku"].tolist())),
                lying_key=bool((load.placements["axis"] != "z").any()))

    # same scale for every container of the plan: the longest one fills the width
    doc.y += 0.3  # room for the title
    right = 0.35
    plot_w = BODY_W - 0.55 - right
    scale = plot_w / (max_length / 1000.0 * 1.08)  # inches per metre
    # ... but small enough that both views and the 3D view share one page
    c = load.container
    fit_page = (doc.room() - 2.9 - 1.9) / ((c.width * 1.1 + c.height * 1.45) / 1000.0)
    if fit_page >= 0.6 * scale:  # else the 3D view goes to the next page
        scale = min(scale, fit_page)
    ax = doc.axes(1.0, right=right)
    _plot.top_view(load, ax=ax, colors=colors, legend=False, title=False)
    rasterize_dense(ax)
    ax.set_title("From above (all layers; the top drum of each stack is what you see)",
                 loc="left", fontsize=8.5)
    _fix_x(ax, max_length)
    doc.fit(ax, scale, max_height=3.0)
    doc.y += 0.55

    doc.y += 0.05
    side = doc.axes(1.0, right=right)
    _plot.side_view(load, ax=side, colors=colors, legend=False, title=False)
    rasterize_dense(side)
    side.set_title("From the side (nearest row in front; bands: zones and stops)", loc="left",
                   fontsize=8.5)
    _fix_x(side, max_length)
    doc.fit(side, scale, max_height=3.6)
    doc.y += 0.75

    h3d = 2.9
    if doc.room() < h3d + 0.2:
        doc.new_page(f"Container {index} of {total}: 3D view and loading steps")
        doc.y += 0.3
    ax3 = doc.axes(h3d, left=-0.3, right=-0.3, projection="3d")
    _plot.view3d(load, ax=ax3, colors=colors, legend=False, title=False, rasterized=True,
                 camera=_plot.Camera(zoom=1.7))
    ax3.set_title("3D view (doors at the red frame)", loc="left", fontsize=8.5)
    doc.y += 0.1

    steps = list(load.steps())
    notes = list(getattr(load, "notes", ()) or ())
    if load.boards.shape[0]:
        doc.need(0.6 + min(load.boards.shape[0] + 1, 12) * 1.5 * LINE,
                 f"Container {index} of {total}: layer boards")
        _boards(doc, load)
    doc.need(0.45 + 3 * LINE, f"Container {index} of {total}: loading steps")
    doc.heading("Loading steps (front wall to doors, bottom up)")
    for group in _step_groups(steps or ["(no drums)"]):
        _hanging(doc, group, index, total)
    if notes:
        doc.need(0.45 + 2 * LINE, f"Container {index} of {total}: notes")
        doc.heading("Notes")
        for note in notes:
            _hanging(doc, ["• " + note], index, total)


#: Collections with more shapes than this are drawn into the PDF as an image.
RASTER_MIN_SHAPES = 400


def rasterize_dense(ax: Any, min_shapes: int = RASTER_MIN_SHAPES) -> int:
    """Draw the dense collections of ``ax`` (thousands of drum outlines) as an image in the PDF.

    A page with 6,000 drums as vector polygons takes seconds to write and to
    view; as an image at the page's 150 dpi it looks the same on paper. Axes,
    labels and text stay vector. Returns how many collections were switched.
    """
    n = 0
    for coll in ax.collections:
        if len(coll.get_paths()) > min_shapes:
            coll.set_rasterized(True)
            n += 1
    return n


def _fix_x(ax: Any, max_length: float) -> None:
    m = max_length / 1000.0
    ax.set_xlim(-0.04 * m, 1.04 * m)
    ax.tick_params(labelsize=7)
    ax.xaxis.label.set_size(8)
    ax.yaxis.label.set_size(8)


def _step_groups(lines: Sequence[str]) -> list[list[str]]:
    """Group each step with the indented lines that follow it (its details)."""
    groups: list[list[str]] = []
    for line in lines:
        if groups and line[:1].isspace():
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _hanging(doc: _Document, lines: Sequence[str], index: int, total: int) -> None:
    """Wrapped lines with indented continuations, kept on one page when they fit."""
    width = max(int(BODY_W / CHAR_W), 40)
    parts: list[str] = []
    for line in lines:
        lead = line[: len(line) - len(line.lstrip())]
        parts += textwrap.wrap(line, width, subsequent_indent=lead + "     ",
                               break_long_words=True) or [""]
    block = len(parts) * LINE + 0.02
    if doc.room() < block and block < 0.5 * (PAGE_H - 2 * MARGIN):  # keep a step together
        doc.new_page(f"Container {index} of {total}: loading steps (continued)")
    for part in parts:
        if doc.room() < LINE + 0.02:
            doc.new_page(f"Container {index} of {total}: loading steps (continued)")
        doc.y += LINE
        doc.text(MARGIN, doc.y, part)
    doc.y += 0.03


def report(plan: Any, path: str | os.PathLike[str]) -> pathlib.Path:
    """Write a printable A4 PDF loading report for a plan.

    Parameters
    ----------
    plan : LoadPlan
        The plan to report (a single :class:`~loadplan.model.ContainerLoad`
        is accepted too and reported as a one-container plan).
    path : str or os.PathLike
        Where to write the PDF; its folder must exist. An existing regular
        file is replaced, atomically: if drawing fails, the old file is left
        as it was. Anything else there (a directory, symbolic link, FIFO,
        device) is refused.

    Returns
    -------
    pathlib.Path
        ``path`` as a Path.

    Notes
    -----
    Page 1 is the summary: the order per SKU and destination (ordered,
    placed, unplaced), one row per container (type, destinations, drums,
    cargo weight, volume and payload utilisation, upper bound and gap,
    centre of gravity and its offset from the middle), the cost, what was not
    loaded and why, and small top views. Then each container gets a page with
    its top, side and 3D views, followed by its loading steps and notes
    (continued on as many pages as they need). The output is deterministic:
    the same plan gives the same bytes.

    Raises
    ------
    ImportError
        If Matplotlib is not installed (``pip install matplotlib``).
    ValueError
        If ``plan`` is neither a LoadPlan nor a ContainerLoad;
        :class:`loadplan.io.OutputError` (a ValueError) for a path that may
        not be written (see :func:`loadplan.io.check_output`).
    """
    _plot.style.require_matplotlib()
    from matplotlib.backends.backend_pdf import PdfPages

    if hasattr(plan, "placements") and hasattr(plan, "container"):
        from loadplan.model import LoadPlan

        plan = LoadPlan([plan], [])
    if not hasattr(plan, "loads") or not hasattr(plan, "unplaced"):
        raise ValueError(f"plan must be a LoadPlan, got {type(plan).__name__}")
    from loadplan.io import atomic_path, check_output

    path = check_output(path)
    colors = _plot.sku_colors(_skus(plan))
    loads = list(plan.loads)
    max_length = max((l.container.length for l in loads), default=1.0)
    metadata = {
        "Title": "loadplan loading report",
        "Subject": f"{len(loads)} container(s), {plan.placed_count} drums",
        "Creator": "loadplan",
        "Author": "loadplan",
        "Keywords": "container loading, drums",
        "CreationDate": None,
        "ModDate": None,
    }
    import matplotlib

    # names are shown as written: "$x^2$" in a SKU is not math text
    with _plot.unicode_text(), matplotlib.rc_context({"pdf.fonttype": 3,
                                                      "svg.hashsalt": "loadplan",
                                                      "text.parse_math": False}):
        with atomic_path(path) as tmp, PdfPages(tmp, metadata=metadata) as pdf:
            doc = _Document(pdf, "loadplan · loading report")
            _summary(doc, plan, colors)
            for i, load in enumerate(loads, 1):
                _container_pages(doc, plan, i, load, colors, max_length)
            doc.finish()
    return path
