"""A whole plan at a glance: one row per container (top and side view), and one-line captions."""

from __future__ import annotations

from typing import Any, Mapping

from loadplan.plot.style import (EDGE, MM, container_of, orientation_handles, placements_of,
                                 require_matplotlib, sku_colors)
from loadplan.plot.views import side_view, top_view

__all__ = ["plan_overview", "overview_figure", "overview_size", "load_caption"]


def _pct(value: Any) -> str:
    return "–" if value is None else f"{100.0 * float(value):.1f} %"


def load_caption(load: Any, index: int | None = None) -> str:
    """One line: container, destination(s), count, bound, utilisation.

    Parameters
    ----------
    load : ContainerLoad
        The load to describe.
    index : int, optional
        Its number in the plan, shown as ``#index``.

    Returns
    -------
    str
        E.g. ``"#1 40HC → Shanghai · 3000 drums · bound 3835 · volume 69.0 % · payload 30.5 %"``.
    """
    container = container_of(load)
    placements = placements_of(load)
    head = f"#{index} " if index is not None else ""
    dests = [str(d) for d in (getattr(load, "destinations", ()) or ()) if d]
    to = f" → {', '.join(dests)}" if dests else ""
    count = getattr(load, "count", len(placements))
    bits = [f"{head}{container.name}{to}", f"{count} drums"]
    bound = getattr(load, "upper_bound", None)
    if bound is not None:
        bits.append(f"bound {bound}")
    vol = getattr(load, "volume_utilisation", None)
    if vol is not None:
        bits.append(f"volume {_pct(vol)}")
    pay = getattr(load, "payload_utilisation", None)
    if pay is not None:
        bits.append(f"payload {_pct(pay)}")
    return " · ".join(bits)


def plan_overview(plan: Any, *, colors: Mapping[str, Any] | None = None) -> Any:
    """All containers of a plan, one row each: top view and side view.

    Parameters
    ----------
    plan : LoadPlan
        The plan (its ``loads``; ``unplaced`` is mentioned in the title).
    colors : mapping, optional
        ``{sku: colour}``; by default one colour per SKU of the whole plan,
        the same in every row.

    Returns
    -------
    matplotlib.figure.Figure
        A new pyplot figure (close it with ``plt.close(fig)`` when done),
        laid out by Matplotlib's constrained layout. :func:`overview_figure`
        draws the same without pyplot, at fixed positions (faster, for files).
    """
    require_matplotlib()
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=overview_size(plan), layout="constrained")
    _draw_overview(fig, plan, colors, fixed=False)
    return fig


def overview_figure(plan: Any, *, colors: Mapping[str, Any] | None = None) -> Any:
    """:func:`plan_overview` on a plain Figure with fixed margins (no pyplot, no layout engine).

    Parameters
    ----------
    plan : LoadPlan
        The plan.
    colors : mapping, optional
        ``{sku: colour}``; by default one colour per SKU of the whole plan.

    Returns
    -------
    matplotlib.figure.Figure
        Not known to pyplot: nothing to close; save it with ``fig.savefig``.
    """
    require_matplotlib()
    from matplotlib.figure import Figure

    fig = Figure(figsize=overview_size(plan))
    _draw_overview(fig, plan, colors, fixed=True)
    return fig


def overview_size(plan: Any) -> tuple[float, float]:
    """Figure size (inches) of an overview: the same scale for 20' and 40' containers."""
    loads = list(getattr(plan, "loads", ()))
    longest = max((container_of(l).length for l in loads), default=12032.0)
    width = max(8.0, 2.0 * (1.2 + 5.5 * longest / 12032.0) + 0.5)
    return width, 1.0 + 2.0 * max(len(loads), 1)


# fixed margins of overview_figure, inches: room for the title, captions, labels, legend
_TOP, _BOTTOM, _LEFT, _RIGHT, _ROW_GAP, _COL_GAP = 0.75, 0.85, 0.6, 0.15, 0.8, 0.75


def _fixed_grid(fig: Any, rows: int) -> dict:
    """Gridspec keywords for ``rows`` rows of views at fixed margins (in inches)."""
    width, height = fig.get_size_inches()
    axes_h = (height - _TOP - _BOTTOM - (rows - 1) * _ROW_GAP) / rows
    axes_w = (width - _LEFT - _RIGHT - _COL_GAP) / 2
    return {"left": _LEFT / width, "right": 1 - _RIGHT / width, "top": 1 - _TOP / height,
            "bottom": _BOTTOM / height, "hspace": _ROW_GAP / axes_h, "wspace": _COL_GAP / axes_w}


def _overview_head(plan: Any, loads: list, placed: int) -> str:
    unplaced = sum(int(getattr(u, "quantity", 0)) for u in getattr(plan, "unplaced", ()))
    head = f"{len(loads)} container{'s' if len(loads) != 1 else ''} · {placed} drums placed"
    if unplaced:
        head += f" · {unplaced} unplaced"
    cost = getattr(plan, "cost", None)
    if cost is not None:
        head += f" · cost {cost:,.0f}"
    return head


def _draw_overview(fig: Any, plan: Any, colors: Mapping[str, Any] | None, *, fixed: bool) -> None:
    loads = list(getattr(plan, "loads", ()))
    skus: list[str] = []
    for load in loads:
        skus.extend(placements_of(load)["sku"].tolist())
    colors = dict(colors) if colors is not None else sku_colors(skus)
    head = _overview_head(plan, loads, sum(len(placements_of(l)) for l in loads))
    if fixed:
        fig.suptitle(head, fontsize="large", y=1 - 0.12 / fig.get_size_inches()[1], va="top")
    else:
        fig.suptitle(head, fontsize="large")
    if not loads:
        return
    max_len = max(container_of(l).length for l in loads)
    grid = _fixed_grid(fig, len(loads)) if fixed else {}
    axes = fig.subplots(len(loads), 2, squeeze=False, width_ratios=[1.0, 1.0], gridspec_kw=grid)
    for i, load in enumerate(loads):
        top_view(load, ax=axes[i, 0], colors=colors, legend=False, title=False, hidden=False)
        side_view(load, ax=axes[i, 1], colors=colors, legend=False, title=False, zones=False,
                  hidden=False)
        for ax in axes[i]:
            ax.set_xlim(-0.04 * max_len / MM, 1.04 * max_len / MM)
        axes[i, 0].set_title(load_caption(load, i + 1), loc="left", fontsize="medium", y=1.0)
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=colors[s], edgecolor=EDGE, label=s) for s in sorted(set(skus))]
    if handles and any((placements_of(l)["axis"] != "z").any() for l in loads):
        handles += orientation_handles()
    if handles:
        where = {"loc": "lower center", "bbox_to_anchor": (0.5, 0.0)} if fixed else {
            "loc": "outside lower center"}
        fig.legend(handles=handles, ncol=min(len(handles), 8), fontsize="medium", frameon=False,
                   **where)
