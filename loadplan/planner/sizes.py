"""What fits where: order lines, cached fills, layouts and bounds of one drum size."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from loadplan.containers import Container
from loadplan.model import ContainerLoad, Drum

_TOL = 1e-6

__all__ = ["Line", "fill_cached", "capacity", "cap_bound_cached", "cap_bound", "block_cached",
           "block_bound", "why_unplaceable", "door_axes", "zone_axes", "fill_upto_cached",
           "fill_for", "capacity_upto", "knows_capacity"]


# ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One order line after merging identical drums: a drum type for one destination."""

    index: int
    drum: Drum
    quantity: int

    @property
    def sku(self) -> str:
        return self.drum.sku

    @property
    def destination(self) -> str | None:
        return self.drum.destination

    @property
    def size_key(self) -> tuple:
        d = self.drum
        return (d.diameter, d.height, d.weight, d.orientations, d.max_layers)


@functools.lru_cache(maxsize=4096)
def fill_cached(diameter: float, height: float, weight: float, orientations: tuple,
                 max_layers: int | None, container: Container) -> ContainerLoad:
    from loadplan.filling import fill

    drum = Drum("_", diameter, height, weight=weight, quantity=1,
                orientations=orientations, max_layers=max_layers)
    return fill(drum, container)


def capacity(line: Line, container: Container) -> int:
    """How many drums of the line one ``container`` holds (``fill``'s count)."""
    return fill_cached(*line.size_key, container).count


@functools.lru_cache(maxsize=4096)
def fill_upto_cached(diameter: float, height: float, weight: float, orientations: tuple,
                     max_layers: int | None, container: Container, count: int) -> ContainerLoad:
    """``fill(drum, container, max_count=count)``, cached: the work follows ``count``."""
    from loadplan.filling import fill

    drum = Drum("_", diameter, height, weight=weight, quantity=1,
                orientations=orientations, max_layers=max_layers)
    return fill(drum, container, max_count=int(count))


def knows_capacity(line: Line, container: Container, count: int) -> bool:
    """Whether ``count`` drums are at least a container's worth by the proven bound
    (then only the whole-container ``fill`` answers how many fit)."""
    return count >= cap_bound(line, container)


def fill_for(line: Line, container: Container, count: int) -> ContainerLoad:
    """``fill``'s load for at most ``count`` drums of the line, sized to ``count``.

    At least a container's worth (``count >= cap_bound``): the whole-container
    fill (cached, as :func:`capacity`); fewer: ``fill(..., max_count=count)``,
    whose work follows ``count`` (a few small drums cost milliseconds, not a
    container full of them). Either way ``load.count == min(count, capacity)``
    exactly, and ``upper_bound`` is the bound for the whole container.
    """
    if knows_capacity(line, container, count):
        return fill_cached(*line.size_key, container)
    return fill_upto_cached(*line.size_key, container, int(count))


def capacity_upto(line: Line, container: Container, count: int) -> int:
    """``min(count, capacity(line, container))``, exactly, with the work sized to ``count``."""
    if count <= 0:
        return 0
    return min(int(count), fill_for(line, container, count).count)


@functools.lru_cache(maxsize=4096)
def cap_bound_cached(diameter: float, height: float, weight: float, orientations: tuple,
                      max_layers: int | None, container: Container,
                      payload: bool = True) -> int:
    drum = Drum("_", diameter, height, weight=weight, orientations=orientations,
                max_layers=max_layers)
    axes = door_axes(drum, container)
    if not axes or weight > container.max_payload:
        return 0
    from loadplan.filling import block_upper_bound

    ub = int(block_upper_bound(diameter, height, container.length, container.width,
                               container.height, axes=axes, max_layers=max_layers))
    if weight > 0 and payload:
        ub = min(ub, int(math.floor(container.max_payload / weight + 1e-9)))
    return ub


def cap_bound(line: Line, container: Container) -> int:
    """A cheap upper bound on ``capacity`` (0 exactly when nothing can be loaded:
    no allowed axis fits the box and passes the door, or one drum is over the payload)."""
    return cap_bound_cached(*line.size_key, container)


@functools.lru_cache(maxsize=16384)
def block_cached(diameter: float, height: float, length: float, width: float, height_limit: float,
                  axes: str, max_layers: int | None, max_count: int | None
                  ) -> tuple[np.ndarray, np.ndarray]:
    from loadplan.filling import layout_across, layout_block

    if axes == "y":  # no wall at the zone's ends to lean on
        centres, ax = layout_across(diameter, height, length, width, height_limit,
                                    max_layers=max_layers, max_count=max_count)
    else:
        centres, ax = layout_block(diameter, height, length, width, height_limit, axes=axes,
                                   max_layers=max_layers, max_count=max_count)
    centres = np.array(centres, dtype=np.float64).reshape(-1, 3)
    ax = np.array(ax).astype("U1").reshape(-1)
    if max_count is not None and centres.shape[0] > max_count:
        centres, ax = centres[:max_count], ax[:max_count]
    centres.flags.writeable = False
    ax.flags.writeable = False
    return centres, ax


def block_bound(diameter: float, height: float, length: float, width: float,
                 height_limit: float, axes: str, max_layers: int | None) -> int:
    """Proven bound for one zone's box (:func:`loadplan.filling.block_upper_bound`)."""
    from loadplan.filling import block_upper_bound

    return int(block_upper_bound(diameter, height, length, width, height_limit,
                                 axes=axes, max_layers=max_layers))


def why_unplaceable(drum: Drum, containers: list[Container]) -> str:
    """The reason, for :class:`Unplaced`, why no container can take ``drum``."""
    d, h = drum.diameter, drum.height
    names = ", ".join(c.name for c in containers)
    if all(drum.weight > c.max_payload for c in containers):
        return f"heavier ({drum.weight:g} kg) than the payload of every container ({names})"

    from loadplan.filling import fits_box, passes_door

    def box_fits(c: Container, axis: str) -> bool:
        return fits_box(axis, d, h, c.length, c.width, c.height)

    def door_fits(c: Container) -> bool:
        return any(passes_door(a, d, h, c.door_width, c.door_height) for a in "zxy")

    axes = "/".join({"z": "standing", "x": "lying along", "y": "lying across"}[a]
                    for a in drum.orientations)
    if not any(box_fits(c, a) for c in containers for a in drum.orientations):
        return (f"Ø{d:g} x {h:g} mm does not fit inside any container ({names}) "
                f"in its allowed orientations ({axes})")
    if not any(door_fits(c) for c in containers):
        return f"Ø{d:g} x {h:g} mm does not pass the door of any container ({names})"
    return (f"Ø{d:g} x {h:g} mm cannot be loaded soundly in any container ({names}) "
            f"in its allowed orientations ({axes})")


# ----------------------------------------------------------------------------

def door_axes(drum: Drum, container: Container) -> str:
    """Allowed axes in which the drum passes the door opening, moving along x."""
    from loadplan.filling import passes_door

    c = container
    return "".join(a for a in drum.orientations
                   if passes_door(a, drum.diameter, drum.height, c.door_width, c.door_height))


def zone_axes(drum: Drum, container: Container) -> str:
    """Axes for a zone: the door axes without "y" when another one is left.

    Drums lying across (axis y) in :func:`loadplan.filling.layout_block` may
    lean on the box's front end; a zone's ends are other zones or empty
    space, so zones avoid them. A line that can only lie across gets zones
    from :func:`loadplan.filling.layout_across`, which needs no wall.
    """
    axes = door_axes(drum, container)
    return axes.replace("y", "") or axes
