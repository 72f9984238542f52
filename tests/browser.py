"""Debian's Chromium driven by Playwright, shared by the browser tests.

The browser is the system one (``/usr/bin/chromium``, ``apt-get install
chromium``; ``.ci/run`` installs it): Playwright never downloads one. Outside
CI (no ``CI`` environment variable) the tests are skipped when Chromium or
Playwright is missing; in CI a missing browser fails them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
        "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]


def sync_playwright_or_skip() -> Any:
    """Playwright's ``sync_playwright``; skip (fail in CI) without it or without Chromium."""
    missing = []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("playwright (pip install playwright)")
        sync_playwright = None
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if missing:
        if os.environ.get("CI"):
            pytest.fail("browser tests need " + " and ".join(missing) + " in CI")
        pytest.skip("browser tests need " + " and ".join(missing))
    return sync_playwright


def launched_chromium() -> Iterator[Any]:
    """Yield a headless Chromium (for a module- or session-scoped fixture)."""
    with sync_playwright_or_skip()() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
