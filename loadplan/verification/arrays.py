"""What the rules look at: one load's drums as arrays, the order's drum types, the messages.

:class:`LoadArrays` carries the arrays of the drums that have valid values
(finite, a known axis, positive sizes) so that the rules pass one object
instead of a dozen arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

from loadplan.axes import AXIS_INDEX, AXIS_WORDS
from loadplan.verification.geometry import Cylinders, extents
from loadplan.verification.tolerances import MAX_MESSAGES

__all__ = ["LoadArrays", "Messages", "DrumTypes", "LoadCheck", "drum_name", "type_keys"]


def drum_name(p: np.ndarray, i: int) -> str:
    """``drum 'A' at step 3``, as the verifier names drum ``i`` of placements ``p``."""
    return f"drum {str(p['sku'][i])!r} at step {int(p['step'][i])}"


@dataclass(frozen=True, eq=False)
class LoadArrays:
    """The drums of one load as arrays; row ``i`` is drum ``i`` of ``q``.

    Attributes
    ----------
    q : numpy.ndarray
        The placements (structured, :data:`loadplan.model.PLACEMENT_DTYPE`).
    cen : numpy.ndarray, shape (n, 3)
        Centroids.
    k : numpy.ndarray of int, shape (n,)
        Axis index: 0 x, 1 y, 2 z.
    r, hl : numpy.ndarray, shape (n,)
        Radii and half lengths along the axis.
    lo, hi : numpy.ndarray, shape (n, 3)
        Corners of each drum's bounding box.
    size : numpy.ndarray, shape (3,)
        The container's inside (length, width, height).
    """

    q: np.ndarray
    cen: np.ndarray
    k: np.ndarray
    r: np.ndarray
    hl: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    size: np.ndarray

    @classmethod
    def of(cls, q: np.ndarray, size: Any) -> "LoadArrays":
        """The arrays of placements ``q`` (valid values) in a container of inside ``size``."""
        cen = np.stack([q["x"], q["y"], q["z"]], axis=1)
        k = np.array([AXIS_INDEX[a] for a in q["axis"]], dtype=np.int64)
        r = q["diameter"] / 2.0
        hl = q["height"] / 2.0
        ext = extents(k, r, hl)
        return cls(q, cen, k, r, hl, cen - ext, cen + ext, np.asarray(size, dtype=np.float64))

    @property
    def n(self) -> int:
        """Number of drums."""
        return int(self.q.shape[0])

    def cylinders(self, idx: Any) -> Cylinders:
        """Drums ``idx`` for :func:`~loadplan.verification.geometry.pair_overlaps`."""
        return Cylinders(self.cen[idx], self.k[idx], self.r[idx], self.hl[idx])

    def name(self, i: int) -> str:
        """``drum 'A' at step 3``."""
        return drum_name(self.q, i)

    def label(self, i: int) -> str:
        """``drum 'A' at step 3 (lying across)``."""
        return f"{drum_name(self.q, i)} ({AXIS_WORDS[str(self.q['axis'][i])]})"


class Messages:
    """Collects messages per kind, capping each kind at MAX_MESSAGES."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.kinds: dict[str, list[str]] = {}
        self.extra: dict[str, int] = {}

    def add(self, kind: str, text: str) -> None:
        lst = self.kinds.setdefault(kind, [])
        if len(lst) < MAX_MESSAGES:
            lst.append(f"{self.prefix}: {text}")
        else:
            self.extra[kind] = self.extra.get(kind, 0) + 1

    def lines(self) -> list[str]:
        out = []
        for kind, lst in self.kinds.items():
            out += lst
            if self.extra.get(kind):
                out.append(f"{self.prefix}: ... and {self.extra[kind]} more {kind} violation(s)")
        return out



class DrumTypes:
    """Lookup of the order's drum types by (sku, destination), then sku."""

    def __init__(self, drums: Iterable[Any] | None) -> None:
        self.given = drums is not None
        self.by_key: dict[tuple[str, str], Any] = {}
        self.by_sku: dict[str, Any] = {}
        self.ordered: dict[tuple[str, str | None], int] = {}
        for d in drums or ():
            dest = "" if d.destination is None else d.destination
            self.by_key.setdefault((d.sku, dest), d)
            self.by_sku.setdefault(d.sku, d)
            key = (d.sku, d.destination)
            self.ordered[key] = self.ordered.get(key, 0) + int(d.quantity)

    def find(self, sku: str, dest: str) -> Any:
        return self.by_key.get((sku, dest)) or self.by_sku.get(sku)



def type_keys(q: np.ndarray, types: DrumTypes) -> tuple[list[Any], np.ndarray]:
    """The drum type of each distinct (sku, destination) of ``q``, and each placement's index."""
    n = q.shape[0]
    if n == 0:
        return [], np.zeros(0, np.int64)
    # placements come in runs of one sku and destination: look up one per run
    change = np.r_[True, (q["sku"][1:] != q["sku"][:-1])
                   | (q["destination"][1:] != q["destination"][:-1])]
    starts = np.flatnonzero(change)
    slot: dict[tuple[str, str], int] = {}
    run_type = np.array([slot.setdefault(key, len(slot)) for key in zip(
        q["sku"][starts].tolist(), q["destination"][starts].tolist())], dtype=np.int64)
    return [types.find(*key) for key in slot], run_type[np.cumsum(change) - 1]



@dataclass(eq=False)
class LoadCheck:
    """One container load under check: what the rules read, and what they find on the way.

    Attributes
    ----------
    load : ContainerLoad
    types : DrumTypes
        The order's drum types (``types.given`` False without them).
    heavy_ok : bool
        Whether a heavier sku may rest on a lighter one.
    msg : Messages
        The violations found, by kind.
    notes : list of str
        Advice found (not violations).
    valid : numpy.ndarray of bool
        Placements with finite values, a known axis and positive sizes.
    arrays : LoadArrays or None
        The valid drums as arrays (set before the first rule on drums).
    pairs : tuple of numpy.ndarray or None
        Every candidate pair of drums near each other, each once (set by the
        overlap rule when it could count them all; the rules on what rests on
        what need it).
    support : Support or None
        What carries what (set by the support rule).
    """

    load: Any
    types: DrumTypes
    heavy_ok: bool
    msg: Messages
    notes: list
    valid: np.ndarray
    arrays: LoadArrays | None = None
    pairs: tuple | None = None
    support: Any = None

    @property
    def placements(self) -> np.ndarray:
        """All placements of the load (valid or not)."""
        return self.load.placements

    @property
    def where(self) -> str:
        """``container 1 (20GP)``, as messages begin."""
        return self.msg.prefix
