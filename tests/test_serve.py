"""``loadplan serve`` against the real server: a subprocess on a free loopback port, driven by httpx.

Two servers per session: ``server`` with the defaults (2 planner processes, no
token) and ``strict`` with a token and small limits (1 planner, no queue,
2 s time limit, 64 KiB bodies, 1 s to send a body, one CORS origin).
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

import loadplan as lp
from loadplan.io import PLACEMENT_COLUMNS, read_order
from loadplan.model import LoadPlan
from serve_fixture import ROOT, Server

BLITAR = ROOT / "examples" / "blitar_djembe.csv"
TOKEN = "s3cret-token"
ORIGIN = "http://tools.example.test"
SMALL = {"drums": [{"sku": "D200", "diameter": 585, "height": 880, "weight": 220, "quantity": 30}]}
# 100,000 drums of ten sizes to ten cities: seconds of planning (a worker's worth of work)
# one drum type per destination: 100,000 drums and 122 containers to build and verify, but
# single-type groups (the exact cheapest mix), ~7 s of CPU; with four destinations of 2-3 types
# (the recipe planner on each group) the same drums took ~36 s of CPU and, on a loaded CI
# machine, more than the client's timeout
BIG = {"drums": [{"sku": f"S{i}", "diameter": 200 + 37 * i, "height": 300 + 53 * i, "weight": 5 + i,
                  "quantity": 10_000, "destination": f"City{i}"} for i in range(10)]}


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def strict():
    s = Server("--token", TOKEN, "--workers", "1", "--queue", "0", "--time-limit", "2",
               "--max-body", "0.0625", "--body-timeout", "1", "--cors-origin", ORIGIN, token=TOKEN)
    yield s
    s.stop()


@pytest.fixture
def http(server):
    with server.client() as c:
        yield c


def problems(response: httpx.Response) -> list[dict]:
    body = response.json()
    assert set(body) == {"detail", "problems"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(set(p) == {"row", "field", "message"} for p in body["problems"])
    assert "Traceback" not in response.text
    return body["problems"]


def sound(plan: LoadPlan, drums) -> None:
    assert lp.verify(plan, drums) == []
    ordered = sum(d.quantity for d in drums)
    assert plan.placed_count + plan.unplaced_count == ordered


# ---------------------------------------------------------------------------
# Endpoints
# ---------------------------------------------------------------------------

def test_containers_lists_the_catalog(http):
    r = http.get("/api/v1/containers")
    assert r.status_code == 200
    by_name = {c["name"]: c for c in r.json()}
    assert list(by_name) == list(lp.CONTAINERS)
    assert by_name["20GP"]["length"] == 5896 and by_name["40HC"]["height"] == 2697


def test_health_shows_the_pool(http):
    body = http.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["workers"] == 2 and body["queue"] == 64
    assert body["body_limit"] == 16 * 1024 * 1024


def test_plan_json_is_the_library_plan_byte_for_byte(http):
    r = http.post("/api/v1/plan", json={**SMALL, "containers": ["20GP"]})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    drums = read_order(json.dumps(SMALL).encode(), format="json")
    assert r.content == lp.plan(drums, ("20GP",)).to_json().encode()
    sound(LoadPlan.from_json(r.text), drums)


def test_plan_csv_with_options_in_the_query(http):
    data = BLITAR.read_bytes()
    r = http.post("/api/v1/plan", content=data, params={"containers": "20gp,40HC"},
                  headers={"Content-Type": "text/csv"})
    assert r.status_code == 200
    drums = read_order(data, format="csv")
    assert r.content == lp.plan(drums, ("20GP", "40HC")).to_json().encode()
    sound(LoadPlan.from_json(r.text), drums)


def test_plan_options_in_the_body_multi_drop_and_costs(http):
    order = {"order_number": "PO-7", "drums": [
        {"sku": "A", "diameter": 585, "height": 880, "weight": 200, "quantity": 20, "destination": "X"},
        {"sku": "B", "diameter": 400, "height": 600, "weight": 50, "quantity": 30, "destination": "Y"}],
        "multi_drop": True, "stops": ["Y", "X"], "costs": {"20GP": 1500, "40HC": 2600}}
    r = http.post("/api/v1/plan", json=order)
    assert r.status_code == 200, r.text
    drums = read_order(json.dumps(order).encode(), format="json")
    expected = lp.plan(drums, costs={"20GP": 1500.0, "40HC": 2600.0}, multi_drop=True, stops=("Y", "X"))
    assert r.content == expected.to_json().encode()
    plan = LoadPlan.from_json(r.text)
    assert plan.cost == 1500.0 and len(plan.loads) == 1
    sound(plan, drums)


@pytest.mark.parametrize("accept, fmt, start", [
    ("application/pdf", None, b"%PDF-"), (None, "pdf", b"%PDF-"),
    ("text/html", None, b"<!DOCTYPE html>"), ("text/csv", None, ",".join(PLACEMENT_COLUMNS).encode()),
])
def test_plan_in_other_formats(http, accept, fmt, start):
    headers = {"Accept": accept} if accept else {}
    params = {"format": fmt} if fmt else {}
    r = http.post("/api/v1/plan", json=SMALL, headers=headers, params=params)
    assert r.status_code == 200, r.text
    assert r.content[:len(start)].lower() == start.lower()
    if start.startswith(b"sku") or b"," in start:
        assert len(r.text.splitlines()) == 1 + 30


def test_render_turns_a_plan_into_viewer_pdf_csv(http):
    plan = http.post("/api/v1/plan", json=SMALL).content
    html = http.post("/api/v1/render", content=plan, headers={"Content-Type": "application/json"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "loadplanViewer" in html.text and "<script src=" not in html.text
    pdf = http.post("/api/v1/render?format=pdf", content=plan, headers={"Content-Type": "application/json"})
    assert pdf.content.startswith(b"%PDF-") and pdf.headers["content-disposition"].endswith('"plan.pdf"')
    csv = http.post("/api/v1/render?format=csv", content=plan, headers={"Content-Type": "application/json"})
    assert csv.text.splitlines()[0] == ",".join(PLACEMENT_COLUMNS) and len(csv.text.splitlines()) == 31


def test_fit_counts_as_the_library(http):
    r = http.post("/api/v1/fit", json={"diameter": 585, "height": 880, "weight": 220, "container": "20GP"})
    assert r.status_code == 200, r.text
    load = lp.fill(lp.Drum("drum", 585, 880, weight=220), "20GP")
    body = r.json()
    assert body["count"] == load.count and body["upper_bound"] == load.upper_bound
    assert body["gap"] == load.upper_bound - load.count and sum(body["by_axis"].values()) == load.count
    standing = http.post("/api/v1/fit", json={"diameter": 585, "height": 880, "orientations": ["z"]}).json()
    assert standing["by_axis"] == {"z": 80} and standing["boards"] == 0
    tiers = http.post("/api/v1/fit", json={"diameter": 1282, "height": 1005, "container": "40GP"}).json()
    assert tiers["count"] == 36 and tiers["boards"] == 3  # standing drums on boards over lying ones


def test_verify_sound_broken_and_against_the_order(http):
    plan_text = http.post("/api/v1/plan", json=SMALL).text
    ok = http.post("/api/v1/verify", content=plan_text, headers={"Content-Type": "application/json"})
    assert ok.json() == {"ok": True, "violations": []}
    doc = json.loads(plan_text)
    with_order = http.post("/api/v1/verify", json={"plan": doc, "order": SMALL})
    assert with_order.json() == {"ok": True, "violations": []}
    fewer = {"drums": [dict(SMALL["drums"][0], quantity=20)]}
    bad = http.post("/api/v1/verify", json={"plan": doc, "order": fewer}).json()
    assert bad["ok"] is False and any("D200" in v for v in bad["violations"])
    as_csv = "sku,diameter_mm,height_mm,weight_kg,quantity\nD200,585,880,220,30\n"
    assert http.post("/api/v1/verify", json={"plan": doc, "order": as_csv}).json()["ok"] is True


def test_verify_finds_an_overlap(http):
    doc = json.loads(http.post("/api/v1/plan", json=SMALL).text)
    first, second = doc["loads"][0]["placements"][:2]
    second.update(x=first["x"], y=first["y"], z=first["z"])
    body = http.post("/api/v1/verify", json=doc)
    assert body.status_code == 200 and body.json()["ok"] is False
    assert any("overlaps" in v for v in body.json()["violations"])


def test_openapi_and_offline_docs(http):
    spec = http.get("/openapi.json").json()
    for path in ("/api/v1/plan", "/api/v1/fit", "/api/v1/verify", "/api/v1/containers", "/api/v1/render"):
        assert path in spec["paths"]
    order = spec["paths"]["/api/v1/plan"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert order["title"] == "loadplan order"
    docs = http.get("/docs")
    assert docs.status_code == 200 and "/api/v1/plan" in docs.text
    assert "<script" not in docs.text and "cdn" not in docs.text.lower()


# ---------------------------------------------------------------------------
# Bad input: 4xx with {row, field, message} problems, never a 5xx
# ---------------------------------------------------------------------------

CSV_HEAD = "sku,diameter_mm,height_mm,weight_kg,quantity\n"


@pytest.mark.parametrize("body, row, field, words", [
    (CSV_HEAD + "A,abc,880,1,2\n", 2, "diameter_mm", "must be a number"),
    (CSV_HEAD + "A,585,880,1,2\nB,585,-3,1,2\n", 3, "height_mm", "height_mm"),
    (CSV_HEAD + "A,585,880,1,0\n", 2, "quantity", "at least 1"),
    (CSV_HEAD + "A,585,880,1,1000001\n", 2, "quantity", "1,000,000"),
    (CSV_HEAD + "A,585,880,1,2.5\n", 2, "quantity", "whole"),
    (CSV_HEAD + "A,585,880,x,2\n", 2, "weight_kg", "weight_kg"),
    ("sku,height_mm\nA,3\n", 1, None, "missing required columns"),
    ("", None, None, "empty"),
    ("/etc/passwd", 1, None, "missing required columns"),
])
def test_bad_csv_orders(http, body, row, field, words):
    r = http.post("/api/v1/plan", content=body.encode(), headers={"Content-Type": "text/csv"})
    assert r.status_code == 422, r.text
    found = problems(r)
    assert found[0]["row"] == row and found[0]["field"] == field
    assert words in found[0]["message"]


@pytest.mark.parametrize("order, status, field, words", [
    ({"drums": [{"sku": "A", "diameter": "x", "height": 1, "quantity": 1}]}, 422, "drums[0].diameter",
     "JSON number"),
    ({"drums": [{"sku": "A", "diameter": 5, "height": 1, "quantity": 1, "colour": "red"}]}, 422,
     "drums[0].colour", "unknown field"),
    ({"drums": 3}, 422, None, "must be a list"),
    ({"drums": [dict(SMALL["drums"][0])], "containers": ["30GP"]}, 422, "containers", "unknown container"),
    ({"drums": [dict(SMALL["drums"][0])], "containers": 7}, 422, "containers", "list of container names"),
    ({"drums": [dict(SMALL["drums"][0])], "costs": {"20GP": -5}}, 422, "costs", "cost of 20GP"),
    ({"drums": [dict(SMALL["drums"][0])], "stops": ["A"]}, 422, "stops", "needs multi_drop"),
    ({"drums": [dict(SMALL["drums"][0])], "multi_drop": "maybe"}, 422, "multi_drop", "true or false"),
    ({"drums": [dict(SMALL["drums"][0])], "multi_drop": True, "stops": ["A", "A"]}, 422, "stops", "twice"),
    ("just text", 422, "drums", "object with 'drums'"),
])
def test_bad_json_orders(http, order, status, field, words):
    r = http.post("/api/v1/plan", json=order)
    assert r.status_code == status, r.text
    found = problems(r)
    assert found[0]["field"] == field and words in found[0]["message"], found


@pytest.mark.parametrize("data, words", [
    (b"{bad", "invalid JSON at line 1 column 2"),
    (b"", "empty"),
    ("{\"drums\": \"caf\u00e9\"}".encode("cp1252"), "not UTF-8"),
])
def test_unreadable_json_is_400(http, data, words):
    r = http.post("/api/v1/plan", content=data, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and words in problems(r)[0]["message"]


def test_a_windows_1252_csv_is_told_to_save_as_utf8(http):
    data = (CSV_HEAD.replace("quantity", "quantity,destination") + "A,585,880,1,2,Z\u00fcrich\n").encode("cp1252")
    r = http.post("/api/v1/plan", content=data, headers={"Content-Type": "text/csv"})
    assert r.status_code == 422 and "UTF-8" in problems(r)[0]["message"]


def test_unplaceable_drums_are_not_an_error(http):
    r = http.post("/api/v1/plan", json={"drums": [{"sku": "HUGE", "diameter": 5000, "height": 100,
                                                   "quantity": 2}]})
    assert r.status_code == 200
    plan = LoadPlan.from_json(r.text)
    assert plan.placed_count == 0 and plan.unplaced_count == 2 and plan.unplaced[0].sku == "HUGE"


@pytest.mark.parametrize("path, content_type", [
    ("/api/v1/plan", "application/x-www-form-urlencoded"), ("/api/v1/plan", None),
    ("/api/v1/plan", "application/xml"), ("/api/v1/fit", "text/csv"), ("/api/v1/verify", "text/plain"),
    ("/api/v1/render", "multipart/form-data; boundary=x"),
])
def test_wrong_content_types_are_415(http, path, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    r = http.post(path, content=b"{}", headers=headers)
    assert r.status_code == 415 and problems(r)[0]["field"] == "Content-Type"


def test_unacceptable_accept_is_406_and_bad_format_422(http):
    assert http.post("/api/v1/plan", json=SMALL, headers={"Accept": "image/png"}).status_code == 406
    r = http.post("/api/v1/plan?format=docx", json=SMALL)
    assert r.status_code == 422 and problems(r)[0]["field"] == "format"


def test_bad_fit_and_verify_bodies(http):
    r = http.post("/api/v1/fit", json={"diameter": 0, "height": 880})
    assert r.status_code == 422 and "diameter" in problems(r)[0]["field"]
    r = http.post("/api/v1/fit", json={"diameter": 585, "height": 880, "container": "10GP"})
    assert r.status_code == 422 and problems(r)[0]["field"] == "containers"
    r = http.post("/api/v1/fit", json={"diameter": 585, "height": 880, "colour": 1})
    assert r.status_code == 422 and problems(r)[0]["field"] == "colour"
    r = http.post("/api/v1/verify", json={"loads": "no"})
    assert r.status_code == 422 and problems(r)[0]["field"] == "plan"
    r = http.post("/api/v1/verify", json=[1, 2])
    assert r.status_code == 422 and "not a loadplan plan" in problems(r)[0]["message"]


def test_unknown_routes_404_wrong_methods_405(http):
    r = http.get("/api/v1/nothing")
    assert r.status_code == 404 and problems(r)[0]["message"] == "no such page: /api/v1/nothing"
    assert http.get("/../../etc/passwd").status_code == 404
    r = http.get("/api/v1/plan")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    assert http.delete("/api/v1/containers").status_code == 405


def raw(server, request: bytes, timeout: float = 30) -> str:
    """Send bytes on a fresh connection and return the first answer the server writes."""
    with socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1])), timeout=timeout) as s:
        s.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < int(
                re.search(rb"content-length: (\d+)", data.lower()).group(1)):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        return data.decode()


def test_oversized_declared_body_is_413(server):
    answer = raw(server, b"POST /api/v1/plan HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                         b"Content-Length: 16777217\r\n\r\nsku,")
    assert answer.startswith("HTTP/1.1 413") and "16,777,216 bytes" in answer


def test_no_cors_by_default(http):
    r = http.get("/api/v1/containers", headers={"Origin": ORIGIN})
    assert "access-control-allow-origin" not in r.headers
    assert r.headers["x-content-type-options"] == "nosniff"


# ---------------------------------------------------------------------------
# Robust under load
# ---------------------------------------------------------------------------

def test_small_requests_answer_while_100000_drums_plan(server, http):
    done: dict[str, float] = {}

    def big() -> None:
        with server.client(timeout=600) as c:  # a loaded machine: no client timeout first
            r = c.post("/api/v1/plan", json=BIG, headers={"Accept": "application/json"})
            done["big"] = time.monotonic()
            done["status"] = r.status_code
            done["placed"] = LoadPlan.from_json(r.text).placed_count

    thread = threading.Thread(target=big)
    thread.start()
    deadline = time.monotonic() + 60
    while http.get("/api/v1/health").json()["running"] < 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert http.get("/api/v1/containers").status_code == 200
    small = http.post("/api/v1/plan", json=SMALL)
    done["small"] = time.monotonic()
    assert small.status_code == 200
    thread.join(300)
    assert done["status"] == 200 and done["placed"] == 100_000
    assert done["small"] < done["big"]


def test_port_in_use_and_bad_arguments_exit_2(server):
    port = server.url.rsplit(":", 1)[1]
    run = subprocess.run([sys.executable, "-m", "loadplan.cli", "serve", "--port", port],
                         capture_output=True, text=True, timeout=60, cwd=str(ROOT))
    assert run.returncode == 2 and f"cannot listen on 127.0.0.1:{port}: the port is in use" in run.stderr
    run = subprocess.run([sys.executable, "-m", "loadplan.cli", "serve", "--workers", "0"],
                         capture_output=True, text=True, timeout=60, cwd=str(ROOT))
    assert run.returncode == 2 and "workers must be a whole number >= 1" in run.stderr


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_non_loopback_without_token_refuses_to_start(host):
    run = subprocess.run([sys.executable, "-m", "loadplan.cli", "serve", "--host", host],
                         capture_output=True, text=True, timeout=60, cwd=str(ROOT),
                         env={k: v for k, v in __import__("os").environ.items() if k != "LOADPLAN_TOKEN"})
    assert run.returncode == 2 and run.stdout == ""
    assert f"refusing to listen on {host} without a token" in run.stderr and "Traceback" not in run.stderr


# ---------------------------------------------------------------------------
# Token, limits, slow clients, CORS (the strict server)
# ---------------------------------------------------------------------------

def test_token_rules(strict):
    with httpx.Client(base_url=strict.url, timeout=60) as anon:
        r = anon.get("/api/v1/containers")
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
        assert "needs a token" in problems(r)[0]["message"]
        r = anon.post("/api/v1/plan", json=SMALL, headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401 and "wrong token" in problems(r)[0]["message"]
        assert anon.get("/api/v1/containers", headers={"Authorization": TOKEN}).status_code == 401
        assert anon.get("/api/v1/containers", headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
        page = anon.get("/")
        assert page.status_code == 200 and 'name="loadplan-token" content="required"' in page.text
    with strict.client() as c:
        assert c.get("/api/v1/containers").status_code == 200
        assert c.post("/api/v1/plan", json=SMALL).status_code == 200


def test_streamed_body_over_the_limit_is_413(strict):
    def chunks():
        for _ in range(40):
            yield b"x" * 4096  # 160 KiB, no Content-Length (chunked)

    with strict.client() as c:
        try:
            r = c.post("/api/v1/plan", content=chunks(), headers={"Content-Type": "text/csv"})
        except httpx.WriteError:  # the server may close before the client has sent it all
            return
        assert r.status_code == 413 and "65,536 bytes" in problems(r)[0]["message"]


def test_slow_client_gets_408(strict):
    answer = raw(strict, b"POST /api/v1/plan HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                         b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Length: 100\r\n\r\nsku,")
    assert answer.startswith("HTTP/1.1 408") and "did not arrive within 1 s" in answer


def test_time_limit_504_and_full_queue_503(strict):
    result: dict[str, httpx.Response] = {}

    def big() -> None:
        with strict.client() as c:
            result["big"] = c.post("/api/v1/plan", json=BIG, headers={"Accept": "application/pdf"})

    thread = threading.Thread(target=big)
    thread.start()
    with strict.client() as c:
        deadline = time.monotonic() + 60
        while c.get("/api/v1/health").json()["running"] < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        busy = c.post("/api/v1/plan", json=SMALL)
        assert busy.status_code == 503 and int(busy.headers["retry-after"]) >= 1
        assert "busy" in problems(busy)[0]["message"]
        thread.join(120)
        r = result["big"]
        assert r.status_code == 504 and "longer than the server's limit of 2 s" in problems(r)[0]["message"]
        assert c.post("/api/v1/plan", json=SMALL).status_code == 200  # the worker was replaced


def test_cors_only_for_the_given_origin(strict):
    with strict.client() as c:
        r = c.get("/api/v1/containers", headers={"Origin": ORIGIN})
        assert r.headers["access-control-allow-origin"] == ORIGIN
        r = c.get("/api/v1/containers", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in r.headers


def test_a_worker_over_its_memory_limit_is_replaced_after_its_job():
    import asyncio

    from loadplan.web import jobs
    from loadplan.web.pool import WorkerPool, resident_mib

    if resident_mib() is None:
        pytest.skip("needs /proc/self/statm")

    async def go() -> tuple[list, dict]:
        pool = WorkerPool(workers=1, queue=1, time_limit=120, memory_limit=1.0)  # every job retires
        pool.start()
        try:
            body = json.dumps({"diameter": 585, "height": 880, "orientations": ["z"]}).encode()
            answers = [await pool.run(jobs.fit_job, body) for _ in range(2)]
            return answers, pool.stats()
        finally:
            pool.close()

    answers, stats = asyncio.run(go())
    assert [json.loads(a.body)["count"] for a in answers] == [80, 80]
    assert stats["replaced_for_memory"] == 2


def test_the_page_is_self_contained_and_locked_down(http):
    page = http.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert 'name="loadplan-token" content="none"' in page.text
    for name in ("/page.js", "/page.css"):
        asset = http.get(name)
        assert asset.status_code == 200 and "http://" not in asset.text and "https://" not in asset.text
    assert "http://" not in page.text and "https://" not in page.text
    assert 'sandbox="allow-scripts"' in page.text
