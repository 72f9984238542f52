"""Build the self-contained 3D viewer page of a plan or of one container.

The page is one HTML file: the template ``viewer.html`` with the page's own
``viewer.css`` and ``viewer.js``, the vendored three.js bundle
(``vendor/three/three.min.js``, MIT licence) and the plan's data, all inlined.
Nothing is fetched at view time, so the file opens from disk (``file://``),
from an e-mail attachment or inside a notebook.

The data is embedded compactly, as columns: per container, the drum centres
as base64 little-endian float32 arrays, and small integer codes (drum kind,
destination, axis, block) as uint8/16/32 arrays; strings appear once, in
tables. A 6,000-drum plan adds about 0.2 MB to the 0.6 MB of the page itself.

>>> import loadplan as lp                                        # doctest: +SKIP
>>> html = lp.plan(order).to_html()                              # doctest: +SKIP
>>> lp.plan(order).to_html("plan.html")                          # doctest: +SKIP
"""

from __future__ import annotations

import base64
import html
import importlib.resources
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "THREE_VERSION",
    "AXIS_CODES",
    "viewer_data",
    "viewer_html",
    "write_html",
    "decode_column",
    "Viewer3D",
    "show3d",
]

THREE_VERSION = "0.187.0"
"""Version of the vendored three.js (``loadplan/web/vendor/three``)."""

AXIS_CODES = {"z": 0, "x": 1, "y": 2}
"""How a drum's axis is coded in the embedded ``axis`` column."""

_FORMAT = "loadplan.viewer"
_VERSION = 1
_BOARD_FIELDS = ("x0", "x1", "y0", "y1", "z", "thickness")


# ---------------------------------------------------------------------------
# columns
# ---------------------------------------------------------------------------
def _column(values: Any, dtype: str) -> dict:
    """One embedded column: ``{"t": dtype, "b": base64 of the little-endian bytes}``."""
    a = np.ascontiguousarray(np.asarray(values).astype(np.dtype(dtype).newbyteorder("<")))
    return {"t": dtype, "b": base64.b64encode(a.tobytes()).decode("ascii")}


def _int_column(values: Any) -> dict:
    """An integer column in the smallest unsigned type that holds it (float64 if negative)."""
    a = np.asarray(values, dtype=np.int64)
    if a.size and a.min() < 0:
        return _column(a, "f8")
    top = int(a.max()) if a.size else 0
    for dtype, limit in (("u1", 2**8), ("u2", 2**16), ("u4", 2**32)):
        if top < limit:
            return _column(a, dtype)
    return _column(a, "f8")


def decode_column(column: dict) -> np.ndarray:
    """Read back an embedded column (the inverse of the page's encoding).

    Parameters
    ----------
    column : dict
        ``{"t": "f4" | "f8" | "u1" | "u2" | "u4", "b": base64 text}``.

    Returns
    -------
    numpy.ndarray
        One-dimensional, of that (little-endian) dtype.
    """
    return np.frombuffer(base64.b64decode(column["b"]), dtype=np.dtype(column["t"]).newbyteorder("<"))


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------
def _index(table: dict, key: Any) -> int:
    if key not in table:
        table[key] = len(table)
    return table[key]


def _boards(load: Any) -> dict | None:
    """Layer boards as columns, with the drum index from which each is shown."""
    boards = getattr(load, "boards", None)
    if boards is None or len(boards) == 0:
        return None
    b = np.asarray(boards)
    p = load.placements
    half_z = np.where(p["axis"] == "z", p["height"], p["diameter"]) / 2.0
    bottom = p["z"] - half_z
    first = np.zeros(b.shape[0], dtype=np.int64)
    for k in range(b.shape[0]):
        top = float(b["z"][k] + b["thickness"][k])
        on = ((np.abs(bottom - top) <= 1.0) & (p["x"] >= b["x0"][k]) & (p["x"] <= b["x1"][k])
              & (p["y"] >= b["y0"][k]) & (p["y"] <= b["y1"][k]))
        hits = np.flatnonzero(on)
        first[k] = int(hits[0]) if hits.size else 0  # shown with the first drum on it
    out = {name: _column(b[name], "f4") for name in _BOARD_FIELDS}
    out["first"] = _int_column(first)
    out["count"] = int(b.shape[0])
    return out


def _instructions(load: Any) -> tuple[list[dict], np.ndarray]:
    from loadplan.steps import block_ids, instructions

    if load.placements.shape[0] == 0:
        return [{"text": "Nothing to load.", "details": [], "block": None}], np.zeros(0, np.int64)
    return instructions(load), block_ids(load)


def _load_data(load: Any, kinds: dict, dests: dict) -> dict:
    """One container's summary, columns and instructions."""
    c = load.container
    p = load.placements
    kind = [_index(kinds, (str(s), float(d), float(h), float(w)))
            for s, d, h, w in zip(p["sku"].tolist(), p["diameter"].tolist(),
                                  p["height"].tolist(), p["weight"].tolist())]
    dest = [_index(dests, str(d)) for d in p["destination"].tolist()]
    steps, block = _instructions(load)
    cx, cy, cz = load.cog
    return {
        "container": {"name": c.name, "length": c.length, "width": c.width, "height": c.height,
                      "door_width": c.door_width, "door_height": c.door_height,
                      "max_payload": c.max_payload},
        "destinations": ["" if d is None else d for d in load.destinations],
        "count": load.count,
        "upper_bound": load.upper_bound,
        "gap": load.gap,
        "weight": load.weight,
        "payload_utilisation": load.payload_utilisation,
        "volume_utilisation": load.volume_utilisation,
        "cog": [cx, cy, cz],
        "cog_offset": (cx - c.length / 2.0) / c.length,
        "notes": list(load.notes),
        "columns": {
            "x": _column(p["x"], "f4"),
            "y": _column(p["y"], "f4"),
            "z": _column(p["z"], "f4"),
            "kind": _int_column(kind),
            "dest": _int_column(dest),
            "axis": _column([AXIS_CODES[a] for a in p["axis"].tolist()], "u1"),
            "step": _int_column(p["step"]),
            "block": _int_column(block),
        },
        "steps": steps,
        "boards": _boards(load),
    }


def viewer_data(obj: Any, *, title: str | None = None) -> dict:
    """The data the page embeds, as a JSON-ready dict.

    Parameters
    ----------
    obj : LoadPlan or ContainerLoad
        A single load is shown as a plan of one container.
    title : str, optional
        The page title (default: a summary such as ``"2 containers, 6,000 drums"``).

    Returns
    -------
    dict
        ``format``, ``version``, ``title``, ``skus`` (one entry per sku:
        name and its drum count), ``kinds`` (``sku`` index, ``diameter``,
        ``height``, ``weight``), ``destinations`` (a table; ``""`` for none),
        ``loads`` (per container: summary numbers, ``columns`` of
        :func:`decode_column` arrays ``x, y, z, kind, dest, axis, step,
        block``, ``steps`` from :func:`loadplan.steps.instructions`,
        ``boards`` or None) and ``unplaced``.

    Raises
    ------
    TypeError
        When ``obj`` is neither a LoadPlan nor a ContainerLoad.
    """
    from loadplan.model import ContainerLoad, LoadPlan

    if isinstance(obj, ContainerLoad):
        obj = LoadPlan([obj], [])
    if not isinstance(obj, LoadPlan):
        raise TypeError(f"viewer needs a LoadPlan or ContainerLoad, got {type(obj).__name__}")
    kinds: dict = {}
    dests: dict = {}
    loads = [_load_data(load, kinds, dests) for load in obj.loads]
    skus: dict = {}
    kind_rows = []
    for sku, d, h, w in kinds:
        kind_rows.append({"sku": _index(skus, sku), "diameter": d, "height": h, "weight": w})
    counts = {sku: obj.placed_by(sku) for sku in skus}
    n = obj.placed_count
    default = f"{obj.container_count} container{'s' if obj.container_count != 1 else ''}, {n:,} drums"
    return {
        "format": _FORMAT,
        "version": _VERSION,
        "title": title if title is not None else default,
        "skus": [{"name": s, "count": counts[s]} for s in skus],
        "kinds": kind_rows,
        "destinations": list(dests),
        "loads": loads,
        "placed": n,
        "unplaced": [{"sku": u.sku, "destination": u.destination or "", "quantity": u.quantity,
                      "reason": u.reason} for u in obj.unplaced],
        "cost": obj.cost,
    }


# ---------------------------------------------------------------------------
# page
# ---------------------------------------------------------------------------
def _asset(*parts: str) -> str:
    return importlib.resources.files("loadplan.web").joinpath(*parts).read_text(encoding="utf-8")


def _script_json(data: dict) -> str:
    """JSON safe inside a ``<script>`` element and free of ``http://``-like text.

    Every ``/`` is written as ``\\/`` and every ``<`` as ``\\u003c`` (both
    valid JSON escapes, and ``/`` occurs only inside strings), so no
    ``</script>``, ``<!--`` or URL can appear in the embedded text.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("/", "\\/").replace("<", "\\u003c")


def viewer_html(obj: Any, *, title: str | None = None) -> str:
    """The self-contained viewer page of a plan or load, as text.

    Parameters
    ----------
    obj : LoadPlan or ContainerLoad
    title : str, optional
        See :func:`viewer_data`.

    Returns
    -------
    str
        A complete HTML document with no external references.
    """
    data = viewer_data(obj, title=title)
    page = _asset("viewer.html")
    parts = (  # in the template's order; inserted text is never searched again
        ("__TITLE__", html.escape(f"loadplan: {data['title']}")),
        ("/*__CSS__*/", _asset("viewer.css")),
        ("__DATA__", _script_json(data)),
        ("/*__THREE__*/", _asset("vendor", "three", "three.min.js")),
        ("/*__APP__*/", _asset("viewer.js")),
    )
    out: list[str] = []
    rest = page
    for marker, text in parts:
        head, sep, rest = rest.partition(marker)
        if not sep:  # pragma: no cover - a broken template
            raise RuntimeError(f"viewer.html lacks the marker {marker}")
        out += [head, text]
    out.append(rest)
    page = "".join(out)
    return page


def write_html(obj: Any, path: str | os.PathLike, *, title: str | None = None) -> Path:
    """Write the viewer page of a plan or load to ``path`` (atomically).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    from loadplan.io import atomic_write

    out = Path(path)
    atomic_write(out, viewer_html(obj, title=title))
    return out


class Viewer3D:
    """The viewer for a notebook: shows itself inline in an ``<iframe>``.

    Parameters
    ----------
    obj : LoadPlan or ContainerLoad
    height : int, default 640
        Height of the frame in CSS pixels.

    Notes
    -----
    The page goes into the frame's ``srcdoc``, so its script and styles stay
    apart from the notebook's; nothing is fetched. ``.html`` holds the page.
    """

    def __init__(self, obj: Any, *, height: int = 640) -> None:
        if not isinstance(height, int) or isinstance(height, bool) or not 100 <= height <= 4000:
            raise ValueError(f"height must be an integer from 100 to 4000 pixels, got {height!r}")
        self.html = viewer_html(obj)
        self.height = height

    def _repr_html_(self) -> str:
        doc = html.escape(self.html, quote=True)
        return (f'<iframe srcdoc="{doc}" style="width:100%;height:{self.height}px;border:1px solid '
                f'#d0d5dd;border-radius:6px" sandbox="allow-scripts" '
                f'title="loadplan 3D viewer"></iframe>')

    def __repr__(self) -> str:
        return f"Viewer3D({len(self.html):,} characters of HTML)"


def show3d(obj: Any, *, height: int = 640) -> Viewer3D:
    """The viewer of a plan or load, for display in Jupyter (see :class:`Viewer3D`)."""
    return Viewer3D(obj, height=height)
