"""Cached kernels load without Numba's registry refresh, and what runs after is unchanged.

Each case runs in new processes on an empty cache folder of its own: the
first process compiles and saves, the next loads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

KERNELS = '''
import numpy as np
from loadplan._jit import njit

@njit
def squares(n):
    out = np.empty(n)  # allocates: needs Numba's runtime (NRT)
    for i in range(n):
        out[i] = i * i
    return out

@njit
def total(n):
    return squares(n).sum() + np.sqrt(4.0)
'''

RUN = '''
import json, sys
import probe_kernels as k
out = {{"squares": k.squares(5).tolist(), "registries_after_load": "numba.np.arraymath" in sys.modules}}
if {both}:
    out["total"] = float(k.total(5))
    out["squares_again"] = k.squares(3).tolist()
print(json.dumps(out))
'''


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMBA_", "LOADPLAN_"))}
    env.update(PYTHONPATH=os.pathsep.join([str(tmp), str(ROOT)]), LOADPLAN_CACHE_DIR=str(tmp / "cache"),
               **extra)
    return env


def _run(tmp: Path, both: bool, **extra: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", RUN.format(both=both)], env=_env(tmp, **extra),
                          capture_output=True, text=True, timeout=300, cwd=tmp)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_loaded_kernel_runs_and_a_compiled_caller_after_it_too(tmp_path):
    (tmp_path / "probe_kernels.py").write_text(textwrap.dedent(KERNELS))
    want = {"squares": [0.0, 1.0, 4.0, 9.0, 16.0], "total": 32.0, "squares_again": [0.0, 1.0, 4.0]}
    # 1: compiles squares and total, saves both
    assert _run(tmp_path, True) == dict(want, registries_after_load=True)
    # 2: both from the cache; squares ran before anything compiled, so no registry was loaded
    assert _run(tmp_path, True) == dict(want, registries_after_load=False)
    # 3: Numba's own loading, for comparison: the same answers, its registries loaded at once
    assert _run(tmp_path, True, LOADPLAN_NUMBA_LAZY_REGISTRIES="0") == dict(
        want, registries_after_load=True)
    # 4: a kernel compiled in a process that loaded another one without the refresh
    (tmp_path / "probe_kernels.py").write_text(textwrap.dedent(KERNELS) + "\n# edited: both stale\n")
    assert _run(tmp_path, False) == {"squares": want["squares"], "registries_after_load": True}
    assert _run(tmp_path, True) == dict(want, registries_after_load=False)  # total compiled here
    assert _run(tmp_path, True) == dict(want, registries_after_load=False)  # both loaded
