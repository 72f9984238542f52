"""Running a notebook by hand writes its files outside the checkout ([house] item 6)."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _setup_cell(path: pathlib.Path) -> str:
    """The code cell that defines ``OUT`` (the folder the notebook writes to)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and "OUT = " in source:
            return source
    raise AssertionError(f"{path.name}: no cell defines OUT")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_output_folder_is_outside_the_checkout(path, tmp_path):
    code = _setup_cell(path) + "\nprint('OUT=' + str(OUT.resolve()))\n"
    env = {k: v for k, v in os.environ.items() if k != "LOADPLAN_NOTEBOOK_OUT"}
    env["MPLBACKEND"] = "Agg"
    env["TMPDIR"] = str(tmp_path)
    before = sorted(p.name for p in (ROOT / "notebooks").iterdir())
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "notebooks", env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    out = pathlib.Path(run.stdout.strip().splitlines()[-1].removeprefix("OUT="))
    assert out.is_dir()
    assert out.is_relative_to(tmp_path.resolve())
    assert not out.is_relative_to(ROOT)
    assert sorted(p.name for p in (ROOT / "notebooks").iterdir()) == before


def test_the_test_suite_still_chooses_the_folder(tmp_path):
    code = _setup_cell(NOTEBOOKS[0]) + "\nprint('OUT=' + str(OUT.resolve()))\n"
    env = dict(os.environ, LOADPLAN_NOTEBOOK_OUT=str(tmp_path / "chosen"), MPLBACKEND="Agg")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    assert run.stdout.strip().splitlines()[-1] == "OUT=" + str((tmp_path / "chosen").resolve())
