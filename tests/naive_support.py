"""Twin of the verifier's support rules ("nothing floats"), in plain Python.

Written again from the rules as stated (DESIGN.md "Safety rules a plan keeps",
the module docstrings of ``loadplan.verification`` and ``loadplan.stacking``),
not from their code: no NumPy, no shapely, nothing imported from loadplan.
Regions are exact polygons where the rule has straight edges and dense point
sets on arcs (``ARC`` points a circle); the convex hull is Andrew's monotone
chain. Slow, one drum at a time: meant for loads of a few hundred drums.

The rules, as this twin reads them (TOL = 1e-6 mm throughout):

* on the floor: bottom at z = 0 (within TOL);
* *contacts* (drum i above, j below, j's top at i's bottom): standing on
  standing, the two discs overlap; standing on lying, j's top line passes
  inside i's base disc; lying on standing, j's top disc reaches i's bottom
  line; lying on a perpendicular lying drum, the two lines cross; lying on a
  parallel lying drum below (centre lower), the surfaces touch (axes r_i + r_j
  apart) and the lengths overlap;
* standing, carried directly: the supported region is the base disc cut by
  the footprints (discs; a lying drum's top line as a strip 10 % of its
  diameter wide); its convex hull must contain the base centre and cover at
  least 50 % of the base area;
* lying, carried directly: the contacts seen from above (segments and
  points in (along the axis, across) coordinates; a parallel drum's contact
  line lies ``r_i (c_j - c_i) / (r_i + r_j)`` to the side, "straight on top"
  within 1e-3 mm); touching only one side (no groove, nothing straight under
  it), it is held when the wall on the other side, or a neighbour there
  level with its centre, is within 2 mm; held, a full-length contact on that
  side is added. Stable when the hull of the contacts contains the centre
  and the contacts span at least 50 % of the length;
* on layer boards (nothing carries it directly): it is on the boards whose
  top is at its bottom and whose rectangle its shadow meets. Its base centre
  (lying: the midpoint of its bottom line) must be on a board and 50 % of its
  base (lying: bottom line) over boards, unless its whole shadow is on one
  board; then the base centre must be in the support region (the hull of the
  boards' regions, each the hull of its carriers' top footprints clipped to
  the board; a board on the floor: its whole rectangle) with 50 % of the base
  (lying: of the bottom line) over it;
* a raised board must be carried by a full layer: the shadows of the drums
  whose top is at its underside cover 50 % of its area.

``support_verdict(load)`` returns ``{step: "floats" | "unstable" | "close"}``
for the drums that fail (``close``: within ``MARGIN`` of a threshold, where a
polygon of a circle may decide either way: not compared) and the boards that
fail; ``flagged_steps(violations)`` reads the verifier's messages.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

TOL = 1e-6
MIN_SUPPORT_SHARE = 0.5
MIN_LINE_SHARE = 0.5
LINE_STRIP_SHARE = 0.1
LEAN_GAP = 2.0
MIN_BOARD_COVER = 0.5
STRAIGHT = 1e-3
ARC = 720
MARGIN = 0.02


@dataclass(frozen=True)
class Solid:
    """One placed drum: centre, axis (0 x, 1 y, 2 z), radius, half length, step."""

    x: float
    y: float
    z: float
    axis: int
    r: float
    hl: float
    step: int

    def c(self, a: int) -> float:
        return (self.x, self.y, self.z)[a]

    def half(self, a: int) -> float:
        """Half extent along axis a."""
        return self.hl if a == self.axis else self.r

    @property
    def bottom(self) -> float:
        return self.z - self.half(2)

    @property
    def top(self) -> float:
        return self.z + self.half(2)


def solids(load) -> list[Solid]:
    """The drums of a ContainerLoad as plain Python values."""
    p = load.placements
    return [Solid(float(p["x"][i]), float(p["y"][i]), float(p["z"][i]), "xyz".index(str(p["axis"][i])),
                  float(p["diameter"][i]) / 2, float(p["height"][i]) / 2, int(p["step"][i]))
            for i in range(p.shape[0])]


# ---------------------------------------------------------------------------
# plane geometry
# ---------------------------------------------------------------------------
def hull(points):
    """Convex hull (counter-clockwise, no repeated point) of 2-D points."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def area(poly) -> float:
    return 0.5 * sum(poly[i - 1][0] * poly[i][1] - poly[i][0] * poly[i - 1][1] for i in range(len(poly))) \
        if len(poly) >= 3 else 0.0


def _seg_dist(p, a, b) -> float:
    ax, ay = b[0] - a[0], b[1] - a[1]
    n2 = ax * ax + ay * ay
    t = 0.0 if n2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * ax + (p[1] - a[1]) * ay) / n2))
    return math.hypot(p[0] - a[0] - t * ax, p[1] - a[1] - t * ay)


def depth(poly, p) -> float:
    """Signed distance of p into the convex polygon ``poly`` (> 0 inside, < 0 outside)."""
    if not poly:
        return -math.inf
    if len(poly) == 1:
        return -math.hypot(p[0] - poly[0][0], p[1] - poly[0][1])
    edges = [(poly[i - 1], poly[i]) for i in range(len(poly))]
    d = min(_seg_dist(p, a, b) for a, b in edges)
    if len(poly) == 2:
        return -d
    inside = all((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) >= 0 for a, b in edges)
    return d if inside else -d


def inside(poly, p) -> bool:
    """Whether p lies in the convex polygon ``poly`` (counter-clockwise, 3 or more corners)."""
    return len(poly) >= 3 and all((poly[i][0] - poly[i - 1][0]) * (p[1] - poly[i - 1][1])
                                  - (poly[i][1] - poly[i - 1][1]) * (p[0] - poly[i - 1][0]) >= 0
                                  for i in range(len(poly)))


def circle(cx, cy, r, n=ARC):
    return [(cx + r * math.cos(2 * math.pi * t / n), cy + r * math.sin(2 * math.pi * t / n)) for t in range(n)]


def rect(x0, x1, y0, y1, n=0):
    """A rectangle's corners, with n points on each edge besides."""
    pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    for t in range(1, n + 1):
        f = t / (n + 1)
        pts += [(x0 + f * (x1 - x0), y0), (x0 + f * (x1 - x0), y1), (x0, y0 + f * (y1 - y0)),
                (x1, y0 + f * (y1 - y0))]
    return pts


def clip(poly, x0, x1, y0, y1):
    """A convex polygon clipped to a rectangle (Sutherland-Hodgman)."""
    def cut(pts, inside, meet):
        out = []
        for i in range(len(pts)):
            a, b = pts[i - 1], pts[i]
            if inside(b):
                if not inside(a):
                    out.append(meet(a, b))
                out.append(b)
            elif inside(a):
                out.append(meet(a, b))
        return out

    def at_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    pts = list(poly)
    for inside, meet in ((lambda p: p[0] >= x0, at_x(x0)), (lambda p: p[0] <= x1, at_x(x1)),
                         (lambda p: p[1] >= y0, at_y(y0)), (lambda p: p[1] <= y1, at_y(y1))):
        if not pts:
            break
        pts = cut(pts, inside, meet)
    return hull(pts)


def disc_share(cx, cy, r, inside, n=30) -> float:
    """Share of the disc's area where ``inside(x, y)`` holds (polar midpoint rule, equal areas)."""
    hit = total = 0
    for a in range(n):
        rr = r * math.sqrt((a + 0.5) / n)
        m = 8 + 4 * a
        for t in range(m):
            phi = 2 * math.pi * (t + 0.5) / m
            w = 1.0 / m
            total += w
            hit += w * inside(cx + rr * math.cos(phi), cy + rr * math.sin(phi))
    return hit / total


def line_cut(a, b, poly):
    """The part of segment a-b inside convex polygon ``poly``: (t0, t1) in [0, 1], or None."""
    if len(poly) < 3:
        return None
    t0, t1 = 0.0, 1.0
    for i in range(len(poly)):
        p, q = poly[i - 1], poly[i]
        nx, ny = -(q[1] - p[1]), q[0] - p[0]  # inward normal (counter-clockwise)
        fa = nx * (a[0] - p[0]) + ny * (a[1] - p[1])
        fb = nx * (b[0] - p[0]) + ny * (b[1] - p[1])
        if fa < 0 and fb < 0:
            return None
        if fa < 0 or fb < 0:
            t = fa / (fa - fb)
            if fa < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
    return (t0, t1) if t0 <= t1 else None


# ---------------------------------------------------------------------------
# contacts and footprints
# ---------------------------------------------------------------------------
def footprint(s: Solid, n: int = ARC):
    """Top footprint of a drum seen from above: a disc (n points) or the 10 % strip (corners)."""
    if s.axis == 2:
        return circle(s.x, s.y, s.r, n)
    w = LINE_STRIP_SHARE * s.r
    ex, ey = (s.hl, w) if s.axis == 0 else (w, s.hl)
    return rect(s.x - ex, s.x + ex, s.y - ey, s.y + ey)


def shadow(s: Solid):
    return (s.x - s.half(0), s.x + s.half(0), s.y - s.half(1), s.y + s.half(1))


def rests_on(i: Solid, j: Solid) -> bool:
    """Whether j carries i directly (a support contact)."""
    if i.axis != 2 and j.axis == i.axis:
        a, lat = i.axis, 1 - i.axis
        return (i.z - j.z > TOL and abs(math.hypot(i.c(lat) - j.c(lat), i.z - j.z) - (i.r + j.r)) <= TOL
                and abs(i.c(a) - j.c(a)) < i.hl + j.hl - TOL)
    if abs(j.top - i.bottom) > TOL:
        return False
    if i.axis == 2 and j.axis == 2:
        return math.hypot(i.x - j.x, i.y - j.y) < i.r + j.r - TOL
    if i.axis == 2:  # j's top line inside i's base disc
        a = j.axis
        end0, end1 = [j.x, j.y], [j.x, j.y]
        end0[a] -= j.hl
        end1[a] += j.hl
        return _seg_dist((i.x, i.y), end0, end1) < i.r - TOL
    if j.axis == 2:  # j's top disc reaches i's bottom line
        a = i.axis
        end0, end1 = [i.x, i.y], [i.x, i.y]
        end0[a] -= i.hl
        end1[a] += i.hl
        return _seg_dist((j.x, j.y), end0, end1) < j.r - TOL
    # perpendicular lying drums: the lines cross
    return abs(j.c(i.axis) - i.c(i.axis)) <= i.hl + TOL and abs(i.c(j.axis) - j.c(j.axis)) <= j.hl + TOL


def standing_verdict(i: Solid, under: list[Solid]) -> str | None:
    base = circle(i.x, i.y, i.r)
    pts = []
    for j in under:
        foot = footprint(j)
        if j.axis == 2:
            pts += [p for p in foot if math.hypot(p[0] - i.x, p[1] - i.y) <= i.r]
            pts += [p for p in base if math.hypot(p[0] - j.x, p[1] - j.y) <= j.r]
        else:
            x0, x1 = min(p[0] for p in foot), max(p[0] for p in foot)
            y0, y1 = min(p[1] for p in foot), max(p[1] for p in foot)
            pts += clip(base, x0, x1, y0, y1)
    h = hull(pts)
    d = depth(h, (i.x, i.y))
    share = area(h) / (math.pi * i.r ** 2)
    if abs(d) < MARGIN * i.r or abs(share - MIN_SUPPORT_SHARE) < MARGIN:
        return "close"
    if d < 0 or share < MIN_SUPPORT_SHARE:
        return "unstable"
    return None


def _neighbour_gap(i: Solid, j: Solid, side: int) -> float | None:
    """Gap (mm) between lying drum i and neighbour j on ``side`` across i's axis, level with
    i's centre; None when this twin cannot tell simply (then the verdict is 'close')."""
    a, lat = i.axis, 1 - i.axis
    if (j.c(lat) - i.c(lat)) * side <= 0 or not (j.bottom <= i.z <= j.top):
        return math.inf
    if max(abs(i.c(t) - j.c(t)) - i.half(t) - j.half(t) for t in range(3)) > LEAN_GAP:
        return math.inf  # their boxes are further apart than that already
    if j.axis == 2:  # at i's centre height i's section is the rectangle of its shadow
        da = max(abs(j.c(a) - i.c(a)) - i.hl, 0.0)
        dl = max(abs(j.c(lat) - i.c(lat)) - i.r, 0.0)
        return math.hypot(da, dl) - j.r
    if j.axis == a:
        if abs(j.c(a) - i.c(a)) >= i.hl + j.hl:
            return None
        return math.hypot(j.c(lat) - i.c(lat), j.z - i.z) - i.r - j.r
    # j lies across i: its end face looks at i's side
    half = math.sqrt(max(j.r ** 2 - (i.z - j.z) ** 2, 0.0))
    if abs(j.c(a) - i.c(a)) < i.hl + half:
        return abs(j.c(lat) - i.c(lat)) - j.hl - i.r
    return None


def lying_verdict(i: Solid, under: list[Solid], others: list[Solid], size) -> str | None:
    a, lat = i.axis, 1 - i.axis
    segs = []  # (from, to) along the axis relative to the centre, offset across
    for j in under:
        if j.axis == 2:
            ch = math.sqrt(max(j.r ** 2 - (j.c(lat) - i.c(lat)) ** 2, 0.0))
            segs.append((max(j.c(a) - ch - i.c(a), -i.hl), min(j.c(a) + ch - i.c(a), i.hl), 0.0))
        elif j.axis != a:
            segs.append((j.c(a) - i.c(a), j.c(a) - i.c(a), 0.0))
        else:
            off = i.r * (j.c(lat) - i.c(lat)) / (i.r + j.r)
            segs.append((max(j.c(a) - j.hl - i.c(a), -i.hl), min(j.c(a) + j.hl - i.c(a), i.hl),
                         0.0 if abs(off) <= STRAIGHT else off))
    span = (max(s[1] for s in segs) - min(s[0] for s in segs)) / (2 * i.hl)
    offs = [s[2] for s in segs]
    if 0.0 not in offs and (min(offs) < 0) != (max(offs) > 0):
        side = 1 if min(offs) < 0 else -1
        wall = size[lat] - (i.c(lat) + i.r) if side > 0 else i.c(lat) - i.r
        gaps = [_neighbour_gap(i, j, side) for j in others] if wall > LEAN_GAP else []
        if None in gaps:
            return "close"
        if min([wall] + gaps) <= LEAN_GAP:
            segs.append((-i.hl, i.hl, side * i.r))
    pts = [(s[0], s[2]) for s in segs] + [(s[1], s[2]) for s in segs]
    h = hull(pts)
    d = depth(h, (0.0, 0.0))
    if abs(span - MIN_LINE_SHARE) < MARGIN:
        return "close"
    if d < -TOL or span < MIN_LINE_SHARE:
        return "unstable"
    return None


# ---------------------------------------------------------------------------
# layer boards
# ---------------------------------------------------------------------------
def _meets(box, b) -> bool:
    x0, x1, y0, y1 = box
    return x0 < b[1] - TOL and x1 > b[0] + TOL and y0 < b[3] - TOL and y1 > b[2] + TOL


def board_rows(load):
    return [(float(b["x0"]), float(b["x1"]), float(b["y0"]), float(b["y1"]), float(b["z"]),
             float(b["thickness"])) for b in load.boards]


def board_carriers(b, drums: list[Solid]) -> list[Solid]:
    return [j for j in drums if abs(j.top - b[4]) <= TOL and _meets(shadow(j), b)]


def board_region(b, drums: list[Solid]):
    if b[4] <= TOL:
        return rect(b[0], b[1], b[2], b[3])
    pts = [p for j in board_carriers(b, drums) for p in footprint(j, ARC // 4)]
    return clip(hull(pts), b[0], b[1], b[2], b[3]) if pts else []


def board_cover(b, drums: list[Solid], n=100) -> float:
    """Share of the board's area under the shadows of its carriers (midpoint grid)."""
    carriers = board_carriers(b, drums)
    hit = 0
    for u in range(n):
        x = b[0] + (u + 0.5) * (b[1] - b[0]) / n
        col = [j for j in carriers if shadow(j)[0] <= x <= shadow(j)[1]]
        for v in range(n):
            y = b[2] + (v + 0.5) * (b[3] - b[2]) / n
            hit += any((math.hypot(x - j.x, y - j.y) <= j.r) if j.axis == 2 else
                       (shadow(j)[2] <= y <= shadow(j)[3]) for j in col)
    return hit / (n * n)


def on_board_verdict(i: Solid, boards, drums: list[Solid]) -> str | None:
    on = [b for b in boards if abs(b[4] + b[5] - i.bottom) <= TOL and _meets(shadow(i), b)]
    if not on:
        return "floats"
    sh = shadow(i)
    whole = any(b[0] <= sh[0] and sh[1] <= b[1] and b[2] <= sh[2] and sh[3] <= b[3] for b in on)
    region = hull([p for b in on for p in board_region(b, drums)])
    centre = (i.x, i.y)
    centre_on_board = any(b[0] - TOL <= i.x <= b[1] + TOL and b[2] - TOL <= i.y <= b[3] + TOL for b in on)
    if i.axis == 2:
        d = depth(region, centre)
        shares = [1.0 if d >= i.r else disc_share(i.x, i.y, i.r, lambda x, y: inside(region, (x, y)))]
        if not whole:
            shares.append(disc_share(i.x, i.y, i.r, lambda x, y: any(b[0] <= x <= b[1] and b[2] <= y <= b[3]
                                                                     for b in on)))
        if any(abs(s - MIN_SUPPORT_SHARE) < MARGIN for s in shares):
            return "close"
        if not whole and not centre_on_board:
            return "unstable"
        if abs(d) < MARGIN * i.r:
            return "close"
        return "unstable" if d < 0 or min(shares) < MIN_SUPPORT_SHARE else None
    a, lat = i.axis, 1 - i.axis
    p0, p1 = [i.x, i.y], [i.x, i.y]
    p0[a] -= i.hl
    p1[a] += i.hl
    lo_a, hi_a = (0, 1) if a == 0 else (2, 3)
    lo_l, hi_l = (2, 3) if a == 0 else (0, 1)
    pieces = sorted((max(b[lo_a], p0[a]), min(b[hi_a], p1[a])) for b in on
                    if b[lo_l] - TOL <= i.c(lat) <= b[hi_l] + TOL)
    covered, reach = 0.0, -math.inf
    for s0, s1 in pieces:
        s0 = max(s0, reach)
        if s1 > s0:
            covered, reach = covered + s1 - s0, s1
    cut = line_cut(p0, p1, region)
    in_region = 0.0 if cut is None else cut[1] - cut[0]
    shares = ([] if whole else [covered / (2 * i.hl)]) + [in_region]
    if any(abs(s - MIN_LINE_SHARE) < MARGIN for s in shares):
        return "close"
    if not whole and not centre_on_board:
        return "unstable"
    t_tol = TOL / (2 * i.hl)
    if cut is None or not (cut[0] - t_tol <= 0.5 <= cut[1] + t_tol) or min(shares) < MIN_LINE_SHARE:
        return "unstable"
    return None


# ---------------------------------------------------------------------------
# the whole load
# ---------------------------------------------------------------------------
def support_verdict(load) -> dict:
    """``{("drum", step) or ("board", number): "floats" | "unstable" | "close"}`` for what fails."""
    drums = solids(load)
    boards = board_rows(load)
    c = load.container
    size = (float(c.length), float(c.width), float(c.height))
    out: dict = {}
    for n, b in enumerate(boards, start=1):
        if b[4] > TOL:
            cover = board_cover(b, drums)
            if abs(cover - MIN_BOARD_COVER) < MARGIN:
                out[("board", n)] = "close"
            elif cover < MIN_BOARD_COVER:
                out[("board", n)] = "unstable"
    for i in drums:
        if abs(i.bottom) <= TOL:
            continue
        reach = 2 * max(i.r, i.hl) + LEAN_GAP
        near = [j for j in drums if j is not i and abs(j.x - i.x) < reach + j.half(0)
                and abs(j.y - i.y) < reach + j.half(1) and abs(j.z - i.z) < reach + j.half(2)]
        under = [j for j in near if rests_on(i, j)]
        if not under:
            verdict = on_board_verdict(i, boards, drums)
        elif i.axis == 2:
            verdict = standing_verdict(i, under)
        else:
            verdict = lying_verdict(i, under, near, size)
        if verdict:
            out[("drum", i.step)] = verdict
    return out


_SUPPORT = re.compile(r"drum '.*' at step (\d+) \((?:standing|lying along|lying across), bottom at z = ")
_BOARD = re.compile(r"layer board (\d+) \(.*\) is not carried by a full layer")


def flagged(violations: list[str]) -> set:
    """What the verifier's messages (one container's) flag for support: drums and boards."""
    out = set()
    for v in violations:
        m = _SUPPORT.search(v)
        if m:
            out.add(("drum", int(m.group(1))))
        m = _BOARD.search(v)
        if m:
            out.add(("board", int(m.group(1))))
    return out


def compare(load, violations: list[str]) -> tuple[set, set, int]:
    """(flagged by the twin only, flagged by the verifier only, close calls not compared)."""
    twin = support_verdict(load)
    close = {key for key, v in twin.items() if v == "close"}
    mine = {key for key, v in twin.items() if v != "close"}
    theirs = flagged(violations) - close
    return mine - theirs, theirs - mine, len(close)
