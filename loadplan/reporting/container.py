"""The pages of one container in the PDF report: its views, layer boards and loading steps."""

from __future__ import annotations

import textwrap
from typing import Any, Sequence

from loadplan import plot
from loadplan.plot import destination_label as _dest
from loadplan.reporting.document import (BODY_W, CHAR_W, LINE, MARGIN, PAGE_H, Document, fix_x,
                                         legend_row, rasterize_dense, table)
from loadplan.reporting.summary import cog_text
from loadplan.steps import board_steps

__all__ = ["container_pages", "boards_table"]


def container_pages(doc: Document, plan: Any, index: int, load: Any, colors: dict,
                     max_length: float) -> None:
    total = len(plan.loads)
    dests = ", ".join(_dest(d) for d in load.destinations)
    doc.new_page(f"Container {index} of {total}: {load.container.name}"
                 + (f" → {dests}" if dests and dests != "–" else ""))
    cog, off = cog_text(load)
    doc.paragraph(
        f"{load.count:,} drums · cargo {load.weight:,.0f} kg "
        f"(payload {load.payload_utilisation:.1%}) · volume {load.volume_utilisation:.1%} · "
        f"upper bound {load.upper_bound:,}, gap {load.gap:,} · CoG {cog} m ({off} of the length "
        "from the middle)", size=9)
    legend_row(doc, colors, sorted(set(load.placements["sku"].tolist())),
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
    plot.top_view(load, ax=ax, colors=colors, legend=False, title=False, hidden=False)
    rasterize_dense(ax)
    ax.set_title("From above (all layers; the top drum of each stack is what you see)",
                 loc="left", fontsize=8.5, y=1.0)
    fix_x(ax, max_length)
    doc.fit(ax, scale, max_height=3.0)
    doc.y += 0.55

    doc.y += 0.05
    side = doc.axes(1.0, right=right)
    plot.side_view(load, ax=side, colors=colors, legend=False, title=False,
                   hidden=False)
    rasterize_dense(side)
    side.set_title("From the side (nearest row in front; bands: zones and stops)", loc="left",
                   fontsize=8.5, y=1.0)
    fix_x(side, max_length)
    doc.fit(side, scale, max_height=3.6)
    doc.y += 0.75

    h3d = 2.9
    if doc.room() < h3d + 0.2:
        doc.new_page(f"Container {index} of {total}: 3D view and loading steps")
        doc.y += 0.3
    ax3 = doc.axes(h3d, left=-0.3, right=-0.3, projection="3d")
    plot.view3d(load, ax=ax3, colors=colors, legend=False, title=False, rasterized=True,
                 camera=plot.Camera(zoom=1.7))
    ax3.set_title("3D view (doors at the red frame)", loc="left", fontsize=8.5, y=1.0)
    doc.y += 0.1

    steps = list(load.steps())
    notes = list(getattr(load, "notes", ()) or ())
    if load.boards.shape[0]:
        doc.need(0.6 + min(load.boards.shape[0] + 1, 12) * 1.5 * LINE,
                 f"Container {index} of {total}: layer boards")
        boards_table(doc, load)
    doc.need(0.45 + 3 * LINE, f"Container {index} of {total}: loading steps")
    doc.heading("Loading steps (front wall to doors, bottom up)")
    for group in _step_groups(steps or ["(no drums)"]):
        _hanging(doc, group, index, total)
    if notes:
        doc.need(0.45 + 2 * LINE, f"Container {index} of {total}: notes")
        doc.heading("Notes")
        for note in notes:
            _hanging(doc, ["• " + note], index, total)




def boards_table(doc: Document, load: Any) -> None:
    """The container's layer boards as a table: where, how high, how thick, when."""
    rows = [[str(b["number"]), f"{b['x0'] / 1000:.2f} – {b['x1'] / 1000:.2f}",
             f"{b['y0'] / 1000:.2f} – {b['y1'] / 1000:.2f}", f"{b['z'] / 1000:.2f}",
             f"{b['thickness']:g}", "–" if b["after"] is None else str(b["after"]),
             "–" if b["before"] is None else str(b["before"]), f"{b['carries']:,}"]
            for b in board_steps(load)]
    if rows:
        table(doc, ["board", "along m", "across m", "on tops at m", "mm", "after step",
                     "before step", "carries"], rows, [0.6, 1.2, 1.1, 1.0, 0.5, 0.9, 0.9, 0.8],
               ["right", "left", "left", "right", "right", "right", "right", "right"],
               title="Layer boards")



def _step_groups(lines: Sequence[str]) -> list[list[str]]:
    """Group each step with the indented lines that follow it (its details)."""
    groups: list[list[str]] = []
    for line in lines:
        if groups and line[:1].isspace():
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _hanging(doc: Document, lines: Sequence[str], index: int, total: int) -> None:
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
