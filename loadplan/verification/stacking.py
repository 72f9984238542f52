"""Stacking rules for the verifier: layer boards, weight carried, heavy on light.

Plain NumPy (and shapely for areas), written from the definitions below and
sharing no code with the packer; :mod:`loadplan.verification.rules` calls these
functions with its own arrays: drum centroids ``cen`` (n, 3), axis index ``k``
(0 x, 1 y, 2 z), radii ``r``, half lengths ``hl``, and the plan-view
*shadow* of each drum, the box ``lo2 .. hi2`` (n, 2) it covers seen from
above. Heights match within ``TOL`` (1e-6 mm).

Layer boards
------------
A board (a row of :attr:`loadplan.model.ContainerLoad.boards`) is a flat sheet,
the box ``x0..x1 × y0..y1 × z..z + thickness``. The rules:

* **inside, apart**: a board lies inside the container and interpenetrates no
  drum and no other board by more than ``TOL`` (exact for a cylinder against
  a box: the cross-section disc against the box's rectangle);
* **carried by a full layer**: a board on the floor (``z <= TOL``) is carried
  by it. Any other board rests on its *carriers*, the drums whose top is at
  ``z`` and whose shadow meets the board by more than ``TOL``; their shadows
  (a standing drum's disc, a lying drum's ``d × length`` rectangle), clipped
  to the board, must cover at least :data:`MIN_BOARD_COVER` (50 %) of its
  area: a layer under it, not a few drums;
* **the board under the drum**: a drum that nothing carries directly and
  whose bottom is at ``z + thickness`` of a board meeting its shadow stands
  on the board(s) at that height. Its base centre (for a lying drum the
  midpoint of its bottom line) must be on a board, and at least
  ``MIN_SUPPORT_SHARE`` (50 %) of its base area (lying: ``MIN_LINE_SHARE``,
  50 %, of its bottom line) must be over boards;
* **over the layer that carries the board**: a board is taken as rigid: it
  spreads a drum's load over all its carriers. The drum's base centre (lying:
  the midpoint of its bottom line) must lie in the board's *support region*,
  the convex hull of its carriers' top footprints (discs; a lying carrier's
  top line as a strip of 10 % of its diameter) clipped to the board, and at
  least 50 % of its base (lying: of its bottom line) must be over that region
  (:func:`board_support`). A board lying on the floor is carried by the floor
  over its whole rectangle; the drums on it are in layer 1.

Weight carried (``Drum.max_load``)
----------------------------------
Every drum passes its own weight plus the weight it carries down to the
drums it rests on (its direct support contacts or, on a board, every carrier
of the board(s) under it: the rigid board of the rule above), in equal shares. ``carried[i]`` is the total weight that
arrives at drum ``i`` this way. It is exact for columns (a drum carries the
sum of the drums stacked on it); for a drum bridging several drums below,
and for a board, it assumes the load splits evenly; it ignores friction with walls and
neighbours, which would only relieve the drums below. Boards weigh nothing
in this model. A drum is overloaded when ``carried > max_load`` (relative
tolerance 1e-9).

Heavy on light
--------------
A support contact (drum ``u`` resting on drum ``w``, directly or through a
board) is *heavy on light* when they are of different skus and ``u`` weighs
more than ``w`` (relative tolerance 1e-9). It is a violation unless the plan
allows it (``heavy_on_light=True``).
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from loadplan.verification.tolerances import MIN_BOARD_COVER, TOL

__all__ = [
    "MIN_BOARD_COVER",
    "board_carriers",
    "carrier_cover",
    "board_support",
    "board_problems",
    "carried_weight",
    "heavy_on_light_pairs",
]



def _meets(lo2: np.ndarray, hi2: np.ndarray, board: np.void) -> np.ndarray:
    """Which shadows meet the board's rectangle by more than TOL."""
    return ((lo2[:, 0] < board["x1"] - TOL) & (hi2[:, 0] > board["x0"] + TOL)
            & (lo2[:, 1] < board["y1"] - TOL) & (hi2[:, 1] > board["y0"] + TOL))


def board_carriers(boards: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> list[np.ndarray]:
    """For each board, the drums carrying it: top at its underside, shadow meeting it.

    ``lo, hi`` (n, 3) are the drums' bounding boxes.
    """
    top = hi[:, 2]
    order = np.argsort(top, kind="stable")
    out = []
    for b in boards:
        a = np.searchsorted(top[order], b["z"] - TOL, side="left")
        e = np.searchsorted(top[order], b["z"] + TOL, side="right")
        near = np.sort(order[a:e])
        out.append(near[_meets(lo[near, :2], hi[near, :2], b)])
    return out


def board_support(cen: np.ndarray, k: np.ndarray, r: np.ndarray, hl: np.ndarray,
                  todo: np.ndarray, boards: np.ndarray,
                  shares: tuple[float, float, float] = (0.5, 0.5, 0.1),
                  ) -> tuple[dict[int, str], np.ndarray, np.ndarray, np.ndarray]:
    """Drums standing on layer boards: their problems and their contacts through the boards.

    A drum of ``todo`` (carried by no drum directly) is on the boards whose top
    is at its bottom and whose rectangle its shadow meets. It needs the board
    under its base (see the module docstring) and, as a rigid board spreads
    the load over all its carriers, its base centre (lying: the midpoint of
    its bottom line) inside their *support region*: the convex hull of the
    carriers' top footprints (discs; a lying drum's top line as a strip of
    ``shares[2]`` of its diameter), clipped to the board, with at least
    ``shares[0]`` of its base (lying: ``shares[1]`` of its bottom line) over
    that region. A board on the floor (``z <= TOL``) is carried by the floor:
    its region is its whole rectangle, and the drums on it are in layer 1.

    Parameters
    ----------
    cen, k, r, hl
        The drums (see the module docstring).
    todo : numpy.ndarray of int
        Drums to examine (off the floor, nothing under them directly).
    boards : numpy.ndarray
        :data:`loadplan.model.BOARD_DTYPE` rows.
    shares : (float, float, float)
        The verifier's ``MIN_SUPPORT_SHARE``, ``MIN_LINE_SHARE`` and
        ``LINE_STRIP_SHARE``.

    Returns
    -------
    problems : dict
        ``{drum: problem}``; drums of ``todo`` on no board are not listed (they float).
    bu, bw : numpy.ndarray of int
        Contacts through boards: drum ``bu[j]`` rests on carrier ``bw[j]``.
    on_board : numpy.ndarray of bool, shape (n,)
        The drums of ``todo`` that are on a board.
    """
    empty = np.zeros(0, np.int64)
    if todo.size == 0 or boards.shape[0] == 0:
        return {}, empty, empty, np.zeros(k.shape[0], dtype=bool)
    ext = np.repeat(r[:, None], 3, axis=1)
    ext[np.arange(k.shape[0]), k] = hl
    lo, hi = cen - ext, cen + ext
    carriers = board_carriers(boards, lo, hi)
    regions = [_support_region(board, c, cen, k, r, hl, shares[2])
               for board, c in zip(boards, carriers)]
    problems: dict[int, str] = {}
    on_board = np.zeros(k.shape[0], dtype=bool)
    bu: list[np.ndarray] = []
    bw: list[np.ndarray] = []
    for key, members in _board_groups(todo, lo, hi, boards).items():
        on = np.array(key, dtype=np.int64)
        on_board[members] = True
        region = shapely.convex_hull(shapely.union_all([regions[b] for b in on]))
        under = np.unique(np.concatenate([carriers[b] for b in on]))
        bu.append(np.repeat(members, under.size))
        bw.append(np.tile(under, members.size))
        rects = boards[on]
        # fast path: the drum's whole shadow on one board and inside the support region
        inside = ((rects["x0"][None, :] <= lo[members, 0:1]) & (hi[members, 0:1] <= rects["x1"][None, :])
                  & (rects["y0"][None, :] <= lo[members, 1:2])
                  & (hi[members, 1:2] <= rects["y1"][None, :])).any(axis=1)
        shadows = shapely.box(lo[members, 0], lo[members, 1], hi[members, 0], hi[members, 1])
        inside &= shapely.contains(region, shadows)
        for i in members[~inside].tolist():
            problem = _base_problem(cen[i], int(k[i]), r[i], hl[i], rects, shares)
            if problem is None:
                problem = _region_problem(cen[i], int(k[i]), r[i], hl[i], region, shares)
            if problem is not None:
                problems[i] = problem
    if not bu:
        return problems, empty, empty, on_board
    return problems, np.concatenate(bu), np.concatenate(bw), on_board


def _board_groups(todo: np.ndarray, lo: np.ndarray, hi: np.ndarray, boards: np.ndarray,
                  chunk: int = 20_000) -> dict[tuple[int, ...], np.ndarray]:
    """Drums of ``todo`` grouped by the set of boards they stand on (drums on none left out)."""
    top_b = boards["z"] + boards["thickness"]
    groups: dict[tuple[int, ...], list[np.ndarray]] = {}
    for start in range(0, todo.size, chunk):
        t = todo[start:start + chunk]
        hit = ((np.abs(top_b[None, :] - lo[t, 2:3]) <= TOL)
               & (lo[t, 0:1] < boards["x1"][None, :] - TOL) & (hi[t, 0:1] > boards["x0"][None, :] + TOL)
               & (lo[t, 1:2] < boards["y1"][None, :] - TOL) & (hi[t, 1:2] > boards["y0"][None, :] + TOL))
        some = hit.any(axis=1)
        if not some.any():
            continue
        rows, inv = np.unique(hit[some], axis=0, return_inverse=True)
        for g, row in enumerate(rows):
            groups.setdefault(tuple(np.nonzero(row)[0].tolist()), []).append(
                t[some][inv.reshape(-1) == g])
    return {key: np.sort(np.concatenate(parts)) for key, parts in groups.items()}


def _support_region(board: np.void, carriers: np.ndarray, cen: np.ndarray, k: np.ndarray,
                    r: np.ndarray, hl: np.ndarray, strip: float) -> object:
    """Convex hull of the carriers' top footprints, clipped to the board's rectangle."""
    rect = shapely.box(board["x0"], board["y0"], board["x1"], board["y1"])
    if board["z"] <= TOL:
        return rect  # on the floor
    if carriers.size == 0:
        return shapely.from_wkt("POLYGON EMPTY")
    st = carriers[k[carriers] == 2]
    ly = carriers[k[carriers] != 2]
    if st.size > 3:
        # only discs near the hull of the centres can shape the hull of the discs: a disc
        # whose centre lies deeper inside than its radius minus the smallest one cannot
        hull = shapely.convex_hull(shapely.multipoints(cen[st, :2]))
        if shapely.get_type_id(hull) == 3:  # a polygon
            depth = shapely.distance(shapely.get_exterior_ring(hull),
                                     shapely.points(cen[st, 0], cen[st, 1]))
            st = st[depth <= r[st] - r[st].min() + 1e-6]
    feet = list(shapely.buffer(shapely.points(cen[st, 0], cen[st, 1]), r[st], quad_segs=16))
    half = strip * r[ly]
    ex = np.where(k[ly] == 0, hl[ly], half)
    ey = np.where(k[ly] == 0, half, hl[ly])
    feet += list(shapely.box(cen[ly, 0] - ex, cen[ly, 1] - ey, cen[ly, 0] + ex, cen[ly, 1] + ey))
    hull = shapely.convex_hull(shapely.multipolygons(feet) if feet else rect)
    return shapely.intersection(hull, rect)


def _base_problem(c: np.ndarray, ax: int, radius: float, half: float, rects: np.ndarray,
                  shares: tuple[float, float, float]) -> str | None:
    """The rule "the board under the drum" for one drum over the boards ``rects``."""
    x, y = c[0], c[1]
    hx = radius if ax != 0 else half
    hy = radius if ax != 1 else half
    if ((rects["x0"] <= x - hx) & (x + hx <= rects["x1"])
            & (rects["y0"] <= y - hy) & (y + hy <= rects["y1"])).any():
        return None  # the whole shadow on one board
    centre = ((rects["x0"] - TOL <= x) & (x <= rects["x1"] + TOL)
              & (rects["y0"] - TOL <= y) & (y <= rects["y1"] + TOL)).any()
    if ax == 2:
        share, need, what = _disc_share(x, y, radius, rects), shares[0], "base"
    else:
        share, need, what = _line_share(c, ax, half, rects), shares[1], "bottom line"
    if not centre:
        return f"is off its layer board: the centre of its {what} is not over a board"
    if share < need - 1e-9:
        return (f"is on the edge of its layer board: only {share:.0%} of its {what} is over "
                f"a board (at least {need:.0%} required)")
    return None


def _disc_share(x: float, y: float, radius: float, rects: np.ndarray) -> float:
    """Share of the disc's area over the union of the rectangles."""
    disc = shapely.Point(x, y).buffer(radius, quad_segs=16)
    boxes = shapely.box(rects["x0"], rects["y0"], rects["x1"], rects["y1"])
    covered = shapely.union_all(boxes).intersection(disc)
    return float(covered.area / disc.area)


def _line_share(c: np.ndarray, ax: int, half: float, rects: np.ndarray) -> float:
    """Share of a lying drum's bottom line (along ``ax``) over the rectangles."""
    lat = 1 - ax
    lo_a, hi_a = ("x0", "x1") if ax == 0 else ("y0", "y1")
    lo_l, hi_l = ("y0", "y1") if ax == 0 else ("x0", "x1")
    on = (rects[lo_l] - TOL <= c[lat]) & (c[lat] <= rects[hi_l] + TOL)
    segs = sorted(zip(np.maximum(rects[lo_a][on], c[ax] - half).tolist(),
                      np.minimum(rects[hi_a][on], c[ax] + half).tolist()))
    covered, reach = 0.0, -math.inf
    for s0, s1 in segs:
        s0 = max(s0, reach)
        if s1 > s0:
            covered += s1 - s0
            reach = s1
    return covered / (2 * half)


def _region_problem(c: np.ndarray, ax: int, radius: float, half: float, region: object,
                    shares: tuple[float, float, float]) -> str | None:
    """The support-polygon rule for one drum over a board's support region."""
    centre = shapely.Point(c[0], c[1])
    if ax == 2:
        base = centre.buffer(radius, quad_segs=16)
        if shapely.contains(region, base):
            return None
        share = shapely.area(shapely.intersection(region, base)) / base.area
        if shapely.is_empty(region) or not shapely.distance(region, centre) <= TOL:
            return "floats: its base centre is not over what carries it"
        if share < shares[0] - 1e-9:
            return (f"is barely carried: only {share:.0%} of its base is over its support "
                    f"(at least {shares[0]:.0%} required)")
        return None
    p0, p1 = [c[0], c[1]], [c[0], c[1]]
    p0[ax] -= half
    p1[ax] += half
    line = shapely.intersection(shapely.LineString([p0, p1]), region)
    if shapely.is_empty(line) or not shapely.distance(line, centre) <= TOL:
        return "floats: its centre is not over the board that carries it"
    if shapely.length(line) < shares[1] * 2 * half - 1e-9:
        return (f"is barely carried: its board support spans {shapely.length(line) / (2 * half):.0%} "
                f"of its length (at least {shares[1]:.0%} required)")
    return None


def board_problems(boards: np.ndarray, cen: np.ndarray, k: np.ndarray, r: np.ndarray,
                   hl: np.ndarray, size: np.ndarray) -> list[str]:
    """Problems of the boards themselves: inside, apart, carried by a full layer.

    Parameters
    ----------
    boards : numpy.ndarray
        :data:`loadplan.model.BOARD_DTYPE` rows.
    cen, k, r, hl
        The drums (see the module docstring).
    size : numpy.ndarray, shape (3,)
        The container's inside length, width and height.

    Returns
    -------
    list of str
        One sentence per problem, naming the board by its number (1-based,
        in the order of ``boards``, as the report and the loading steps do).
    """
    out: list[str] = []
    ext = np.repeat(r[:, None], 3, axis=1)
    ext[np.arange(k.shape[0]), k] = hl
    lo, hi = cen - ext, cen + ext
    blo = np.stack([boards["x0"], boards["y0"], boards["z"]], axis=1)
    bhi = np.stack([boards["x1"], boards["y1"], boards["z"] + boards["thickness"]], axis=1)
    for b, board in enumerate(boards):
        name = (f"layer board {b + 1} (x {board['x0']:.6g}-{board['x1']:.6g}, "
                f"y {board['y0']:.6g}-{board['y1']:.6g}, z {board['z']:.6g} mm)")
        if (blo[b] < -TOL).any() or (bhi[b] > size + TOL).any():
            out.append(f"{name} sticks out of the container")
        others = np.nonzero(((blo < bhi[b] - TOL) & (blo[b] < bhi - TOL)).all(axis=1))[0]
        for o in others[others > b].tolist():
            out.append(f"{name} overlaps layer board {o + 1}")
        hit = _board_hits(blo[b], bhi[b], cen, k, r, lo, hi)
        if hit.size:
            out.append(f"{name} cuts through {hit.size} drum(s), the first at centre "
                       f"({cen[hit[0], 0]:.6g}, {cen[hit[0], 1]:.6g}, {cen[hit[0], 2]:.6g}) mm")
        if board["z"] > TOL:
            cover = carrier_cover(board, cen, k, r, lo, hi)
            if cover < MIN_BOARD_COVER - 1e-9:
                out.append(f"{name} is not carried by a full layer: the drums under it cover "
                           f"{cover:.0%} of its area (at least {MIN_BOARD_COVER:.0%} required)")
    return out


def _board_hits(blo: np.ndarray, bhi: np.ndarray, cen: np.ndarray, k: np.ndarray,
                r: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Drums that interpenetrate the box ``blo..bhi`` by more than TOL (exact)."""
    cand = np.nonzero(((lo < bhi - TOL) & (blo < hi - TOL)).all(axis=1))[0]
    if cand.size == 0:
        return cand
    kk = k[cand]
    rows = np.arange(cand.size)
    # the cross-section plane: the two axes other than the drum's axis
    a1, a2 = (kk + 1) % 3, (kk + 2) % 3
    c = cen[cand]
    d1 = np.maximum(np.maximum(blo[a1] - c[rows, a1], c[rows, a1] - bhi[a1]), 0.0)
    d2 = np.maximum(np.maximum(blo[a2] - c[rows, a2], c[rows, a2] - bhi[a2]), 0.0)
    return cand[np.hypot(d1, d2) < r[cand] - TOL]


def carrier_cover(board: np.void, cen: np.ndarray, k: np.ndarray, r: np.ndarray,
                   lo: np.ndarray, hi: np.ndarray) -> float:
    """Share of the board's area covered by the shadows of the drums carrying it."""
    carriers = np.nonzero((np.abs(hi[:, 2] - board["z"]) <= TOL)
                          & _meets(lo[:, :2], hi[:, :2], board))[0]
    if carriers.size == 0:
        return 0.0
    st = carriers[k[carriers] == 2]
    ly = carriers[k[carriers] != 2]
    rect = shapely.box(board["x0"], board["y0"], board["x1"], board["y1"])
    # standing carriers do not overlap one another (else an overlap is reported): their
    # areas add up; the boxes of lying ones may overlap a little, so they are merged
    whole = ((cen[st, 0] - r[st] >= board["x0"]) & (cen[st, 0] + r[st] <= board["x1"])
             & (cen[st, 1] - r[st] >= board["y0"]) & (cen[st, 1] + r[st] <= board["y1"]))
    area = float(math.pi * (r[st[whole]] ** 2).sum())
    edge = st[~whole]
    discs = shapely.buffer(shapely.points(cen[edge, 0], cen[edge, 1]), r[edge], quad_segs=16)
    area += float(shapely.area(shapely.intersection(discs, rect)).sum()) if edge.size else 0.0
    if ly.size:
        discs = shapely.buffer(shapely.points(cen[st, 0], cen[st, 1]), r[st], quad_segs=16)
        boxes = shapely.union_all(shapely.box(lo[ly, 0], lo[ly, 1], hi[ly, 0], hi[ly, 1]))
        area += float(shapely.area(shapely.intersection(shapely.difference(boxes, shapely.union_all(
            discs)) if st.size else boxes, rect)))
    return min(area / float(shapely.area(rect)), 1.0)


def carried_weight(weight: np.ndarray, bottom: np.ndarray, su: np.ndarray,
                   sw: np.ndarray) -> np.ndarray:
    """Weight resting on each drum, passed down the support contacts in equal shares.

    Parameters
    ----------
    weight : numpy.ndarray, shape (n,)
        Each drum's own weight, kg.
    bottom : numpy.ndarray, shape (n,)
        Each drum's lowest z: a drum rests only on drums whose bottom is lower.
    su, sw : numpy.ndarray of int
        Support contacts: drum ``su[j]`` rests on drum ``sw[j]``.

    Returns
    -------
    numpy.ndarray, shape (n,)
        ``carried[i]``: the weight arriving at drum ``i`` from above (its own
        weight not included); see the module docstring.

    Examples
    --------
    >>> import numpy as np
    >>> carried_weight(np.array([10.0, 20.0, 30.0]), np.array([0.0, 1.0, 2.0]),
    ...                np.array([1, 2]), np.array([0, 1])).tolist()
    [50.0, 30.0, 0.0]
    """
    n = weight.shape[0]
    carried = np.zeros(n)
    if su.size == 0:
        return carried
    share = np.bincount(su, minlength=n).astype(np.float64)
    order = np.argsort(-bottom[su], kind="stable")
    su, sw = su[order], sw[order]
    level = bottom[su]
    # contacts grouped by the height of the upper drum, highest first: every drum
    # above a level has passed its load on before that level passes its own
    starts = np.r_[0, np.nonzero(np.diff(level) < 0)[0] + 1, su.size]
    for a, b in zip(starts[:-1].tolist(), starts[1:].tolist()):
        u = su[a:b]
        np.add.at(carried, sw[a:b], (weight[u] + carried[u]) / share[u])
    return carried


def heavy_on_light_pairs(sku: np.ndarray, weight: np.ndarray, su: np.ndarray,
                         sw: np.ndarray) -> np.ndarray:
    """Indices ``j`` of the support contacts where a heavier sku rests on a lighter one.

    Examples
    --------
    >>> import numpy as np
    >>> heavy_on_light_pairs(np.array(["A", "B"]), np.array([5.0, 9.0]),
    ...                      np.array([1]), np.array([0])).tolist()
    [0]
    """
    heavy = np.nonzero(weight[su] > weight[sw] * (1 + 1e-9) + 1e-12)[0]
    return heavy[sku[su[heavy]] != sku[sw[heavy]]]
