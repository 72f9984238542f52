"""Private venvs for peer solvers, made at run time under the bench cache dir.

Peers are never dependencies of loadplan and nothing of theirs is committed:
``ensure_venv`` creates ``<cache>/<name>`` with a suitable interpreter and
``pip install``s the peer from PyPI the first time, then reuses it.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["find_python", "ensure_venv"]


def _version_ok(exe: str, minimum: tuple[int, int]) -> bool:
    try:
        out = subprocess.run(
            [exe, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    if out.returncode != 0:
        return False
    try:
        major, minor = (int(v) for v in out.stdout.split())
    except ValueError:
        return False
    return (major, minor) >= minimum


def find_python(minimum: tuple[int, int] = (3, 12)) -> str | None:
    """An interpreter at least ``minimum``: the current one, ``python3.1x`` on PATH, or a pyenv version."""
    if sys.version_info[:2] >= minimum:
        return sys.executable
    candidates: list[str] = []
    for minor in range(minimum[1], minimum[1] + 4):
        exe = shutil.which(f"python3.{minor}")
        if exe:
            candidates.append(exe)
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    for minor in range(minimum[1], minimum[1] + 4):
        candidates += sorted(glob.glob(os.path.join(pyenv_root, "versions", f"3.{minor}*", "bin", f"python3.{minor}")))
    for exe in candidates:
        if _version_ok(exe, minimum):
            return exe
    return None


def ensure_venv(cache: Path, name: str, package: str, module: str, minimum: tuple[int, int] = (3, 8)) -> tuple[Path | None, str]:
    """Return ``(python_of_the_venv, message)``; ``None`` and the reason if it cannot be made."""
    venv = Path(cache) / name
    py = venv / "bin" / "python"
    if py.exists() and subprocess.run([str(py), "-c", f"import {module}"], capture_output=True).returncode == 0:
        return py, f"{package}: using {venv}"
    base = find_python(minimum)
    if base is None:
        return None, f"{package}: skipped, no Python >= {minimum[0]}.{minimum[1]} found"
    venv.parent.mkdir(parents=True, exist_ok=True)
    p = subprocess.run([base, "-m", "venv", str(venv)], capture_output=True, text=True)
    if p.returncode != 0:
        return None, f"{package}: skipped, could not make a venv: {p.stderr.strip()[-200:]}"
    p = subprocess.run([str(py), "-m", "pip", "install", "--quiet", package], capture_output=True, text=True, timeout=1800)
    if p.returncode != 0 or subprocess.run([str(py), "-c", f"import {module}"], capture_output=True).returncode != 0:
        err = (p.stderr.strip().splitlines() or ["import failed"])[-1]
        return None, f"{package}: skipped, pip install failed: {err[:200]}"
    return py, f"{package}: installed into {venv}"
