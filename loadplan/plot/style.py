"""The look shared by every picture: colours, fonts, legends, walls and doors.

One colour per SKU, the same in every view of a plan (SKUs sorted by name,
Matplotlib's ``tab10``/``tab20`` palettes); lying drums in a lighter shade of
their SKU's colour; the front wall dark grey and the doors red. Lengths are
drawn in metres (:data:`MM` millimetres each). Matplotlib is imported inside
the functions, so importing this module stays light; a missing Matplotlib
raises an :class:`ImportError` that names the ``pip install`` that fixes it.
"""

from __future__ import annotations

import contextlib
import functools
import warnings
from typing import Any, Iterable, Iterator, Mapping

import numpy as np

__all__ = [
    "MM", "EDGE", "WALL", "DOOR", "LYING_TINT", "FALLBACK_FONTS",
    "require_matplotlib", "unicode_text", "font_covers", "plan_texts", "get_ax", "placements_of",
    "container_of",
    "sku_colors", "colors_for", "face_colors", "orientation_handles", "sku_legend",
    "wall_labels", "view_title", "destination_label",
]

MM = 1000.0  # mm per metre: axes are in metres
EDGE = (0.15, 0.15, 0.15, 1.0)
WALL = "#333333"
DOOR = "#c0392b"


def require_matplotlib() -> Any:
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


@functools.cache
def _charmap(family: str) -> frozenset[int]:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(font_manager.findfont(family)).get_charmap())


def font_covers(texts: Iterable[str], family: str = "DejaVu Sans") -> bool:
    """Whether the font Matplotlib uses for ``family`` has a glyph for every character of ``texts``.

    Parameters
    ----------
    texts : iterable of str
        The strings to draw; whitespace and other control characters are
        not looked up.
    family : str, default "DejaVu Sans"
        A font family name.

    Returns
    -------
    bool

    Examples
    --------
    >>> font_covers(["DJ40 → Shanghai · Ø 400 × 600"])
    True
    >>> font_covers(["上海"])
    False
    """
    require_matplotlib()
    chars = {ord(c) for text in texts for c in str(text) if c.isprintable() and not c.isspace()}
    return chars <= _charmap(family)


def plan_texts(plan: Any) -> list[str]:
    """Every name a picture or report of ``plan`` may show, for :func:`unicode_text`'s ``texts``.

    SKUs and destinations of the drums, container names and destinations,
    notes, what was not loaded (SKU, destination, reason), safety
    violations, and the bound and verdict lines. Other text in the pictures
    is the package's own.

    Parameters
    ----------
    plan : LoadPlan or ContainerLoad
        A single load is taken as a one-load plan.

    Returns
    -------
    list of str
        Sorted, without duplicates.
    """
    loads = list(getattr(plan, "loads", None) or ([plan] if hasattr(plan, "placements") else []))
    out: set[str] = set()
    for load in loads:
        p = placements_of(load)
        out.update(str(v) for v in np.unique(p["sku"]).tolist())
        if "destination" in (p.dtype.names or ()):
            out.update(str(v) for v in set(p["destination"].tolist()) if v)
        out.add(str(container_of(load).name))
        out.update(str(d) for d in (getattr(load, "destinations", ()) or ()) if d)
        out.update(str(n) for n in (getattr(load, "notes", ()) or ()))
    for u in getattr(plan, "unplaced", ()) or ():
        out.update(str(v) for v in (u.sku, u.destination or "", u.reason))
    out.update(str(v) for v in (getattr(plan, "violations", None) or ()))
    for name in ("bound_lines", "verdict_line"):
        made = getattr(plan, name, None)
        if callable(made):
            got = made()
            out.update([got] if isinstance(got, str) else got)
    return sorted(out)


@contextlib.contextmanager
def unicode_text(base: str = "DejaVu Sans", *,
                 texts: Iterable[str] | None = None) -> Iterator[None]:
    """Draw and save figures with fallback fonts for names in any script.

    Inside the ``with`` block Matplotlib's ``font.family`` is ``base``
    followed by the installed :data:`FALLBACK_FONTS` (Matplotlib falls back
    glyph by glyph), and its "Glyph ... missing from font" warnings are
    silenced: a destination such as 上海 is drawn when a CJK font is installed
    and as empty boxes otherwise, but never floods stderr (or fails a test
    suite that turns warnings into errors). Create *and* save the figure
    inside the block.

    When ``texts`` — every name the figures will show — is given and
    ``base`` has all their characters (:func:`font_covers`), the fallback
    fonts are left out: looking glyphs up in a chain of large CJK fonts makes
    every label slower to lay out.

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
    matplotlib = require_matplotlib()
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    families = [base] + [name for name in FALLBACK_FONTS if name in installed and name != base]
    if texts is not None and font_covers(texts, base):
        families = [base]
    # names are drawn as written: "$x^2$" in a SKU is not math text
    with matplotlib.rc_context({"font.family": families, "text.parse_math": False}), \
            warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
        yield


def get_ax(ax: Any, projection: str | None = None) -> Any:
    """Return ``ax`` or the current Axes (a new 3D one for ``projection``)."""
    require_matplotlib()
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


def placements_of(load: Any) -> np.ndarray:
    """``load.placements``, checked to be a structured array with the fields drawing needs."""
    placements = getattr(load, "placements", None)
    if placements is None or getattr(placements, "dtype", None) is None:
        raise ValueError("load.placements must be a structured NumPy array")
    names = placements.dtype.names or ()
    for field in ("sku", "x", "y", "z", "axis", "diameter", "height"):
        if field not in names:
            raise ValueError(f"load.placements has no field {field!r}")
    return placements


def container_of(load: Any) -> Any:
    """``load.container``, or a ValueError naming what is missing."""
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
    matplotlib = require_matplotlib()
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


def colors_for(placements: np.ndarray, colors: Mapping[str, Any] | None) -> dict:
    """``colors`` completed with :func:`sku_colors` for any SKU of ``placements`` it lacks."""
    if colors is None:
        return sku_colors(placements["sku"].tolist())
    missing = set(placements["sku"].tolist()) - set(colors)
    if missing:
        extra = sku_colors(missing)
        return {**extra, **dict(colors)}
    return dict(colors)


LYING_TINT = 0.45  # lying drums: the SKU colour mixed with this much white


def face_colors(placements: np.ndarray, colors: Mapping[str, Any], *,
                tint_lying: bool = False) -> np.ndarray:
    """RGBA per drum from its SKU's colour (lying drums lighter when ``tint_lying``)."""
    from matplotlib.colors import to_rgba

    lookup = {sku: to_rgba(c) for sku, c in colors.items()}
    if len(placements) == 0:
        return np.zeros((0, 4))
    faces = np.array([lookup[s] for s in placements["sku"].tolist()], dtype=float)
    if tint_lying:
        lying = placements["axis"] != "z"
        faces[lying, :3] += (1.0 - faces[lying, :3]) * LYING_TINT
    return faces


def orientation_handles() -> list[Any]:
    """Legend keys for the shade of standing and lying drums (grey stands in for a SKU)."""
    from matplotlib.patches import Patch

    grey = np.array([0.45, 0.45, 0.45, 1.0])
    light = grey.copy()
    light[:3] += (1.0 - light[:3]) * LYING_TINT
    return [Patch(facecolor=grey, edgecolor=EDGE, label="standing"),
            Patch(facecolor=light, edgecolor=EDGE, label="lying (lighter)")]


def sku_legend(ax: Any, colors: Mapping[str, Any], placements: np.ndarray, *,
               orientation_key: bool = True) -> None:
    """SKU colours (and, when drums lie and stand, the shade key) right of the axes."""
    from matplotlib.patches import Patch

    skus = sorted(set(placements["sku"].tolist()))
    handles = [Patch(facecolor=colors[s], edgecolor=EDGE, label=s) for s in skus]
    if not handles:
        return
    axes = set(placements["axis"].tolist())
    if orientation_key and "z" in axes and axes - {"z"}:
        handles += orientation_handles()
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


def wall_labels(ax: Any, length_m: float, mid_m: float) -> None:
    """Label the front wall (x = 0) and the doors (x = length) just outside them."""
    kw = dict(rotation=90, va="center", fontsize="x-small", textcoords="offset points")
    ax.annotate("front wall", (0.0, mid_m), xytext=(-3, 0), ha="right", color=WALL, **kw)
    ax.annotate("doors", (length_m, mid_m), xytext=(4, 0), ha="left", color=DOOR, **kw)


def view_title(load: Any, what: str) -> str:
    """A view's title: container, what is shown, drum count (``"20GP side view · 80 drums"``)."""
    container = container_of(load)
    parts = [f"{container.name} {what}"]
    count = getattr(load, "count", None)
    if count is None:
        count = len(placements_of(load))
    parts.append(f"{count} drums")
    return " · ".join(parts)


def destination_label(d: Any) -> str:
    """A destination for a label or table: ``–`` when there is none."""
    return str(d) if d not in (None, "") else "–"
