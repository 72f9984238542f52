"""Shared test fixtures."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

DATA = Path(__file__).parent / "data"


def load_jsonl(name: str) -> list[dict]:
    """Rows of a reference file shipped in ``tests/data``."""
    with open(DATA / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


DEFAULT_SEED = 20261127


def seeded_rng(seed: int) -> np.random.Generator:
    """``np.random.default_rng(seed)``; with ``LOADPLAN_TEST_SEED`` set, mixed with it.

    Unset (CI, the default) every test draws the same numbers on every run. Set
    it to explore other cases by hand: ``LOADPLAN_TEST_SEED=7 pytest``; the
    seed is shown in pytest's header so a failure can be replayed.
    """
    extra = os.environ.get("LOADPLAN_TEST_SEED")
    if extra is None:
        return np.random.default_rng(seed)
    return np.random.default_rng([int(seed), int(extra)])


def pytest_report_header(config: pytest.Config) -> str:
    """Say which random cases this run draws."""
    extra = os.environ.get("LOADPLAN_TEST_SEED")
    return f"rng: seeds as written{'' if extra is None else f', mixed with LOADPLAN_TEST_SEED={extra}'}"


@pytest.fixture(scope="session")
def rng_for():
    """Factory of seeded generators, ``rng_for(seed)``, for tests that need a given seed

    (parametrized seeds, or two generators that must draw the same numbers).
    Session-scoped so hypothesis tests may use it too."""
    return seeded_rng


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> np.random.Generator:
    """The seeded random generator: every test gets the same numbers each run.

    A test module that was written against other draws keeps its seed with a
    module-level ``RNG_SEED = <int>``; otherwise the seed is ``DEFAULT_SEED``."""
    return seeded_rng(int(getattr(request.module, "RNG_SEED", DEFAULT_SEED)))
