"""``loadplan warmup``: compile every packing kernel into the on-disk cache now."""

from __future__ import annotations

import argparse
import sys

from loadplan._jit import cache_dir
from loadplan import warmup

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Run ``loadplan warmup`` (``--check``: exit 1 when compilation is needed)."""
    missing = warmup.missing_kernels()
    if args.check:
        print(f"{len(missing)} kernel(s) to compile" if missing else "compiled engine cached")
        return 1 if missing else 0
    if not missing:
        print(f"compiled engine already cached in {cache_dir()}")
        return 0
    bar = warmup.ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    seconds = warmup.warm_up(parallel=False if args.serial else None, progress=bar)
    print(f"compiled {len(missing)} kernel(s) in {seconds:.1f} s into {cache_dir()}")
    return 0
