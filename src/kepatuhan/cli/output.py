"""Where a command's output goes: the terminal (rich), stdout for other programs, or a file.

Names come from user data and print as written: rich markup and emoji codes are off
(``Dinas [Sosial]`` and ``:fire:`` stay text), and control characters are written visibly
(``\\x1b``) so that a name cannot clear the screen, retitle the window or plant a link. A
file is written whole through a temporary file (``kepatuhan.io._atomic``).
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from ..io._atomic import write_file
from ..io._safe_text import terminal_text

__all__ = [
    "FILE_WIDTH",
    "SafeConsole",
    "err_console",
    "out_console",
    "safe",
    "show",
    "write_data",
]

FILE_WIDTH = 160
"""Width of tables written to a file or a pipe (unless ``COLUMNS`` says otherwise): wide
enough not to wrap the result columns."""


def safe(text: str) -> str:
    """``text`` with control characters written visibly, for the screen or a text file."""
    return terminal_text(text)


class SafeConsole(Console):
    """A console for user data: no markup, no emoji codes, no highlighting, and no control
    character of the data reaches the terminal.

    Text given as ``str`` is escaped before it is measured (tables stay aligned); whatever
    else is printed is escaped segment by segment as it is rendered (rich's own styles and
    controls are not text and are left alone).
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("highlight", False)
        super().__init__(markup=False, emoji=False, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        kwargs["markup"] = kwargs["emoji"] = False
        return super().render_str(terminal_text(text), **kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and segment.text != terminal_text(segment.text):
                yield Segment(terminal_text(segment.text), segment.style, None)
            else:
                yield segment


class _Console(SafeConsole):
    """A console that leaves a closed pipe to :func:`kepatuhan.cli.exits.user_errors`.

    Rich's own handling exits with status 1; a reader that stops early (``| head``) is not
    an error of ours.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def out_console() -> Console:
    """Rich output on stdout (colour only on a terminal or with ``FORCE_COLOR``)."""
    console = _Console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = FILE_WIDTH
    return console


def err_console() -> Console:
    return SafeConsole(stderr=True)


def show(renderable: RenderableType, out: Path | None = None, *, overwrite: bool = True) -> None:
    """Print to the terminal, or as plain text (no colour codes) to ``out``."""
    if out is None:
        out_console().print(renderable)
        return
    buffer = io.StringIO()
    SafeConsole(file=buffer, width=FILE_WIDTH, color_system=None, force_terminal=False).print(
        renderable
    )
    write_file(out, buffer.getvalue().encode("utf-8", "backslashreplace"), overwrite=overwrite)


def write_data(data: str | bytes, out: Path | None = None, *, overwrite: bool = True) -> None:
    """Machine-readable output, byte for byte, to stdout or to ``out``; no rich markup."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if out is not None:
        write_file(out, raw, overwrite=overwrite)
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(raw)
    sys.stdout.buffer.flush()
