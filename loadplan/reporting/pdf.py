"""``report(plan, path)``: the printable A4 PDF loading report, written atomically."""

from __future__ import annotations

import os
import pathlib
from typing import Any

from loadplan import plot
from loadplan.io import atomic_path, check_output
from loadplan.model import LoadPlan
from loadplan.reporting.container import container_pages
from loadplan.reporting.document import Document
from loadplan.reporting.summary import plan_skus, summary_page

__all__ = ["report"]


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
    matplotlib = plot.style.require_matplotlib()
    from matplotlib.backends.backend_pdf import PdfPages

    if hasattr(plan, "placements") and hasattr(plan, "container"):
        plan = LoadPlan([plan], [])
    if not hasattr(plan, "loads") or not hasattr(plan, "unplaced"):
        raise ValueError(f"plan must be a LoadPlan, got {type(plan).__name__}")
    path = check_output(path)
    colors = plot.sku_colors(plan_skus(plan))
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
    # names are shown as written: "$x^2$" in a SKU is not math text
    rc = {"pdf.fonttype": 3, "svg.hashsalt": "loadplan", "text.parse_math": False}
    with plot.unicode_text(texts=plot.style.plan_texts(plan)), matplotlib.rc_context(rc):
        with atomic_path(path) as tmp, PdfPages(tmp, metadata=metadata) as pdf:
            doc = Document(pdf, "loadplan · loading report")
            summary_page(doc, plan, colors)
            for i, load in enumerate(loads, 1):
                container_pages(doc, plan, i, load, colors, max_length)
            doc.finish()
    return path
