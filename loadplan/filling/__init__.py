"""Fill a container (or a box) with as many drums of one size as fit.

:func:`fill` answers "how many of these fit a 40HC?"; :func:`layout_block` and
:func:`block_upper_bound` are the lower-level box API the planner uses for
mixed containers.

How a layout is built
---------------------
The box is cut into full-height sections along its length (x), from the nose:

1. ``m`` sections of drums **lying along x**, each ``h`` long, every one
   holding the best sound lying cross-section of ``W x H``;
2. a block of drums **lying across** (axis y): the best sound cross-section of
   ``s_y x H`` (x by z), repeated ``floor(W / h)`` times across;
3. a **standing** strip with the rest of the length: ``k`` layers of the best
   floor packing of ``rest x W`` (:func:`loadplan.pack.pack_circles`, or a
   simple lattice when that is better), every drum straight on the one below,
   and lying drums in the headspace above, resting on the flat tops of the top
   layer.

With two or more axes allowed, the box may also be cut into two bands along
its full length (``y < w`` and ``y > w``), each laid out as above; a band side
that is not a container wall gives drums lying along x nothing to lean on.

Lying cross-sections only use rows laid straight on the row below or in the
grooves of the row below (offset exactly ``d/2``), see
:mod:`loadplan.kernels.layout3d`; an end drum may lean on a container wall but
never on a neighbouring block or the doors. Lying drums on standing tops are
kept only when their contact with the tops runs under their centre and spans
at least half their length (:data:`MIN_CONTACT_SHARE`). The split (``m``,
``s_y``, the layers ``k``, what fills the headspace, the band width) is chosen
by enumerating every ``m`` and the lengths where the lying-across block gains
a drum, scoring each with exact counts from lattice floors, building the best
few, then rebuilding the best with the real floor engine (the engine's floors
only add drums). For the 200 L drum (Ø585 x 880) in a 20GP this finds 96
lying along x in six sections, 8 standing two high in the 616 mm at the doors
and 2 lying across on top: 106.

Loading order: every drum gets a loading key, its front face (smallest x),
raised to the key of whatever carries it; placements are sorted by key, then
height, then y. So the crew works from the nose to the doors, bottom up, and
no drum comes before its support; every prefix of the order is sound.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

__all__ = ["fill", "layout_block", "layout_across", "layout_band", "block_upper_bound",
           "fits_box", "passes_door", "MIN_CONTACT_SHARE"]

#: A lying drum on standing tops must touch them along at least this share of
#: its length, on both sides of its centre (the rule :func:`loadplan.verify` checks).
MIN_CONTACT_SHARE = 0.5

_TOL = 1e-6
_AXES = ("z", "x", "y")
_AXIS_WORDS = {"z": "standing", "x": "lying along the container", "y": "lying across"}
_CANDIDATES = 6  # mixed splits rebuilt with the real floor engine


# ----------------------------------------------------------------------------
# validation
# ----------------------------------------------------------------------------
def _size(name: str, value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(v) or v <= 0.0:
        raise ValueError(f"{name} must be finite and positive, got {value!r}")
    return v


def _box(diameter: Any, height: Any, length: Any, width: Any,
         height_limit: Any) -> tuple[float, float, float, float, float]:
    """The drum and box sizes of the box API, validated (ValueError naming the argument),
    within the supported range (:func:`_check_scale`)."""
    out = (_size("diameter", diameter), _size("height", height), _size("length", length),
           _size("width", width), _size("height_limit", height_limit))
    _check_scale(*out)
    return out


def _check_scale(d: float, h: float, L: float, W: float, H: float) -> None:
    """Refuse a drum of which more than MAX_DRUMS_PER_CONTAINER fit the box by volume:
    the work and memory of a layout grow with that number."""
    from loadplan.containers import MAX_DRUMS_PER_CONTAINER, drums_by_volume

    n = drums_by_volume(d, h, L, W, H)
    if n > MAX_DRUMS_PER_CONTAINER:
        count = f"{n:,.0f}" if n < 1e15 else "more than 1e15"
        raise ValueError(f"diameter {d:g} x height {h:g} mm is too small for a {L:g} x {W:g} x {H:g} mm "
                         f"box: up to {count} would fit by volume; the supported limit is "
                         f"{MAX_DRUMS_PER_CONTAINER:,} drums of one type per container")


def _axes(value: Any) -> str:
    if isinstance(value, str):
        items = [c for c in value if c not in " ,|"]
    else:
        try:
            items = [str(a) for a in value]
        except TypeError:
            raise ValueError(f"axes must be a string such as 'zxy', got {value!r}") from None
    bad = [a for a in items if a not in _AXES]
    if bad or not items:
        raise ValueError(f"axes must use 'z', 'x', 'y' (at least one), got {value!r}")
    return "".join(a for a in _AXES if a in items)


def _layers(value: Any) -> int:
    from loadplan.model import MAX_LAYERS

    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"max_layers must be None or an integer >= 1, got {value!r}")
    if value > MAX_LAYERS:
        raise ValueError(f"max_layers must be at most {MAX_LAYERS:,}, got {value!r}")
    return int(value)


def _count(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"max_count must be None or an integer >= 0, got {value!r}")
    return int(value)


# ----------------------------------------------------------------------------
# cached 2-D pieces
# ----------------------------------------------------------------------------
@functools.lru_cache(maxsize=8192)
def _floor(length: float, width: float, d: float, engine: bool = True) -> np.ndarray:
    """Best floor packing: the circle engine or a lattice, whichever holds more
    (the lattice alone, fast, when ``engine`` is False)."""
    from loadplan.kernels.layout3d import floor_family

    if length < d - _TOL or width < d - _TOL:
        out = np.zeros((0, 2))
    else:
        b = floor_family(length, width, d)
        out = np.array(b)
        if engine:
            from loadplan.pack import pack_circles

            a = np.asarray(pack_circles(length, width, d), dtype=np.float64).reshape(-1, 2)
            if a.shape[0] > b.shape[0]:
                out = np.array(a)
    out.flags.writeable = False
    return out


@functools.lru_cache(maxsize=8192)
def _section(w: float, ht: float, d: float, rows: int, wall_left: bool,
             wall_right: bool) -> np.ndarray:
    from loadplan.kernels.layout3d import lying_section

    out = np.array(lying_section(w, ht, d, rows, wall_left, wall_right))
    out.flags.writeable = False
    return out


@functools.lru_cache(maxsize=4096)
def _candidates(L: float, W: float, H: float, d: float, h: float, axes: str,
                max_layers: int, walls: tuple[bool, bool] = (True, True)) -> np.ndarray:
    from loadplan.kernels.layout3d import split_candidates

    out = split_candidates(L, W, H, d, h, "z" in axes, "x" in axes, "y" in axes, max_layers,
                           walls[0], walls[1])
    out.flags.writeable = False
    return out


# ----------------------------------------------------------------------------
# building one layout
# ----------------------------------------------------------------------------
class _Parts:
    """Accumulates centres, axes and loading keys of a layout."""

    def __init__(self, size: tuple[float, float] | None = None) -> None:
        self.centres: list[np.ndarray] = []
        self.axes: list[np.ndarray] = []
        self.keys: list[np.ndarray] = []
        self.notes: list[str] = []
        self.size = size  # (diameter, height): keys are raised over what lies under (arrays())

    def add(self, centres: np.ndarray, axis: str, keys: np.ndarray) -> None:
        if centres.shape[0]:
            self.centres.append(centres)
            self.axes.append(np.full(centres.shape[0], axis, dtype="U1"))
            self.keys.append(np.asarray(keys, dtype=np.float64))

    @property
    def count(self) -> int:
        return int(sum(c.shape[0] for c in self.centres))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not self.centres:
            return np.zeros((0, 3)), np.zeros(0, dtype="U1"), np.zeros(0)
        centres, axes, keys = (np.concatenate(self.centres), np.concatenate(self.axes),
                               np.concatenate(self.keys))
        if self.size is not None:
            keys = _raise_keys(centres, axes, self.size[0], self.size[1], keys)
        return centres, axes, keys


def _raise_keys(centres: np.ndarray, axes: np.ndarray, d: float, h: float,
               keys: np.ndarray) -> np.ndarray:
    """Loading keys raised so that no drum comes before anything under it
    (:func:`loadplan.kernels.support_keys.raise_support_keys`): sorting by
    (key, height) then loads every drum after what lies under it."""
    from loadplan.kernels.support_keys import raise_support_keys

    if centres.shape[0] < 2:
        return keys
    codes = np.full(centres.shape[0], 2, dtype=np.int64)
    codes[axes == "x"] = 0
    codes[axes == "y"] = 1
    return raise_support_keys(np.ascontiguousarray(centres, dtype=np.float64), codes, float(d),
                              float(h), np.ascontiguousarray(keys, dtype=np.float64))


def _head(parts: _Parts, tops: np.ndarray, tops_key: np.ndarray, x1: float, rest: float,
          W: float, H: float, d: float, h: float, k: int, axis: str, rows: int,
          walls: tuple[bool, bool]) -> int:
    """Lying drums on the flat tops of a standing strip's top layer; returns how many."""
    from loadplan.kernels.layout3d import head_on_tops

    z0 = k * h
    rem = H - z0
    if rem < d - _TOL:
        return 0
    span = MIN_CONTACT_SHARE * h
    if axis == "x":
        count = int(math.floor((rest + _TOL) / h))
        uv = _section(W, rem, d, rows, walls[0], walls[1])
        w, wl, wr = W, walls[0], walls[1]
    else:
        count = int(math.floor((W + _TOL) / h))
        uv = _section(rest, rem, d, rows, x1 <= _TOL, False)
        w, wl, wr = rest, x1 <= _TOL, False
    if count == 0 or uv.shape[0] == 0:
        return 0
    out = head_on_tops(uv, 0 if axis == "x" else 1, x1, z0, h, count, tops, tops_key, d, span,
                       w, wl, wr)
    parts.add(out[:, :3].copy(), axis, out[:, 3].copy())
    return int(out.shape[0])


def _standing(parts: _Parts, x1: float, rest: float, W: float, H: float, d: float, h: float,
              axes: str, max_layers: int, k_hint: int, walls: tuple[bool, bool],
              engine: bool) -> None:
    """Standing strip ``[x1, x1 + rest]``: the best of a few layer counts and headspaces."""
    from loadplan.kernels.layout3d import stack_standing

    floor = _floor(rest, W, d, engine) if rest >= d - _TOL else np.zeros((0, 2))
    kz = int(math.floor((H + _TOL) / h))
    if max_layers:
        kz = min(kz, max_layers)
    if floor.shape[0] == 0 or kz <= 0:
        return
    best: _Parts | None = None
    ks = sorted({kz, max(1, min(kz, k_hint))}, reverse=True)
    for k in ks:
        trial = _Parts()
        cen = stack_standing(floor, x1, 0.0, h, k)
        trial.add(cen, "z", cen[:, 0] - 0.5 * d)
        rows = max_layers - k if max_layers else 0
        if (not max_layers or rows > 0) and H - k * h >= d - _TOL:
            tops = cen[-floor.shape[0]:, :2].copy()
            tkey = tops[:, 0] - 0.5 * d
            heads = []
            for ax in ("x", "y"):
                if ax in axes:
                    hp = _Parts()
                    _head(hp, tops, tkey, x1, rest, W, H, d, h, k, ax, rows, walls)
                    heads.append(hp)
            if heads:
                hp = max(heads, key=lambda p: p.count)
                for c, a, kk in zip(hp.centres, hp.axes, hp.keys):
                    trial.add(c, str(a[0]), kk)
                if hp.count:
                    trial.notes.append(
                        f"{hp.count} drum(s) lie on the flat tops of standing layer {k} "
                        f"(from x = {x1:.0f} mm on)")
        if best is None or trial.count > best.count:
            best = trial
    if best is not None:
        for c, a, kk in zip(best.centres, best.axes, best.keys):
            parts.add(c, str(a[0]), kk)
        parts.notes.extend(best.notes)


def _realise(L: float, W: float, H: float, d: float, h: float, axes: str, max_layers: int,
             m: int, sy: float, k_hint: int, walls: tuple[bool, bool],
             engine: bool) -> _Parts:
    """Build the layout of one split: ``m`` lying-x sections, a lying-y block, standing rest."""
    from loadplan.kernels.layout3d import extrude_x, extrude_y, support_keys_2d

    parts = _Parts((d, h))
    x = 0.0
    if m > 0:
        uv = _section(W, H, d, max_layers, walls[0], walls[1])
        cen = extrude_x(uv, 0.0, 0.0, h, m)
        parts.add(cen, "x", np.floor((cen[:, 0] + _TOL) / h) * h)
        x = m * h
    if sy > _TOL:
        ncol = int(math.floor((W + _TOL) / h))
        uv = _section(sy, H, d, max_layers, x <= _TOL, False)
        if ncol and uv.shape[0]:
            keys = support_keys_2d(uv, d, x + uv[:, 0] - 0.5 * d)
            cen = extrude_y(uv, x, 0.0, h, ncol)
            parts.add(cen, "y", np.repeat(keys, ncol))
        x += sy
    rest = L - x
    if "z" in axes and rest >= d - _TOL:
        _standing(parts, x, rest, W, H, d, h, axes, max_layers, k_hint, walls, engine)
    return parts


def _fits(axis: str, d: float, h: float, L: float, W: float, H: float) -> bool:
    t = _TOL
    if axis == "z":
        return d <= L + t and d <= W + t and h <= H + t
    if axis == "x":
        return h <= L + t and d <= W + t and d <= H + t
    return d <= L + t and h <= W + t and d <= H + t


def _build_one(d: float, h: float, L: float, W: float, H: float, axes: str, max_layers: int,
               walls: tuple[bool, bool] = (True, True), engine: bool = True,
               cap: int | None = None) -> _Parts:
    """Best layout of one box over the splits along x (see the module notes).

    The best few splits are built with lattice floors; with ``engine`` the
    pure layout and the best two are rebuilt with the circle engine's floors
    (which only add drums), so the engine runs at most three times; not at
    all when the lattice layout already holds ``cap`` drums.
    """
    parts = _Parts()
    axes = "".join(a for a in axes if _fits(a, d, h, L, W, H))
    if not axes:
        return parts
    cand = _candidates(L, W, H, d, h, axes, max_layers, walls)
    order = np.argsort(-cand[:, 0], kind="stable")
    picks: list[tuple[int, float, int]] = []
    seen = set()
    # always the pure layouts, then the best mixed splits
    for row in [cand[0]] + [cand[i] for i in order]:
        key = (int(row[1]), round(float(row[2]), 6))
        if key in seen:
            continue
        seen.add(key)
        picks.append((int(row[1]), float(row[2]), int(row[3])))
        if len(picks) >= _CANDIDATES:
            break
    trials = [_realise(L, W, H, d, h, axes, max_layers, m, sy, k, walls, False)
              for m, sy, k in picks]
    ranked = sorted(range(len(picks)), key=lambda i: -trials[i].count)
    best = trials[ranked[0]] if trials else parts
    if engine and "z" in axes and (cap is None or best.count < cap):
        for i in sorted({0, *ranked[:2]}):
            trial = _realise(L, W, H, d, h, axes, max_layers, *picks[i], walls, True)
            if trial.count > best.count:
                best = trial
    return best


def _band_widths(d: float, h: float, W: float) -> list[float]:
    """Widths of a first band along the full length where a block of up to
    four rows or columns gains one. (Complements are not needed: a band of
    width ``W - w`` against the first wall mirrors a band of width ``w``
    against the other.)"""
    lo = min(d, h) - _TOL
    out = set()
    j = 1
    while j * min(d, h) <= W and j <= 4:
        for w in (j * d, j * h, d + (j - 1) * d * math.sqrt(3.0) / 2.0):
            if lo <= w <= W - lo:
                out.add(round(w, 6))
        j += 1
    return sorted(out)


def _build(d: float, h: float, L: float, W: float, H: float, axes: str, max_layers: int,
           cap: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Best layout: centres, axes and loading keys (unsorted), notes.

    The whole box (:func:`_build_one`), or, with two or more axes, the box cut
    into two bands along its full length (``y < w`` and ``y > w``), each laid
    out on its own; a band side that is not a container wall gives drums lying
    along x nothing to lean on. Band widths are scored with the lattice counts
    of :func:`~loadplan.kernels.layout3d.split_candidates`; the best two are
    built for real and kept when they beat the whole-box layout. The search
    stops once a layout holds ``cap`` drums (the payload limit).
    """
    best = _build_one(d, h, L, W, H, axes, max_layers, cap=cap)
    usable = [a for a in axes if _fits(a, d, h, L, W, H)]
    if len(usable) >= 2 and (cap is None or best.count < cap):
        scored = []
        for w in _band_widths(d, h, W):
            s = 0.0
            for bw, walls in ((w, (True, False)), (W - w, (False, True))):
                ax = "".join(a for a in axes if _fits(a, d, h, L, bw, H))
                if ax:
                    s += float(_candidates(L, bw, H, d, h, ax, max_layers, walls)[:, 0].max())
            scored.append((s, w))
        scored.sort(key=lambda t: -t[0])
        base_quick = float(_candidates(L, W, H, d, h, "".join(usable), max_layers)[:, 0].max())
        for rank, (s, w) in enumerate(scored[:2]):
            if s <= min(base_quick, best.count) - 1e-9:
                break
            if cap is not None and best.count >= cap:
                break
            # the best-scored width is always built with the engine's floors too; the
            # others only when their lattice floors already win (an engine build keeps
            # the lattice layout unless the engine adds drums)
            engine = rank == 0
            a = _build_one(d, h, L, w, H, axes, max_layers, (True, False), engine)
            b = _build_one(d, h, L, W - w, H, axes, max_layers, (False, True), engine)
            if not engine and a.count + b.count > best.count:
                a = _build_one(d, h, L, w, H, axes, max_layers, (True, False), True)
                b = _build_one(d, h, L, W - w, H, axes, max_layers, (False, True), True)
            if a.count + b.count > best.count:
                merged = _Parts((d, h))
                for c, ax_, kk in zip(a.centres, a.axes, a.keys):
                    merged.add(c, str(ax_[0]), kk)
                for c, ax_, kk in zip(b.centres, b.axes, b.keys):
                    c = c.copy()
                    c[:, 1] += w
                    merged.add(c, str(ax_[0]), kk)
                merged.notes = a.notes + b.notes + [
                    f"two bands along the length: y < {w:.0f} mm and y > {w:.0f} mm"]
                best = merged
    c, a, k = best.arrays()
    return c, a, k, best.notes


def _loading_order(centres: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Crew order: by loading key (nose to doors; never before what carries a
    drum), then bottom up, then across."""
    if centres.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    return np.lexsort((np.round(centres[:, 1], 6), np.round(centres[:, 2], 6),
                       np.round(keys, 6)))


def _drop_top(centres: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` drums to keep when fewer are wanted: the highest go
    first (then those nearest the doors), so nothing kept loses its support and
    the centre of gravity stays low and spread along the length."""
    order = np.lexsort((-centres[:, 0], -np.round(centres[:, 2], 6)))
    return np.sort(order[centres.shape[0] - n:]) if n < centres.shape[0] else np.arange(
        centres.shape[0])


def _chock_note(axes: np.ndarray) -> list[str]:
    if np.any(axes != "z"):
        return ["Lying drums: chock the free ends of rows that do not run wall to wall; "
                "drums straight on the drum below need their rows held."]
    return []


# ----------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------
def layout_block(diameter: float, height: float, length: float, width: float,
                 height_limit: float, axes: Any = "zxy", max_layers: int | None = None,
                 max_count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pack drums of one size into the box ``[0,length] x [0,width] x [0,height_limit]``.

    Parameters
    ----------
    diameter, height : float
        The drum (mm); ``height`` is its length along its axis.
    length, width, height_limit : float
        The box (mm): x from 0 to ``length`` (nose to doors), y across, z up.
    axes : str or sequence, default ``"zxy"``
        Allowed axes: ``"z"`` standing, ``"x"`` lying along, ``"y"`` lying across.
    max_layers : int or None
        Most tiers (drums on top of one another); None for no limit.
    max_count : int or None
        At most this many drums; extra drums are removed from the doors end,
        top first, so the rest stays carried.

    Returns
    -------
    centres : numpy.ndarray
        float64 ``(n, 3)`` centroids relative to the box, in loading order
        (nose to doors, bottom up; every prefix is sound).
    axes : numpy.ndarray
        ``(n,)`` array of ``"x"``, ``"y"``, ``"z"``.

    Every drum lies inside the box, none overlap and nothing floats (see the
    module notes). A drum that fits in no allowed axis gives empty arrays.

    Raises
    ------
    ValueError
        Naming the argument when a size is not finite and positive, ``axes``
        is not made of z/x/y, or ``max_layers``/``max_count`` is invalid.

    Examples
    --------
    >>> c, a = layout_block(585, 880, 5896, 2350, 2393)
    >>> len(c)
    106
    """
    d, h, L, W, H = _box(diameter, height, length, width, height_limit)
    ax = _axes(axes)
    ml = _layers(max_layers)
    mc = _count(max_count)
    centres, axs, keys, _ = _build(d, h, L, W, H, ax, ml)
    order = _loading_order(centres, keys)
    centres, axs = centres[order], axs[order]
    if mc is not None and centres.shape[0] > mc:
        centres, axs = centres[:mc], axs[:mc]
    return np.ascontiguousarray(centres), axs.astype("U1")


def layout_across(diameter: float, height: float, length: float, width: float,
                  height_limit: float, max_layers: int | None = None,
                  max_count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Drums lying across (axis y) in a box with no wall at either end along x.

    :func:`layout_block` lets drums lying across lean on the box's ``x = 0``
    side (the front wall of a container). A zone in a shared container has
    other cargo or empty space there, so this builds the best lying-across
    cross-section with no wall on either side (end drums of upper rows only
    in grooves, see :mod:`loadplan.kernels.layout3d`), repeated
    ``floor(width / height)`` times across.

    Parameters
    ----------
    diameter, height : float
        The drum (mm); ``height`` is its length along its axis (across).
    length, width, height_limit : float
        The box (mm).
    max_layers : int or None
        Most tiers; None for no limit.
    max_count : int or None
        At most this many drums: the first ones in loading order, so every
        drum kept keeps what carries it.

    Returns
    -------
    centres : numpy.ndarray
        float64 ``(n, 3)`` centroids relative to the box, in loading order
        (nose to doors, bottom up).
    axes : numpy.ndarray
        ``(n,)`` array of ``"y"``.

    Raises
    ------
    ValueError
        Naming the argument, as :func:`layout_block`.

    Examples
    --------
    >>> c, a = layout_across(585, 880, 2000, 2350, 2393)
    >>> len(c), set(a.tolist())
    (24, {'y'})
    """
    from loadplan.kernels.layout3d import extrude_y, support_keys_2d

    d, h, L, W, H = _box(diameter, height, length, width, height_limit)
    ml = _layers(max_layers)
    mc = _count(max_count)
    ncol = int(math.floor((W + _TOL) / h))
    uv = _section(L, H, d, ml, False, False) if _fits("y", d, h, L, W, H) else np.zeros((0, 2))
    if ncol == 0 or uv.shape[0] == 0:
        return np.zeros((0, 3)), np.zeros(0, dtype="U1")
    keys = np.repeat(support_keys_2d(uv, d, uv[:, 0] - 0.5 * d), ncol)
    centres = extrude_y(uv, 0.0, 0.0, h, ncol)
    order = _loading_order(centres, keys)
    if mc is not None:
        order = order[:mc]
    return np.ascontiguousarray(centres[order]), np.full(order.shape[0], "y", dtype="U1")


def block_upper_bound(diameter: float, height: float, length: float, width: float,
                      height_limit: float, axes: Any = "zxy",
                      max_layers: int | None = None) -> int:
    """A proven upper bound on how many drums fit the box of :func:`layout_block`.

    Let ``V = pi d^2 h / 4`` be a drum's volume and ``C(a, b)`` the proven
    circle bound :func:`loadplan.pack.circle_bound` for ``a x b``.

    - **One axis, z (standing).** Take the planes ``z = u + j h`` for an offset
      ``u`` in ``(H - floor(H/h) h, h)``: exactly ``floor(H/h)`` of them meet
      the box, and every drum's half-open height interval ``[b, b + h)`` holds
      exactly one of them, so each drum is cut by one plane in a disc of
      diameter ``d``. The discs in one plane are disjoint, at most ``C(L, W)``.
      Hence ``n <= floor(H/h) C(L, W)``. With ``max_layers = K`` and standing
      drums only, every drum sits on the floor or on another drum, so all lie
      below ``K h`` and the same argument gives ``min(floor(H/h), K) C(L, W)``.
    - **One axis, x or y.** The same with planes across the axis:
      ``floor(L/h) C(W, H)`` and ``floor(W/h) C(L, H)``.
    - **Several axes.** Each axis's drums obey its own bound, so ``n`` is at
      most the sum over the allowed axes (``max_layers`` not used: standing
      drums may stand on lying ones); and the drums are disjoint inside the box,
      so ``n <= floor(L W H / V)``. The smaller of the two is returned. (A
      tighter density bound such as ``pi/sqrt(12)`` is known for infinite
      cylinders (Bezdek and Kuperberg 1990) but not proven for finite drums in
      three orientations, so it is not used.)

    Axes in which the drum does not fit the box are ignored; 0 if none fits.

    Raises
    ------
    ValueError
        As :func:`layout_block`.

    Examples
    --------
    >>> block_upper_bound(1500, 1000, 5896, 2350, 2393, axes="z")
    8
    """
    from loadplan.pack import circle_bound

    d, h, L, W, H = _box(diameter, height, length, width, height_limit)
    ax = [a for a in _axes(axes) if _fits(a, d, h, L, W, H)]
    ml = _layers(max_layers)
    if not ax:
        return 0

    def per_axis(a: str, layered: bool) -> int:
        if a == "z":
            k = int(math.floor(H / h + 1e-9))
            if layered and ml:
                k = min(k, ml)
            return k * int(circle_bound(L, W, d))
        if a == "x":
            return int(math.floor(L / h + 1e-9)) * int(circle_bound(W, H, d))
        return int(math.floor(W / h + 1e-9)) * int(circle_bound(L, H, d))

    vol = int(math.floor(L * W * H / (math.pi * d * d * h / 4.0) + 1e-9))
    if len(ax) == 1:
        return min(per_axis(ax[0], True), vol)
    return min(sum(per_axis(a, False) for a in ax), vol)


def _build_for(d: float, h: float, L: float, W: float, H: float, axes: str, max_layers: int,
               cap: int | None, shorten: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """:func:`_build` for at most ``cap`` drums; with ``shorten``, in the shortest box
    length from the nose (doubling from a volume estimate) that holds ``cap`` drums."""
    if not shorten or cap is None:
        return _build(d, h, L, W, H, axes, max_layers, cap)
    need = max(d, h)
    # drums fill well under 45 % of a box: start there, double until cap drums fit
    length = min(L, max(need, cap * (math.pi * d * d * h / 4.0) / (0.45 * W * H)))
    while True:
        out = _build(d, h, length, W, H, axes, max_layers, cap)
        if out[0].shape[0] >= cap or length >= L:
            return out
        length = min(L, 2.0 * length)


def _door_ok(axis: str, d: float, h: float, door_w: float, door_h: float) -> bool:
    t = _TOL
    if axis == "z":
        return d <= door_w + t and h <= door_h + t
    if axis == "x":
        return d <= door_w + t and d <= door_h + t
    return h <= door_w + t and d <= door_h + t



def fits_box(axis: str, diameter: float, height: float, length: float, width: float,
             height_limit: float) -> bool:
    """Whether one drum with ``axis`` fits the box ``length x width x height_limit`` (1e-6 mm)."""
    return _fits(axis, diameter, height, length, width, height_limit)


def passes_door(axis: str, diameter: float, height: float, door_width: float,
                door_height: float) -> bool:
    """Whether one drum with ``axis`` passes a door opening, moving along x (1e-6 mm)."""
    return _door_ok(axis, diameter, height, door_width, door_height)


def layout_band(diameter: float, height: float, length: float, width: float,
                height_limit: float, axes: str, max_layers: int | None,
                walls: tuple[bool, bool]) -> tuple[np.ndarray, np.ndarray]:
    """One drum size in a band box, lattice floors only (fast), in loading order.

    Parameters
    ----------
    diameter, height, length, width, height_limit : float
        Drum and box (mm).
    axes : str
        Allowed axes.
    max_layers : int or None
        Most standing layers.
    walls : (bool, bool)
        Whether the long sides ``y = 0`` and ``y = width`` are walls that may be leant on.

    Returns
    -------
    centres : ndarray (n, 3)
    axes : ndarray (n,) of str
    """
    parts = _build_one(diameter, height, length, width, height_limit, axes,
                       int(max_layers or 0), walls, False)
    centres, ax, keys = parts.arrays()
    order = _loading_order(centres, keys)
    return centres[order], ax[order]

def fill(drum: Any, container: Any, *, max_count: int | None = None) -> Any:
    """As many drums of one type as fit one container.

    Parameters
    ----------
    drum : Drum
        The drum type; its ``quantity`` is ignored. ``orientations`` and
        ``max_layers`` are honoured.
    container : Container or str
        A container or a catalog name (``"20GP"``, ``"40GP"``, ``"40HC"``,
        ``"45HC"``).
    max_count : int, optional
        At most this many drums (e.g. the quantity ordered). The work then
        follows ``max_count``, not what the container could hold: the layout
        is built in the shortest length from the nose (doubling from an
        estimate) that holds ``max_count`` drums, and its first
        ``max_count`` drums in loading order are kept (so every drum keeps
        what carries it). ``count < max_count`` means the container holds no
        more. ``upper_bound`` stays the bound for the whole container.

    Returns
    -------
    ContainerLoad
        The layout (see the module notes; the two-lane floor plan of
        :mod:`loadplan.floorplan` replaces it when that holds more), its loading steps, and
        ``upper_bound``: the smaller of :func:`block_upper_bound` over the
        usable axes and the payload cap ``floor(max_payload / weight)``.
        Over the payload cap, the highest drums are left out (then those
        nearest the doors), so the rest stays carried and the centre of
        gravity low. An axis is usable when the drum fits the container in it
        *and* passes the door opening in it (moving along x: standing, its
        ``diameter x height`` must pass ``door_width x door_height``; lying
        along x, ``diameter x diameter``; lying across, ``height x diameter``).
        No usable axis gives an empty load with a note saying why.

    Raises
    ------
    ValueError
        Unknown container name, ``drum`` is not a Drum, or the drum is outside
        the supported range: more than
        :data:`~loadplan.containers.MAX_DRUMS_PER_CONTAINER` (100,000) would
        fit the container by volume.

    Examples
    --------
    >>> import loadplan as lp
    >>> lp.fill(lp.Drum("200L", 585, 880), "20GP").count
    106
    >>> lp.fill(lp.Drum("200L", 585, 880, orientations="z"), "20GP").count
    80
    """
    from loadplan.containers import get_container
    from loadplan.model import ContainerLoad, Drum, make_placements

    if not isinstance(drum, Drum):
        raise ValueError(f"drum must be a loadplan.Drum, got {type(drum).__name__}")
    c = get_container(container)
    d, h = float(drum.diameter), float(drum.height)
    L, W, H = float(c.length), float(c.width), float(c.height)
    try:
        _check_scale(d, h, L, W, H)
    except ValueError as exc:
        raise ValueError(f"drum {drum.sku!r} in a {c.name}: {exc}") from None
    allowed = "".join(a for a in _AXES if a in drum.orientations)
    ml = _layers(drum.max_layers)
    notes: list[str] = []
    fit = [a for a in allowed if _fits(a, d, h, L, W, H)]
    usable = [a for a in fit if _door_ok(a, d, h, c.door_width, c.door_height)]
    cap = None
    if drum.weight > 0:
        cap = int(math.floor(c.max_payload / drum.weight + 1e-9))

    def empty(reason: str) -> Any:
        return ContainerLoad(c, make_placements(np.zeros((0, 3)), np.zeros(0, dtype="U1"),
                                                sku=drum.sku, diameter=d, height=h,
                                                weight=drum.weight,
                                                destination=drum.destination),
                             0, (drum.destination,), (reason,))

    if not fit:
        return empty(f"{drum.sku} (Ø{d:g} x {h:g} mm) does not fit a {c.name} in any "
                     f"allowed orientation ({', '.join(_AXIS_WORDS[a] for a in allowed)})")
    if not usable:
        return empty(f"{drum.sku} (Ø{d:g} x {h:g} mm) does not pass the {c.name} door "
                     f"({c.door_width:g} x {c.door_height:g} mm) in any allowed orientation")
    if cap == 0:
        return empty(f"{drum.sku} ({drum.weight:g} kg) is heavier than the {c.name} payload "
                     f"({c.max_payload:g} kg)")
    for a in fit:
        if a not in usable:
            notes.append(f"not loaded {_AXIS_WORDS[a]}: the drum would not pass the door that way")
    ax = "".join(usable)
    mc = _count(max_count)
    if mc == 0:
        return empty(f"max_count is 0: no {drum.sku} wanted")
    want = cap if mc is None else (mc if cap is None else min(cap, mc))
    centres, axs, keys, bnotes = _build_for(d, h, L, W, H, ax, ml, want, mc is not None)
    if want is None or centres.shape[0] < want:  # competitor: column types on the floor
        from loadplan.floorplan import floor_plan

        alt = floor_plan(d, h, L, W, H, ax, ml, beat=int(centres.shape[0]))
        if alt is not None and alt[0].shape[0] > centres.shape[0]:
            centres, axs, keys, bnotes = alt
    notes.extend(bnotes)
    ub = block_upper_bound(d, h, L, W, H, ax, drum.max_layers)
    if cap is not None:
        ub = min(ub, cap)
        if centres.shape[0] > cap and (mc is None or mc > cap):
            keep = _drop_top(centres, cap)
            notes.append(f"payload limit: {cap} drums of {drum.weight:g} kg "
                         f"(max payload {c.max_payload:g} kg); "
                         f"{centres.shape[0] - cap} drum(s) left out from the top")
            centres, axs, keys = centres[keep], axs[keep], keys[keep]
    order = _loading_order(centres, keys)
    if mc is not None and order.shape[0] > mc:
        order = order[:mc]
        notes = [n for n in notes if n not in bnotes]  # they describe the layout before the cut
    centres, axs = centres[order], axs[order]
    notes.extend(_chock_note(axs))
    placements = make_placements(centres, axs, sku=drum.sku, diameter=d, height=h,
                                 weight=drum.weight, destination=drum.destination)
    return ContainerLoad(c, placements, int(ub), (drum.destination,), tuple(notes))
