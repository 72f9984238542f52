"""``python -m loadplan.cli``: the same as the ``loadplan`` command."""

import sys

from loadplan.cli.entry import main

if __name__ == "__main__":
    sys.exit(main())
