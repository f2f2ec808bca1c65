"""The ``kepatuhan`` command line (needs the ``cli`` extra: typer, rich, openpyxl).

Importing this package needs only the core; typer is imported when :func:`main` runs, so a
missing extra gives a one-line hint instead of a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .extra import OPTIONAL_MODULES, missing_extra
from .messages import choose_lang

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 invalid input, 2 usage)."""
    args = list(sys.argv[1:] if argv is None else argv)
    lang = choose_lang(args)
    try:
        from .app import make_app
    except ModuleNotFoundError as exc:
        if exc.name not in OPTIONAL_MODULES:
            raise
        print(missing_extra(exc.name, lang), file=sys.stderr)
        return 1  # exits.INVALID_INPUT, which cannot be imported without typer
    try:
        make_app(lang)(args=args, prog_name="kepatuhan")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    return 0
