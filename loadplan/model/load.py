"""One container and the drums in it: :class:`ContainerLoad`.

Its placements and boards are read-only arrays (:mod:`loadplan.model.arrays`);
its summary (count, weight, centre of gravity, utilisation, gap to the bound)
is computed from them. Loading steps, the notebook view and the 3D viewer are
other modules' work, imported when first asked for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from loadplan.cog import mass_weights
from loadplan.containers import Container, get_container
from loadplan.model.arrays import FLOAT_FIELDS, PLACEMENT_DTYPE, as_boards, as_placements
from loadplan.model.validation import check_integer, check_name, check_text

__all__ = ["Viewable", "ContainerLoad", "check_destinations"]


def check_destinations(owner: str, value: Any) -> tuple[str | None, ...]:
    """A sequence of destinations (str or None) as a tuple; ValueError naming ``owner``."""
    if isinstance(value, str) or value is None:
        raise ValueError(f"{owner}.destinations must be a sequence of destinations "
                         f"(str or None), got {value!r}")
    dest = tuple(value)
    for d in dest:
        check_name(owner, "destinations", d, optional=True)
    return dest


class Viewable:
    """``to_html`` and ``show3d`` for a load or a plan (the 3D viewer of :mod:`loadplan.web`).

    :mod:`loadplan.web.viewer` imports the model, so it is imported here when
    first used (that also keeps ``import loadplan.model`` light).
    """

    def to_html(self, path: Any = None) -> Any:
        """The self-contained interactive 3D page (see :mod:`loadplan.web.viewer`).

        Parameters
        ----------
        path : str or os.PathLike, optional
            Where to write the page (atomically).

        Returns
        -------
        str or pathlib.Path
            The HTML text when ``path`` is None, else the path written.
        """
        from loadplan.web.viewer import viewer_html, write_html  # imports the model: lazy

        return viewer_html(self) if path is None else write_html(self, path)

    def show3d(self, height: int = 640) -> Any:
        """The 3D viewer inline in Jupyter (a :class:`loadplan.web.viewer.Viewer3D`)."""
        from loadplan.web.viewer import show3d  # imports the model: lazy

        return show3d(self, height=height)


@dataclass(frozen=True, eq=False)
class ContainerLoad(Viewable):
    """One container and the drums loaded into it.

    Parameters
    ----------
    container : Container or str
        The container (a catalog name is looked up in
        :data:`loadplan.containers.CONTAINERS`).
    placements : array_like
        Converted to :data:`PLACEMENT_DTYPE` (see :func:`as_placements`),
        stably sorted by ``step`` and made read-only.
    upper_bound : int
        A proven upper bound on how many drums this container could hold in
        the setting the load was made for; ``gap = upper_bound - count``.
    destinations : sequence of (str or None)
        The destination(s) this container serves, in unloading order; None
        for "no destination given". Stored as a tuple.
    notes : sequence of str, default ()
        Remarks for the crew or the user (e.g. where chocks go).
    boards : array_like, optional
        Layer boards, converted to :data:`BOARD_DTYPE` (see :func:`as_boards`)
        and made read-only; empty (shape (0,)) when the load has none.

    Notes
    -----
    Equality compares the container, the placement and board arrays element
    by element and the other fields; the hash agrees with it. Pickling re-runs the
    validation, so an unpickled load is read-only too.
    """

    container: Container
    placements: np.ndarray
    upper_bound: int
    destinations: tuple[str | None, ...]
    notes: tuple[str, ...] = ()
    boards: np.ndarray | None = None

    def __post_init__(self) -> None:
        s = object.__setattr__
        try:
            s(self, "container", get_container(self.container))
        except ValueError as exc:
            raise ValueError(f"ContainerLoad.container: {exc}") from None
        arr = as_placements(self.placements)
        if arr.shape[0] > 1:
            arr = arr[np.argsort(arr["step"], kind="stable")]
        arr.flags.writeable = False
        s(self, "placements", arr)
        s(self, "upper_bound", check_integer("ContainerLoad", "upper_bound", self.upper_bound, 0))
        s(self, "destinations", check_destinations("ContainerLoad", self.destinations))
        if isinstance(self.notes, str):
            raise ValueError("ContainerLoad.notes must be a sequence of strings, not a string")
        notes = tuple(self.notes)
        for note in notes:
            check_text("ContainerLoad", "notes", note)
        s(self, "notes", notes)
        try:
            boards = as_boards(self.boards)
        except ValueError as exc:
            raise ValueError(f"ContainerLoad.{exc}") from None
        boards.flags.writeable = False
        s(self, "boards", boards)

    # -- identity ---------------------------------------------------------
    def _key(self) -> tuple:
        return (self.container, self.upper_bound, self.destinations, self.notes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ContainerLoad):
            return NotImplemented
        if self._key() != other._key():
            return False
        if not np.array_equal(self.boards, other.boards):
            return False
        a, b = self.placements, other.placements
        if a.shape != b.shape:
            return False
        for n in PLACEMENT_DTYPE.names:
            if n in FLOAT_FIELDS:
                if not np.array_equal(a[n], b[n], equal_nan=True):
                    return False
            elif not np.array_equal(a[n], b[n]):
                return False
        return True

    def __hash__(self) -> int:
        return hash((self._key(), self.placements.tobytes(), self.boards.tobytes()))

    def __reduce__(self) -> tuple:
        return (
            ContainerLoad,
            (self.container, np.array(self.placements), self.upper_bound,
             self.destinations, self.notes, np.array(self.boards)),
        )

    def __repr__(self) -> str:
        dest = ", ".join("-" if d is None else d for d in self.destinations)
        return (
            f"ContainerLoad({self.container.name}, count={self.count}, "
            f"upper_bound={self.upper_bound}, destinations=({dest}), "
            f"weight={self.weight:.1f} kg)"
        )

    # -- summary ----------------------------------------------------------
    @property
    def count(self) -> int:
        """Number of drums loaded."""
        return int(self.placements.shape[0])

    @property
    def weight(self) -> float:
        """Cargo weight in kg (the container's tare not included)."""
        return float(self.placements["weight"].sum())

    @property
    def cog(self) -> tuple[float, float, float]:
        """Centre of gravity (x, y, z) of the cargo in mm, container frame.

        Weighted by drum weight. When every drum weighs 0 kg (weights not
        given) it is weighted by drum volume instead (uniform density). An
        empty load returns the centre of the container floor
        ``(length / 2, width / 2, 0.0)``, so the value is always finite.
        """
        p = self.placements
        c = self.container
        if p.shape[0] == 0:
            return (c.length / 2.0, c.width / 2.0, 0.0)
        with np.errstate(over="ignore", invalid="ignore"):  # absurd sizes read from a file
            w = mass_weights(p)
            total = w.sum()
            return tuple(float((p[k] * w).sum() / total) for k in ("x", "y", "z"))  # type: ignore[return-value]

    @property
    def volume_utilisation(self) -> float:
        """Drum volume divided by the container's internal volume (0 to 1)."""
        p = self.placements
        with np.errstate(over="ignore", invalid="ignore"):  # absurd sizes read from a file
            vol = float((math.pi / 4.0) * (p["diameter"] ** 2 * p["height"]).sum())
        return vol / self.container.volume

    @property
    def payload_utilisation(self) -> float:
        """Cargo weight divided by the container's ``max_payload``."""
        return self.weight / self.container.max_payload

    @property
    def gap(self) -> int:
        """``upper_bound - count``: how far the load may be from the best possible."""
        return self.upper_bound - self.count

    # -- presentation -----------------------------------------------------
    def steps(self) -> list[str]:
        """Human-readable loading instructions, in loading order.

        Delegates to :func:`loadplan.steps.describe`.
        """
        from loadplan.steps import describe  # steps imports the model: lazy, no cycle

        return describe(self)

    def _repr_html_(self) -> str:
        from loadplan.display import load_html  # display imports the model: lazy, no cycle

        return load_html(self)
