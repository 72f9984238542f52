"""Mixed orders through stack recipes: containers one by one, each an optimised set of zones.

For a group of lines (one destination, or one multi-drop sequence) and a main
container type: while drums remain, the cheapest container type (then the
smallest) whose one container the optimisation (:func:`~loadplan.planner.optimise.fill_one`)
fills with the whole rest takes it; otherwise a container of the main type
takes the most drum volume the optimisation fits, and a repair pass puts
what it left into the free length at the doors with single-type zones
(:func:`~loadplan.planner.zones.repair`), and a last pass stands the few drums still
left in free space (:func:`~loadplan.planner.gapfill.fill_gaps`). The chosen zones are realised
exactly as counted: extra drums of a column (the optimisation may give a
column more than the order has left) come off the top of the parts that
carry nothing (a smaller layout of that part in the same box).
"""

from __future__ import annotations

import collections
import functools
import itertools
import threading
from typing import Any, Callable, Mapping

import numpy as np

from loadplan.containers import Container
from loadplan.planner.bounds import cannot_beat, drum_volume, may_hold
from loadplan.planner.greedy import bin_lines, objective, plan_group
from loadplan.planner.lazy import build
from loadplan.planner.optimise import (fill_joint_rounds, fill_one, fits_n, fits_n_joint,
                                       fits_one, min_length)
from loadplan.planner.realise import merge, realise
from loadplan.planner.relaxation import over_limit
from loadplan.planner.recipes import Column, columns
from loadplan.planner.doorshelf import SMALL_REST, door_shelf, shelf_lengths
from loadplan.planner.gapfill import fill_gaps
from loadplan.planner.repack import repack
from loadplan.planner.joinbases import join_bases
from loadplan.planner.jointcols import (joint_fills, joint_fills_on, joint_maker,
                                        joint_rounds_on, note_later_rounds)
from loadplan.planner.sizes import Line
from loadplan.planner.tiers import tier_columns
from loadplan.planner.zones import Bin, repair, units_of

__all__ = ["recipe_plan", "realise", "best_plan", "merge", "solved", "cached_columns",
           "cached_pool", "MAX_RECIPE_LINES", "TAIL", "JOINT_MAX", "forget"]

MAX_RECIPE_LINES = 8
"""Groups of more lines (drum types) than this are planned by the greedy planner alone
(the recipe columns grow with the square of the types)."""


def _filled(cols: list[Column], need: np.ndarray, lines: list[Line], main: Container,
            ckey: tuple, ids: itertools.count, heavy_on_light: bool,
            pairs_ok: Callable[[Line, Line], bool] | None,
            shelf: float = 0.0) -> tuple[Bin, np.ndarray]:
    """One container of ``main``: the zones the optimisation fits in its length less
    ``shelf`` (merged where that holds more), realised and repaired; with
    ``shelf`` > 0 a door shelf of that length (:func:`~loadplan.planner.doorshelf.door_shelf`)
    takes the rest before the repair pass; the free-space pass
    (:func:`~loadplan.planner.gapfill.fill_gaps`) comes last. Returns the bin and the
    drums left per line."""
    vol, wt = _arrays(lines)
    length = main.length - shelf
    key = ("fill", ckey, main, tuple(need.tolist())) + ((shelf,) if shelf else ())
    x, y = solved(key, lambda: fill_one(cols, need, vol, wt, length, main.max_payload))
    b, rest = _zones(cols, (x, y), need, lines, main, ids, (heavy_on_light, pairs_ok), shelf)
    if rest.sum() > 0 and joint_fills_on():  # joint columns in the MILP (jointcols.py)
        one, many = solved(("joint",) + key, lambda: fill_joint_rounds(
            cols, (x, y), need, vol, wt, length, main.max_payload, joint_maker(lines, main)))
        if many is not one:  # its later rounds changed the fill (optimise.JOINT_ROUNDS)
            note_later_rounds()
        got = many if joint_rounds_on() else one
        if got is not None:
            b2, rest2 = _zones(got[0], got[1:], need, lines, main, ids,
                               (heavy_on_light, pairs_ok), shelf)
            if float(vol @ rest2) < float(vol @ rest) - 1e-9:
                b, rest = b2, rest2
    return b, rest


def _zones(cols: list, sol: tuple, need: np.ndarray, lines: list[Line], main: Container,
           ids: itertools.count, rules: tuple[bool, Callable[[Line, Line], bool] | None],
           shelf: float) -> tuple[Bin, np.ndarray]:
    """The fill ``sol`` (zones per column, drums per line) of :func:`_filled` merged,
    joined, realised and repaired; ``rules``: ``(heavy_on_light, pairs_ok)``."""
    x, y = sol
    heavy_on_light, pairs_ok = rules
    _, wt = _arrays(lines)
    length = main.length - shelf
    cols = build(cols, np.flatnonzero(x))  # the columns used, built (lazy.py)
    m_cols, m_x, m_y = merge(cols, x, lines, main, need, wt)
    if (m_y >= y).all() and _fixed_ok(m_cols, m_x, m_y) and sum(
            col.length * int(k) for col, k in zip(m_cols, m_x)) <= length + 1e-6:
        cols, x, y = m_cols, m_x, m_y
    cols, x, y = join_bases(cols, x, y, lines, main, need, wt)  # planner/joinbases.py
    b = realise(cols, x, y, lines, main, ids)
    rest = need - y
    if shelf:
        door_shelf(b, lines, rest, shelf, ids, pairs_ok)
    repair(b, lines, rest)
    fill_gaps(b, lines, rest, ids, heavy_on_light, pairs_ok)  # planner/gapfill.py
    return b, rest


def _door_shelves(b: Bin, rest: np.ndarray, cols: list[Column], need: np.ndarray,
                  lines: list[Line], main: Container, ckey: tuple, ids: itertools.count,
                  heavy_on_light: bool,
                  pairs_ok: Callable[[Line, Line], bool] | None) -> tuple[Bin, np.ndarray]:
    """The container with a door shelf, when its zones leave a small rest
    (:data:`~loadplan.planner.doorshelf.SMALL_REST`): the optimisation over the length
    less each shelf length of :func:`~loadplan.planner.doorshelf.shelf_lengths` (shortest
    first, stopping at the first that leaves nothing); the one leaving the least drum
    volume wins, ``b`` itself unless one leaves strictly less."""
    vol, _ = _arrays(lines)
    box = main.length * main.width * main.height
    if rest.sum() == 0 or float(vol @ rest) > SMALL_REST * box:
        return b, rest
    for f in shelf_lengths(lines, rest, main.length, main, ids, pairs_ok, need):
        alt, alt_rest = _filled(cols, need, lines, main, ckey, ids, heavy_on_light, pairs_ok, f)
        if float(vol @ alt_rest) < float(vol @ rest) - 1e-9:
            b, rest = alt, alt_rest
        if rest.sum() == 0:
            break
    return b, rest


def _door_fit(cols: list[Column], need: np.ndarray, lines: list[Line], u: Container,
              ckey: tuple, ids: itertools.count, heavy_on_light: bool,
              pairs_ok: Callable[[Line, Line], bool] | None) -> Bin | None:
    """One container of ``u`` holding all of ``need`` through the fill, a door shelf
    (:func:`_door_shelves`) and the free-space pass where whole zones alone do not, and
    as the last resort repacking (:func:`~loadplan.planner.repack.repack`, on the door
    shelf's container, then the fill's); None if not found. Tried only
    when the recipe LP (fractional zones, :func:`~loadplan.planner.optimise.min_length`)
    holds all of ``need`` in the length: a shelf wins back partial rows, which the LP
    does not lose."""
    if min_length(cols, need, u.length) > u.length + 1e-6:
        return None
    b, rest = _filled(cols, need, lines, u, ckey, ids, heavy_on_light, pairs_ok)
    tries = [(b, rest)]
    if rest.sum() > 0:
        b, rest = _door_shelves(b, rest, cols, need, lines, u, ckey, ids, heavy_on_light,
                                pairs_ok)
        if b is not tries[0][0]:
            tries.insert(0, (b, rest))
    if rest.sum() == 0:
        return b
    for b, rest in tries:  # the last resort: repacking (planner/repack.py)
        left = rest.copy()
        if repack(b, lines, left, ids, heavy_on_light, pairs_ok) and left.sum() == 0:
            return b
    return None


def _fixed_ok(cols: list[Column], x: np.ndarray, y: np.ndarray) -> bool:
    """Whether ``y`` keeps every drum that carries a board."""
    f = np.zeros_like(y)
    for col, k in zip(cols, x):
        for p in col.parts:
            if not p.trimmable:
                f[p.line] += p.centres.shape[0] * int(k)
    return bool((f <= y).all())


def _sharing_ok(cols: list[Column], lines: list[Line],
                pairs_ok: Callable[[Line, Line], bool] | None) -> list[Column]:
    """The columns whose lines may share a zone: single-type ones, and those whose base
    may carry every type above it (``pairs_ok``; None: all)."""
    if pairs_ok is None:
        return cols
    return [col for col in cols if col.key[1] == 0
            or all(pairs_ok(lines[col.key[0]], lines[t]) for t in col.key[2::2])]


def _arrays(lines: list[Line]) -> tuple[np.ndarray, np.ndarray]:
    vol = np.array([l.drum.diameter ** 2 * l.drum.height for l in lines], dtype=np.float64)
    return vol, np.array([l.drum.weight for l in lines], dtype=np.float64)


def _last_bin(cols_for: Callable[..., list[Column]], need: np.ndarray, lines: list[Line],
              u: Container, tier_door: bool, ckey: tuple, ids: itertools.count,
              rules: tuple[bool, Callable[[Line, Line], bool] | None]) -> Bin | None:
    """One container of ``u`` holding all of ``need``, or None: whole zones (the fit
    MILP); else the fill, door shelves and the free-space pass (:func:`_door_fit`); else
    the same with the tiered recipes (:mod:`~loadplan.planner.tiers`) where the model's
    fail, their door fit only when ``tier_door``. ``cols_for(u, kinds)``: the group's
    columns; ``rules``: ``(heavy_on_light, pairs_ok)``."""
    heavy_on_light, pairs_ok = rules
    _, wt = _arrays(lines)
    cols = cols_for(u)
    x = solved(("fit", ckey, u, tuple(need.tolist())),
               lambda: fits_one(cols, need, wt, u.length, u.max_payload))
    if x is not None:
        return realise(build(cols, np.flatnonzero(x)), x, need.copy(), lines, u, ids)
    last = _door_fit(cols, need, lines, u, ckey, ids, heavy_on_light, pairs_ok)
    tcols = cols_for(u, "tiers") if last is None else cols
    if len(tcols) <= len(cols):
        return last
    x = solved(("fit-tiers", ckey, u, tuple(need.tolist())),
               lambda: fits_one(tcols, need, wt, u.length, u.max_payload))
    if x is not None:
        return realise(build(tcols, np.flatnonzero(x)), x, need.copy(), lines, u, ids)
    if tier_door:
        return _door_fit(tcols, need, lines, u, ckey + ("tiers",), ids, heavy_on_light,
                         pairs_ok)
    return None


def recipe_plan(lines: list[Line], main: Container, containers: list[Container],
                costs: Mapping[str, float] | None, heavy_on_light: bool = False,
                pairs_ok: Callable[[Line, Line], bool] | None = None,
                stop_at: tuple | None = None,
                column_need: tuple | None = None) -> list[Bin] | None:
    """Containers for the group through recipes (see the module notes); None if stuck.

    Parameters
    ----------
    lines : list of Line
        The group's lines.
    main : Container
        The type of every container but the last.
    containers : list of Container
        Types the last container may take (cheapest that holds the rest).
    costs : mapping or None
        Container name -> cost (None: fewest, then smallest).
    heavy_on_light : bool
        Allow heavier types on lighter ones' boards.
    pairs_ok : callable or None
        ``pairs_ok(base_line, top_line)``: whether two lines may share a
        column (multi-drop: the same stop only).
    stop_at : tuple or None
        Give up (None) once the containers so far plus one more cannot beat
        this objective (cost, containers, volume).
    column_need : tuple or None
        The most drums of each line wanted, for the recipe columns (default:
        the lines' quantities; a re-planned tail passes its whole group's, so
        the tail and the joint MILP share one set of columns).

    Returns
    -------
    list of Bin or None
    """
    def price(u: Container) -> float:
        return costs[u.name] if costs is not None else 0.0

    def hopeless(extra: list[Container]) -> bool:
        """Whether the containers so far plus ``extra`` cannot beat ``stop_at``."""
        cost, volume = sum(price(b.container) for b in bins), sum(b.container.volume for b in bins)
        for u in extra:
            cost, volume = cost + price(u), volume + u.volume
        return cannot_beat(cost, len(bins) + len(extra), volume, stop_at)

    def cols_for(u: Container, kinds: str = "model") -> list[Column]:
        return _sharing_ok(cached_pool(tuple(l.drum for l in lines), u, heavy_on_light,
                                       ckey[3], kinds), lines, pairs_ok)

    need = np.array([l.quantity for l in lines], dtype=np.int64)
    ckey = (tuple(l.drum for l in lines), heavy_on_light, pairs_ok is not None,
            column_need or tuple(l.quantity for l in lines))  # columns follow the quantities
    lasts = [u for u in sorted(containers, key=lambda u: (price(u), u.volume, u.name))
             if u is main or (price(u), u.volume) <= (price(main), main.volume)]
    ids = itertools.count()
    bins: list[Bin] = []
    while need.sum() > 0:
        if hopeless([lasts[0]]):
            return None
        for u in lasts:
            # bound first: skip (no columns built) a type that cannot beat the best plan
            # or cannot hold the rest by volume; the outcome is the same (bounds.py)
            if hopeless([u]) or not may_hold(drum_volume(lines, need), u):
                continue
            last = _last_bin(cols_for, need, lines, u, u is main, ckey, ids,
                             (heavy_on_light, pairs_ok))
            if last is not None:
                bins.append(last)
                return bins
        if hopeless([main, lasts[0]]):  # the rest needs this container and at least one more
            return None
        cols = cols_for(main)
        b, rest = _filled(cols, need, lines, main, ckey, ids, heavy_on_light, pairs_ok)
        if rest.sum() == need.sum():
            return None
        need = rest
        bins.append(b)
    return bins


_SOLVED: collections.OrderedDict = collections.OrderedDict()
_SOLVED_MAX = 4096
_SOLVED_LOCK = threading.Lock()


def solved(key: tuple, solve: Callable[[], Any]) -> Any:
    """``solve()``, remembered by ``key`` (drum types, container, drums left): the same
    question in another run, another main type or another call gets the same answer."""
    with _SOLVED_LOCK:
        if key in _SOLVED:
            _SOLVED.move_to_end(key)
            return _SOLVED[key]
    got = solve()
    with _SOLVED_LOCK:
        _SOLVED[key] = got
        while len(_SOLVED) > _SOLVED_MAX:
            _SOLVED.popitem(last=False)
    return got


def forget() -> None:
    """Clear the remembered columns and solver answers (after changing how columns are
    built, e.g. their work budget in a test; plans are otherwise the same either way)."""
    cached_columns.cache_clear()
    cached_pool.cache_clear()
    over_limit.cache_clear()
    with _SOLVED_LOCK:
        _SOLVED.clear()


@functools.lru_cache(maxsize=256)
def cached_columns(drums: tuple, container: Container, heavy_on_light: bool,
                   need: tuple | None = None) -> list[Column]:
    """:func:`~loadplan.planner.recipes.columns` of these drum types, cached (sizes repeat);
    ``need``: the most drums of each type wanted (the work follows the order)."""
    return columns([Line(i, d, 0) for i, d in enumerate(drums)], container, heavy_on_light,
                   need=need)


@functools.lru_cache(maxsize=256)
def cached_pool(drums: tuple, container: Container, heavy_on_light: bool,
                need: tuple | None = None, kinds: str = "model") -> list:
    """:func:`cached_columns` with boarded columns pending (built when a solution uses
    them, :mod:`~loadplan.planner.lazy`): the columns the planner solves over
    (``kinds="tiers"``: this pool, its columns shared, the tiered recipes of
    :mod:`~loadplan.planner.tiers` and the nested ones of :mod:`~loadplan.planner.nesting`)."""
    if kinds == "tiers":
        from loadplan.planner.nesting import NEST_BUDGET, nest_columns

        lines = [Line(i, d, 0) for i, d in enumerate(drums)]
        return (cached_pool(drums, container, heavy_on_light, need)
                + tier_columns(lines, container, heavy_on_light, need, True)
                + nest_columns(lines, container, heavy_on_light, need, budget=NEST_BUDGET))
    return columns([Line(i, d, 0) for i, d in enumerate(drums)], container, heavy_on_light,
                   need=need, lazy=True)


JOINT_MAX = 4
"""Plans of up to this many containers are also tried as one MILP over fewer containers."""

TAIL = 2
"""Containers at the end of a greedy plan whose content the recipe planner re-plans."""


def _tail_lines(bins: list[Bin]) -> list[Line]:
    """The lines in ``bins`` with the drums they hold there, in first-appearance order."""
    acc: dict[int, list] = {}
    for b in bins:
        for line, n in bin_lines(b):
            if line.index in acc:
                acc[line.index][1] += n
            else:
                acc[line.index] = [line, n]
    return [Line(line.index, line.drum, n) for line, n in acc.values() if n > 0]


def _same_stop(a: Line, b: Line) -> bool:
    """Multi-drop: two lines may share a column only when they go to the same stop."""
    return a.destination == b.destination


def _by_stop(b: Bin, rank: Mapping[str | None, int]) -> None:
    """Units (a zone, or the parts of one column or shelf) in reverse stop order from the nose."""
    units = units_of(b.zones)
    units.sort(key=lambda u: -rank[u[0].line.destination])
    b.zones = [z for u in units for z in u]


def best_plan(lines: list[Line], containers: list[Container], costs: Mapping[str, float] | None,
              heavy_on_light: bool = False,
              rank: Mapping[str | None, int] | None = None) -> list[Bin]:
    """The better of the greedy plan and the recipe plans (one per main type).

    The greedy plan (:func:`~loadplan.planner.greedy.plan_group`, which also
    keeps the exact cheapest mix for one line) is kept unless a recipe plan is
    strictly better by (cost, containers, volume). When the greedy plan has more
    than :data:`TAIL` containers, the recipes re-plan only what its last
    :data:`TAIL` containers hold (the others stay as they are).

    Parameters
    ----------
    lines : list of Line
    containers : list of Container
    costs : mapping or None
    heavy_on_light : bool
    rank : mapping or None
        Multi-drop: stop rank of each destination (columns then pair lines
        of one stop only; units are ordered by stop).

    Returns
    -------
    list of Bin
    """
    best = plan_group(lines, containers, costs)
    if len(lines) < 2 or len(lines) > MAX_RECIPE_LINES:
        return best
    usable = [c for c in containers if costs is None or c.name in costs]
    key = objective(best, costs)
    pairs_ok: Callable[[Line, Line], bool] | None = None
    if rank is not None:
        pairs_ok = _same_stop
    # long orders: the greedy plan's first containers are full; recipes re-plan the
    # content of its last TAIL containers only (bounded work, the same guarantee)
    head = best[:-TAIL] if len(best) > TAIL else []
    part = lines if not head else _tail_lines(best[len(head):])
    hk = objective(head, costs) if head else (0.0, 0, 0.0)
    full = {l.index: l.quantity for l in lines}
    # then again with joint columns in the fills (jointcols.py), kept only when better
    # and with their later rounds, only where those changed a fill of the run before
    later = [False]
    for main, joint in itertools.product(usable, (0, 1, 2)):
        if joint == 2 and not later[0]:
            continue
        stop = (round(key[0] - hk[0], 9), key[1] - hk[1], key[2] - hk[2])
        with joint_fills(joint > 0, joint == 2) as later:
            bins = recipe_plan(part, main, usable, costs, heavy_on_light, pairs_ok, stop,
                               tuple(full[l.index] for l in part))
        if bins is None:
            continue
        k = objective(head + bins, costs)
        if k < key:
            best, key = head + bins, k
    if len(best) <= JOINT_MAX:
        best, key = _joint(lines, usable, costs, heavy_on_light, pairs_ok, best, key)
    if rank is not None:
        for b in best:
            _by_stop(b, rank)
    return best


def _joint(lines: list[Line], usable: list[Container], costs: Mapping[str, float] | None,
           heavy_on_light: bool, pairs_ok: Callable[[Line, Line], bool] | None,
           best: list[Bin], key: tuple) -> tuple[list[Bin], tuple]:
    """``n`` containers of one type at once (:func:`~loadplan.planner.optimise.fits_n`),
    for ``n`` below the best plan's count; the first that fits and is better wins."""
    _, wt = _arrays(lines)
    need = np.array([l.quantity for l in lines], dtype=np.int64)
    ckey = (tuple(l.drum for l in lines), heavy_on_light, pairs_ok is not None,
            tuple(l.quantity for l in lines))
    vol = drum_volume(lines, need)
    for main in usable:
        # bound first: only counts that could beat the best and hold the order by volume
        ns = [n for n in range(2, len(best)) if may_hold(vol, main, n)
              and not cannot_beat(n * (costs[main.name] if costs is not None else 0.0), n,
                                  n * main.volume, key)]
        if not ns:
            continue
        cols = _sharing_ok(cached_pool(ckey[0], main, heavy_on_light, ckey[3]), lines, pairs_ok)
        for n in ns:
            got = solved(("joint", ckey, main, n, tuple(need.tolist())),
                         lambda: fits_n(cols, need, wt, main.length, main.max_payload, n))
            use = cols
            if got is None:  # joint columns (jointcols.py) where none is found without
                jg = solved(("joint-cols", ckey, main, n, tuple(need.tolist())),
                            lambda: fits_n_joint(cols, need, wt, main.length,
                                                 main.max_payload, n, joint_maker(lines, main)))
                if jg is not None:
                    use, got = jg[0], jg[1:]
            if got is None:  # the tiered recipes (tiers.py) where the model's fail
                use = _sharing_ok(cached_pool(ckey[0], main, heavy_on_light, ckey[3], "tiers"),
                                  lines, pairs_ok)
                if len(use) > len(cols):
                    got = solved(("joint-tiers", ckey, main, n, tuple(need.tolist())),
                                 lambda: fits_n(use, need, wt, main.length, main.max_payload, n))
            if got is None:
                continue
            ids = itertools.count()
            built = build(use, np.flatnonzero(got[0].sum(axis=0)))
            bins = [realise(built, xs, ys, lines, main, ids) for xs, ys in zip(*got)]
            k = objective(bins, costs)
            if k < key:
                best, key = bins, k
            break
    return best, key
