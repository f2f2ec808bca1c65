"""Reading a round from JSON: the :class:`~kepatuhan.Round` model's own JSON."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import IO

from ..errors import InvalidFileError, InvalidRoundError, Problem
from ..registry import get_rubric
from ..round import Round
from ..rubric import Rubric

__all__ = ["read_json"]

Progress = Callable[[int, int], None]
_INVALID_JSON = "Invalid JSON: "


def read_json(
    handle: IO[bytes], name: str, rubric: Rubric | None, progress: Progress | None = None
) -> Round:
    """The round in the JSON that ``handle`` holds from its first byte (left open), checked
    against its rubric like ``kp.score`` checks it; a UTF-8 BOM before it is skipped.

    Problems keep the round's field paths (``responses[3].value``) as their locations;
    ``name`` is the file's, for an empty file and the error's subject.
    """
    data = handle.read()
    if not data:
        raise InvalidFileError([Problem(name, "empty_file")], subject=name)
    text = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    try:
        round_ = Round.model_validate_json(text)
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
