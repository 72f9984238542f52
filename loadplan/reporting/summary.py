"""Page 1 of the PDF report: the order, the containers, what was not loaded, small top views."""

from __future__ import annotations

from typing import Any, Sequence

from loadplan import plot
from loadplan.plot import destination_label as _dest
from loadplan.reporting.document import (BODY_W, Document, fix_x, legend_row, rasterize_dense,
                                         table)

__all__ = ["summary_page", "cog_text", "plan_skus"]


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


def cog_text(load: Any) -> tuple[str, str]:
    x, y, z = load.cog
    L = load.container.length
    off = (x - L / 2) / L
    return f"{x / 1000:.2f}, {y / 1000:.2f}, {z / 1000:.2f}", f"{off:+.1%}"


def _container_rows(plan: Any) -> list[list[str]]:
    rows = []
    for i, load in enumerate(plan.loads, 1):
        dests = ", ".join(_dest(d) for d in load.destinations) or "–"
        cog, off = cog_text(load)
        rows.append([
            str(i), load.container.name, dests, f"{load.count:,}", _fmt_kg(load.weight),
            f"{load.volume_utilisation:.1%}", f"{load.payload_utilisation:.1%}",
            f"{load.upper_bound:,}", f"{load.gap:,}", cog, off,
        ])
    return rows


def summary_page(doc: Document, plan: Any, colors: dict) -> None:
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

    table(doc, ["SKU", "destination", "size mm", "kg each", "ordered", "placed", "unplaced"],
           _order_rows(plan), [1.4, 1.6, 1.6, 0.9, 1.0, 1.0, 1.0],
           ["left", "left", "left", "right", "right", "right", "right"], title="Order")
    if loads:
        table(doc, ["#", "type", "destinations", "drums", "cargo kg", "volume", "payload",
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
        table(doc, ["SKU", "destination", "quantity", "reason"], rows, [1.2, 1.4, 0.9, 4.0],
               ["left", "left", "right", "left"], title="Not loaded", wrap=(3,))
    # the containers at a glance, as far as the page allows
    if loads:
        _at_a_glance(doc, plan, colors)


def _at_a_glance(doc: Document, plan: Any, colors: dict) -> None:
    """Small top views of the containers, as many as the page has room for."""
    loads = list(plan.loads)
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
            plot.top_view(load, ax=ax, colors=colors, legend=False, title=False, hidden=False)
            rasterize_dense(ax)
            ax.set_title(plot.load_caption(load, i), loc="left", fontsize=8, y=1.0)
            fix_x(ax, max_length)
            ax.tick_params(labelsize=6.5)
            ax.set_xlabel("")
            ax.set_ylabel("")
            doc.fit(ax, scale, max_height=2.0)
            doc.y += 0.2
        legend_row(doc, colors, plan_skus(plan), lying_key=any(
            bool((l.placements["axis"] != "z").any()) for l in loads))


_MAX_VIOLATIONS = 20
"""Violations listed on the summary page (the rest are counted)."""



def _count_types(loads: Sequence[Any]) -> list[str]:
    counts: dict[str, int] = {}
    for load in loads:
        counts[load.container.name] = counts.get(load.container.name, 0) + 1
    return [f"{n} × {name}" for name, n in counts.items()]


def plan_skus(plan: Any) -> list[str]:
    skus: set[str] = set()
    for load in plan.loads:
        skus.update(load.placements["sku"].tolist())
    return sorted(skus)
