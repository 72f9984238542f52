"""Orders from CSV and JSON files: the formats, the checks and the limits.

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

import csv
import io as _io
import json
import re
from importlib import resources
from typing import Any

from loadplan.axes import short_repr
from loadplan.containers import get_container, scale_problem
from loadplan.io.errors import FieldError, OrderError
from loadplan.io.fields import (
    Collector,
    axes_field,
    json_limit,
    json_number,
    json_whole,
    parse_limit,
    parse_name,
    parse_number,
    parse_whole,
)
from loadplan.io.files import Source, decode_text, load_source
from loadplan.io.jsontext import parse_json
from loadplan.model import Drum
from loadplan.model.limits import MAX_LAYERS, MAX_ORDER_DRUMS, MAX_QUANTITY

__all__ = ["read_order", "order_schema", "build_drums"]

_REQUIRED_CSV = ("sku", "diameter_mm", "height_mm", "quantity")
_OPTIONAL_CSV = ("weight_kg", "destination", "orientations", "max_layers", "max_load_kg")
_JSON_FIELDS = ("sku", "diameter", "height", "weight", "quantity", "destination",
                "orientations", "max_layers", "max_load")
_REQUIRED_JSON = ("sku", "diameter", "height", "quantity")


def build_drums(records: list[tuple[str, dict[str, Any]]], errors: Collector,
           size_fields: tuple[str, str] = ("diameter", "height"),
           containers: Any = None) -> list[Drum]:
    """records: (where, parsed fields) for rows that parsed; checks SKU consistency
    and, with ``containers``, that each size is in the supported range for the largest."""
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
                                   f"({short_repr(fields[k])} vs {short_repr(first[1][k])})" for k in diffs])
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


def _read_csv(text: str, name: str, containers: Any = None) -> list[Drum]:
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
        ("sku", "sku", lambda v, f: parse_name(v, f, required=True)),
        ("diameter", "diameter_mm", lambda v, f: parse_number(v, f, positive=True, decimal_comma=decimal_comma)),
        ("height", "height_mm", lambda v, f: parse_number(v, f, positive=True, decimal_comma=decimal_comma)),
        ("weight", "weight_kg", lambda v, f: parse_number(v, f, positive=False, decimal_comma=decimal_comma, default=0.0)),
        ("quantity", "quantity", lambda v, f: parse_whole(v, f, low=1, high=MAX_QUANTITY, decimal_comma=decimal_comma)),
        ("destination", "destination", lambda v, f: parse_name(v, f, required=False)),
        ("orientations", "orientations", axes_field),
        ("max_layers", "max_layers", lambda v, f: parse_whole(v, f, low=1, high=MAX_LAYERS, decimal_comma=decimal_comma, required=False)),
        ("max_load", "max_load_kg", lambda v, f: parse_limit(v, f, decimal_comma=decimal_comma)),
    )

    errors = Collector(name)
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
    return build_drums(records, errors, ("diameter_mm", "height_mm"), containers)


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------


def _read_json(text: str, name: str, containers: Any = None) -> list[Drum]:
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

    errors = Collector(name)
    records: list[tuple[str, dict[str, Any]]] = []
    for i, item in enumerate(items):
        where = f"drum {i + 1} (drums[{i}])"
        if not isinstance(item, dict):
            errors.add(where, [f"must be an object (got {type(item).__name__})"])
            continue
        problems = [f"unknown field {k!r} (fields: {', '.join(_JSON_FIELDS)})"
                    for k in item if k not in _JSON_FIELDS]
        _parse_fields(_JSON_PARSERS, item.get, where, problems, errors, records)
    return build_drums(records, errors, containers=containers)


def _parse_fields(parsers: Any, get: Any, where: str, problems: list[str], errors: Collector,
                  records: list[tuple[str, dict[str, Any]]]) -> None:
    """Parse one row with ``parsers`` ``(key, column, parse)``; record it or its problems.

    ``get(column)`` returns the raw value; ``problems`` may already hold some.
    """
    fields: dict[str, Any] = {}
    for key, column, parse in parsers:
        try:
            fields[key] = parse(get(column), column)
        except FieldError as exc:
            problems.append(str(exc))
    if problems:
        errors.add(where, problems)
    else:
        records.append((where, fields))


_JSON_PARSERS = (
    ("sku", "sku", lambda v, f: parse_name(v, f, required=True)),
    ("diameter", "diameter", lambda v, f: json_number(v, f, positive=True)),
    ("height", "height", lambda v, f: json_number(v, f, positive=True)),
    ("weight", "weight", lambda v, f: json_number(v, f, positive=False, default=0.0)),
    ("quantity", "quantity", lambda v, f: json_whole(v, f, required=True)),
    ("destination", "destination", lambda v, f: parse_name(v, f, required=False)),
    ("orientations", "orientations", axes_field),
    ("max_layers", "max_layers", lambda v, f: json_whole(v, f, required=False, high=MAX_LAYERS)),
    ("max_load", "max_load", lambda v, f: json_limit(v, f)),
)


def read_order(source: Source, *, format: str | None = None,
               containers: Any = None) -> list[Drum]:
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
    data, name, suffix = load_source(source)
    text = decode_text(data, name)
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


def order_schema() -> dict[str, Any]:
    """Return the JSON Schema of a JSON order (``loadplan/schemas/order.schema.json``)."""
    text = resources.files("loadplan").joinpath("schemas", "order.schema.json").read_text("utf-8")
    return json.loads(text)
