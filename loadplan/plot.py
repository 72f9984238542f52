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

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import loadplan as lp
>>> from loadplan import plot
>>> load = lp.fill(lp.Drum("D200", 585, 880), "20GP")    # doctest: +SKIP
>>> ax = plot.top_view(load)                              # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import warnings
from typing import Any, Iterable, Iterator, Mapping, Sequence

import numpy as np

from loadplan.axes import AXIS_WORDS

__all__ = [
    "top_view",
    "side_view",
    "view3d",
    "plan_overview",
    "layer_levels",
    "sku_colors",
    "load_caption",
    "unicode_text",
    "FALLBACK_FONTS",
]

_MM = 1000.0  # mm per metre: axes are in metres
_EDGE = (0.15, 0.15, 0.15, 1.0)
_WALL = "#333333"
_DOOR = "#c0392b"


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _require_matplotlib() -> Any:
    """Import matplotlib or raise an ImportError naming the fix."""
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - matplotlib is installed in CI
        raise ImportError(
            "loadplan.plot needs matplotlib: pip install matplotlib"
        ) from exc
    return matplotlib


FALLBACK_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK KR", "Source Han Sans SC",
    "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Arial Unicode MS",
    "Noto Sans", "Noto Sans Thai", "Noto Sans Arabic",
)
"""Fonts tried, when installed, for characters DejaVu Sans lacks (e.g. 上海 in a destination)."""


@contextlib.contextmanager
def unicode_text(base: str = "DejaVu Sans") -> Iterator[None]:
    """Draw and save figures with fallback fonts for names in any script.

    Inside the ``with`` block Matplotlib's ``font.family`` is ``base``
    followed by the installed :data:`FALLBACK_FONTS` (Matplotlib falls back
    glyph by glyph), and its "Glyph ... missing from font" warnings are
    silenced: a destination such as 上海 is drawn when a CJK font is installed
    and as empty boxes otherwise, but never floods stderr (or fails a test
    suite that turns warnings into errors). Create *and* save the figure
    inside the block.

    Examples
    --------
    >>> import io
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> with unicode_text():
    ...     fig = Figure()
    ...     _ = fig.text(0.5, 0.5, "to 上海")
    ...     fig.savefig(io.BytesIO(), format="png")
    """
    matplotlib = _require_matplotlib()
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    families = [base] + [name for name in FALLBACK_FONTS if name in installed and name != base]
    # names are drawn as written: "$x^2$" in a SKU is not math text
    with matplotlib.rc_context({"font.family": families, "text.parse_math": False}), \
            warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
        yield


def _get_ax(ax: Any, projection: str | None = None) -> Any:
    """Return ``ax`` or the current Axes (a new 3D one for ``projection``)."""
    _require_matplotlib()
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    if projection is None:
        return plt.gca()
    fig = plt.gcf()
    current = fig.axes[-1] if fig.axes else None
    if current is not None and getattr(current, "name", None) == projection:
        return current
    if current is not None:
        fig = plt.figure()
    return fig.add_subplot(projection=projection)


def _placements(load: Any) -> np.ndarray:
    placements = getattr(load, "placements", None)
    if placements is None or getattr(placements, "dtype", None) is None:
        raise ValueError("load.placements must be a structured NumPy array")
    names = placements.dtype.names or ()
    for field in ("sku", "x", "y", "z", "axis", "diameter", "height"):
        if field not in names:
            raise ValueError(f"load.placements has no field {field!r}")
    return placements


def _container(load: Any) -> Any:
    container = getattr(load, "container", None)
    if container is None:
        raise ValueError("load.container is missing")
    return container


def sku_colors(skus: Iterable[str]) -> dict[str, tuple[float, float, float, float]]:
    """Map each SKU to an RGBA colour, deterministically.

    Parameters
    ----------
    skus : iterable of str
        SKU names (duplicates are fine); they are sorted before colours are
        given out, so the same set always gets the same colours.

    Returns
    -------
    dict
        ``{sku: (r, g, b, a)}``.

    Examples
    --------
    >>> sorted(sku_colors(["B", "A", "B"]))
    ['A', 'B']
    """
    matplotlib = _require_matplotlib()
    names = sorted({str(s) for s in skus})
    if len(names) <= 10:
        cmap = matplotlib.colormaps["tab10"]
        return {name: tuple(cmap(i)) for i, name in enumerate(names)}
    if len(names) <= 20:
        cmap = matplotlib.colormaps["tab20"]
        return {name: tuple(cmap(i)) for i, name in enumerate(names)}
    cmap = matplotlib.colormaps["turbo"]
    n = len(names)
    return {name: tuple(cmap((i + 0.5) / n)) for i, name in enumerate(names)}


def _colors_for(placements: np.ndarray, colors: Mapping[str, Any] | None) -> dict:
    if colors is None:
        return sku_colors(placements["sku"].tolist())
    missing = set(placements["sku"].tolist()) - set(colors)
    if missing:
        extra = sku_colors(missing)
        return {**extra, **dict(colors)}
    return dict(colors)


_LYING_TINT = 0.45  # lying drums: the SKU colour mixed with this much white


def _face_colors(placements: np.ndarray, colors: Mapping[str, Any], *,
                 tint_lying: bool = False) -> np.ndarray:
    from matplotlib.colors import to_rgba

    lookup = {sku: to_rgba(c) for sku, c in colors.items()}
    if len(placements) == 0:
        return np.zeros((0, 4))
    faces = np.array([lookup[s] for s in placements["sku"].tolist()], dtype=float)
    if tint_lying:
        lying = placements["axis"] != "z"
        faces[lying, :3] += (1.0 - faces[lying, :3]) * _LYING_TINT
    return faces


def _vertical_half(placements: np.ndarray) -> np.ndarray:
    """Half the vertical extent of each drum (h/2 standing, d/2 lying)."""
    standing = placements["axis"] == "z"
    return np.where(standing, placements["height"], placements["diameter"]) / 2.0


def layer_levels(load: Any, *, tol: float = 1.0) -> np.ndarray:
    """Distinct base heights (mm) of the drums: the layers, bottom up.

    A drum's base is its lowest point (``z - h/2`` standing, ``z - d/2``
    lying). Bases within ``tol`` mm of the previous one join its layer.

    Parameters
    ----------
    load : ContainerLoad
        The load.
    tol : float, default 1.0
        Clustering tolerance in mm.

    Returns
    -------
    numpy.ndarray
        Sorted float64 base heights, ``[0.0, ...]`` for a load standing on
        the floor; empty for an empty load.
    """
    placements = _placements(load)
    if len(placements) == 0:
        return np.zeros(0)
    bases = np.sort(placements["z"] - _vertical_half(placements))
    keep = np.concatenate(([True], np.diff(bases) > tol))
    return bases[keep].astype(float)


def _layer_index(placements: np.ndarray, levels: np.ndarray) -> np.ndarray:
    bases = placements["z"] - _vertical_half(placements)
    idx = np.searchsorted(levels, bases + 1e-9, side="right") - 1
    return np.clip(idx, 0, max(len(levels) - 1, 0))


def _circle_polys(cx: np.ndarray, cy: np.ndarray, r: np.ndarray, k: int = 32) -> np.ndarray:
    t = np.linspace(0.0, 2.0 * np.pi, k, endpoint=False)
    xs = cx[:, None] + r[:, None] * np.cos(t)[None, :]
    ys = cy[:, None] + r[:, None] * np.sin(t)[None, :]
    return np.stack([xs, ys], axis=-1)


def _rect_polys(x0, y0, x1, y1, k: int = 32) -> np.ndarray:
    """Rectangles as ``k``-vertex polygons (corners repeated) to share one array."""
    corners = np.stack(
        [
            np.stack([x0, y0], -1),
            np.stack([x1, y0], -1),
            np.stack([x1, y1], -1),
            np.stack([x0, y1], -1),
        ],
        axis=1,
    )  # (n, 4, 2)
    reps = np.full(4, k // 4)
    reps[: k % 4] += 1
    return np.repeat(corners, reps, axis=1)


def _shapes(placements: np.ndarray, plane: str) -> np.ndarray:
    """Outline of every drum projected on ``plane`` ("xy" from above, "xz" from the side), in m."""
    n = len(placements)
    k = 32
    out = np.zeros((n, k, 2))
    if n == 0:
        return out
    x = placements["x"] / _MM
    y = placements["y"] / _MM
    z = placements["z"] / _MM
    r = placements["diameter"] / _MM / 2.0
    half_h = placements["height"] / _MM / 2.0
    axis = placements["axis"]
    u, v = (x, y) if plane == "xy" else (x, z)
    # which axis looks like a circle in this plane
    round_axis = "z" if plane == "xy" else "y"
    round_ = axis == round_axis
    if round_.any():
        out[round_] = _circle_polys(u[round_], v[round_], r[round_], k)
    rect = ~round_
    if rect.any():
        a = axis[rect]
        # extent along u (x): h/2 when lying along x, else d/2
        hu = np.where(a == "x", half_h[rect], r[rect])
        if plane == "xy":
            hv = np.where(a == "y", half_h[rect], r[rect])
        else:  # xz: vertical extent h/2 standing, d/2 lying
            hv = np.where(a == "z", half_h[rect], r[rect])
        uu, vv = u[rect], v[rect]
        out[rect] = _rect_polys(uu - hu, vv - hv, uu + hu, vv + hv, k)
    return out


def _orientation_handles() -> list[Any]:
    """Legend keys for the shade of standing and lying drums (grey stands in for a SKU)."""
    from matplotlib.patches import Patch

    grey = np.array([0.45, 0.45, 0.45, 1.0])
    light = grey.copy()
    light[:3] += (1.0 - light[:3]) * _LYING_TINT
    return [Patch(facecolor=grey, edgecolor=_EDGE, label="standing"),
            Patch(facecolor=light, edgecolor=_EDGE, label="lying (lighter)")]


def _legend(ax: Any, colors: Mapping[str, Any], placements: np.ndarray, *,
            orientation_key: bool = True) -> None:
    """SKU colours (and, when drums lie and stand, the shade key) right of the axes."""
    from matplotlib.patches import Patch

    skus = sorted(set(placements["sku"].tolist()))
    handles = [Patch(facecolor=colors[s], edgecolor=_EDGE, label=s) for s in skus]
    if not handles:
        return
    axes = set(placements["axis"].tolist())
    if orientation_key and "z" in axes and axes - {"z"}:
        handles += _orientation_handles()
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        fontsize="small",
        title="SKU",
        title_fontsize="small",
        frameon=False,
    )


def _wall_labels(ax: Any, length_m: float, mid_m: float) -> None:
    """Label the front wall (x = 0) and the doors (x = length) just outside them."""
    kw = dict(rotation=90, va="center", fontsize="x-small", textcoords="offset points")
    ax.annotate("front wall", (0.0, mid_m), xytext=(-3, 0), ha="right", color=_WALL, **kw)
    ax.annotate("doors", (length_m, mid_m), xytext=(4, 0), ha="left", color=_DOOR, **kw)


def _title(load: Any, what: str) -> str:
    container = _container(load)
    parts = [f"{container.name} {what}"]
    count = getattr(load, "count", None)
    if count is None:
        count = len(_placements(load))
    parts.append(f"{count} drums")
    return " · ".join(parts)


# --------------------------------------------------------------------------
# top view
# --------------------------------------------------------------------------


def top_view(
    load: Any,
    *,
    layer: int | None = None,
    ax: Any = None,
    colors: Mapping[str, Any] | None = None,
    legend: bool = True,
    title: bool = True,
) -> Any:
    """Floor plan seen from above: standing drums as circles, lying ones as rectangles.

    Parameters
    ----------
    load : ContainerLoad
        The load to draw.
    layer : int, optional
        Draw only the drums whose base is at ``layer_levels(load)[layer]``
        (0 is the floor; negative indices count from the top). By default
        every drum is drawn, lower ones first, so the picture is what you see
        from above.
    ax : matplotlib.axes.Axes, optional
        Pre-existing axes for the plot; otherwise call
        :func:`matplotlib.pyplot.gca` internally.
    colors : mapping, optional
        ``{sku: colour}``; by default :func:`sku_colors` of the load's SKUs.
    legend, title : bool, default True
        Add a SKU legend (outside the container, right) and a title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on; x along the length from the front wall (0) to the
        doors (red line), y across, both in metres.

    Raises
    ------
    IndexError
        If ``layer`` is not a layer of the load.
    """
    placements = _placements(load)
    container = _container(load)
    ax = _get_ax(ax)
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Rectangle

    colors = _colors_for(placements, colors)
    what = "top view, all layers"
    if layer is not None:
        levels = layer_levels(load)
        if len(levels) == 0 or not -len(levels) <= int(layer) < len(levels):
            raise IndexError(
                f"layer {layer} out of range: the load has {len(levels)} layers"
            )
        index = int(layer) % len(levels)
        placements = placements[_layer_index(placements, levels) == index]
        what = f"layer {index + 1} of {len(levels)} (base {levels[index] / _MM:.2f} m)"
    # lower drums first so what is drawn last is what is seen from above
    top = placements["z"] + _vertical_half(placements)
    order = np.lexsort((placements["y"], placements["x"], top))
    placements = placements[order]

    L, W = container.length / _MM, container.width / _MM
    ax.add_patch(Rectangle((0, 0), L, W, facecolor="#f4f4f4", edgecolor=_WALL, lw=1.5, zorder=0))
    if len(placements):
        coll = PolyCollection(
            _shapes(placements, "xy"),
            facecolors=_face_colors(placements, colors, tint_lying=True),
            edgecolors=_EDGE,
            linewidths=0.4 if len(placements) < 1500 else 0.25,
            zorder=2,
        )
        ax.add_collection(coll)
    # doors at x = L, centred on the width
    dw = container.door_width / _MM
    ax.plot([L, L], [(W - dw) / 2, (W + dw) / 2], color=_DOOR, lw=4, solid_capstyle="butt", zorder=3)
    _wall_labels(ax, L, W / 2)
    pad = 0.02 * L
    ax.set_xlim(-pad - 0.02 * L, L + pad + 0.02 * L)
    ax.set_ylim(-0.05 * W, 1.05 * W)
    ax.set_aspect("equal")
    ax.set_xlabel("length x (m)")
    ax.set_ylabel("width y (m)")
    if title:
        ax.set_title(_title(load, what) if layer is None else f"{container.name} {what} · {len(placements)} drums",
                     fontsize="medium")
    if legend:
        _legend(ax, colors, placements)
    return ax


# --------------------------------------------------------------------------
# side view
# --------------------------------------------------------------------------


def _destination_of(placements: np.ndarray) -> np.ndarray:
    if "destination" in (placements.dtype.names or ()):
        return np.array([str(d) if d not in (None, "") else "" for d in placements["destination"].tolist()], dtype=object)
    return np.array([""] * len(placements), dtype=object)


_MAX_ZONE_LANES = 4
_MIN_LABEL_PT = 4.0  # band labels shrink to fit their band, down to this size
_AXIS_WORDS = AXIS_WORDS  # one vocabulary: loadplan.axes


def _dest(d: Any) -> str:
    """A destination for a label or table: ``–`` when there is none."""
    return str(d) if d not in (None, "") else "–"


def _band_label(ax: Any, rect: Any, labels: Sequence[str], *, color: Any) -> Any:
    """A label centred on ``rect`` showing the first of ``labels`` that fits inside it.

    The choice is made at draw time (when sizes in pixels are known); if none
    fits, nothing is drawn.
    """
    from matplotlib.text import Text

    class _BandLabel(Text):
        def draw(self, renderer: Any) -> None:
            if not self.get_visible():
                return
            room = rect.get_window_extent(renderer)
            size = self.get_fontsize()
            # a band drawn shorter than the text (e.g. a small figure): shrink the font to fit
            self.set_text(labels[0])
            tall = self.get_window_extent(renderer).height
            if tall > 0.9 * room.height > 0:
                self.set_fontsize(max(size * 0.9 * room.height / tall, _MIN_LABEL_PT))
            try:
                for label in labels:
                    self.set_text(label)
                    ext = self.get_window_extent(renderer)
                    if ext.width <= room.width - 2 and ext.height <= room.height + 1:
                        super().draw(renderer)
                        return
            finally:
                self.set_fontsize(size)
            self.set_text(labels[0])  # keep the full text for get_text()

    x = rect.get_x() + rect.get_width() / 2
    y = rect.get_y() + rect.get_height() / 2
    return _BandLabel(x, y, labels[0], ha="center", va="center", fontsize="x-small",
                      color=color, zorder=4, transform=ax.transData)


def _pack_lanes(blocks: list[tuple[Any, float, float]]) -> list[list[tuple[Any, float, float]]]:
    """Put x-intervals into as few lanes as possible (greedy by start)."""
    lanes: list[list[tuple[Any, float, float]]] = []
    for block in sorted(blocks, key=lambda b: (b[1], b[2])):
        for lane in lanes:
            if lane[-1][2] <= block[1] + 1e-6:
                lane.append(block)
                break
        else:
            lanes.append([block])
    return lanes


def _zone_bands(ax: Any, load: Any, placements: np.ndarray, colors: Mapping[str, Any], H: float) -> float:
    """Bands above the container: stops (destinations) on top, zones (sku, axis) below.

    Returns the top of the highest band (m).
    """
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Rectangle

    band, gap = 0.085 * H, 0.015 * H
    half_x = np.where(placements["axis"] == "x", placements["height"], placements["diameter"]) / 2.0
    lo_all = placements["x"] - half_x
    hi_all = placements["x"] + half_x
    # zones: one block per (sku, axis)
    keys = [f"{s}\t{a}" for s, a in zip(placements["sku"].tolist(), placements["axis"].tolist())]
    keys_arr = np.array(keys, dtype=object)
    blocks = []
    for key in dict.fromkeys(keys):
        sel = keys_arr == key
        blocks.append((key, float(lo_all[sel].min()), float(hi_all[sel].max()), int(sel.sum())))
    rows: list[list[tuple[str, Any, str, float, float]]] = []
    zone_lanes = _pack_lanes([(b, b[1], b[2]) for b in blocks])
    if len(zone_lanes) > _MAX_ZONE_LANES:  # too many to read: leave them out
        zone_lanes = []
    for lane in zone_lanes:
        row = []
        for (key, lo, hi, count), _, _ in lane:
            sku, axis = key.split("\t")
            fc = to_rgba(colors[sku], 0.55)
            labels = (f"{sku} {_AXIS_WORDS.get(axis, axis)} ({count})", f"{sku} ({count})", sku)
            row.append((labels, fc, "black", lo, hi))
        rows.append(row)
    dest = _destination_of(placements)
    named = [d for d in dict.fromkeys(dest.tolist()) if d]
    if named:
        stops = [str(d) for d in (getattr(load, "destinations", ()) or ()) if d]
        stops += [d for d in named if d not in stops]
        dblocks = []
        for d in named:
            sel = dest == d
            dblocks.append((d, float(lo_all[sel].min()), float(hi_all[sel].max())))
        for lane in _pack_lanes([(b, b[1], b[2]) for b in dblocks]):
            row = []
            for (d, lo, hi), _, _ in lane:
                n = stops.index(d) + 1
                labels = (f"stop {n}: {d}", f"{n}: {d}", str(n)) if len(stops) > 1 else (f"to {d}", d)
                row.append((labels, "#4a4a4a", "white", lo, hi))
            rows.append(row)
    top = H
    for row in rows:
        y0 = top + gap
        for label, fc, tc, lo, hi in row:
            rect = Rectangle((lo / _MM, y0), (hi - lo) / _MM, band, facecolor=fc,
                             edgecolor=_EDGE, lw=0.5, zorder=2)
            ax.add_patch(rect)
            ax.add_artist(_band_label(ax, rect, label, color=tc))
        top = y0 + band
    return top


def side_view(
    load: Any,
    *,
    ax: Any = None,
    colors: Mapping[str, Any] | None = None,
    legend: bool = True,
    title: bool = True,
    zones: bool = True,
) -> Any:
    """Elevation along the length (x against z), seen from the side.

    Standing drums and drums lying along x show as rectangles, drums lying
    across as circles; nearer rows are drawn over farther ones, so the
    layers read as rows of rectangles. Above the container, bands show the
    zones along the length — one per SKU and axis, with its drum count
    (left out when they would need more than four lanes) — and, when drums
    have destinations, one band per stop (multi-drop: stop 1 unloads first,
    nearest the doors). Band labels that do not fit their band are shortened
    or left out.

    Parameters
    ----------
    load : ContainerLoad
        The load to draw.
    ax : matplotlib.axes.Axes, optional
        Pre-existing axes for the plot; otherwise call
        :func:`matplotlib.pyplot.gca` internally.
    colors : mapping, optional
        ``{sku: colour}``; by default :func:`sku_colors` of the load's SKUs.
    legend, title, zones : bool, default True
        Add a SKU legend, a title, and the zone/stop bands.

    Returns
    -------
    matplotlib.axes.Axes
        x (length, m) against z (height, m).
    """
    placements = _placements(load)
    container = _container(load)
    ax = _get_ax(ax)
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Rectangle

    colors = _colors_for(placements, colors)
    # farther rows (large y) first, nearer rows drawn over them
    order = np.lexsort((placements["z"], placements["x"], -placements["y"]))
    placements = placements[order]
    L, H = container.length / _MM, container.height / _MM
    ax.add_patch(Rectangle((0, 0), L, H, facecolor="#f4f4f4", edgecolor=_WALL, lw=1.5, zorder=0))
    if len(placements):
        ax.add_collection(
            PolyCollection(
                _shapes(placements, "xz"),
                facecolors=_face_colors(placements, colors, tint_lying=True),
                edgecolors=_EDGE,
                linewidths=0.4 if len(placements) < 1500 else 0.25,
                zorder=2,
            )
        )
    dh = container.door_height / _MM
    ax.plot([L, L], [0, dh], color=_DOOR, lw=4, solid_capstyle="butt", zorder=3)
    _wall_labels(ax, L, min(dh, H) / 2)

    top = H
    if zones and len(placements):
        top = _zone_bands(ax, load, placements, colors, H)
    ax.set_xlim(-0.04 * L, 1.04 * L)
    ax.set_ylim(-0.04 * H, top + 0.04 * H)
    ax.set_aspect("equal")
    ax.set_xlabel("length x (m)")
    ax.set_ylabel("height z (m)")
    if title:
        ax.set_title(_title(load, "side view"), fontsize="medium")
    if legend:
        _legend(ax, colors, placements)
    return ax


# --------------------------------------------------------------------------
# 3D view
# --------------------------------------------------------------------------


def _cylinder_polys(placements: np.ndarray, sides: int) -> tuple[np.ndarray, np.ndarray]:
    """Low-poly cylinders: per drum ``sides`` side quads and two caps.

    Returns polygons ``(n * (sides + 2), sides, 3)`` in metres (quads padded
    by repeating corners, so everything fits one array) and the index of the
    drum each polygon belongs to.
    """
    n = len(placements)
    k = sides
    t = np.linspace(0.0, 2.0 * np.pi, k, endpoint=False)
    c, s = np.cos(t), np.sin(t)
    r = placements["diameter"] / _MM / 2.0
    hh = placements["height"] / _MM / 2.0
    centre = np.stack([placements["x"], placements["y"], placements["z"]], -1) / _MM
    # local frame: ring in the (u, v) plane, axis along w
    ring = np.zeros((n, k, 3))  # offsets of the ring from the axis
    axis_vec = np.zeros((n, 3))
    for name, w, (iu, iv) in (("z", 2, (0, 1)), ("x", 0, (1, 2)), ("y", 1, (0, 2))):
        sel = placements["axis"] == name
        if not sel.any():
            continue
        ring[sel, :, iu] = r[sel, None] * c[None, :]
        ring[sel, :, iv] = r[sel, None] * s[None, :]
        axis_vec[sel, w] = hh[sel]
    bottom = centre[:, None, :] + ring - axis_vec[:, None, :]  # (n, k, 3)
    top = centre[:, None, :] + ring + axis_vec[:, None, :]
    nxt = np.roll(np.arange(k), -1)
    quads = np.stack([bottom, bottom[:, nxt], top[:, nxt], top], axis=2)  # (n, k, 4, 3)
    reps = np.full(4, k // 4)
    reps[: k % 4] += 1
    quads = np.repeat(quads, reps, axis=2)  # (n, k, k, 3)
    polys = np.concatenate([quads, bottom[:, None], top[:, None]], axis=1)  # (n, k+2, k, 3)
    owner = np.repeat(np.arange(n), k + 2)
    return polys.reshape(n * (k + 2), k, 3), owner


def view3d(
    load: Any,
    *,
    ax: Any = None,
    colors: Mapping[str, Any] | None = None,
    sides: int | None = None,
    legend: bool = True,
    title: bool = True,
    elev: float = 28.0,
    azim: float = -58.0,
    rasterized: bool = False,
    zoom: float = 1.45,
) -> Any:
    """3D view: every drum as a low-poly cylinder inside the container's wireframe.

    All drums go into one :class:`~mpl_toolkits.mplot3d.art3d.Poly3DCollection`
    (depth-sorted per face), so a few thousand drums draw in seconds.

    Parameters
    ----------
    load : ContainerLoad
        The load to draw.
    ax : mpl_toolkits.mplot3d.axes3d.Axes3D, optional
        Pre-existing 3D axes; otherwise the current figure's 3D axes or a new
        one (``projection="3d"``).
    colors : mapping, optional
        ``{sku: colour}``; by default :func:`sku_colors` of the load's SKUs.
    sides : int, optional
        Polygon sides per cylinder (default 12, 8 above 1,500 drums).
    legend, title : bool, default True
        Add a SKU legend and a title.
    elev, azim : float
        Camera angles in degrees (default: from above the door side).
    rasterized : bool, default False
        Draw the drums as an image in vector output (PDF/SVG): much smaller
        and faster files for thousands of drums.
    zoom : float, default 1.45
        Passed to :meth:`~mpl_toolkits.mplot3d.axes3d.Axes3D.set_box_aspect`;
        larger fills more of the axes (a long container leaves room).

    Returns
    -------
    mpl_toolkits.mplot3d.axes3d.Axes3D
        Axes in metres; the doors are the red frame at x = length.

    Raises
    ------
    ValueError
        If ``ax`` is not a 3D axes.
    """
    placements = _placements(load)
    container = _container(load)
    ax = _get_ax(ax, projection="3d")
    if getattr(ax, "name", None) != "3d":
        raise ValueError("ax must be a 3D axes (projection='3d')")
    from mpl_toolkits.mplot3d.art3d import Line3DCollection, Poly3DCollection

    colors = _colors_for(placements, colors)
    n = len(placements)
    if sides is None:
        sides = 12 if n <= 1500 else 8
    sides = max(int(sides), 4)
    L, W, H = container.length / _MM, container.width / _MM, container.height / _MM
    if n:
        polys, owner = _cylinder_polys(placements, sides)
        faces = _face_colors(placements, colors)[owner]
        # simple fixed shading: side faces by where they point, caps lighter
        t = np.linspace(0.0, 2.0 * np.pi, sides, endpoint=False)
        side_shade = 0.62 + 0.38 * (0.5 + 0.5 * np.cos(t - np.deg2rad(azim + 60.0)))
        shade = np.tile(np.concatenate([side_shade, [0.55, 1.0]]), n)
        faces = faces.copy()
        faces[:, :3] = np.clip(faces[:, :3] * shade[:, None], 0.0, 1.0)
        coll = Poly3DCollection(polys, facecolors=faces, edgecolors="none", linewidths=0.0,
                                rasterized=rasterized, zorder=2)
        ax.add_collection3d(coll)
    # container wireframe: edges on the faces that look at the camera are in
    # front of every drum (the drums are inside the box), the others behind
    ax.computed_zorder = False
    e, a = np.deg2rad(elev), np.deg2rad(azim)
    view = np.array([np.cos(e) * np.cos(a), np.cos(e) * np.sin(a), np.sin(e)])
    size = np.array([L, W, H])
    near = np.where(view > 0, size, 0.0)  # the coordinate of each front face
    corners = np.array([[x, y, z] for x in (0, L) for y in (0, W) for z in (0, H)])
    front, back = [], []
    for i in range(8):
        for j in range(i + 1, 8):
            if np.count_nonzero(corners[i] != corners[j]) != 1:
                continue
            same = corners[i] == corners[j]  # the two faces the edge lies on
            on_front = any(same[k] and corners[i][k] == near[k] for k in range(3))
            (front if on_front else back).append(corners[[i, j]])
    if back:
        ax.add_collection3d(Line3DCollection(back, colors=_WALL, linewidths=0.6, zorder=1))
    if front:
        ax.add_collection3d(Line3DCollection(front, colors=_WALL, linewidths=0.9, zorder=3))
    dw, dh = container.door_width / _MM, container.door_height / _MM
    y0, y1 = (W - dw) / 2, (W + dw) / 2
    door = np.array([[L, y0, 0], [L, y0, dh], [L, y1, dh], [L, y1, 0]])
    ax.add_collection3d(Line3DCollection([door[[0, 1]], door[[1, 2]], door[[2, 3]]], colors=_DOOR,
                                         linewidths=1.6, zorder=3 if view[0] > 0 else 1))
    ax.set_xlim(0, L)
    ax.set_ylim(0, W)
    ax.set_zlim(0, H)
    ax.set_box_aspect((L, W, H), zoom=zoom)
    ax.view_init(elev=elev, azim=azim)
    ax.set_xlabel("x (m)", labelpad=6)
    ax.set_ylabel("y (m)", labelpad=-2)
    ax.set_zlabel("z (m)", labelpad=-2)
    ax.tick_params(labelsize="x-small", pad=0)
    if title:
        ax.set_title(_title(load, "3D view"), fontsize="medium")
    if legend:
        _legend(ax, colors, placements, orientation_key=False)
    return ax


# --------------------------------------------------------------------------
# plan overview
# --------------------------------------------------------------------------


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
    container = _container(load)
    placements = _placements(load)
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
        A new pyplot figure (close it with ``plt.close(fig)`` when done).
    """
    _require_matplotlib()
    import matplotlib.pyplot as plt

    loads = list(getattr(plan, "loads", ()))
    longest = max((_container(l).length for l in loads), default=12032.0)
    width = max(8.0, 2.0 * (1.2 + 5.5 * longest / 12032.0) + 0.5)  # same scale for 20' and 40'
    fig = plt.figure(figsize=(width, 1.0 + 2.0 * max(len(loads), 1)), layout="constrained")
    _draw_overview(fig, plan, colors)
    return fig


def _draw_overview(fig: Any, plan: Any, colors: Mapping[str, Any] | None) -> None:
    loads = list(getattr(plan, "loads", ()))
    skus: list[str] = []
    for load in loads:
        skus.extend(_placements(load)["sku"].tolist())
    colors = dict(colors) if colors is not None else sku_colors(skus)
    placed = sum(len(_placements(l)) for l in loads)
    unplaced = sum(int(getattr(u, "quantity", 0)) for u in getattr(plan, "unplaced", ()))
    head = f"{len(loads)} container{'s' if len(loads) != 1 else ''} · {placed} drums placed"
    if unplaced:
        head += f" · {unplaced} unplaced"
    cost = getattr(plan, "cost", None)
    if cost is not None:
        head += f" · cost {cost:,.0f}"
    fig.suptitle(head, fontsize="large")
    if not loads:
        return
    max_len = max(_container(l).length for l in loads)
    axes = fig.subplots(len(loads), 2, squeeze=False, width_ratios=[1.0, 1.0])
    for i, load in enumerate(loads):
        top_view(load, ax=axes[i, 0], colors=colors, legend=False, title=False)
        side_view(load, ax=axes[i, 1], colors=colors, legend=False, title=False, zones=False)
        for ax in axes[i]:
            ax.set_xlim(-0.04 * max_len / _MM, 1.04 * max_len / _MM)
        axes[i, 0].set_title(load_caption(load, i + 1), loc="left", fontsize="medium")
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=colors[s], edgecolor=_EDGE, label=s) for s in sorted(set(skus))]
    if handles and any((_placements(l)["axis"] != "z").any() for l in loads):
        handles += _orientation_handles()
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 8),
                   fontsize="medium", frameon=False)
