"""py3dbp (a box-only 3D bin packer) on one drum fill (runs in its own venv).

Each drum is given to py3dbp as its bounding box ``d x d x h``. py3dbp's
axes are (width, height, depth); we take its *height* as vertical, so the
container is ``Bin(width=L, height=H, depth=W)`` and a standing drum is the
item ``(d, h, d)`` in its first rotation. Usage::

    py3dbp/bin/python box_py3dbp.py L W H D HEIGHT WEIGHT MAX_PAYLOAD MODE COPIES

``MODE`` is ``standing`` (py3dbp's rotation list cut to the upright one) or
``all`` (its six rotations). py3dbp has no gravity, so, as for the reference
figures, a box counts only if the centre of its base rests on the floor or on
the top face of a counted box; floating boxes, and what stood on them, are
removed until nothing changes. Prints one JSON object with ``raw`` (py3dbp's
own count), ``count`` (supported boxes) and ``ms`` (wall time of ``pack``).

Standard library and py3dbp only: this file is not part of loadplan.
"""

from __future__ import annotations

import json
import sys
import time

from _support import supported_count  # the scripts' folder is on sys.path


def main() -> None:
    from py3dbp import Bin, Item, Packer
    from py3dbp.constants import RotationType

    L, W, H, d, h, wt, payload = (float(a) for a in sys.argv[1:8])
    mode, copies = sys.argv[8], int(sys.argv[9])
    if mode == "standing":
        RotationType.ALL = [RotationType.RT_WHD]
    packer = Packer()
    packer.add_bin(Bin("c", L, H, W, payload if payload > 0 else 1e12))
    for k in range(copies):
        packer.add_item(Item(f"d{k}", d, h, d, wt))
    t0 = time.perf_counter()
    packer.pack(bigger_first=True, number_of_decimals=3)
    ms = (time.perf_counter() - t0) * 1e3
    b = packer.bins[0]
    boxes = []
    for it in b.items:
        x, y, z = (float(v) for v in it.position)
        w_, h_, dp_ = (float(v) for v in it.get_dimension())
        boxes.append((x, z, y, w_, dp_, h_))  # py3dbp has y up; _support wants z up
    print(json.dumps({"raw": len(boxes), "count": supported_count(boxes), "ms": ms}))


if __name__ == "__main__":
    main()
