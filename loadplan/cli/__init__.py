"""The ``loadplan`` command: ``fit``, ``plan``, ``verify``, ``demo`` and ``warmup``.

Exit codes
----------
0
    Success.
1
    ``plan``: the plan was written but some drums are unplaced;
    ``verify``: the plan has violations.
2
    Bad input or usage: a short message on stderr (one line, or one line per
    bad order row), never a traceback, and no output file touched.
3
    An internal error (a bug in loadplan): one line on stderr; set
    ``LOADPLAN_DEBUG=1`` to see the traceback.

The parser (:mod:`loadplan.cli.parser`) imports only the standard library, so
that ``loadplan --help`` answers at once: each command lives in its own module
(``fit``, ``plan``, ``verify``, ``demo``, ``warmup``, ``serve``, each with a
``run(args)``), imported by :func:`main` only when that command runs; NumPy,
Numba and the packing engine come with it, and nothing is compiled before then.
:mod:`~loadplan.cli.summary` formats what ``plan`` prints,
:mod:`~loadplan.cli.engine` says when the engine compiles.

Examples
--------
.. code-block:: console

    $ loadplan fit --diameter 585 --height 880 --container 20GP
    $ loadplan plan order.csv --containers 20GP,40HC -o plan.json --csv placements.csv
    $ loadplan plan order.csv -o plan.json --html plan.html
    $ loadplan verify plan.json --order order.csv
    $ loadplan demo --out ./loadplan-demo
    $ loadplan warmup

The first run on a machine compiles the packing engine (Numba): ``fit``,
``plan`` and ``demo`` then say so in one line on stderr and, on a terminal,
draw a progress bar with a time estimate there; nothing when the compiled
engine is already cached, and never anything on stdout.
"""

from loadplan.cli.engine import COMPILE_MESSAGE, prepare_kernels
from loadplan.cli.entry import main
from loadplan.cli.parser import build_parser

__all__ = ["main", "build_parser", "prepare_kernels", "COMPILE_MESSAGE"]
