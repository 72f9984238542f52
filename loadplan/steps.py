"""Loading instructions a crew can follow, from a container's placements.

:func:`describe` walks a :class:`~loadplan.model.ContainerLoad`'s placements in
loading order (``step``: nose to doors, bottom up) and groups them into
blocks: a run of drums of one sku and destination, split by axis. Each block
becomes one numbered line, e.g.::

    1. DJ60, standing, 4 high, hex rows across, from the front wall to 3.85 m (126 drums)

followed, where they apply, by indented lines saying where layer boards and
chocks go; gaps at the front wall or the doors that need blocking get their
own lines. :meth:`ContainerLoad.steps() <loadplan.model.ContainerLoad.steps>`
delegates here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from loadplan.axes import AXIS_WORDS_LONG

__all__ = ["describe", "blocks", "block_ids", "on_boards", "rest_kinds", "FLOOR", "BOARD",
           "RAISED", "instructions", "board_steps", "board_line"]

_AXIS_NAMES = AXIS_WORDS_LONG  # one vocabulary: loadplan.axes
_GAP_TO_BLOCK = 150.0
"""A gap (mm) at the doors larger than this is blocked (CTU Code Annex 7: a tight stow, else blocking)."""


def _levels(values: np.ndarray, tol: float = 1.0) -> list[float]:
    """Distinct values, merged when closer than ``tol``."""
    out: list[float] = []
    for v in np.sort(values):
        if not out or v - out[-1] > tol:
            out.append(float(v))
    return out


def _pattern(p: np.ndarray, layers: int = 1) -> str:
    """How the bottom layer ``p`` of a standing block of ``layers`` layers is arranged."""
    if p.shape[0] < 2:
        return "one stack" if layers > 1 else "single drum"
    d = float(p["diameter"][0])
    xs = _levels(p["x"])
    ys = _levels(p["y"])
    dx = float(np.min(np.diff(xs))) if len(xs) > 1 else np.inf
    dy = float(np.min(np.diff(ys))) if len(ys) > 1 else np.inf
    # rows at constant x run across the container; rows are spaced by their pitch,
    # drums in a row by d, and staggering halves the spacing of the in-row levels
    across = len(xs) >= len(ys) if abs(dx - dy) <= 1.0 else dx > dy
    along_coord, row_coord = ("x", "y") if across else ("y", "x")
    rows = _levels(p[along_coord])
    direction = "across" if across else "along"
    if len(rows) < 2:
        return f"one row {direction}"
    pitch = float(np.min(np.diff(rows)))
    firsts = []
    for r in rows[:2]:
        m = np.abs(p[along_coord] - r) <= 1.0
        firsts.append(float(p[row_coord][m].min()))
    shift = abs(firsts[1] - firsts[0]) % d
    shift = min(shift, d - shift)
    if shift <= 1.0:
        return f"square rows {direction}"
    if shift >= 0.45 * d and pitch < d - 1.0:  # nested in the hollows (spread rows included)
        return f"hex rows {direction}"
    return f"shifted rows {direction}"


def blocks(load: Any) -> list[dict]:
    """The blocks of a load in loading order, as dicts (for reports).

    A block is a run of consecutive steps with one sku and destination, split
    by axis and by what the drums' stacks rest on (the floor, a layer board,
    other drums: :func:`rest_kinds`), so the blocks of one run may interleave
    in loading order.

    Parameters
    ----------
    load : ContainerLoad

    Returns
    -------
    list of dict
        Keys: ``sku``, ``destination``, ``axis``, ``count``, ``x0``, ``x1``
        (extent along the length, mm), ``z0`` (lowest point, mm), ``layers``,
        ``pattern`` (standing blocks), ``board`` (thickness of the layer
        boards between layers, mm, 0 if none), ``on_board`` (the block stands
        on layer boards), ``straight`` (a lying block whose upper rows sit
        straight on the rows below, not in the grooves), ``start`` and ``stop``
        (the block's first and last loading step).
    """
    p = load.placements
    ids = block_ids(load)
    kind = rest_kinds(load)
    out: list[dict] = []
    for k in range(int(ids.max()) + 1 if ids.size else 0):
        m = ids == k
        out.append(_block(p[m], str(p["axis"][m][0]), bool(kind[m][0] == BOARD)))
    return out


FLOOR, BOARD, RAISED = 0, 1, 2
"""What a stack of drums rests on (:func:`rest_kinds`): the floor, a layer board, or
other drums (e.g. lying drums on standing ones)."""


def rest_kinds(load: Any, tol: float = 1.0) -> np.ndarray:
    """What the stack of each drum of a load rests on: :data:`FLOOR`, :data:`BOARD` or
    :data:`RAISED`, one int per placement.

    A drum is in the stack of a drum of its own axis below it (at most a diameter,
    lying, or a height, standing, lower, plus a board's thickness and ``tol``, so that
    layers with a board between them stay one stack; overlapping it in plan view)
    and gets that drum's kind. The lowest drum of a stack: FLOOR on the floor; BOARD
    with its bottom at a board's top and its centre over the board (:func:`on_boards`;
    e.g. standing drums on a board over lying ones); RAISED otherwise (on drums of
    another axis)."""
    p = load.placements
    n = p.shape[0]
    out = np.full(n, FLOOR, dtype=np.int64)
    if n == 0:
        return out
    ax = p["axis"]
    size = np.where(ax == "z", p["height"], p["diameter"])
    bottom = p["z"] - size / 2.0
    half_x = np.where(ax == "x", p["height"], p["diameter"]) / 2.0
    half_y = np.where(ax == "y", p["height"], p["diameter"]) / 2.0
    board = on_boards(load, tol)
    gap = float(load.boards["thickness"].max()) if board.any() else 0.0
    for i in sorted(np.flatnonzero(bottom > tol).tolist(), key=lambda j: float(p["z"][j])):
        below = np.flatnonzero(
            (ax == ax[i]) & (p["z"] < p["z"][i] - tol) & (p["z"] >= p["z"][i] - size[i] - gap - tol)
            & (np.abs(p["x"] - p["x"][i]) < half_x + half_x[i] - tol)
            & (np.abs(p["y"] - p["y"][i]) < half_y + half_y[i] - tol))
        out[i] = out[below[0]] if below.size else BOARD if board[i] else RAISED
    return out


def on_boards(load: Any, tol: float = 1.0) -> np.ndarray:
    """Which drums of a load rest on a layer board of ``load.boards`` (bottom at the
    board's top within ``tol`` mm, centre over the board), one bool per placement."""
    p = load.placements
    out = np.zeros(p.shape[0], dtype=bool)
    boards = getattr(load, "boards", None)
    if boards is None or boards.shape[0] == 0 or p.shape[0] == 0:
        return out
    bottom = p["z"] - np.where(p["axis"] == "z", p["height"], p["diameter"]) / 2.0
    for x0, x1, y0, y1, z, t in boards.tolist():
        out |= ((np.abs(bottom - (z + t)) <= tol) & (p["x"] >= x0 - tol) & (p["x"] <= x1 + tol)
                & (p["y"] >= y0 - tol) & (p["y"] <= y1 + tol))
    return out


def _block(part: np.ndarray, axis: str, on_board: bool) -> dict:
    """One block's summary (see :func:`blocks`): drums of one sku, destination and axis,
    all on layer boards or none."""
    d = part["diameter"].astype(np.float64)
    h = part["height"].astype(np.float64)
    half_x = np.where(part["axis"] == "x", h, d) / 2.0
    half_z = np.where(part["axis"] == "z", h, d) / 2.0
    levels = _levels(part["z"])
    board = 0.0
    if axis == "z" and len(levels) > 1:
        hh = float(h[0])
        gaps = [levels[k + 1] - levels[k] - hh for k in range(len(levels) - 1)]
        board = max(0.0, min(gaps))
    bottom = part[np.abs(part["z"] - levels[0]) <= 1.0]
    return {
        "sku": str(part["sku"][0]),
        "destination": str(part["destination"][0]),
        "axis": axis,
        "count": int(part.shape[0]),
        "x0": float((part["x"] - half_x).min()),
        "x1": float((part["x"] + half_x).max()),
        "z0": float((part["z"] - half_z).min()),
        "layers": len(levels),
        "pattern": _pattern(bottom, len(levels)) if axis == "z" else "",
        "board": board,
        "on_board": on_board,
        "straight": axis != "z" and len(levels) > 1 and _straight(part, axis, levels),
        "start": int(part["step"].min()),
        "stop": int(part["step"].max()),
    }


def _straight(part: np.ndarray, axis: str, levels: list[float]) -> bool:
    """Whether the upper rows of a lying block sit straight on the rows below (each
    drum above the bottom level directly over one below it) rather than in the grooves."""
    across = part["x"] if axis == "y" else part["y"]  # the coordinate across the drums' axes
    for lo, hi in zip(levels, levels[1:]):
        below = across[np.abs(part["z"] - lo) <= 1.0]
        above = across[np.abs(part["z"] - hi) <= 1.0]
        if any(np.abs(below - v).min() > 1.0 for v in above.tolist()):
            return False
    return True


def board_steps(load: Any, tol: float = 1.0) -> list[dict]:
    """Where and when each layer board of a load goes (from ``load.boards``).

    A board is laid once the drums it rests on are in and before the drums
    on it: after the last step of the drums whose top is at its underside
    and whose plan-view box meets it, before the first step of the drums
    whose bottom is at its top and whose box meets it (heights within
    ``tol`` mm).

    Parameters
    ----------
    load : ContainerLoad
    tol : float, default 1.0
        Height tolerance in mm.

    Returns
    -------
    list of dict
        One per board, in the order of ``load.boards``: ``number`` (1-based),
        ``x0, x1, y0, y1`` (extent, mm), ``z`` (underside), ``thickness``,
        ``after`` (last step of the drums under it, or None), ``before``
        (first step of the drums on it, or None) and ``carries`` (how many
        drums stand on it).
    """
    p = load.placements
    boards = getattr(load, "boards", None)
    if boards is None or boards.shape[0] == 0:
        return []
    ax = p["axis"]
    half_x = np.where(ax == "x", p["height"], p["diameter"]) / 2.0
    half_y = np.where(ax == "y", p["height"], p["diameter"]) / 2.0
    half_z = np.where(ax == "z", p["height"], p["diameter"]) / 2.0
    bottom, top = p["z"] - half_z, p["z"] + half_z
    out = []
    for i, b in enumerate(boards.tolist()):
        x0, x1, y0, y1, z, t = b
        meets = ((p["x"] - half_x < x1 - tol) & (p["x"] + half_x > x0 + tol)
                 & (p["y"] - half_y < y1 - tol) & (p["y"] + half_y > y0 + tol))
        under = meets & (np.abs(top - z) <= tol)
        on = meets & (np.abs(bottom - (z + t)) <= tol)
        out.append({
            "number": i + 1, "x0": x0, "x1": x1, "y0": y0, "y1": y1, "z": z, "thickness": t,
            "after": int(p["step"][under].max()) if under.any() else None,
            "before": int(p["step"][on].min()) if on.any() else None,
            "carries": int(on.sum()),
        })
    return out


def board_line(b: dict, width: float) -> str:
    """One instruction for a board of :func:`board_steps` (``width``: the container's)."""
    across = ("full width" if b["y0"] <= 1.0 and b["y1"] >= width - 1.0
              else f"{_metres(b['y0'])} to {_metres(b['y1'])} across")
    when = []
    if b["after"] is not None:
        when.append(f"after step {b['after']}")
    if b["before"] is not None:
        when.append(f"before step {b['before']}")
    on = "on the floor" if b["z"] <= 1.0 else f"on the drums' tops at {_metres(b['z'])}"
    return (f"   Lay layer board {b['number']} ({b['thickness']:.0f} mm) {on}, from "
            f"{_metres(b['x0'])} to {_metres(b['x1'])} along, {across}"
            + (f" ({', '.join(when)})" if when else "") + f"; it carries {b['carries']} drum"
            + ("" if b["carries"] == 1 else "s") + ".")


def _metres(x: float) -> str:
    return f"{x / 1000:.2f} m"


def _chock_lines(b: dict) -> list[str]:
    """Where the chocks of a lying block of :func:`blocks` go (none for standing blocks)."""
    upper = ("" if b["layers"] <= 1 else
             "; upper rows sit straight on the drums below: chock them too" if b["straight"]
             else "; upper rows lie in the grooves")
    if b["axis"] == "x":
        return ["   Chock both ends of every bottom row and wedge the outer drums "
                f"against the side walls{upper}."]
    if b["axis"] == "y" and b["x0"] > 1.0:
        return ["   Chock the bottom row at both ends (nose side first, door side as "
                f"the row is completed){upper}."]
    if b["axis"] == "y":
        return [f"   Chock each bottom-row drum on the door side as it is placed{upper}."]
    return []


def describe(load: Any) -> list[str]:
    """Human-readable loading instructions for one container, in loading order.

    Parameters
    ----------
    load : ContainerLoad

    Returns
    -------
    list of str
        Numbered block lines (``"1. DJ60, standing, 4 high, hex rows across,
        from the front wall to 3.85 m (126 drums)"``); lines starting with
        three spaces add where layer boards and chocks go; gaps at the front
        wall or doors get a numbered line of their own. Each layer board of
        ``load.boards`` gets a line (:func:`board_line`) after the block that
        holds the last drum under it (a board on the floor: before the first
        block it carries). An empty load gives ``["Nothing to load."]``.

    Examples
    --------
    >>> import numpy as np
    >>> from loadplan.model import ContainerLoad, make_placements
    >>> p = make_placements([[292.5, 292.5, 440.0], [877.5, 292.5, 440.0]], "z",
    ...                     sku="D200", diameter=585, height=880)
    >>> describe(ContainerLoad("20GP", p, 80, (None,)))[0]
    '1. D200, standing, 1 high, one row along, from the front wall to 1.17 m (2 drums)'
    """
    c = load.container
    p = load.placements
    if p.shape[0] == 0:
        return ["Nothing to load."]
    several = len({str(v) for v in p["destination"]}) > 1
    lines: list[str] = []
    k = 0
    bl = blocks(load)
    pending = board_steps(load)
    boards = list(pending)
    first_x = min(b["x0"] for b in bl)
    if first_x > 1.0:
        k += 1
        lines.append(f"{k}. Brace the front wall: the stow starts {_metres(first_x)} from it "
                     f"(timber bracing or dunnage bags filling the gap).")
    ids = block_ids(load)
    owner = {x["number"]: int(ids[np.flatnonzero(p["step"] == x["after"])[0]])
             for x in boards if x["after"] is not None}  # the block of the last drum under it
    for bi, b in enumerate(bl):
        # a board on the floor goes in before the first block it carries
        for board in [x for x in pending if x["after"] is None and x["before"] is not None
                      and x["before"] <= b["stop"]]:
            lines.append(board_line(board, c.width))
            pending.remove(board)
        k += 1
        what = _AXIS_NAMES[b["axis"]]
        dest = f" for {b['destination']}" if several and b["destination"] else ""
        frm = "from the front wall" if b["x0"] <= 1.0 else f"from {_metres(b['x0'])}"
        to = "to the doors" if b["x1"] >= c.length - 1.0 else f"to {_metres(b['x1'])}"
        where = "" if b["z0"] <= 1.0 else f", on top from {_metres(b['z0'])} up"
        if any(x["z"] <= 1.0 and abs(x["z"] + x["thickness"] - b["z0"]) <= 1.0 for x in boards):
            where = ", on the floor board"
        elif b["on_board"]:
            where = f", on the layer boards at {_metres(b['z0'])}"
        pattern = f", {b['pattern']}" if b["pattern"] else ""
        lines.append(f"{k}. {b['sku']}{dest}, {what}, {b['layers']} high{pattern}{where}, "
                     f"{frm} {to} ({b['count']} drum{'' if b['count'] == 1 else 's'})")
        lines += _chock_lines(b)
        # a raised board goes on once the block holding the last drum under it is in
        for board in [x for x in pending if x["after"] is not None
                      and owner[x["number"]] == bi]:
            lines.append(board_line(board, c.width))
            pending.remove(board)
    lines += [board_line(b, c.width) for b in pending]  # boards nothing stands on
    last_x = max(b["x1"] for b in bl)
    gap = c.length - last_x
    if gap > _GAP_TO_BLOCK:
        k += 1
        lines.append(f"{k}. Block the {_metres(gap)} gap at the doors (dunnage bags or timber "
                     f"bracing) before closing.")
    else:
        k += 1
        lines.append(f"{k}. Close the doors (gap at the doors {gap:.0f} mm).")
    return lines


def block_ids(load: Any) -> np.ndarray:
    """Which block of :func:`blocks` each drum of a load belongs to.

    Parameters
    ----------
    load : ContainerLoad

    Returns
    -------
    numpy.ndarray
        int64, one entry per placement (in placement order): the index of the
        drum's block in ``blocks(load)``.
    """
    p = load.placements
    n = p.shape[0]
    out = np.zeros(n, dtype=np.int64)
    on = rest_kinds(load)
    i = k = 0
    while i < n:  # runs of one sku and destination, split by axis and by what they rest on
        j = i
        while (j + 1 < n and p["sku"][j + 1] == p["sku"][i]
               and p["destination"][j + 1] == p["destination"][i]):
            j += 1
        keys = list(zip(p["axis"][i:j + 1].tolist(), on[i:j + 1].tolist()))
        index: dict[tuple, int] = {}
        for key in keys:
            index.setdefault(key, len(index))
        out[i:j + 1] = k + np.array([index[key] for key in keys], dtype=np.int64)
        k += len(index)
        i = j + 1
    return out


def instructions(load: Any) -> list[dict]:
    """The lines of :func:`describe` grouped per instruction, tied to their blocks.

    Parameters
    ----------
    load : ContainerLoad

    Returns
    -------
    list of dict
        One dict per numbered line of ``describe(load)``, in order, with keys
        ``text`` (the numbered line), ``details`` (its indented lines, stripped)
        and ``block`` (the index into ``blocks(load)`` it describes, or None for
        the lines about bracing the front wall and closing the doors).
    """
    out: list[dict] = []
    for line in describe(load):
        if line.startswith(" ") and out:
            out[-1]["details"].append(line.strip())
        else:
            out.append({"text": line, "details": [], "block": None})
    n_blocks = len(blocks(load)) if load.placements.shape[0] else 0
    first = len(out) - n_blocks - 1  # 1 when a front-wall line comes first, else 0
    if n_blocks and first in (0, 1):
        for k in range(n_blocks):
            out[first + k]["block"] = k
    return out
