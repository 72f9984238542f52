"""loadplan: load plans for cylindrical cargo in ISO shipping containers.

The public namespace is short and stable (see ``__all__``). Submodules are
imported lazily on first use, so ``import loadplan`` is cheap and never
compiles anything: Numba compiles each kernel on its first call.

>>> import loadplan as lp
>>> len(lp.pack_circles(5896, 2350, 585)) <= lp.circle_bound(5896, 2350, 585)
True
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "pack_circles": "loadplan.pack",
    "circle_bound": "loadplan.pack",
    "Container": "loadplan.containers",
    "CONTAINERS": "loadplan.containers",
    "Drum": "loadplan.model",
    "ContainerLoad": "loadplan.model",
    "LoadPlan": "loadplan.model",
    "Unplaced": "loadplan.model",
    "fill": "loadplan.filling",
    "plan": "loadplan.planner",
    "plan_many": "loadplan.scale",
    "verify": "loadplan.verification",
    "report": "loadplan.reporting",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'loadplan' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
