"""``loadplan serve``: the upload page and the HTTP API (needs the web extra)."""

from __future__ import annotations

import argparse
import os

from loadplan.cli.parser import UsageError

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Run ``loadplan serve``; the web modules are optional, so they are imported here."""
    token = args.token if args.token is not None else os.environ.get("LOADPLAN_TOKEN") or None
    from loadplan.web.server import ServeError, check_bind

    try:
        check_bind(args.host, token)
        from loadplan.web.app import Settings
        from loadplan.web.server import serve
    except ServeError as exc:
        raise UsageError(str(exc)) from None
    except ModuleNotFoundError as exc:
        raise UsageError(f"'loadplan serve' needs the web extra: pip install 'loadplan[web]' ({exc})") from None
    settings = Settings(token=token, workers=args.workers, queue=args.queue, time_limit=args.time_limit,
                        body_limit=int(args.max_body * 1024 * 1024), body_timeout=args.body_timeout,
                        worker_memory=args.worker_memory, cors_origins=tuple(args.cors_origin))
    try:
        serve(args.host, args.port, settings, access_log=args.access_log)
    except ServeError as exc:
        raise UsageError(str(exc)) from None
    return 0
