"""Placement and board arrays: the dtypes and the functions that build and check them.

A placement is one drum: its ``sku``, centroid ``x, y, z`` (mm, container
frame: x from the nose to the doors, y across, z up), ``axis`` (``"z"``
standing, ``"x"`` lying along the container, ``"y"`` lying across), its
``diameter``, ``height`` (length along its axis) and ``weight``, its
``destination`` (``""`` when none was given) and its loading ``step``
(0, 1, 2, ... in the order the crew loads them). A board is a layer board:
its plan-view extent, the height of its underside and its thickness.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from loadplan.axes import AXES

__all__ = [
    "PLACEMENT_DTYPE",
    "BOARD_DTYPE",
    "FLOAT_FIELDS",
    "with_fields",
    "as_placements",
    "make_placements",
    "as_boards",
    "make_boards",
]

PLACEMENT_DTYPE = np.dtype(
    [
        ("sku", "U64"),
        ("x", "f8"),
        ("y", "f8"),
        ("z", "f8"),
        ("axis", "U1"),
        ("diameter", "f8"),
        ("height", "f8"),
        ("weight", "f8"),
        ("destination", "U64"),
        ("step", "i8"),
    ]
)
"""dtype of :attr:`ContainerLoad.placements`; ``destination`` is ``""`` for none."""
BOARD_DTYPE = np.dtype(
    [("x0", "f8"), ("x1", "f8"), ("y0", "f8"), ("y1", "f8"), ("z", "f8"), ("thickness", "f8")]
)
"""dtype of :attr:`ContainerLoad.boards`: a board's plan-view extent ``x0..x1`` by
``y0..y1`` (mm, container frame), ``z`` the height of its underside (the top of what
it rests on) and its ``thickness``; drums on it stand at ``z + thickness``."""
FLOAT_FIELDS = ("x", "y", "z", "diameter", "height", "weight")
"""The float fields of :data:`PLACEMENT_DTYPE` (compared with NaN equal to NaN)."""


def with_fields(array: np.ndarray, dtype: np.dtype, what: str) -> np.ndarray:
    """A flat copy of the structured ``array`` in ``dtype`` (extra fields dropped);
    ValueError naming ``what`` and the fields it lacks."""
    missing = [n for n in dtype.names if n not in array.dtype.names]
    if missing:
        raise ValueError(f"{what} lacks the field(s) {', '.join(missing)}")
    flat = array.reshape(-1)
    out = np.zeros(flat.shape[0], dtype=dtype)
    for n in dtype.names:
        out[n] = flat[n]
    return out


def as_placements(placements: Any) -> np.ndarray:
    """Convert to a fresh, writable array of :data:`PLACEMENT_DTYPE`.

    Parameters
    ----------
    placements : array_like
        A structured array holding at least the fields of
        :data:`PLACEMENT_DTYPE` (matched by name; extra fields dropped), a
        sequence of tuples in dtype order, or an empty sequence / None.

    Returns
    -------
    numpy.ndarray
        One-dimensional, dtype :data:`PLACEMENT_DTYPE`, in the input order.

    Raises
    ------
    ValueError
        Naming a missing field or when the input cannot be converted.
    """
    if placements is None:
        return np.zeros(0, dtype=PLACEMENT_DTYPE)
    if isinstance(placements, np.ndarray) and placements.dtype.names is not None:
        return with_fields(placements, PLACEMENT_DTYPE, "placements")
    if isinstance(placements, np.ndarray) and placements.size == 0:
        return np.zeros(0, dtype=PLACEMENT_DTYPE)
    try:
        seq = list(placements)
        if not seq:
            return np.zeros(0, dtype=PLACEMENT_DTYPE)
        return np.array([tuple(r) for r in seq], dtype=PLACEMENT_DTYPE)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"placements must be a structured array with the fields of PLACEMENT_DTYPE: {exc}"
        ) from None


def make_placements(
    centres: Any,
    axes: Any,
    *,
    sku: str,
    diameter: float,
    height: float,
    weight: float = 0.0,
    destination: str | None = None,
    step: Any = None,
) -> np.ndarray:
    """Build a placement array for drums of one type.

    Parameters
    ----------
    centres : array_like, shape (n, 3)
        Centroids (x, y, z) in mm, container frame.
    axes : str or array_like of str, shape (n,)
        One axis for all, or one per drum (``"x"``, ``"y"`` or ``"z"``).
    sku, diameter, height, weight, destination
        The drum type's fields; ``destination=None`` is stored as ``""``.
    step : array_like of int, optional
        Loading steps; default ``0 .. n-1``.

    Returns
    -------
    numpy.ndarray
        dtype :data:`PLACEMENT_DTYPE`, shape (n,).

    Examples
    --------
    >>> make_placements([[1, 2, 3], [4, 5, 6]], ["z", "x"], sku="A", diameter=2,
    ...                 height=2)["axis"].tolist()
    ['z', 'x']
    """
    c = np.asarray(centres, dtype=np.float64).reshape(-1, 3)
    n = c.shape[0]
    out = np.zeros(n, dtype=PLACEMENT_DTYPE)
    out["sku"] = sku
    out["x"], out["y"], out["z"] = c[:, 0], c[:, 1], c[:, 2]
    a = np.asarray(axes)
    if a.ndim == 0:
        a = np.full(n, str(a))
    if a.shape != (n,):
        raise ValueError(f"axes must be one axis or one per centre ({n}), got shape {a.shape}")
    bad = ~np.isin(a, list(AXES))
    if bad.any():
        raise ValueError(f"axes must be 'x', 'y' or 'z', got {a[bad][0]!r}")
    out["axis"] = a
    out["diameter"] = diameter
    out["height"] = height
    out["weight"] = weight
    out["destination"] = "" if destination is None else destination
    out["step"] = np.arange(n) if step is None else np.asarray(step, dtype=np.int64)
    return out


def as_boards(boards: Any) -> np.ndarray:
    """Convert to a fresh, writable, checked array of :data:`BOARD_DTYPE`.

    Parameters
    ----------
    boards : array_like or None
        A structured array with the fields of :data:`BOARD_DTYPE` (matched by
        name; extra fields dropped), a sequence of ``(x0, x1, y0, y1, z,
        thickness)`` tuples, or an empty sequence / None (no boards).

    Returns
    -------
    numpy.ndarray
        One-dimensional, dtype :data:`BOARD_DTYPE`, in the input order.

    Raises
    ------
    ValueError
        When a field is missing, a value is not finite, an extent is empty
        (``x1 <= x0`` or ``y1 <= y0``), ``z < 0`` or ``thickness <= 0``.

    Examples
    --------
    >>> as_boards([(0, 1200, 0, 2350, 880, 18)])["thickness"].tolist()
    [18.0]
    """
    if boards is None:
        return np.zeros(0, dtype=BOARD_DTYPE)
    if isinstance(boards, np.ndarray) and boards.dtype.names is not None:
        out = with_fields(boards, BOARD_DTYPE, "boards")
    else:
        try:
            rows = [tuple(float(v) for v in r) for r in boards]
            if any(len(r) != len(BOARD_DTYPE.names) for r in rows):
                raise ValueError("each board needs 6 values")
            out = np.array(rows, dtype=BOARD_DTYPE) if rows else np.zeros(0, dtype=BOARD_DTYPE)
        except (TypeError, ValueError, OverflowError) as exc:
            raise ValueError(
                f"boards must be rows of (x0, x1, y0, y1, z, thickness) in mm: {exc}"
            ) from None
    for n in BOARD_DTYPE.names:
        if not np.isfinite(out[n]).all():
            i = int(np.flatnonzero(~np.isfinite(out[n]))[0])
            raise ValueError(f"boards[{i}].{n} must be finite, got {float(out[n][i])!r}")
    checks = (("x1", out["x1"] <= out["x0"], "must be greater than x0"),
              ("y1", out["y1"] <= out["y0"], "must be greater than y0"),
              ("z", out["z"] < 0, "must be >= 0"),
              ("thickness", out["thickness"] <= 0, "must be positive"))
    for name, bad, what in checks:
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"boards[{i}].{name} {what}, got {float(out[name][i])!r}")
    return out


def make_boards(extents: Any, z: Any, thickness: Any) -> np.ndarray:
    """Build a board array: one row per layer board.

    Parameters
    ----------
    extents : array_like, shape (n, 4)
        Each board's plan-view extent ``(x0, x1, y0, y1)`` in mm, container frame.
    z : float or array_like, shape (n,)
        Height of each board's underside (the top of the drums it rests on), mm.
    thickness : float or array_like, shape (n,)
        Board thickness in mm; drums on a board stand at ``z + thickness``.

    Returns
    -------
    numpy.ndarray
        dtype :data:`BOARD_DTYPE`, shape (n,), checked as :func:`as_boards` does.

    Examples
    --------
    >>> b = make_boards([[0, 1200, 0, 2350]], z=880, thickness=18)
    >>> float(b["z"][0] + b["thickness"][0])
    898.0
    """
    e = np.asarray(extents, dtype=np.float64).reshape(-1, 4)
    n = e.shape[0]
    out = np.zeros(n, dtype=BOARD_DTYPE)
    for j, name in enumerate(("x0", "x1", "y0", "y1")):
        out[name] = e[:, j]
    try:
        out["z"] = np.broadcast_to(np.asarray(z, dtype=np.float64), (n,))
        out["thickness"] = np.broadcast_to(np.asarray(thickness, dtype=np.float64), (n,))
    except ValueError:
        raise ValueError(f"z and thickness must be one value or one per board ({n})") from None
    return as_boards(out)

