"""A proven upper bound on how many drums of one size fit a box (:func:`block_upper_bound`)."""

from __future__ import annotations

import math
from typing import Any

from loadplan.filling.validation import check_box, fits_box, parse_axes, parse_layers

__all__ = ["block_upper_bound", "axis_bound"]


def block_upper_bound(diameter: float, height: float, length: float, width: float,
                      height_limit: float, axes: Any = "zxy",
                      max_layers: int | None = None) -> int:
    """A proven upper bound on how many drums fit the box of :func:`~loadplan.filling.layout_block`.

    Let ``V = pi d^2 h / 4`` be a drum's volume and ``C(a, b)`` the proven
    circle bound :func:`loadplan.pack.circle_bound` for ``a x b``.

    - **One axis, z (standing).** Take the planes ``z = u + j h`` for an offset
      ``u`` in ``(H - floor(H/h) h, h)``: exactly ``floor(H/h)`` of them meet
      the box, and every drum's half-open height interval ``[b, b + h)`` holds
      exactly one of them, so each drum is cut by one plane in a disc of
      diameter ``d``. The discs in one plane are disjoint, at most ``C(L, W)``.
      Hence ``n <= floor(H/h) C(L, W)``. With ``max_layers = K`` and standing
      drums only, every drum sits on the floor or on another drum, so all lie
      below ``K h`` and the same argument gives ``min(floor(H/h), K) C(L, W)``.
    - **One axis, x or y.** The same with planes across the axis:
      ``floor(L/h) C(W, H)`` and ``floor(W/h) C(L, H)``.
    - **Several axes.** Each axis's drums obey its own bound, so ``n`` is at
      most the sum over the allowed axes (``max_layers`` not used: standing
      drums may stand on lying ones); and the drums are disjoint inside the box,
      so ``n <= floor(L W H / V)``. The smaller of the two is returned. (A
      tighter density bound such as ``pi/sqrt(12)`` is known for infinite
      cylinders (Bezdek and Kuperberg 1990) but not proven for finite drums in
      three orientations, so it is not used.)

    Axes in which the drum does not fit the box are ignored; 0 if none fits.

    Raises
    ------
    ValueError
        As :func:`loadplan.filling.layout_block`.

    Examples
    --------
    >>> block_upper_bound(1500, 1000, 5896, 2350, 2393, axes="z")
    8
    """
    from loadplan.pack import circle_bound

    d, h, L, W, H = check_box(diameter, height, length, width, height_limit)
    ax = [a for a in parse_axes(axes) if fits_box(a, d, h, L, W, H)]
    ml = parse_layers(max_layers)
    if not ax:
        return 0

    def per_axis(a: str, layered: bool) -> int:
        if a == "z" and layered and ml:
            return min(int(math.floor(H / h + 1e-9)), ml) * int(circle_bound(L, W, d))
        return axis_bound(a, d, h, L, W, H)

    vol = int(math.floor(L * W * H / (math.pi * d * d * h / 4.0) + 1e-9))
    if len(ax) == 1:
        return min(per_axis(ax[0], True), vol)
    return min(sum(per_axis(a, False) for a in ax), vol)


def axis_bound(axis: str, diameter: float, height: float, length: float, width: float,
               height_limit: float) -> int:
    """The proven bound on the drums of one ``axis`` in the box, in any packing (mixed too).

    ``floor(extent along the axis / h)`` x the circle bound of the cross-section across it
    (the planes argument of :func:`block_upper_bound` uses only the drums of that axis).

    Examples
    --------
    >>> axis_bound("z", 1500, 1000, 5896, 2350, 2393)
    8
    """
    from loadplan.pack import circle_bound

    d, h, L, W, H = diameter, height, length, width, height_limit
    if axis == "z":
        return int(math.floor(H / h + 1e-9)) * int(circle_bound(L, W, d))
    if axis == "x":
        return int(math.floor(L / h + 1e-9)) * int(circle_bound(W, H, d))
    return int(math.floor(W / h + 1e-9)) * int(circle_bound(L, H, d))
