"""Orders from CSV and JSON files, placements to CSV, and atomic file output.

Reading an order
----------------
:func:`read_order` takes a path, the text itself, bytes or an open file and
returns a list of :class:`~loadplan.model.Drum`, one per order line, in file
order. Anything wrong with the input raises :class:`OrderError` (a
``ValueError``) whose message has one line per bad row, each naming the row
and the field; it never raises anything else for bad input.

**CSV.** The header names the columns (case and surrounding spaces ignored):

=============== ========= ==================================================
column          required  value
=============== ========= ==================================================
``sku``         yes       text, 1-64 characters
``diameter_mm`` yes       number > 0
``height_mm``   yes       number > 0
``quantity``    yes       whole number, 1 to :data:`MAX_QUANTITY`
``weight_kg``   no        number >= 0 (kg per drum; empty means 0)
``destination`` no        text, up to 64 characters (empty means none)
``orientations`` no       allowed axes, e.g. ``z|x`` (empty means all)
``max_layers``  no        whole number 1 to 1,000 (empty means no limit)
``max_load_kg`` no        number >= 0: kg one drum may carry (empty: no limit)
=============== ========= ==================================================

Names (``sku``, ``destination``) are stored in Unicode NFC; invisible format
characters (category Cf, such as U+200B or U+202E) and control characters are
errors. Sizes are 1 to 100,000 mm; with ``containers=`` (as ``loadplan plan``
passes them) a drum of which more than 100,000 would fit the largest container
by volume is an error naming the row (see ``docs/decisions.md``, "Supported
ranges").

Other columns are ignored (ERP exports carry descriptions, prices, ...).
Rows are numbered as a spreadsheet shows them: the header is row 1, the first
drum row 2; blank rows are skipped but counted.

Spreadsheet exports are accepted as they come: UTF-8 with or without a byte
order mark, UTF-16 with a byte order mark (Excel's "Unicode text"), CRLF or LF
line ends, and ``,``, ``;`` or tab as the delimiter (the one that occurs most
often in the header line; Excel's ``sep=;`` first line is honoured). In a
file delimited by ``;`` or tab, numbers may use a decimal comma (``585,5``),
as European Excel writes them. Thousands separators are never accepted
(``1.000`` or ``1,000`` is an error for a quantity), because they are
ambiguous. Other encodings (e.g. Windows-1252) are rejected with a message
that says to save as "CSV UTF-8": guessing would corrupt destination names.

**JSON.** Described by the JSON Schema ``loadplan/schemas/order.schema.json``
(:func:`order_schema`): an object ``{"drums": [...]}`` (other top-level keys,
such as an order number, are ignored) or just the list. Each drum is an
object with the :class:`~loadplan.model.Drum` field names: ``sku``,
``diameter``, ``height``, ``quantity`` (required), ``weight``,
``destination``, ``orientations`` (a list such as ``["z", "x"]`` or the
string ``"z|x"``), ``max_layers`` and ``max_load`` (kg, or null); unknown keys are errors (they are
usually typos). Errors name the drum as ``drum 3 (drums[2])``.

**Limits.** At most :data:`MAX_QUANTITY` (1,000,000) drums per row and
:data:`MAX_ORDER_DRUMS` (1,000,000) per order; files up to
:data:`MAX_ORDER_BYTES` (64 MiB). One SKU must have the same size, weight,
axes, layer limit and load limit on every row (it may go to several destinations). A
drum too big for every container is valid input: the planner reports it as
unplaced. At most :data:`MAX_REPORTED_ROWS` bad rows are listed, then a
count of the rest.

Examples
--------
>>> drums = read_order("sku,diameter_mm,height_mm,quantity\\nD1,585,880,10\\n")
>>> drums[0].sku, drums[0].diameter, drums[0].quantity
('D1', 585.0, 10)
"""

from __future__ import annotations

import contextlib
import csv
import io as _io
import json
import math
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Iterable, Iterator, Union

if TYPE_CHECKING:  # pragma: no cover - typing only
    from loadplan.model import Drum, LoadPlan

__all__ = [
    "OrderError",
    "read_order",
    "read_costs",
    "order_schema",
    "write_placements_csv",
    "OutputError",
    "check_output",
    "atomic_path",
    "atomic_write",
    "read_limited",
    "parse_json",
    "MAX_PLAN_BYTES",
    "csv_safe",
    "parse_axes",
    "placements_csv",
    "PLACEMENT_COLUMNS",
    "MAX_QUANTITY",
    "MAX_ORDER_DRUMS",
    "MAX_ORDER_BYTES",
    "MAX_NAME_LENGTH",
    "MAX_LAYERS",
    "MAX_COST",
    "MAX_REPORTED_ROWS",
]

MAX_QUANTITY: int = 1_000_000
"""Most drums one order row may ask for."""
MAX_ORDER_DRUMS: int = 1_000_000
"""Most drums one order may ask for in total: what is tested (a 1,000,000-drum plan takes
about 1.5 GB of memory to plan and write, 1.3 GB to verify; see docs/decisions.md)."""
MAX_ORDER_BYTES: int = 64 * 1024 * 1024
"""Largest order file read (bytes)."""
MAX_PLAN_BYTES: int = 256 * 1024 * 1024
"""Largest plan file read by ``loadplan verify`` (bytes): 256 MiB, about 1.9 million drums
(a plan file takes about 140 bytes per drum)."""
MAX_NAME_LENGTH: int = 64
"""Longest SKU or destination name (characters), as placements store them."""
MAX_LAYERS: int = 1_000
"""Largest ``max_layers`` (as :data:`loadplan.model.MAX_LAYERS`)."""
MAX_COST: float = 1e12
"""Largest cost of one container in a costs file."""
MAX_REPORTED_ROWS: int = 20
"""Most bad rows listed in one :class:`OrderError`."""

Source = Union[str, bytes, os.PathLike, IO[str], IO[bytes]]

_REQUIRED_CSV = ("sku", "diameter_mm", "height_mm", "quantity")
_OPTIONAL_CSV = ("weight_kg", "destination", "orientations", "max_layers", "max_load_kg")
_JSON_FIELDS = ("sku", "diameter", "height", "weight", "quantity", "destination",
                "orientations", "max_layers", "max_load")
_REQUIRED_JSON = ("sku", "diameter", "height", "quantity")
_AXES = ("z", "x", "y")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NONFINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_MAX_DIGITS = 18  # longer whole numbers are over every limit (and int() may refuse them)


class OrderError(ValueError):
    """An order (or costs) file that cannot be read.

    ``str(error)`` has one line per problem (per bad row); :attr:`problems`
    holds the same lines as a list.
    """

    def __init__(self, problems: str | list[str]):
        if isinstance(problems, str):
            problems = [problems]
        self.problems: list[str] = list(problems)
        super().__init__("\n".join(self.problems))


class _FieldError(Exception):
    """A bad value in one field (internal; collected into OrderError)."""


# ---------------------------------------------------------------------------
# Getting text out of a path, bytes, text or a file object
# ---------------------------------------------------------------------------

def _looks_like_text(source: str) -> bool:
    if source == "" or "\n" in source or "\r" in source:
        return True
    if not source.lstrip().startswith(("{", "[")):
        return False
    try:  # "[2024] order.json" may be a file name
        return not os.path.exists(source)
    except (OSError, ValueError):
        return True


def _load(source: Source) -> tuple[str | bytes, str, str | None]:
    """Return (content, display name, file suffix or None)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "order", None
    if isinstance(source, str) and _looks_like_text(source):
        return source, "order", None
    if isinstance(source, (str, os.PathLike)):
        path = Path(os.fspath(source))
        return read_limited(path, MAX_ORDER_BYTES), str(path), path.suffix.lower()
    read = getattr(source, "read", None)
    if callable(read):
        name = str(getattr(source, "name", "order"))
        try:
            data = read(MAX_ORDER_BYTES + 1)
        except UnicodeDecodeError as exc:
            raise OrderError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                             "save it as 'CSV UTF-8'") from None
        except OSError as exc:
            raise OrderError(f"{name}: cannot read ({exc})") from None
        if not isinstance(data, (str, bytes)):
            raise OrderError(f"{name}: read() returned {type(data).__name__}, not text or bytes")
        if len(data) > MAX_ORDER_BYTES:
            raise OrderError(f"{name}: file too large (more than {MAX_ORDER_BYTES:,} bytes; "
                             f"the limit is {MAX_ORDER_BYTES // (1024 * 1024)} MiB)")
        suffix = Path(name).suffix.lower() if isinstance(getattr(source, "name", None), str) else None
        return data, name, suffix
    raise OrderError(f"cannot read an order from a {type(source).__name__}; "
                     "give a path, the text, bytes or an open file")


def read_limited(path: str | os.PathLike, limit: int, *, what: str = "order file") -> bytes:
    """Read at most ``limit`` bytes of a file; more is an error.

    The bound is on the bytes actually read, not on the size the file
    claims, so ``/dev/zero``, a FIFO or a growing file cannot exhaust memory.

    Raises
    ------
    OrderError
        Missing file, a directory, unreadable, not a valid file name, or
        larger than ``limit`` bytes; the message names the path and the limit.
    """
    name = os.fspath(path)
    name = os.fsdecode(name) if isinstance(name, bytes) else name
    try:
        with open(name, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise OrderError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise OrderError(f"{name}: is a directory, not an {what}") from None
    except OSError as exc:
        raise OrderError(f"{name}: cannot read ({exc.strerror or exc})") from None
    except ValueError:  # e.g. a NUL character in the name
        raise OrderError(f"{name!r}: not a valid file name") from None
    if len(data) > limit:
        raise OrderError(f"{name}: file too large (more than {limit:,} bytes; "
                         f"the limit is {limit // (1024 * 1024)} MiB)")
    return data


def _decode(data: str | bytes, name: str) -> str:
    if isinstance(data, bytes):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                text = data.decode("utf-16")
            except UnicodeDecodeError as exc:
                raise OrderError(f"{name}: broken UTF-16 text ({exc.reason} at byte {exc.start})") from None
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise OrderError(
                    f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                    "save it as 'CSV UTF-8' or JSON") from None
    else:
        text = data
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise OrderError(f"{name}: binary data (NUL characters), not a CSV or JSON order")
    return text


# ---------------------------------------------------------------------------
# Field parsers (shared by CSV and JSON)
# ---------------------------------------------------------------------------

def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _name(value: Any, field: str, *, required: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _FieldError(f"{field} is missing")
        return None
    if not isinstance(value, str):
        raise _FieldError(f"{field} must be text (got {_show(value)})")
    text = value.strip()
    if len(text) > MAX_NAME_LENGTH:
        raise _FieldError(f"{field} is longer than {MAX_NAME_LENGTH} characters ({len(text)})")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise _FieldError(f"{field} contains control characters (got {_show(text)})")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise _FieldError(f"{field} is not valid Unicode (a lone surrogate; got {_show(text)})")
    from loadplan.model import normalise_name

    try:
        return normalise_name(text, field)
    except ValueError as exc:
        raise _FieldError(str(exc)) from None


def _number_text(text: str, field: str, decimal_comma: bool) -> float:
    raw = text.strip()
    if not raw:
        raise _FieldError(f"{field} is missing")
    candidate = raw
    if decimal_comma and "," in raw and "." not in raw and raw.count(",") == 1:
        candidate = raw.replace(",", ".")
    if _NONFINITE.fullmatch(candidate):
        raise _FieldError(f"{field} must be a finite number (got {_show(raw)})")
    if not _NUMBER.fullmatch(candidate):
        raise _FieldError(f"{field} must be a number (got {_show(raw)})")
    return float(candidate)


def _number(value: Any, field: str, *, positive: bool, decimal_comma: bool = False,
            default: float | None = None) -> float:
    if isinstance(value, str):
        if not value.strip() and default is not None:
            return default
        number = _number_text(value, field, decimal_comma)
    elif value is None:
        if default is not None:
            return default
        raise _FieldError(f"{field} is missing")
    elif isinstance(value, _LongNumber):
        raise _FieldError(f"{field} is too large (got {_show(value)})")
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _FieldError(f"{field} must be a number (got {_show(value)})")
    else:
        try:
            number = float(value)
        except OverflowError:
            raise _FieldError(f"{field} is too large (got {_show(value)})") from None
    if not math.isfinite(number):
        raise _FieldError(f"{field} must be a finite number (got {_show(value)})")
    if positive and number <= 0:
        raise _FieldError(f"{field} must be positive (got {_show(value)})")
    if not positive and number < 0:
        raise _FieldError(f"{field} must not be negative (got {_show(value)})")
    return number


def _limit(value: Any, field: str, *, decimal_comma: bool = False) -> float | None:
    """An optional limit >= 0 (kg): empty or None means no limit."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _number(value, field, positive=False, decimal_comma=decimal_comma)


def _json_limit(value: Any, field: str) -> float | None:
    if isinstance(value, str):
        raise _FieldError(f"{field} must be a JSON number or null, not a string (got {_show(value)})")
    return _limit(value, field)


def _whole(value: Any, field: str, *, low: int, high: int, decimal_comma: bool = False,
           required: bool = True) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _FieldError(f"{field} is missing")
        return None
    if isinstance(value, str):
        raw = value.strip()
        point = "," if decimal_comma else "."
        whole = re.fullmatch(r"\+?(\d+)(?:" + re.escape(point) + r"0*)?", raw)
        if whole:
            digits = whole.group(1).lstrip("0") or "0"
            if len(digits) > _MAX_DIGITS:  # int() refuses > 4300 digits; nothing valid is this long
                raise _FieldError(f"{field} must be at most {high:,} (got {_show(raw)})")
            number = int(digits)
        else:
            try:
                parsed = _number_text(raw, field, decimal_comma)
            except _FieldError:
                raise _FieldError(f"{field} must be a whole number (got {_show(raw)})") from None
            if parsed.is_integer() and parsed < low:
                raise _FieldError(f"{field} must be at least {low} (got {_show(raw)})")
            if parsed.is_integer():
                raise _FieldError(f"{field} must be a whole number written with digits only, "
                                  f"no separators or exponent (got {_show(raw)})")
            raise _FieldError(f"{field} must be a whole number (got {_show(raw)})")
    elif isinstance(value, _LongNumber):
        raise _FieldError(f"{field} must be at most {high:,} (got {_show(value)})")
    elif isinstance(value, bool):
        raise _FieldError(f"{field} must be a whole number (got {_show(value)})")
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise _FieldError(f"{field} must be a whole number (got {_show(value)})")
        number = int(value)
    else:
        raise _FieldError(f"{field} must be a whole number (got {_show(value)})")
    if number < low:
        raise _FieldError(f"{field} must be at least {low} (got {_show(value)})")
    if number > high:
        raise _FieldError(f"{field} must be at most {high:,} (got {_show(value)})")
    return number


def parse_axes(value: Any, field: str = "orientations") -> tuple[str, ...] | None:
    """Parse allowed axes: ``"z|x"``, ``"z,x"``, ``"zx"`` or ``["z", "x"]``.

    Returns the axes in the canonical order z, x, y, or None for an empty
    value (all axes allowed). Raises ``ValueError`` naming ``field``.
    """
    try:
        return _axes(value, field)
    except _FieldError as exc:
        raise ValueError(str(exc)) from None


def _axes(value: Any, field: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip().lower()
        if not text:
            return None
        tokens = [t for t in re.split(r"[|,/;\s]+", text) if t]
        if len(tokens) == 1 and len(tokens[0]) > 1 and set(tokens[0]) <= set(_AXES):
            tokens = list(tokens[0])
    elif isinstance(value, (list, tuple)):
        if not value:
            raise _FieldError(f"{field} must name at least one axis")
        tokens = []
        for item in value:
            if not isinstance(item, str):
                raise _FieldError(f"{field} must be axes 'z', 'x' or 'y' (got {_show(item)})")
            tokens.append(item.strip().lower())
    else:
        raise _FieldError(f"{field} must be axes such as 'z|x' (got {_show(value)})")
    bad = [t for t in tokens if t not in _AXES]
    if bad or not tokens:
        raise _FieldError(f"{field} must be axes from z, x, y such as 'z|x' or 'z,x' (got {_show(value)})")
    return tuple(a for a in _AXES if a in tokens)


# ---------------------------------------------------------------------------
# Turning validated fields into Drums
# ---------------------------------------------------------------------------

class _Collector:
    """Collects one message per bad row; at most MAX_REPORTED_ROWS are kept."""

    def __init__(self, name: str):
        self.name = name
        self.lines: list[str] = []
        self.count = 0

    def add(self, where: str, messages: list[str]) -> None:
        self.count += 1
        if len(self.lines) < MAX_REPORTED_ROWS:
            self.lines.append(f"{self.name}: {where}: " + "; ".join(messages))

    def _row(self, line: str) -> int:
        found = re.search(r"\d+", line[len(self.name) + 2:])
        return int(found.group()) if found else 0

    def raise_if_any(self) -> None:
        if self.count:
            lines = sorted(self.lines, key=self._row)  # rows found bad later (sizes) in row order
            if self.count > len(lines):
                lines.append(f"{self.name}: ... and {self.count - len(lines)} more bad rows")
            raise OrderError(lines)


def _build(records: list[tuple[str, dict[str, Any]]], errors: _Collector,
           size_fields: tuple[str, str] = ("diameter", "height"),
           containers: Any = None) -> list["Drum"]:
    """records: (where, parsed fields) for rows that parsed; checks SKU consistency
    and, with ``containers``, that each size is in the supported range for the largest."""
    from loadplan.containers import get_container, scale_problem
    from loadplan.model import Drum

    largest = None
    if containers is not None:
        largest = max((get_container(c) for c in containers), key=lambda c: c.volume, default=None)

    drums: list[Drum] = []
    seen: dict[str, tuple[str, dict[str, Any]]] = {}
    total = 0
    for where, fields in records:
        first = seen.get(fields["sku"])
        if first is None:
            seen[fields["sku"]] = (where, fields)
        else:
            diffs = [k for k in ("diameter", "height", "weight", "orientations", "max_layers",
                                 "max_load")
                     if first[1][k] != fields[k]]
            if diffs:
                errors.add(where, [f"sku {fields['sku']!r} has a different {k} than on {first[0]} "
                                   f"({_show(fields[k])} vs {_show(first[1][k])})" for k in diffs])
                continue
        kwargs = dict(fields)
        if kwargs["orientations"] is None:
            del kwargs["orientations"]
        try:
            drum = Drum(**kwargs)
        except (ValueError, TypeError) as exc:
            errors.add(where, [str(exc)])
            continue
        problem = None if largest is None else scale_problem(drum.diameter, drum.height, largest)
        if problem is not None:
            errors.add(where, [f"{size_fields[0]} and {size_fields[1]}: {problem}"])
            continue
        total += fields["quantity"]
        drums.append(drum)
    errors.raise_if_any()
    if total > MAX_ORDER_DRUMS:
        raise OrderError(f"{errors.name}: the order asks for {total:,} drums; "
                         f"the limit is {MAX_ORDER_DRUMS:,} per order")
    return drums


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

def _sniff_delimiter(line: str) -> str:
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _read_csv(text: str, name: str, containers: Any = None) -> list["Drum"]:
    if not text.strip():
        raise OrderError(f"{name}: empty order (no header, no rows)")
    lines = text.splitlines()
    first_row = 1
    sep_line = lines[0].strip().lower() if lines else ""
    delimiter: str | None = None
    if sep_line.startswith("sep=") and len(sep_line) == 5:
        delimiter = lines[0].strip()[4]
        parts = re.split(r"\r\n|\r|\n", text, maxsplit=1)
        text = parts[1] if len(parts) > 1 else ""
        first_row = 2
    if delimiter is None:
        header_line = next((ln for ln in lines if ln.strip()), "")
        delimiter = _sniff_delimiter(header_line)
    decimal_comma = delimiter != ","
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    parsers = (
        ("sku", "sku", lambda v, f: _name(v, f, required=True)),
        ("diameter", "diameter_mm", lambda v, f: _number(v, f, positive=True, decimal_comma=decimal_comma)),
        ("height", "height_mm", lambda v, f: _number(v, f, positive=True, decimal_comma=decimal_comma)),
        ("weight", "weight_kg", lambda v, f: _number(v, f, positive=False, decimal_comma=decimal_comma, default=0.0)),
        ("quantity", "quantity", lambda v, f: _whole(v, f, low=1, high=MAX_QUANTITY, decimal_comma=decimal_comma)),
        ("destination", "destination", lambda v, f: _name(v, f, required=False)),
        ("orientations", "orientations", _axes),
        ("max_layers", "max_layers", lambda v, f: _whole(v, f, low=1, high=MAX_LAYERS, decimal_comma=decimal_comma, required=False)),
        ("max_load", "max_load_kg", lambda v, f: _limit(v, f, decimal_comma=decimal_comma)),
    )

    errors = _Collector(name)
    records: list[tuple[str, dict[str, Any]]] = []
    header: list[str] | None = None
    index: dict[str, int] = {}
    row_no = first_row - 1
    try:
        for row in reader:
            row_no += 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip().strip("\ufeff").lower() for cell in row]
                dupes = sorted({h for h in header if h and header.count(h) > 1})
                if dupes:
                    raise OrderError(f"{name}: row {row_no}: duplicate column {', '.join(dupes)}")
                missing = [c for c in _REQUIRED_CSV if c not in header]
                if missing:
                    raise OrderError(
                        f"{name}: row {row_no}: missing required column{'s' if len(missing) > 1 else ''} "
                        f"{', '.join(missing)} (the header must name {', '.join(_REQUIRED_CSV)})")
                index = {h: i for i, h in enumerate(header) if h}
                continue
            where = f"row {row_no}"
            if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
                errors.add(where, [f"{len(row)} fields but the header has {len(header)}"])
                continue

            def cell(column: str) -> str:
                i = index.get(column)
                return row[i] if i is not None and i < len(row) else ""

            _parse_fields(parsers, cell, where, [], errors, records)
    except csv.Error as exc:
        raise OrderError(f"{name}: row {row_no + 1}: malformed CSV ({exc})") from None
    if header is None:
        raise OrderError(f"{name}: empty order (no header, no rows)")
    if not records and not errors.count:
        raise OrderError(f"{name}: the order has a header but no drum rows")
    return _build(records, errors, ("diameter_mm", "height_mm"), containers)


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------

def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise OrderError(f"duplicate key {key!r} in a JSON object")
        out[key] = value
    return out


class _LongNumber:
    """A JSON integer literal too long to convert (Python refuses > 4,300 digits)."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"a number of {self.digits:,} digits"


def _parse_int(text: str) -> Any:
    digits = len(text.lstrip("-"))
    return _LongNumber(digits) if digits > 4000 else int(text)


def parse_json(text: str, name: str) -> Any:
    """Parse JSON text strictly: duplicate keys in an object are an error.

    Raises
    ------
    OrderError
        Naming ``name`` and where the JSON is wrong (line and column, the
        duplicate key, too deeply nested, an integer with too many digits).
    """
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_parse_int)
    except OrderError as exc:
        raise OrderError(f"{name}: invalid JSON: {exc}") from None
    except json.JSONDecodeError as exc:
        raise OrderError(f"{name}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise OrderError(f"{name}: invalid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer literal with too many digits
        raise OrderError(f"{name}: invalid JSON: {exc}") from None


def _read_json(text: str, name: str, containers: Any = None) -> list["Drum"]:
    if not text.strip():
        raise OrderError(f"{name}: empty order (no JSON)")
    doc = parse_json(text, name)
    if isinstance(doc, dict):
        if "drums" not in doc:
            raise OrderError(f"{name}: the JSON object has no 'drums' list")
        items = doc["drums"]
        if not isinstance(items, list):
            raise OrderError(f"{name}: 'drums' must be a list (got {type(items).__name__})")
    elif isinstance(doc, list):
        items = doc
    else:
        raise OrderError(f"{name}: a JSON order is an object {{\"drums\": [...]}} or a list of drums "
                         f"(got {type(doc).__name__})")
    if not items:
        raise OrderError(f"{name}: the order has no drums")

    errors = _Collector(name)
    records: list[tuple[str, dict[str, Any]]] = []
    for i, item in enumerate(items):
        where = f"drum {i + 1} (drums[{i}])"
        if not isinstance(item, dict):
            errors.add(where, [f"must be an object (got {type(item).__name__})"])
            continue
        problems = [f"unknown field {k!r} (fields: {', '.join(_JSON_FIELDS)})"
                    for k in item if k not in _JSON_FIELDS]
        _parse_fields(_JSON_PARSERS, item.get, where, problems, errors, records)
    return _build(records, errors, containers=containers)


def _parse_fields(parsers: Any, get: Any, where: str, problems: list[str], errors: "_Collector",
                  records: list[tuple[str, dict[str, Any]]]) -> None:
    """Parse one row with ``parsers`` ``(key, column, parse)``; record it or its problems.

    ``get(column)`` returns the raw value; ``problems`` may already hold some.
    """
    fields: dict[str, Any] = {}
    for key, column, parse in parsers:
        try:
            fields[key] = parse(get(column), column)
        except _FieldError as exc:
            problems.append(str(exc))
    if problems:
        errors.add(where, problems)
    else:
        records.append((where, fields))


def _json_number(value: Any, field: str, *, positive: bool, default: float | None = None) -> float:
    if isinstance(value, str):
        raise _FieldError(f"{field} must be a JSON number, not a string (got {_show(value)})")
    return _number(value, field, positive=positive, default=default)


def _json_whole(value: Any, field: str, *, required: bool, high: int = MAX_QUANTITY) -> int | None:
    if isinstance(value, str):
        raise _FieldError(f"{field} must be a JSON number, not a string (got {_show(value)})")
    return _whole(value, field, low=1, high=high, required=required)


_JSON_PARSERS = (
    ("sku", "sku", lambda v, f: _name(v, f, required=True)),
    ("diameter", "diameter", lambda v, f: _json_number(v, f, positive=True)),
    ("height", "height", lambda v, f: _json_number(v, f, positive=True)),
    ("weight", "weight", lambda v, f: _json_number(v, f, positive=False, default=0.0)),
    ("quantity", "quantity", lambda v, f: _json_whole(v, f, required=True)),
    ("destination", "destination", lambda v, f: _name(v, f, required=False)),
    ("orientations", "orientations", _axes),
    ("max_layers", "max_layers", lambda v, f: _json_whole(v, f, required=False, high=MAX_LAYERS)),
    ("max_load", "max_load", lambda v, f: _json_limit(v, f)),
)


# ---------------------------------------------------------------------------
# Public readers
# ---------------------------------------------------------------------------

def read_order(source: Source, *, format: str | None = None,
               containers: Any = None) -> list["Drum"]:
    """Read an order of drums from a CSV or JSON file (see the module notes).

    Parameters
    ----------
    source : str, os.PathLike, bytes or file object
        A path; or the order's text itself (a ``str`` that contains a line
        break, or starts with ``{`` or ``[`` and is not an existing file's
        name); or bytes; or an open file (text or binary).
    format : {"csv", "json"}, optional
        Default: from the file suffix (``.json``; ``.csv``, ``.tsv``,
        ``.txt``), else from the content (JSON if it starts with ``{`` or
        ``[``).
    containers : sequence of str or Container, optional
        The containers the order will be planned with. When given, a row
        whose drum is outside the supported range for the largest of them
        (more than 100,000 would fit it by volume, see
        :func:`loadplan.containers.scale_problem`) is an error naming the row,
        the size fields and the limit; ``loadplan plan`` passes its containers.

    Returns
    -------
    list of Drum
        One per order row, in file order.

    Raises
    ------
    OrderError
        For anything wrong with the input: missing or unreadable file, not
        UTF-8, empty, no header or rows, missing column, bad values (one line
        per bad row naming the row and field), invalid JSON, limits exceeded.

    Examples
    --------
    >>> text = "sku;diameter_mm;height_mm;quantity;destination\\r\\nD1;585,5;880;2;Z\\u00fcrich\\r\\n"
    >>> [(d.diameter, d.destination) for d in read_order(text)]
    [(585.5, 'Zürich')]
    """
    if format is not None and format not in ("csv", "json"):
        raise OrderError(f"format must be 'csv' or 'json' (got {format!r})")
    data, name, suffix = _load(source)
    text = _decode(data, name)
    if format is None:
        if suffix == ".json":
            format = "json"
        elif suffix in (".csv", ".tsv", ".txt"):
            format = "csv"
        else:
            format = "json" if text.lstrip().startswith(("{", "[")) else "csv"
    if format == "json":
        return _read_json(text, name, containers)
    return _read_csv(text, name, containers)


def read_costs(source: Source) -> dict[str, Any]:
    """Read container costs from JSON, for :func:`loadplan.plan`'s ``costs``.

    Either ``{"20GP": 1800, "40HC": 2900}`` (container name -> cost) or
    ``{"Shenzhen": {"40HC": 2900}, "Shanghai": {...}}`` (destination ->
    container name -> cost); the two may be mixed. Costs are finite numbers
    >= 0; container names must be in the catalog.

    Raises
    ------
    OrderError
        Missing file, invalid JSON, unknown container, bad cost.

    Examples
    --------
    >>> read_costs('{"20GP": 1800, "Shenzhen": {"40HC": 2900}}')
    {'20GP': 1800.0, 'Shenzhen': {'40HC': 2900.0}}
    """
    from loadplan.containers import CONTAINERS

    data, name, _ = _load(source)
    if name == "order":
        name = "costs"
    text = _decode(data, name)
    if not text.strip():
        raise OrderError(f"{name}: empty costs file")
    doc = parse_json(text, name)
    if not isinstance(doc, dict) or not doc:
        raise OrderError(f"{name}: costs must be a non-empty JSON object mapping container name to cost")

    def cost(value: Any, where: str) -> float:
        try:
            number = _json_number(value, f"cost of {where}", positive=False)
        except _FieldError as exc:
            raise OrderError(f"{name}: {exc}") from None
        if number > MAX_COST:
            raise OrderError(f"{name}: cost of {where} must be at most {MAX_COST:,.0f} "
                             f"(got {_show(value)})")
        return number

    def container(key: str) -> str:
        if key not in CONTAINERS:
            raise OrderError(f"{name}: unknown container {key!r} (known: {', '.join(CONTAINERS)})")
        return key

    out: dict[str, Any] = {}
    for key, value in doc.items():
        if isinstance(value, dict):
            if not value:
                raise OrderError(f"{name}: destination {key!r} has no container costs")
            out[key] = {container(k): cost(v, f"{k} for {key}") for k, v in value.items()}
        else:
            out[container(key)] = cost(value, key)
    return out


def order_schema() -> dict[str, Any]:
    """Return the JSON Schema of a JSON order (``loadplan/schemas/order.schema.json``)."""
    path = Path(__file__).with_name("schemas") / "order.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

class OutputError(ValueError):
    """An output path that must not be written (CLI exit 2); the message names it."""


def _file_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_output(path: str | os.PathLike, *, inputs: Iterable[Any] = (),
                 outputs: Iterable[Any] = ()) -> Path:
    """Check that ``path`` may be written as an output file; return it as a Path.

    An output is written only as a regular file, never over an input nor
    over another output of the same run: paths are compared resolved
    (symbolic links and ``..`` followed), and existing files also by
    identity (``os.path.samefile``: the same inode, so hard links count).

    Parameters
    ----------
    path : str or os.PathLike
        The output file.
    inputs, outputs : iterable of str or os.PathLike
        Files read by the run and the run's other outputs (``"-"``, None and
        file objects are skipped).

    Raises
    ------
    OutputError
        Empty name; a path that exists and is not a regular file (a
        directory, symbolic link, FIFO, device or socket); a missing folder;
        the same file as an input or another output. The message names
        the path as given.

    Examples
    --------
    >>> check_output("")
    Traceback (most recent call last):
    ...
    loadplan.io.OutputError: output file name is empty
    """
    try:
        text = os.fspath(path)
    except TypeError:
        raise OutputError(f"an output path must be a str or os.PathLike, got {type(path).__name__}") from None
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if not text:
        raise OutputError("output file name is empty")
    if "\x00" in text:
        raise OutputError(f"{text!r}: not a valid file name (NUL character)")
    target = Path(text)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"{text}: cannot write ({exc.strerror or exc})") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{text}: is {_kind(info.st_mode)}; outputs are written only as regular files")
    if text.endswith(os.sep) or (os.altsep and text.endswith(os.altsep)):
        raise OutputError(f"{text}: is a folder name, not a file name")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{text}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{text}: folder {parent} is not writable")
    for other in inputs:
        if _same_file(target, other):
            raise OutputError(f"{text}: would overwrite an input file ({os.fspath(other)})")
    for other in outputs:
        if _same_file(target, other):
            raise OutputError(f"{text}: the same file is given twice as an output "
                              f"({os.fspath(other)})")
    return target


def _same_file(target: Path, other: Any) -> bool:
    if other is None or not isinstance(other, (str, os.PathLike)) or os.fspath(other) in ("-", ""):
        return False
    try:
        if os.path.realpath(target) == os.path.realpath(other):
            return True
        return os.path.exists(target) and os.path.exists(other) and os.path.samefile(target, other)
    except (OSError, ValueError):
        return False


def _temporary(directory: Path, suffix: str) -> tuple[int, str]:
    """A new temporary file in ``directory`` with a short name (``.lp-XXXXXXXX.tmp``)."""
    suffix = suffix if len(suffix) <= 16 else ""
    return tempfile.mkstemp(prefix=".lp-", suffix=".tmp" + suffix, dir=directory)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; rename it to ``path`` on success.

    If the body raises, the temporary file is removed and ``path`` is left as
    it was, so a reader never sees a half-written file. The temporary name
    is short (``.lp-XXXXXXXX.tmp`` plus the suffix of ``path``), so any valid
    file name works, and errors name ``path``, never the temporary file.
    ``path`` must be a regular file or not exist (see :func:`check_output`).

    Raises
    ------
    OutputError
        As :func:`check_output`.
    OSError
        When the folder cannot be written; ``filename`` is ``path``.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("hello")
    >>> target.read_text()
    'hello'
    """
    target = check_output(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = _temporary(directory, target.suffix)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    with contextlib.suppress(OSError):  # mkstemp makes 0600 files; give the usual mode
        os.chmod(tmp, _file_mode(target))
    try:
        try:
            yield tmp
            check_output(target)  # it may have become a FIFO or a link meanwhile
            os.replace(tmp, target)
        except OSError as exc:
            if exc.filename is not None and os.fspath(exc.filename) in (tmp_name, str(tmp)):
                raise OSError(exc.errno, exc.strerror, str(target)) from None
            raise
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write(path: str | os.PathLike, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` atomically (temporary file + rename; see :func:`atomic_path`)."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data.encode(encoding) if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())


PLACEMENT_COLUMNS = ("container", "container_type", "step", "sku", "destination", "axis",
                     "x_mm", "y_mm", "z_mm", "diameter_mm", "height_mm", "weight_kg")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Make a text cell inert in spreadsheets (OWASP CSV injection rule).

    A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return would be run as a formula by Excel, LibreOffice or Google Sheets;
    it is written with a single quote in front (``'=cmd|...``), which
    spreadsheets show but do not evaluate. Other text is unchanged; the
    ``csv`` module quotes delimiters and quotes.

    Examples
    --------
    >>> csv_safe("=SUM(A1:A2)"), csv_safe("-2+3"), csv_safe("D200")
    ("'=SUM(A1:A2)", "'-2+3", 'D200')
    """
    if text.startswith(_FORMULA_START) or text.lstrip(" ").startswith(_FORMULA_START):
        return "'" + text
    return text


def placements_csv(plan: "LoadPlan") -> str:
    """Return every placement of ``plan`` as CSV text (see :func:`write_placements_csv`)."""
    buffer = _io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PLACEMENT_COLUMNS)
    for number, load in enumerate(plan.loads, start=1):
        p = load.placements
        columns = [p[name].tolist() for name in ("step", "sku", "destination", "axis", "x", "y", "z",
                                                 "diameter", "height", "weight")]
        name = load.container.name
        for step, sku, dest, axis, x, y, z, d, h, w in zip(*columns):
            writer.writerow((number, csv_safe(name), int(step), csv_safe(sku), csv_safe(dest), axis,
                             repr(float(x)), repr(float(y)),
                             repr(float(z)), repr(float(d)), repr(float(h)), repr(float(w))))
    return buffer.getvalue()


def write_placements_csv(plan: "LoadPlan", path: str | os.PathLike, *, bom: bool = False) -> None:
    """Write every placement of ``plan`` to a CSV file, atomically.

    Columns: ``container`` (1-based number of the load in the plan),
    ``container_type``, ``step`` (loading order), ``sku``, ``destination``,
    ``axis``, ``x_mm``, ``y_mm``, ``z_mm`` (centroid), ``diameter_mm``,
    ``height_mm``, ``weight_kg``. UTF-8, LF line ends, floats written exactly
    (``repr``); ``bom=True`` adds a byte order mark so that Excel shows
    non-ASCII destinations correctly. Text cells that a spreadsheet would
    run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
    carriage return) get a leading ``'`` (:func:`csv_safe`).
    """
    text = placements_csv(plan)
    atomic_write(path, ("\ufeff" if bom else "") + text)
