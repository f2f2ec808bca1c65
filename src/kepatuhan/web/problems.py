"""Errors as the API and the pages answer them: ``{"errors": [{"code", "location",
"message": {"id", "en"}}]}``, built from kepatuhan's :class:`~kepatuhan.Problem` objects,
for the library's own errors, FastAPI's validation errors, HTTP errors (404, 405, 413…)
and anything unexpected (a 500 without internals: the traceback goes to the server's log).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from .._model import _coded, location_of
from ..errors import InvalidInputError, KepatuhanError, Problem

__all__ = [
    "ErrorItem",
    "ErrorMessage",
    "ErrorResponse",
    "TimedOutError",
    "error_body",
    "http_problem",
    "problem_item",
    "problems_of",
    "status_of",
    "validation_problems",
]

log = logging.getLogger("kepatuhan.web")


class ErrorMessage(BaseModel):
    """One message in both languages."""

    id: str = Field(description="Bahasa Indonesia")
    en: str = Field(description="English")


class ErrorItem(BaseModel):
    """One problem: its code (docs/errors.md lists them all), where it is, what it says."""

    code: str
    location: str = Field(description="a field path, Sheet!B4, a file name, or empty")
    message: ErrorMessage


class ErrorResponse(BaseModel):
    """Every error response of the API."""

    errors: list[ErrorItem]


class TimedOutError(Exception):
    """A request's work took longer than the app's time limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def problem_item(problem: Problem) -> dict[str, Any]:
    """One problem as the API gives it."""
    return {
        "code": problem.code,
        "location": problem.location,
        "message": {"id": problem.text("id"), "en": problem.text("en")},
    }


def error_body(problems: Iterable[Problem]) -> dict[str, Any]:
    """``{"errors": [...]}``."""
    return {"errors": [problem_item(p) for p in problems]}


def problems_of(exc: KepatuhanError) -> list[Problem]:
    """The problems an error of kepatuhan carries (one, worded by the error, if it has none)."""
    if isinstance(exc, InvalidInputError):
        return list(exc.problems)
    found = getattr(exc, "problem", None)
    if isinstance(found, Problem):
        return [found]
    return [Problem("", "invalid_field", {"detail": str(exc)})]


def status_of(exc: KepatuhanError) -> int:
    """422 for bad input and unknown names; 500 for a plugin or installation failure."""
    return 422 if isinstance(exc, InvalidInputError | LookupError) else 500


def validation_problems(errors: Sequence[Any]) -> list[Problem]:
    """FastAPI's request validation errors as located problems (``query.score``)."""
    problems = []
    for item in errors:
        if not isinstance(item, dict):  # pragma: no cover - FastAPI always gives dicts
            problems.append(Problem("", "invalid_field", {"detail": str(item)}))
            continue
        loc = tuple(part for part in item.get("loc", ()) if isinstance(part, str | int))
        details = {"type": item.get("type", ""), "msg": str(item.get("msg", ""))}
        details |= {k: item[k] for k in ("ctx", "input") if k in item}
        code, params = _coded(details)  # type: ignore[arg-type]
        problems.append(Problem(location_of(loc), code, params))
    return problems


def http_problem(status: int, path: str, method: str, detail: object) -> Problem:
    """The problem an HTTP error stands for."""
    if status == 404:
        return Problem(path, "not_found", {"path": path})
    if status == 405:
        return Problem(path, "method_not_allowed", {"method": method, "path": path})
    if status == 400:
        return Problem("", "bad_form")
    if status == 401:
        return Problem("", "token_required")
    return Problem(path, "invalid_field", {"detail": str(detail)})
