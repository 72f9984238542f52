"""The page machinery of the PDF report: A4 pages with a cursor, text, tables, axes.

A :class:`Document` draws on plain :class:`matplotlib.figure.Figure` objects
(pyplot's global state is not touched) at fixed positions in inches from the
top-left corner, and hands each finished page to a ``PdfPages``.
"""

from __future__ import annotations

import textwrap
from typing import Any, Iterable, Sequence

import numpy as np

__all__ = ["PAGE_W", "PAGE_H", "MARGIN", "BODY_W", "FONT", "LINE", "CHAR_W", "Document", "table",
           "legend_row", "rasterize_dense", "RASTER_MIN_SHAPES", "fix_x"]

# A4 portrait, inches
PAGE_W, PAGE_H = 8.27, 11.69
MARGIN = 0.6
BODY_W = PAGE_W - 2 * MARGIN
FONT = 8.5  # body text, pt
LINE = FONT * 1.45 / 72.0  # line height, inches
CHAR_W = FONT * 0.52 / 72.0  # average character width (DejaVu Sans), inches
_SHADE = "#eef1f5"
_RULE = "#8a8f98"


class Document:
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


def table(doc: Document, header: Sequence[str], rows: Sequence[Sequence[str]],
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



def legend_row(doc: Document, colors: dict, skus: Iterable[str], *,
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


def fix_x(ax: Any, max_length: float) -> None:
    """The x-range of a container view for the longest container (same scale on every page)."""
    m = max_length / 1000.0
    ax.set_xlim(-0.04 * m, 1.04 * m)
    ax.tick_params(labelsize=7)
    ax.xaxis.label.set_size(8)
    ax.yaxis.label.set_size(8)
