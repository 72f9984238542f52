"""The demo's pictures drawn in forked processes, started before the plan is ready.

:class:`PictureWorker` forks a process that imports Matplotlib and its PDF,
PNG and 3D modules (about 0.3 s) while this process plans, on a CPU that
planning leaves idle. Once the plan is given (:meth:`PictureWorker.draw`), the
worker writes the PDF report and, when a CPU was idle while it waited, forks
once more so that a child writes the PNG views side by side (else it writes
them itself after the PDF). The files are byte-identical to those drawn in one
process (the plan travels pickled: the same arrays and strings).

A worker that fails, or a plan that cannot be sent, is never an error here:
:meth:`PictureWorker.wait` says which files were not written and the caller
draws them itself, so a drawing error shows as it would without workers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

__all__ = ["PictureWorker", "fork_allowed"]


def fork_allowed() -> bool:
    """Whether forking this process is safe: Linux, ``fork`` available, no other thread running.

    On macOS forking a process with system frameworks loaded is unsafe, and
    forking a threaded process can deadlock (a lock held by another thread
    stays held in the child).
    """
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def _imports() -> None:
    """What drawing needs, imported ahead (in the worker, while the parent plans)."""
    import matplotlib.backends.backend_agg  # noqa: F401  (PNG)
    import matplotlib.backends.backend_pdf  # noqa: F401  (the report)
    import matplotlib.figure  # noqa: F401
    import mpl_toolkits.mplot3d  # noqa: F401  (the report's 3D view)

    import loadplan.demo  # noqa: F401  (the drawing functions and what they import)
    import loadplan.reporting  # noqa: F401
    from loadplan.plot import style

    style.font_covers(["0"])  # reads DejaVu Sans' character map once, for both processes


def _child(job: Callable[[Any, Path], Any], plan: Any, out: Path) -> None:
    """A forked process's job; exit code 1, silently, on any error (the parent redraws)."""
    try:
        job(plan, out)
    except BaseException:
        os._exit(1)


def _wait_for_plan(conn: Any, split: bool | None) -> tuple[Any, bool]:
    """The message from the parent, and whether to draw the PNGs in a process of their own.

    ``split`` None: measured while waiting, in windows of 0.1 s
    (:func:`loadplan.warmup.cpu_ticks`; the parent plans meanwhile): the last
    window of 0.05 s or more before the plan came decides (none: no), so
    that the drawing is split only when a CPU is idle beside the planning
    process. The waiting is ``conn.poll``: the plan is taken as it comes.
    """
    from loadplan import warmup

    if split is not None or warmup.cpu_count() < 2:
        return conn.recv(), bool(split)
    idle = False
    while True:
        start, t0 = warmup.cpu_ticks(), time.monotonic()
        came = conn.poll(0.1)
        end = warmup.cpu_ticks()
        if start is not None and end is not None and time.monotonic() - t0 >= 0.05:
            idle = warmup.idle_between(start, end) >= 0.75
        if came:
            return conn.recv(), idle


def _serve(conn: Any, pdf_job: Callable[[Any, Path], Any], png_job: Callable[[Any, Path], Any],
           split: bool | None) -> None:
    """The worker: import, wait for ``(plan, folder)``, draw the PDF and the PNGs (in a child
    when :func:`_wait_for_plan` says so)."""
    import gc

    # What the parent made (Numba, the planner) is never collected here: without this the
    # collector would walk it during the imports, and writing to each object's header would
    # copy every page shared with the parent.
    gc.freeze()
    try:
        _imports()
        msg, apart = _wait_for_plan(conn, split)
        if msg is None:  # nothing to draw after all
            os._exit(0)
        plan, out = msg
        gc.freeze()  # the plan and the modules: the collector need not walk them while drawing
        pid = os.fork() if apart else -1  # (a daemonic process may not use multiprocessing)
        if pid == 0:
            _child(png_job, plan, out)
            os._exit(0)
        pdf_ok = png_ok = True
        try:
            pdf_job(plan, out)
        except BaseException:
            pdf_ok = False
        if pid > 0:
            _, status = os.waitpid(pid, 0)
            png_ok = os.waitstatus_to_exitcode(status) == 0
        else:
            try:
                png_job(plan, out)
            except BaseException:
                png_ok = False
        conn.send((pdf_ok, png_ok))
    except BaseException:
        os._exit(1)
    os._exit(0)


class PictureWorker:
    """A forked process that draws a plan's PDF report and PNG views.

    Start it early (it imports Matplotlib at once), give it the plan with
    :meth:`draw`, then :meth:`wait` for it. ``pdf_job(plan, folder)`` and
    ``png_job(plan, folder)`` are called in the worker and in a child of it.

    Parameters
    ----------
    pdf_job, png_job : callable
        Module-level functions ``f(plan, folder)`` that write the files.
    split : bool, optional
        Draw the PNGs in a child of the worker, beside the PDF: True always,
        False never (one after the other in the worker), None (default) when
        a CPU is idle while the worker waits for the plan (with both cores
        busy a second process only repeats the first-use costs of fonts and
        text layout).
    """

    def __init__(self, pdf_job: Callable[[Any, Path], Any], png_job: Callable[[Any, Path], Any],
                 split: bool | None = None) -> None:
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, pdf_job, png_job, split), daemon=True)
        self.process.start()
        child.close()
        self._sent = False

    def draw(self, plan: Any, out: Path) -> bool:
        """Hand the plan over; False if it could not be sent (the worker is then stopped)."""
        try:
            self._conn.send((plan, Path(out)))
        except Exception:  # e.g. a plan that does not pickle, or a worker gone
            self.close()
            return False
        self._sent = True
        return True

    def wait(self) -> tuple[bool, bool]:
        """Wait for the files: whether the PDF and whether the PNGs were written."""
        if not self._sent:
            self.close()
            return False, False
        try:
            pdf_ok, png_ok = self._conn.recv()
        except (EOFError, OSError):  # the worker died
            pdf_ok = png_ok = False
        self.process.join()
        self._conn.close()
        return bool(pdf_ok), bool(png_ok)

    def close(self) -> None:
        """Stop a worker that was given nothing to draw (harmless when it has finished)."""
        if self.process.is_alive():
            try:
                self._conn.send(None)
            except Exception:
                self.process.kill()
            self.process.join()
        self._conn.close()
