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

The modules: :mod:`~loadplan.reporting.document` (pages, text, tables),
:mod:`~loadplan.reporting.summary` (page 1), :mod:`~loadplan.reporting.container`
(one container's pages) and :mod:`~loadplan.reporting.pdf` (:func:`report`).
The package is not called ``report``: ``loadplan.report`` is the function.

>>> import loadplan as lp
>>> plan = lp.plan([lp.Drum("D200", 585, 880, weight=220, quantity=120)])  # doctest: +SKIP
>>> lp.report(plan, "plan.pdf")                                           # doctest: +SKIP
PosixPath('plan.pdf')
"""

from loadplan.reporting.document import RASTER_MIN_SHAPES, rasterize_dense
from loadplan.reporting.pdf import report

__all__ = ["report", "rasterize_dense", "RASTER_MIN_SHAPES"]
