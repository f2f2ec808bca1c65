"""``python -m kepatuhan``: the command line of :mod:`kepatuhan.cli`."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
