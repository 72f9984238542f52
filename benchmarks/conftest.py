"""pytest-benchmark suites for loadplan; run explicitly with ``pytest benchmarks/``.

They are kept out of the normal test run (``testpaths = ["tests"]``). Files
are named ``bench_*.py``; this conftest collects them. Every benchmark warms
the JIT up (one untimed call) before pytest-benchmark times it, and skips if
the part of loadplan it needs is not there yet.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import case_id, load_circles, load_fills  # noqa: E402


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    """Collect ``bench_*.py`` as test modules (the default pattern is ``test_*.py``)."""
    # a file named on the command line is collected by pytest itself
    if file_path.suffix == ".py" and file_path.name.startswith("bench_") and not parent.session.isinitpath(file_path):
        return pytest.Module.from_parent(parent, path=file_path)
    return None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``circle_case`` and ``fill_case`` parameters: every reference case, by readable id."""
    if "circle_case" in metafunc.fixturenames:
        cases = load_circles()
        metafunc.parametrize("circle_case", cases, ids=[case_id(c) for c in cases])
    if "fill_case" in metafunc.fixturenames:
        cases = load_fills()
        metafunc.parametrize("fill_case", cases, ids=[case_id(c) for c in cases])


@pytest.fixture(scope="session")
def lp():
    """The loadplan package."""
    return pytest.importorskip("loadplan")
