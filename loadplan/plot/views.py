"""Floor plans and side elevations of one container (x along the length, in metres).

:func:`top_view` shows the drums from above (standing drums as circles, lying
ones as rectangles), :func:`side_view` the elevation along the length with
bands for the zones and stops. Each view draws all its drums as one
collection, so thousands of drums draw quickly; a lying drum is drawn in a
lighter shade of its SKU's colour (:mod:`loadplan.plot.style`).
"""

from __future__ import annotations

import functools
from typing import Any, Mapping, Sequence

import numpy as np

from loadplan.axes import AXIS_WORDS
from loadplan.plot.style import (DOOR, EDGE, MM, WALL, colors_for, container_of, face_colors,
                                 get_ax, placements_of, sku_legend, view_title, wall_labels)

__all__ = ["top_view", "side_view", "layer_levels", "axis_word", "seen_mask"]


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
    placements = placements_of(load)
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


def _outlines(placements: np.ndarray, plane: str) -> tuple[np.ndarray, ...]:
    """Each drum's outline on ``plane`` ("xy" or "xz"), in m: centre (u, v), half extents, round?"""
    x = placements["x"] / MM
    r = placements["diameter"] / MM / 2.0
    half_h = placements["height"] / MM / 2.0
    axis = placements["axis"]
    v = placements["y"] / MM if plane == "xy" else placements["z"] / MM
    # which axis looks like a circle in this plane
    round_ = axis == ("z" if plane == "xy" else "y")
    # extent along u (x): h/2 when lying along x, else d/2; along v: h/2 when the axis is v's
    hu = np.where(axis == "x", half_h, r)
    hv = np.where(axis == ("y" if plane == "xy" else "z"), half_h, r)
    hu = np.where(round_, r, hu)
    hv = np.where(round_, r, hv)
    return x, v, hu, hv, round_


def _shapes(placements: np.ndarray, plane: str) -> np.ndarray:
    """Outline of every drum projected on ``plane`` ("xy" from above, "xz" from the side), in m."""
    n = len(placements)
    k = 32
    out = np.zeros((n, k, 2))
    if n == 0:
        return out
    u, v, hu, hv, round_ = _outlines(placements, plane)
    if round_.any():
        out[round_] = _circle_polys(u[round_], v[round_], hu[round_], k)
    rect = ~round_
    if rect.any():
        uu, vv, a, b = u[rect], v[rect], hu[rect], hv[rect]
        out[rect] = _rect_polys(uu - a, vv - b, uu + a, vv + b, k)
    return out


def seen_mask(placements: np.ndarray, plane: str) -> np.ndarray:
    """Which drums, drawn in order on ``plane``, no later drum of the same outline covers.

    A drum whose outline (shape, centre and size, to 0.01 mm) is drawn again
    later — the drum on top of it in a stack seen from above, the one in
    front of it seen from the side — is hidden completely: drawing only the
    last of each outline gives the same picture with far fewer shapes.

    Parameters
    ----------
    placements : numpy.ndarray
        Placements in drawing order (later ones are drawn over earlier ones).
    plane : {"xy", "xz"}
        From above or from the side.

    Returns
    -------
    numpy.ndarray
        Boolean mask, True for the last drum of each distinct outline.
    """
    n = len(placements)
    if n == 0:
        return np.zeros(0, dtype=bool)
    u, v, hu, hv, round_ = _outlines(placements, plane)
    keys = np.round(np.stack([u, v, hu, hv], axis=1) * 1e5).astype(np.int64)  # 0.01 mm
    keys = np.concatenate([keys, round_[:, None].astype(np.int64)], axis=1)[::-1]
    _, first = np.unique(keys, axis=0, return_index=True)
    keep = np.zeros(n, dtype=bool)
    keep[n - 1 - first] = True
    return keep

def _one_layer(load: Any, placements: np.ndarray, layer: int) -> tuple[np.ndarray, str]:
    """The drums of one layer of :func:`layer_levels` and the words for it."""
    levels = layer_levels(load)
    if len(levels) == 0 or not -len(levels) <= int(layer) < len(levels):
        raise IndexError(
            f"layer {layer} out of range: the load has {len(levels)} layers"
        )
    index = int(layer) % len(levels)
    placements = placements[_layer_index(placements, levels) == index]
    return placements, f"layer {index + 1} of {len(levels)} (base {levels[index] / MM:.2f} m)"


def top_view(
    load: Any,
    *,
    layer: int | None = None,
    ax: Any = None,
    colors: Mapping[str, Any] | None = None,
    legend: bool = True,
    title: bool = True,
    hidden: bool = True,
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
    hidden : bool, default True
        Draw every drum, also those hidden under a drum of the same outline
        (then the collection has one shape per drum, in drawing order).
        False draws only what :func:`seen_mask` keeps: the same picture with
        far fewer shapes (the reports and the demo use it).

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
    placements = placements_of(load)
    container = container_of(load)
    ax = get_ax(ax)
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Rectangle

    colors = colors_for(placements, colors)
    what = "top view, all layers"
    if layer is not None:
        placements, what = _one_layer(load, placements, layer)
    # lower drums first so what is drawn last is what is seen from above
    top = placements["z"] + _vertical_half(placements)
    order = np.lexsort((placements["y"], placements["x"], top))
    placements = placements[order]

    drawn = placements if hidden else placements[seen_mask(placements, "xy")]

    L, W = container.length / MM, container.width / MM
    ax.add_patch(Rectangle((0, 0), L, W, facecolor="#f4f4f4", edgecolor=WALL, lw=1.5, zorder=0))
    if len(placements):
        coll = PolyCollection(
            _shapes(drawn, "xy"),
            facecolors=face_colors(drawn, colors, tint_lying=True),
            edgecolors=EDGE,
            linewidths=0.4 if len(placements) < 1500 else 0.25,
            zorder=2,
        )
        ax.add_collection(coll, autolim=False)  # the limits are set below
    # doors at x = L, centred on the width
    dw = container.door_width / MM
    ax.plot([L, L], [(W - dw) / 2, (W + dw) / 2], color=DOOR, lw=4, solid_capstyle="butt", zorder=3)
    wall_labels(ax, L, W / 2)
    pad = 0.02 * L
    ax.set_xlim(-pad - 0.02 * L, L + pad + 0.02 * L)
    ax.set_ylim(-0.05 * W, 1.05 * W)
    ax.set_aspect("equal")
    ax.set_xlabel("length x (m)")
    ax.set_ylabel("width y (m)")
    if title:
        ax.set_title(view_title(load, what) if layer is None else f"{container.name} {what} · {len(placements)} drums",
                     fontsize="medium", y=1.0)
    if legend:
        sku_legend(ax, colors, placements)
    return ax


def _destination_of(placements: np.ndarray) -> np.ndarray:
    if "destination" in (placements.dtype.names or ()):
        return np.array([str(d) if d not in (None, "") else "" for d in placements["destination"].tolist()], dtype=object)
    return np.array([""] * len(placements), dtype=object)


_MAX_ZONE_LANES = 4
_MIN_LABEL_PT = 4.0  # band labels shrink to fit their band, down to this size
_AXIS_WORDS = AXIS_WORDS  # one vocabulary: loadplan.axes


def axis_word(axis: str) -> str:
    """How a picture or table names a drum's axis: ``"standing"``, ``"lying along"``, ...

    Unknown values are returned as given.

    >>> axis_word("y")
    'lying across'
    """
    return _AXIS_WORDS.get(axis, axis)


@functools.cache
def _band_label_class() -> type:
    """The Text subclass of :func:`_band_label`, made once (a class per label is slow to make)."""
    from matplotlib.text import Text

    class _BandLabel(Text):
        rect: Any = None
        labels: Sequence[str] = ()

        def draw(self, renderer: Any) -> None:
            if not self.get_visible():
                return
            labels = self.labels
            room = self.rect.get_window_extent(renderer)
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

    return _BandLabel


def _band_label(ax: Any, rect: Any, labels: Sequence[str], *, color: Any) -> Any:
    """A label centred on ``rect`` showing the first of ``labels`` that fits inside it.

    The choice is made at draw time (when sizes in pixels are known); if none
    fits, nothing is drawn.
    """
    x = rect.get_x() + rect.get_width() / 2
    y = rect.get_y() + rect.get_height() / 2
    label = _band_label_class()(x, y, labels[0], ha="center", va="center", fontsize="x-small",
                                color=color, zorder=4, transform=ax.transData)
    label.rect, label.labels = rect, tuple(labels)
    return label


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
            labels = (f"{sku} {axis_word(axis)} ({count})", f"{sku} ({count})", sku)
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
            rect = Rectangle((lo / MM, y0), (hi - lo) / MM, band, facecolor=fc,
                             edgecolor=EDGE, lw=0.5, zorder=2)
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
    hidden: bool = True,
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
    hidden : bool, default True
        Draw every drum, also those hidden behind a nearer drum of the same
        outline; False draws only what :func:`seen_mask` keeps (the same
        picture with far fewer shapes).

    Returns
    -------
    matplotlib.axes.Axes
        x (length, m) against z (height, m).
    """
    placements = placements_of(load)
    container = container_of(load)
    ax = get_ax(ax)
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Rectangle

    colors = colors_for(placements, colors)
    # farther rows (large y) first, nearer rows drawn over them
    order = np.lexsort((placements["z"], placements["x"], -placements["y"]))
    placements = placements[order]
    L, H = container.length / MM, container.height / MM
    ax.add_patch(Rectangle((0, 0), L, H, facecolor="#f4f4f4", edgecolor=WALL, lw=1.5, zorder=0))
    drawn = placements if hidden else placements[seen_mask(placements, "xz")]
    if len(placements):
        ax.add_collection(
            PolyCollection(
                _shapes(drawn, "xz"),
                facecolors=face_colors(drawn, colors, tint_lying=True),
                edgecolors=EDGE,
                linewidths=0.4 if len(placements) < 1500 else 0.25,
                zorder=2,
            ),
            autolim=False,  # the limits are set below
        )
    dh = container.door_height / MM
    ax.plot([L, L], [0, dh], color=DOOR, lw=4, solid_capstyle="butt", zorder=3)
    wall_labels(ax, L, min(dh, H) / 2)

    top = H
    if zones and len(placements):
        top = _zone_bands(ax, load, placements, colors, H)
    ax.set_xlim(-0.04 * L, 1.04 * L)
    ax.set_ylim(-0.04 * H, top + 0.04 * H)
    ax.set_aspect("equal")
    ax.set_xlabel("length x (m)")
    ax.set_ylabel("height z (m)")
    if title:
        ax.set_title(view_title(load, "side view"), fontsize="medium", y=1.0)
    if legend:
        sku_legend(ax, colors, placements)
    return ax


