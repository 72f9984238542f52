"""Tests for loadplan.scale.plan_many: sequential, process pool and a real Dask cluster."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from loadplan.model import Drum
from loadplan.scale import plan_many



def _orders() -> list[list[Drum]]:
    return [
        [Drum("D200", 585, 880, weight=220, quantity=40)],
        [Drum("DJ60", 320, 600, weight=6, quantity=120, destination="Shenzhen"),
         Drum("DJ40", 240, 400, weight=3, quantity=200, destination="Shanghai")],
        [Drum("HUGE", 3000, 3000, quantity=2, destination="Surabaya"),
         Drum("KEG", 400, 600, weight=60, quantity=25, destination="Surabaya")],
    ]


@pytest.fixture(scope="module")
def expected():
    from loadplan.planner import plan

    return [plan(order).to_json() for order in _orders()]


def test_rejects_a_single_order_and_strings():
    with pytest.raises(TypeError, match="plan_many takes a list of orders"):
        plan_many([Drum("A", 1, 1)])
    with pytest.raises(TypeError, match="^orders must be an iterable of orders, each a sequence of Drum$"):
        plan_many("orders.csv")
    with pytest.raises(TypeError, match=r"orders\[0\]"):
        plan_many([5])


def test_empty_batch_submits_nothing():
    class Refuse(ThreadPoolExecutor):
        def submit(self, *args, **kwargs):  # pragma: no cover - must not be called
            raise AssertionError("nothing to submit")

    with Refuse(max_workers=1) as pool:
        assert plan_many([], executor=pool) == []
    assert plan_many([]) == []


def test_the_worker_function_pickles():
    import pickle

    from loadplan import scale

    assert pickle.loads(pickle.dumps(scale._plan_one)) is scale._plan_one


def test_sequential_equals_plan(expected):
    plans = plan_many(_orders())
    assert [p.to_json() for p in plans] == expected
    assert plans[2].unplaced and plans[2].unplaced[0].sku == "HUGE"


def test_plan_kwargs_are_passed(expected):
    from loadplan.planner import plan

    orders = _orders()[:2]
    plans = plan_many(orders, containers=("20GP",))
    assert [p.to_json() for p in plans] == [plan(o, containers=("20GP",)).to_json() for o in orders]
    assert all(load.container.name == "20GP" for p in plans for load in p.loads)


def test_thread_pool(expected):
    with ThreadPoolExecutor(max_workers=2) as pool:
        assert [p.to_json() for p in plan_many(_orders(), executor=pool)] == expected


@pytest.mark.slow
def test_process_pool_matches_plan(expected):
    import multiprocessing
    import sys

    # fork is fastest (workers inherit the compiled kernels); Python 3.12 warns about forking a
    # threaded process, so there use forkserver (workers load the kernels from the disk cache)
    method = "fork" if sys.version_info < (3, 12) else "forkserver"
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context(method)) as pool:
        plans = plan_many(_orders(), executor=pool)
    assert [p.to_json() for p in plans] == expected
    assert not plans[0].loads[0].placements.flags.writeable  # results stay read-only


def test_errors_propagate_from_workers(expected):
    with ThreadPoolExecutor(max_workers=2) as pool:
        with pytest.raises(ValueError, match="container"):
            plan_many(_orders(), executor=pool, containers=("99XX",))


@pytest.mark.slow
def test_dask_local_cluster_matches_plan(expected):
    import distributed

    from loadplan._jit import CACHE

    if not CACHE:  # each worker process would compile every kernel from scratch (minutes)
        pytest.skip("needs the Numba disk cache (LOADPLAN_NUMBA_CACHE=0 is set)")
    # `expected` planned the same orders in this process, so the compiled kernels are on disk
    # and the workers load them instead of compiling.

    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None, silence_logs=50) as cluster:
        with distributed.Client(cluster) as client:
            executor = client.get_executor()
            plans = plan_many(_orders(), executor=executor)
            pids = set(client.run(lambda: __import__("os").getpid()).values())
    assert [p.to_json() for p in plans] == expected
    assert len(pids) == 2 and __import__("os").getpid() not in pids
