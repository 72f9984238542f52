"""The data model: drum types in, load plans out.

Inputs are :class:`Drum` (a drum type with a quantity); results are
:class:`ContainerLoad` (one container and the drums in it, as a NumPy
structured array of dtype :data:`PLACEMENT_DTYPE`), :class:`Unplaced` and
:class:`LoadPlan` (the answer for a whole order). All are frozen: results are
immutable and the same plan always serialises to the same JSON, byte for byte.

Placement arrays
----------------
A placement is one drum: its ``sku``, centroid ``x, y, z`` (mm, container
frame: x from the nose to the doors, y across, z up), ``axis`` (``"z"``
standing, ``"x"`` lying along the container, ``"y"`` lying across), its
``diameter``, ``height`` (length along its axis) and ``weight``, its
``destination`` (``""`` when none was given) and its loading ``step``
(0, 1, 2, ... in the order the crew loads them).

>>> import numpy as np
>>> from loadplan.model import Drum, ContainerLoad, LoadPlan, make_placements
>>> drum = Drum("D200", 585, 880, weight=220)
>>> p = make_placements([[292.5, 292.5, 440.0]], "z", sku=drum.sku,
...                     diameter=drum.diameter, height=drum.height, weight=drum.weight)
>>> load = ContainerLoad("20GP", p, upper_bound=80, destinations=(None,))
>>> load.count, load.weight, load.gap
(1, 220.0, 79)
>>> plan = LoadPlan([load], [])
>>> LoadPlan.from_json(plan.to_json()) == plan
True
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from loadplan.containers import Container, get_container

__all__ = [
    "PLACEMENT_DTYPE",
    "AXES",
    "MAX_QUANTITY",
    "MAX_NAME_LENGTH",
    "MIN_SIZE_MM",
    "MAX_SIZE_MM",
    "MAX_WEIGHT_KG",
    "MIN_WEIGHT_KG",
    "MAX_LAYERS",
    "normalise_name",
    "Drum",
    "Unplaced",
    "ContainerLoad",
    "LoadPlan",
    "make_placements",
    "as_placements",
    "BOARD_DTYPE",
    "make_boards",
    "as_boards",
    "ContainerBound",
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

AXES: tuple[str, str, str] = ("z", "x", "y")
"""Drum axes in canonical order: standing, lying along x, lying across (y)."""

MAX_QUANTITY = 1_000_000
"""Largest accepted :attr:`Drum.quantity`: the largest order tested (1,000,000 drums take
about 1.5 GB of memory to plan and write)."""

MAX_NAME_LENGTH = 64
"""Longest accepted sku / destination (the width of the placement string fields)."""

MIN_SIZE_MM = 1.0
"""Smallest accepted drum diameter or height (mm). Whether a size is supported in a
container also depends on how many would fit it (:func:`loadplan.containers.scale_problem`)."""

MAX_SIZE_MM = 100_000.0
"""Largest accepted drum diameter or height (mm); larger than any container, so such
a drum is simply unplaced."""

MAX_WEIGHT_KG = 1_000_000.0
"""Largest accepted weight of one drum (kg)."""

MIN_WEIGHT_KG = 1e-6
"""Smallest non-zero weight of one drum (kg); 0 means "not given"."""

MAX_LAYERS = 1_000
"""Largest accepted ``max_layers`` (no container is 1,000 drums high)."""

_FORMAT = "loadplan.plan"
_VERSION = 2
_READ_VERSIONS = (1, 2)
BOARD_DTYPE = np.dtype(
    [("x0", "f8"), ("x1", "f8"), ("y0", "f8"), ("y1", "f8"), ("z", "f8"), ("thickness", "f8")]
)
"""dtype of :attr:`ContainerLoad.boards`: a board's plan-view extent ``x0..x1`` by
``y0..y1`` (mm, container frame), ``z`` the height of its underside (the top of what
it rests on) and its ``thickness``; drums on it stand at ``z + thickness``."""
_FLOAT_FIELDS = ("x", "y", "z", "diameter", "height", "weight")


# ----------------------------------------------------------------------------
# validation helpers
# ----------------------------------------------------------------------------
def _real(owner: str, name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{owner}.{name} must be a number, got {value!r}")
    try:
        return float(value)
    except OverflowError:  # an int too large for a float
        raise ValueError(f"{owner}.{name} is too large, got {_short(value)}") from None


def _short(value: Any) -> str:
    """``repr(value)``, cut to 40 characters for error messages."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _unwritable(text: str) -> bool:
    """NUL characters (NumPy drops trailing ones) or lone surrogates (not UTF-8)."""
    return any(c == "\x00" or 0xD800 <= ord(c) <= 0xDFFF for c in text)


def _positive(owner: str, name: str, value: Any) -> float:
    v = _real(owner, name, value)
    if not math.isfinite(v) or v <= 0:
        raise ValueError(f"{owner}.{name} must be finite and positive, got {value!r}")
    return v


def _non_negative(owner: str, name: str, value: Any) -> float:
    v = _real(owner, name, value)
    if not math.isfinite(v) or v < 0:
        raise ValueError(f"{owner}.{name} must be finite and >= 0, got {value!r}")
    return v


def _size(owner: str, name: str, value: Any) -> float:
    v = _positive(owner, name, value)
    if not MIN_SIZE_MM <= v <= MAX_SIZE_MM:
        raise ValueError(f"{owner}.{name} must be between {MIN_SIZE_MM:g} and {MAX_SIZE_MM:,.0f} mm, "
                         f"got {value!r}")
    return v


def _weight(owner: str, name: str, value: Any) -> float:
    v = _non_negative(owner, name, value)
    if v > MAX_WEIGHT_KG or 0 < v < MIN_WEIGHT_KG:
        raise ValueError(f"{owner}.{name} must be 0 or between {MIN_WEIGHT_KG:g} and "
                         f"{MAX_WEIGHT_KG:,.0f} kg, got {value!r}")
    return v


def _integer(owner: str, name: str, value: Any, lo: int, hi: int | None = None) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{owner}.{name} must be an integer, got {value!r}")
    v = int(value)
    if v < lo or (hi is not None and v > hi):
        bound = f">= {lo}" if hi is None else f"between {lo} and {hi:_}"
        raise ValueError(f"{owner}.{name} must be {bound}, got {v}")
    return v


def normalise_name(value: str, field: str = "name") -> str:
    """A name (sku, destination) as stored: Unicode NFC, no invisible characters.

    Composed and decomposed spellings (``"Zu\u0308rich"``, ``"Zürich"``)
    become the same text, so they are one SKU or destination. Format
    characters (Unicode category Cf: zero-width spaces and joiners, bidi
    overrides such as U+202E, soft hyphens, byte order marks) and control
    characters would make two names that look the same differ, or make a
    name display as another; they are refused.

    Raises
    ------
    ValueError
        Naming ``field``, the character and its position.

    Examples
    --------
    >>> normalise_name("Zu\u0308rich") == "Z\u00fcrich"
    True
    >>> normalise_name("A\u200b", "sku")
    Traceback (most recent call last):
    ...
    ValueError: sku contains an invisible character U+200B (ZERO WIDTH SPACE) at position 2
    """
    import unicodedata

    text = unicodedata.normalize("NFC", value)
    for i, c in enumerate(text, start=1):
        category = unicodedata.category(c)
        if category in ("Cf", "Cc"):
            label = unicodedata.name(c, "control character")
            kind = "an invisible" if category == "Cf" else "a control"
            raise ValueError(f"{field} contains {kind} character U+{ord(c):04X} ({label}) "
                             f"at position {i}")
    return text


def _name(owner: str, name: str, value: Any, *, optional: bool) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        what = "None or a non-empty string" if optional else "a non-empty string"
        raise ValueError(f"{owner}.{name} must be {what}, got {value!r}")
    if not _unwritable(value):
        value = normalise_name(value, f"{owner}.{name}")
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError(
            f"{owner}.{name} must be at most {MAX_NAME_LENGTH} characters, got {len(value)}"
        )
    if _unwritable(value):
        # NumPy drops trailing NULs from placement strings, and a lone surrogate cannot be
        # written as UTF-8: either would break the plan's exact JSON round trip later
        raise ValueError(f"{owner}.{name} must be valid Unicode text without NUL characters "
                         f"or lone surrogates, got {value!r}")
    return value


def _text(owner: str, name: str, value: Any) -> str:
    """Free text (a reason, a note): any string that can be written as UTF-8."""
    if not isinstance(value, str):
        raise ValueError(f"{owner}.{name} must hold strings, got {_short(value)}")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise ValueError(f"{owner}.{name} must be valid Unicode (no lone surrogates), got {_short(value)}")
    return value


def _orientations(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        items: list[Any] = [c for c in value if c not in ",|; \t"]
    else:
        try:
            items = list(value)
        except TypeError:
            raise ValueError(
                f"Drum.orientations must be a sequence of 'z', 'x', 'y', got {value!r}"
            ) from None
    bad = [a for a in items if a not in AXES]
    if bad:
        raise ValueError(
            f"Drum.orientations must contain only 'z', 'x', 'y', got {bad[0]!r}"
        )
    if not items:
        raise ValueError("Drum.orientations must not be empty")
    return tuple(a for a in AXES if a in items)


# ----------------------------------------------------------------------------
# inputs
# ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Drum:
    """A drum type (or keg, reel, roll): a cylinder and how many to ship.

    Parameters
    ----------
    sku : str
        Identifier, 1 to 64 characters.
    diameter, height : float
        Size in mm, from :data:`MIN_SIZE_MM` (1) to :data:`MAX_SIZE_MM`
        (100,000). ``height`` is the length along the drum's axis. Planning
        also needs at most 100,000 to fit one container by volume
        (:func:`loadplan.containers.scale_problem`).
    weight : float, default 0.0
        Weight of one drum in kg: 0 (not given) or from 1e-6 to 1,000,000.
    quantity : int, default 1
        How many to ship, ``0 <= quantity <= 1_000_000`` (bools rejected).
    destination : str or None, default None
        Where they go; None means no destination given.
    orientations : sequence of {"z", "x", "y"} or str, default ("z", "x", "y")
        Allowed axes: ``"z"`` standing, ``"x"`` lying along the container,
        ``"y"`` lying across. A string such as ``"zx"`` or ``"z|x"`` is
        accepted; stored as a tuple in the canonical order z, x, y.
    max_layers : int or None, default None
        Most layers (drums stacked on one another) allowed, 1 to
        :data:`MAX_LAYERS` (1,000); None for no limit.
    max_load : float or None, default None
        Stacking strength: the most weight in kg a drum of this type may carry
        (the weight resting on it, see :func:`loadplan.verification.check`),
        finite and ``>= 0``; None for no limit.

    Raises
    ------
    ValueError
        Naming the field that is invalid.

    Examples
    --------
    >>> Drum("DJ60", 380, 600, weight=9.5, quantity=1200, orientations="xz").orientations
    ('z', 'x')
    """

    sku: str
    diameter: float
    height: float
    weight: float = 0.0
    quantity: int = 1
    destination: str | None = None
    orientations: tuple[str, ...] = AXES
    max_layers: int | None = None
    max_load: float | None = None

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "sku", _name("Drum", "sku", self.sku, optional=False))
        s(self, "diameter", _size("Drum", "diameter", self.diameter))
        s(self, "height", _size("Drum", "height", self.height))
        s(self, "weight", _weight("Drum", "weight", self.weight))
        s(self, "quantity", _integer("Drum", "quantity", self.quantity, 0, MAX_QUANTITY))
        s(self, "destination", _name("Drum", "destination", self.destination, optional=True))
        s(self, "orientations", _orientations(self.orientations))
        if self.max_layers is not None:
            s(self, "max_layers", _integer("Drum", "max_layers", self.max_layers, 1, MAX_LAYERS))
        if self.max_load is not None:
            s(self, "max_load", _non_negative("Drum", "max_load", self.max_load))

    @property
    def volume(self) -> float:
        """Volume of one drum in mm³ (π d² h / 4)."""
        return math.pi * self.diameter**2 * self.height / 4.0


# ----------------------------------------------------------------------------
# results
# ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Unplaced:
    """Drums of one type and destination that the plan could not load.

    Parameters
    ----------
    sku : str
    destination : str or None
    quantity : int
        How many, ``>= 0``.
    reason : str
        Why, as a sentence for the user (e.g. ``"larger than the door"``).
    """

    sku: str
    destination: str | None
    quantity: int
    reason: str

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "sku", _name("Unplaced", "sku", self.sku, optional=False))
        s(self, "destination", _name("Unplaced", "destination", self.destination, optional=True))
        s(self, "quantity", _integer("Unplaced", "quantity", self.quantity, 0))
        _text("Unplaced", "reason", self.reason)


def _with_fields(array: np.ndarray, dtype: np.dtype, what: str) -> np.ndarray:
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
        return _with_fields(placements, PLACEMENT_DTYPE, "placements")
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
        out = _with_fields(boards, BOARD_DTYPE, "boards")
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


@dataclass(frozen=True)
class ContainerBound:
    """A proven lower bound on the containers one destination group needs.

    Parameters
    ----------
    destinations : sequence of (str or None)
        The destination group (one destination, or all of them for a
        multi-drop plan); None for "no destination given". Stored as a tuple.
    lower_bound : int
        No plan can carry this group's ordered drums in fewer containers
        (of the types offered), ``>= 0``.
    basis : str, default ""
        What proves it, for the user (e.g. ``"volume"``, ``"payload"``).

    Examples
    --------
    >>> ContainerBound(["Shanghai"], 2, "volume").destinations
    ('Shanghai',)
    """

    destinations: tuple[str | None, ...]
    lower_bound: int
    basis: str = ""

    def __post_init__(self) -> None:
        s = object.__setattr__
        if isinstance(self.destinations, str) or self.destinations is None:
            raise ValueError("ContainerBound.destinations must be a sequence of destinations "
                             f"(str or None), got {self.destinations!r}")
        dest = tuple(self.destinations)
        for d in dest:
            _name("ContainerBound", "destinations", d, optional=True)
        s(self, "destinations", dest)
        s(self, "lower_bound", _integer("ContainerBound", "lower_bound", self.lower_bound, 0))
        _text("ContainerBound", "basis", self.basis)


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # pragma: no cover - broken parent package
        return False


def _html_escape(text: str) -> str:
    import html

    return html.escape(text)


class _Viewable:
    """``to_html`` and ``show3d`` for a load or a plan (the 3D viewer of :mod:`loadplan.web`)."""

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
        from loadplan.web.viewer import viewer_html, write_html

        return viewer_html(self) if path is None else write_html(self, path)

    def show3d(self, height: int = 640) -> Any:
        """The 3D viewer inline in Jupyter (a :class:`loadplan.web.viewer.Viewer3D`)."""
        from loadplan.web.viewer import show3d

        return show3d(self, height=height)


@dataclass(frozen=True, eq=False)
class ContainerLoad(_Viewable):
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
        s(self, "upper_bound", _integer("ContainerLoad", "upper_bound", self.upper_bound, 0))
        if isinstance(self.destinations, str) or self.destinations is None:
            raise ValueError(
                "ContainerLoad.destinations must be a sequence of destinations "
                f"(str or None), got {self.destinations!r}"
            )
        dest = tuple(self.destinations)
        for d in dest:
            _name("ContainerLoad", "destinations", d, optional=True)
        s(self, "destinations", dest)
        if isinstance(self.notes, str):
            raise ValueError("ContainerLoad.notes must be a sequence of strings, not a string")
        notes = tuple(self.notes)
        for note in notes:
            _text("ContainerLoad", "notes", note)
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
            if n in _FLOAT_FIELDS:
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
            w = p["weight"].astype(np.float64)
            if not w.sum() > 0:
                w = p["diameter"] ** 2 * p["height"]
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

        Delegates to ``loadplan.steps.describe(self)``. While that module is
        not installed, falls back to one line per sku, axis and destination.
        """
        if _module_exists("loadplan.steps"):
            return importlib.import_module("loadplan.steps").describe(self)
        return self._simple_steps()

    def _simple_steps(self) -> list[str]:
        p = self.placements
        names = {"z": "standing", "x": "lying along the container", "y": "lying across"}
        lines: list[str] = []
        i = 0
        n = p.shape[0]
        while i < n:
            j = i
            while (j + 1 < n and p["sku"][j + 1] == p["sku"][i]
                   and p["axis"][j + 1] == p["axis"][i]
                   and p["destination"][j + 1] == p["destination"][i]):
                j += 1
            x0 = float((p["x"][i:j + 1] - np.where(p["axis"][i:j + 1] == "x",
                                                    p["height"][i:j + 1],
                                                    p["diameter"][i:j + 1]) / 2).min())
            x1 = float((p["x"][i:j + 1] + np.where(p["axis"][i:j + 1] == "x",
                                                    p["height"][i:j + 1],
                                                    p["diameter"][i:j + 1]) / 2).max())
            dest = p["destination"][i]
            to = f" for {dest}" if dest else ""
            lines.append(
                f"{len(lines) + 1}. {p['sku'][i]}{to}, {names.get(str(p['axis'][i]), p['axis'][i])}, "
                f"from {x0 / 1000:.2f} m to {x1 / 1000:.2f} m ({j - i + 1} drums)"
            )
            i = j + 1
        return lines

    def _repr_html_(self) -> str:
        if _module_exists("loadplan.display"):
            return importlib.import_module("loadplan.display").load_html(self)
        dest = ", ".join("-" if d is None else d for d in self.destinations)
        return (
            "<table><tr><th>container</th><th>destinations</th><th>drums</th>"
            "<th>bound</th><th>weight kg</th><th>volume</th></tr>"
            f"<tr><td>{_html_escape(self.container.name)}</td><td>{_html_escape(dest)}</td>"
            f"<td>{self.count}</td><td>{self.upper_bound}</td><td>{self.weight:.0f}</td>"
            f"<td>{self.volume_utilisation:.1%}</td></tr></table>"
        )


_ANY = object()


@dataclass(frozen=True)
class LoadPlan(_Viewable):
    """The plan for a whole order: loaded containers and what did not fit.

    Parameters
    ----------
    loads : sequence of ContainerLoad
        Stored as a tuple.
    unplaced : sequence of Unplaced
        Stored as a tuple. For every (sku, destination) of the order, drums
        placed plus unplaced equal drums ordered.
    cost : float or None, default None
        What the chosen containers cost, when costs were given.
    drums : sequence of Drum, default ()
        The drum types (order lines) the plan was made from, stored as a
        tuple; with them :func:`loadplan.verify` checks axes, sizes, layers,
        ``max_load`` and conservation without being handed the order again.
    violations : sequence of str or None, default None
        The verifier's verdict on the plan as made: ``()`` means sound, None
        means it was not checked (a hand-made plan, or ``plan(..., verify=False)``).
    container_bounds : sequence of ContainerBound, default ()
        Proven lower bounds on the number of containers, per destination group.
    heavy_on_light : bool, default False
        Whether the plan was made allowing a heavier drum type to be carried
        by a lighter one; :func:`loadplan.verify` applies the same rule.

    Examples
    --------
    >>> LoadPlan([], [Unplaced("X", None, 3, "too large")]).unplaced_count
    3
    """

    loads: tuple[ContainerLoad, ...]
    unplaced: tuple[Unplaced, ...]
    cost: float | None = None
    drums: tuple[Drum, ...] = ()
    violations: tuple[str, ...] | None = None
    container_bounds: tuple[ContainerBound, ...] = ()
    heavy_on_light: bool = False

    def __post_init__(self) -> None:
        s = object.__setattr__
        for name, kind in (("loads", ContainerLoad), ("unplaced", Unplaced), ("drums", Drum),
                           ("container_bounds", ContainerBound)):
            value = getattr(self, name)
            if isinstance(value, (str, bytes)) or value is None:
                raise ValueError(f"LoadPlan.{name} must be a sequence of {kind.__name__}")
            items = tuple(value)
            for item in items:
                if not isinstance(item, kind):
                    raise ValueError(
                        f"LoadPlan.{name} must hold {kind.__name__} objects, got {type(item).__name__}"
                    )
            s(self, name, items)
        if self.cost is not None:
            c = _real("LoadPlan", "cost", self.cost)
            if not math.isfinite(c):
                raise ValueError(f"LoadPlan.cost must be finite, got {self.cost!r}")
            s(self, "cost", c)
        if self.violations is not None:
            if isinstance(self.violations, str):
                raise ValueError("LoadPlan.violations must be a sequence of strings or None, "
                                 "not a string")
            found = tuple(self.violations)
            for v in found:
                _text("LoadPlan", "violations", v)
            s(self, "violations", found)
        if not isinstance(self.heavy_on_light, (bool, np.bool_)):
            raise ValueError(f"LoadPlan.heavy_on_light must be True or False, "
                             f"got {self.heavy_on_light!r}")
        s(self, "heavy_on_light", bool(self.heavy_on_light))

    def bound_lines(self) -> list[str]:
        """One line per destination group: containers used and the proven lower bound.

        Examples
        --------
        >>> LoadPlan([], [], container_bounds=[ContainerBound(["Shanghai"], 1)]).bound_lines()
        ['Shanghai: 0 containers; at least 1 needed']
        """
        lines = []
        for b in self.container_bounds:
            group = set(b.destinations)
            used = sum(1 for load in self.loads if group & set(load.destinations))
            name = ", ".join("no destination" if d is None else d for d in b.destinations)
            basis = f" ({b.basis})" if b.basis else ""
            lines.append(f"{name}: {used} container{'' if used == 1 else 's'}; "
                         f"at least {b.lower_bound} needed{basis}")
        return lines

    def verdict_line(self) -> str:
        """The verifier's verdict in a few words.

        Examples
        --------
        >>> LoadPlan([], [], violations=()).verdict_line()
        'verified: sound'
        >>> LoadPlan([], []).verdict_line()
        'not verified'
        """
        if self.violations is None:
            return "not verified"
        n = len(self.violations)
        if n == 0:
            return "verified: sound"
        return f"verified: {n} violation{'' if n == 1 else 's'} of the safety rules"

    # -- totals -----------------------------------------------------------
    @property
    def placed_count(self) -> int:
        """Drums loaded, over all containers."""
        return sum(load.count for load in self.loads)

    @property
    def unplaced_count(self) -> int:
        """Drums not loaded (sum of the unplaced quantities)."""
        return sum(u.quantity for u in self.unplaced)

    @property
    def total_weight(self) -> float:
        """Cargo weight over all containers, kg."""
        return float(sum(load.weight for load in self.loads))

    @property
    def container_count(self) -> int:
        """Number of containers used."""
        return len(self.loads)

    def placed_by(self, sku: str, destination: Any = _ANY) -> int:
        """Drums of ``sku`` loaded, over all containers.

        Parameters
        ----------
        sku : str
        destination : str or None, optional
            Count only drums for this destination (None: drums without one).
            Omitted: all destinations.
        """
        total = 0
        for load in self.loads:
            mask = load.placements["sku"] == sku
            if destination is not _ANY:
                mask &= load.placements["destination"] == ("" if destination is None else destination)
            total += int(mask.sum())
        return total

    def unplaced_by(self, sku: str, destination: Any = _ANY) -> int:
        """Drums of ``sku`` not loaded (same ``destination`` rule as :meth:`placed_by`)."""
        return sum(
            u.quantity for u in self.unplaced
            if u.sku == sku and (destination is _ANY or u.destination == destination)
        )

    def _repr_html_(self) -> str:
        if _module_exists("loadplan.display"):
            return importlib.import_module("loadplan.display").plan_html(self)
        rows = "".join(load._repr_html_() for load in self.loads)
        return (
            f"<p>{self.container_count} container(s), {self.placed_count} drums placed, "
            f"{self.unplaced_count} unplaced</p>{rows}"
        )

    # -- JSON -------------------------------------------------------------
    def to_dict(self) -> dict:
        """The JSON-ready dict that :meth:`to_json` serialises."""
        loads = []
        for load in self.loads:
            c = load.container
            rows = load.placements.tolist()
            names = PLACEMENT_DTYPE.names
            placements = []
            for row in rows:
                d = dict(zip(names, row))
                if d["destination"] == "":
                    d["destination"] = None
                placements.append(d)
            loads.append(
                {
                    "container": {
                        "name": c.name, "length": c.length, "width": c.width,
                        "height": c.height, "door_width": c.door_width,
                        "door_height": c.door_height, "tare": c.tare,
                        "max_payload": c.max_payload,
                    },
                    "destinations": list(load.destinations),
                    "upper_bound": load.upper_bound,
                    "notes": list(load.notes),
                    "placements": placements,
                    "boards": [dict(zip(BOARD_DTYPE.names, row)) for row in load.boards.tolist()],
                    # derived, ignored on read
                    "count": load.count,
                    "weight": load.weight,
                    "cog": list(load.cog),
                    "volume_utilisation": load.volume_utilisation,
                    "payload_utilisation": load.payload_utilisation,
                }
            )
        return {
            "format": _FORMAT,
            "version": _VERSION,
            "loads": loads,
            "unplaced": [
                {"sku": u.sku, "destination": u.destination, "quantity": u.quantity,
                 "reason": u.reason}
                for u in self.unplaced
            ],
            "cost": self.cost,
            "drums": [
                {"sku": d.sku, "diameter": d.diameter, "height": d.height, "weight": d.weight,
                 "quantity": d.quantity, "destination": d.destination,
                 "orientations": list(d.orientations), "max_layers": d.max_layers,
                 "max_load": d.max_load}
                for d in self.drums
            ],
            "violations": None if self.violations is None else list(self.violations),
            "container_bounds": [
                {"destinations": list(b.destinations), "lower_bound": b.lower_bound,
                 "basis": b.basis}
                for b in self.container_bounds
            ],
            "heavy_on_light": self.heavy_on_light,
            # derived, ignored on read
            "placed_count": self.placed_count,
            "unplaced_count": self.unplaced_count,
            "total_weight": self.total_weight,
        }

    def to_json(self) -> str:
        """Serialise to JSON, deterministically.

        Keys are sorted, separators compact, floats written with Python's
        shortest round-tripping ``repr``, so the same plan always gives the
        same text and :meth:`from_json` restores it exactly. The layout is
        described by the JSON Schema ``loadplan/schemas/plan.schema.json``::

            {"format": "loadplan.plan", "version": 2, "cost": null | number,
             "loads": [{"container": {...}, "destinations": [...],
                        "upper_bound": int, "notes": [...],
                        "placements": [{"sku", "x", "y", "z", "axis", "diameter",
                                        "height", "weight", "destination", "step"}],
                        "boards": [{"x0", "x1", "y0", "y1", "z", "thickness"}],
                        "count", "weight", "cog", ...derived}],
             "unplaced": [{"sku", "destination", "quantity", "reason"}],
             "drums": [{"sku", "diameter", "height", "weight", "quantity",
                        "destination", "orientations", "max_layers", "max_load"}],
             "violations": null | [str], "heavy_on_light": bool,
             "container_bounds": [{"destinations", "lower_bound", "basis"}], ...}

        Version 1 files (no boards, drum types, verdict, bounds or
        ``heavy_on_light``) are still read, with those fields at their defaults.
        Derived summary fields (counts, weights, centre of gravity,
        utilisation) are written for readers' convenience and ignored by
        :meth:`from_json`. A placement's destination ``""`` is written as null.
        """
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> "LoadPlan":
        """Read a plan written by :meth:`to_json`.

        Parameters
        ----------
        text : str or bytes

        Returns
        -------
        LoadPlan

        Raises
        ------
        ValueError
            For invalid JSON or a document that does not have the plan
            layout, naming the path of the offending item (e.g.
            ``loads[0].placements[3].x``).
        """
        if isinstance(text, (bytes, bytearray)):
            try:
                text = bytes(text).decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ValueError(f"plan JSON is not UTF-8 text: {exc}") from None
        if not isinstance(text, str):
            raise ValueError(f"plan JSON must be str or bytes, got {type(text).__name__}")
        try:
            doc = json.loads(text, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as exc:
            raise ValueError(f"invalid plan JSON: {exc}") from None
        except RecursionError:
            raise ValueError("invalid plan JSON: nested too deeply") from None
        return cls.from_dict(doc)

    @classmethod
    def from_dict(cls, doc: Any) -> "LoadPlan":
        """Build a plan from the dict layout of :meth:`to_dict` (see :meth:`from_json`)."""
        r = _Reader()
        obj = r.obj(doc, "plan")
        fmt = obj.get("format", _FORMAT)
        if fmt != _FORMAT:
            raise ValueError(f"plan.format must be {_FORMAT!r}, got {fmt!r}")
        version = obj.get("version", _VERSION)
        if version not in _READ_VERSIONS or isinstance(version, bool):
            raise ValueError(f"plan.version {version!r} is not supported "
                             f"(expected one of {', '.join(map(str, _READ_VERSIONS))})")
        r.version = version
        loads = [r.load(item, f"loads[{i}]")
                 for i, item in enumerate(r.array(r.key(obj, "loads", "plan"), "loads"))]
        unplaced = []
        for i, item in enumerate(r.array(r.key(obj, "unplaced", "plan"), "unplaced")):
            path = f"unplaced[{i}]"
            u = r.obj(item, path)
            unplaced.append(
                r.wrap(path, lambda u=u, path=path: Unplaced(
                    r.str_(r.key(u, "sku", path), f"{path}.sku"),
                    r.opt_str(r.key(u, "destination", path), f"{path}.destination"),
                    r.int_(r.key(u, "quantity", path), f"{path}.quantity"),
                    r.str_(r.key(u, "reason", path), f"{path}.reason"),
                ))
            )
        cost = obj.get("cost")
        if cost is not None:
            cost = r.num(cost, "cost")
        if version == 1:
            return r.wrap("plan", lambda: cls(loads, unplaced, cost))
        drums = [r.drum(item, f"drums[{i}]")
                 for i, item in enumerate(r.array(r.key(obj, "drums", "plan"), "drums"))]
        found = r.key(obj, "violations", "plan")
        violations = None if found is None else [
            r.str_(v, f"violations[{i}]") for i, v in enumerate(r.array(found, "violations"))]
        bounds = []
        for i, item in enumerate(r.array(r.key(obj, "container_bounds", "plan"),
                                         "container_bounds")):
            path = f"container_bounds[{i}]"
            b = r.obj(item, path)
            dests = [r.opt_str(d, f"{path}.destinations[{j}]") for j, d in
                     enumerate(r.array(r.key(b, "destinations", path), f"{path}.destinations"))]
            bounds.append(r.wrap(path, lambda b=b, path=path, dests=dests: ContainerBound(
                dests, r.int_(r.key(b, "lower_bound", path), f"{path}.lower_bound"),
                r.str_(b.get("basis", ""), f"{path}.basis"))))
        hol = r.key(obj, "heavy_on_light", "plan")
        if not isinstance(hol, bool):
            raise ValueError(f"heavy_on_light must be true or false, got {hol!r}")
        return r.wrap("plan", lambda: cls(loads, unplaced, cost, drums, violations, bounds, hol))


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` that refuses duplicate keys (the last would silently win)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"invalid plan JSON: duplicate key {key!r} in a JSON object")
        out[key] = value
    return out


class _Reader:
    """Checks one JSON item at a time and names its path in errors."""

    version = _VERSION

    def drum(self, item: Any, path: str) -> Drum:
        d = self.obj(item, path)
        sizes = [self.num(self.key(d, f, path), f"{path}.{f}")
                 for f in ("diameter", "height", "weight")]
        axes = [self.str_(a, f"{path}.orientations[{i}]") for i, a in
                enumerate(self.array(self.key(d, "orientations", path), f"{path}.orientations"))]
        layers = self.key(d, "max_layers", path)
        load = self.key(d, "max_load", path)
        return self.wrap(path, lambda: Drum(
            self.str_(self.key(d, "sku", path), f"{path}.sku"), *sizes,
            quantity=self.int_(self.key(d, "quantity", path), f"{path}.quantity"),
            destination=self.opt_str(self.key(d, "destination", path), f"{path}.destination"),
            orientations=axes,
            max_layers=None if layers is None else self.int_(layers, f"{path}.max_layers"),
            max_load=None if load is None else self.num(load, f"{path}.max_load"),
        ))

    @staticmethod
    def obj(value: Any, path: str) -> dict:
        if not isinstance(value, dict):
            raise ValueError(f"{path} must be a JSON object, got {type(value).__name__}")
        return value

    @staticmethod
    def array(value: Any, path: str) -> list:
        if not isinstance(value, list):
            raise ValueError(f"{path} must be a JSON array, got {type(value).__name__}")
        return value

    @staticmethod
    def key(obj: dict, key: str, path: str) -> Any:
        if key not in obj:
            raise ValueError(f"{path} lacks the key {key!r}")
        return obj[key]

    @staticmethod
    def _typed(value: Any, path: str, kinds: tuple, what: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise ValueError(f"{path} must be {what}, got {value!r}")
        return value

    def num(self, value: Any, path: str) -> float:
        try:
            return float(self._typed(value, path, (int, float), "a number"))
        except OverflowError:  # an integer literal too large for a float
            raise ValueError(f"{path} is too large, got {_short(value)}") from None

    def int_(self, value: Any, path: str) -> int:
        return self._typed(value, path, (int,), "an integer")

    @staticmethod
    def str_(value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{path} must be a string, got {value!r}")
        return value

    def opt_str(self, value: Any, path: str) -> str | None:
        return None if value is None else self.str_(value, path)

    @staticmethod
    def wrap(path: str, build: Any) -> Any:
        try:
            return build()
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None

    def load(self, item: Any, path: str) -> ContainerLoad:
        o = self.obj(item, path)
        cp = f"{path}.container"
        c = self.obj(self.key(o, "container", path), cp)
        fields = ("length", "width", "height", "door_width", "door_height", "tare", "max_payload")
        container = self.wrap(cp, lambda: Container(
            self.str_(self.key(c, "name", cp), f"{cp}.name"),
            *(self.num(self.key(c, f, cp), f"{cp}.{f}") for f in fields),
        ))
        dests = [self.opt_str(d, f"{path}.destinations[{i}]")
                 for i, d in enumerate(self.array(self.key(o, "destinations", path),
                                                  f"{path}.destinations"))]
        notes = [self.str_(n, f"{path}.notes[{i}]")
                 for i, n in enumerate(self.array(o.get("notes", []), f"{path}.notes"))]
        ub = self.int_(self.key(o, "upper_bound", path), f"{path}.upper_bound")
        rows = self.array(self.key(o, "placements", path), f"{path}.placements")
        arr = np.zeros(len(rows), dtype=PLACEMENT_DTYPE)
        for i, row in enumerate(rows):
            rp = f"{path}.placements[{i}]"
            d = self.obj(row, rp)
            sku = self.str_(self.key(d, "sku", rp), f"{rp}.sku")
            if not sku or len(sku) > MAX_NAME_LENGTH or _unwritable(sku):
                raise ValueError(f"{rp}.sku must have 1 to {MAX_NAME_LENGTH} characters "
                                 "(no NUL characters or lone surrogates)")
            sku = self.wrap(rp, lambda sku=sku, rp=rp: normalise_name(sku, "sku"))
            axis = self.key(d, "axis", rp)
            if axis not in AXES:
                raise ValueError(f"{rp}.axis must be 'x', 'y' or 'z', got {axis!r}")
            dest = self.opt_str(self.key(d, "destination", rp), f"{rp}.destination") or ""
            if len(dest) > MAX_NAME_LENGTH or _unwritable(dest):
                raise ValueError(f"{rp}.destination must have at most {MAX_NAME_LENGTH} characters "
                                 "(no NUL characters or lone surrogates)")
            if dest:
                dest = self.wrap(rp, lambda dest=dest: normalise_name(dest, "destination"))
            step = self.int_(self.key(d, "step", rp), f"{rp}.step")
            if not -(2**63) <= step < 2**63:
                raise ValueError(f"{rp}.step is out of range")
            arr[i] = (sku,
                      *(self.num(self.key(d, f, rp), f"{rp}.{f}") for f in ("x", "y", "z")),
                      axis,
                      *(self.num(self.key(d, f, rp), f"{rp}.{f}")
                        for f in ("diameter", "height", "weight")),
                      dest, step)
        boards = None
        if self.version >= 2:
            rows = self.array(self.key(o, "boards", path), f"{path}.boards")
            boards = np.zeros(len(rows), dtype=BOARD_DTYPE)
            for i, row in enumerate(rows):
                bp = f"{path}.boards[{i}]"
                d = self.obj(row, bp)
                boards[i] = tuple(self.num(self.key(d, f, bp), f"{bp}.{f}")
                                  for f in BOARD_DTYPE.names)
        return self.wrap(path, lambda: ContainerLoad(container, arr, ub, dests, notes, boards))
