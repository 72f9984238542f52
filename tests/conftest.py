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


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded random generator: every test gets the same numbers each run."""
    return np.random.default_rng(20261127)
