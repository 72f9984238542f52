"""The first run: compile-needed check, the stderr message and progress bar, the keyed cache."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import loadplan
from loadplan import _jit, cli, warmup

ROOT = Path(loadplan.__file__).resolve().parents[1]


class FakeTTY(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def fake_warm_up(parallel: bool | None = None, progress: warmup.ProgressBar | None = None, groups=None) -> float:
    """Drive the progress bar as the real warm-up does, without compiling."""
    if progress is not None:
        progress.start(10.0, 3.0)
        for _ in range(5):
            progress.advance(2.0)
        progress.finish()
    return 0.1


def run_fit(capsys) -> tuple[int, str, str]:
    code = cli.main(["fit", "--diameter", "1000", "--height", "1000", "--axes", "z"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_first_run_says_one_line_on_stderr_and_nothing_on_stdout(monkeypatch, capsys):
    run_fit(capsys)  # the real thing: compiles whatever the cache lacks
    code, warm_out, warm_err = run_fit(capsys)
    assert code == 0 and warm_err == ""  # now warm: silent
    calls = []
    monkeypatch.setattr(warmup, "needs_compile", lambda: True)
    monkeypatch.setattr(warmup, "warm_up", lambda **kw: calls.append(kw) or fake_warm_up(**kw))
    code, out, err = run_fit(capsys)
    assert code == 0
    assert out == warm_out  # stdout untouched: scripts parse it
    assert err.splitlines() == [cli.COMPILE_MESSAGE.format(prog="loadplan", seconds=warmup.estimated_seconds())]
    assert "first run only" in err and "\r" not in err  # not a terminal: no bar
    assert calls == [{"progress": None}]


def test_nothing_on_stderr_when_the_engine_is_cached(monkeypatch, capsys):
    monkeypatch.setattr(warmup, "needs_compile", lambda: False)
    monkeypatch.setattr(warmup, "warm_up", lambda **kw: pytest.fail("warm_up called on a warm cache"))
    code, out, err = run_fit(capsys)
    assert code == 0 and err == "" and "compil" not in out


def test_progress_bar_on_a_terminal(monkeypatch):
    monkeypatch.setattr(warmup, "needs_compile", lambda: True)
    monkeypatch.setattr(warmup, "warm_up", fake_warm_up)
    tty = FakeTTY()
    assert cli.prepare_kernels(stream=tty) is True
    text = tty.getvalue()
    first, rest = text.split("\n", 1)
    assert first.startswith("loadplan: compiling the packing engine for this machine, first run only")
    assert rest.startswith("\r[") and "s left" in rest  # drawn in place, with an estimate
    assert rest.endswith("100%  compiled in 0 s\n")


def test_progress_bar_estimate():
    bar = warmup.ProgressBar(io.StringIO(), width=10)
    bar.start(4.0, 20.0)
    assert 18.0 <= bar.remaining() <= 20.0  # nothing done: the table's estimate
    assert bar.line().startswith("[..........]   0%")
    bar.advance(2.0)
    assert bar.line().startswith("[#####.....]  50%")
    bar.finish()
    assert bar.stream.getvalue().endswith("100%  compiled in 0 s\n")


def test_entry_table_names_real_kernels():
    import importlib

    for name in warmup.ENTRY_KERNELS:
        module, kernel = name.split(".")
        fn = getattr(importlib.import_module(f"loadplan.kernels.{module}"), kernel)
        assert callable(fn), name
    assert len(set(warmup.ENTRY_KERNELS)) == len(warmup.ENTRY_KERNELS)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMBA_", "LOADPLAN_"))}
    env.update(extra)
    return env


def test_check_compiles_nothing_and_import_makes_no_folder(tmp_path):
    cache = tmp_path / "cache"
    env = _env(PYTHONPATH=str(ROOT), LOADPLAN_CACHE_DIR=str(cache))
    code = ("import loadplan.warmup as w; m = w.missing_kernels(); "
            "print(len(m), len(w.ENTRY_KERNELS))")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    missing, total = map(int, proc.stdout.split())
    assert missing == total > 0
    assert not cache.exists()  # importing and checking created nothing


def _copy_package(dest: Path) -> Path:
    shutil.copytree(ROOT / "loadplan", dest / "loadplan", ignore=shutil.ignore_patterns("__pycache__"))
    return dest / "loadplan" / "kernels"


CALLEE = """
from {jit} import njit

@njit
def value(x):
    return x + {add}
"""

CALLER = """
from {jit} import njit
from loadplan.kernels.{prefix}callee import value

@njit
def call(x):
    return value(x) * 2.0
"""


def _call(root: Path, prefix: str, env: dict[str, str]) -> float:
    code = f"from loadplan.kernels.{prefix}caller import call; print(call(1.0))"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=300, cwd=root)
    assert proc.returncode == 0, proc.stderr
    return float(proc.stdout)


def _write(kernels: Path, prefix: str, jit: str, add: float) -> None:
    (kernels / f"{prefix}callee.py").write_text(textwrap.dedent(CALLEE.format(jit=jit, add=add)))
    (kernels / f"{prefix}caller.py").write_text(textwrap.dedent(CALLER.format(jit=jit, prefix=prefix)))


def test_edited_callee_in_another_module_is_never_run_stale(tmp_path):
    kernels = _copy_package(tmp_path)
    env = _env(PYTHONPATH=str(tmp_path), LOADPLAN_CACHE_DIR=str(tmp_path / "cache"))
    # ours: the cache folder is keyed by the hash of every kernel source
    _write(kernels, "probe_", "loadplan._jit", 1.0)
    assert _call(tmp_path, "probe_", env) == 4.0
    assert _call(tmp_path, "probe_", env) == 4.0  # from the cache
    (kernels / "probe_callee.py").write_text(textwrap.dedent(CALLEE.format(jit="loadplan._jit", add=2.0)))
    assert _call(tmp_path, "probe_", env) == 6.0
    assert len(list((tmp_path / "cache").glob("numba-*"))) == 2
    # control: Numba's own cache keeps running the old callee (what the key is for)
    numba_env = dict(env, NUMBA_CACHE_DIR=str(tmp_path / "numba-cache"))
    _write(kernels, "plain_", "numba", 1.0)
    for path in kernels.glob("plain_*.py"):
        path.write_text(path.read_text().replace("from numba import njit", "from numba import njit as _n\n"
                                                 "njit = _n(cache=True)"))
    assert _call(tmp_path, "plain_", numba_env) == 4.0
    callee = kernels / "plain_callee.py"
    callee.write_text(callee.read_text().replace("x + 1.0", "x + 2.0"))
    assert _call(tmp_path, "plain_", numba_env) == 4.0, "Numba's cache now notices edited callees"


def test_cache_dir_is_keyed_by_kernel_sources(tmp_path):
    kernels = _copy_package(tmp_path)
    before = _jit.kernel_key(str(tmp_path / "loadplan"))
    (kernels / "rows.py").write_text((kernels / "rows.py").read_text() + "\n# an edit\n")
    _jit.kernel_key.cache_clear()
    assert _jit.kernel_key(str(tmp_path / "loadplan")) != before
    assert _jit.cache_dir().name == f"numba-{_jit.kernel_key()}"


@pytest.mark.slow
def test_cold_cli_says_it_compiles_once_then_never(tmp_path):
    env = _env(PYTHONPATH=str(ROOT), LOADPLAN_CACHE_DIR=str(tmp_path / "cache"))
    argv = [sys.executable, "-m", "loadplan.cli", "fit", "--diameter", "585", "--height", "880"]
    cold = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert cold.returncode == 0, cold.stderr
    assert cold.stderr.count("\n") == 1 and "compiling the packing engine" in cold.stderr
    warm = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert warm.returncode == 0 and warm.stderr == ""
    assert warm.stdout == cold.stdout and "compil" not in cold.stdout
    # a parallel warm-up over the filled cache: the worker reports every kernel of its group
    code = ("import sys; from loadplan import warmup as w\n"
            "bar = w.ProgressBar(sys.stderr)\n"
            "w.warm_up(parallel=True, progress=bar)\n"
            "print(round(bar.done / bar.total, 6))")
    par = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=300, cwd=tmp_path)
    assert par.returncode == 0, par.stderr
    assert par.stdout.strip() == "1.0" and "100%  compiled in" in par.stderr


def test_warmup_command_check_and_compile(monkeypatch, capsys):
    monkeypatch.setattr(warmup, "missing_kernels", lambda groups=None: ["rows.rows_layout"])
    assert cli.main(["warmup", "--check"]) == 1
    assert capsys.readouterr().out == "1 kernel(s) to compile\n"
    calls = []
    monkeypatch.setattr(warmup, "warm_up", lambda **kw: calls.append(kw) or 1.5)
    assert cli.main(["warmup", "--serial"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("compiled 1 kernel(s) in 1.5 s into ") and out.err == ""
    assert calls == [{"parallel": False, "progress": None}]
    monkeypatch.setattr(warmup, "missing_kernels", lambda groups=None: [])
    assert cli.main(["warmup", "--check"]) == 0
    assert capsys.readouterr().out == "compiled engine cached\n"
    assert cli.main(["warmup"]) == 0
    assert capsys.readouterr().out.startswith("compiled engine already cached in ")


def test_parallel_only_with_an_idle_cpu(monkeypatch):
    monkeypatch.setattr(warmup, "_cpus", lambda: 2)
    monkeypatch.setattr(warmup, "idle_cpus", lambda window=0.1: 0.9)
    assert warmup.parallel_pays() is True
    monkeypatch.setattr(warmup, "idle_cpus", lambda window=0.1: 0.4)
    assert warmup.parallel_pays() is False
    monkeypatch.setattr(warmup, "_cpus", lambda: 1)
    monkeypatch.setattr(warmup, "idle_cpus", lambda window=0.1: 1.0)
    assert warmup.parallel_pays() is False
    total = sum(c for g in warmup.GROUPS.values() for *_, c in g)
    assert warmup.estimated_seconds(parallel=False) == pytest.approx(total)


def test_idle_cpus_reads_the_machine_now():
    idle = warmup.idle_cpus(0.05)
    assert 0.0 <= idle <= (os.cpu_count() or 1) + 1e-9
