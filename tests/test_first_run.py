"""The library's first run on a cold cache: a worker process compiles half the engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

import loadplan
from loadplan import first_run, warmup

ROOT = Path(loadplan.__file__).resolve().parents[1]


def _kernel(module: str, name: str):
    return SimpleNamespace(__module__=f"loadplan.kernels.{module}", __name__=name)


def test_handoff_waits_for_the_workers_kernel_only():
    handoff = first_run.WorkerHandOff(["compose.section_items", "holes.fill_holes"], timeout=30.0)
    handoff(_kernel("rows", "max_rows"))  # not the worker's: returns at once
    assert handoff.waited == 0.0
    returned = threading.Event()
    waiter = threading.Thread(target=lambda: (handoff(_kernel("compose", "section_items")), returned.set()))
    waiter.start()
    assert not returned.wait(0.2)  # waits while the worker compiles it
    handoff.done("compose.section_items", 3.6)
    assert returned.wait(10.0)
    waiter.join()
    assert handoff.waited > 0.1
    handoff.release()  # the worker ended: nothing left to wait for
    handoff(_kernel("holes", "fill_holes"))
    assert all(e.is_set() for e in handoff.events.values())


@pytest.fixture
def fresh(monkeypatch):
    """A process that has not had its first run yet, whose worker would be fake."""
    monkeypatch.setattr(first_run, "_seen", False)
    monkeypatch.delenv(warmup.WORKER_ENV, raising=False)
    monkeypatch.delenv("LOADPLAN_PARALLEL_WARMUP", raising=False)
    monkeypatch.setattr(first_run, "cache_writable", lambda: True)
    monkeypatch.setattr(warmup, "parallel_pays", lambda: True)
    monkeypatch.setattr(warmup, "missing_kernels", lambda groups=None: ["compose.section_items"])
    started = []

    def fake_worker(group, done, finished=None):
        started.append(group)
        return SimpleNamespace(wait=lambda timeout=None: 0), None

    monkeypatch.setattr(warmup, "start_worker", fake_worker)
    monkeypatch.setattr(first_run.atexit, "register", lambda *a: None)
    yield started
    from loadplan import _numba_cache

    _numba_cache.before_compile = None


def test_cold_cache_starts_one_worker_once_per_process(fresh):
    from loadplan import _numba_cache

    assert first_run.prepare_first_run() is True
    assert fresh == [next(iter(warmup.GROUPS))]
    assert _numba_cache.before_compile is first_run.last_handoff
    assert set(first_run.last_handoff.events) == {f"{m}.{k}" for m, k, _, _ in warmup.GROUPS["circles"]}
    assert first_run.prepare_first_run() is False and len(fresh) == 1


@pytest.mark.parametrize("case", ["warm", "worker", "off", "unwritable", "busy", "frozen"])
def test_no_worker_when_it_cannot_pay_or_help(fresh, monkeypatch, case):
    if case == "warm":
        monkeypatch.setattr(warmup, "missing_kernels", lambda groups=None: [])
    elif case == "worker":
        monkeypatch.setenv(warmup.WORKER_ENV, "1")  # no recursion in a worker
    elif case == "off":
        monkeypatch.setenv("LOADPLAN_PARALLEL_WARMUP", "0")
    elif case == "unwritable":
        monkeypatch.setattr(first_run, "cache_writable", lambda: False)
    elif case == "busy":
        monkeypatch.setattr(warmup, "parallel_pays", lambda: False)
    else:
        monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert first_run.prepare_first_run() is False
    assert fresh == []


def test_cache_writable_needs_a_writable_folder(monkeypatch, tmp_path):
    from loadplan import _jit

    monkeypatch.setenv("LOADPLAN_CACHE_DIR", str(tmp_path / "new" / "cache"))
    assert first_run.cache_writable() is True  # made on first save, under a writable folder
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LOADPLAN_CACHE_DIR", str(blocker / "cache"))
    assert first_run.cache_writable() is False
    monkeypatch.setattr(_jit, "CACHE", False)
    monkeypatch.setenv("LOADPLAN_CACHE_DIR", str(tmp_path))
    assert first_run.cache_writable() is False


PLAN = r"""
import json, sys
if len(sys.argv) > 1:
    sys.executable = sys.argv[1]  # the worker to start: a failing one
import loadplan as lp
from loadplan import first_run, warmup
p = lp.plan([lp.Drum("D200", 585, 880, weight=220, quantity=100)])
h = first_run.last_handoff
print(json.dumps({"plan": p.to_json(), "worker": h is not None, "ok": p.violations == (),
                  "missing": warmup.missing_kernels(["circles"])}))
"""


def _run(env: dict[str, str], *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", PLAN, *args], env=env, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # a library prints nothing
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_cold_plan_with_a_worker_fills_the_cache_and_plans_the_same(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMBA_", "LOADPLAN_"))}
    env.update(PYTHONPATH=str(ROOT), LOADPLAN_CACHE_DIR=str(tmp_path / "a"), LOADPLAN_PARALLEL_WARMUP="always")
    cold = _run(env)
    assert cold["worker"] and cold["ok"]
    assert cold["missing"] == []  # the worker compiled its whole group into the cache
    warm = _run(env)
    assert not warm["worker"] and warm["plan"] == cold["plan"]
    # a worker that fails at once: this process compiles everything itself, same plan
    failing = _run(dict(env, LOADPLAN_CACHE_DIR=str(tmp_path / "b")), "/bin/false")
    assert failing["worker"] and failing["plan"] == cold["plan"]
