"""Fill a container (or a box) with as many drums of one size as fit.

:func:`fill` answers "how many of these fit a 40HC?"; :func:`layout_block` and
:func:`block_upper_bound` are the lower-level box API the planner uses for
mixed containers.

How a layout is built
---------------------
The box is cut into full-height sections along its length (x), from the nose:

1. ``m`` sections of drums **lying along x**, each ``h`` long, every one
   holding the best sound lying cross-section of ``W x H``;
2. a block of drums **lying across** (axis y): the best sound cross-section of
   ``s_y x H`` (x by z), repeated ``floor(W / h)`` times across;
3. a **standing** strip with the rest of the length: ``k`` layers of the best
   floor packing of ``rest x W`` (:func:`loadplan.pack.pack_circles`, or a
   simple lattice when that is better), every drum straight on the one below,
   and lying drums in the headspace above, resting on the flat tops of the top
   layer.

With two or more axes allowed, the box may also be cut into two bands along
its full length (``y < w`` and ``y > w``), each laid out as above; a band side
that is not a container wall gives drums lying along x nothing to lean on.

Lying cross-sections only use rows laid straight on the row below or in the
grooves of the row below (offset exactly ``d/2``), see
:mod:`loadplan.kernels.layout3d`; an end drum may lean on a container wall but
never on a neighbouring block or the doors. Lying drums on standing tops are
kept only when their contact with the tops runs under their centre and spans
at least half their length (:data:`MIN_CONTACT_SHARE`). The split (``m``,
``s_y``, the layers ``k``, what fills the headspace, the band width) is chosen
by enumerating every ``m`` and the lengths where the lying-across block gains
a drum, scoring each with exact counts from lattice floors, building the best
few, then rebuilding the best with the real floor engine (the engine's floors
only add drums). For the 200 L drum (Ø585 x 880) in a 20GP this finds 96
lying along x in six sections, 8 standing two high in the 616 mm at the doors
and 2 lying across on top: 106.

The package, by job: :mod:`~loadplan.filling.validation` (arguments, which
axes fit and pass the door), :mod:`~loadplan.filling.pieces` (the
:class:`~loadplan.filling.pieces.Box` and the cached floor packings, cross-sections
and split candidates), :mod:`~loadplan.filling.realise` (the layout of one
split), :mod:`~loadplan.filling.search` (choosing the split and band width),
:mod:`~loadplan.filling.loading` (loading keys and order, notes),
:mod:`~loadplan.filling.bound` (the proven upper bound),
:mod:`~loadplan.filling.linebound` (the line-family bound for big drums, several axes),
:mod:`~loadplan.filling.blocks` (the box API),
:mod:`~loadplan.filling.tiers` (column types whose width changes with height, for
:func:`loadplan.floorplan.tier_plan`: heads on standing stacks, standing drums on
layer boards) and :mod:`~loadplan.filling.container` (:func:`fill`).

Loading order: every drum gets a loading key, its front face (smallest x),
raised to the key of whatever carries it; placements are sorted by key, then
height, then y. So the crew works from the nose to the doors, bottom up, and
no drum comes before its support; every prefix of the order is sound.
"""

from __future__ import annotations

from loadplan.filling.blocks import layout_across, layout_band, layout_block
from loadplan.filling.bound import block_upper_bound
from loadplan.filling.container import fill
from loadplan.filling.realise import MIN_CONTACT_SHARE
from loadplan.filling.validation import fits_box, passes_door

__all__ = ["fill", "layout_block", "layout_across", "layout_band", "block_upper_bound",
           "fits_box", "passes_door", "MIN_CONTACT_SHARE"]
