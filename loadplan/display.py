"""Rich notebook display: HTML summaries with a small inline picture.

:meth:`ContainerLoad._repr_html_ <loadplan.model.ContainerLoad>` and
:meth:`LoadPlan._repr_html_ <loadplan.model.LoadPlan>` delegate here, so a
load or plan left as the last expression of a Jupyter cell shows a summary
table and a top + side view (PNG, base64-inlined). Pictures are drawn on plain
:class:`matplotlib.figure.Figure` objects, so pyplot's current figure is not
touched; without Matplotlib the tables are shown alone.

>>> from loadplan.display import load_html, plan_html   # doctest: +SKIP
>>> html = plan_html(plan)                               # doctest: +SKIP
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any, Sequence

from loadplan import plot
from loadplan.plot import axis_word, destination_label
from loadplan.steps import board_steps

__all__ = ["load_html", "plan_html", "load_png", "plan_png", "boards_table", "verdict_html"]

MAX_PICTURED = 6
"""Containers drawn in a plan's inline picture (the table lists all)."""

_STYLE = (
    "border-collapse:collapse;font-size:12px;margin:4px 0;"
)
_CELL = "padding:2px 8px;border-bottom:1px solid #ddd;text-align:{align}"


def _e(value: Any) -> str:
    return html.escape(str(value))


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], align: Sequence[str]) -> str:
    head = "".join(
        f'<th style="{_CELL.format(align=a)};border-bottom:2px solid #888">{_e(h)}</th>'
        for h, a in zip(header, align)
    )
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL.format(align=a)}">{_e(c)}</td>' for c, a in zip(r, align)) + "</tr>"
        for r in rows
    )
    return f'<table style="{_STYLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _png(fig: Any) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _img(data: str | None, alt: str) -> str:
    if not data:
        return ""
    return f'<img src="data:image/png;base64,{data}" alt="{_e(alt)}" style="max-width:100%"/>'


def _matplotlib_available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        return False
    return True


def load_png(load: Any, *, width: float | None = None) -> str | None:
    """A small top + side view of one load as base64 PNG (None without Matplotlib)."""
    if not _matplotlib_available():  # pragma: no cover
        return None
    from matplotlib.figure import Figure

    if width is None:  # about the same scale for every container type
        width = max(5.5, 2.5 + 6.5 * load.container.length / 12032.0)
    with plot.unicode_text(texts=plot.style.plan_texts(load)):
        fig = Figure(figsize=(width, 3.6), layout="constrained")
        top, side = fig.subplots(2, 1, height_ratios=[1.0, 1.35])
        colors = plot.sku_colors(load.placements["sku"].tolist())
        plot.top_view(load, ax=top, colors=colors, legend=True, title=False, hidden=False)
        plot.side_view(load, ax=side, colors=colors, legend=False, title=False, hidden=False)
        return _png(fig)


def plan_png(plan: Any, *, width: float = 9.0, max_loads: int = MAX_PICTURED) -> str | None:
    """Top views of a plan's first ``max_loads`` containers as base64 PNG."""
    loads = list(plan.loads)[:max_loads]
    if not loads or not _matplotlib_available():
        return None
    from matplotlib.figure import Figure

    skus: list[str] = []
    for load in plan.loads:
        skus.extend(load.placements["sku"].tolist())
    colors = plot.sku_colors(skus)
    longest = max(l.container.length for l in loads) / 1000.0
    # destinations in captions may be in any script
    with plot.unicode_text(texts=plot.style.plan_texts(plan)):
        fig = Figure(figsize=(width, 0.4 + 1.45 * len(loads)), layout="constrained")
        axes = fig.subplots(len(loads), 1, squeeze=False)[:, 0]
        for i, (ax, load) in enumerate(zip(axes, loads), 1):
            plot.top_view(load, ax=ax, colors=colors, legend=(i == 1), title=False, hidden=False)
            ax.set_xlim(-0.04 * longest, 1.04 * longest)
            ax.set_title(plot.load_caption(load, i), loc="left", fontsize="small")
            ax.set_xlabel("")
            ax.set_ylabel("")
        return _png(fig)


def _load_rows(loads: Sequence[Any]) -> list[list[str]]:
    rows = []
    for i, load in enumerate(loads, 1):
        x, y, z = load.cog
        rows.append([
            i, load.container.name, ", ".join(destination_label(d) for d in load.destinations) or "–",
            f"{load.count:,}", f"{load.upper_bound:,}", f"{load.gap:,}", f"{load.weight:,.0f}",
            f"{load.volume_utilisation:.1%}", f"{load.payload_utilisation:.1%}",
            f"{x / 1000:.2f}, {y / 1000:.2f}, {z / 1000:.2f}",
        ])
    return rows


_LOAD_HEADER = ["#", "container", "destinations", "drums", "bound", "gap", "cargo kg",
                "volume", "payload", "CoG x, y, z (m)"]
_LOAD_ALIGN = ["right", "left", "left", "right", "right", "right", "right", "right", "right", "right"]


def load_html(load: Any) -> str:
    """HTML summary of one :class:`~loadplan.model.ContainerLoad` with its picture.

    Parameters
    ----------
    load : ContainerLoad

    Returns
    -------
    str
        A ``<div>`` with a one-row summary table, drums per SKU and axis, the
        notes, and an inline PNG (top and side view).
    """
    p = load.placements
    counts: dict[tuple[str, str, str], int] = {}
    for sku, axis, dest in zip(p["sku"].tolist(), p["axis"].tolist(), p["destination"].tolist()):
        key = (sku, axis_word(axis), destination_label(dest))
        counts[key] = counts.get(key, 0) + 1
    per_sku = _table(["SKU", "axis", "destination", "drums"],
                     [[*k, f"{n:,}"] for k, n in sorted(counts.items())],
                     ["left", "left", "left", "right"])
    notes = "".join(f"<li>{_e(n)}</li>" for n in getattr(load, "notes", ()) or ())
    return (
        '<div class="loadplan-load">'
        + _table(_LOAD_HEADER, _load_rows([load]), _LOAD_ALIGN)
        + per_sku
        + boards_table(load)
        + (f"<ul style='font-size:12px'>{notes}</ul>" if notes else "")
        + _img(load_png(load), f"{load.container.name} top and side view")
        + "</div>"
    )


_BOARD_HEADER = ["board", "along (m)", "across (m)", "on tops at (m)", "thickness mm",
                 "after step", "before step", "carries"]


def boards_table(load: Any) -> str:
    """HTML table of a load's layer boards (:func:`loadplan.steps.board_steps`); "" if none."""
    rows = [[b["number"], f"{b['x0'] / 1000:.2f}–{b['x1'] / 1000:.2f}",
             f"{b['y0'] / 1000:.2f}–{b['y1'] / 1000:.2f}", f"{b['z'] / 1000:.2f}",
             f"{b['thickness']:g}", "–" if b["after"] is None else b["after"],
             "–" if b["before"] is None else b["before"], f"{b['carries']:,}"]
            for b in board_steps(load)]
    if not rows:
        return ""
    return _table(_BOARD_HEADER, rows, ["right", "left", "left", "right", "right", "right",
                                        "right", "right"])


def verdict_html(plan: Any) -> str:
    """The verifier's verdict and the container bounds of a plan, as HTML paragraphs."""
    parts = []
    lines = plan.bound_lines()
    if lines:
        parts.append("<p style='font-size:12px'>" + "<br/>".join(_e(x) for x in lines) + "</p>")
    bad = plan.violations is not None and len(plan.violations) > 0
    color = "#b03a2e" if bad else "#555555"
    parts.append(f"<p style='font-size:12px;color:{color}'>{_e(plan.verdict_line())}</p>")
    if bad:
        shown = list(plan.violations)[:20]
        more = len(plan.violations) - len(shown)
        items = "".join(f"<li>{_e(v)}</li>" for v in shown)
        if more:
            items += f"<li>… and {more:,} more</li>"
        parts.append(f"<ul style='font-size:12px;color:#b03a2e'>{items}</ul>")
    return "".join(parts)


def plan_html(plan: Any) -> str:
    """HTML summary of a :class:`~loadplan.model.LoadPlan` with a picture.

    Parameters
    ----------
    plan : LoadPlan

    Returns
    -------
    str
        A ``<div>``: totals, the container bounds per destination ("2
        containers; at least 2 needed"), the verifier's verdict (and the
        violations, if any), one row per container, anything unplaced with
        its reason, and an inline PNG of the containers' top views (the first
        :data:`MAX_PICTURED`).
    """
    loads = list(plan.loads)
    placed = plan.placed_count
    unplaced = plan.unplaced_count
    head = (f"<b>{len(loads)} container{'s' if len(loads) != 1 else ''}</b>, "
            f"{placed:,} drums placed, {unplaced:,} unplaced, cargo {plan.total_weight:,.0f} kg")
    if plan.cost is not None:
        head += f", cost {plan.cost:,.2f}"
    parts = [f'<div class="loadplan-plan"><p style="font-size:13px">{head}</p>',
             verdict_html(plan)]
    if loads:
        parts.append(_table(_LOAD_HEADER, _load_rows(loads), _LOAD_ALIGN))
    if plan.unplaced:
        parts.append("<p style='font-size:13px;color:#b03a2e'>Not loaded:</p>")
        parts.append(_table(["SKU", "destination", "quantity", "reason"],
                            [[u.sku, destination_label(u.destination), f"{u.quantity:,}", u.reason]
                             for u in plan.unplaced],
                            ["left", "left", "right", "left"]))
    parts.append(_img(plan_png(plan), "top views of the containers"))
    if len(loads) > MAX_PICTURED:
        parts.append(f"<p style='font-size:12px'>(pictured: the first {MAX_PICTURED} of "
                     f"{len(loads)} containers)</p>")
    parts.append("</div>")
    return "".join(parts)
