"""``loadplan demo``: plan the Blitar djembe export and write its files."""

from __future__ import annotations

import argparse

from loadplan.cli.engine import prepare_kernels
from loadplan.demo import run_demo

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Run ``loadplan demo --out DIR``."""
    prepare_kernels()
    code = run_demo(args.out, echo=print)
    return code if isinstance(code, int) and not isinstance(code, bool) else 0
