"""``loadplan verify``: check a plan file independently of the planner."""

from __future__ import annotations

import argparse
import sys

from loadplan import io as lpio
from loadplan.cli.parser import UsageError
from loadplan.io import OrderError, parse_json, read_limited, read_order
from loadplan.model import LoadPlan
from loadplan.verification import consistency_problems, verify

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Run ``loadplan verify``: print each violation (exit 1) or OK (exit 0)."""
    drums = None
    if args.order is not None:
        if args.order == "-" and args.plan == "-":
            raise UsageError("the plan and the order cannot both come from stdin")
        drums = read_order(sys.stdin.buffer if args.order == "-" else args.order)
    limit = lpio.MAX_PLAN_BYTES
    if args.plan == "-":
        data = sys.stdin.buffer.read(limit + 1)
        name = "stdin"
        if len(data) > limit:
            raise UsageError(f"stdin: plan too large (more than {limit:,} bytes)")
    else:
        name = args.plan
        try:
            data = read_limited(args.plan, limit, what="plan file")
        except OrderError as exc:
            raise UsageError(str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{name}: not a plan file (not UTF-8 JSON)") from None
    try:
        doc = parse_json(text, name)
    except OrderError as exc:
        raise UsageError(str(exc)) from None
    if not isinstance(doc, dict) or "loads" not in doc:
        raise UsageError(f"{name}: not a loadplan plan (a JSON object with 'loads' is expected)")

    try:
        plan = LoadPlan.from_dict(doc)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        detail = f"{type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc)
        raise UsageError(f"{name}: not a valid loadplan plan ({detail.splitlines()[0] if detail else ''})") from None

    violations = verify(plan, drums, heavy_on_light=True if args.heavy_on_light else None) + consistency_problems(plan, doc)
    if not violations:
        print("OK")
        return 0
    for violation in violations:
        print(violation)
    print(f"{len(violations)} violation{'s' if len(violations) != 1 else ''}", file=sys.stderr)
    return 1
