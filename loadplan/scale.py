"""Plan many independent orders at once, on any ``concurrent.futures`` executor.

A freight forwarder plans hundreds of orders a day; each is independent, so
they spread over a process pool on one machine or over a Dask cluster::

    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor() as pool:
        plans = lp.plan_many(orders, executor=pool, containers=("20GP", "40HC"))

    from distributed import Client            # pip install "loadplan[dask]"
    with Client("tcp://scheduler:8786") as client:
        plans = lp.plan_many(orders, executor=client.get_executor())

Each order is sent to a worker with the module-level function
:func:`_plan_one`, so everything that crosses the wire is picklable: the
drums (frozen dataclasses), the keyword arguments and the resulting
:class:`~loadplan.model.LoadPlan` (its loads re-validate, and so become
read-only again, when unpickled). Workers compile the Numba kernels on first
use, or load them from the on-disk cache.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future
from typing import Any, Iterable, Sequence

from loadplan.model import Drum, LoadPlan
from loadplan.planner import plan

__all__ = ["plan_many", "PlanManyError"]


class PlanManyError(ValueError):
    """Some orders of :func:`plan_many` could not be planned; the others were.

    The message names every failing order by its index (``orders[3]: ...``).

    Attributes
    ----------
    errors : dict of int to Exception
        The failing orders' indices and what :func:`loadplan.plan` raised.
    results : list of LoadPlan or None
        One per order, in input order: the plan, or None where it failed.
    """

    def __init__(self, errors: dict[int, BaseException], results: list[Any]) -> None:
        self.errors = dict(errors)
        self.results = list(results)
        lines = [f"orders[{i}]: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
                 for i, exc in sorted(self.errors.items())]
        done = sum(r is not None for r in self.results)
        head = (f"{len(self.errors)} of {len(self.results)} orders could not be planned "
                f"({done} planned; they are in .results)")
        super().__init__("\n".join([head] + lines))


def _plan_one(order: tuple[Drum, ...], plan_kwargs: dict[str, Any]) -> LoadPlan:
    """Plan one order (runs on a worker; module level so that it pickles)."""
    return plan(list(order), **plan_kwargs)


def _check_orders(orders: Iterable[Sequence[Drum]]) -> list[tuple[Drum, ...]]:
    """The orders as tuples of Drum; TypeError naming the first that is not a sequence of Drum."""
    if isinstance(orders, (str, bytes, Drum)):
        raise TypeError("orders must be an iterable of orders, each a sequence of Drum")
    checked = []
    for i, order in enumerate(orders):
        if isinstance(order, Drum):
            raise TypeError(
                f"orders[{i}] is a Drum, not an order: plan_many takes a list of orders, each a "
                "list of Drum (use loadplan.plan for a single order)")
        if isinstance(order, (str, bytes)):
            raise TypeError(f"orders[{i}] must be a sequence of Drum, got {type(order).__name__}")
        try:
            checked.append(tuple(order))
        except TypeError:
            raise TypeError(f"orders[{i}] must be a sequence of Drum, got {type(order).__name__}") from None
    return checked


def plan_many(orders: Iterable[Sequence[Drum]], *, executor: Executor | None = None,
              **plan_kwargs: Any) -> list[LoadPlan]:
    """Plan independent orders, in parallel when an executor is given.

    Parameters
    ----------
    orders : iterable of sequences of Drum
        Each item is one order, as :func:`loadplan.plan` takes it.
    executor : concurrent.futures.Executor, optional
        Any executor: ``ProcessPoolExecutor``, ``ThreadPoolExecutor``, or a
        Dask cluster's ``client.get_executor()``. None plans the orders one
        after another in this process.
    **plan_kwargs
        Passed to :func:`loadplan.plan` for every order (``containers``,
        ``costs``, ``multi_drop``, ``stops``).

    Returns
    -------
    list of LoadPlan
        One per order, in the order given; each equal to what
        ``loadplan.plan(order, **plan_kwargs)`` returns (identical JSON).

    Raises
    ------
    TypeError
        If ``orders`` is not a list of orders (e.g. a single order's drums).
    PlanManyError
        (a ``ValueError``) when :func:`loadplan.plan` refused some orders
        (``ValueError`` or ``TypeError``): every order is still planned, the
        message names each failing order by index (``orders[3]: drums[0]
        must be a Drum``), ``.errors`` maps index to exception and
        ``.results`` holds the good plans (None where an order failed). One
        bad order in a batch of hundreds thus costs neither the others'
        results nor the search for which one it was. Any other exception
        (a bug, KeyboardInterrupt) cancels the orders not yet started and
        propagates as it is.

    Examples
    --------
    >>> import loadplan as lp
    >>> plans = lp.plan_many([[lp.Drum("A", 585, 880, quantity=10)]])  # doctest: +SKIP
    >>> plans[0].placed_count  # doctest: +SKIP
    10
    """
    batch = _check_orders(orders)
    results: list[Any] = [None] * len(batch)
    errors: dict[int, BaseException] = {}
    if executor is None:
        for i, order in enumerate(batch):
            try:
                results[i] = _plan_one(order, plan_kwargs)
            except (ValueError, TypeError) as exc:  # bad input in this order: go on with the rest
                errors[i] = exc
    else:
        futures: list[Future] = []
        try:
            for order in batch:
                futures.append(executor.submit(_plan_one, order, plan_kwargs))
            for i, future in enumerate(futures):
                try:
                    results[i] = future.result()
                except (ValueError, TypeError) as exc:
                    errors[i] = exc
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    if errors:
        raise PlanManyError(errors, results)
    return results
