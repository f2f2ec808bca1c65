"""A progress bar on stderr while a round is read and scored, only when stderr is a terminal.

Output meant for other programs (JSON, CSV on stdout, or anything piped) never carries it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from ..errors import Language
from .messages import text
from .output import SafeConsole

__all__ = ["Reporter", "progress"]


class Reporter:
    """Callbacks for the stages of ``score``; does nothing without a bar."""

    def __init__(self, bar: Progress | None, lang: Language) -> None:
        self._bar = bar
        self._lang = lang
        self._reading: dict[str, TaskID] = {}

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def reading(self, name: str) -> Callable[[int, int], None]:
        """A ``progress(done, total)`` callback for ``kepatuhan.io.read_round``; each file
        name gets its own bar."""
        return partial(self._read, name)

    def _read(self, name: str, done: int, total: int) -> None:
        if self._bar is None:
            return
        task = self._reading.get(name)
        if task is None:
            task = self._bar.add_task(text("reading", self._lang, name=name), total=total)
            self._reading[name] = task
        self._bar.update(task, completed=done, total=total)

    def drawing(self) -> Callable[[int, int], None]:
        """A ``progress(done, total)`` callback for the draws of ``ketidakpastian`` and
        ``sensitivitas``: one bar counting the draws scored."""
        return partial(self._draw, [])

    def _draw(self, task: list[TaskID], done: int, total: int) -> None:
        if self._bar is None:
            return
        if not task:
            task.append(self._bar.add_task(text("drawing", self._lang), total=total))
        self._bar.update(task[0], completed=done, total=total)

    def scoring(self) -> None:
        """Scoring has started (no count to show: a pulsing bar)."""
        if self._bar is None:
            return
        for task in self._reading.values():
            self._bar.update(task, completed=self._bar.tasks[task].total)
        self._bar.add_task(text("scoring", self._lang), total=None)


@contextmanager
def progress(lang: Language, *, enabled: bool | None = None) -> Iterator[Reporter]:
    """A :class:`Reporter`; by default with a transient bar only if stderr is a terminal."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield Reporter(None, lang)
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=SafeConsole(stderr=True), transient=True) as bar:
        yield Reporter(bar, lang)
