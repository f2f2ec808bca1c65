"""Where a command's output goes: the terminal (rich), stdout for other programs, or a file.

Rich markup is off everywhere: names come from user data, and ``Dinas [Sosial]`` must print
as written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rich.console import Console, RenderableType

__all__ = ["FILE_WIDTH", "err_console", "out_console", "show", "write_data"]

FILE_WIDTH = 160
"""Width of tables written to a file or a pipe (unless ``COLUMNS`` says otherwise): wide
enough not to wrap the result columns."""


class _Console(Console):
    """A console that leaves a closed pipe to :func:`kepatuhan.cli.exits.user_errors`.

    Rich's own handling exits with status 1; a reader that stops early (``| head``) is not
    an error of ours.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def out_console() -> Console:
    """Rich output on stdout (colour only on a terminal or with ``FORCE_COLOR``)."""
    console = _Console(highlight=False, markup=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = FILE_WIDTH
    return console


def err_console() -> Console:
    return Console(stderr=True, highlight=False, markup=False)


def show(renderable: RenderableType, out: Path | None = None) -> None:
    """Print to the terminal, or as plain text (no colour codes) to ``out``."""
    if out is None:
        out_console().print(renderable)
        return
    with out.open("w", encoding="utf-8") as fh:
        Console(
            file=fh,
            width=FILE_WIDTH,
            color_system=None,
            force_terminal=False,
            highlight=False,
            markup=False,
        ).print(renderable)


def write_data(data: str | bytes, out: Path | None = None) -> None:
    """Machine-readable output, byte for byte, to stdout or to ``out``; no rich markup."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if out is not None:
        out.write_bytes(raw)
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(raw)
    sys.stdout.buffer.flush()
