"""Independent soundness checks for load plans.

:func:`verify` takes a :class:`~loadplan.model.LoadPlan` or a
:class:`~loadplan.model.ContainerLoad` and returns a list of violations, one
clear sentence each (naming the container by its number, 1-based as in the
report and the placements CSV, the sku and the loading step); ``[]`` means
sound. :func:`check` returns the violations together with
advisory notes (e.g. where chocks are needed).

This package shares no code with the packer (``loadplan.kernels``,
``loadplan.filling``, ``loadplan.pack``): it is plain NumPy plus shapely, written
from the definitions below, so that a bug in the packer cannot hide itself.

Geometry
--------
A drum is a solid right circular cylinder: centroid ``(x, y, z)``, axis
``"x"``, ``"y"`` or ``"z"``, radius ``r = diameter / 2`` and half length
``l = height / 2`` along its axis. Two drums may touch; they *overlap* when
they still intersect after each is shrunk by ``TOL / 2`` in radius and in half
length (``TOL = 1e-6`` mm), i.e. when they interpenetrate by more than
``TOL``.

*Parallel* drums (same axis) overlap iff their circles overlap,
``dist < r1 + r2 - TOL``, and their extents along the axis overlap by more
than ``TOL``.

*Perpendicular* drums, A with axis ``a`` and B with axis ``b != a``; let
``c`` be the third axis. Cut both solids with the plane ``u_c = t``. The
slice of A is the rectangle ``|u_a - A_a| <= l_A``,
``|u_b - A_b| <= s_A(t)`` with ``s_A(t) = sqrt(r_A^2 - (t - A_c)^2)``; the
slice of B is ``|u_b - B_b| <= l_B``, ``|u_a - B_a| <= s_B(t)``. Two
axis-aligned rectangles meet iff their intervals meet on both axes, so the
solids meet iff some ``t`` has ``s_A(t) >= p`` and ``s_B(t) >= q`` with
``p = |A_b - B_b| - l_B`` and ``q = |A_a - B_a| - l_A``. ``s_A(t) >= p``
holds on ``|t - A_c| <= T_A`` with ``T_A = r_A`` if ``p <= 0``,
``T_A = sqrt(r_A^2 - p^2)`` if ``0 < p <= r_A`` and nowhere if ``p > r_A``
(likewise ``T_B`` from ``q``); two such intervals of ``t`` meet iff
``|A_c - B_c| <= T_A + T_B``. This is exact (no sampling); the tests compare
it with a sampling twin and an alternating-projection twin.

Candidate pairs come from a uniform 3-D grid (cells as large as 90 % of the
drums' boxes; a larger drum is entered into every cell it covers), so
thousands of drums are checked in well under a second.

Support (nothing floats)
------------------------
A drum touching the floor (bottom at ``z = 0`` within ``TOL``) is supported.
Otherwise its *contacts* are the drums under it that touch it:

* a standing drum (axis z) rests on drums whose top is at its base height:
  standing drums below contribute their top disc; lying drums below
  contribute their top contact line, modelled as a strip of width
  ``LINE_STRIP_SHARE * diameter`` (10 %) along the lying drum. The supported
  region is the base disc intersected with the union of these footprints
  (shapely). The base is stable when its centre lies in the convex hull of
  the supported region (the support polygon) and that hull covers at least
  ``MIN_SUPPORT_SHARE`` (50 %) of the base area. A drum balanced on one
  lying drum's top line, or whose centre hangs beyond what is under it,
  fails; a rigid base bridging two drums, its centre between them, passes
  when the hull is large enough.
* a lying drum (axis x or y) touches: standing drums whose top is at its
  bottom (a contact segment along its bottom line); perpendicular lying
  drums whose top line crosses its bottom line (a contact point); parallel
  lying drums below it whose surfaces touch it (distance between axes equal
  to ``r1 + r2`` within ``TOL``; the contact is a segment along the axis at
  the touching line). Projected on the horizontal plane, the drum is stable
  when its centre lies in the convex hull of its contacts and the hull spans
  at least ``MIN_LINE_SHARE`` (50 %) of its length. So a drum in a groove
  (touching one parallel drum on each side) is stable, a drum touching a
  parallel drum on one side only would roll off (a violation, as on rows
  shifted by less than d/2), and a drum straight on top of one parallel
  drum is accepted but reported in the notes as needing chocks.
  A drum resting on one side of a drum below would roll toward the other
  side; it is held (and reported in the notes) when a container wall (the
  side walls; for drums lying across, the front wall and the closed doors)
  or a neighbouring drum is within ``LEAN_GAP`` (2 mm) of it on that side,
  the neighbour level with its centre (its height range contains the
  centre's height); the notes list such drums unless a wall touches them.
  So the end drum of an upper row may rest on one drum
  below and lean on the wall or on the next block. Whether that neighbour is
  itself held is not followed further.
* layer boards: the verifier reads them only from
  :attr:`~loadplan.model.ContainerLoad.boards` (extent, underside ``z``,
  thickness), never from the notes. A drum with no direct contact may stand on
  a board whose top is at its base; it needs the board under its base (its
  base centre on a board, at least ``MIN_SUPPORT_SHARE`` of the base, or
  ``MIN_LINE_SHARE`` of a lying drum's bottom line, over boards) and the
  board carried by a full layer beneath (the tops of the drums under it cover
  at least :data:`MIN_BOARD_COVER`, 50 %, of its area).
  A board is rigid: it spreads the load over the convex hull of the tops of
  all its carriers, and the same rules as above apply to the base (standing)
  or bottom line (lying) over that hull. Boards lie inside
  the container and cut through no drum and no other board. The exact rules
  are in :mod:`loadplan.verification.stacking`.

Layers: a drum on the floor is in layer 1, any other drum in one more than
the highest layer among its contacts. ``Drum.max_layers`` bounds this.

Other checks
------------
Finite coordinates and sizes; containment in the container box; payload
(cargo weight <= ``max_payload``); the door (every drum passes the door
opening in some orientation: along x as a circle of its diameter, or
sideways as a ``diameter x height`` rectangle either way up); unique steps;
loading order (every drum's step after the steps of the drums it rests on,
directly or through a board);
count <= upper bound; placement destinations among the load's destinations.

Heavy on light: unless allowed (``heavy_on_light=True``, by default the
plan's own :attr:`~loadplan.model.LoadPlan.heavy_on_light`), no drum rests,
directly or through a board, on a drum of a lighter sku.

With the drum types (``drums=``, or the plan's own
:attr:`~loadplan.model.LoadPlan.drums` when it carries them) it also checks
each placement's axis against ``Drum.orientations``, layers against
``Drum.max_layers``, the weight resting on each drum against
``Drum.max_load`` (the weight passed down the support contacts in equal
shares, see :mod:`loadplan.verification.stacking`), its size and weight against its type,
and for a :class:`~loadplan.model.LoadPlan` that placed + unplaced equals
the ordered quantity for every (sku, destination). Without types those checks
are skipped: placements do not record allowed axes or limits.

Multi-drop: when a load serves several destinations (``destinations`` in
unloading order), no drum may be blocked by a drum of a later stop: none
resting on it, none in its way out (cross-sections overlapping and reaching
nearer the doors).

Trust (:mod:`loadplan.verification.trust`, :mod:`loadplan.verification.order`): a container named like a catalog type
must have that type's sizes and limits; the loading order must be one the crew
can carry out (every drum after what it rests on, what lies right under it and
what lies between it and the front wall), with or without ``drums``; and
``loadplan verify`` compares the file's own totals with its placements.

Not checked here: the longitudinal centre of gravity (a planning target
that :attr:`~loadplan.model.ContainerLoad.cog` reports).

Layout
------
One module per job; every rule is a function ``rule_*(ctx)`` listed in
:data:`RULES` (:mod:`~loadplan.verification.registry`), its docstring stating
the rule and its tolerance:

* :mod:`~loadplan.verification.tolerances`: ``TOL`` and the shares and limits;
* :mod:`~loadplan.verification.geometry`: exact cylinder overlap, the door, disc lenses;
* :mod:`~loadplan.verification.grid`: candidate pairs;
* :mod:`~loadplan.verification.arrays`: a load's drums as arrays, messages, drum types;
* :mod:`~loadplan.verification.load_rules`, :mod:`~loadplan.verification.space_rules`,
  :mod:`~loadplan.verification.stack_rules`: the rules;
* :mod:`~loadplan.verification.contacts`, :mod:`~loadplan.verification.standing`,
  :mod:`~loadplan.verification.lying`, :mod:`~loadplan.verification.support`,
  :mod:`~loadplan.verification.stacking`: what carries what;
* :mod:`~loadplan.verification.order`: the loading order;
* :mod:`~loadplan.verification.trust`: catalog types, the file's own totals, ``drums=``;
* :mod:`~loadplan.verification.api`: :func:`check` and :func:`verify`.
"""

from __future__ import annotations

from loadplan.verification.api import VerifyReport, check, conservation_problems, verify
from loadplan.verification.geometry import Cylinders, cylinders_overlap, pair_overlaps, passes_door
from loadplan.verification.order import blocking_pairs, check_step_order, projections_overlap
from loadplan.verification.registry import RULES, Rule
from loadplan.verification.tolerances import (
    LEAN_GAP,
    LINE_STRIP_SHARE,
    MAX_MESSAGES,
    MIN_BOARD_COVER,
    MIN_LINE_SHARE,
    MIN_SUPPORT_SHARE,
    PAIR_LIMIT,
    PAIRS_PER_DRUM,
    TOL,
)
from loadplan.verification.trust import catalog_problems, check_drums, consistency_problems

__all__ = [
    "TOL",
    "MIN_SUPPORT_SHARE",
    "MIN_LINE_SHARE",
    "LINE_STRIP_SHARE",
    "MAX_MESSAGES",
    "LEAN_GAP",
    "PAIR_LIMIT",
    "PAIRS_PER_DRUM",
    "MIN_BOARD_COVER",
    "VerifyReport",
    "verify",
    "check",
    "conservation_problems",
    "Rule",
    "RULES",
    "Cylinders",
    "cylinders_overlap",
    "pair_overlaps",
    "passes_door",
    "catalog_problems",
    "projections_overlap",
    "blocking_pairs",
    "check_step_order",
    "check_drums",
    "consistency_problems",
]
