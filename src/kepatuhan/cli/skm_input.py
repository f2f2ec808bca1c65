"""``kepatuhan skm FILE``'s input: a survey sheet as agencies keep it (one row per
respondent, U1…Un) is recognised and read as a survey; any other file is a round."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import Language
from .exits import find_rubric
from .messages import text

if TYPE_CHECKING:
    from ..io.skm_survey import SkmSurvey

__all__ = ["read_skm_survey"]


def read_skm_survey(
    file: Path, rubric_id: str | None, unit: str | None, lang: Language
) -> SkmSurvey | None:
    """The survey in ``file`` if it is a survey sheet (``--unit`` for rows without a unit),
    else None (the caller reads a round). ``--unit`` with a round file is a usage error: a
    round names the unit of every answer."""
    from ..io.skm_survey import looks_like_survey, read_survey  # the CLI starts without io

    if not looks_like_survey(file):
        if unit is not None:
            raise typer.BadParameter(text("skm.unit_needs_survey", lang), param_hint="'--unit'")
        return None
    given = find_rubric(rubric_id, lang) if rubric_id is not None else None
    return read_survey(file, rubric=given, unit=unit)
