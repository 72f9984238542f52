"""``loadplan serve`` under load: 20 concurrent clients, 400 requests of mixed sizes.

``python benchmarks/bench_serve.py [--clients 20] [--requests 400] [--workers 2]``
starts ``loadplan serve`` on a free 127.0.0.1 port (a subprocess, as the tests
do), warms every worker, then lets ``--clients`` threads (one httpx client
each) send ``--requests`` requests drawn (seeded) from this mix:

============  =====  ==========================================================
kind          share  request
============  =====  ==========================================================
small         35 %   JSON order, 1-3 lines of 10-500 drums (POST plan)
blitar        25 %   the Blitar CSV, quantities scaled 0.5-1.5 (POST plan)
fit           15 %   one drum size in one container (POST fit)
containers    15 %   GET containers
medium         7 %   5 lines of 2,000-5,000 drums, multi-drop, 2 stops
large          3 %   4 lines of 5,000 drums (20,000 drums)
============  =====  ==========================================================

It prints errors (any answer but 200, or a transport error: must be 0),
p50/p95/p99 latency per kind and overall, throughput, and the server's RSS
(the server process plus its planner processes) after warm-up and after each round.
Not part of the test run (``pytest benchmarks/`` collects nothing here).
"""

from __future__ import annotations

import argparse
import json
import queue
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

SIZES = [(585, 880, 220), (320, 600, 6), (240, 400, 3), (180, 300, 1.5), (400, 600, 40), (500, 700, 90)]
MIX = (("small", 35), ("blitar", 25), ("fit", 15), ("containers", 15), ("medium", 7), ("large", 3))


def _lines(rng: random.Random, count: int, low: int, high: int, cities: list[str] | None = None) -> list:
    out = []
    for i, (d, h, w) in enumerate(rng.sample(SIZES, count)):
        line = {"sku": f"S{d}", "diameter": d, "height": h, "weight": w, "quantity": rng.randint(low, high)}
        if cities:
            line["destination"] = cities[i % len(cities)]
        out.append(line)
    return out


def make_requests(n: int, seed: int = 14) -> list[tuple[str, str, str, dict, bytes]]:
    """``n`` requests (kind, method, path, headers, body), drawn from :data:`MIX`."""
    rng = random.Random(seed)
    blitar = (ROOT / "examples" / "blitar_djembe.csv").read_text(encoding="utf-8").splitlines()
    kinds = [k for k, share in MIX for _ in range(share)]
    out = []
    as_json = {"Content-Type": "application/json"}
    for _ in range(n):
        kind = rng.choice(kinds)
        if kind == "small":
            body = json.dumps({"drums": _lines(rng, rng.randint(1, 3), 10, 500)})
            out.append((kind, "POST", "/api/v1/plan", as_json, body.encode()))
        elif kind == "blitar":
            scale = rng.uniform(0.5, 1.5)
            rows = [blitar[0]] + [",".join(r.split(",")[:4] + [str(max(1, round(int(r.split(",")[4]) * scale)))]
                                           + r.split(",")[5:]) for r in blitar[1:]]
            out.append((kind, "POST", "/api/v1/plan", {"Content-Type": "text/csv"}, "\n".join(rows).encode()))
        elif kind == "fit":
            d, h, w = rng.choice(SIZES)
            body = json.dumps({"diameter": d, "height": h, "weight": w,
                               "container": rng.choice(["20GP", "40GP", "40HC", "45HC"])})
            out.append((kind, "POST", "/api/v1/fit", as_json, body.encode()))
        elif kind == "containers":
            out.append((kind, "GET", "/api/v1/containers", {}, b""))
        elif kind == "medium":
            body = json.dumps({"drums": _lines(rng, 5, 2000, 5000, ["A", "B"]), "multi_drop": True,
                               "stops": ["B", "A"]})
            out.append((kind, "POST", "/api/v1/plan", as_json, body.encode()))
        else:
            body = json.dumps({"drums": _lines(rng, 4, 5000, 5000)})
            out.append((kind, "POST", "/api/v1/plan", as_json, body.encode()))
    return out


def tree_rss(pid: int) -> tuple[float, float]:
    """RSS of a process and of all its descendants together, MiB: (total, the process alone)."""
    import psutil

    proc = psutil.Process(pid)
    own = proc.memory_info().rss
    total = own
    for child in proc.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20, own / 2**20


def run(requests: list, url: str, clients: int) -> tuple[list, float]:
    """Send ``requests`` from ``clients`` threads; return ([(kind, seconds, status)], wall seconds)."""
    import httpx

    todo: queue.Queue = queue.Queue()
    for item in requests:
        todo.put(item)
    results: list = []
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(base_url=url, timeout=300) as c:
            while True:
                try:
                    kind, method, path, headers, body = todo.get_nowait()
                except queue.Empty:
                    return
                start = time.perf_counter()
                try:
                    status = c.request(method, path, headers=headers, content=body or None).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                with lock:
                    results.append((kind, time.perf_counter() - start, status))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - start


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q / 100 * len(values) + 0.5) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-memory", default=None, metavar="MIB",
                        help="passed to loadplan serve (default: the server's default)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="repeat the run (new draws each round) to see whether RSS keeps growing")
    args = parser.parse_args(argv)

    from serve_fixture import Server

    extra = ["--worker-memory", args.worker_memory] if args.worker_memory else []
    server = Server("--workers", str(args.workers), *extra)
    try:
        warm = make_requests(4 * args.workers, seed=1)
        run(warm, server.url, args.workers)
        rss = [tree_rss(server.proc.pid)]
        rounds = []
        for number in range(args.rounds):
            rounds.append(run(make_requests(args.requests, seed=14 + number), server.url, args.clients))
            rss.append(tree_rss(server.proc.pid))
        import httpx

        health = httpx.get(server.url + "/api/v1/health", timeout=30).json()
    finally:
        server.stop()
    results, wall = rounds[0]

    errors = [r for r in results if r[2] != 200]
    print(f"loadplan serve: {args.clients} clients, {len(results)} requests, {args.workers} planner processes")
    print("| kind | requests | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in [k for k, _ in MIX] + ["all"]:
        times = [r[1] * 1000 for r in results if kind in ("all", r[0])]
        if times:
            print(f"| {kind} | {len(times)} | {_pct(times, 50):.0f} | {_pct(times, 95):.0f} | "
                  f"{_pct(times, 99):.0f} | {max(times):.0f} |")
    print(f"errors: {len(errors)}" + (f" {sorted(set(str(e[2]) for e in errors))}" if errors else ""))
    print(f"throughput: {len(results) / wall:.1f} requests/s ({wall:.1f} s wall)")
    for number, (more, more_wall) in enumerate(rounds[1:], start=2):
        bad = sum(1 for r in more if r[2] != 200)
        times = [r[1] * 1000 for r in more]
        print(f"round {number}: errors {bad}, p50 {_pct(times, 50):.0f} ms, p95 {_pct(times, 95):.0f} ms, "
              f"p99 {_pct(times, 99):.0f} ms, {len(more) / more_wall:.1f} requests/s")
        errors += [r for r in more if r[2] != 200]
    print("RSS, MiB, all (server process alone): after warm-up " + ", after round ".join(
        [f"{rss[0][0]:.0f} ({rss[0][1]:.0f})"]
        + [f"{i}: {v[0]:.0f} ({v[1]:.0f})" for i, v in enumerate(rss[1:], start=1)]))
    print(f"planner processes replaced for memory (limit {health['memory_limit']} MiB): "
          f"{health['replaced_for_memory']}")
    print(f"median of round 1: {statistics.median(r[1] for r in results) * 1000:.0f} ms")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
