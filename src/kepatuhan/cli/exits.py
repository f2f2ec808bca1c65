"""Exit codes, and turning user errors into a message on stderr instead of a traceback."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn

import typer

from ..errors import (
    InvalidInputError,
    KepatuhanError,
    Language,
    Problem,
    UnknownRubricError,
    UnknownStrategyError,
)
from ..io._safe_text import terminal_text
from ..registry import get_rubric
from ..rubric import Rubric
from .extra import OPTIONAL_MODULES, missing_extra
from .messages import text

__all__ = [
    "CLI_WORDING",
    "INVALID_INPUT",
    "OK",
    "USAGE",
    "describe",
    "fail",
    "find_rubric",
    "in_cli_words",
    "user_errors",
]

OK = 0
INVALID_INPUT = 1
"""Any :class:`~kepatuhan.KepatuhanError`: a bad file, round, rubric or score; unknown rubric."""
USAGE = 2
"""The command line itself is wrong (typer/click usage errors)."""


CLI_WORDING: Mapping[str, str] = {
    "rubric_required": "problem.rubric_required",
    "unknown_format": "problem.unknown_format",
    "output_exists": "output_exists",
}
"""Problem codes whose library message names a Python argument (``rubric=``, ``format=``,
``overwrite=True``) → the command line's own message, which names its options."""


@dataclass(frozen=True)
class _CliProblem(Problem):
    """A problem said in the command line's words (:data:`CLI_WORDING`)."""

    def text(self, lang: Language = "en") -> str:
        return text(CLI_WORDING[self.code], lang, **self.params)


def in_cli_words(exc: InvalidInputError) -> InvalidInputError:
    """``exc`` with each problem of :data:`CLI_WORDING` said as the command line says it."""
    if not any(p.code in CLI_WORDING for p in exc.problems):
        return exc
    said = InvalidInputError.__new__(type(exc))
    said.__dict__.update(exc.__dict__)
    said.problems = tuple(
        _CliProblem(p.location, p.code, p.params) if p.code in CLI_WORDING else p
        for p in exc.problems
    )
    return said


def describe(exc: KepatuhanError, lang: Language) -> str:
    """The error as the user should read it, every problem with its location."""
    if isinstance(exc, InvalidInputError):
        return in_cli_words(exc).render(lang)
    if isinstance(exc, UnknownRubricError | UnknownStrategyError):
        return f"{text('error', lang)}: {exc.render(lang)}"
    return f"{text('error', lang)}: {exc}"


def fail(message: str) -> NoReturn:
    """Print ``message`` to stderr (control characters of user data written visibly) and
    exit with :data:`INVALID_INPUT`."""
    typer.echo(terminal_text(message), err=True)
    raise typer.Exit(INVALID_INPUT)


def find_rubric(rubric_id: str, lang: Language) -> Rubric:
    """The registered rubric, or exit 1 with the known ids in the chosen language."""
    try:
        return get_rubric(rubric_id)
    except UnknownRubricError as exc:
        fail(describe(exc, lang))


def _silence_stdout() -> None:
    """Point the process's stdout at /dev/null so that the final flush cannot fail again.

    Only the interpreter's own stdout is redirected: a replaced ``sys.stdout`` (a test
    runner's capture, an embedding program's stream) belongs to someone else.
    """
    if sys.stdout is not sys.__stdout__ or sys.stdout is None:
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a stdout without a file descriptor: nothing to redirect
        pass
    finally:
        os.close(devnull)


@contextmanager
def user_errors(lang: Language) -> Iterator[None]:
    """Exit 1 with the error's problems on stderr for user errors; a closed pipe exits 0.

    Piping into ``head`` closes stdout early: that is the reader's choice, not an error.
    """
    try:
        yield
    except KepatuhanError as exc:
        fail(describe(exc, lang))
    except ModuleNotFoundError as exc:
        if exc.name not in OPTIONAL_MODULES:
            raise
        fail(missing_extra(exc.name, lang))
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(OK) from None
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            _silence_stdout()
            raise typer.Exit(OK) from None
        path = exc.filename if exc.filename is not None else "-"
        fail(f"{text('error', lang)}: {text('os_error', lang, path=path, reason=exc.strerror)}")
