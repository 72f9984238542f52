"""The bearer token, the loopback rule and the security headers of ``loadplan serve``."""

from __future__ import annotations

import hmac
import ipaddress
import json
from typing import Any, Awaitable, Callable

__all__ = ["is_loopback", "token_matches", "TokenMiddleware", "SECURITY_HEADERS"]

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
"""Headers every response carries."""


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_matches(header: str | None, token: str) -> bool:
    """True when ``header`` is ``Bearer <token>`` (compared in constant time)."""
    if not header:
        return False
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))


Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


class TokenMiddleware:
    """ASGI middleware: ``/api/`` needs the token (when one is set); every response gets
    :data:`SECURITY_HEADERS`."""

    def __init__(self, app: Any, token: str | None):
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + list(SECURITY_HEADERS)
            await send(message)

        if self.token and scope["path"].startswith("/api/") and scope["method"] != "OPTIONS":
            header = None
            for key, value in scope.get("headers", []):
                if key == b"authorization":
                    header = value.decode("latin-1")
                    break
            if not token_matches(header, self.token):
                message = ("this server needs a token: send 'Authorization: Bearer <token>'"
                           if not header else "wrong token (or not 'Authorization: Bearer <token>')")
                body = json.dumps({"detail": message, "problems": [
                    {"row": None, "field": "Authorization", "message": message}]}).encode("utf-8")
                await send_with_headers({"type": "http.response.start", "status": 401, "headers": [
                    (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                    (b"www-authenticate", b'Bearer realm="loadplan"')]})
                await send_with_headers({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send_with_headers)
