"""Loading keys and order, the parts a layout is collected in, and the notes on a load.

Every drum gets a loading key, its front face (smallest x), raised to the key
of whatever carries it; placements are sorted by key, then height, then y. So
the crew works from the nose to the doors, bottom up, and no drum comes before
its support; every prefix of the order is sound.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Parts", "raise_keys", "loading_order", "drop_top", "chock_note", "boards_in_use"]


class Parts:
    """Accumulates centres, axes and loading keys of a layout, and its notes.

    Parameters
    ----------
    size : (float, float), optional
        ``(diameter, height)``: when given, :meth:`arrays` raises the keys over
        what lies under each drum (:func:`raise_keys`).
    """

    def __init__(self, size: tuple[float, float] | None = None) -> None:
        self.centres: list[np.ndarray] = []
        self.axes: list[np.ndarray] = []
        self.keys: list[np.ndarray] = []
        self.notes: list[str] = []
        self.size = size

    def add(self, centres: np.ndarray, axis: str, keys: np.ndarray) -> None:
        """Drums ``centres (n, 3)`` with one ``axis`` and their loading keys."""
        if centres.shape[0]:
            self.centres.append(centres)
            self.axes.append(np.full(centres.shape[0], axis, dtype="U1"))
            self.keys.append(np.asarray(keys, dtype=np.float64))

    def extend(self, other: "Parts", shift_y: float = 0.0) -> None:
        """Everything of ``other`` (moved ``shift_y`` across), notes included."""
        for c, a, k in zip(other.centres, other.axes, other.keys):
            if shift_y:
                c = c.copy()
                c[:, 1] += shift_y
            self.add(c, str(a[0]), k)
        self.notes.extend(other.notes)

    @property
    def count(self) -> int:
        """Drums collected so far."""
        return int(sum(c.shape[0] for c in self.centres))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(centres (n, 3), axes (n,), keys (n,))``, unsorted."""
        if not self.centres:
            return np.zeros((0, 3)), np.zeros(0, dtype="U1"), np.zeros(0)
        centres, axes, keys = (np.concatenate(self.centres), np.concatenate(self.axes),
                               np.concatenate(self.keys))
        if self.size is not None:
            keys = raise_keys(centres, axes, self.size[0], self.size[1], keys)
        return centres, axes, keys


def raise_keys(centres: np.ndarray, axes: np.ndarray, d: float, h: float,
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


def loading_order(centres: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Crew order: by loading key (nose to doors; never before what carries a
    drum), then bottom up, then across."""
    if centres.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    return np.lexsort((np.round(centres[:, 1], 6), np.round(centres[:, 2], 6),
                       np.round(keys, 6)))


def drop_top(centres: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` drums to keep when fewer are wanted: the highest go
    first (then those nearest the doors), so nothing kept loses its support and
    the centre of gravity stays low and spread along the length."""
    order = np.lexsort((-centres[:, 0], -np.round(centres[:, 2], 6)))
    return np.sort(order[centres.shape[0] - n:]) if n < centres.shape[0] else np.arange(
        centres.shape[0])


def chock_note(axes: np.ndarray) -> list[str]:
    """The crew note for a load with lying drums (none for standing only)."""
    if np.any(axes != "z"):
        return ["Lying drums: chock the free ends of rows that do not run wall to wall; "
                "drums straight on the drum below need their rows held."]
    return []


def boards_in_use(boards: list[tuple], centres: np.ndarray, axes: np.ndarray, d: float,
                  h: float) -> list[tuple]:
    """The layer boards ``(x0, x1, y0, y1, z, thickness)`` some drum of ``centres`` stands on
    (its bottom on the board's top, its centre over the board): after drums are left out
    (payload, ``max_count``) a board with nothing on it is left out too. Its carriers are
    all kept then: they are lower than what stands on it and come before it in loading order."""
    if not boards or centres.shape[0] == 0:
        return []
    bottom = centres[:, 2] - np.where(axes == "z", 0.5 * h, 0.5 * d)
    out = []
    for b in boards:
        x0, x1, y0, y1, z, t = b
        on = ((np.abs(bottom - (z + t)) <= 1e-6) & (centres[:, 0] >= x0) & (centres[:, 0] <= x1)
              & (centres[:, 1] >= y0) & (centres[:, 1] <= y1))
        if on.any():
            out.append(b)
    return out
