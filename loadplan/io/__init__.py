"""Orders and costs from files, placements to CSV, and safe file input and output.

Modules, each with one job:

* :mod:`~loadplan.io.orders`: :func:`read_order` (CSV and JSON orders; the formats
  are described there) and :func:`order_schema`;
* :mod:`~loadplan.io.fields`: the parser of each order field;
* :mod:`~loadplan.io.costs`: :func:`read_costs`;
* :mod:`~loadplan.io.placements`: :func:`placements_csv`, :func:`write_placements_csv`;
* :mod:`~loadplan.io.files`: bounded reads, output checks, atomic writes;
* :mod:`~loadplan.io.jsontext`: strict JSON (:func:`parse_json`);
* :mod:`~loadplan.io.errors`: :class:`OrderError`, :class:`OutputError`.

The limits (``MAX_QUANTITY``, ...) are defined once in :mod:`loadplan.model.limits`
and re-exported here.

>>> drums = read_order("sku,diameter_mm,height_mm,quantity\\nD1,585,880,10\\n")
>>> drums[0].sku, drums[0].diameter, drums[0].quantity
('D1', 585.0, 10)
"""

from __future__ import annotations

from loadplan.axes import parse_axes
from loadplan.io.costs import read_costs
from loadplan.io.errors import OrderError, OutputError
from loadplan.io.files import atomic_path, atomic_write, check_output, read_limited
from loadplan.io.jsontext import parse_json
from loadplan.io.orders import order_schema, read_order
from loadplan.io.placements import PLACEMENT_COLUMNS, csv_safe, placements_csv, write_placements_csv
from loadplan.model.limits import (
    MAX_COST,
    MAX_LAYERS,
    MAX_NAME_LENGTH,
    MAX_ORDER_BYTES,
    MAX_ORDER_DRUMS,
    MAX_PLAN_BYTES,
    MAX_QUANTITY,
    MAX_REPORTED_ROWS,
)

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
