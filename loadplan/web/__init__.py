"""The plan in a browser: a self-contained, interactive 3D HTML viewer.

:func:`~loadplan.web.viewer.viewer_html` turns a
:class:`~loadplan.model.LoadPlan` or :class:`~loadplan.model.ContainerLoad`
into one HTML file that needs no network (three.js is vendored in
``loadplan/web/vendor/three``, the plan is embedded as typed-array columns).
:meth:`LoadPlan.to_html` and :meth:`LoadPlan.show3d` delegate here.
"""

from __future__ import annotations

from loadplan.web.viewer import (
    THREE_VERSION,
    Viewer3D,
    decode_column,
    show3d,
    viewer_data,
    viewer_html,
    write_html,
)

__all__ = [
    "THREE_VERSION",
    "Viewer3D",
    "decode_column",
    "show3d",
    "viewer_data",
    "viewer_html",
    "write_html",
]
