"""Pictures of load plans: floor plans, side elevations, 3D views, overviews.

Every function takes a :class:`~loadplan.model.ContainerLoad` (or a
:class:`~loadplan.model.LoadPlan` for :func:`plan_overview`), draws on the
given Matplotlib ``ax`` (otherwise on :func:`matplotlib.pyplot.gca`) and
returns that Axes. Matplotlib is imported inside the functions, so
``import loadplan`` stays light; a missing Matplotlib raises an
:class:`ImportError` that names the ``pip install`` that fixes it.

The functions rely only on ``load.container`` (``name, length, width, height,
door_width, door_height``) and ``load.placements`` (the structured array of
:data:`loadplan.model.PLACEMENT_DTYPE`); counts, bounds and utilisation are
shown where the load has them. Drawing uses one collection per view, so
thousands of drums draw quickly. Lengths are shown in metres.

Colours: one per SKU, the same in every view of a plan (SKUs sorted by name,
Matplotlib's ``tab10``/``tab20`` palettes). In the top and side views a lying
drum is drawn in a lighter shade of its SKU's colour.

The modules: :mod:`~loadplan.plot.style` (colours, fonts, legends),
:mod:`~loadplan.plot.views` (top and side views), :mod:`~loadplan.plot.view_3d`
(3D view) and :mod:`~loadplan.plot.overview` (a whole plan).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import loadplan as lp
>>> from loadplan import plot
>>> load = lp.fill(lp.Drum("D200", 585, 880), "20GP")    # doctest: +SKIP
>>> ax = plot.top_view(load)                              # doctest: +SKIP
"""

from loadplan.plot.overview import load_caption, overview_figure, plan_overview
from loadplan.plot.style import FALLBACK_FONTS, destination_label, sku_colors, unicode_text
from loadplan.plot.view_3d import Camera, view3d
from loadplan.plot.views import axis_word, layer_levels, side_view, top_view

__all__ = [
    "top_view",
    "side_view",
    "view3d",
    "plan_overview",
    "overview_figure",
    "layer_levels",
    "sku_colors",
    "load_caption",
    "unicode_text",
    "FALLBACK_FONTS",
    "Camera",
    "axis_word",
    "destination_label",
]
