"""Planning off the event loop: worker processes, a bounded queue and a time limit.

:class:`WorkerPool` keeps ``workers`` processes (started with ``spawn``, so
they share nothing with the server's threads), each fed through a pipe. A
call waits for an idle worker; when ``queue`` calls already wait, it fails at
once with :class:`Busy` (HTTP 503 with ``Retry-After``). A job that runs past
``time_limit`` seconds fails with :class:`TimedOut` (HTTP 504) and its worker
is killed and replaced, so a runaway order never holds a process. A worker
that dies (out of memory, a crash) is replaced too and the call fails with
:class:`WorkerLost`.

Only the pipe round trip blocks, and it runs in a thread per worker: the
event loop stays free for other requests.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

__all__ = ["WorkerPool", "Busy", "TimedOut", "WorkerLost", "worker_main", "resident_mib"]

_STARTUP_LIMIT = 300.0  # seconds a new worker may take to import and warm up


class Busy(Exception):
    """Every worker is busy and the queue is full."""

    def __init__(self, retry_after: int):
        super().__init__(f"the server is busy: retry in {retry_after} s")
        self.retry_after = retry_after


class TimedOut(Exception):
    """A job ran past the time limit (its worker was replaced)."""


class WorkerLost(Exception):
    """The worker process died while running a job (it was replaced)."""


def resident_mib() -> float | None:
    """This process's resident memory in MiB (Linux ``/proc``; None elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def worker_main(conn: Any, memory_limit: float | None = None) -> None:
    """Body of a worker process: warm up, then run ``(function, args)`` jobs until ``None``.

    Each reply is ``(kind, value, retire)``; ``retire`` is True when the process has grown past
    ``memory_limit`` MiB (the planner's caches fill up over thousands of orders): the pool then
    replaces it after this job.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    os.environ.setdefault("MPLBACKEND", "Agg")
    from loadplan.web.jobs import Problems, warm

    try:
        warm()
    except Exception:  # pragma: no cover - a broken install shows up in the first job
        pass
    try:
        conn.send(("ready", None))
    except (EOFError, OSError):
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        function, args = job
        try:
            reply: tuple = ("ok", function(*args))
        except Problems as exc:
            reply = ("problems", exc)
        except MemoryError:
            reply = ("error", "the order needs more memory than the server has")
        except Exception as exc:
            first = str(exc).splitlines()[0] if str(exc) else ""
            reply = ("error", f"{type(exc).__name__}: {first}")
        used = resident_mib() if memory_limit else None
        retire = used is not None and memory_limit is not None and used > memory_limit
        try:
            conn.send(reply + (retire,))
        except (EOFError, OSError):
            return
        if retire:
            return


class _Worker:
    """One worker process and its pipe (used from one thread at a time)."""

    def __init__(self, ctx: Any, memory_limit: float | None):
        self._ctx = ctx
        self._memory_limit = memory_limit
        self.retired = 0
        self._start()

    def _start(self) -> None:
        self.ready = False
        self.conn, child = self._ctx.Pipe()
        self.proc = self._ctx.Process(target=worker_main, args=(child, self._memory_limit), daemon=True,
                                      name="loadplan-worker")
        self.proc.start()
        child.close()

    def restart(self) -> None:
        self.stop(kill=True)
        self._start()

    def stop(self, *, kill: bool = False) -> None:
        try:
            if not kill:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(0 if kill else 2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()

    def call(self, job: tuple, time_limit: float) -> tuple:
        try:
            if not self.ready:  # the warm-up does not count against the job's time limit
                if not self.conn.poll(_STARTUP_LIMIT) or self.conn.recv()[0] != "ready":
                    raise EOFError()
                self.ready = True
            self.conn.send(job)
            if not self.conn.poll(time_limit):
                self.restart()
                raise TimedOut()
            kind, value, retire = self.conn.recv()
            if retire:
                self.retired += 1
                self.restart()
            return kind, value
        except (EOFError, OSError, BrokenPipeError):
            self.restart()
            raise WorkerLost() from None


class WorkerPool:
    """Worker processes behind a bounded queue, with a per-job time limit.

    Parameters
    ----------
    workers : int
        Number of worker processes (at least 1).
    queue : int
        Most calls waiting for a worker; one more gets :class:`Busy`.
    time_limit : float
        Seconds a job may run before its worker is killed (:class:`TimedOut`).
    memory_limit : float, optional
        MiB of resident memory after which a worker is replaced (after its job).
    """

    def __init__(self, workers: int = 2, queue: int = 64, time_limit: float = 120.0,
                 memory_limit: float | None = 1024.0):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if queue < 0:
            raise ValueError("queue must not be negative")
        if not time_limit > 0:
            raise ValueError("time_limit must be positive")
        self.workers = workers
        self.queue = queue
        self.time_limit = float(time_limit)
        self.memory_limit = memory_limit
        self._all: list[_Worker] = []
        self._idle: asyncio.Queue[_Worker] | None = None
        self._threads: ThreadPoolExecutor | None = None
        self._waiting = 0
        self._running = 0
        self._mean = 1.0  # seconds per job, a running mean for Retry-After

    def start(self) -> None:
        """Start the worker processes (call from the event loop that will use the pool)."""
        ctx = multiprocessing.get_context("spawn")
        self._all = [_Worker(ctx, self.memory_limit) for _ in range(self.workers)]
        self._idle = asyncio.Queue()
        for worker in self._all:
            self._idle.put_nowait(worker)
        self._threads = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="loadplan-pool")

    def close(self) -> None:
        """Stop every worker process."""
        for worker in self._all:
            worker.stop()
        self._all = []
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
            self._threads = None

    def pids(self) -> list[int]:
        """Process ids of the workers (for RSS measurements)."""
        return [w.proc.pid for w in self._all if w.proc.pid is not None]

    def stats(self) -> dict[str, Any]:
        """Workers, running and waiting calls, and the limits."""
        return {"workers": self.workers, "running": self._running, "waiting": self._waiting,
                "queue": self.queue, "time_limit": self.time_limit,
                "memory_limit": self.memory_limit, "replaced_for_memory": sum(w.retired for w in self._all)}

    def _retry_after(self) -> int:
        rounds = (self._waiting + self._running) / self.workers
        return int(min(60, max(1, math.ceil(self._mean * max(rounds, 1)))))

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run ``function(*args)`` in a worker; return its result or raise what it raised.

        Raises
        ------
        Busy, TimedOut, WorkerLost
            As described in the module notes; :class:`~loadplan.web.jobs.Problems`
            and other results come back from the worker.
        """
        if self._idle is None or self._threads is None:
            raise RuntimeError("the pool is not started")
        if self._idle.empty() and self._waiting >= self.queue:
            raise Busy(self._retry_after())
        self._waiting += 1
        try:
            worker = await self._idle.get()
        finally:
            self._waiting -= 1
        self._running += 1
        started = time.monotonic()
        idle = self._idle

        def release(_: Any) -> None:
            self._running -= 1
            self._mean = 0.8 * self._mean + 0.2 * (time.monotonic() - started)
            idle.put_nowait(worker)

        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._threads, worker.call, (function, args), self.time_limit)
        future.add_done_callback(release)  # the worker comes back only when its job is over
        kind, value = await asyncio.shield(future)
        if kind == "ok":
            return value
        if kind == "problems":
            raise value
        raise RuntimeError(value)
