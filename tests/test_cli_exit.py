"""The command's process leaves its heap out of the collector's last passes; main(argv) does not."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from loadplan.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_main_with_arguments_leaves_the_collector_alone(capsys):
    before = gc.get_freeze_count()
    assert main(["--version"]) == 0
    assert gc.get_freeze_count() == before
    assert capsys.readouterr().out.strip()


def test_main_of_the_command_line_freezes_the_heap_at_the_end(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["loadplan", "--version"])
    gc.unfreeze()
    try:
        assert main() == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert capsys.readouterr().out.strip()


def test_the_command_still_exits_with_its_code_and_output():
    import os

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    ok = subprocess.run([sys.executable, "-m", "loadplan", "fit", "--diameter", "585", "--height", "880",
                         "--container", "20GP"], capture_output=True, text=True, env=env, timeout=300)
    assert ok.returncode == 0 and ok.stdout.strip() and "Traceback" not in ok.stderr
    bad = subprocess.run([sys.executable, "-m", "loadplan", "fit", "--diameter", "-5", "--height", "880"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert bad.returncode == 2 and "diameter" in bad.stderr and "Traceback" not in bad.stderr
