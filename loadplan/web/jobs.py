"""The work behind each API call, as plain functions of bytes (run in the worker processes).

Every function here takes the request body (bytes, never a path: nothing a
client sends reaches the file system) and plain options, and returns a
:class:`Answer` (media type and bytes) or raises :class:`Problems` (an HTTP
status and a list of ``{row, field, message}`` problems). They are top-level
functions so that :mod:`loadplan.web.pool` can run them in another process;
they also run in-process (tests, ``workers=0``).

Orders are read by :func:`loadplan.io.read_order` and costs by
:func:`loadplan.io.read_costs`, the CLI's own readers, so the API accepts
and rejects exactly what ``loadplan plan`` does.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from typing import Any, Mapping

__all__ = [
    "Answer",
    "Problems",
    "FORMATS",
    "problems_from_lines",
    "plan_options",
    "plan_job",
    "render_job",
    "fit_job",
    "verify_job",
    "warm",
]

FORMATS: dict[str, str] = {
    "json": "application/json",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
"""Output formats of a plan: name -> media type."""

_FIELDS = ("diameter_mm", "height_mm", "weight_kg", "quantity", "destination", "orientations",
           "max_layers", "sku", "diameter", "height", "weight")
_ROW = re.compile(r"^row (\d+): ")
_DRUM = re.compile(r"^drum (\d+) \((drums\[\d+\])\): ")


@dataclass(frozen=True)
class Answer:
    """A successful answer: its media type and body."""

    media_type: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


class Problems(Exception):
    """Bad input: an HTTP status and a list of ``{"row", "field", "message"}`` dicts."""

    def __init__(self, status: int, detail: str, problems: list[dict[str, Any]] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.problems = problems if problems is not None else [{"row": None, "field": None,
                                                                 "message": detail}]

    def __reduce__(self) -> tuple:  # picklable across the process boundary
        return (Problems, (self.status, self.detail, self.problems))

    def to_dict(self) -> dict[str, Any]:
        """The JSON body of the error response."""
        return {"detail": self.detail, "problems": self.problems}


def _problem(line: str, default_field: str | None = None) -> dict[str, Any]:
    text = line
    for prefix in ("order: ", "costs: "):
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    row: int | None = None
    where: str | None = default_field
    match = _ROW.match(text)
    if match:
        row = int(match.group(1))
        text = text[match.end():]
    else:
        match = _DRUM.match(text)
        if match:
            row = int(match.group(1))
            where = match.group(2)
            text = text[match.end():]
    named = re.match(r"unknown field '([^']{1,64})'", text) or re.match(r"([a-z_]+)\b", text)
    if named and (named.group(1) in _FIELDS or text.startswith("unknown field")):
        name = named.group(1)
        where = f"{where}.{name}" if where and where.startswith("drums[") else name
    return {"row": row, "field": where, "message": text}


def problems_from_lines(lines: list[str], *, status: int = 422, field_name: str | None = None,
                        what: str = "the order has problems") -> Problems:
    """Turn an :class:`~loadplan.io.OrderError`'s lines into :class:`Problems`."""
    problems = [_problem(line, field_name) for line in lines]
    detail = f"{what}: {len(problems)} listed, nothing was planned" if len(problems) != 1 else problems[0]["message"]
    return Problems(status, detail, problems)


def _bad(field_name: str, message: str) -> Problems:
    return Problems(422, message, [{"row": None, "field": field_name, "message": message}])


# ---------------------------------------------------------------------------
# Reading the request
# ---------------------------------------------------------------------------

def _json_body(body: bytes, what: str) -> Any:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Problems(400, f"the {what} is not UTF-8 text") from None
    if not text.strip():
        raise Problems(400, f"the request body is empty (a JSON {what} is expected)")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Problems(400, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except (RecursionError, ValueError):
        raise Problems(400, "invalid JSON (nested too deeply or too large a number)") from None


def _read_order(data: bytes, fmt: str) -> list[Any]:
    from loadplan.io import OrderError, read_order

    try:
        return read_order(data, format=fmt)
    except OrderError as exc:
        raise problems_from_lines(exc.problems) from None


def _plan_keywords() -> dict[str, inspect.Parameter]:
    from loadplan.planner import plan

    return {name: p for name, p in inspect.signature(plan).parameters.items()
            if p.kind is inspect.Parameter.KEYWORD_ONLY or name == "containers"}


def _containers(value: Any) -> tuple[str, ...]:
    from loadplan.containers import CONTAINERS

    names = value.split(",") if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise _bad("containers", "containers must be a list of container names such as [\"20GP\", \"40HC\"]")
    lookup = {name.upper(): name for name in CONTAINERS}
    out: list[str] = []
    for name in (n.strip() for n in names if n.strip()):
        canonical = lookup.get(name.upper())
        if canonical is None:
            raise _bad("containers", f"unknown container {name!r} (known: {', '.join(CONTAINERS)})")
        if canonical not in out:
            out.append(canonical)
    if not out:
        raise _bad("containers", "no container type given")
    return tuple(out)


def _costs(value: Any) -> dict[str, Any] | None:
    from loadplan.io import OrderError, read_costs

    if value is None:
        return None
    if isinstance(value, str):
        value = _json_body(value.encode("utf-8"), "costs")
    try:
        return read_costs(json.dumps(value).encode("utf-8"))
    except OrderError as exc:
        raise problems_from_lines(exc.problems, field_name="costs", what="the costs have problems") from None


def _stops(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    stops = [s.strip() for s in value.split(",")] if isinstance(value, str) else value
    if not isinstance(stops, list) or not all(isinstance(s, str) for s in stops):
        raise _bad("stops", "stops must be a list of destination names in unloading order")
    stops = [s for s in stops if s]
    if not stops:
        raise _bad("stops", "stops is empty")
    if len(set(stops)) != len(stops):
        raise _bad("stops", "stops names a destination twice")
    return tuple(stops)


def _flag(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "yes", "on", "false", "0", "no", "off", ""):
        return value.lower() in ("true", "1", "yes", "on")
    raise _bad(name, f"{name} must be true or false (got {value!r})")


def plan_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """Check the plan options of a request and return ``plan()`` keyword arguments.

    ``containers``, ``costs``, ``multi_drop`` and ``stops`` are checked as the
    CLI checks them; any other keyword-only parameter of
    :func:`loadplan.planner.plan` whose value is a JSON scalar is passed through
    (``plan()`` checks it). Other keys (an order number, ...) are ignored.
    """
    keywords = _plan_keywords()
    kwargs: dict[str, Any] = {}
    for name, value in options.items():
        if name not in keywords or name == "drums":
            continue
        if name == "containers":
            kwargs[name] = _containers(value)
        elif name == "costs":
            kwargs[name] = _costs(value)
        elif name == "stops":
            kwargs[name] = _stops(value)
        elif isinstance(keywords[name].default, bool):
            kwargs[name] = _flag(value, name)
        elif value is None or isinstance(value, (bool, int, float, str)):
            kwargs[name] = value
        else:
            raise _bad(name, f"{name} must be a single value (got {type(value).__name__})")
    if kwargs.get("stops") is not None and not kwargs.get("multi_drop"):
        raise _bad("stops", "stops needs multi_drop")
    return kwargs


# ---------------------------------------------------------------------------
# Jobs
# ---------------------------------------------------------------------------

def _render(result: Any, fmt: str) -> Answer:
    if fmt == "json":
        return Answer(FORMATS["json"], result.to_json().encode("utf-8"))
    if fmt == "csv":
        from loadplan.io import placements_csv

        return Answer(FORMATS["csv"], placements_csv(result).encode("utf-8"),
                      {"Content-Disposition": 'attachment; filename="placements.csv"'})
    if fmt == "html":
        from loadplan.web.viewer import viewer_html

        return Answer(FORMATS["html"], viewer_html(result).encode("utf-8"))
    from loadplan.reporting import report

    with tempfile.TemporaryDirectory(prefix="loadplan-") as folder:
        path = os.path.join(folder, "plan.pdf")
        report(result, path)
        with open(path, "rb") as fh:
            data = fh.read()
    return Answer(FORMATS["pdf"], data, {"Content-Disposition": 'attachment; filename="plan.pdf"'})


def plan_job(body: bytes, kind: str, query: Mapping[str, Any], fmt: str = "json") -> Answer:
    """Plan an order: ``kind`` ``"json"`` (order object with options) or ``"csv"`` (rows).

    With a JSON order the options are its further top-level keys; with CSV they
    come from the query string (``containers=20GP,40HC&multi_drop=true&stops=A,B``,
    ``costs`` as JSON). Query options apply to JSON orders too; the body wins.
    """
    options: dict[str, Any] = dict(query)
    if kind == "json":
        doc = _json_body(body, "order")
        if isinstance(doc, dict):
            options.update(doc)
        elif not isinstance(doc, list):
            raise Problems(422, "an order is a JSON object with 'drums' (or the list of drums)",
                           [{"row": None, "field": "drums", "message": "expected an object with 'drums'"}])
    kwargs = plan_options(options)
    drums = _read_order(body, kind)

    from loadplan.planner import plan

    try:
        result = plan(drums, **kwargs)
    except ValueError as exc:
        message = str(exc).splitlines()[0] if str(exc) else "invalid plan options"
        named = next((k for k in kwargs if k in message), None)
        raise _bad(named or "options", message) from None
    return _render(result, fmt)


def _plan_from(doc: Any) -> Any:
    from loadplan.model import LoadPlan

    if not isinstance(doc, dict) or "loads" not in doc:
        raise _bad("plan", "not a loadplan plan (a JSON object with 'loads' is expected)")
    try:
        return LoadPlan.from_json(json.dumps(doc))
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        detail = f"{type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc)
        raise _bad("plan", f"not a valid loadplan plan ({detail.splitlines()[0] if detail else ''})") from None


def render_job(body: bytes, fmt: str) -> Answer:
    """Turn a plan (its JSON, as ``POST plan`` answers it) into another format."""
    return _render(_plan_from(_json_body(body, "plan")), fmt)


def verify_job(body: bytes) -> Answer:
    """Verify a plan: the body is the plan, or ``{"plan": ..., "order": ...}``.

    ``order`` (optional) is a JSON order (object or list) or CSV text.
    Answers ``{"ok": bool, "violations": [...]}``.
    """
    doc = _json_body(body, "plan")
    order = None
    if isinstance(doc, dict) and "loads" not in doc and "plan" in doc:
        order = doc.get("order")
        doc = doc["plan"]
    drums = None
    if order is not None:
        if isinstance(order, str):
            drums = _read_order(order.encode("utf-8"), "csv")
        else:
            drums = _read_order(json.dumps(order).encode("utf-8"), "json")
    plan = _plan_from(doc)

    from loadplan.verification import verify

    violations = list(verify(plan, drums))
    out = {"ok": not violations, "violations": violations}
    return Answer(FORMATS["json"], json.dumps(out).encode("utf-8"))


_FIT_KEYS = ("diameter", "height", "weight", "orientations", "max_layers", "sku")


def fit_job(body: bytes) -> Answer:
    """How many drums of one size fit one container.

    The body: ``{"diameter", "height", "weight", "orientations", "max_layers",
    "container"}`` (the drum fields as in an order; ``container`` default 20GP).
    """
    doc = _json_body(body, "drum")
    if not isinstance(doc, dict):
        raise _bad("diameter", "a JSON object with diameter and height (mm) is expected")
    unknown = sorted(set(doc) - set(_FIT_KEYS) - {"container"})
    if unknown:
        raise _bad(unknown[0], f"unknown field {unknown[0]!r} (fields: {', '.join(_FIT_KEYS + ('container',))})")
    container = _containers([doc.get("container", "20GP")] if isinstance(doc.get("container", "20GP"), str)
                            else doc["container"])
    if len(container) != 1:
        raise _bad("container", "container takes one container type")
    line = {k: doc[k] for k in _FIT_KEYS if k in doc}
    line.setdefault("sku", "drum")
    line["quantity"] = 1
    drum = _read_order(json.dumps({"drums": [line]}).encode("utf-8"), "json")[0]

    from loadplan.containers import get_container
    from loadplan.filling import fill
    from loadplan.filling.container import fit_summary

    c = get_container(container[0])
    load = fill(drum, c)
    out = fit_summary(drum, c, load)
    return Answer(FORMATS["json"], json.dumps(out).encode("utf-8"))


def warm() -> None:
    """Import the planner and plan a tiny order once (run by each worker at start)."""
    from loadplan.model import Drum
    from loadplan.planner import plan

    plan([Drum("warm", 585, 880, weight=200, quantity=2)], ("20GP",))
