"""Where PackingSolver's box layouts beat ``fill``: do they stand drums on lying drums?

Usage::

    python benchmarks/bench_fill_ps_layouts.py [--seconds 10] CONTAINER:D:H [...]

For each case (e.g. ``40GP:1282:1005``) PackingSolver's box solver (all six
rotations, ``benchmarks/peers/ps_box.py --boxes``) lays the drums' bounding
boxes; this counts the standing boxes whose base centre rests only on lying
boxes (for a cylinder: a base on one drum's top line, which :func:`loadplan.verify`
does not accept), and the supported count left when those boxes, and what then
rests on nothing, are dropped. Prints one JSON line per case beside ``fill``'s count.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(BENCH_DIR / "peers"))

from _common import CACHE_DIR  # noqa: E402
from _support import supported_count  # noqa: E402

Box = tuple[float, float, float, float, float, float]


def _axis(b: Box, h: float) -> str:
    """The drum axis of a box ``(x, y, z, dx, dy, dz)`` of a drum ``h`` long."""
    dx, dy, dz = b[3:]
    if dz == h and dx == dy:
        return "z"
    return "x" if dx == h else "y"


def _on_lying(b: Box, boxes: list[Box], h: float) -> bool:
    """A standing box (off the floor) whose base centre rests on lying boxes only."""
    if _axis(b, h) != "z" or b[2] <= 1e-6:
        return False
    cx, cy = b[0] + b[3] / 2, b[1] + b[4] / 2
    under = [o for o in boxes if abs(o[2] + o[5] - b[2]) < 1e-6
             and o[0] <= cx <= o[0] + o[3] and o[1] <= cy <= o[1] + o[4]]
    return bool(under) and all(_axis(o, h) != "z" for o in under)


def analyse(boxes: list[Box], h: float) -> dict:
    """Standing-on-lying boxes and the supported count without them."""
    on_lying = sum(_on_lying(b, boxes, h) for b in boxes)
    keep = list(boxes)
    while True:
        drop = [b for b in keep if _on_lying(b, keep, h)]
        if not drop:
            break
        keep = [b for b in keep if b not in drop]
    return {"standing_on_lying": on_lying, "without_them": supported_count(keep)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cases", nargs="+", help="CONTAINER:DIAMETER:HEIGHT")
    ap.add_argument("--seconds", type=float, default=10.0)
    args = ap.parse_args()
    import loadplan as lp
    from peers.venvs import ensure_venv

    py, msg = ensure_venv(CACHE_DIR, "ps312", "packingsolver", "packingsolver", minimum=(3, 12))
    if py is None:
        sys.exit(msg)
    for case in args.cases:
        name, d, h = case.split(":")
        c = lp.CONTAINERS[name]
        d_, h_ = float(d), float(h)
        vol = int(c.length * c.width * c.height // (d_ * d_ * h_))
        p = subprocess.run([str(py), str(BENCH_DIR / "peers" / "ps_box.py"), *(str(v) for v in (
            c.length, c.width, c.height, d_, h_, 0.0, c.max_payload)), "all", str(vol),
            str(args.seconds), "--boxes"], capture_output=True, text=True,
            timeout=args.seconds * 5 + 120)
        lines = p.stdout.strip().splitlines()
        boxes = [tuple(b) for b in json.loads(lines[-2])]
        res = json.loads(lines[-1])
        row = {"case": case, "fill": lp.fill(lp.Drum("B", d_, h_), c).count,
               "ps_supported": res["count"], **analyse(boxes, float(int(-(-h_ // 1))))}
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
