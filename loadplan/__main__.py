"""``python -m loadplan``: the same as the ``loadplan`` command."""

from loadplan.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
