"""What the `loadplan` command imports: no cffi/pycparser (Numba only offers them), nothing else touched."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _run(code: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600, check=True)


def test_the_command_never_builds_cffis_parser():
    code = ("import json, sys\nfrom loadplan.cli import main\nsys.argv = ['loadplan', 'fit', "
            "'--diameter', '585', '--height', '880', '--json']\ncode = main()\n"
            "print(json.dumps([code, 'pycparser' in sys.modules, sys.modules.get('cffi', 0) is None,"
            " 'numba' in sys.modules]))")
    out = _run(code).stdout.strip().splitlines()
    code_, pycparser, cffi_blocked, numba = json.loads(out[-1])
    assert code_ == 0 and numba and cffi_blocked and not pycparser
    assert json.loads("\n".join(out[:-1]))["count"] == 106


def test_main_with_arguments_leaves_the_process_alone():
    code = ("import json, sys\nfrom loadplan.cli import main\n"
            "code = main(['fit', '--diameter', '585', '--height', '880', '--json'])\n"
            "print(json.dumps([code, 'cffi' in sys.modules and sys.modules['cffi'] is None]))")
    last = json.loads(_run(code).stdout.strip().splitlines()[-1])
    assert last == [0, False]


def test_skip_cffi_does_nothing_once_numba_is_there():
    code = ("import json, sys, numba\nfrom loadplan.cli.entry import skip_cffi\n"
            "print(json.dumps([skip_cffi(), sys.modules.get('cffi', 0) is None]))")
    assert json.loads(_run(code).stdout.strip().splitlines()[-1]) == [False, False]
