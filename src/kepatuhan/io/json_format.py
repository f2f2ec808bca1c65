"""Reading a round from JSON: the :class:`~kepatuhan.Round` model's own JSON."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import InvalidFileError, InvalidRoundError, Problem
from ..registry import get_rubric
from ..round import Round
from ..rubric import Rubric

__all__ = ["read_json"]

Progress = Callable[[int, int], None]
_INVALID_JSON = "Invalid JSON: "


def read_json(path: Path, rubric: Rubric | None, progress: Progress | None = None) -> Round:
    """The round in a JSON file, checked against its rubric like ``kp.score`` checks it.

    Problems keep the round's field paths (``responses[3].value``) as their locations.
    """
    data = path.read_bytes()
    name = path.name
    if not data:
        raise InvalidFileError([Problem(path.name, "empty_file")], subject=name)
    try:
        round_ = Round.model_validate_json(data)
    except InvalidRoundError as err:
        raise InvalidFileError([_json_problem(p) for p in err.problems], subject=name) from None
    if progress is not None:
        progress(len(data), len(data))
    if rubric is not None and round_.rubric != rubric.id:
        params = {"found": round_.rubric, "expected": rubric.id}
        raise InvalidFileError([Problem("rubric", "rubric_mismatch", params)], subject=name)
    from ..scoring import validate  # the checks against the rubric

    try:
        validate(round_, rubric or get_rubric(round_.rubric), missing="exclude")
    except InvalidRoundError as err:
        raise InvalidFileError(err.problems, subject=name) from None
    return round_


def _json_problem(problem: Problem) -> Problem:
    detail = str(problem.params.get("detail", ""))
    if problem.code == "invalid_field" and detail.startswith(_INVALID_JSON):
        return Problem(problem.location, "invalid_json", {"detail": detail[len(_INVALID_JSON) :]})
    return problem
