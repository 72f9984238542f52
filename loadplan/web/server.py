"""Starting ``loadplan serve``: the safety checks, the socket and uvicorn."""

from __future__ import annotations

import socket
import sys
from typing import Callable

from loadplan.web.auth import is_loopback

__all__ = ["ServeError", "check_bind", "serve"]


class ServeError(Exception):
    """The server cannot start as asked (the CLI exits with code 2)."""


def check_bind(host: str, token: str | None) -> None:
    """Refuse a non-loopback address without a token (anyone on the network could plan)."""
    if not is_loopback(host) and not token:
        raise ServeError(f"refusing to listen on {host} without a token: anyone who can reach it could "
                         "use the server. Set --token (or LOADPLAN_TOKEN), or bind 127.0.0.1")


def _socket(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {host}: {exc.strerror or exc}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        reason = "the port is in use" if exc.errno in (98, 48, 10048) else (exc.strerror or str(exc))
        raise ServeError(f"cannot listen on {host}:{port}: {reason}") from None
    sock.listen(256)
    sock.set_inheritable(True)
    return sock


def serve(host: str, port: int, settings: "object", *, access_log: bool = False,
          echo: Callable[[str], None] = print) -> None:
    """Serve the app (``settings``: a :class:`~loadplan.web.app.Settings`) until interrupted.

    Raises
    ------
    ServeError
        Non-loopback address without a token; the address or port cannot be used.
    """
    check_bind(host, getattr(settings, "token", None))
    try:
        import uvicorn

        from loadplan.web.app import create_app
    except ModuleNotFoundError as exc:
        raise ServeError(f"'loadplan serve' needs the web extra: pip install 'loadplan[web]' ({exc})") from None
    sock = _socket(host, port)
    bound_port = sock.getsockname()[1]
    app = create_app(settings)  # type: ignore[arg-type]
    config = uvicorn.Config(app, log_level="warning", access_log=access_log, server_header=False,
                            proxy_headers=False, timeout_keep_alive=5, limit_concurrency=256,
                            lifespan="on")
    shown = f"[{host}]" if ":" in host else host
    echo(f"loadplan serving on http://{shown}:{bound_port}/ ({getattr(settings, 'workers', '?')} planner "
         f"processes{', token required' if getattr(settings, 'token', None) else ''}); Ctrl-C stops")
    sys.stdout.flush()
    uvicorn.Server(config).run(sockets=[sock])
