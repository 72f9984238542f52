"""Every placement of a plan as CSV (one row per drum), safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io as _io
import os
from loadplan.io.files import atomic_write
from loadplan.model import LoadPlan

__all__ = ["PLACEMENT_COLUMNS", "csv_safe", "placements_csv", "write_placements_csv"]

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


def placements_csv(plan: LoadPlan) -> str:
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


def write_placements_csv(plan: LoadPlan, path: str | os.PathLike, *, bom: bool = False) -> None:
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

