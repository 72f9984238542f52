"""The ``loadplan serve`` ASGI app: the upload page and the HTTP API (FastAPI).

Routes
------
``GET /``                   the upload page (``page.html``, ``page.js``, ``page.css``)
``POST /api/v1/plan``       an order (JSON as ``order.schema.json``, or CSV rows) -> the plan
``POST /api/v1/render``     a plan (its JSON) -> the viewer HTML, the PDF report or the placements CSV
``POST /api/v1/fit``        one drum size and a container -> how many fit
``POST /api/v1/verify``     a plan (and optionally its order) -> violations
``GET /api/v1/containers``  the container catalog
``GET /api/v1/health``      liveness and the pool's state
``GET /openapi.json``, ``GET /docs``  the API description (offline: no CDN)

Every error is JSON ``{"detail": str, "problems": [{"row", "field", "message"}]}``.
All planning, reading and rendering runs in :class:`~loadplan.web.pool.WorkerPool`.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from loadplan.web import jobs
from loadplan.web.auth import TokenMiddleware
from loadplan.web.jobs import FORMATS, Answer, Problems
from loadplan.web.pool import Busy, TimedOut, WorkerLost, WorkerPool

__all__ = ["Settings", "create_app", "read_body", "choose_format"]

MIB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """What ``loadplan serve`` was started with."""

    token: str | None = None
    workers: int = 2
    queue: int = 64
    time_limit: float = 120.0
    body_limit: int = 16 * MIB
    body_timeout: float = 60.0
    worker_memory: float | None = 1024.0
    cors_origins: tuple[str, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------------------
# Request helpers
# ---------------------------------------------------------------------------

async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """Read the body while it streams in: 413 past ``limit`` bytes, 408 after ``timeout`` s."""
    length = request.headers.get("content-length")
    if length is not None:
        if not length.strip().isdigit():
            raise Problems(400, "Content-Length is not a number")
        if int(length) > limit:
            raise Problems(413, f"the request body is larger than the limit of {limit:,} bytes")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    chunks: list[bytes] = []
    size = 0
    stream = request.stream().__aiter__()
    while True:
        try:
            chunk = await asyncio.wait_for(stream.__anext__(), timeout=max(0.0, deadline - loop.time()))
        except StopAsyncIteration:
            break
        except asyncio.TimeoutError:
            raise Problems(408, f"the request body did not arrive within {timeout:g} s") from None
        size += len(chunk)
        if size > limit:
            raise Problems(413, f"the request body is larger than the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _order_kind(request: Request) -> str:
    media = _media_type(request)
    if media == "application/json" or media.endswith("+json"):
        return "json"
    if media in ("text/csv", "text/plain", "text/tab-separated-values", "application/csv"):
        return "csv"
    shown = media or "none"
    raise Problems(415, f"unsupported Content-Type {shown!r}: send the order as application/json "
                        "(order.schema.json) or text/csv (the CSV columns of 'loadplan plan')",
                   [{"row": None, "field": "Content-Type", "message": f"expected application/json or "
                                                                       f"text/csv, got {shown}"}])


def _require_json(request: Request, what: str) -> None:
    media = _media_type(request)
    if not (media == "application/json" or media.endswith("+json")):
        shown = media or "none"
        raise Problems(415, f"unsupported Content-Type {shown!r}: send the {what} as application/json",
                       [{"row": None, "field": "Content-Type", "message": f"expected application/json, "
                                                                           f"got {shown}"}])


def choose_format(request: Request, default: str = "json") -> str:
    """The output format: ``?format=`` if given, else the first acceptable type in ``Accept``."""
    asked = request.query_params.get("format")
    if asked is not None:
        if asked not in FORMATS:
            raise Problems(422, f"format must be one of {', '.join(FORMATS)} (got {asked!r})",
                           [{"row": None, "field": "format", "message": f"unknown format {asked!r}"}])
        return asked
    accept = request.headers.get("accept", "").strip()
    if not accept:
        return default
    ranges = []
    for number, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        ranges.append((-q, number, media.lower()))
    by_media = {value.split(";")[0]: name for name, value in FORMATS.items()}
    for q, _, media in sorted(ranges):
        if q == 0:
            continue
        if media in ("*/*", "application/*") or media == by_media[FORMATS[default].split(";")[0]]:
            return default
        if media in by_media:
            return by_media[media]
        if media == "text/*":
            return "csv" if default not in ("html", "csv") else default
    raise Problems(406, f"cannot answer {accept!r}: this endpoint answers "
                        + ", ".join(v.split(";")[0] for v in FORMATS.values()))


def _answer(answer: Answer) -> Response:
    return Response(answer.body, media_type=answer.media_type, headers=dict(answer.headers))


def _error(status: int, detail: str, problems: list | None = None, headers: dict | None = None) -> JSONResponse:
    body = Problems(status, detail, problems).to_dict()
    return JSONResponse(body, status_code=status, headers=headers)


# ---------------------------------------------------------------------------
# The app
# ---------------------------------------------------------------------------

def _asset(name: str) -> str:
    return resources.files("loadplan.web").joinpath(name).read_text(encoding="utf-8")


_PAGE_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
             "img-src 'self' data: blob:; connect-src 'self'; frame-src 'self' blob: data:; "
             "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def _schema(name: str) -> dict:
    return json.loads(resources.files("loadplan").joinpath("schemas", name).read_text(encoding="utf-8"))


def _openapi_body(schema: dict, csv: bool = False) -> dict:
    content: dict[str, Any] = {"application/json": {"schema": schema}}
    if csv:
        content["text/csv"] = {"schema": {"type": "string", "description": "CSV rows as 'loadplan plan' reads"}}
    return {"requestBody": {"required": True, "content": content}}


def _plan_responses() -> dict:
    plan_schema = {"type": "object", "description": "plan.schema.json"}
    return {200: {"description": "The plan (plan.schema.json), or its PDF / viewer HTML / placements CSV",
                  "content": {"application/json": {"schema": plan_schema},
                              "application/pdf": {}, "text/html": {}, "text/csv": {}}},
            **_ERRORS}


_ERRORS: dict[int | str, dict] = {
    code: {"description": text, "content": {"application/json": {"schema": {
        "type": "object", "properties": {"detail": {"type": "string"}, "problems": {
            "type": "array", "items": {"type": "object", "properties": {
                "row": {"type": ["integer", "null"]}, "field": {"type": ["string", "null"]},
                "message": {"type": "string"}}}}}}}}}
    for code, text in ((400, "Not JSON / not UTF-8"), (401, "Missing or wrong token"),
                       (413, "Body over the limit"), (415, "Wrong Content-Type"),
                       (422, "The order, plan or options have problems"),
                       (503, "Queue full (see Retry-After)"), (504, "Over the time limit"))
}


def create_app(settings: Settings | None = None) -> Any:
    """Return the ASGI app for ``settings`` (the pool starts with the app's lifespan)."""
    settings = settings or Settings()
    pool = WorkerPool(settings.workers, settings.queue, settings.time_limit, settings.worker_memory)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        pool.start()
        try:
            yield
        finally:
            pool.close()

    app = FastAPI(title="loadplan", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Load plans for cylindrical cargo in ISO containers. Errors are JSON "
                              "{detail, problems: [{row, field, message}]}.")
    app.state.pool = pool
    app.state.settings = settings
    _add_handlers(app)
    _add_api(app, pool, settings)
    _add_pages(app, settings)
    asgi: Any = TokenMiddleware(app, settings.token)
    if settings.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        asgi = CORSMiddleware(asgi, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                              allow_headers=["Authorization", "Content-Type", "Accept"])
    asgi.fastapi = app  # type: ignore[attr-defined]
    return asgi


def _version() -> str:
    from loadplan import __version__

    return __version__


def _add_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problems)
    async def problems(_: Request, exc: Problems) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = {404: f"no such page: {request.url.path}",
                  405: f"{request.method} is not allowed on {request.url.path}"}.get(
            exc.status_code, str(exc.detail))
        return _error(exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"row": None, "field": ".".join(str(p) for p in e.get("loc", ())[1:]) or None,
                     "message": str(e.get("msg", "invalid"))} for e in exc.errors()]
        return _error(422, "the request has problems", problems)

    @app.exception_handler(Busy)
    async def busy(_: Request, exc: Busy) -> JSONResponse:
        return _error(503, f"the server is busy (every planner is working and the queue is full): "
                           f"retry in {exc.retry_after} s", headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(TimedOut)
    async def timed_out(request: Request, _: TimedOut) -> JSONResponse:
        limit = request.app.state.settings.time_limit
        return _error(504, f"planning took longer than the server's limit of {limit:g} s and was stopped; "
                           "split the order or ask the operator to raise --time-limit")

    @app.exception_handler(WorkerLost)
    async def lost(_: Request, __: WorkerLost) -> JSONResponse:
        return _error(500, "the planner process stopped unexpectedly (out of memory?); it was restarted")

    @app.exception_handler(Exception)
    async def internal(_: Request, exc: Exception) -> JSONResponse:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return _error(500, f"internal error ({first}); please report it")


def _add_api(app: FastAPI, pool: WorkerPool, settings: Settings) -> None:
    async def body(request: Request) -> bytes:
        return await read_body(request, settings.body_limit, settings.body_timeout)

    @app.post("/api/v1/plan", tags=["plan"], responses=_plan_responses(),
              openapi_extra=_openapi_body(_schema("order.schema.json"), csv=True),
              summary="Plan an order",
              description="The order as JSON (order.schema.json; options containers, costs, multi_drop, "
                          "stops and the planner's other keywords as further top-level keys) or as CSV "
                          "(options in the query string). Answers the plan as JSON (plan.schema.json), "
                          "or with Accept (or ?format=) application/pdf, text/html, text/csv the PDF "
                          "report, the 3D viewer, the placements.")
    async def plan(request: Request) -> Response:
        kind = _order_kind(request)
        fmt = choose_format(request)
        data = await body(request)
        query = {k: v for k, v in request.query_params.items() if k != "format"}
        return _answer(await pool.run(jobs.plan_job, data, kind, query, fmt))

    @app.post("/api/v1/render", tags=["plan"], responses=_plan_responses(),
              openapi_extra=_openapi_body({"type": "object", "description": "plan.schema.json"}),
              summary="Turn a plan into the viewer, the PDF report or the placements CSV",
              description="The body is a plan as POST /api/v1/plan answers it; ?format=html|pdf|csv|json "
                          "(or Accept) picks the output (default html).")
    async def render(request: Request) -> Response:
        _require_json(request, "plan")
        fmt = choose_format(request, default="html")
        data = await body(request)
        return _answer(await pool.run(jobs.render_job, data, fmt))

    @app.post("/api/v1/fit", tags=["fit"], responses=_ERRORS, summary="How many drums of one size fit",
              openapi_extra=_openapi_body({"type": "object", "required": ["diameter", "height"], "properties": {
                  k: {"type": ["number", "string", "array", "integer", "null"]} for k in
                  ("diameter", "height", "weight", "orientations", "max_layers", "container")}}))
    async def fit(request: Request) -> Response:
        _require_json(request, "drum")
        return _answer(await pool.run(jobs.fit_job, await body(request)))

    @app.post("/api/v1/verify", tags=["verify"], responses=_ERRORS, summary="Check a plan for violations",
              openapi_extra=_openapi_body({"type": "object", "description": "a plan, or {plan, order}"}))
    async def verify(request: Request) -> Response:
        _require_json(request, "plan")
        return _answer(await pool.run(jobs.verify_job, await body(request)))

    @app.get("/api/v1/containers", tags=["catalog"], summary="The container catalog")
    async def containers() -> JSONResponse:
        from dataclasses import asdict

        from loadplan.containers import CONTAINERS

        return JSONResponse([asdict(c) for c in CONTAINERS.values()])

    @app.get("/api/v1/health", tags=["catalog"], summary="Liveness and the planner pool's state")
    async def health() -> JSONResponse:
        return JSONResponse({"status": "ok", **pool.stats(), "body_limit": settings.body_limit})


def _add_pages(app: FastAPI, settings: Settings) -> None:
    headers = {"Content-Security-Policy": _PAGE_CSP, "Cache-Control": "no-store"}

    @app.get("/", include_in_schema=False)
    async def page() -> HTMLResponse:
        html = _asset("page.html").replace("{{TOKEN}}", "required" if settings.token else "none")
        return HTMLResponse(html, headers=headers)

    @app.get("/page.js", include_in_schema=False)
    async def page_js() -> Response:
        return Response(_asset("page.js"), media_type="text/javascript; charset=utf-8", headers=headers)

    @app.get("/page.css", include_in_schema=False)
    async def page_css() -> Response:
        return Response(_asset("page.css"), media_type="text/css; charset=utf-8", headers=headers)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        from loadplan.web.apidocs import docs_html

        return HTMLResponse(docs_html(app.openapi()), headers=headers)
