"""Dense drum collections go into the PDF as images; sparse ones stay vector."""

from __future__ import annotations

import numpy as np

from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from loadplan.reporting import RASTER_MIN_SHAPES, rasterize_dense  # noqa: E402


def _axes_with(n: int):
    ax = Figure().subplots()
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    coll = PolyCollection([square + i for i in range(n)])
    ax.add_collection(coll)
    return ax, coll


def test_dense_collection_is_rasterised():
    ax, coll = _axes_with(RASTER_MIN_SHAPES + 1)
    assert rasterize_dense(ax) == 1
    assert coll.get_rasterized() is True


def test_sparse_collection_stays_vector():
    ax, coll = _axes_with(RASTER_MIN_SHAPES)
    assert rasterize_dense(ax) == 0
    assert not coll.get_rasterized()
