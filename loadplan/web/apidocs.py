"""``/docs``: the OpenAPI description as one plain HTML page (no CDN, no script)."""

from __future__ import annotations

import html
import json
from typing import Any

__all__ = ["docs_html"]

_STYLE = ("body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
          "h2{border-top:1px solid #ccc;padding-top:1rem}code,pre{background:#f4f4f4;border-radius:4px}"
          "pre{padding:.6rem;overflow:auto;max-height:24rem}.m{font-weight:bold;color:#06c}"
          "table{border-collapse:collapse}td{padding:.1rem .6rem;border-bottom:1px solid #eee}")


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    parts = [f'<h2><span class="m">{method.upper()}</span> <code>{html.escape(path)}</code></h2>',
             f"<p><b>{html.escape(op.get('summary', ''))}</b></p>",
             f"<p>{html.escape(op.get('description', ''))}</p>"]
    body = op.get("requestBody", {}).get("content", {})
    if body:
        parts.append("<p>Request body: " + ", ".join(f"<code>{html.escape(k)}</code>" for k in body) + "</p>")
        schema = body.get("application/json", {}).get("schema")
        if schema:
            text = json.dumps(schema, indent=2)
            parts.append(f"<details><summary>JSON schema</summary><pre>{html.escape(text)}</pre></details>")
    rows = "".join(f"<tr><td>{html.escape(str(code))}</td><td>{html.escape(r.get('description', ''))}</td></tr>"
                   for code, r in op.get("responses", {}).items())
    parts.append(f"<table>{rows}</table>")
    return "\n".join(parts)


def docs_html(openapi: dict[str, Any]) -> str:
    """Return the HTML page that documents ``openapi`` (the app's OpenAPI dict)."""
    info = openapi.get("info", {})
    ops = [_operation(path, method, op) for path, item in openapi.get("paths", {}).items()
           for method, op in item.items()]
    return ("<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<title>{html.escape(info.get('title', 'API'))} API</title><style>{_STYLE}</style></head><body>"
            f"<h1>{html.escape(info.get('title', ''))} {html.escape(info.get('version', ''))} HTTP API</h1>"
            f"<p>{html.escape(info.get('description', ''))}</p>"
            '<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Every API call needs '
            "<code>Authorization: Bearer &lt;token&gt;</code> when the server was started with a token.</p>"
            "<pre>curl -s -H 'Content-Type: text/csv' --data-binary @order.csv "
            "'http://127.0.0.1:8000/api/v1/plan?containers=20GP,40HC' -o plan.json</pre>"
            + "\n".join(ops) + "</body></html>")
