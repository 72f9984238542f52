"""Run the kernel-twin tests again with NUMBA_DISABLE_JIT=1.

The kernels are then plain Python, so their lines run (and count for
coverage) and any construct that only works compiled shows up here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.mark.nojit
def test_kernel_twins_pass_as_plain_python():
    files = sorted(str(p) for p in HERE.glob("test_twins_*.py"))
    assert files, "no kernel twin tests found"
    env = dict(os.environ, NUMBA_DISABLE_JIT="1")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *files],
        cwd=HERE.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
