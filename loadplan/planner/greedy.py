"""The greedy zone planner: zones one after another along the length, shelves for short lines."""

from __future__ import annotations

import itertools
import math
from typing import Mapping

from loadplan.containers import Container
from loadplan.planner.sizes import (Line, cap_bound, cap_bound_cached, capacity, capacity_upto,
                                    knows_capacity, zone_axes)
from loadplan.planner.mix import cheapest_mix
from loadplan.planner.zones import (Bin, Zone, band_cached, band_for, extent, fill_zone, full_zone,
                                    zone_for)

_TOL = 1e-6

__all__ = ["greedy", "GreedyRun", "greedy_best", "bin_lines", "objective", "plan_group", "plan_one_line",
           "plan_lines", "NoRoom",
           "mixed_lower_bound", "SHORT_FILL", "SHORT_SHARE", "SYNERGY"]


SHORT_FILL = 0.75
"""A line whose whole rest fits one full-width zone goes to shelves when it would
fill less than this share of the zone's own layout (the zone would be mostly air)."""

SHORT_SHARE = 0.1
"""Only lines of at most this share of a container's capacity bound are tested for
being short (a cheap pre-test: longer lines fill their zones)."""


def greedy(lines: list[tuple[Line, int]], container: Container,
           shelves: bool = True, waited: list[int] | None = None) -> list[Bin] | None:
    """Zones in order along the length, container after container; None if a line cannot go.

    Lines, in order, get full-width zones; a line whose whole rest would sit in a
    zone that it fills to less than :data:`SHORT_FILL` (a short line) waits instead and, after
    the other lines of its destination, goes to *shelves*: a shelf is as long as
    the full-width zone of its first line, and its width is cut into bands, each
    the narrowest that holds one line's rest (or what fits the width left), side
    by side across y, each laid out on its own with only real container walls
    leant on. A shelf is used when it holds at least as many drums as the
    first line's full-width zone, else that zone. ``shelves=False``: full-width
    zones only. ``waited``, if given, receives the indices of the lines that waited
    (none: the plan is the one of ``shelves=False``).
    """
    return GreedyRun(lines, container, shelves, waited).run()


class GreedyRun:
    """The state of one :func:`greedy` run: containers so far, the open one, what is left."""

    def __init__(self, lines: list[tuple[Line, int]], container: Container, shelves: bool,
                 waited: list[int] | None) -> None:
        self.lines = lines
        self.c = container
        self.shelves = shelves
        self.waited = waited
        self.bins: list[Bin] = []
        self.cur = Bin(container)
        self.rem = [q for _, q in lines]
        self.shelf_ids = itertools.count()
        self.pos = {line.index: k for k, (line, _) in enumerate(lines)}
        self.waiting: list[int] = []

    def run(self) -> list[Bin] | None:
        """Every destination's lines in turn; the waiting short lines after each."""
        lines = self.lines
        start = 0
        while start < len(lines):
            stop = start
            dest = lines[start][0].destination
            while stop < len(lines) and lines[stop][0].destination == dest:
                stop += 1
            self.waiting = []
            for i in range(start, stop):
                while self.rem[i] > 0:
                    r = self.step(i, self.waiting)
                    if r is None:
                        return None
                    if r is False:
                        break
            while True:
                pend = [j for j in self.waiting if self.rem[j] > 0]
                if not pend:
                    break
                if self.step(pend[0], None) is None:
                    return None
            start = stop
        self.close()
        return self.bins

    def close(self) -> None:
        """Close the open container (if it holds anything) and open a new one."""
        if self.cur.zones:
            self.bins.append(self.cur)
        self.cur = Bin(self.c)

    def add(self, z: Zone, i: int, advance: bool = True) -> None:
        """Put zone z of line i in the open container."""
        cur = self.cur
        cur.zones.append(z)
        if advance:
            cur.used = self.c.length if z.fixed else cur.used + z.length
        n = z.centres.shape[0]
        cur.weight += self.lines[i][0].drum.weight * n
        self.rem[i] -= n

    def allowance(self, i: int, spent: float = 0.0) -> int:
        """Drums of line i the open container's payload still takes (after ``spent`` kg)."""
        d = self.lines[i][0].drum
        if d.weight > 0:
            return min(self.rem[i], int(math.floor(
                (self.c.max_payload - self.cur.weight - spent) / d.weight + 1e-9)))
        return self.rem[i]

    def whole(self, i: int, z: Zone | None, q: int, max_count: int) -> bool | None:
        """An empty container: fill's layout when it holds more than zone z (True: done)."""
        line = self.lines[i][0]
        if self.cur.zones or (z is not None and z.count >= max_count):
            return False
        known = knows_capacity(line, self.c, q)
        # fewer drums than a container's worth: fill sized to them (min(q, capacity), exactly)
        cap_full = capacity(line, self.c) if known else capacity_upto(line, self.c, q)
        if cap_full == 0 and z is None:
            return None
        if cap_full > (0 if z is None else z.count):
            take = min(q, cap_full)
            if known:
                self.add(full_zone(line, self.c, None if take == cap_full else take), i)
            else:
                self.add(fill_zone(line, self.c, q), i)
            self.close()
            return True
        return False

    def probe_short(self, i: int, room: float, max_count: int) -> Zone | None:
        """The zone of a short line in a box two drum lengths long (sets the shelf's
        length; cached across runs, unlike a zone in the room left), or None."""
        line, c = self.lines[i][0], self.c
        d = line.drum
        q = self.rem[i]
        if not (self.shelves and max_count == q and q <= SHORT_SHARE * cap_bound(line, c)
                and "y" not in zone_axes(d, c)):
            return None
        probe = min(c.length, 2.0 * max(d.diameter, d.height))
        z = zone_for(line, c, probe, max_count)
        if z is not None and (z.length > room + 1e-9 or not self.is_short(line, z)):
            return None
        return z

    def step(self, i: int, short: list[int] | None) -> bool | None:
        """One zone (or whole container) for line i; False: the line waits for a shelf."""
        line, c = self.lines[i][0], self.c
        q = self.rem[i]
        if not self.cur.zones and q >= cap_bound(line, c):
            # at least a container's worth: fill's layout, whole
            if capacity(line, c) == 0:
                return None
            self.add(full_zone(line, c), i)
            self.close()
            return True
        room = c.length - self.cur.used
        max_count = self.allowance(i)
        z = self.probe_short(i, room, max_count)
        if z is not None and short is not None:
            short.append(i)
            if self.waited is not None:
                self.waited.append(i)
            return False
        if z is None and max_count > 0:
            z = zone_for(line, c, room, max_count)
        done = self.whole(i, z, q, max_count)
        if done is None or done:
            return done
        if z is None:
            self.close()
            return True
        if self.shelves and short is None:
            shelf = self.shelf(z)
            if shelf:
                sid = next(self.shelf_ids)
                for j, band in shelf:
                    band.shelf = sid
                    self.add(band, j, advance=False)
                self.cur.used += shelf[0][1].length
                return True
        self.add(z, i)
        return True

    def is_short(self, line: Line, z: Zone) -> bool:
        """Whether zone z holds the line's whole rest and fills less than SHORT_FILL."""
        d, c = line.drum, self.c
        if z.count != self.rem[self.pos[line.index]]:
            return False
        full, _ = band_cached(d.diameter, d.height, float(z.length), c.width, c.height,
                              zone_axes(d, c), d.max_layers, (True, True))
        return z.count < SHORT_FILL * full.shape[0]

    def shelf(self, z: Zone) -> list[tuple[int, Zone]]:
        """Bands of the waiting lines in a shelf as long as zone z (empty: use z)."""
        length, W = z.length, self.c.width
        pend = [j for j in self.waiting if self.rem[j] > 0]
        out: list[tuple[int, Zone]] = []
        y = 0.0
        spent = 0.0
        for whole in (True, False):
            for j in pend:
                if any(j == k for k, _ in out) or W - y < _TOL:
                    continue
                need = self.allowance(j, spent)
                got = band_for(self.lines[j][0], self.c, length, y, W - y, need, whole)
                if got is None:
                    continue
                band, w = got
                out.append((j, band))
                y += w
                spent += self.lines[j][0].drum.weight * band.count
                if not whole:
                    break
        if sum(b.count for _, b in out) < z.count:
            return []
        used = max(extent(b.centres, b.axes, self.lines[j][0].drum)[1] for j, b in out)
        for _, b in out:
            b.length = used
        out.sort(key=lambda t: float(t[1].centres[:, 1].min()))
        return out


def greedy_best(lines: list[tuple[Line, int]], container: Container,
                 costs: Mapping[str, float] | None) -> list[Bin] | None:
    """:func:`greedy` with shelves, or with full-width zones only when that is
    better (cost, containers, volume; ties: shelves)."""
    waited: list[int] = []
    a = greedy(lines, container, True, waited)
    if a is not None and not waited:
        return a  # no line waited for a shelf: the same as zones only
    b = greedy(lines, container, False)
    if a is None or (b is not None and objective(b, costs) < objective(a, costs)):
        return b
    return a


def bin_lines(b: Bin) -> list[tuple[Line, int]]:
    """The lines in a bin with their drum counts, in zone order."""
    acc: dict[int, list] = {}
    for z in b.zones:
        n = z.centres.shape[0]
        if z.line.index in acc:
            acc[z.line.index][1] += n
        else:
            acc[z.line.index] = [z.line, n]
    return [(line, n) for line, n in acc.values()]


def objective(bins: list[Bin], costs: Mapping[str, float] | None) -> tuple[float, int, float]:
    """What plans are compared by: (cost, containers, volume), smaller is better."""
    cost = sum(costs[b.container.name] for b in bins) if costs is not None else 0.0
    return (round(cost, 9), len(bins), sum(b.container.volume for b in bins))


def plan_group(lines: list[Line], containers: list[Container],
                costs: Mapping[str, float] | None) -> list[Bin]:
    """Containers for lines that all fit every container in ``containers``."""
    if costs is not None:
        containers = [c for c in containers if c.name in costs]
    if len(lines) == 1:
        return plan_one_line(lines[0], containers, costs)
    return plan_lines(lines, containers, costs)


def plan_one_line(line: Line, containers: list[Container],
                  costs: Mapping[str, float] | None) -> list[Bin]:
    """Containers for one line: the exact cheapest mix of container types, full ones first."""
    # min(quantity, capacity) is all the exact mix needs (a type holding the whole
    # order is used alone), and the fill behind it is sized to the quantity
    caps = [capacity_upto(line, c, line.quantity) for c in containers]
    exact = [caps[t] < line.quantity or knows_capacity(line, c, line.quantity)
             for t, c in enumerate(containers)]
    if not any(caps):
        raise NoRoom([line])
    cvals = [costs[c.name] if costs is not None else 1.0 for c in containers]
    counts = cheapest_mix(line.quantity, caps, cvals, [c.volume for c in containers])
    # full containers first (largest capacity first); the last one takes the rest
    order = sorted(range(len(containers)), key=lambda t: (-caps[t], t))
    bins: list[Bin] = []
    q = line.quantity
    for t in (t for t in order for _ in range(counts[t])):
        take = min(caps[t], q)
        if take <= 0:
            continue
        c = containers[t]
        z = None
        if take < caps[t] or not exact[t]:
            # a partial container: a layout without drums lying across can be moved
            # toward the middle for the centre of gravity; fill's prefix otherwise
            z = zone_for(line, c, c.length, take)
            if z is not None and z.count != take:
                z = None
        if z is None and not exact[t]:
            z = fill_zone(line, c, take)  # the fill sized to the order (take == quantity)
        if z is None:
            z = full_zone(line, c, None if take == caps[t] else take)
        bins.append(Bin(c, [z], c.length, line.drum.weight * take))
        q -= take
    assert q == 0
    return bins


def plan_lines(lines: list[Line], containers: list[Container],
               costs: Mapping[str, float] | None) -> list[Bin]:
    """Containers for several lines: the greedy fill in each main type, the last
    container re-planned in the cheaper types; the best plan by :func:`objective`."""
    best: list[Bin] | None = None
    best_key: tuple | None = None
    seq = [(line, line.quantity) for line in lines]
    pos = {line.index: k for k, line in enumerate(lines)}

    def price(c: Container) -> float:
        return costs[c.name] if costs is not None else 0.0

    def hopeful(items: list[tuple[Line, int]], c: Container, prefix: tuple) -> tuple:
        """An optimistic objective for ``items`` in containers ``c`` (pruning only)."""
        # space and payload are separate resources: the larger of the two shares
        # (summing per-line shares of different resources would overestimate)
        bounds = [cap_bound_cached(*line.size_key, c, False) for line, _ in items]
        if min(bounds) == 0:  # pragma: no cover - lines are feasible in common types
            return (math.inf, 0, 0.0)
        est = max(sum(q / b for (_, q), b in zip(items, bounds)),
                  sum(q * line.drum.weight for line, q in items) / c.max_payload)
        n = max(1, math.ceil(SYNERGY * est - 1e-9))
        # the last container may be re-planned in a cheaper or smaller type
        low = min([c] + [u for u in containers if (price(u), u.volume) < (price(c), c.volume)],
                  key=lambda u: (price(u), u.volume))
        return (round(prefix[0] + (n - 1) * price(c) + price(low), 9), prefix[1] + n,
                prefix[2] + (n - 1) * c.volume + low.volume)

    mains = sorted(containers, key=lambda c: (hopeful(seq, c, (0.0, 0, 0.0)), c.name))
    for c in mains:
        if best_key is not None and hopeful(seq, c, (0.0, 0, 0.0)) >= best_key:
            continue
        # with shelves, then (if any shelf was made) with full-width zones only:
        # shelves add candidates, never take the zones-only plan away
        for shelves in (True, False):
            waited: list[int] = []
            bins = greedy(seq, c, shelves, waited)
            if bins is None:  # pragma: no cover - common types carry every line
                break
            key = objective(bins, costs)
            if best_key is None or key < best_key:
                best, best_key = bins, key
            # re-plan the last container's content in the other types
            last = sorted(bin_lines(bins[-1]), key=lambda t: pos[t[0].index])
            head = objective(bins[:-1], costs) if len(bins) > 1 else (0.0, 0, 0.0)
            for u in containers:
                if u is c or (price(u), u.volume) >= (price(c), c.volume):
                    continue  # a dearer and larger type cannot do better than ``c`` itself
                if best_key is not None and hopeful(last, u, head) >= best_key:
                    continue
                tail = greedy_best(last, u, costs)
                if tail is None:  # pragma: no cover
                    continue
                key = objective(bins[:-1] + tail, costs)
                if key < best_key:
                    best, best_key = bins[:-1] + tail, key
            if not waited:
                break  # no line waited for a shelf: zones only would give the same plan
    if best is None:
        # some line has no room in any type after all (the cheap test let it through)
        raise NoRoom([l for l in lines if not any(capacity_upto(l, c, 1) for c in containers)]
                      or list(lines))
    return best


class NoRoom(Exception):
    """Lines that turned out to have no room in any allowed container."""

    def __init__(self, lines: list[Line]) -> None:
        super().__init__(", ".join(l.sku for l in lines))
        self.lines = lines


SYNERGY = 0.9
"""Mixed orders: a container type is skipped when even ``0.9 x`` its fractional
estimate (sum of quantity / upper bound on the capacity) cannot beat the best
plan found (a pruning heuristic; the margin allows for mixing sizes)."""


def mixed_lower_bound(lines: list[Line], container: Container) -> float:
    """Fractional capacity estimate: sum of quantity / capacity in ``container``."""
    total = 0.0
    for line in lines:
        cap = capacity(line, container)
        if cap == 0:
            return math.inf
        total += line.quantity / cap
    return total
